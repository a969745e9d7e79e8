// Plain-text, MATLAB-like input (what matrixcalculus.org users type):
//
//     sum(A .* log(A ./ (B' * X * C)))      x'*A*x      norm(X, 'fro')^2
//
// mathjs parses the text; we never evaluate, compile or simplify the result, we only walk its
// node tree and map it into our own expression tree (../latex/ast.ts), so the shape checks
// (and the numeric checks) run on it exactly as on LaTeX.
//
// mathjs nodes carry no source positions. We recover them in a second walk over the tree
// in source order, reading the text with mathjs's own token rules (see `Locator`): every
// symbol, number, string, operator, parenthesis, bracket and comma is matched at the
// cursor, so each node's span is exact. The mapping then reads those spans.
//
// Security (https://mathjs.org/docs/expressions/security.html): one limited instance,
// with `import`, `createUnit`, `reviver`, `evaluate`, `parse`, `simplify`, `derivative`,
// `resolve` and `compile` replaced by functions that throw inside its expression scope.
// We keep a reference to `parse` before the lock-down and call nothing else on user text.
import { all, create } from 'mathjs';
import { PLAIN_FUNCTIONS } from '../functions/registry';
import { PLAIN_OPERATOR_FUNCTIONS, PLAIN_OPERATORS } from '../operators/registry';
import type { DimSpec, Expr, NormKind, Span, SymbolNode } from '../latex/ast';
import { greekLetter, subscriptDisplay } from '../latex/names';
import { NODES_PER_EXPRESSION } from '../limits';

export interface PlainTextError {
  message: string;
  /** Offsets into the text that was parsed. */
  start: number;
  end: number;
}

export interface PlainTextResult {
  expr?: Expr;
  error?: PlainTextError;
}

export interface PlainTextOptions {
  /** A bare `I` is the identity (as in LaTeX). Default true. */
  identityI?: boolean;
}

/** Same limit as the LaTeX parser, for the depth of the tree. */
const MAX_DEPTH = 300;
/** Parentheses and brackets: mathjs spends ~20 stack frames on each level. */
const MAX_NESTING = 200;
/** Plain-text input comes from an input box or a code comment. */
const MAX_LENGTH = 50_000;

// ── the limited mathjs instance ─────────────────────────────────────────────────────────

const DISABLED = [
  'import',
  'createUnit',
  'reviver',
  'evaluate',
  'parse',
  'simplify',
  'derivative',
  'resolve',
  'compile',
] as const;

const math = create(all);
/** Taken before the lock-down below; the only mathjs function we call on user text. */
const mathParse = math.parse;
math.import(
  Object.fromEntries(
    DISABLED.map((name) => [
      name,
      () => {
        throw new Error(`Function ${name} is disabled`);
      },
    ]),
  ),
  { override: true },
);

/** The locked-down instance (its `evaluate`, `parse`, `import`, … throw). Exported for tests. */
export const limitedMath = math;

// ── mathjs nodes, as far as we read them ─────────────────────────────────────────────────

interface IndexNode {
  type: 'IndexNode';
  dimensions: MNode[];
  dotNotation: boolean;
}

type MNode =
  | { type: 'SymbolNode'; name: string }
  | { type: 'ConstantNode'; value: unknown }
  | {
      type: 'OperatorNode';
      op: string;
      fn: string;
      args: MNode[];
      implicit: boolean;
      isPercentage: boolean;
    }
  | { type: 'FunctionNode'; fn: MNode; args: MNode[]; optional?: boolean }
  | { type: 'ParenthesisNode'; content: MNode }
  | { type: 'ArrayNode'; items: MNode[] }
  | { type: 'AccessorNode'; object: MNode; index: IndexNode; optionalChaining?: boolean }
  | { type: 'AssignmentNode'; object: MNode; index: IndexNode | null; value: MNode }
  | { type: 'FunctionAssignmentNode'; name: string; params: string[]; expr: MNode }
  | { type: 'BlockNode'; blocks: { node: MNode }[] }
  | { type: 'ConditionalNode'; condition: MNode; trueExpr: MNode; falseExpr: MNode }
  | { type: 'RangeNode'; start: MNode; end: MNode; step: MNode | null }
  | { type: 'RelationalNode'; conditionals: string[]; params: MNode[] }
  | { type: 'ObjectNode'; properties: Record<string, MNode> }
  | IndexNode;

type OperatorMNode = Extract<MNode, { type: 'OperatorNode' }>;

// ── errors ──────────────────────────────────────────────────────────────────────────────

/** A finding about the user's text. */
class PlainTextFailure extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

/** The locator could not match the tree against the text (an exotic construct or a bug). */
class Mismatch extends Error {
  constructor(readonly at: number) {
    super('source mismatch');
  }
}

// ── public entry ────────────────────────────────────────────────────────────────────────

export function parsePlainText(text: string, options: PlainTextOptions = {}): PlainTextResult {
  try {
    return { expr: parseOrThrow(String(text), options) };
  } catch (e) {
    if (e instanceof PlainTextFailure)
      return { error: { message: e.message, ...clampSpan(e.span, text.length) } };
    if (e instanceof Mismatch) {
      return {
        error: {
          message: 'unsupported plain-text syntax',
          ...clampSpan({ start: e.at, end: text.length }, text.length),
        },
      };
    }
    if (e instanceof RangeError)
      return { error: { message: 'expression nested too deeply', start: 0, end: text.length } };
    return {
      error: {
        message: `cannot read the expression: ${e instanceof Error ? e.message : String(e)}`,
        start: 0,
        end: text.length,
      },
    };
  }
}

function clampSpan(span: Span, length: number): Span {
  const start = Math.max(0, Math.min(length, span.start));
  return { start, end: Math.max(start, Math.min(length, span.end)) };
}

function parseOrThrow(original: string, options: PlainTextOptions): Expr {
  if (original.length > MAX_LENGTH) {
    throw new PlainTextFailure(`expression longer than ${MAX_LENGTH} characters`, {
      start: MAX_LENGTH,
      end: original.length,
    });
  }
  // mathjs does not take '\r' as white space; a blank keeps every offset where it was.
  const text = original.replace(/\r/g, ' ');
  checkNesting(text);
  let root: MNode;
  try {
    root = mathParse(text) as unknown as MNode;
  } catch (e) {
    throw syntaxFailure(e, text);
  }
  const locator = new Locator(text);
  locator.locateRoot(root);
  return new Converter(locator, options).root(root);
}

/** mathjs recurses per parenthesis; refuse absurd nesting before it overflows the stack. */
function checkNesting(text: string): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') {
      if (++depth > MAX_NESTING)
        throw new PlainTextFailure(`parentheses nested deeper than ${MAX_NESTING} levels`, {
          start: i,
          end: i + 1,
        });
    } else if (c === ')' || c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
}

/** mathjs SyntaxErrors carry `char`: the 1-based column of the offending token. */
function syntaxFailure(e: unknown, text: string): PlainTextFailure {
  if (e instanceof RangeError)
    return new PlainTextFailure('expression nested too deeply', { start: 0, end: text.length });
  const message = e instanceof Error ? e.message : String(e);
  const char = (e as { char?: unknown } | null)?.char;
  const clean = message.replace(/\s*\(char \d+\)$/, '');
  if (typeof char === 'number' && Number.isFinite(char)) {
    const start = Math.max(0, Math.min(text.length, char - 1));
    return new PlainTextFailure(clean, {
      start,
      end: Math.min(text.length, start + tokenLengthAt(text, start)),
    });
  }
  return new PlainTextFailure(clean, { start: 0, end: text.length });
}

// ── token rules (mathjs's getToken) ────────────────────────────────────────────────────

const NAME_CHAR = /^[a-zA-Z_$\u00C0-\u02AF\u0370-\u03FF\u2100-\u214F]$/;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isNameChar = (c: string | undefined) =>
  c !== undefined && (NAME_CHAR.test(c) || (c >= '\ud800' && c <= '\udfff'));
const isDecimalMark = (c: string | undefined, next: string | undefined) =>
  c === '.' && next !== '/' && next !== '*' && next !== '^';

/** End of the number token that starts at `i` (mathjs's rules), or `i` if none. */
function numberEnd(text: string, i: number): number {
  const two = text.slice(i, i + 2);
  if (two === '0b' || two === '0o' || two === '0x') {
    i += 2;
    while (isNameChar(text[i]) || isDigit(text[i])) i++;
    if (text[i] === '.') {
      i++;
      while (isNameChar(text[i]) || isDigit(text[i])) i++;
    } else if (text[i] === 'i') {
      i++;
      while (isDigit(text[i])) i++;
    }
    return i;
  }
  const start = i;
  if (text[i] === '.') {
    if (!isDigit(text[i + 1])) return start;
    i++;
  } else {
    while (isDigit(text[i])) i++;
    if (i === start) return start;
    if (isDecimalMark(text[i], text[i + 1])) i++;
  }
  while (isDigit(text[i])) i++;
  if (
    (text[i] === 'e' || text[i] === 'E') &&
    (isDigit(text[i + 1]) || text[i + 1] === '+' || text[i + 1] === '-')
  ) {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    while (isDigit(text[i])) i++;
  }
  return i;
}

const DELIMITERS = ['>>>', '.*', './', '.^', '^|', '?.', '??', '==', '!=', '<=', '>=', '<<', '>>'];

/** Length of the token at `i`, for the width of a syntax error's range. */
function tokenLengthAt(text: string, i: number): number {
  if (i >= text.length) return 0;
  const n = numberEnd(text, i);
  if (n > i) return n - i;
  if (isNameChar(text[i])) {
    let j = i;
    while (j < text.length && (isNameChar(text[j]) || isDigit(text[j]))) j++;
    return j - i;
  }
  for (const d of DELIMITERS) if (text.startsWith(d, i)) return d.length;
  return 1;
}

// ── locating every node in the text ─────────────────────────────────────────────────────

const RELATIONAL_TEXT: Record<string, string> = {
  equal: '==',
  unequal: '!=',
  smaller: '<',
  larger: '>',
  smallerEq: '<=',
  largerEq: '>=',
};

const POSTFIX = new Set(["'", '!']);

/**
 * Walks a mathjs tree in source order with a cursor over the text, matching every token
 * the node was parsed from. Records each node's span and each operator's span.
 */
class Locator {
  private pos = 0;
  private depth = 0;
  readonly spans = new Map<object, Span>();
  readonly ops = new Map<object, Span>();
  /** Bracketed arrays written with rows ([a, b; c, d]); other arrays are 1-D lists. */
  readonly twoDimensional = new Set<object>();
  /** A BlockNode's separators included a ';' (not just line breaks). */
  readonly semicolonBlocks = new Set<object>();

  constructor(readonly text: string) {}

  locateRoot(root: MNode): void {
    this.locate(root);
    this.skipSpace();
    if (this.pos !== this.text.length) throw new Mismatch(this.pos);
  }

  spanOf(node: object): Span {
    const span = this.spans.get(node);
    if (!span) throw new Mismatch(0);
    return span;
  }

  // cursor helpers

  private skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\u00a0' || c === '\n' || c === '\r') this.pos++;
      else if (c === '#') while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
      else return;
    }
  }

  private at(s: string): boolean {
    this.skipSpace();
    return this.text.startsWith(s, this.pos);
  }

  private expect(s: string): Span {
    if (!this.at(s)) throw new Mismatch(this.pos);
    const start = this.pos;
    this.pos += s.length;
    return { start, end: this.pos };
  }

  private here(): Span {
    this.skipSpace();
    return { start: this.pos, end: this.pos };
  }

  private record(node: object, span: Span): Span {
    this.spans.set(node, span);
    return span;
  }

  // nodes

  private locate(node: MNode): Span {
    if (++this.depth > MAX_DEPTH) {
      throw new PlainTextFailure(`expression nested deeper than ${MAX_DEPTH} levels`, {
        start: this.pos,
        end: this.text.length,
      });
    }
    try {
      return this.record(node, this.locateNode(node));
    } finally {
      this.depth--;
    }
  }

  private locateNode(node: MNode): Span {
    switch (node.type) {
      case 'SymbolNode':
        return this.expect(node.name);
      case 'ConstantNode':
        return this.locateConstant(node.value);
      case 'OperatorNode':
        return this.locateOperator(node);
      case 'ParenthesisNode': {
        const open = this.expect('(');
        this.locate(node.content);
        return { start: open.start, end: this.expect(')').end };
      }
      case 'FunctionNode': {
        const start = this.locate(node.fn).start;
        if (node.optional) this.expect('?.');
        this.expect('(');
        this.list(node.args, ',');
        return { start, end: this.expect(')').end };
      }
      case 'AccessorNode': {
        const start = this.locate(node.object).start;
        if (node.optionalChaining) this.expect('?.');
        return { start, end: this.locateIndex(node.index, !!node.optionalChaining).end };
      }
      case 'IndexNode':
        return this.locateIndex(node, false);
      case 'ArrayNode':
        return this.locateArray(node);
      case 'AssignmentNode': {
        const start = this.locate(node.object).start;
        if (node.index) this.locateIndex(node.index, false);
        this.ops.set(node, this.expect('='));
        return { start, end: this.locate(node.value).end };
      }
      case 'FunctionAssignmentNode': {
        const start = this.expect(node.name).start;
        this.expect('(');
        node.params.forEach((p, i) => {
          if (i > 0) this.expect(',');
          this.expect(p);
        });
        this.expect(')');
        this.ops.set(node, this.expect('='));
        return { start, end: this.locate(node.expr).end };
      }
      case 'BlockNode': {
        let first: Span | undefined;
        let last: Span | undefined;
        for (const block of node.blocks) {
          this.separators(node);
          last = this.locate(block.node);
          first ??= last;
        }
        // `x;`: the trailing ';' belongs to the block.
        const end = this.separators(node) ? this.pos : last?.end;
        return first && end !== undefined ? { start: first.start, end } : this.here();
      }
      case 'ConditionalNode': {
        const start = this.locate(node.condition).start;
        this.expect('?');
        this.locate(node.trueExpr);
        this.expect(':');
        return { start, end: this.locate(node.falseExpr).end };
      }
      case 'RangeNode':
        return this.locateRange(node);
      case 'RelationalNode': {
        const start = this.locate(node.params[0]).start;
        let end = start;
        node.conditionals.forEach((c, i) => {
          this.expect(RELATIONAL_TEXT[c] ?? c);
          end = this.locate(node.params[i + 1]).end;
        });
        return { start, end };
      }
      case 'ObjectNode': {
        const open = this.expect('{');
        Object.entries(node.properties).forEach(([key, value], i) => {
          if (i > 0) this.expect(',');
          if (this.at('"') || this.at("'")) this.stringLiteral();
          else this.expect(key);
          this.expect(':');
          this.locate(value);
        });
        return { start: open.start, end: this.expect('}').end };
      }
    }
  }

  /** Block separators: ';' and line breaks (line breaks are white space to skipSpace). */
  private separators(block: object): boolean {
    let any = false;
    while (this.at(';')) {
      this.pos++;
      this.semicolonBlocks.add(block);
      any = true;
    }
    return any;
  }

  /** Items separated by `sep`; a trailing separator is allowed where mathjs allows one. */
  private list(items: MNode[], sep: string, trailing = false): void {
    items.forEach((item, i) => {
      if (i > 0) this.expect(sep);
      this.locate(item);
    });
    if (trailing) while (this.at(sep)) this.pos++;
  }

  private locateConstant(value: unknown): Span {
    this.skipSpace();
    if (typeof value === 'string') {
      if (this.at('"') || this.at("'")) return this.stringLiteral();
      throw new Mismatch(this.pos);
    }
    if (typeof value === 'number') {
      const end = numberEnd(this.text, this.pos);
      if (end > this.pos) {
        const start = this.pos;
        this.pos = end;
        return { start, end };
      }
      if (Number.isNaN(value)) return this.expect('NaN');
      if (value === Infinity) return this.expect('Infinity');
      throw new Mismatch(this.pos);
    }
    if (value === true || value === false || value === null) return this.expect(String(value));
    if (value === undefined) return this.at('undefined') ? this.expect('undefined') : this.here();
    throw new Mismatch(this.pos);
  }

  private stringLiteral(): Span {
    this.skipSpace();
    const t = this.text;
    const quote = t[this.pos];
    const start = this.pos;
    let i = start + 1;
    while (i < t.length && t[i] !== quote) i += t[i] === '\\' ? (t[i + 1] === 'u' ? 6 : 2) : 1;
    if (t[i] !== quote) throw new Mismatch(start);
    this.pos = i + 1;
    return { start, end: this.pos };
  }

  private locateOperator(node: OperatorMNode): Span {
    if (node.isPercentage) {
      // x% is parsed as x / 100: the 100 is not in the text.
      const start = this.locate(node.args[0]).start;
      const pct = this.expect('%');
      this.record(node.args[1], pct);
      this.ops.set(node, pct);
      return { start, end: pct.end };
    }
    if (node.args.length === 1) {
      if (POSTFIX.has(node.op)) {
        const start = this.locate(node.args[0]).start;
        const op = this.expect(node.op);
        this.ops.set(node, op);
        return { start, end: op.end };
      }
      const op = this.expect(node.op);
      this.ops.set(node, op);
      return { start: op.start, end: this.locate(node.args[0]).end };
    }
    if (node.args.length !== 2) throw new Mismatch(this.pos);
    // a + b + c + …: a left-leaning chain as deep as it is long; walk its spine in a loop.
    const spine: OperatorMNode[] = [node];
    for (let left = node.args[0]; isBinaryOperator(left); left = left.args[0]) spine.push(left);
    const start = this.locate(spine[spine.length - 1].args[0]).start;
    let span: Span = { start, end: start };
    for (let i = spine.length - 1; i >= 0; i--) {
      const n = spine[i];
      const right = n.args[1];
      if (!n.implicit) this.ops.set(n, this.expect(n.op));
      let rightSpan: Span;
      if (isPercentageOf(n)) {
        // a + b% is parsed as a + a * (b / 100): the second a is not in the text.
        const pct = right as OperatorMNode;
        rightSpan = this.locate(pct.args[1]);
        this.record(pct, rightSpan);
      } else {
        rightSpan = this.locate(right);
      }
      if (n.implicit) this.ops.set(n, { start: rightSpan.start, end: rightSpan.start });
      span = this.record(n, { start, end: rightSpan.end });
    }
    return span;
  }

  private locateIndex(index: IndexNode, afterOptional: boolean): Span {
    let span: Span;
    if (index.dotNotation) {
      const start = afterOptional ? this.here().start : this.expect('.').start;
      const property = index.dimensions[0];
      const name = property?.type === 'ConstantNode' ? String(property.value) : '';
      const end = this.record(property, this.expect(name)).end;
      span = { start, end };
    } else {
      const start = this.expect('[').start;
      this.list(index.dimensions, ',');
      span = { start, end: this.expect(']').end };
    }
    return this.record(index, span);
  }

  private locateArray(node: Extract<MNode, { type: 'ArrayNode' }>): Span {
    const open = this.expect('[');
    const rows =
      node.items.length > 0 &&
      node.items.every((i) => i.type === 'ArrayNode') &&
      this.hasTopLevelSemicolon(open.start);
    if (rows) {
      this.twoDimensional.add(node);
      node.items.forEach((row, i) => {
        if (i > 0) this.expect(';');
        const items = (row as Extract<MNode, { type: 'ArrayNode' }>).items;
        const first = this.here().start;
        this.list(items, ',', true);
        const last = items.length ? this.spanOf(items[items.length - 1]).end : first;
        this.record(row, { start: items.length ? this.spanOf(items[0]).start : first, end: last });
      });
      while (this.at(';')) this.pos++;
    } else {
      this.list(node.items, ',', true);
    }
    return { start: open.start, end: this.expect(']').end };
  }

  /** Whether the brackets opened at `open` hold a ';' of their own (rows of a matrix). */
  private hasTopLevelSemicolon(open: number): boolean {
    let depth = 0;
    for (let i = open; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (--depth === 0) return false;
      } else if (c === ';' && depth === 1) return true;
    }
    return false;
  }

  private locateRange(node: Extract<MNode, { type: 'RangeNode' }>): Span {
    // ':3' starts at an implicit 1; '2:' ends at an implicit `end`: neither is in the text.
    const startSpan =
      node.start.type === 'ConstantNode' && node.start.value === 1 && this.at(':')
        ? this.record(node.start, this.here())
        : this.locate(node.start);
    this.expect(':');
    if (node.step) {
      this.locate(node.step);
      this.expect(':');
    }
    const implicitEnd =
      node.end.type === 'SymbolNode' && node.end.name === 'end' && !this.at('end');
    const endSpan = implicitEnd ? this.record(node.end, this.here()) : this.locate(node.end);
    return { start: startSpan.start, end: Math.max(endSpan.end, startSpan.end) };
  }
}

function isBinaryOperator(node: MNode): node is OperatorMNode {
  return node.type === 'OperatorNode' && node.args.length === 2 && !node.isPercentage;
}

/** `a + b%`: mathjs builds a + a * (b / 100), reusing the node of a. */
function isPercentageOf(node: OperatorMNode): boolean {
  const right = node.args[1];
  return (
    (node.op === '+' || node.op === '-') &&
    right.type === 'OperatorNode' &&
    right.op === '*' &&
    right.args.length === 2 &&
    right.args[0] === node.args[0] &&
    right.args[1].type === 'OperatorNode' &&
    right.args[1].isPercentage
  );
}

// ── mapping into our tree ───────────────────────────────────────────────────────────────

const UNSUPPORTED_NODES: Record<string, string> = {
  AssignmentNode: 'an assignment (=) is not supported in a plain-text expression',
  FunctionAssignmentNode: 'a function definition is not supported in a plain-text expression',
  BlockNode:
    'several statements (separated by ; or a line break) are not supported in a plain-text expression',
  AccessorNode:
    'indexing and property access (A[i], a.b) are not supported in a plain-text expression',
  IndexNode: 'indexing (A[i]) is not supported in a plain-text expression',
  ObjectNode: 'an object ({…}) is not supported in a plain-text expression',
  RangeNode: 'a range (a:b) is not supported in a plain-text expression',
  ConditionalNode: 'a conditional (a ? b : c) is not supported in a plain-text expression',
  RelationalNode: 'a comparison is not supported in a plain-text expression',
};

const GREEK_NAMES = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'varepsilon',
  'zeta',
  'eta',
  'theta',
  'vartheta',
  'iota',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'xi',
  'pi',
  'varpi',
  'rho',
  'varrho',
  'sigma',
  'varsigma',
  'tau',
  'upsilon',
  'phi',
  'varphi',
  'chi',
  'psi',
  'omega',
  'ell',
  'Gamma',
  'Delta',
  'Theta',
  'Lambda',
  'Xi',
  'Pi',
  'Sigma',
  'Upsilon',
  'Phi',
  'Psi',
  'Omega',
];

interface Letter {
  key: string;
  display: string;
  style: SymbolNode['style'];
}

/** Greek letters by spelled name (lambda) and by the character itself (λ). */
const GREEK = new Map<string, Letter>();
for (const name of GREEK_NAMES) {
  const letter = greekLetter('\\' + name);
  if (!letter) continue;
  const entry: Letter = {
    key: letter.key,
    display: letter.display,
    style: letter.upper ? 'greek-upper' : 'greek-lower',
  };
  GREEK.set(name, entry);
  if (!GREEK.has(letter.display)) GREEK.set(letter.display, entry);
}

function letterOf(name: string): Letter | undefined {
  const greek = GREEK.get(name);
  if (greek) return greek;
  if (/^[A-Z]$/.test(name)) return { key: name, display: name, style: 'latin-upper' };
  if (/^[a-z]$/.test(name)) return { key: name, display: name, style: 'latin-lower' };
  return undefined;
}

class Converter {
  private depth = 0;
  /** Nodes converted: the LaTeX parser's limit, for trees every later pass walks recursively. */
  private nodes = 0;

  constructor(
    private readonly locator: Locator,
    private readonly options: PlainTextOptions,
  ) {}

  root(node: MNode): Expr {
    // Line breaks before or after a single expression make mathjs build a block of one.
    if (
      node.type === 'BlockNode' &&
      node.blocks.length === 1 &&
      !this.locator.semicolonBlocks.has(node)
    ) {
      return this.convert(node.blocks[0].node);
    }
    if (
      node.type === 'ConstantNode' &&
      node.value === undefined &&
      this.span(node).start === this.span(node).end
    ) {
      throw new PlainTextFailure('empty expression', { start: 0, end: this.locator.text.length });
    }
    return this.convert(node);
  }

  private span(node: object): Span {
    return this.locator.spanOf(node);
  }

  private fail(message: string, node: object): never {
    throw new PlainTextFailure(message, this.span(node));
  }

  private convert(node: MNode): Expr {
    if (++this.depth > MAX_DEPTH)
      this.fail(`expression nested deeper than ${MAX_DEPTH} levels`, node);
    if (++this.nodes > NODES_PER_EXPRESSION)
      this.fail(
        `expression too large to check: more than ${NODES_PER_EXPRESSION} nodes (limit NODES_PER_EXPRESSION)`,
        node,
      );
    try {
      return this.convertNode(node);
    } finally {
      this.depth--;
    }
  }

  private convertNode(node: MNode): Expr {
    const span = this.span(node);
    switch (node.type) {
      case 'SymbolNode':
        return this.symbol(node.name, span);
      case 'ConstantNode':
        return this.constant(node.value, node);
      case 'OperatorNode':
        return this.operator(node);
      case 'ParenthesisNode':
        // (A + B): the content, with the parentheses in its span.
        return { ...this.convert(node.content), span };
      case 'FunctionNode':
        return this.call(node);
      case 'ArrayNode':
        return this.array(node);
      default:
        return this.fail(
          UNSUPPORTED_NODES[node.type] ??
            `${node.type} is not supported in a plain-text expression`,
          node,
        );
    }
  }

  private symbol(name: string, span: Span): Expr {
    if (name === 'I' && this.options.identityI !== false) return { type: 'identity', span };
    const plain = letterOf(name);
    if (plain)
      return {
        type: 'symbol',
        name: plain.key,
        display: plain.display,
        bold: false,
        style: plain.style,
        span,
      };
    // W1, W_1, x_i, sigma_2: a letter with a subscript, named as the LaTeX parser names W_{1}.
    const sub = /^(.+?)(?:_([A-Za-z0-9]|\d+)|(\d+))$/.exec(name);
    const base = sub && letterOf(sub[1]);
    if (sub && base) {
      const index = sub[2] ?? sub[3];
      return {
        type: 'symbol',
        name: `${base.key}_{${index}}`,
        display: base.display + subscriptDisplay(index),
        bold: false,
        style: base.style,
        span,
      };
    }
    const style: SymbolNode['style'] = /^[A-Z]/.test(name)
      ? 'latin-upper'
      : /^[a-z]/.test(name)
        ? 'latin-lower'
        : 'other';
    return { type: 'symbol', name, display: name, bold: false, style, span };
  }

  private constant(value: unknown, node: object): Expr {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) this.fail(`${value} is not a finite number`, node);
      return { type: 'number', value, span: this.span(node) };
    }
    if (typeof value === 'string')
      this.fail("a string is only allowed as the kind of a norm, as in norm(X, 'fro')", node);
    return this.fail(`${String(value)} is not supported in a plain-text expression`, node);
  }

  private operator(node: OperatorMNode): Expr {
    const span = this.span(node);
    if (node.isPercentage)
      this.fail('a percentage (x%) is not supported in a plain-text expression', node);
    if (node.args.length === 1) {
      const arg = () => this.convert(node.args[0]);
      switch (node.op) {
        case '-':
          return { type: 'neg', arg: arg(), span };
        case '+':
          return { ...arg(), span };
        case "'":
          return { type: 'transpose', arg: arg(), span };
      }
      return this.unsupportedOperator(node);
    }
    if (node.op === '^' || node.op === '.^') return this.power(node);
    if (!PLAIN_OPERATORS.has(node.op)) return this.unsupportedOperator(node);
    // A chain a + b − c …: convert its left spine in a loop (it is as deep as it is long).
    const spine: OperatorMNode[] = [node];
    for (
      let left = node.args[0];
      isBinaryOperator(left) && PLAIN_OPERATORS.has(left.op);
      left = left.args[0]
    )
      spine.push(left);
    let result = this.convert(spine[spine.length - 1].args[0]);
    for (let i = spine.length - 1; i >= 0; i--) {
      const n = spine[i];
      if (isPercentageOf(n))
        this.fail('a percentage (x%) is not supported in a plain-text expression', n.args[1]);
      const right = this.convert(n.args[1]);
      result = {
        type: 'binary',
        op: PLAIN_OPERATORS.get(n.op)!,
        left: result,
        right,
        opSpan: this.opSpan(n),
        span: this.span(n),
      };
    }
    return result;
  }

  private opSpan(node: object): Span {
    return this.locator.ops.get(node) ?? this.span(node);
  }

  private unsupportedOperator(node: OperatorMNode): never {
    throw new PlainTextFailure(
      `the operator ${node.op} is not supported in a plain-text expression`,
      this.opSpan(node),
    );
  }

  /** X^T, X^-1, X^(-1), X^-T: transpose and inverse as in LaTeX; otherwise a power. */
  private power(node: OperatorMNode): Expr {
    const span = this.span(node);
    const arg = this.convert(node.args[0]);
    if (node.op === '^') {
      let exponent = node.args[1];
      while (exponent.type === 'ParenthesisNode') exponent = exponent.content;
      const negated =
        exponent.type === 'OperatorNode' && exponent.op === '-' && exponent.args.length === 1
          ? exponent.args[0]
          : undefined;
      if (isSymbol(exponent, 'T')) return { type: 'transpose', arg, span };
      if (negated && negated.type === 'ConstantNode' && negated.value === 1)
        return { type: 'inverse', arg, span };
      if (negated && isSymbol(negated, 'T'))
        return { type: 'transpose', arg: { type: 'inverse', arg, span }, span };
    }
    return {
      type: 'power',
      arg,
      exponent: this.convert(node.args[1]),
      elementwise: node.op === '.^',
      span,
    };
  }

  private call(node: Extract<MNode, { type: 'FunctionNode' }>): Expr {
    const span = this.span(node);
    if (node.fn.type !== 'SymbolNode' || node.optional) {
      this.fail(
        'calling the result of an expression is not supported in a plain-text expression',
        node,
      );
    }
    const name = node.fn.name;
    const nameSpan = this.span(node.fn);
    const args = node.args;
    const arity = (min: number, max = min) => {
      if (args.length < min || args.length > max) {
        const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
        const count =
          min === max
            ? plural(min)
            : max === Infinity
              ? `at least ${plural(min)}`
              : `${min} to ${max} arguments`;
        this.fail(`${name} takes ${count}, not ${args.length}`, node);
      }
    };
    if ((DISABLED as readonly string[]).includes(name)) {
      throw new PlainTextFailure(`${name} is disabled in plain-text expressions`, nameSpan);
    }
    const fn = PLAIN_FUNCTIONS.get(name);
    if (fn) {
      if (name === 'sum' && args.length === 2)
        this.fail('sum along a dimension is not supported: sum(X) is the sum of all entries', node);
      arity(fn.arity.min, fn.arity.max);
      return { type: 'call', fn: fn.name, args: args.map((a) => this.convert(a)), span };
    }
    const operator = PLAIN_OPERATOR_FUNCTIONS.get(name);
    if (operator) {
      arity(2);
      const left = this.convert(args[0]);
      const right = this.convert(args[1]);
      return { type: 'binary', op: operator, left, right, opSpan: nameSpan, span };
    }
    switch (name) {
      case 'logdet': {
        arity(1);
        const det: Expr = { type: 'call', fn: 'det', args: [this.convert(args[0])], span };
        return { type: 'call', fn: 'log', args: [det], span };
      }
      case 'inv':
        arity(1);
        return { type: 'inverse', arg: this.convert(args[0]), span };
      case 'transpose':
      case 'ctranspose':
        arity(1);
        return { type: 'transpose', arg: this.convert(args[0]), span };
      case 'pow':
      case 'dotPow':
        arity(2);
        return {
          type: 'power',
          arg: this.convert(args[0]),
          exponent: this.convert(args[1]),
          elementwise: name === 'dotPow',
          span,
        };
      case 'norm':
        arity(1, 2);
        return {
          type: 'norm',
          kind: args.length === 2 ? this.normKind(args[1]) : 'default',
          arg: this.convert(args[0]),
          span,
        };
      case 'norm1':
      case 'norm2':
        arity(1);
        return {
          type: 'norm',
          kind: name === 'norm1' ? '1' : '2',
          arg: this.convert(args[0]),
          span,
        };
      case 'eye': {
        arity(0, 2);
        const [a, b] = args.map((d) => this.dim(d));
        if (a && b && !sameDim(a, b)) this.fail('eye(m, n) must be square: write eye(n)', node);
        return a ? { type: 'identity', size: a, span } : { type: 'identity', span };
      }
      case 'ones':
      case 'zeros':
        return this.filled(node, name === 'ones' ? 'ones' : 'zero');
    }
    throw new PlainTextFailure(
      `unknown function ${name}` +
        (args.length === 1 && /^[A-Za-z]$/.test(name) ? ` (for a product, write ${name}*(…))` : ''),
      nameSpan,
    );
  }

  /** ones(n), ones(n, 1): a column; ones(1, n): a row; zeros likewise. */
  private filled(node: Extract<MNode, { type: 'FunctionNode' }>, type: 'ones' | 'zero'): Expr {
    const span = this.span(node);
    const name = type === 'ones' ? 'ones' : 'zeros';
    if (node.args.length > 2) this.fail(`${name} takes at most 2 arguments`, node);
    const [a, b] = node.args.map((d) => this.dim(d));
    if (!a) return { type, span };
    if (!b || isOne(b)) return { type, size: a, span };
    if (isOne(a)) return { type: 'transpose', arg: { type, size: b, span }, span };
    return this.fail(
      `${name}(m, n) with two sizes is not supported: write ${name === 'ones' ? "ones(m)*ones(n)'" : 'zeros(n) or zeros(1, n)'}`,
      node,
    );
  }

  private dim(node: MNode): DimSpec {
    const span = this.span(node);
    if (
      node.type === 'ConstantNode' &&
      typeof node.value === 'number' &&
      Number.isInteger(node.value) &&
      node.value > 0
    )
      return { value: node.value, span };
    if (node.type === 'SymbolNode') return { name: node.name, span };
    return this.fail('a size must be a positive whole number or a name', node);
  }

  private normKind(node: MNode): NormKind {
    let inner = node;
    while (inner.type === 'ParenthesisNode') inner = inner.content;
    const value =
      inner.type === 'ConstantNode'
        ? inner.value
        : inner.type === 'SymbolNode'
          ? inner.name
          : undefined;
    switch (typeof value === 'string' ? value.toLowerCase() : value) {
      case 1:
      case '1':
        return '1';
      case 2:
      case '2':
        return '2';
      case 'fro':
      case 'f':
        return 'F';
      case 'nuc':
        return 'nuc';
      case Infinity:
      case 'inf':
      case 'infinity':
        return 'inf';
    }
    return this.fail("the kind of a norm must be 1, 2, Inf, 'fro' or 'nuc'", node);
  }

  private array(node: Extract<MNode, { type: 'ArrayNode' }>): Expr {
    const span = this.span(node);
    if (node.items.length === 0)
      this.fail('an empty matrix is not supported in a plain-text expression', node);
    const rowsOf = (items: MNode[]) =>
      items.map((row) => {
        if (row.type !== 'ArrayNode') this.fail('a matrix needs rows of equal length', row);
        return row.items.map((item) => this.convert(item));
      });
    let rows: Expr[][];
    if (this.locator.twoDimensional.has(node)) rows = rowsOf(node.items);
    else if (node.items.every((i) => i.type === 'ArrayNode'))
      rows = rowsOf(node.items); // [[1, 2], [3, 4]]
    else rows = [node.items.map((item) => this.convert(item))]; // [a, b]: a row, as in MATLAB
    if (rows.some((r) => r.length !== rows[0].length || r.length === 0))
      this.fail('a matrix needs rows of equal length', node);
    return { type: 'matrix', rows, span };
  }
}

function isSymbol(node: MNode, name: string): boolean {
  return node.type === 'SymbolNode' && node.name === name;
}

function isOne(d: DimSpec): boolean {
  return 'value' in d && d.value === 1;
}

function sameDim(a: DimSpec, b: DimSpec): boolean {
  return 'value' in a ? 'value' in b && a.value === b.value : 'name' in b && a.name === b.name;
}

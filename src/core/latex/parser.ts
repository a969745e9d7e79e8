// LaTeX math tokens → expression trees. Recursive descent with the precedence of DESIGN.md:
// products (juxtaposition, ⊙, ⊘, ⊗, ·) bind tighter than `:`, and `:` tighter than + and −.
// Every node carries its source span; every failure is a LatexError at the right position.
import { TOO_LONG } from './mapLiterals';
import { casesByIndicators, type CaseRow } from '../indices/cases';
import { indexCondition } from '../indices/conditions';
import { ELLIPSIS_CELLS, readPattern, type PatternCell } from '../indices/pattern';
import { primeDerivative } from './primeDerivative';
import { FUNCTION_COMMANDS, FUNCTION_WORDS, isEntrywise } from '../functions/registry';
import { latexOperators } from '../operators/registry';
import type {
  BinaryOp,
  Chain,
  DimSpec,
  Expr,
  FunctionName,
  NormKind,
  Relation,
  RelationOp,
  Span,
  SpaceNode,
  SumIndex,
  SymbolNode,
} from './ast';
import { DECLARED_SIZE, NESTING_DEPTH, NODES_PER_EXPRESSION, TERMS_PER_SUM } from '../limits';
import { INDEX_LETTERS as FREE_INDEX_LETTERS } from '../indices/free';
import { LatexError } from './errors';
import { ACCENTS, calligraphic, greekLetter, subscriptDisplay } from './names';
import { isRelationToken } from './statements';
import type { Token } from './token';

export interface ParseOptions {
  /** `dX` is a differential unless d is a declared variable. */
  differentialD: boolean;
  /** `e^{x}` is exp(x) unless e is a declared variable. */
  eulerE: boolean;
  /** `I` is the identity unless I is a declared variable. */
  identityI: boolean;
  /** `\sigma(z)` is the logistic sigmoid unless σ is a declared variable. */
  sigmaFunction: boolean;
  /** Names of functions defined in the document, f(W) = …; grows as definitions are parsed. */
  functions: Set<string>;
  /** Every statement's head was registered beforehand (`registerHeads`): not looked for again. */
  headsRegistered?: boolean;
  /** Names whose primed form is a second point, k(x, x') = …: x' is not a transpose there. */
  primed?: Set<string>;
}

export function defaultParseOptions(): ParseOptions {
  return {
    differentialD: true,
    eulerE: true,
    identityI: true,
    sigmaFunction: true,
    functions: new Set(),
  };
}

const MAX_DEPTH = NESTING_DEPTH;

const RELATION_OPS: Record<string, RelationOp> = {
  '=': '=',
  '<': '<',
  '>': '>',
  '\\le': '\\le',
  '\\leq': '\\le',
  '\\leqslant': '\\le',
  '\\ge': '\\ge',
  '\\geq': '\\ge',
  '\\geqslant': '\\ge',
  '\\neq': '\\neq',
  '\\ne': '\\neq',
  '\\approx': '\\approx',
  '\\simeq': '\\approx',
  '\\cong': '\\approx',
  '\\equiv': '\\equiv',
  '\\propto': '\\propto',
  '\\sim': '\\sim',
  '\\in': '\\in',
  '\\leftarrow': '\\leftarrow',
  '\\gets': '\\leftarrow',
  '\\to': '\\to',
  '\\rightarrow': '\\to',
  '\\mapsto': '\\to',
  '\\longmapsto': '\\to',
  '\\longrightarrow': '\\to',
  '\\coloneqq': ':=',
  '\\coloneq': ':=',
  '\\defeq': ':=',
  '\\triangleq': ':=',
  '\\doteq': ':=',
  '\\eqqcolon': '=',
  '\\succ': '\\succ',
  '\\succeq': '\\succeq',
  '\\prec': '\\prec',
  '\\preceq': '\\preceq',
  '\\Rightarrow': '\\Rightarrow',
  '\\implies': '\\Rightarrow',
  '\\Leftrightarrow': '\\Rightarrow',
  '\\iff': '\\Rightarrow',
  '\\Longrightarrow': '\\Rightarrow',
};

/** Which token spells which operator, at each level of precedence (src/core/operators). */
const SUM_OPS = latexOperators('additive');
const INNER_OPS = latexOperators('inner');
const PRODUCT_OPS = latexOperators('product');

/** \logdet X: log(det(X)), a composite the registry has no entry for (see parseLogDet). */
const LOG_DET = 'logdet';

/** \log, \softmax, and \logdet: commands that start a function call. */
function isFunctionCommand(command: string): boolean {
  return FUNCTION_COMMANDS.has(command) || command === `\\${LOG_DET}`;
}

const UNSUPPORTED_COMMANDS: Record<string, string> = {
  [TOO_LONG]: 'a composition of maps longer than a statement may hold (TOKENS_PER_STATEMENT)',
  '\\prod': 'products over an index (\\prod)',
  '\\int': 'integrals',
  '\\iint': 'integrals',
  '\\oint': 'integrals',
  '\\lim': 'limits',
  '\\infty': 'infinity',
  '\\cdots': 'an ellipsis (\\cdots)',
  '\\ldots': 'an ellipsis (\\ldots)',
  '\\dots': 'an ellipsis (\\dots)',
  '\\vdots': 'an ellipsis (\\vdots)',
  '\\ddots': 'an ellipsis (\\ddots)',
  '\\argmin': 'argmin',
  '\\argmax': 'argmax',
  '\\sup': 'sup',
  '\\inf': 'inf',
  '\\mathbb{E}': 'expectations',
  '\\dagger': 'pseudo-inverses',
  '\\Pr': 'probabilities',
};

/** f(x), g(z), h(t): letters that name functions when parentheses follow them at once. */
const FUNCTION_LETTERS = new Set(['f', 'g', 'h']);

const STYLE_BOLD = new Set([
  '\\mathbf',
  '\\boldsymbol',
  '\\bm',
  '\\mathbfit',
  '\\mathbold',
  '\\pmb',
  '\\vb',
  '\\vec',
  '\\bold',
  '\\bf',
  '\\symbf',
  '\\symbfit',
]);
const STYLE_PLAIN = new Set([
  '\\mathit',
  '\\mathnormal',
  '\\mathsf',
  '\\mathtt',
  '\\tt',
  '\\rm',
  '\\it',
  '\\sf',
  '\\mathrm',
  '\\operatorname',
  '\\operatorname*',
  '\\text',
  '\\textrm',
  '\\textit',
  '\\textbf',
  '\\mbox',
  '\\textnormal',
  '\\textsf',
  '\\texttt',
  '\\symrm',
  '\\symup',
  '\\mathup',
]);
const STYLE_SCRIPT = new Set([
  '\\mathcal',
  '\\mathscr',
  '\\mathfrak',
  '\\cal',
  '\\symcal',
  '\\mathbb',
  '\\Bbb',
  '\\symbb',
]);
const SWITCHES = new Set(['\\tt', '\\rm', '\\it', '\\sf', '\\bf', '\\cal']);
// the letters free indices use (indices/free.ts), and m, n, which subscripts bind too (x_m, X_{mn})
const INDEX_LETTERS = new Set([...FREE_INDEX_LETTERS, 'm', 'n']);
const OPENERS: Record<string, string> = {
  '(': ')',
  '[': ']',
  '\\{': '\\}',
  '\\lbrace': '\\rbrace',
  '\\lparen': '\\rparen',
  '\\lbrack': '\\rbrack',
};
const CLOSERS = new Set([
  ')',
  ']',
  '\\}',
  '\\rbrace',
  '\\rparen',
  '\\rbrack',
  '\\rangle',
  '\\rVert',
  '\\rvert',
]);
const NORM_DELIMS = new Set(['\\|', '\\Vert', '\\lVert', '\\rVert']);
const BAR_DELIMS = new Set(['|', '\\vert', '\\lvert', '\\rvert', '\\mid']);
const MATRIX_ENVS = new Set([
  'bmatrix',
  'pmatrix',
  'matrix',
  'Bmatrix',
  'vmatrix',
  'Vmatrix',
  'smallmatrix',
  'bmatrix*',
  'pmatrix*',
]);

// 'doubleBars': ||x||, the norm typed with two bars (Math.SE, plain-text habits)
type Delim = 'norm' | 'bars' | 'doubleBars' | 'paren';

const FRACTIONS = new Set(['\\frac', '\\dfrac', '\\tfrac', '\\cfrac']);

function isStyle(command: string): boolean {
  return STYLE_BOLD.has(command) || STYLE_PLAIN.has(command) || STYLE_SCRIPT.has(command);
}

/** How many arguments a command takes when it is itself an argument or a script. */
function argumentCount(command: string): number {
  if (FRACTIONS.has(command)) return 2;
  if (command === '\\sqrt' || command in ACCENTS) return 1;
  return isStyle(command) && !SWITCHES.has(command) ? 1 : 0;
}

/** Script text without style commands and braces: {\mathsf T}, \textsf{T} → T; \textrm{F} → F. */
function plainText(tokens: Token[]): string {
  return tokens
    .filter(
      (t) =>
        t.kind !== 'lbrace' && t.kind !== 'rbrace' && !(t.kind === 'command' && isStyle(t.text)),
    )
    .map((t) => t.text)
    .join('');
}

/**
 * Why a declared size is no size (ℝ^{0×3}, ℝ^{-3}, ℝ^{1.5}, ℝ^{10^{30}}), or undefined. Names (n,
 * 2n, N+1) are left to inference.
 */
function notASize(dim: DimSpec): string | undefined {
  if ('value' in dim) {
    if (dim.value === 0) return 'a size must be a positive whole number, not 0';
    if (dim.value > DECLARED_SIZE)
      return `a size above ${DECLARED_SIZE} cannot be checked (limit DECLARED_SIZE)`;
    return undefined;
  }
  if (/^[-−]/.test(dim.name)) return `a size must be a positive whole number, not ${dim.name}`;
  if (/^\d*[.,]\d+$/.test(dim.name))
    return `a size must be a positive whole number, not ${dim.name}`;
  return undefined;
}

/** The longest word the letter-run scan can recognize (softmax, sigmoid): it never reads further. */
export const LONGEST_FUNCTION_WORD = Math.max(
  LOG_DET.length,
  ...[...FUNCTION_WORDS.keys()].map((w) => w.length),
);

export class Parser {
  /** Expression nodes built so far (trial parses included): the work the limits bound. */
  nodes = 0;
  /** Tokens read ahead to spell a function word from a run of letters (log, softmax). */
  letterScan = 0;
  private pos = 0;
  private limit: number;
  private depth = 0;
  private readonly bound: string[] = [];
  private readonly delims: Delim[] = [];
  private boldContext = 0;

  private readonly tokens: Token[];

  constructor(
    tokens: Token[],
    private readonly options: ParseOptions,
  ) {
    // A copy: \frac12 splits a number token in place, and a statement may be parsed twice.
    this.tokens = [...tokens];
    this.limit = tokens.length;
  }

  // ── token helpers ─────────────────────────────────────────────────────────────────────

  private peek(offset = 0): Token | undefined {
    const i = this.pos + offset;
    return i < this.limit ? this.tokens[i] : undefined;
  }

  private next(): Token {
    const t = this.peek();
    if (!t) throw this.errorAtEnd('unexpected end of formula');
    this.pos++;
    return t;
  }

  private isText(t: Token | undefined, text: string): boolean {
    return t !== undefined && t.text === text;
  }

  private spanFrom(startPos: number): Span {
    const first = this.tokens[Math.min(startPos, this.tokens.length - 1)];
    const last = this.tokens[Math.max(startPos, this.pos - 1)] ?? first;
    return { start: first?.start ?? 0, end: Math.max(last?.end ?? 0, first?.start ?? 0) };
  }

  private errorAt(
    t: Token | undefined,
    message: string,
    kind: 'parse' | 'unsupported' = 'parse',
  ): LatexError {
    if (!t) return this.errorAtEnd(message);
    return new LatexError(kind, message, t.start, t.end);
  }

  private errorAtEnd(message: string): LatexError {
    const last =
      this.tokens[Math.min(this.limit, this.tokens.length) - 1] ??
      this.tokens[this.tokens.length - 1];
    const at = last ? last.end : 0;
    return new LatexError('parse', message, at, at);
  }

  /**
   * Index just past the group starting at pos: a `{…}`, or one token together with the
   * arguments it takes, as TeX reads x^\mathsf{T} and \|X\|_\text{F}.
   */
  private groupEnd(at = this.pos): number {
    const t = this.tokens[at];
    if (!t || at >= this.limit) throw this.errorAtEnd('missing argument');
    if (t.kind === 'command') {
      let end = at + 1;
      if (t.text === '\\operatorname' && this.isText(this.tokens[end], '*') && end < this.limit)
        end++;
      for (let k = 0; k < argumentCount(t.text); k++) end = this.groupEnd(end);
      return end;
    }
    if (t.kind !== 'lbrace') return at + 1;
    let depth = 0;
    for (let j = at; j < this.limit; j++) {
      if (this.tokens[j].kind === 'lbrace') depth++;
      else if (this.tokens[j].kind === 'rbrace' && --depth === 0) return j + 1;
    }
    throw this.errorAt(t, "unbalanced '{': no matching '}'");
  }

  /** Tokens of the argument at pos (braces stripped), advancing past it. */
  private takeArgument(): Token[] {
    const end = this.groupEnd();
    const t = this.tokens[this.pos];
    const inner =
      t.kind === 'lbrace'
        ? this.tokens.slice(this.pos + 1, end - 1)
        : this.tokens.slice(this.pos, end);
    this.pos = end;
    return inner;
  }

  /** Parses the argument at pos (a group or one token) as an expression. */
  private parseArgument(what: string): Expr {
    const t = this.peek();
    if (!t) throw this.errorAtEnd(`missing ${what}`);
    if (t.kind !== 'lbrace') {
      if (t.kind === 'number' && t.text.length > 1 && /^\d+$/.test(t.text)) {
        // \frac12: TeX takes one digit per argument.
        return this.splitDigitArgument(t);
      }
      // One token only: in x^2_F the 2 is the whole exponent; in \frac1d \mathbf{1} the d is
      // the whole denominator (a letter, not the d of a differential of what follows)
      if (t.kind === 'letter')
        return this.within(this.pos, this.pos + 1, () => this.parsePrimary(), this.pos + 1);
      return this.parsePrimary();
    }
    const end = this.groupEnd();
    if (end === this.pos + 2) throw this.errorAt(t, `empty ${what}`);
    return this.within(this.pos + 1, end - 1, () => this.parseExpression(), end);
  }

  private splitDigitArgument(t: Token): Expr {
    const digit = Number(t.text[0]);
    const rest = t.text.slice(1);
    // Replace the token in place by its tail so that the next argument reads it.
    (this.tokens as Token[])[this.pos] = { ...t, text: rest, start: t.start + 1 };
    return { type: 'number', value: digit, span: { start: t.start, end: t.start + 1 } };
  }

  /** Runs fn with the token window [from, to), then continues after `resume`. */
  private within<T>(from: number, to: number, fn: () => T, resume: number): T {
    const saved = this.limit;
    this.pos = from;
    this.limit = to;
    try {
      const result = fn();
      if (this.pos < to) {
        const t = this.tokens[this.pos];
        throw this.errorAt(t, `unexpected '${t.text}'`);
      }
      this.pos = resume;
      return result;
    } finally {
      // Restored on errors too: a caught error (a trial parse) must not shrink the window.
      this.limit = saved;
    }
  }

  /** One more node of the expression; past NODES_PER_EXPRESSION the statement is reported. */
  private countNode(t: Token | undefined): void {
    if (++this.nodes > NODES_PER_EXPRESSION) {
      throw new LatexError(
        'unsupported',
        `formula too large to check: more than ${NODES_PER_EXPRESSION} nodes (limit NODES_PER_EXPRESSION)`,
        t?.start ?? 0,
        t?.end ?? 0,
        'NODES_PER_EXPRESSION',
      );
    }
  }

  /**
   * One more term of a sum (or factor of a product): a chain of them is a tree as deep as
   * it is long, which every later pass walks recursively.
   */
  private countTerm(terms: number, t: Token): void {
    if (terms > TERMS_PER_SUM) {
      throw new LatexError(
        'unsupported',
        `formula too long to check: more than ${TERMS_PER_SUM} terms in one sum or product (limit TERMS_PER_SUM)`,
        t.start,
        t.end,
        'TERMS_PER_SUM',
      );
    }
  }

  private enter(t: Token | undefined): void {
    if (++this.depth > MAX_DEPTH) {
      throw new LatexError(
        'parse',
        `formula nested deeper than ${MAX_DEPTH} levels`,
        t?.start ?? 0,
        t?.end ?? 0,
        'NESTING_DEPTH',
      );
    }
  }

  // ── statements ────────────────────────────────────────────────────────────────────────

  /**
   * Registers the function this statement defines (`h_θ(x) = σ(θᵀx)`), without parsing it: run
   * over every statement first, so a use before the definition (`J(θ) = Σ log h_θ(x^{(i)})`,
   * "where $h_θ(x) = …$") reads h_θ as the function too.
   */
  registerHeads(): void {
    this.registerFunctionHead();
  }

  parseChain(): Chain {
    const startPos = this.pos;
    if (!this.options.headsRegistered) this.registerFunctionHead();
    this.registerConditionals();
    const operands: Expr[] = [];
    const relations: Relation[] = [];
    if (isRelationToken(this.peek()))
      throw this.errorAt(this.peek(), `'${this.peek()!.text}' has no left-hand side`);
    operands.push(this.parseOperand());
    while (this.peek()) {
      const relation = this.parseRelation();
      if (!relation) {
        const t = this.peek()!;
        throw this.errorAt(
          t,
          CLOSERS.has(t.text) || t.kind === 'rbrace'
            ? `unbalanced '${t.text}'`
            : `unexpected '${t.text}'`,
        );
      }
      relations.push(relation);
      if (!this.peek()) throw this.errorAtEnd(`'${relation.op}' has no right-hand side`);
      operands.push(this.parseOperand());
    }
    return { operands, relations, span: this.spanFrom(startPos) };
  }

  /**
   * p(x | μ, σ), \ell(θ \mid X): a name before parentheses that hold a lone conditional bar is
   * a density or a likelihood, a function of what is inside, wherever it stands (a product of p
   * and a list would mean nothing).
   */
  private registerConditionals(): void {
    for (let j = this.pos; j + 1 < this.limit; j++) {
      const t = this.tokens[j];
      const next = this.tokens[j + 1];
      if (next.text !== '(' || next.spaceBefore) continue;
      const name =
        t.kind === 'letter' ? t.text : (greekLetter(t.text)?.key ?? this.scriptLetterBefore(j));
      if (!name || this.options.functions.has(name)) continue;
      const close = this.closingIndex(j + 1);
      if (
        close > 0 &&
        (this.unpairedSeparator(j + 2, close) >= 0 ||
          this.hasTopComma(j + 2, close) ||
          FUNCTION_LETTERS.has(name))
      )
        this.options.functions.add(name);
    }
  }

  /** 𝒩 in `\mathcal{N}(`: the name of a script letter whose group closes at `close`. */
  private scriptLetterBefore(close: number): string | undefined {
    const [style, open, letter, end] = this.tokens.slice(close - 3, close + 1);
    if (end?.kind !== 'rbrace' || open?.kind !== 'lbrace' || letter?.kind !== 'letter')
      return undefined;
    if (!STYLE_SCRIPT.has(style?.text ?? '')) return undefined;
    const blackboard = style.text === '\\mathbb' || style.text === '\\Bbb';
    return blackboard ? `\\mathbb{${letter.text}}` : `\\mathcal{${letter.text}}`;
  }

  /**
   * k(x, x'), d(x, y): a name right before a parenthesized list of two or more things is a
   * function of them; a product of a letter and a list would mean nothing.
   */
  private hasTopComma(from: number, to: number): boolean {
    let depth = 0;
    for (let j = from; j < to; j++) {
      const t = this.tokens[j];
      if (opensGroup(t)) depth++;
      else if (closesGroup(t)) depth--;
      else if (depth === 0 && (t.text === ',' || t.text === ';')) return true;
    }
    return false;
  }

  /** `f(W) = …` at the start of a statement makes f a function for the rest of the document. */
  private registerFunctionHead(): void {
    const saved = this.pos;
    try {
      // \log p(y | K) = …: a log-density written out; p is the function.
      if (this.isText(this.peek(), '\\log')) this.pos++;
      let head = this.parsePrimaryOnly();
      // h_\theta(x) = …: a function named with a subscript
      if (head && this.isText(this.peek(), '_')) {
        const named = this.parsePostfix(head);
        head = named.type === 'symbol' ? named : undefined;
      }
      if (head?.type !== 'symbol' || !this.isText(this.peek(), '(')) return;
      let depth = 0;
      for (let j = this.pos; j < this.limit; j++) {
        const text = this.tokens[j].text;
        if (text === '(') depth++;
        else if (text === ')' && --depth === 0) {
          // s(z)_i = …: one entry of the function's value, defined for every i
          const entry = this.entryIndexAfter(j + 1);
          if (entry > 0) {
            const params = this.within(this.pos + 1, j, () => this.parseList(), j);
            const list =
              params.length === 1 && params[0].type === 'tuple' ? params[0].items : params;
            const relation = this.tokens[j + 1 + entry];
            if (relation?.text === '=' && list.every((p) => p.type === 'symbol'))
              this.options.functions.add(head.name);
            return;
          }
          const after = this.tokens[j + 1];
          const colonEquals = after?.text === ':' && this.tokens[j + 2]?.text === '=';
          if (!after || !(colonEquals || (isRelationToken(after) && after.text !== '\\in'))) return;
          // D(V ‖ WH) = …, p(x | θ) = …: a divergence or a conditional names what it defines.
          if (this.unpairedSeparator(this.pos + 1, j) >= 0) {
            this.options.functions.add(head.name);
            return;
          }
          // f(W), L(w, b): parameters are symbols; A(B + C) = AB + AC is a product, not a definition.
          // ℒ(θ; X) = …: a semicolon separates parameters too
          const list = this.within(this.pos + 1, j, () => this.parseList(), j);
          const params = list.length === 1 && list[0].type === 'tuple' ? list[0].items : list;
          // k(x, x') = …: a primed parameter is a second point, in the definition and after it
          const primed = params.filter((p) => this.writtenWithPrime(p));
          if (params.every((p) => p.type === 'symbol' || primed.includes(p))) {
            this.options.functions.add(head.name);
            for (const p of primed)
              if (p.type === 'transpose' && p.arg.type === 'symbol')
                (this.options.primed ??= new Set()).add(p.arg.name);
          }
          return;
        }
      }
    } catch {
      // Not a function head; the real parse reports any error.
    } finally {
      this.pos = saved;
    }
  }

  /** `_i` or `_{i}` at `at`: how many tokens it takes (0 when it is not a lone index letter). */
  private entryIndexAfter(at: number): number {
    if (this.tokens[at]?.text !== '_') return 0;
    const [a, b, c] = this.tokens.slice(at + 1, at + 4);
    if (a?.kind === 'letter') return 2;
    if (a?.kind === 'lbrace' && b?.kind === 'letter' && c?.kind === 'rbrace') return 4;
    return 0;
  }

  /** x' or x^{\prime} on a bare symbol, as written (not x^T). */
  private writtenWithPrime(node: Expr): boolean {
    if (node.type !== 'transpose' || node.arg.type !== 'symbol') return false;
    const after = node.arg.span.end;
    return this.tokens.some(
      (t) => t.start >= after && t.end <= node.span.end && (t.text === "'" || t.text === '\\prime'),
    );
  }

  /** x' when x' names a second point (k(x, x') = …): the symbol x′, with x's shape. */
  private primedSymbol(node: Expr, end: number): Expr | undefined {
    if (node.type !== 'symbol' || !this.options.primed?.has(node.name)) return undefined;
    return {
      ...node,
      name: `${node.name}^{\\prime}`,
      display: `${node.display}′`,
      span: { start: node.span.start, end },
    };
  }

  /**
   * The objective of ∇ or ∂: in \nabla_W g(W) and \frac{\partial L(W)}{\partial W}, a name
   * right before parentheses is a function applied to them, defined in the document or not.
   */
  private parseObjective(parse: () => Expr): Expr {
    const saved = this.pos;
    let head: SymbolNode | undefined;
    try {
      head = this.parsePrimaryOnly();
    } catch {
      head = undefined;
    }
    const next = this.peek();
    this.pos = saved;
    if (
      !head ||
      head.bold ||
      !this.isText(next, '(') ||
      next!.spaceBefore ||
      this.options.functions.has(head.name)
    )
      return parse();
    this.options.functions.add(head.name);
    try {
      return parse();
    } finally {
      this.options.functions.delete(head.name);
    }
  }

  private parsePrimaryOnly(): SymbolNode | undefined {
    const t = this.peek();
    if (!t) return undefined;
    if (
      t.kind === 'letter' ||
      (t.kind === 'command' &&
        (greekLetter(t.text) ||
          STYLE_SCRIPT.has(t.text) ||
          STYLE_BOLD.has(t.text) ||
          t.text in ACCENTS))
    ) {
      const node = this.parsePrimary();
      return node.type === 'symbol' ? node : undefined;
    }
    return undefined;
  }

  private parseRelation(): Relation | undefined {
    const t = this.peek();
    if (!t) return undefined;
    if (t.text === ':' && this.isText(this.peek(1), '=')) {
      this.pos += 2;
      return { op: ':=', span: { start: t.start, end: this.tokens[this.pos - 1].end } };
    }
    const op = RELATION_OPS[t.text];
    if (!op || (t.kind !== 'symbol' && t.kind !== 'command')) return undefined;
    this.pos++;
    // `=:` and `==` read as one relation.
    if (
      op === '=' &&
      (this.isText(this.peek(), ':') || this.isText(this.peek(), '=')) &&
      !this.peek()?.spaceBefore &&
      this.peek(1)
    ) {
      if (this.isText(this.peek(), '=')) this.pos++;
    }
    return { op, span: { start: t.start, end: t.end } };
  }

  private parseOperand(): Expr {
    const startPos = this.pos;
    const first = this.parseExpression();
    if (!this.isText(this.peek(), ',')) return first;
    const items = [first];
    while (this.isText(this.peek(), ',')) {
      this.pos++;
      items.push(this.parseExpression());
    }
    return { type: 'tuple', items, span: this.spanFrom(startPos) };
  }

  // ── expressions ───────────────────────────────────────────────────────────────────────

  parseExpression(): Expr {
    this.enter(this.peek());
    try {
      return this.parseAdditive();
    } finally {
      this.depth--;
    }
  }

  private parseAdditive(): Expr {
    const startPos = this.pos;
    let left: Expr;
    const t = this.peek();
    if (
      (t &&
        (t.text === '-' || t.text === '+' || t.text === '\\pm' || t.text === '\\mp') &&
        t.kind !== 'command') ||
      t?.text === '\\pm' ||
      t?.text === '\\mp'
    ) {
      this.pos++;
      if (t.text === '\\pm' || t.text === '\\mp')
        throw this.errorAt(t, '± cannot be checked', 'unsupported');
      const operand = this.parseFrobenius();
      left =
        t.text === '-' ? { type: 'neg', arg: operand, span: this.spanFrom(startPos) } : operand;
    } else {
      left = this.parseFrobenius();
    }
    for (let terms = 1; ; terms++) {
      const op = this.peek();
      const sumOp = op?.kind === 'symbol' ? SUM_OPS.get(op.text) : undefined;
      if (!op || !sumOp) {
        if (op?.text === '\\pm' || op?.text === '\\mp')
          throw this.errorAt(op, '± cannot be checked', 'unsupported');
        break;
      }
      this.countTerm(terms, op);
      this.countNode(op);
      this.pos++;
      if (this.operandMissing()) throw this.errorAt(op, `'${op.text}' has no right operand`);
      const right = this.parseFrobenius();
      left = {
        type: 'binary',
        op: sumOp,
        left,
        right,
        opSpan: { start: op.start, end: op.end },
        span: this.spanFrom(startPos),
      };
    }
    return left;
  }

  /** After a binary operator: the formula, the group or the parentheses end right there. */
  private operandMissing(): boolean {
    const t = this.peek();
    return !t || isRelationToken(t) || t.kind === 'rbrace' || CLOSERS.has(t.text) || t.text === ',';
  }

  private parseFrobenius(): Expr {
    const startPos = this.pos;
    let left = this.parseProduct();
    for (let terms = 1; ; terms++) {
      const op = this.peek();
      const innerOp = op && INNER_OPS.get(op.text);
      if (!op || !innerOp || this.isText(this.peek(1), '=')) break;
      this.countTerm(terms, op);
      this.countNode(op);
      this.pos++;
      if (this.operandMissing()) throw this.errorAt(op, "':' has no right operand");
      const right = this.parseProduct();
      left = {
        type: 'binary',
        op: innerOp,
        left,
        right,
        opSpan: { start: op.start, end: op.end },
        span: this.spanFrom(startPos),
      };
    }
    return left;
  }

  /**
   * Explicit products (⊙, ⊘, ⊗, ·, ×) over juxtaposed ones: juxtaposition binds tighter, as
   * people read it, so y ⊙ Xw is y ⊙ (Xw) and A ⊘ WH is A ⊘ (WH).
   */
  private parseProduct(): Expr {
    const startPos = this.pos;
    let left = this.parseJuxtaposed();
    for (let terms = 1; ; terms++) {
      const t = this.peek();
      const op =
        t && (t.kind === 'symbol' || t.kind === 'command') && t.text !== '/'
          ? PRODUCT_OPS.get(t.text)
          : undefined;
      if (!t || !op) break;
      this.countTerm(terms, t);
      this.countNode(t);
      this.pos++;
      if (this.operandMissing()) throw this.errorAt(t, `'${t.text}' has no right operand`);
      const right = this.parseJuxtaposed();
      left = this.combine(op, left, right, t, startPos);
    }
    return left;
  }

  /** Factors written side by side, and `/`, which reads at this level (1/2 x is x/2). */
  private parseJuxtaposed(): Expr {
    const startPos = this.pos;
    let left = this.parseSignedFactor();
    for (let terms = 1; ; terms++) {
      const t = this.peek();
      if (!t) break;
      const divides = t.kind === 'symbol' && t.text === '/';
      if (!divides && !this.startsFactor(t)) break;
      this.countTerm(terms, t);
      this.countNode(t);
      if (divides) {
        this.pos++;
        if (this.operandMissing()) throw this.errorAt(t, "'/' has no right operand");
        const right = this.parseSignedFactor();
        left = this.combine('div', left, right, t, startPos);
      } else {
        const right = this.parseFactor();
        left = {
          type: 'binary',
          op: 'mul',
          left,
          right,
          opSpan: { start: right.span.start, end: right.span.start },
          span: this.spanFrom(startPos),
        };
      }
    }
    return left;
  }

  private combine(op: BinaryOp, left: Expr, right: Expr, t: Token, startPos: number): Expr {
    // ∂f / ∂X written with a slash is a derivative.
    if (op === 'div' && left.type === 'differential' && right.type === 'differential') {
      return {
        type: 'grad',
        f: left.arg,
        wrt: right.arg,
        notation: left.notation === 'd' ? 'd' : 'partial',
        span: this.spanFrom(startPos),
      };
    }
    // u \cdot v between two column vectors is their dot product: inference decides by shape.
    const dot = t.text === '\\cdot' || t.text === '\\bullet' ? { dot: true } : {};
    return {
      type: 'binary',
      op,
      left,
      right,
      opSpan: { start: t.start, end: t.end },
      span: this.spanFrom(startPos),
      ...dot,
    };
  }

  /** A factor after an explicit product operator may carry a sign: A \cdot -B. */
  private parseSignedFactor(): Expr {
    const t = this.peek();
    if (t && t.kind === 'symbol' && t.text === '-') {
      const startPos = this.pos;
      this.pos++;
      const arg = this.parseFactor();
      return { type: 'neg', arg, span: this.spanFrom(startPos) };
    }
    return this.parseFactor();
  }

  private startsFactor(t: Token): boolean {
    switch (t.kind) {
      case 'letter':
      case 'number':
      case 'lbrace':
        return true;
      case 'rbrace':
      case 'param':
        return false;
      case 'symbol':
        if (t.text === '(' || t.text === '[') return true;
        if (t.text === '|') {
          const top = this.delims[this.delims.length - 1];
          if (top === 'doubleBars') return !this.isDoubleBar(this.pos);
          return top !== 'bars';
        }
        return false;
      case 'command':
        if (t.text in RELATION_OPS || PRODUCT_OPS.has(t.text) || CLOSERS.has(t.text)) return false;
        if (NORM_DELIMS.has(t.text))
          return t.text !== '\\rVert' && this.delims[this.delims.length - 1] !== 'norm';
        if (BAR_DELIMS.has(t.text))
          return (
            t.text !== '\\rvert' &&
            t.text !== '\\mid' &&
            this.delims[this.delims.length - 1] !== 'bars'
          );
        if (
          t.text === '\\\\' ||
          t.text === '\\end' ||
          t.text === '\\pm' ||
          t.text === '\\mp' ||
          t.text === '\\top' ||
          t.text === '\\quad' ||
          t.text === '\\qquad'
        )
          return false;
        return true;
    }
  }

  parseFactor(): Expr {
    this.enter(this.peek());
    try {
      const start = this.peek()?.start;
      const primary = this.parsePrimary();
      if (
        primary.type === 'symbol' &&
        this.options.functions.has(primary.name) &&
        this.isText(this.peek(), '(')
      ) {
        return this.parsePostfix(this.parseApply(primary));
      }
      const scripted = this.parsePostfix(primary, start);
      // h_\theta(x) after h_\theta(x) = …: the subscripted name is the function
      if (
        scripted !== primary &&
        scripted.type === 'symbol' &&
        this.options.functions.has(scripted.name) &&
        this.isText(this.peek(), '(')
      ) {
        return this.parsePostfix(this.parseApply(scripted));
      }
      return scripted;
    } finally {
      this.depth--;
    }
  }

  /** {\rm sym}(X) = (X + Xᵀ)/2, the symmetric part, written out. */
  private parseSym(startPos: number): Expr {
    const arg = this.parsePrimary();
    const span = this.spanFrom(startPos);
    const at = { start: span.start, end: span.start };
    const sum: Expr = {
      type: 'binary',
      op: 'add',
      left: arg,
      right: { type: 'transpose', arg, span },
      opSpan: at,
      span,
    };
    return {
      type: 'binary',
      op: 'div',
      left: sum,
      right: { type: 'number', value: 2, span: at },
      opSpan: at,
      span,
    };
  }

  /** f(W), f(x, y): the parenthesized arguments after a function's name. */
  private parseApply(head: SymbolNode): Expr {
    const group = this.parsePrimary();
    const args = group.type === 'tuple' ? group.items : [group];
    return {
      type: 'apply',
      name: head.name,
      display: head.display,
      args,
      span: { start: head.span.start, end: this.tokens[this.pos - 1].end },
    };
  }

  // ── primaries ─────────────────────────────────────────────────────────────────────────

  private parsePrimary(): Expr {
    const startPos = this.pos;
    const t = this.next();
    this.countNode(t);
    switch (t.kind) {
      case 'number':
        return { type: 'number', value: Number(t.text), span: { start: t.start, end: t.end } };
      case 'letter':
        return this.parseLetter(t, startPos);
      case 'lbrace': {
        this.pos--;
        const end = this.groupEnd();
        if (end === this.pos + 2) throw this.errorAt(t, 'empty group {}');
        const group = this.within(this.pos + 1, end - 1, () => this.parseExpression(), end);
        // {\rm sym}(X), {\rm softmax}(z): an upright word in braces before parentheses
        if (group.type === 'symbol' && group.style === 'other' && this.isText(this.peek(), '(')) {
          if (group.name === 'sym') return this.parseSym(startPos);
          const fn = FUNCTION_WORDS.get(group.name);
          if (fn) return this.parseFunction(fn.name, startPos);
          return this.parseApply(group);
        }
        return group;
      }
      case 'symbol':
        if (t.text in OPENERS) return this.parseParenthesized(t, startPos);
        if (t.text === '|' && this.isDoubleBar(this.pos - 1)) {
          // ||x||, or ||x| − |y|| (bars inside bars): the norm first, the bars if it does not close
          const saved = this.pos;
          try {
            this.pos++; // the second bar
            return this.parseDelimited(t, 'doubleBars', startPos);
          } catch (error) {
            if (!(error instanceof LatexError)) throw error;
            this.pos = saved;
          }
        }
        if (t.text === '|') return this.parseDelimited(t, 'bars', startPos);
        throw this.errorAt(
          t,
          CLOSERS.has(t.text) ? `unbalanced '${t.text}'` : `unexpected '${t.text}'`,
        );
      case 'rbrace':
        throw this.errorAt(t, "unbalanced '}'");
      case 'param':
        throw this.errorAt(t, `macro parameter ${t.text} outside a macro`);
      case 'command':
        return this.parseCommand(t, startPos);
    }
  }

  private parseLetter(t: Token, startPos: number): Expr {
    // A run of adjacent letters spelling a function: `log(…)` written without a backslash.
    // Read no further than the longest word: a run of 60,000 letters costs as much as one.
    let run = t.text;
    let j = this.pos;
    while (
      j < this.limit &&
      run.length <= LONGEST_FUNCTION_WORD &&
      this.tokens[j].kind === 'letter' &&
      !this.tokens[j].spaceBefore
    ) {
      run += this.tokens[j++].text;
      this.letterScan++;
    }
    if (run.length > 1 && (FUNCTION_WORDS.has(run) || run === LOG_DET)) {
      this.pos = j;
      return run === LOG_DET
        ? this.parseLogDet(startPos)
        : this.parseFunction(FUNCTION_WORDS.get(run)!.name, startPos);
    }
    const following = this.peek();
    // E[Y], E[x x^T]: an expectation written with a plain E, like \mathbb{E}
    if (t.text === 'E' && following?.text === '[' && !following.spaceBefore)
      throw this.errorAt(t, 'expectations (E[…]) cannot be checked', 'unsupported');
    // dX, d\phi, d(…); a space is allowed before a command (d \log\det X), since TeX
    // ignores it, but not before a letter, where `d x` may be a product.
    // d \, X: a thin space written after d sets the differential off, it does not multiply
    // and `d X` with a plain space before a capital: a matrix's differential (a scalar d times
    // a matrix is not how these notes write)
    const spacedOk =
      following?.kind === 'command' ||
      following?.spacedBefore === true ||
      (following?.kind === 'letter' && /^[A-Z]$/.test(following.text)) ||
      // d x_{11}, d w_i: the differential of an entry or a member
      (following?.kind === 'letter' && this.peek(1)?.text === '_');
    if (
      t.text === 'd' &&
      this.options.differentialD &&
      !this.options.functions.has('d') && // d(x, y) = …: a distance the note defines
      following &&
      (!following.spaceBefore || spacedOk) &&
      this.startsDifferentialOperand(following)
    ) {
      const arg = this.parsePostfixed();
      return { type: 'differential', arg, notation: 'd', span: this.spanFrom(startPos) };
    }
    if (t.text === 'e' && this.options.eulerE && this.isText(following, '^')) {
      this.pos++;
      const exponent = this.parseArgument('exponent');
      return { type: 'call', fn: 'exp', args: [exponent], span: this.spanFrom(startPos) };
    }
    if (t.text === 'I' && this.options.identityI && this.boldContext === 0) {
      return { type: 'identity', span: { start: t.start, end: t.end } };
    }
    return this.symbol(t.text, t.text, t, this.boldContext > 0);
  }

  private startsDifferentialOperand(t: Token): boolean {
    if (t.kind === 'letter') return true;
    if (t.text === '(') return true;
    // d\|x\|^2, d|X|, d\sqrt{x}: the differential of what follows (|d| stays a scalar d).
    if (t.text === '|' || NORM_DELIMS.has(t.text) || BAR_DELIMS.has(t.text) || t.text === '\\sqrt')
      return this.startsFactor(t);
    if (t.kind !== 'command') return false;
    return (
      !!greekLetter(t.text) ||
      STYLE_BOLD.has(t.text) ||
      STYLE_SCRIPT.has(t.text) ||
      isFunctionCommand(t.text) ||
      t.text in ACCENTS ||
      t.text === '\\operatorname' ||
      t.text === '\\mathrm'
    );
  }

  private symbol(
    name: string,
    display: string,
    t: Token | Span,
    bold: boolean,
    style?: SymbolNode['style'],
  ): SymbolNode {
    const first = name.replace(/^\\/, '');
    const inferred: SymbolNode['style'] = /^[A-Z]/.test(first)
      ? 'latin-upper'
      : /^[a-z]$/.test(first[0] ?? '')
        ? 'latin-lower'
        : 'other';
    return {
      type: 'symbol',
      name,
      display,
      bold,
      style: style ?? inferred,
      span: { start: t.start, end: t.end },
    };
  }

  private parseCommand(t: Token, startPos: number): Expr {
    const name = t.text;
    const greek = greekLetter(name);
    if (greek) {
      if (
        name === '\\sigma' &&
        this.options.sigmaFunction &&
        (this.isText(this.peek(), '(') || this.primeBeforeParenthesis())
      ) {
        return this.parseFunction('sigmoid', startPos);
      }
      return this.symbol(
        greek.key,
        greek.display,
        t,
        this.boldContext > 0,
        greek.upper ? 'greek-upper' : 'greek-lower',
      );
    }
    if (isFunctionCommand(name)) {
      const fn = FUNCTION_COMMANDS.get(name);
      return fn ? this.parseFunction(fn.name, startPos) : this.parseLogDet(startPos);
    }
    if (STYLE_BOLD.has(name) || STYLE_PLAIN.has(name) || STYLE_SCRIPT.has(name))
      return this.parseStyled(t, startPos);
    if (name in ACCENTS) return this.parseAccent(t, startPos);
    switch (name) {
      case '\\frac':
      case '\\dfrac':
      case '\\tfrac':
      case '\\cfrac':
        return this.parseFraction(t, startPos);
      case '\\sqrt':
        return this.parseSqrt(startPos);
      case '\\sum':
        return this.parseSum(t, startPos);
      case '\\partial':
        return this.parsePartial(t, startPos);
      case '\\nabla':
        return this.parseNabla(t, startPos);
      case '\\langle':
        return this.parseAngle(t, startPos);
      case '\\ell':
        return this.symbol('\\ell', 'ℓ', t, false, 'greek-lower');
      case '\\R':
      case '\\Re':
      case '\\reals':
      case '\\Reals':
        return this.parseSpace('R', t, startPos);
      case '\\begin':
        return this.parseEnvironment(t, startPos);
    }
    if (NORM_DELIMS.has(name)) return this.parseDelimited(t, 'norm', startPos);
    if (BAR_DELIMS.has(name)) return this.parseDelimited(t, 'bars', startPos);
    if (name in OPENERS) return this.parseParenthesized(t, startPos);
    if (name in UNSUPPORTED_COMMANDS)
      throw this.errorAt(
        t,
        `${UNSUPPORTED_COMMANDS[name]} cannot be checked (${name})`,
        'unsupported',
      );
    if (CLOSERS.has(name)) throw this.errorAt(t, `unbalanced '${name}'`);
    if (name === '\\top' || name === '\\intercal')
      throw this.errorAt(t, `${name} outside a superscript`);
    if (name === '\\\\' || name === '\\end') throw this.errorAt(t, `unexpected ${name}`);
    // Out of a user macro, the span is the macro's use; say which macro brought it there.
    throw this.errorAt(
      t,
      `unknown macro ${name}${t.fromMacro ? ` (in the expansion of ${t.fromMacro})` : ''}`,
      'unsupported',
    );
  }

  /** \mathbf{X}, \boldsymbol{\theta}, \mathrm{tr}, \mathcal{L}, \mathbb{R}, {\tt 1}. */
  private parseStyled(t: Token, startPos: number): Expr {
    const style = t.text;
    if (
      style === '\\operatorname*' ||
      (style === '\\operatorname' && this.isText(this.peek(), '*'))
    ) {
      if (style === '\\operatorname') this.pos++;
    }
    const argStart = this.pos;
    const inner = SWITCHES.has(style) ? (this.peek() ? [this.next()] : []) : this.takeArgument();
    if (inner.length === 0) throw this.errorAt(t, `empty ${style}{}`);
    const word = inner.map((x) => x.text).join('');
    const spanAll = this.spanFrom(startPos);
    if (style === '\\mathbb' || style === '\\Bbb' || style === '\\symbb') {
      if (word === 'R') return this.parseSpace('R', t, startPos);
      if (word === 'S') return this.parseSpace('S', t, startPos);
      // 𝟙[Y > 0], \mathbb{1}\{y_i = k\}, \mathbb{1}_{y=k}: an indicator, not the ones vector.
      const next = this.peek();
      if (
        word === '1' &&
        next &&
        (next.text === '[' ||
          next.text === '\\{' ||
          (next.text === '_' && this.tokens[this.pos + 1]?.kind === 'lbrace'))
      ) {
        throw this.errorAt(t, 'indicator functions (𝟙[…]) cannot be checked', 'unsupported');
      }
      if (word === '1') return this.withSize({ type: 'ones', span: spanAll });
      if (word === 'I') return { type: 'identity', span: spanAll };
      if (word === 'E') throw this.errorAt(t, 'expectations (𝔼) cannot be checked', 'unsupported');
    }
    if (STYLE_SCRIPT.has(style) && inner.length === 1 && inner[0].kind === 'letter') {
      const letter = inner[0].text;
      const key =
        style === '\\mathbb' || style === '\\Bbb' ? `\\mathbb{${letter}}` : `\\mathcal{${letter}}`;
      return this.symbol(key, calligraphic(letter), spanAll, false, 'calligraphic');
    }
    if (STYLE_PLAIN.has(style) && !SWITCHES.has(style) && inner.every((x) => x.kind === 'letter')) {
      const fn = FUNCTION_WORDS.get(word);
      if (fn) return this.parseFunction(fn.name, startPos);
      if (word === LOG_DET) return this.parseLogDet(startPos);
      if (word === 'd' && this.peek() && this.startsDifferentialOperand(this.peek()!)) {
        const arg = this.parsePostfixed();
        return { type: 'differential', arg, notation: 'd', span: this.spanFrom(startPos) };
      }
      if (word === 'e' && this.isText(this.peek(), '^')) {
        this.pos++;
        const exponent = this.parseArgument('exponent');
        return { type: 'call', fn: 'exp', args: [exponent], span: this.spanFrom(startPos) };
      }
      if (word === 'sym' && this.isText(this.peek(), '(')) return this.parseSym(startPos);
      if (word.length > 1) {
        const name = this.symbol(word, word, spanAll, false, 'other');
        // \operatorname{loss}(W), \mathrm{KL}(p, q): an upright word before parentheses is a function.
        return this.isText(this.peek(), '(') ? this.parseApply(name) : name;
      }
    }
    if (word === '1' && inner.length === 1) return this.withSize({ type: 'ones', span: spanAll });
    if (word === '0' && inner.length === 1) return { type: 'zero', span: spanAll };
    if (word === 'I' && inner.length === 1 && STYLE_BOLD.has(style) && this.options.identityI)
      return { type: 'identity', span: spanAll };
    // Anything else: parse the content, bold where the style says so.
    const bold = STYLE_BOLD.has(style);
    if (bold) this.boldContext++;
    try {
      const end = this.pos;
      if (inner.length === 1) {
        this.pos = argStart + (this.tokens[argStart].kind === 'lbrace' ? 1 : 0);
        const node = this.within(this.pos, this.pos + 1, () => this.parsePrimary(), end);
        return node.type === 'symbol' ? { ...node, bold: node.bold || bold, span: spanAll } : node;
      }
      const braced = this.tokens[argStart].kind === 'lbrace';
      return this.within(
        braced ? argStart + 1 : argStart,
        braced ? end - 1 : end,
        () => this.parseExpression(),
        end,
      );
    } finally {
      if (bold) this.boldContext--;
    }
  }

  private parseAccent(t: Token, startPos: number): Expr {
    const argStart = this.pos;
    const end = this.groupEnd();
    const inner = this.within(
      this.tokens[argStart].kind === 'lbrace' ? argStart + 1 : argStart,
      this.tokens[argStart].kind === 'lbrace' ? end - 1 : end,
      () => this.parseFactor(),
      end,
    );
    const span = this.spanFrom(startPos);
    if (inner.type !== 'symbol') return inner;
    const accent = t.text.replace('\\wide', '\\').replace('\\overline', '\\bar');
    const bold = inner.bold || t.text === '\\vec';
    if (t.text === '\\vec') return { ...inner, bold: true, span };
    return {
      ...inner,
      name: `${accent}{${inner.name}}`,
      display: inner.display + ACCENTS[t.text],
      bold,
      span,
    };
  }

  private withSize<T extends { span: Span; size?: DimSpec; cols?: DimSpec }>(node: T): T {
    if (this.isText(this.peek(), '_')) {
      const underscore = this.next();
      const inner = this.takeArgument();
      // 𝟏_{m×n}: a matrix of ones
      if (inner.some((t) => t.text === '\\times')) {
        const [rows, cols] = this.parseDims(inner, underscore);
        return {
          ...node,
          size: rows,
          ...(cols ? { cols } : {}),
          span: { start: node.span.start, end: inner[inner.length - 1].end },
        };
      }
      const dim = this.dimOf(inner);
      if (dim)
        return {
          ...node,
          size: dim,
          span: { start: node.span.start, end: inner[inner.length - 1].end },
        };
    }
    return node;
  }

  private dimOf(tokens: Token[]): DimSpec | undefined {
    if (tokens.length === 0) return undefined;
    const span = { start: tokens[0].start, end: tokens[tokens.length - 1].end };
    const text = plainText(tokens);
    if (/^\d+$/.test(text)) return { value: Number(text), span };
    return text ? { name: text, span } : undefined;
  }

  /** \logdet X, \operatorname{logdet}(X), logdet(X): log(det(X)). */
  private parseLogDet(startPos: number): Expr {
    const det = this.parseFunction('det', startPos);
    return { type: 'call', fn: 'log', args: [det], span: det.span };
  }

  /** At a single ' (or \prime) directly followed by '(': σ'(z). */
  private primeBeforeParenthesis(): boolean {
    const t = this.peek();
    return (t?.text === "'" || t?.text === '\\prime') && this.isText(this.peek(1), '(');
  }

  private parseFunction(fn: FunctionName, startPos: number): Expr {
    // σ'(z), \tanh'(z): the function's derivative, entrywise.
    const prime = this.primeBeforeParenthesis() ? this.peek() : undefined;
    if (prime) this.pos++;
    // \log^2 x: a power on the function's value.
    let exponent: Expr | undefined;
    if (this.isText(this.peek(), '^')) {
      this.pos++;
      exponent = this.parseArgument('exponent');
    }
    if (this.isText(this.peek(), '_') && (fn === 'max' || fn === 'min')) {
      throw this.errorAt(this.peek(), `${fn} over a set cannot be checked`, 'unsupported');
    }
    let args: Expr[];
    const t = this.peek();
    if (!t) throw this.errorAtEnd(`${fn} has no argument`);
    if (t.text === '(' || t.text === '[' || t.text === '\\{') {
      // \log(\det X)^{-1}: the reader puts the power inside the log (log of the inverse)
      const group =
        fn === 'log' && !exponent ? this.parsePostfix(this.parsePrimary()) : this.parsePrimary();
      args = group.type === 'tuple' ? group.items : [group];
    } else if (t.kind === 'lbrace') {
      args = [this.parseArgument('argument')];
    } else {
      // No parentheses: the argument is the juxtaposed product that follows (tr AB, log det X).
      const argStart = this.pos;
      let arg = this.parseFactor();
      // \det X \, X^{-T}: a spacing command ends the argument, as the reader takes it
      while (
        this.peek() &&
        this.startsFactor(this.peek()!) &&
        !this.peek()!.spacedBefore &&
        !(this.peek()!.kind === 'command' && isFunctionCommand(this.peek()!.text))
      ) {
        const right = this.parseFactor();
        arg = {
          type: 'binary',
          op: 'mul',
          left: arg,
          right,
          opSpan: { start: right.span.start, end: right.span.start },
          span: this.spanFrom(argStart),
        };
      }
      args = [arg];
    }
    let node: Expr = { type: 'call', fn, args, span: this.spanFrom(startPos) };
    if (prime) {
      const derivative =
        args.length === 1
          ? primeDerivative(fn, args[0], node.span)
          : { unsupported: `${fn}′ takes one argument` };
      if ('unsupported' in derivative)
        throw this.errorAt(prime, derivative.unsupported, 'unsupported');
      node = derivative;
    }
    // \tanh^2(Wx) squares each entry, as \sin^2 x does on a scalar: the function acts entrywise.
    if (exponent)
      node = {
        type: 'power',
        arg: node,
        exponent,
        elementwise: isEntrywise(fn),
        span: this.spanFrom(startPos),
      };
    return node;
  }

  /**
   * The index of a lone ‖ or | between from and to (at nesting depth 0) that separates two
   * arguments, as in D(V‖WH) or p(x|θ): a delimiter with no partner cannot be a norm. −1 if none.
   */
  private unpairedSeparator(from: number, to: number): number {
    let depth = 0;
    const found: number[] = [];
    for (let j = from; j < to; j++) {
      const t = this.tokens[j];
      // ⟨A | B⟩ keeps its bar: an inner product, not a separator of the parentheses
      if (opensGroup(t)) depth++;
      else if (closesGroup(t)) depth--;
      else if (depth === 0 && (NORM_DELIMS.has(t.text) || t.text === '|' || t.text === '\\mid'))
        found.push(j);
    }
    return found.length === 1 ? found[0] : -1;
  }

  private closingIndex(open: number): number {
    let depth = 0;
    for (let j = open; j < this.limit; j++) {
      const text = this.tokens[j].text;
      if (text === '(' || text === '[') depth++;
      else if ((text === ')' || text === ']') && --depth === 0) return j;
    }
    return -1;
  }

  /** a, b, c: expressions separated by commas, up to the end of the current range. */
  private parseList(): Expr[] {
    const items = [this.parseExpression()];
    while (this.isText(this.peek(), ',') || this.isText(this.peek(), ';')) {
      this.pos++;
      items.push(this.parseExpression());
    }
    return items;
  }

  private parseParenthesized(open: Token, startPos: number): Expr {
    const close = OPENERS[open.text];
    if (this.isText(this.peek(), close)) throw this.errorAt(open, `empty ${open.text}${close}`);
    const saved = this.delims.length;
    this.delims.push('paren'); // a | inside parentheses opens a new pair of bars
    const end = open.text === '(' || open.text === '[' ? this.closingIndex(this.pos - 1) : -1;
    const separator = end > 0 ? this.unpairedSeparator(this.pos, end) : -1;
    let first: Expr;
    const items: Expr[] = [];
    if (separator >= 0) {
      // D(V ‖ WH), l(μ, Σ | x): the arguments around a lone separator
      const before = this.within(this.pos, separator, () => this.parseList(), separator + 1);
      first = before[0];
      items.push(...before, this.parseExpression());
    } else {
      first = this.parseExpression();
      items.push(first);
    }
    // 𝒩(x; μ, Σ), ℒ(θ; X): a semicolon separates arguments too
    while (this.isText(this.peek(), ',') || this.isText(this.peek(), ';')) {
      this.pos++;
      items.push(this.parseExpression());
    }
    this.delims.length = saved;
    const t = this.peek();
    if (!t) throw this.errorAt(open, `unbalanced '${open.text}': no matching '${close}'`);
    if (t.text !== close) {
      if (CLOSERS.has(t.text) && !(close === ']' && t.text === ')'))
        throw this.errorAt(t, `'${open.text}' closed by '${t.text}'`);
      if (!(open.text === '[' && t.text === ')'))
        throw this.errorAt(t, `expected '${close}' but found '${t.text}'`);
    }
    this.pos++;
    // One expression keeps its own span: a finding about (A + B) points at A + B.
    if (items.length > 1) return { type: 'tuple', items, span: this.spanFrom(startPos) };
    return first;
  }

  private parseDelimited(open: Token, kind: Delim, startPos: number): Expr {
    this.delims.push(kind);
    let arg: Expr;
    try {
      if (!this.peek()) throw this.errorAt(open, `unbalanced '${open.text}'`);
      arg = this.parseExpression();
    } finally {
      this.delims.pop();
    }
    const t = this.peek();
    const closes = kind === 'norm' ? NORM_DELIMS : BAR_DELIMS;
    if (kind === 'doubleBars') {
      if (!t || !this.isDoubleBar(this.pos))
        throw t
          ? this.errorAt(t, `expected a closing || but found '${t.text}'`)
          : this.errorAt(open, `unbalanced '||': no closing ||`);
      this.pos++; // the first bar of the two; the shared step below takes the second
    } else if (!t || !(closes.has(t.text) || (kind === 'bars' && t.text === '|'))) {
      throw t
        ? this.errorAt(t, `expected a closing ${kind === 'norm' ? '‖' : '|'} but found '${t.text}'`)
        : this.errorAt(
            open,
            `unbalanced '${open.text}': no closing ${kind === 'norm' ? '‖' : '|'}`,
          );
    }
    this.pos++;
    if (kind === 'bars')
      return { type: 'call', fn: 'bars', args: [arg], span: this.spanFrom(startPos) };
    // ‖x‖_2^2, ‖X‖^2_F: subscript (the norm) and superscript (a power) in either order.
    let normKind: NormKind = 'default';
    let exponent: Expr | undefined;
    for (let k = 0; k < 2; k++) {
      if (this.isText(this.peek(), '_')) {
        this.pos++;
        const sub = this.takeArgument();
        normKind = this.normKindOf(sub);
      } else if (this.isText(this.peek(), '^') && !exponent) {
        this.pos++;
        exponent = this.parseArgument('exponent');
      }
    }
    let node: Expr = { type: 'norm', kind: normKind, arg, span: this.spanFrom(startPos) };
    if (exponent)
      node = {
        type: 'power',
        arg: node,
        exponent,
        elementwise: false,
        span: this.spanFrom(startPos),
      };
    return node;
  }

  /** Two bars with nothing between them at `index`: ||, the norm typed without a backslash. */
  private isDoubleBar(index: number): boolean {
    const first = this.tokens[index];
    const second = this.tokens[index + 1];
    return (
      index + 1 < this.limit &&
      first?.text === '|' &&
      second?.text === '|' &&
      second.start === first.end &&
      !second.fromMacro
    );
  }

  private normKindOf(sub: Token[]): NormKind {
    const text = plainText(sub);
    if (text === '2') return '2';
    if (text === 'F' || text === 'Fro' || text === 'fro') return 'F';
    if (text === '1') return '1';
    if (text === '\\infty' || text === 'max') return 'inf';
    if (text === '*' || text === '\\ast' || text === 'nuc' || text === '\\star' || text === 'tr')
      return 'nuc';
    throw this.errorAt(sub[0], `the norm ‖·‖_${text} cannot be checked`, 'unsupported');
  }

  private parseAngle(open: Token, startPos: number): Expr {
    const left = this.parseExpression();
    if (
      !this.isText(this.peek(), ',') &&
      !this.isText(this.peek(), '\\mid') &&
      !this.isText(this.peek(), '|')
    ) {
      throw this.peek()
        ? this.errorAt(this.peek(), `expected ',' inside ⟨ , ⟩ but found '${this.peek()!.text}'`)
        : this.errorAt(open, "unbalanced '\\langle'");
    }
    const sep = this.next();
    const right = this.parseExpression();
    if (!this.isText(this.peek(), '\\rangle')) {
      throw this.peek()
        ? this.errorAt(this.peek(), `expected \\rangle but found '${this.peek()!.text}'`)
        : this.errorAt(open, "unbalanced '\\langle': no \\rangle");
    }
    this.pos++;
    // ⟨A, B⟩_F names the Frobenius inner product; any other subscript is some other product.
    if (this.isText(this.peek(), '_')) {
      const underscore = this.next();
      const sub = plainText(this.takeArgument());
      if (sub !== 'F' && sub !== 'Fro' && sub !== 'fro')
        throw this.errorAt(
          underscore,
          `the inner product ⟨·,·⟩_${sub} cannot be checked`,
          'unsupported',
        );
    }
    return {
      type: 'binary',
      op: 'frob',
      left,
      right,
      opSpan: { start: sep.start, end: sep.end },
      span: this.spanFrom(startPos),
    };
  }

  private isDifferentialMark(tokens: Token[]): 'd' | 'partial' | undefined {
    if (tokens.length === 0) return undefined;
    if (tokens[0].text === '\\partial') return 'partial';
    if (tokens[0].text === 'd') return 'd';
    if (
      (tokens[0].text === '\\mathrm' ||
        tokens[0].text === '\\text' ||
        tokens[0].text === '\\operatorname') &&
      tokens[1]?.kind === 'lbrace' &&
      tokens[2]?.text === 'd' &&
      tokens[3]?.kind === 'rbrace'
    )
      return 'd';
    if ((tokens[0].text === '\\mathrm' || tokens[0].text === '\\rm') && tokens[1]?.text === 'd')
      return 'd';
    return undefined;
  }

  private markLength(tokens: Token[]): number {
    if (tokens[0].text === '\\partial' || tokens[0].text === 'd') return 1;
    return tokens[1]?.kind === 'lbrace' ? 4 : 2;
  }

  private parseFraction(t: Token, startPos: number): Expr {
    const numStart = this.pos;
    const numEnd = this.groupEnd();
    const numTokens =
      this.tokens[numStart]?.kind === 'lbrace'
        ? this.tokens.slice(numStart + 1, numEnd - 1)
        : this.tokens.slice(numStart, numEnd);
    const denStart = numEnd;
    if (denStart >= this.limit) throw this.errorAt(t, `${t.text} needs two arguments`);
    const denEnd = this.groupEnd(denStart);
    const denTokens =
      this.tokens[denStart]?.kind === 'lbrace'
        ? this.tokens.slice(denStart + 1, denEnd - 1)
        : this.tokens.slice(denStart, denEnd);
    const numMark = this.isDifferentialMark(numTokens);
    const denMark = this.isDifferentialMark(denTokens);
    if (numMark && denMark && denTokens.length > this.markLength(denTokens)) {
      const numInner = this.tokens[numStart].kind === 'lbrace' ? numStart + 1 : numStart;
      const denInner = this.tokens[denStart].kind === 'lbrace' ? denStart + 1 : denStart;
      const numAfterMark = numInner + this.markLength(numTokens);
      if (this.isText(this.tokens[numAfterMark], '^') && numAfterMark < numEnd) {
        throw this.errorAt(
          this.tokens[numAfterMark],
          'higher derivatives cannot be checked',
          'unsupported',
        );
      }
      const wrt = this.within(
        denInner + this.markLength(denTokens),
        this.tokens[denStart].kind === 'lbrace' ? denEnd - 1 : denEnd,
        () => this.parseExpression(),
        denEnd,
      );
      const notation = numMark === 'partial' ? 'partial' : 'd';
      if (numAfterMark >= (this.tokens[numStart].kind === 'lbrace' ? numEnd - 1 : numEnd)) {
        // \frac{\partial}{\partial X} f: an operator on what follows.
        if (!this.peek() || isRelationToken(this.peek()))
          throw this.errorAt(t, 'the derivative has nothing to act on');
        const f = this.parseObjective(() => this.parseAdditive());
        return { type: 'grad', f, wrt, notation, span: this.spanFrom(startPos) };
      }
      const f = this.within(
        numAfterMark,
        this.tokens[numStart].kind === 'lbrace' ? numEnd - 1 : numEnd,
        () => this.parseObjective(() => this.parseExpression()),
        denEnd,
      );
      return { type: 'grad', f, wrt, notation, span: this.spanFrom(startPos) };
    }
    const numerator = this.parseArgument('numerator');
    if (!this.peek()) throw this.errorAt(t, `${t.text} needs two arguments`);
    const denominator = this.parseArgument('denominator');
    const span = this.spanFrom(startPos);
    return {
      type: 'binary',
      op: 'div',
      left: numerator,
      right: denominator,
      opSpan: { start: t.start, end: t.end },
      span,
    };
  }

  private parseSqrt(startPos: number): Expr {
    if (this.isText(this.peek(), '[')) {
      const open = this.next();
      const rootStart = this.pos;
      while (this.peek() && !this.isText(this.peek(), ']')) this.pos++;
      if (!this.peek()) throw this.errorAt(open, "unbalanced '[' in \\sqrt[…]");
      const degree = this.within(rootStart, this.pos, () => this.parseExpression(), this.pos + 1);
      const arg = this.parseArgument('radicand');
      const one: Expr = { type: 'number', value: 1, span: degree.span };
      const exponent: Expr = {
        type: 'binary',
        op: 'div',
        left: one,
        right: degree,
        opSpan: degree.span,
        span: degree.span,
      };
      return { type: 'power', arg, exponent, elementwise: true, span: this.spanFrom(startPos) };
    }
    const arg = this.parseArgument('radicand');
    return { type: 'call', fn: 'sqrt', args: [arg], span: this.spanFrom(startPos) };
  }

  private parseSum(t: Token, startPos: number): Expr {
    let indices: SumIndex[] = [];
    let upper: Expr | undefined;
    for (let k = 0; k < 2; k++) {
      if (this.isText(this.peek(), '_')) {
        this.pos++;
        indices = this.parseSumIndices(this.takeArgument(), t);
      } else if (this.isText(this.peek(), '^')) {
        this.pos++;
        upper = this.parseArgument('upper limit');
      }
    }
    if (upper && indices.length > 0)
      indices[indices.length - 1] = { ...indices[indices.length - 1], upper };
    if (!this.peek() || isRelationToken(this.peek()) || !this.startsFactor(this.peek()!))
      throw this.errorAt(t, '\\sum has nothing to sum');
    this.bound.push(...indices.map((i) => i.name));
    try {
      const body = this.parseProduct();
      return { type: 'sum', indices, body, span: this.spanFrom(startPos) };
    } finally {
      this.bound.length -= indices.length;
    }
  }

  private parseSumIndices(tokens: Token[], sum: Token): SumIndex[] {
    const parts: Token[][] = [[]];
    for (const t of tokens) {
      if (t.text === ',') parts.push([]);
      else parts[parts.length - 1].push(t);
    }
    const indices: SumIndex[] = [];
    for (const part of parts) {
      if (part.length === 0) continue;
      // \sum_{k \neq i}: every k but the current i
      const ne = part.findIndex((t) => t.text === '\\neq' || t.text === '\\ne');
      const except = ne > 0 ? part.slice(ne + 1).filter((t) => t.kind === 'letter') : [];
      if (ne > 0 && except.length === part.length - ne - 1 && except.length > 0) {
        const names = part.slice(0, ne);
        if (names.length === 1 && names[0].kind === 'letter') {
          indices.push({
            name: names[0].text,
            except: except.map((t) => t.text),
            span: { start: names[0].start, end: names[0].end },
          });
          continue;
        }
      }
      const eq = part.findIndex((t) => t.text === '=' || t.text === '\\in');
      const names = eq < 0 ? part : part.slice(0, eq);
      if (!names.every((t) => t.kind === 'letter' || t.kind === 'number' || greekLetter(t.text))) {
        throw this.errorAt(part[0], 'this \\sum subscript is not understood', 'unsupported');
      }
      let lower: Expr | undefined;
      if (eq >= 0 && part[eq].text === '=' && eq + 1 < part.length) {
        const saved = { pos: this.pos, limit: this.limit };
        const startIndex = this.tokens.indexOf(part[eq + 1]);
        if (startIndex >= 0) {
          lower = this.within(
            startIndex,
            startIndex + part.length - eq - 1,
            () => this.parseExpression(),
            saved.pos,
          );
          this.limit = saved.limit;
        }
      }
      // \sum_{ij}: two indices written together.
      const letters = names.filter((t) => t.kind === 'letter');
      if (eq < 0 && letters.length === names.length && letters.length > 1) {
        for (const l of letters)
          indices.push({ name: l.text, span: { start: l.start, end: l.end } });
      } else if (names.length > 0) {
        indices.push({
          name: names.map((t) => t.text).join(''),
          lower,
          span: { start: names[0].start, end: names[names.length - 1].end },
        });
      }
    }
    if (indices.length === 0) throw this.errorAt(sum, 'empty \\sum subscript');
    return indices;
  }

  private parsePartial(t: Token, startPos: number): Expr {
    if (this.isText(this.peek(), '_')) {
      this.pos++;
      const wrt = this.parseArgument('variable');
      if (!this.peek()) throw this.errorAt(t, 'the derivative has nothing to act on');
      const f = this.parseObjective(() => this.parseAdditive());
      return { type: 'grad', f, wrt, notation: 'partial', span: this.spanFrom(startPos) };
    }
    if (!this.peek() || !this.startsFactor(this.peek()!))
      throw this.errorAt(t, '\\partial of nothing');
    const arg = this.parsePostfixed();
    return { type: 'differential', arg, notation: 'partial', span: this.spanFrom(startPos) };
  }

  private parseNabla(t: Token, startPos: number): Expr {
    let wrt: Expr | undefined;
    let order = 1;
    for (let k = 0; k < 2; k++) {
      if (this.isText(this.peek(), '_')) {
        this.pos++;
        wrt = this.parseArgument('variable');
      } else if (this.isText(this.peek(), '^')) {
        // ∇²_w f: the Hessian, the Jacobian of the gradient
        const caret = this.peek()!;
        this.pos++;
        const power = this.parseArgument('exponent');
        if (power.type !== 'number' || power.value !== 2)
          throw this.errorAt(caret, 'only ∇ and ∇² (the Hessian) can be checked', 'unsupported');
        order = 2;
      }
    }
    if (!this.peek() || isRelationToken(this.peek()))
      throw this.errorAt(t, '∇ has nothing to act on');
    const f = this.parseObjective(() => this.parseAdditive());
    const gradient: Expr = {
      type: 'grad',
      f,
      wrt,
      notation: 'nabla',
      span: this.spanFrom(startPos),
    };
    return order === 2
      ? { type: 'grad', f: gradient, wrt, notation: 'nabla', hessian: true, span: gradient.span }
      : gradient;
  }

  /** ℝ^{m×n}, ℝ^n_+, 𝕊^n_{++}: the right-hand side of a declaration. */
  private parseSpace(field: 'R' | 'S', t: Token, startPos: number): SpaceNode {
    let dims: DimSpec[] = [];
    let positive: SpaceNode['positive'];
    let definite: SpaceNode['definite'];
    for (let k = 0; k < 2; k++) {
      if (this.isText(this.peek(), '^')) {
        this.pos++;
        const inner = this.takeArgument();
        dims = this.parseDims(inner, t);
      } else if (this.isText(this.peek(), '_')) {
        this.pos++;
        const inner = this.takeArgument()
          .map((x) => x.text)
          .join('');
        if (/^(\+\+|>0|\\succ0)$/.test(inner)) {
          if (field === 'S') definite = 'pd';
          else positive = 'positive';
        } else if (/^(\+|\\geq?0|\\succeq0)$/.test(inner)) {
          if (field === 'S') definite = 'psd';
          else positive = 'nonnegative';
        }
      }
    }
    if (field === 'S' && dims.length === 1) dims = [dims[0], dims[0]];
    return { type: 'space', field, dims, positive, definite, span: this.spanFrom(startPos) };
  }

  parseDims(tokens: Token[], at: Token): DimSpec[] {
    const parts: Token[][] = [[]];
    for (const t of tokens) {
      if (
        t.text === '\\times' ||
        (t.text === 'x' && tokens.length === 3) ||
        t.text === ',' ||
        t.text === '*'
      )
        parts.push([]);
      else parts[parts.length - 1].push(t);
    }
    const dims: DimSpec[] = [];
    for (const part of parts) {
      const dim = this.dimOf(part);
      if (!dim) throw this.errorAt(at, 'empty dimension');
      const wrong = notASize(dim);
      if (wrong) {
        const limit = 'value' in dim && dim.value > DECLARED_SIZE ? 'DECLARED_SIZE' : undefined;
        throw new LatexError('parse', wrong, dim.span.start, dim.span.end, limit);
      }
      dims.push(dim);
    }
    if (dims.length > 2)
      throw this.errorAt(
        tokens[0] ?? at,
        `tensors of order ${dims.length} cannot be checked`,
        'unsupported',
      );
    return dims;
  }

  private parseEnvironment(t: Token, startPos: number): Expr {
    const nameTokens = this.takeArgument();
    const env = nameTokens.map((x) => x.text).join('');
    if (env === 'cases' || env === 'dcases') return this.parseCases(t, env, startPos);
    if (!MATRIX_ENVS.has(env))
      throw this.errorAt(t, `the ${env} environment cannot be checked here`, 'unsupported');
    // cells as written: `& &` leaves one blank, a lone \vdots or \cdots is an ellipsis cell
    const grid: PatternCell[][] = [[undefined]];
    const last = () => grid[grid.length - 1];
    for (;;) {
      const next = this.peek();
      if (!next) throw this.errorAt(t, `\\begin{${env}} has no \\end{${env}}`);
      if (next.text === '\\end') {
        this.pos++;
        this.takeArgument();
        break;
      }
      if (next.text === '\\\\') {
        this.pos++;
        grid.push([undefined]);
        continue;
      }
      if (next.text === '&') {
        this.pos++;
        last().push(undefined);
        continue;
      }
      const after = this.tokens[this.pos + 1]?.text;
      const ellipsis = ELLIPSIS_CELLS[next.text];
      if (ellipsis && (after === '&' || after === '\\\\' || after === '\\end')) {
        this.pos++;
        last()[last().length - 1] = { ellipsis };
        continue;
      }
      const cell = this.parseExpression();
      if (last()[last().length - 1] === undefined) last()[last().length - 1] = cell;
      else last().push(cell);
    }
    if (grid.some((row) => row.some((cell) => cell !== undefined && 'ellipsis' in cell))) {
      const pattern = readPattern(
        grid.filter((row) => row.some((cell) => cell !== undefined)),
        this.spanFrom(startPos),
      );
      if (!pattern)
        throw this.errorAt(t, `not checked: cannot read the pattern of this ${env}`, 'unsupported');
      if (env === 'vmatrix')
        return { type: 'call', fn: 'det', args: [pattern], span: pattern.span };
      return pattern;
    }
    const rows = grid.map((row) => row.filter((cell): cell is Expr => cell !== undefined));
    const filled = rows.filter((r) => r.length > 0);
    const width = filled[0]?.length ?? 0;
    if (filled.length === 0) throw this.errorAt(t, `empty ${env}`);
    if (filled.some((r) => r.length !== width))
      throw this.errorAt(t, `the rows of this ${env} have different lengths`);
    const node: Expr = { type: 'matrix', rows: filled, span: this.spanFrom(startPos) };
    if (env === 'vmatrix') return { type: 'call', fn: 'det', args: [node], span: node.span };
    return node;
  }

  /** Cases on index conditions (i = j, i ≠ j, otherwise): see indices/cases.ts. */
  private parseCases(t: Token, env: string, startPos: number): Expr {
    const rows: CaseRow[] = [];
    for (;;) {
      const next = this.peek();
      if (!next) throw this.errorAt(t, `\\begin{${env}} has no \\end{${env}}`);
      if (next.text === '\\end') {
        this.pos++;
        this.takeArgument();
        break;
      }
      if (next.text === '\\\\') {
        this.pos++;
        continue;
      }
      const value = this.parseExpression();
      if (this.isText(this.peek(), '&')) this.pos++;
      const said: Token[] = [];
      while (this.peek() && this.peek()!.text !== '\\\\' && this.peek()!.text !== '\\end')
        said.push(this.next());
      const words = said.map((x) => (x.kind === 'letter' ? x.text : ' ')).join('');
      const condition = /\b(otherwise|else)\b/.test(words) ? 'otherwise' : indexCondition(said);
      if (!condition)
        throw this.errorAt(
          said[0] ?? t,
          'only cases on indices (i = j, i ≠ j) can be checked',
          'unsupported',
        );
      rows.push({ value, condition });
    }
    const expr = casesByIndicators(rows, this.spanFrom(startPos));
    if (!expr) throw this.errorAt(t, 'these cases cannot be checked', 'unsupported');
    return expr;
  }

  // ── postfix: ^T, ^{-1}, ^2, _{ij}, ' ───────────────────────────────────────────────────

  /** A primary and its scripts. */
  private parsePostfixed(): Expr {
    const start = this.peek()?.start;
    return this.parsePostfix(this.parsePrimary(), start);
  }

  /** `spanStart`: where the primary's source starts, before any parenthesis of its own. */
  private parsePostfix(node: Expr, spanStart = node.span.start): Expr {
    for (;;) {
      const t = this.peek();
      if (!t) break;
      // each script or prime wraps the node once more: x''''… is as deep as it is long
      if (t.text === '^' || t.text === '_' || t.text === "'" || t.text === '\\prime')
        this.countNode(t);
      if (t.text === '^') {
        this.pos++;
        const scriptStart = this.pos;
        const script = this.takeArgument();
        if (script.length === 0) throw this.errorAt(t, 'empty superscript');
        node = this.applySuperscript(node, script, scriptStart, spanStart);
      } else if (t.text === '_') {
        this.pos++;
        const script = this.takeArgument();
        if (script.length === 0) throw this.errorAt(t, 'empty subscript');
        node = this.applySubscript(node, script, t, spanStart);
      } else if (t.text === "'" || t.text === '\\prime') {
        // σ'(z), f'(x): a derivative written with a prime, not a transpose (asked once: after
        // the first prime the node is a transpose, so a run of primes is scanned once)
        let after = 1;
        if (node.type === 'symbol') while (this.peek(after)?.text === "'") after++;
        // ℓ'(r) after ℓ(r) = …: the derivative of the note's own function of one variable
        const ownDerivative =
          node.type === 'symbol' &&
          after === 1 &&
          this.options.functions.has(node.name) &&
          this.isText(this.peek(1), '(');
        if (ownDerivative) {
          const head = node as SymbolNode;
          this.pos++;
          const applied = this.parseApply(head);
          const arg =
            applied.type === 'apply' && applied.args.length === 1 ? applied.args[0] : undefined;
          if (arg?.type !== 'symbol')
            throw this.errorAt(
              t,
              `${head.display}′(…) of an expression: derivatives written with a prime are checked at a variable only`,
              'unsupported',
            );
          node = {
            type: 'grad',
            f: applied,
            wrt: arg,
            notation: 'd',
            span: { start: spanStart, end: applied.span.end },
          };
          continue;
        }
        if (node.type === 'symbol' && this.isText(this.peek(after), '(')) {
          throw this.errorAt(
            t,
            `${node.display}′(…): derivatives written with a prime cannot be checked`,
            'unsupported',
          );
        }
        this.pos++;
        node = this.primedSymbol(node, t.end) ?? {
          type: 'transpose',
          arg: node,
          span: { start: spanStart, end: t.end },
        };
      } else if (t.text === '!' && !t.spaceBefore) {
        throw this.errorAt(t, 'factorials cannot be checked', 'unsupported');
      } else {
        break;
      }
      node = { ...node, span: { start: spanStart, end: this.tokens[this.pos - 1].end } };
    }
    return node;
  }

  private applySuperscript(
    node: Expr,
    script: Token[],
    scriptStart: number,
    spanStart: number,
  ): Expr {
    const plain = plainText(script);
    const span = { start: spanStart, end: script[script.length - 1].end };
    // \hat x_k^-, P_k^-, x^+: a mark on the name (the prior estimate, the next iterate)
    const next = this.peek();
    const continues =
      next && !next.spaceBefore && (next.kind === 'number' || next.kind === 'letter');
    if ((plain === '-' || plain === '+') && node.type === 'symbol' && !continues) {
      const pseudoInverse =
        plain === '+' && (node.style === 'latin-upper' || node.style === 'greek-upper');
      if (!pseudoInverse)
        return {
          ...node,
          name: `${node.name}^{${plain}}`,
          display: `${node.display}${plain === '-' ? '⁻' : '⁺'}`,
          span,
        };
    }
    if (plain === '-') throw this.errorAt(script[0], 'TeX reads ^-1 as ^{-}1: write ^{-1}');
    if (
      plain === 'T' ||
      plain === '\\top' ||
      plain === '\\intercal' ||
      plain === '\\prime' ||
      plain === "'" ||
      plain === 'H'
    ) {
      const primed =
        plain === '\\prime' || plain === "'" ? this.primedSymbol(node, span.end) : undefined;
      return primed ?? { type: 'transpose', arg: node, span };
    }
    if (plain === '-1') return { type: 'inverse', arg: node, span };
    if (plain === '-T' || plain === '-\\top' || plain === '-\\intercal') {
      return { type: 'transpose', arg: { type: 'inverse', arg: node, span }, span };
    }
    if (plain === '\\dagger' || plain === '+')
      throw this.errorAt(script[0], 'pseudo-inverses cannot be checked', 'unsupported');
    if (
      node.type === 'symbol' &&
      (plain === '*' || plain === '\\ast' || plain === '\\star' || /^\(.*\)$/.test(plain))
    ) {
      // x^*, W^{(1)}: a label, part of the name.
      return {
        ...node,
        name: `${node.name}^{${plain}}`,
        display: `${node.display}${plain === '\\ast' || plain === '\\star' ? '*' : plain}`,
        span,
      };
    }
    if (script[0].text === '\\circ' || script[0].text === '\\odot') {
      if (script.length < 2) throw this.errorAt(script[0], 'a Hadamard power needs an exponent');
      const from = this.tokens.indexOf(script[1], scriptStart);
      const exponent = this.within(
        from,
        from + script.length - 1,
        () => this.parseExpression(),
        this.pos,
      );
      return { type: 'power', arg: node, exponent, elementwise: true, span };
    }
    const from = this.tokens.indexOf(script[0], scriptStart);
    const exponent = this.within(
      from,
      from + script.length,
      () => this.parseExpression(),
      this.pos,
    );
    return { type: 'power', arg: node, exponent, elementwise: false, span };
  }

  private applySubscript(node: Expr, script: Token[], underscore: Token, spanStart: number): Expr {
    const span = { start: spanStart, end: script[script.length - 1].end };
    // K^T_k, W^{-1}_t: the subscript names the matrix (K_k), the superscript acts on it
    if ((node.type === 'transpose' || node.type === 'inverse') && node.arg.type === 'symbol') {
      const named = this.applySubscript(node.arg, script, underscore, node.arg.span.start);
      if (named.type === 'symbol') return { ...node, arg: named, span };
    }
    if (
      (node.type === 'ones' || node.type === 'zero') &&
      script.some((t) => t.text === '\\times')
    ) {
      const [rows, cols] = this.parseDims(script, underscore);
      return { ...node, size: rows, ...(cols ? { cols } : {}), span };
    }
    if (node.type === 'identity' || node.type === 'ones' || node.type === 'zero') {
      const size = this.dimOf(script);
      return { ...node, size, span };
    }
    const letters = script.filter((t) => t.text !== ',');
    const allLetters =
      letters.length > 0 && letters.every((t) => t.kind === 'letter' && !t.fromMacro);
    const allBound = allLetters && letters.every((t) => this.bound.includes(t.text));
    const twoFree =
      allLetters &&
      letters.length === 2 &&
      letters.every((t) => INDEX_LETTERS.has(t.text) && /[a-z]/.test(t.text));
    // (Ax)_i, (BX)_{pq}: an entry of an expression, whatever its indices are bound to
    const ofExpression =
      allLetters &&
      letters.length <= 2 &&
      node.type !== 'symbol' &&
      letters.every((t) => INDEX_LETTERS.has(t.text) && /[a-z]/.test(t.text));
    // \mathbf{x}_i under \sum_i: the i-th vector of a family (a data point), not an entry of x.
    const family =
      node.type === 'symbol' &&
      node.bold &&
      (node.style === 'latin-lower' || node.style === 'greek-lower') &&
      letters.length === 1;
    if (
      (allBound && !family) ||
      ofExpression ||
      (twoFree &&
        (node.type !== 'symbol' ||
          node.style === 'latin-upper' ||
          node.style === 'greek-upper' ||
          node.bold))
    ) {
      return { type: 'entry', base: node, indices: letters.map((t) => t.text), span };
    }
    if (node.type === 'symbol') {
      if (script.some((t) => t.text === '\\times')) {
        return { ...node, sizeHint: this.parseDims(script, underscore), span };
      }
      const clean = plainText(script);
      return {
        ...node,
        name: `${node.name}_{${clean}}`,
        display: node.display + subscriptDisplay(clean),
        span,
      };
    }
    throw this.errorAt(underscore, 'a subscript here is not understood', 'unsupported');
  }
}

/** A group's opening: a brace, ( or [, or ⟨ (whose comma separates nothing outside it). */
function opensGroup(t: Token): boolean {
  return t.kind === 'lbrace' || t.text === '(' || t.text === '[' || t.text === '\\langle';
}

function closesGroup(t: Token): boolean {
  return t.kind === 'rbrace' || t.text === ')' || t.text === ']' || t.text === '\\rangle';
}

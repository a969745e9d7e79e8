// Splits the tokens of one math region into statements: unwraps align-like environments
// (and plain-TeX \eqalign), splits rows at \\, joins a row that starts with `&=` (or with
// `& +`) onto the chain before it, and splits a row at top-level `,` `;` `\quad` or text.
//
// What real notes add to that:
//  - a row that is only words (`&\text{expand the product} \\`) is a remark, like \intertext:
//    the `&= …` row after it continues the chain before it; so does a `= …` part after a text
//    column (`A &= B && \text{(cyclic)}`);
//  - math inside words (`\text{where $\delta = Wx$}`) is a statement of its own when it relates
//    something;
//  - an arrow between two formulas (`a = b \Rightarrow c = d`) separates two statements: it
//    is an implication, not a step of either chain; an arrow inside a formula
//    (`\lim_{t \to 0}`, `f: ℝ^n \to ℝ`) stays where it is;
//  - an operand with an ellipsis (a `\vdots` matrix) cannot be evaluated: the steps touching it
//    become a statement of their own, so the rest of the chain is still checked;
//  - a display block that starts with `= …` (or `&= …`) continues the expression the display
//    block before it ended with (`before`), as Q&A answers write one chain per `$$` line.
import { FUNCTION_WORDS } from '../functions/registry';
import { dollarPieces, skipArgument } from './normalize';
import type { Token } from './token';

const ROW_ENVS = new Set([
  'align',
  'align*',
  'aligned',
  'alignat',
  'alignat*',
  'alignedat',
  'eqnarray',
  'eqnarray*',
  'flalign',
  'flalign*',
  'split',
  'gather',
  'gather*',
  'gathered',
  'multline',
  'multline*',
  'equation',
  'equation*',
  'displaymath',
  'math',
  'array',
  'subequations',
]);
const WRAPPER_COMMANDS = new Set(['\\eqalign', '\\eqalignno', '\\displaylines', '\\aligned']);
const RELATIONS = new Set([
  '=',
  '<',
  '>',
  '\\le',
  '\\leq',
  '\\ge',
  '\\geq',
  '\\leqslant',
  '\\geqslant',
  '\\neq',
  '\\ne',
  '\\approx',
  '\\equiv',
  '\\propto',
  '\\sim',
  '\\simeq',
  '\\cong',
  '\\in',
  '\\leftarrow',
  '\\gets',
  '\\to',
  '\\rightarrow',
  '\\mapsto',
  '\\coloneqq',
  '\\eqqcolon',
  '\\triangleq',
  '\\doteq',
  '\\succ',
  '\\succeq',
  '\\prec',
  '\\preceq',
  '\\Rightarrow',
  '\\implies',
  '\\Leftrightarrow',
  '\\iff',
  '\\longrightarrow',
  '\\Longrightarrow',
  '\\defeq',
  '\\coloneq',
]);
const CONTINUING_OPERATORS = new Set([
  '+',
  '-',
  '\\cdot',
  '\\times',
  '\\odot',
  '\\circ',
  '\\oslash',
  '\\otimes',
  '\\pm',
  '\\mp',
  ':',
]);
/** Arrows that separate two formulas (`a = b \Rightarrow c = d`): an implication, no step. */
const IMPLICATION_ARROWS = new Set([
  '\\Rightarrow',
  '\\implies',
  '\\Longrightarrow',
  '\\rightarrow',
  '\\longrightarrow',
  '\\to',
  '\\iff',
  '\\Leftrightarrow',
  '\\Longleftrightarrow',
]);
/** Arrows that write a function's type or rule (`f: ℝ^n → ℝ`, `x ↦ Ax`). */
const SIGNATURE_ARROWS = new Set([
  '\\to',
  '\\rightarrow',
  '\\longrightarrow',
  '\\mapsto',
  '\\longmapsto',
]);
const ELLIPSIS = /^\\(?:[lcvd]?dots|dots[bc])$/;
const TEXT_COMMANDS = new Set([
  '\\text',
  '\\mbox',
  '\\textrm',
  '\\textit',
  '\\textbf',
  '\\textnormal',
  '\\intertext',
  '\\shortintertext',
]);
/** Words that \text{…} may hold inside mathematics (tr, d, diag): those are not prose. */
const TEXT_MATH_WORDS = new Set(['d', 'T', 'logdet', 'sgn', 'sign']);
const isTextMathWord = (word: string) => TEXT_MATH_WORDS.has(word) || FUNCTION_WORDS.has(word);

export function isRelationToken(t: Token | undefined): boolean {
  if (!t) return false;
  if (t.kind === 'symbol') return RELATIONS.has(t.text);
  return t.kind === 'command' && RELATIONS.has(t.text);
}

export type RowMode = 'rows' | 'gather' | 'multline';

export interface Statement {
  tokens: Token[];
}

function envName(tokens: Token[], i: number): { name: string; end: number } | undefined {
  // \begin { n a m e * }
  if (tokens[i + 1]?.kind !== 'lbrace') return undefined;
  let name = '';
  let j = i + 2;
  while (j < tokens.length && tokens[j].kind !== 'rbrace') name += tokens[j++].text;
  return { name, end: j + 1 };
}

/** Removes an outer environment / \eqalign wrapper; repeats for nested wrappers. */
function unwrap(tokens: Token[]): { tokens: Token[]; mode: RowMode } {
  let mode: RowMode = 'rows';
  for (let guard = 0; guard < 8; guard++) {
    const first = tokens[0];
    if (first?.kind === 'command' && first.text === '\\begin') {
      const env = envName(tokens, 0);
      if (!env || !ROW_ENVS.has(env.name)) break;
      let from = env.end;
      if (/^(alignat|alignedat|array)/.test(env.name)) from = skipArgument(tokens, from);
      // the matching \end: the last \end{name}
      let endAt = -1;
      for (let j = tokens.length - 1; j >= from; j--) {
        if (tokens[j].kind === 'command' && tokens[j].text === '\\end') {
          const closing = envName(tokens, j);
          if (closing?.name === env.name) {
            endAt = j;
            break;
          }
        }
      }
      const inner = endAt < 0 ? tokens.slice(from) : tokens.slice(from, endAt);
      const after = endAt < 0 ? [] : tokens.slice(envName(tokens, endAt)!.end);
      if (env.name.startsWith('gather')) mode = 'gather';
      else if (env.name.startsWith('multline')) mode = 'multline';
      tokens = [...inner, ...after];
    } else if (
      first?.kind === 'command' &&
      WRAPPER_COMMANDS.has(first.text) &&
      tokens[1]?.kind === 'lbrace'
    ) {
      const end = skipArgument(tokens, 1);
      tokens = [...tokens.slice(2, end - 1), ...tokens.slice(end)];
    } else {
      break;
    }
  }
  return { tokens, mode };
}

function splitRows(tokens: Token[]): Token[][] {
  const rows: Token[][] = [[]];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'lbrace') depth++;
    else if (t.kind === 'rbrace') depth = Math.max(0, depth - 1);
    else if (t.kind === 'command' && t.text === '\\begin') depth++;
    else if (t.kind === 'command' && t.text === '\\end') depth = Math.max(0, depth - 1);
    const isBreak =
      depth === 0 &&
      t.kind === 'command' &&
      (t.text === '\\\\' || t.text === '\\cr' || t.text === '\\newline');
    if (isBreak) {
      // \\[2pt] carries an optional spacing argument.
      if (t.text === '\\\\' && tokens[i + 1]?.text === '[') {
        while (i < tokens.length && tokens[i].text !== ']') i++;
      }
      rows.push([]);
    } else if (
      depth === 0 &&
      t.kind === 'command' &&
      (t.text === '\\intertext' || t.text === '\\shortintertext')
    ) {
      i = skipArgument(tokens, i + 1) - 1;
      rows.push([]);
    } else {
      rows[rows.length - 1].push(t);
    }
  }
  return rows;
}

function isTextSeparator(tokens: Token[], i: number): number {
  const t = tokens[i];
  if (t.kind !== 'command' || !TEXT_COMMANDS.has(t.text)) return 0;
  // A script is part of the formula: \|X\|_\text{F}, W_\text{out}.
  if (tokens[i - 1]?.text === '_' || tokens[i - 1]?.text === '^') return 0;
  const end = skipArgument(tokens, i + 1);
  const word = tokens
    .slice(i + 2, end - 1)
    .map((x) => x.text)
    .join('');
  if (isTextMathWord(word.trim())) return 0;
  return end - i;
}

/** `\text{where $\delta = Wx$}`: the `$…$` pieces inside text[from, to) that relate something. */
function mathInText(tokens: Token[], from: number, to: number): Token[][] {
  return dollarPieces(tokens, from, to).filter((inner) => inner.some(isRelationToken));
}

/** The row is nothing but words (`&\text{expand the product}`): a remark between chain rows. */
function isTextRow(row: Token[]): boolean {
  const cleaned = row.filter((t) => t.text !== '&');
  return cleaned.length > 0 && isTextSeparator(cleaned, 0) === cleaned.length;
}

/** Depth-0 positions in a row: outside braces and environments (a matrix's cells are inside). */
function topLevelIndices(tokens: Token[], test: (t: Token) => boolean): number[] {
  const found: number[] = [];
  let depth = 0;
  tokens.forEach((t, i) => {
    if (t.kind === 'lbrace' || (t.kind === 'command' && t.text === '\\begin')) depth++;
    else if (t.kind === 'rbrace' || (t.kind === 'command' && t.text === '\\end'))
      depth = Math.max(0, depth - 1);
    else if (depth === 0 && test(t)) found.push(i);
  });
  return found;
}

/** Whether a relation (=, ≤, ∈, …) stands outside every brace. */
export function hasRelation(tokens: Token[]): boolean {
  return topLevelIndices(tokens, isRelationToken).length > 0;
}

/**
 * `f: ℝ^n \to ℝ`, `x \mapsto Ax`: an arrow outside every brace makes a statement a function's
 * type or rule. `\lim_{t \to 0} …` keeps its arrow inside a script: still a formula.
 */
export function isSignature(tokens: Token[]): boolean {
  return topLevelIndices(tokens, (t) => SIGNATURE_ARROWS.has(t.text)).length > 0;
}

/** The expression a statement ends with: the tokens after its last top-level relation. */
export function lastExpression(statement: Statement | undefined): Token[] | undefined {
  if (!statement) return undefined;
  const relations = topLevelIndices(statement.tokens, isRelationToken);
  const from = relations.length ? relations[relations.length - 1] + 1 : 0;
  const rest = statement.tokens.slice(from);
  return rest.length > 0 && !rest.some((t) => ELLIPSIS.test(t.text)) ? rest : undefined;
}

/**
 * `M = Ax + (xᵀA)ᵀ = (A + Aᵀ)x` with M a `\vdots` matrix: the steps touching an operand with
 * an ellipsis go into a statement of their own (reported as not checkable), the others stay
 * one chain. Runs of steps with the same standing share their boundary operand.
 */
function isolateEllipsisOperands(tokens: Token[]): Token[][] {
  const relations = topLevelIndices(tokens, isRelationToken);
  if (relations.length < 2 || !tokens.some((t) => ELLIPSIS.test(t.text))) return [tokens];
  if (relations.some((i) => tokens[i].text !== '=')) return [tokens];
  const bounds = [-1, ...relations, tokens.length];
  const operandHasEllipsis = bounds
    .slice(0, -1)
    .map((b, k) => tokens.slice(b + 1, bounds[k + 1]).some((t) => ELLIPSIS.test(t.text)));
  // step j (1-based) relates operands j-1 and j
  const tainted = (j: number) => operandHasEllipsis[j - 1] || operandHasEllipsis[j];
  const pieces: Token[][] = [];
  let runStart = 1;
  for (let j = 2; j <= relations.length + 1; j++) {
    if (j <= relations.length && tainted(j) === tainted(runStart)) continue;
    // operands runStart-1 … j-1, i.e. tokens from after bounds[runStart-1] to before bounds[j]
    pieces.push(tokens.slice(bounds[runStart - 1] + 1, bounds[j]));
    runStart = j;
  }
  return pieces;
}

/**
 * Splits one row at top-level separators. A part without a relation that ends at a comma joins
 * the next part (`A, B \in ℝ^{n×n}`); after \quad, `;` or text it stands alone (`A \quad\text{and}\quad B`).
 */
function splitStatements(row: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  /** joins[k]: part k ended at a comma. */
  const joins: boolean[] = [];
  const separate = (comma: boolean) => {
    // `, \quad` or `\quad\text{and}\quad`: one separator, a comma if any of it is one.
    if (parts[parts.length - 1].length === 0 && parts.length > 1) {
      joins[parts.length - 2] ||= comma;
      return;
    }
    joins[parts.length - 1] = comma;
    parts.push([]);
  };
  let braces = 0;
  let parens = 0;
  /** Inside \begin{cases}: its `,` and `\text{if}` belong to its rows. */
  let cases = 0;
  for (let i = 0; i < row.length; i++) {
    const t = row[i];
    if (t.text === '\\begin' || t.text === '\\end') {
      const name = row
        .slice(i + 2, i + 8)
        .map((x) => x.text)
        .join('');
      if (/^d?cases\}/.test(name)) cases = Math.max(0, cases + (t.text === '\\begin' ? 1 : -1));
    }
    if (t.kind === 'lbrace') braces++;
    else if (t.kind === 'rbrace') braces = Math.max(0, braces - 1);
    else if (t.text === '(' || t.text === '[' || t.text === '\\langle' || t.text === '\\{')
      parens++;
    else if (t.text === ')' || t.text === ']' || t.text === '\\rangle' || t.text === '\\}')
      parens = Math.max(0, parens - 1);
    if (braces === 0 && parens === 0 && cases === 0) {
      const textLength = isTextSeparator(row, i);
      if (textLength > 0) {
        separate(false);
        for (const inner of mathInText(row, i, i + textLength)) {
          parts[parts.length - 1].push(...inner);
          separate(false);
        }
        i += textLength - 1;
        continue;
      }
      // `a = b \Rightarrow c = d`, also `a = b \quad\Rightarrow\quad c = d`
      const current = parts[parts.length - 1];
      if (
        IMPLICATION_ARROWS.has(t.text) &&
        (current.some(isRelationToken) || (current.length === 0 && parts.length > 1)) &&
        relatesBeforeNextSeparator(row, i + 1)
      ) {
        separate(false);
        continue;
      }
      if (
        t.text === ';' ||
        t.text === '\\quad' ||
        t.text === '\\qquad' ||
        (t.text === ',' && t.kind === 'symbol')
      ) {
        const comma = t.text === ',';
        separate(comma);
        if (comma) parts[parts.length - 2]?.push(t); // remembered for declaration lists
        continue;
      }
    }
    if (t.text === '\\quad' || t.text === '\\qquad') continue;
    parts[parts.length - 1].push(t);
  }
  const statements: Token[][] = [];
  let carry: Token[] = [];
  parts.forEach((part, k) => {
    // `A = B \text{(cyclic)} = C`: a part with no left side continues the chain before it
    const previous = statements[statements.length - 1];
    if (carry.length === 0 && previous && startsWithRelation(part)) {
      previous.push(...part);
      return;
    }
    const merged = [...carry, ...part];
    if (merged.some(isRelationToken) || (joins[k] === false && k < parts.length - 1)) {
      statements.push(merged);
      carry = [];
    } else {
      carry = merged;
    }
  });
  const rest = stripTrailingPunctuation(carry);
  if (rest.length) statements.push(rest);
  return statements.map(stripTrailingPunctuation).filter((s) => s.length > 0);
}

function startsWithImplication(row: Token[]): boolean {
  const first = row.find((t) => t.text !== '&');
  return first !== undefined && IMPLICATION_ARROWS.has(first.text);
}

function startsWithRelation(part: Token[]): boolean {
  return isRelationToken(part.find((t) => t.text !== '&'));
}

/** A relation at top level in row[from…] before the next `,` `;` `\quad` or text. */
function relatesBeforeNextSeparator(row: Token[], from: number): boolean {
  let depth = 0;
  let start = from;
  while (row[start]?.text === '\\quad' || row[start]?.text === '\\qquad') start++;
  for (let i = start; i < row.length; i++) {
    const t = row[i];
    if (t.kind === 'lbrace') depth++;
    else if (t.kind === 'rbrace') depth = Math.max(0, depth - 1);
    else if (depth > 0) continue;
    else if (isRelationToken(t)) return true;
    else if (t.text === ';' || t.text === '\\quad' || t.text === '\\qquad') return false;
    else if (t.text === ',' && t.kind === 'symbol') return false;
    else if (isTextSeparator(row, i) > 0) return false;
  }
  return false;
}

function stripTrailingPunctuation(tokens: Token[]): Token[] {
  let end = tokens.length;
  while (
    end > 0 &&
    tokens[end - 1].kind === 'symbol' &&
    (tokens[end - 1].text === '.' || tokens[end - 1].text === ',' || tokens[end - 1].text === ';')
  )
    end--;
  return end === tokens.length ? tokens : tokens.slice(0, end);
}

function startsContinuation(row: Token[]): boolean {
  let i = 0;
  let sawAmpersand = false;
  while (row[i]?.text === '&') {
    sawAmpersand = true;
    i++;
  }
  const first = row[i];
  if (isRelationToken(first)) return true;
  // `:` followed by `=` is the relation :=.
  return sawAmpersand && first !== undefined && CONTINUING_OPERATORS.has(first.text);
}

/** The row's alignment marks `&`, not the column separators of a matrix inside it. */
function dropAlignment(row: Token[]): Token[] {
  let depth = 0;
  return row.filter((t) => {
    if (t.kind === 'command' && t.text === '\\begin') depth++;
    else if (t.kind === 'command' && t.text === '\\end') depth = Math.max(0, depth - 1);
    return t.text !== '&' || depth > 0;
  });
}

/**
 * Region tokens (macros expanded, typesetting dropped) → statements. `before`: the expression
 * the previous display block ended with, which a block starting with `= …` continues.
 */
export function splitIntoStatements(tokens: Token[], before?: Token[]): Statement[] {
  const { tokens: body, mode } = unwrap(tokens);
  const allRows = splitRows(body).filter((row) => row.some((t) => t.text !== '&'));
  // a row of words is left out of the chain; the formulas inside its words stand alone
  const rows = allRows.filter((row) => !isTextRow(row));
  const asides = allRows.filter(isTextRow).flatMap((row) => mathInText(row, 0, row.length));
  if (rows.length > 0 && startsWithImplication(rows[0])) {
    // `$$ \Rightarrow \nabla f = … $$`: a connective to the block before, not a step from it
    rows[0] = rows[0].slice(rows[0].findIndex((t) => t.text !== '&') + 1);
  } else if (before && mode === 'rows' && rows.length > 0 && startsContinuation(rows[0])) {
    rows[0] = [...before, ...rows[0]];
  }
  const joined: Token[][] = [];
  for (const row of rows) {
    const continues =
      joined.length > 0 && (mode === 'multline' || (mode === 'rows' && startsContinuation(row)));
    const cleaned = dropAlignment(row);
    if (continues) joined[joined.length - 1].push(...cleaned);
    else joined.push(cleaned);
  }
  return [...joined, ...asides]
    .flatMap(splitStatements)
    .flatMap(isolateEllipsisOperands)
    .map((t) => ({ tokens: t }));
}

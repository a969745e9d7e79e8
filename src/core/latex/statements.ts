// Splits the tokens of one math region into statements: unwraps align-like environments
// (and plain-TeX \eqalign), splits rows at \\, joins a row that starts with `&=` (or with
// `& +`) onto the chain before it, and splits a row at top-level `,` `;` `\quad` or text.
import { skipArgument } from './normalize';
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
const TEXT_MATH_WORDS = new Set([
  'tr',
  'Tr',
  'trace',
  'det',
  'diag',
  'Diag',
  'd',
  'vec',
  'log',
  'exp',
  'softmax',
  'sigmoid',
  'T',
  'logdet',
  'relu',
  'ReLU',
  'sgn',
  'sign',
  'max',
  'min',
]);

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
  if (TEXT_MATH_WORDS.has(word.trim())) return 0;
  return end - i;
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
        i += textLength - 1;
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

/** Region tokens (macros expanded, typesetting dropped) → statements. */
export function splitIntoStatements(tokens: Token[]): Statement[] {
  const { tokens: body, mode } = unwrap(tokens);
  const rows = splitRows(body).filter((row) => row.some((t) => t.text !== '&'));
  const joined: Token[][] = [];
  for (const row of rows) {
    const continues =
      joined.length > 0 && (mode === 'multline' || (mode === 'rows' && startsContinuation(row)));
    const cleaned = dropAlignment(row);
    if (continues) joined[joined.length - 1].push(...cleaned);
    else joined.push(cleaned);
  }
  return joined.flatMap(splitStatements).map((t) => ({ tokens: t }));
}

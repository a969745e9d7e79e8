// "x_1, \dots, x_n \in \mathbb{R}^d": a declaration of a whole family written as a list. The
// ellipsis stands for the members between the ends; dropping it leaves `x_1, x_n ∈ ℝ^d`, which
// declares the family by its first and last members.
import type { Token } from './token';

const ELLIPSES = new Set(['\\dots', '\\ldots', '\\cdots', '\\dotsc', '\\dotsb']);

/** The tokens without a list's ellipsis when the list is the left side of `\in`; else as they are. */
export function dropDeclarationEllipsis(tokens: Token[]): Token[] {
  const member = tokens.findIndex((t) => t.text === '\\in');
  if (member <= 0) return tokens;
  const dropped = new Set<number>();
  for (let i = 0; i < member; i++) {
    if (!ELLIPSES.has(tokens[i].text)) continue;
    if (tokens[i - 1]?.text !== ',' || tokens[i + 1]?.text !== ',') return tokens;
    dropped.add(i - 1);
    dropped.add(i);
  }
  return dropped.size === 0 ? tokens : tokens.filter((_, i) => !dropped.has(i));
}

/**
 * `\operatorname{diag}(w_1, \dots, w_n)`: the diagonal matrix of a family listed by its ends is
 * diag(w), w the family's vector, so `W = diag(w_1, …, w_n)` defines W (diagonal, hence
 * symmetric) instead of being a list GradLens cannot read. Else the tokens as they are.
 */
export function diagOfListedFamily(tokens: Token[]): Token[] {
  // each diag( looks for its ) once: a few per statement, so nested diag( stays linear
  let looked = 0;
  for (let open = 1; open < tokens.length && looked < MAX_DIAGS_LOOKED_AT; open++) {
    if (tokens[open].text !== '(' || !spellsDiagBefore(tokens, open)) continue;
    looked++;
    const close = closingParen(tokens, open);
    if (close < 0) return tokens;
    const items = splitAtCommas(tokens.slice(open + 1, close));
    if (items.length < 3 || !items.some((item) => item.length === 1 && ELLIPSES.has(item[0].text)))
      continue;
    const bases = items
      .filter((item) => !(item.length === 1 && ELLIPSES.has(item[0].text)))
      .map((item) => {
        const under = item.findIndex((t) => t.text === '_');
        return under > 0 ? item.slice(0, under) : undefined;
      });
    const first = bases[0];
    const key = (b: Token[] | undefined) => b?.map((t) => t.text).join(' ');
    if (!first || bases.some((b) => key(b) !== key(first))) continue;
    return [...tokens.slice(0, open + 1), ...first, ...tokens.slice(close)];
  }
  return tokens;
}

const MAX_DIAGS_LOOKED_AT = 8;

function spellsDiagBefore(tokens: Token[], open: number): boolean {
  let end = open;
  if (tokens[end - 1]?.kind === 'rbrace') end--;
  const word = tokens
    .slice(Math.max(0, end - 4), end)
    .map((t) => t.text)
    .join('');
  return word === 'diag' || tokens[end - 1]?.text === '\\diag';
}

function closingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].text === '(') depth++;
    else if (tokens[i].text === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Items of a list at its top-level commas. */
function splitAtCommas(tokens: Token[]): Token[][] {
  const items: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(' || t.kind === 'lbrace') depth++;
    else if (t.text === ')' || t.kind === 'rbrace') depth--;
    if (depth === 0 && t.text === ',') items.push([]);
    else items[items.length - 1].push(t);
  }
  return items;
}

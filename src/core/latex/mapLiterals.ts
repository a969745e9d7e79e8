// Derivatives written as map literals: [ΔX ↦ XBΔXᵀ + ΔXBXᵀ], and compositions of them,
// [ΔZ ↦ 2⟨Z | ΔZ⟩] ∘ [ΔX ↦ …]. A map of ΔX is the derivative along the direction ΔX, so it is
// read as its body with dX for ΔX, and a composition as the outer body applied to the inner
// one: each step between maps is then a differential step, compared along a random dX.
import { TOKENS_PER_STATEMENT } from '../limits';
import type { Token } from './token';

const MAPS_TO = new Set(['\\mapsto', '\\longmapsto']);
/** Stands for a composition too long to expand; the parser reports it as unsupported. */
export const TOO_LONG = '\\composedmaps';
const OPEN: Record<string, string> = { '[': ']', '\\lbrack': '\\rbrack' };
/** ΔX, δX, dX, ∂X: the direction of X. */
const DIRECTION_MARKS = new Set(['\\Delta', '\\delta', 'd', '\\partial']);
const GROUPING_OPEN = new Set(['{', '(', '[', '\\{', '\\langle', '\\left']);
const GROUPING_CLOSE = new Set(['}', ')', ']', '\\}', '\\rangle', '\\right']);

interface MapLiteral {
  /** Index of the opening bracket and of the closing one. */
  open: number;
  close: number;
  bound: Token[];
  body: Token[];
}

/**
 * A formula's tokens with every map literal read as a differential. A map whose bound variable
 * names no variable ([h ↦ …]) stays as written: an arrow, so not a claim.
 */
export function readMapLiterals(tokens: Token[]): Token[] {
  if (!tokens.some((t) => MAPS_TO.has(t.text))) return tokens;
  const out: Token[] = [];
  const closes = matchingCloses(tokens);
  let i = 0;
  while (i < tokens.length) {
    const first = mapAt(tokens, i, closes);
    if (!first) {
      out.push(tokens[i++]);
      continue;
    }
    // [outer] ∘ [inner] ∘ …: applied right to left
    const composed = [first];
    let end = first.close + 1;
    while (tokens[end]?.text === '\\circ') {
      const next = mapAt(tokens, end + 1, closes);
      if (!next) break;
      composed.push(next);
      end = next.close + 1;
    }
    let body = asDifferential(composed[composed.length - 1]);
    if (!body) {
      out.push(tokens[i++]);
      continue;
    }
    for (let k = composed.length - 2; k >= 0; k--) {
      const inner = parenthesized(body);
      const { body: outer, bound } = composed[k];
      // each composition copies the inner body into every use: past what a statement may hold
      // it is not expanded, and the statement says so (an unsupported finding at the maps)
      const size = outer.length + occurrences(outer, bound) * (inner.length - bound.length);
      body =
        size > TOKENS_PER_STATEMENT
          ? [{ ...tokens[first.open], kind: 'command', text: TOO_LONG }]
          : substitute(outer, bound, inner);
      if (size > TOKENS_PER_STATEMENT) break;
    }
    out.push(...parenthesized(body));
    i = end;
  }
  return out;
}

/** Tokens a bound variable may take between `[` and `↦` ({∆X}, \\Delta \\mathbf{X}). */
const BOUND_TOKENS = 8;

/** For each opening token, the index of the token that closes it (−1 if none): one pass. */
function matchingCloses(tokens: Token[]): Int32Array {
  const closes = new Int32Array(tokens.length).fill(-1);
  const open: number[] = [];
  tokens.forEach((t, k) => {
    if (GROUPING_OPEN.has(t.text) || t.kind === 'lbrace') open.push(k);
    else if (GROUPING_CLOSE.has(t.text) || t.kind === 'rbrace') {
      const from = open.pop();
      if (from !== undefined) closes[from] = k;
    }
  });
  return closes;
}

/** A map literal [v ↦ body] starting at i, or undefined. */
function mapAt(tokens: Token[], i: number, closes: Int32Array): MapLiteral | undefined {
  const closing = OPEN[tokens[i]?.text];
  const close = closes[i];
  if (!closing || close < 0 || tokens[close].text !== closing) return undefined;
  let arrow = -1;
  for (let k = i + 1; k < Math.min(close, i + 1 + BOUND_TOKENS) && arrow < 0; k++)
    if (MAPS_TO.has(tokens[k].text)) arrow = k;
  if (arrow < 0 || arrow + 1 === close) return undefined;
  const bound = withoutBraces(tokens.slice(i + 1, arrow));
  if (bound.length === 0) return undefined;
  return { open: i, close, bound, body: tokens.slice(arrow + 1, close) };
}

function withoutBraces(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'lbrace' && t.kind !== 'rbrace');
}

/** The innermost map's body with d V for its bound variable ΔV; undefined when V is not named. */
function asDifferential(map: MapLiteral): Token[] | undefined {
  const [mark, ...variable] = map.bound;
  if (!DIRECTION_MARKS.has(mark.text) || variable.length === 0) return undefined;
  const differential = (site: Token): Token[] => [
    { ...site, kind: 'letter', text: 'd', spaceBefore: true, fromMacro: undefined },
    ...variable.map((t) => ({ ...t, start: site.start, end: site.end, spaceBefore: false })),
  ];
  return substitute(map.body, map.bound, [], differential);
}

/** body with each occurrence of the bound variable's tokens replaced. */
function substitute(
  body: Token[],
  bound: Token[],
  replacement: Token[],
  at?: (site: Token) => Token[],
): Token[] {
  const out: Token[] = [];
  let k = 0;
  while (k < body.length) {
    if (bound.every((t, j) => body[k + j]?.text === t.text)) {
      const site = body[k];
      out.push(...(at ? at(site) : replacement));
      k += bound.length;
    } else out.push(body[k++]);
  }
  return out;
}

function occurrences(body: Token[], bound: Token[]): number {
  let count = 0;
  for (let k = 0; k < body.length; k++)
    if (bound.every((t, j) => body[k + j]?.text === t.text)) count++;
  return count;
}

function parenthesized(body: Token[]): Token[] {
  const first = body[0];
  const last = body[body.length - 1];
  const open: Token = {
    kind: 'symbol',
    text: '(',
    start: first.start,
    end: first.start,
    spaceBefore: true,
  };
  const close: Token = {
    kind: 'symbol',
    text: ')',
    start: last.end,
    end: last.end,
    spaceBefore: false,
  };
  return [open, ...body, close];
}

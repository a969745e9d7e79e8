// "\{x_i\}_{i=1}^n \subset \mathbb{R}^d": a family declared as a set of its members. Read as
// `x_i ∈ ℝ^d`, which declares the family (see claims/families.ts).
import { skipArgument } from './normalize';
import type { Token } from './token';

const SUBSET = new Set(['\\subset', '\\subseteq']);

/** The tokens of `\{x_i\}_{…}^{…} \subset S` as `x_i \in S`; other statements as they are. */
export function rewriteSetFamily(tokens: Token[]): Token[] {
  if (tokens[0]?.text !== '\\{') return tokens;
  const close = tokens.findIndex((t) => t.text === '\\}');
  if (close < 2) return tokens;
  let i = close + 1;
  // the index range written on the closing brace: _{i=1}^n, in either order
  for (let k = 0; k < 2 && (tokens[i]?.text === '_' || tokens[i]?.text === '^'); k++)
    i = skipArgument(tokens, i + 1);
  const relation = tokens[i];
  if (!relation || !SUBSET.has(relation.text)) return tokens;
  return [...tokens.slice(1, close), { ...relation, text: '\\in' }, ...tokens.slice(i + 1)];
}

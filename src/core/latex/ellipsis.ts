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

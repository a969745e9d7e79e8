// Declared sizes too large to draw (ℝ^{4096}, I_{4096}, A ⊗ B of 1000×1000 matrices) are checked
// with small stand-ins: what a claim's truth depends on is the relations between its sizes
// (which is larger, which is a product of which), not their magnitude. Sizes up to EXACT_SIZE
// stay as written; larger ones get the next sizes above it, in the same order, and a size that
// is the product of two others gets the product of their stand-ins.
import { EXACT_SIZE } from '../limits';

/** Stand-in by written size, for the sizes above EXACT_SIZE only. */
export function standInSizes(values: readonly number[]): Map<number, number> {
  const all = [...new Set(values)]
    .filter((v) => Number.isInteger(v) && v > 0)
    .sort((a, b) => a - b);
  const known = new Set(all);
  const standIn = new Map<number, number>();
  const of = (v: number) => (v <= EXACT_SIZE ? v : standIn.get(v));
  let next = EXACT_SIZE + 1;
  for (const v of all) {
    if (v <= EXACT_SIZE) continue;
    standIn.set(v, productStandIn(v, known, of) ?? next++);
  }
  return standIn;
}

/** v = a·b with a, b smaller sizes of the claim that already have stand-ins: their product. */
function productStandIn(
  v: number,
  known: ReadonlySet<number>,
  of: (v: number) => number | undefined,
): number | undefined {
  // over the claim's own sizes (a handful), never over the divisors of v
  for (const a of known) {
    if (a < 2 || a * a > v || v % a !== 0 || !known.has(v / a)) continue;
    const sa = of(a);
    const sb = of(v / a);
    if (sa !== undefined && sb !== undefined) return sa * sb;
  }
  return undefined;
}

// Numbers that cannot tell right from wrong. A draw where a side overflowed (or is NaN), where
// both sides underflowed below float64's range, or where both are exactly zero agrees or
// disagrees by accident: x^{1000000} against 5x^{999999} is 0 = 0 for |x| < 1 and ∞ vs ∞ above.
// Such a draw is drawn again at other magnitudes (MAGNITUDES in sample.ts); never counted as agreement.
import type { DegenerateCause } from '../report';
import { allFinite } from './kernels';
import type { Matrix } from './matrix';

export type { DegenerateCause };

/** Both sides below this (largest entry) have lost their digits to underflow, or are zero. */
export const UNDERFLOW_BELOW = 1e-280;

/** A draw that is no evidence, and why. */
export class DegenerateValues extends Error {
  constructor(readonly cause: DegenerateCause) {
    super(`values degenerate: ${cause}`);
  }
}

function largestEntry(m: Matrix): number {
  let largest = 0;
  for (let k = 0; k < m.data.length; k++) {
    const x = Math.abs(m.data[k]);
    // NaN compares false: caught by the finiteness test first
    if (x > largest) largest = x;
  }
  return largest;
}

/** Why comparing these two sides proves nothing, or undefined when it is evidence. */
export function degeneracyOf(claimed: Matrix, truth: Matrix): DegenerateCause | undefined {
  if (!allFinite(claimed) || !allFinite(truth)) return 'overflow';
  const largest = Math.max(largestEntry(claimed), largestEntry(truth));
  if (largest === 0) return 'zero';
  if (largest < UNDERFLOW_BELOW) return 'underflow';
  return undefined;
}

/**
 * Throws DegenerateValues when the draw is no evidence. `zeroIsEvidence`: both sides exactly 0
 * count, once every magnitude gave exact zeros (an identity of zeros, not an underflow).
 */
export function requireEvidence(claimed: Matrix, truth: Matrix, zeroIsEvidence = false): void {
  const cause = degeneracyOf(claimed, truth);
  if (cause && !(cause === 'zero' && zeroIsEvidence)) throw new DegenerateValues(cause);
}

// Binary searches over ascending source offsets (paragraph starts, display spans): one place
// for the boundary arithmetic.

/** Index of the first entry ≥ value in an ascending array (its length when none is). */
export function firstAtLeast(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last entry ≤ value in an ascending array of integers (−1 when none is). */
export function lastAtMost(sorted: readonly number[], value: number): number {
  return firstAtLeast(sorted, value + 1) - 1;
}

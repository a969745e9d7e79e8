// Matrix product: mathjs `multiply` on dense mathjs matrices (created once, outside the
// timing) against the Float64Array i-k-j kernel, for square n×n operands. Prints nothing:
// bench/run.ts prints the table. The whole function takes a few seconds (the n = 256
// mathjs product dominates).
import { matrix as mathjsMatrix, multiply } from 'mathjs';
import { matmul, relativeError, toRows, fromRows } from '../src/core/numeric/kernels';
import { randomMatrix, Rng } from '../src/core/numeric/random';

const SIZES = [8, 64, 256];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6; // ms

/**
 * Median µs per call. Warm-up first (JIT tier-up), then samples of `batch` calls each, a
 * batch lasting ≥ ~2 ms so the clock's resolution does not matter; samples are taken until
 * the time budget is spent, at least `minSamples` and at most 41 of them.
 */
function microsPerCall(fn: () => unknown, budgetMs: number, minSamples: number): number {
  let calls = 0;
  const warmStart = now();
  do {
    fn();
    calls++;
  } while (calls < 2 || (now() - warmStart < budgetMs * 0.2 && calls < 10000));
  const perCall = (now() - warmStart) / calls;
  const batch = Math.max(1, Math.ceil(2 / Math.max(perCall, 1e-6)));
  const samples: number[] = [];
  const start = now();
  while (samples.length < minSamples || (samples.length < 41 && now() - start < budgetMs)) {
    const t0 = now();
    for (let k = 0; k < batch; k++) fn();
    samples.push(((now() - t0) * 1000) / batch);
  }
  return median(samples);
}

function formatMicros(us: number): string {
  if (us < 10) return us.toFixed(2);
  if (us < 1000) return us.toFixed(1);
  return us.toFixed(0);
}

export function matmulTable(): string[][] {
  const rows: string[][] = [['n', 'mathjs µs', 'Float64Array µs', 'ratio']];
  const rng = new Rng(20240601);
  for (const n of SIZES) {
    const a = randomMatrix(rng, n, n, 'normal');
    const b = randomMatrix(rng, n, n, 'normal');
    const A = mathjsMatrix(toRows(a));
    const B = mathjsMatrix(toRows(b));
    // Both sides compute the same product (guards against timing a wrong or lazy result).
    const reference = fromRows(multiply(A, B).toArray() as number[][]);
    const error = relativeError(matmul(a, b), reference);
    if (!(error < 1e-12))
      throw new Error(`matmul disagrees with mathjs at n = ${n}: relative error ${error}`);

    const big = n >= 256;
    const mathjsUs = microsPerCall(() => multiply(A, B), big ? 1000 : 400, big ? 3 : 7);
    const oursUs = microsPerCall(() => matmul(a, b), big ? 600 : 400, 7);
    rows.push([
      String(n),
      formatMicros(mathjsUs),
      formatMicros(oursUs),
      `${(mathjsUs / oursUs).toFixed(1)}×`,
    ]);
  }
  return rows;
}

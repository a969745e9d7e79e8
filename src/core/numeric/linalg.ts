// Dense linear algebra on float64 matrices: LU with partial pivoting and what follows from
// it (inverse, determinant, log |det|, linear solves, a 1-norm condition number). Pure
// functions; the sizes GradLens samples are small, so clarity beats blocking.
//
// Non-finite input: inverse and solve return an all-NaN result, det returns NaN and
// logAbsDet returns { sign: NaN, logAbs: NaN }: a NaN upstream stays a NaN (the checker
// reports it) instead of turning into a misleading "singular matrix".
import { allFinite, norm1, shapeOf } from './kernels';
import { allocateFloat64 } from './allocate';
import { Matrix, ShapeMismatchError, SingularMatrixError } from './matrix';

/**
 * Above this 1-norm condition number, inverse() and solve() refuse (SingularMatrixError):
 * the result would have no correct digits worth comparing at GradLens's tolerances.
 */
export const MAX_CONDITION = 1e14;

export interface LuFactorization {
  /** L (unit lower, diagonal not stored) below the diagonal and U on and above it, packed. */
  lu: Matrix;
  /** Row i of P·A is row perm[i] of A, so P·A = L·U. */
  perm: Int32Array;
  /** The sign of the permutation: det(P). */
  sign: 1 | -1;
  /**
   * Numerically singular: some pivot is exactly 0, or |pivot| ≤ n·ε·max|a_ij| (at the
   * rounding level of the matrix's own scale). The factors are still valid numbers.
   */
  singular: boolean;
}

function requireSquare(name: string, a: Matrix): void {
  if (a.rows !== a.cols)
    throw new ShapeMismatchError(`${name}: needs a square matrix, got ${shapeOf(a)}`);
}

function nanMatrix(rows: number, cols: number): Matrix {
  return new Matrix(rows, cols, allocateFloat64(rows * cols).fill(NaN));
}

/** LU factorization with partial (row) pivoting: P·A = L·U. */
export function lu(a: Matrix): LuFactorization {
  requireSquare('lu', a);
  const n = a.rows;
  const LU = a.data.slice();
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let sign: 1 | -1 = 1;
  let singular = false;
  let maxAbs = 0;
  for (let k = 0; k < LU.length; k++) maxAbs = Math.max(maxAbs, Math.abs(LU[k]));
  const tol = n * Number.EPSILON * maxAbs;

  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(LU[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(LU[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = LU[k * n + j];
        LU[k * n + j] = LU[p * n + j];
        LU[p * n + j] = t;
      }
      const t = perm[k];
      perm[k] = perm[p];
      perm[p] = t;
      sign = sign === 1 ? -1 : 1;
    }
    const pivot = LU[k * n + k];
    if (pivot === 0 || Math.abs(pivot) <= tol) singular = true;
    if (pivot === 0) continue; // the column below is all zero: nothing to eliminate
    for (let i = k + 1; i < n; i++) {
      const l = LU[i * n + k] / pivot;
      LU[i * n + k] = l;
      const ri = i * n;
      const rk = k * n;
      for (let j = k + 1; j < n; j++) LU[ri + j] -= l * LU[rk + j];
    }
  }
  return { lu: new Matrix(n, n, LU), perm, sign, singular };
}

/** Solves A·X = B given the LU factors of A (no singularity check: zero pivots give ±Inf/NaN). */
export function luSolve(f: LuFactorization, b: Matrix): Matrix {
  const n = f.lu.rows;
  if (b.rows !== n)
    throw new ShapeMismatchError(`solve: right-hand side ${shapeOf(b)} does not have ${n} rows`);
  const m = b.cols;
  const LU = f.lu.data;
  const B = b.data;
  const Y = allocateFloat64(n * m);
  for (let i = 0; i < n; i++) Y.set(B.subarray(f.perm[i] * m, f.perm[i] * m + m), i * m);
  // Forward: L·Z = P·B (unit diagonal).
  for (let i = 0; i < n; i++) {
    const yi = i * m;
    for (let k = 0; k < i; k++) {
      const l = LU[i * n + k];
      if (l === 0) continue;
      const yk = k * m;
      for (let j = 0; j < m; j++) Y[yi + j] -= l * Y[yk + j];
    }
  }
  // Backward: U·X = Z.
  for (let i = n - 1; i >= 0; i--) {
    const yi = i * m;
    for (let k = i + 1; k < n; k++) {
      const u = LU[i * n + k];
      if (u === 0) continue;
      const yk = k * m;
      for (let j = 0; j < m; j++) Y[yi + j] -= u * Y[yk + j];
    }
    const d = LU[i * n + i];
    for (let j = 0; j < m; j++) Y[yi + j] /= d;
  }
  return new Matrix(n, m, Y);
}

function identityData(n: number): Matrix {
  const I = allocateFloat64(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return new Matrix(n, n, I);
}

/** Factor, refuse singular or hopelessly ill-conditioned matrices, return factors and A⁻¹. */
function checkedInverse(
  name: string,
  a: Matrix,
  maxCondition: number,
): { f: LuFactorization; inv: Matrix } {
  const f = lu(a);
  if (f.singular) throw new SingularMatrixError(`${name}: the ${shapeOf(a)} matrix is singular`);
  const inv = luSolve(f, identityData(a.rows));
  const kappa = norm1(a) * norm1(inv);
  if (!(kappa <= maxCondition)) {
    throw new SingularMatrixError(
      `${name}: the ${shapeOf(a)} matrix is too ill-conditioned to invert (condition number ≈ ${kappa.toPrecision(2)})`,
    );
  }
  return { f, inv };
}

/**
 * A⁻¹. Throws SingularMatrixError when A is numerically singular or its 1-norm condition
 * number exceeds `maxCondition` (default MAX_CONDITION = 1e14).
 */
export function inverse(a: Matrix, maxCondition: number = MAX_CONDITION): Matrix {
  requireSquare('inverse', a);
  if (!allFinite(a)) return nanMatrix(a.rows, a.cols);
  return checkedInverse('inverse', a, maxCondition).inv;
}

/** X with A·X = B (B n×k). Same refusals as inverse(). */
export function solve(a: Matrix, b: Matrix, maxCondition: number = MAX_CONDITION): Matrix {
  requireSquare('solve', a);
  if (b.rows !== a.rows)
    throw new ShapeMismatchError(
      `solve: ${shapeOf(a)} system with a ${shapeOf(b)} right-hand side`,
    );
  if (!allFinite(a) || !allFinite(b)) return nanMatrix(b.rows, b.cols);
  return luSolve(checkedInverse('solve', a, maxCondition).f, b);
}

/** det(A) from the LU pivots (1 for a 0×0 matrix). Never throws for a square matrix. */
export function det(a: Matrix): number {
  requireSquare('det', a);
  if (!allFinite(a)) return NaN;
  const n = a.rows;
  const f = lu(a);
  let d: number = f.sign;
  for (let i = 0; i < n; i++) d *= f.lu.data[i * n + i];
  return d === 0 ? 0 : d; // no -0 from an odd permutation of a singular matrix
}

/**
 * log |det A| and the sign of det A, without overflow or underflow for large n.
 * A singular matrix (an exactly zero pivot) gives { sign: 0, logAbs: -Infinity }.
 */
export function logAbsDet(a: Matrix): { sign: number; logAbs: number } {
  requireSquare('logAbsDet', a);
  if (!allFinite(a)) return { sign: NaN, logAbs: NaN };
  const n = a.rows;
  const f = lu(a);
  let sign: number = f.sign;
  let logAbs = 0;
  for (let i = 0; i < n; i++) {
    const p = f.lu.data[i * n + i];
    if (p === 0) return { sign: 0, logAbs: -Infinity };
    if (p < 0) sign = -sign;
    logAbs += Math.log(Math.abs(p));
  }
  return { sign, logAbs };
}

/**
 * κ₁(A) = ‖A‖₁·‖A⁻¹‖₁ (induced 1-norms), computed exactly from an explicit inverse
 * (O(n³), fine at GradLens sizes). Infinity for a numerically singular matrix, NaN for
 * non-finite input, 1 for 0×0.
 */
export function conditionEstimate(a: Matrix): number {
  requireSquare('conditionEstimate', a);
  if (!allFinite(a)) return NaN;
  if (a.rows === 0) return 1;
  const f = lu(a);
  if (f.singular) return Infinity;
  const kappa = norm1(a) * norm1(luSolve(f, identityData(a.rows)));
  return Number.isFinite(kappa) ? kappa : Infinity;
}

// Float64 dense kernels over `Matrix` (row-major Float64Array). Every function is pure: it
// never mutates its arguments and always returns a fresh Matrix (or a number for
// reductions). Elementwise kernels broadcast a 1×1 operand on either side; any other shape
// difference throws ShapeMismatchError. Indices are 0-based.
import { allocateFloat64 } from './allocate';
import { Matrix, ShapeMismatchError } from './matrix';

// ---------------------------------------------------------------------------------------
// Construction

function checkDim(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
}

/** A rows×cols matrix; `data` (row-major, length rows·cols) is copied. Without data: zeros. */
export function matrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  checkDim('rows', rows);
  checkDim('cols', cols);
  const out = allocateFloat64(rows * cols);
  if (data !== undefined) {
    if (data.length !== rows * cols) {
      throw new ShapeMismatchError(
        `matrix: ${rows}×${cols} needs ${rows * cols} entries, got ${data.length}`,
      );
    }
    out.set(data);
  }
  return new Matrix(rows, cols, out);
}

export function zeros(rows: number, cols: number): Matrix {
  return matrix(rows, cols);
}

export function ones(rows: number, cols: number): Matrix {
  const m = matrix(rows, cols);
  m.data.fill(1);
  return m;
}

export function identity(n: number): Matrix {
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** A 1×1 matrix. */
export function scalar(v: number): Matrix {
  return new Matrix(1, 1, Float64Array.of(v));
}

/** From nested rows; all rows must have the same length. `[]` gives 0×0. */
export function fromRows(rows: number[][]): Matrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const out = matrix(r, c);
  for (let i = 0; i < r; i++) {
    const row = rows[i];
    if (row.length !== c)
      throw new ShapeMismatchError(`fromRows: row ${i} has ${row.length} entries, row 0 has ${c}`);
    for (let j = 0; j < c; j++) out.data[i * c + j] = row[j];
  }
  return out;
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++)
    out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function clone(m: Matrix): Matrix {
  return new Matrix(m.rows, m.cols, m.data.slice());
}

// ---------------------------------------------------------------------------------------
// Products and layout

export const shapeOf = (m: Matrix): string => `${m.rows}×${m.cols}`;

/** Matrix product. Inner dimensions must agree exactly (no scalar broadcasting here). */
export function matmul(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) {
    throw new ShapeMismatchError(`matmul: inner dimensions differ: ${shapeOf(a)} · ${shapeOf(b)}`);
  }
  const n = a.rows;
  const K = a.cols;
  const m = b.cols;
  const A = a.data;
  const B = b.data;
  const C = allocateFloat64(n * m);
  // i-k-j: the inner loop walks a row of B and a row of C contiguously.
  for (let i = 0; i < n; i++) {
    const ci = i * m;
    const ai = i * K;
    for (let k = 0; k < K; k++) {
      const aik = A[ai + k];
      const bk = k * m;
      for (let j = 0; j < m; j++) C[ci + j] += aik * B[bk + j];
    }
  }
  return new Matrix(n, m, C);
}

export function transpose(a: Matrix): Matrix {
  const r = a.rows;
  const c = a.cols;
  const A = a.data;
  const out = allocateFloat64(r * c);
  for (let i = 0; i < r; i++) {
    const ai = i * c;
    for (let j = 0; j < c; j++) out[j * r + i] = A[ai + j];
  }
  return new Matrix(c, r, out);
}

// ---------------------------------------------------------------------------------------
// Elementwise, with 1×1 broadcasting on either side

/** Elementwise fn(a_ij, b_ij); a 1×1 operand is broadcast over the other one. */
export function zipWith(a: Matrix, b: Matrix, fn: (x: number, y: number) => number): Matrix {
  const A = a.data;
  const B = b.data;
  if (a.rows === b.rows && a.cols === b.cols) {
    const out = allocateFloat64(A.length);
    for (let k = 0; k < A.length; k++) out[k] = fn(A[k], B[k]);
    return new Matrix(a.rows, a.cols, out);
  }
  if (b.isScalar()) {
    const y = B[0];
    const out = allocateFloat64(A.length);
    for (let k = 0; k < A.length; k++) out[k] = fn(A[k], y);
    return new Matrix(a.rows, a.cols, out);
  }
  if (a.isScalar()) {
    const x = A[0];
    const out = allocateFloat64(B.length);
    for (let k = 0; k < B.length; k++) out[k] = fn(x, B[k]);
    return new Matrix(b.rows, b.cols, out);
  }
  throw new ShapeMismatchError(`elementwise operation on ${shapeOf(a)} and ${shapeOf(b)}`);
}

// The four arithmetic kernels are written out (not via zipWith) so the hot path has no
// closure call per entry.
function elementwise(name: string, a: Matrix, b: Matrix, op: 0 | 1 | 2 | 3): Matrix {
  let rows: number, cols: number, sa: number, sb: number;
  if (a.rows === b.rows && a.cols === b.cols) {
    rows = a.rows;
    cols = a.cols;
    sa = 1;
    sb = 1;
  } else if (b.isScalar()) {
    rows = a.rows;
    cols = a.cols;
    sa = 1;
    sb = 0;
  } else if (a.isScalar()) {
    rows = b.rows;
    cols = b.cols;
    sa = 0;
    sb = 1;
  } else {
    throw new ShapeMismatchError(
      `${name}: shapes ${shapeOf(a)} and ${shapeOf(b)} differ and neither is 1×1`,
    );
  }
  const A = a.data;
  const B = b.data;
  const n = rows * cols;
  const out = allocateFloat64(n);
  switch (op) {
    case 0:
      for (let k = 0; k < n; k++) out[k] = A[k * sa] + B[k * sb];
      break;
    case 1:
      for (let k = 0; k < n; k++) out[k] = A[k * sa] - B[k * sb];
      break;
    case 2:
      for (let k = 0; k < n; k++) out[k] = A[k * sa] * B[k * sb];
      break;
    case 3:
      for (let k = 0; k < n; k++) out[k] = A[k * sa] / B[k * sb];
      break;
  }
  return new Matrix(rows, cols, out);
}

export const add = (a: Matrix, b: Matrix): Matrix => elementwise('add', a, b, 0);
export const sub = (a: Matrix, b: Matrix): Matrix => elementwise('sub', a, b, 1);
/** Elementwise product a ⊙ b. */
export const hadamard = (a: Matrix, b: Matrix): Matrix => elementwise('hadamard', a, b, 2);
/** Elementwise quotient a ⊘ b (IEEE semantics: x/0 = ±Infinity, 0/0 = NaN). */
export const divide = (a: Matrix, b: Matrix): Matrix => elementwise('divide', a, b, 3);

export function scale(a: Matrix, s: number): Matrix {
  const A = a.data;
  const out = allocateFloat64(A.length);
  for (let k = 0; k < A.length; k++) out[k] = A[k] * s;
  return new Matrix(a.rows, a.cols, out);
}

export function neg(a: Matrix): Matrix {
  const A = a.data;
  const out = allocateFloat64(A.length);
  for (let k = 0; k < A.length; k++) out[k] = -A[k];
  return new Matrix(a.rows, a.cols, out);
}

export function map(a: Matrix, fn: (x: number) => number): Matrix {
  const A = a.data;
  const out = allocateFloat64(A.length);
  for (let k = 0; k < A.length; k++) out[k] = fn(A[k]);
  return new Matrix(a.rows, a.cols, out);
}

// ---------------------------------------------------------------------------------------
// Reductions (numbers)

function sameShape(name: string, a: Matrix, b: Matrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new ShapeMismatchError(`${name}: shapes ${shapeOf(a)} and ${shapeOf(b)} must be equal`);
  }
}

function requireSquare(name: string, a: Matrix): void {
  if (a.rows !== a.cols)
    throw new ShapeMismatchError(`${name}: needs a square matrix, got ${shapeOf(a)}`);
}

/** Σ a_ij (0 for an empty matrix). */
export function sum(a: Matrix): number {
  const A = a.data;
  let s = 0;
  for (let k = 0; k < A.length; k++) s += A[k];
  return s;
}

/** Frobenius inner product ⟨a, b⟩ = Σ a_ij b_ij = tr(aᵀb). Shapes must be equal (no broadcasting). */
export function frobenius(a: Matrix, b: Matrix): number {
  sameShape('frobenius', a, b);
  const A = a.data;
  const B = b.data;
  let s = 0;
  for (let k = 0; k < A.length; k++) s += A[k] * B[k];
  return s;
}

/**
 * ‖a‖_F = sqrt(Σ a_ij²), computed with scaling so that it neither overflows for entries
 * near 1e200 nor underflows for entries near 1e-200. NaN if any entry is NaN; Infinity if
 * any entry is infinite (and none is NaN).
 */
export function normFro(a: Matrix): number {
  const A = a.data;
  let big = 0;
  for (let k = 0; k < A.length; k++) {
    const x = Math.abs(A[k]);
    if (x > big) big = x;
    else if (x !== x) return NaN;
  }
  if (big === 0) return 0;
  if (big === Infinity) return Infinity;
  let s = 0;
  for (let k = 0; k < A.length; k++) {
    const x = A[k] / big;
    s += x * x;
  }
  return big * Math.sqrt(s);
}

const isVector = (a: Matrix): boolean => a.rows === 1 || a.cols === 1;

/**
 * 1-norm. Vectors (n×1 or 1×n, including 1×1): entrywise Σ|a_i|. Matrices (both dims ≥ 2,
 * or empty): the induced 1-norm, max over columns of Σ_i |a_ij| (as mathjs `norm(M, 1)`).
 * NaN entries give NaN.
 */
export function norm1(a: Matrix): number {
  const A = a.data;
  if (isVector(a)) {
    let s = 0;
    for (let k = 0; k < A.length; k++) s += Math.abs(A[k]);
    return s;
  }
  const colSums = allocateFloat64(a.cols);
  for (let i = 0; i < a.rows; i++) {
    const ai = i * a.cols;
    for (let j = 0; j < a.cols; j++) colSums[j] += Math.abs(A[ai + j]);
  }
  return maxOf(colSums);
}

/**
 * ∞-norm. Vectors: max_i |a_i|. Matrices: the induced ∞-norm, max over rows of Σ_j |a_ij|
 * (as mathjs `norm(M, Infinity)`). NaN entries give NaN.
 */
export function normInf(a: Matrix): number {
  const A = a.data;
  if (isVector(a)) {
    let best = 0;
    for (let k = 0; k < A.length; k++) {
      const x = Math.abs(A[k]);
      if (x > best) best = x;
      else if (x !== x) return NaN;
    }
    return best;
  }
  const rowSums = allocateFloat64(a.rows);
  for (let i = 0; i < a.rows; i++) {
    const ai = i * a.cols;
    let s = 0;
    for (let j = 0; j < a.cols; j++) s += Math.abs(A[ai + j]);
    rowSums[i] = s;
  }
  return maxOf(rowSums);
}

function maxOf(v: Float64Array): number {
  let best = 0;
  for (let k = 0; k < v.length; k++) {
    if (v[k] > best) best = v[k];
    else if (v[k] !== v[k]) return NaN;
  }
  return best;
}

/** Σ a_ii of a square matrix. */
export function trace(a: Matrix): number {
  requireSquare('trace', a);
  let s = 0;
  for (let i = 0; i < a.rows; i++) s += a.data[i * a.cols + i];
  return s;
}

/** a_ij (0-based), with bounds checking (RangeError). */
export function entry(a: Matrix, i: number, j: number): number {
  if (
    !Number.isInteger(i) ||
    !Number.isInteger(j) ||
    i < 0 ||
    j < 0 ||
    i >= a.rows ||
    j >= a.cols
  ) {
    throw new RangeError(`entry (${i}, ${j}) is outside a ${shapeOf(a)} matrix (0-based)`);
  }
  return a.data[i * a.cols + j];
}

// ---------------------------------------------------------------------------------------
// Structure

/** Kronecker product a ⊗ b: (ra·rb)×(ca·cb), block (i, j) = a_ij · b. */
export function kron(a: Matrix, b: Matrix): Matrix {
  const rb = b.rows;
  const cb = b.cols;
  const rows = a.rows * rb;
  const cols = a.cols * cb;
  const out = allocateFloat64(rows * cols);
  const A = a.data;
  const B = b.data;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const aij = A[i * a.cols + j];
      for (let k = 0; k < rb; k++) {
        const o = (i * rb + k) * cols + j * cb;
        const bk = k * cb;
        for (let l = 0; l < cb; l++) out[o + l] = aij * B[bk + l];
      }
    }
  }
  return new Matrix(rows, cols, out);
}

/** diag(v): a vector (n×1 or 1×n; 1×1 allowed) to the n×n diagonal matrix. */
export function diagToMatrix(v: Matrix): Matrix {
  if (!isVector(v))
    throw new ShapeMismatchError(`diagToMatrix: needs a vector (n×1 or 1×n), got ${shapeOf(v)}`);
  const n = v.size;
  const out = allocateFloat64(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = v.data[i];
  return new Matrix(n, n, out);
}

/** The diagonal of a square matrix, as an n×1 column. */
export function diagOf(a: Matrix): Matrix {
  requireSquare('diagOf', a);
  const n = a.rows;
  const out = allocateFloat64(n);
  for (let i = 0; i < n; i++) out[i] = a.data[i * n + i];
  return new Matrix(n, 1, out);
}

/** vec(a): the columns stacked into one (r·c)×1 column (column-major order). */
export function reshapeVec(a: Matrix): Matrix {
  const r = a.rows;
  const c = a.cols;
  const out = allocateFloat64(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a.data[i * c + j];
  return new Matrix(r * c, 1, out);
}

/** The inverse of reshapeVec: an (r·c)-vector (any orientation) back to r×c, column-major. */
export function unvec(v: Matrix, rows: number, cols: number): Matrix {
  checkDim('rows', rows);
  checkDim('cols', cols);
  if (!isVector(v) || v.size !== rows * cols) {
    throw new ShapeMismatchError(`unvec: ${shapeOf(v)} is not a vector of ${rows * cols} entries`);
  }
  const out = allocateFloat64(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) out[i * cols + j] = v.data[j * rows + i];
  return new Matrix(rows, cols, out);
}

// ---------------------------------------------------------------------------------------
// Comparison

/**
 * ‖a − b‖_F / max(‖a‖_F, ‖b‖_F, 1e-300). Shapes must be equal (no broadcasting: a shape
 * difference is a finding, not something to paper over). 0 when both are zero (or equal);
 * NaN whenever either side has a NaN or infinite entry (check with allFinite first).
 * Finite entries near the overflow threshold are handled by scaling.
 */
export function relativeError(a: Matrix, b: Matrix): number {
  sameShape('relativeError', a, b);
  const s = Math.max(normFro(a), normFro(b), 1e-300);
  if (s !== s || s === Infinity) return NaN;
  if (s < 1e300) return normFro(sub(a, b)) / s;
  return normFro(zipWith(a, b, (x, y) => x / s - y / s));
}

/** True when no entry is NaN or ±Infinity. */
export function allFinite(a: Matrix): boolean {
  const A = a.data;
  for (let k = 0; k < A.length; k++) {
    // x − x is 0 for finite x and NaN for NaN and ±Infinity.
    if (A[k] - A[k] !== 0) return false;
  }
  return true;
}

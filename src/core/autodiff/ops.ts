// One forward kernel and one vector-Jacobian rule per operation. Each rule is proven against
// central finite differences in test/unit/autodiff.test.ts.
import {
  add as addK,
  diagOf,
  diagToMatrix,
  divide as divideK,
  frobenius,
  hadamard as hadamardK,
  identity,
  kron as kronK,
  map,
  matmul as matmulK,
  matrix,
  neg as negK,
  normFro,
  scalar,
  scale,
  sub as subK,
  sum as sumK,
  trace as traceK,
  transpose as transposeK,
  zeros,
  zipWith,
} from '../numeric/kernels';
import { det as detK, inverse as inverseK } from '../numeric/linalg';
import { Matrix } from '../numeric/matrix';
import type { Tape, Value } from './tape';

/** Sums an adjoint down to the shape of a broadcast 1×1 operand. */
function reduceTo(adjoint: Matrix, like: Matrix): Matrix {
  if (like.isScalar() && !adjoint.isScalar()) return scalar(sumK(adjoint));
  return adjoint;
}

export function add(t: Tape, a: Value, b: Value): Value {
  return t.record(addK(a.value, b.value), [a, b], (g) => [
    reduceTo(g, a.value),
    reduceTo(g, b.value),
  ]);
}

export function sub(t: Tape, a: Value, b: Value): Value {
  return t.record(subK(a.value, b.value), [a, b], (g) => [
    reduceTo(g, a.value),
    reduceTo(negK(g), b.value),
  ]);
}

export function neg(t: Tape, a: Value): Value {
  return t.record(negK(a.value), [a], (g) => [negK(g)]);
}

/** Juxtaposition: a matrix product, or scaling when either side is 1×1. */
export function mul(t: Tape, a: Value, b: Value): Value {
  if (a.value.isScalar() || b.value.isScalar()) return hadamard(t, a, b);
  return t.record(matmulK(a.value, b.value), [a, b], (g) => [
    matmulK(g, transposeK(b.value)),
    matmulK(transposeK(a.value), g),
  ]);
}

export function hadamard(t: Tape, a: Value, b: Value): Value {
  return t.record(hadamardK(a.value, b.value), [a, b], (g) => [
    reduceTo(hadamardK(g, b.value), a.value),
    reduceTo(hadamardK(g, a.value), b.value),
  ]);
}

export function divide(t: Tape, a: Value, b: Value): Value {
  const out = divideK(a.value, b.value);
  return t.record(out, [a, b], (g) => [
    reduceTo(divideK(g, b.value), a.value),
    reduceTo(negK(divideK(hadamardK(g, out), b.value)), b.value),
  ]);
}

export function transpose(t: Tape, a: Value): Value {
  return t.record(transposeK(a.value), [a], (g) => [transposeK(g)]);
}

export function inverse(t: Tape, a: Value): Value {
  if (a.value.isScalar()) return divide(t, t.constant(scalar(1)), a);
  const y = inverseK(a.value);
  const yt = transposeK(y);
  return t.record(y, [a], (g) => [negK(matmulK(matmulK(yt, g), yt))]);
}

export function det(t: Tape, a: Value): Value {
  if (a.value.isScalar()) return a;
  const d = detK(a.value);
  return t.record(scalar(d), [a], (g) => [scale(transposeK(inverseK(a.value)), g.scalar() * d)]);
}

export function trace(t: Tape, a: Value): Value {
  return t.record(scalar(traceK(a.value)), [a], (g) => [scale(identity(a.value.rows), g.scalar())]);
}

export function sum(t: Tape, a: Value): Value {
  return t.record(scalar(sumK(a.value)), [a], (g) => [map(a.value, () => g.scalar())]);
}

export function frob(t: Tape, a: Value, b: Value): Value {
  return t.record(scalar(frobenius(a.value, b.value)), [a, b], (g) => [
    scale(b.value, g.scalar()),
    scale(a.value, g.scalar()),
  ]);
}

/** An elementwise function with its derivative written in terms of the input and output. */
export function elementwise(
  t: Tape,
  a: Value,
  f: (x: number) => number,
  df: (x: number, y: number) => number,
): Value {
  const out = map(a.value, f);
  return t.record(out, [a], (g) => {
    const d = zipWith(a.value, out, df);
    return [hadamardK(g, d)];
  });
}

export const log = (t: Tape, a: Value) => elementwise(t, a, Math.log, (x) => 1 / x);
export const exp = (t: Tape, a: Value) => elementwise(t, a, Math.exp, (_x, y) => y);
export const sqrt = (t: Tape, a: Value) => elementwise(t, a, Math.sqrt, (_x, y) => 0.5 / y);
export const sigmoid = (t: Tape, a: Value) =>
  elementwise(
    t,
    a,
    (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
    (_x, y) => y * (1 - y),
  );
export const tanh = (t: Tape, a: Value) => elementwise(t, a, Math.tanh, (_x, y) => 1 - y * y);
export const sin = (t: Tape, a: Value) => elementwise(t, a, Math.sin, (x) => Math.cos(x));
export const cos = (t: Tape, a: Value) => elementwise(t, a, Math.cos, (x) => -Math.sin(x));
export const abs = (t: Tape, a: Value) => elementwise(t, a, Math.abs, (x) => Math.sign(x));
export const relu = (t: Tape, a: Value) =>
  elementwise(
    t,
    a,
    (x) => Math.max(0, x),
    (x) => (x > 0 ? 1 : 0),
  );

/** Elementwise power; the exponent may be tracked too (x^y, with ∂/∂y = x^y log x). */
export function power(t: Tape, a: Value, p: Value): Value {
  const out = zipWith(
    a.value.isScalar() && !p.value.isScalar() ? broadcastLike(a.value, p.value) : a.value,
    p.value.isScalar() ? broadcastLike(p.value, a.value) : p.value,
    Math.pow,
  );
  return t.record(out, [a, p], (g) => {
    const base = a.value.isScalar() ? broadcastLike(a.value, out) : a.value;
    const exponent = p.value.isScalar() ? broadcastLike(p.value, out) : p.value;
    const dBase = hadamardK(
      g,
      zipWith(base, exponent, (x, y) => (y === 0 ? 0 : y * Math.pow(x, y - 1))),
    );
    const dExponent =
      p.id >= 0
        ? hadamardK(
            g,
            zipWith(out, base, (y, x) => (y === 0 ? 0 : y * Math.log(x))),
          )
        : null;
    return [reduceTo(dBase, a.value), dExponent && reduceTo(dExponent, p.value)];
  });
}

function broadcastLike(s: Matrix, like: Matrix): Matrix {
  if (!s.isScalar()) return s;
  return map(like, () => s.scalar());
}

/** A square matrix to a non-negative integer power, by repeated products. */
export function matrixPower(t: Tape, a: Value, n: number): Value {
  let result: Value = t.constant(identity(a.value.rows));
  for (let k = 0; k < n; k++) result = k === 0 ? a : mul(t, result, a);
  return result;
}

export function normFrobenius(t: Tape, a: Value): Value {
  const n = normFro(a.value);
  return t.record(scalar(n), [a], (g) => [
    n === 0 ? zeros(a.value.rows, a.value.cols) : scale(a.value, g.scalar() / n),
  ]);
}

export function norm1(t: Tape, a: Value): Value {
  let s = 0;
  for (const x of a.value.data) s += Math.abs(x);
  return t.record(scalar(s), [a], (g) => [map(a.value, (x) => Math.sign(x) * g.scalar())]);
}

export function normInf(t: Tape, a: Value): Value {
  let best = 0;
  let at = 0;
  a.value.data.forEach((x, i) => {
    if (Math.abs(x) > best) {
      best = Math.abs(x);
      at = i;
    }
  });
  return t.record(scalar(best), [a], (g) => {
    const d = zeros(a.value.rows, a.value.cols);
    d.data[at] = Math.sign(a.value.data[at]) * g.scalar();
    return [d];
  });
}

export function kron(t: Tape, a: Value, b: Value): Value {
  const A = a.value;
  const B = b.value;
  return t.record(kronK(A, B), [a, b], (g) => {
    const gA = zeros(A.rows, A.cols);
    const gB = zeros(B.rows, B.cols);
    for (let i = 0; i < A.rows; i++)
      for (let j = 0; j < A.cols; j++)
        for (let k = 0; k < B.rows; k++)
          for (let l = 0; l < B.cols; l++) {
            const gv = g.get(i * B.rows + k, j * B.cols + l);
            gA.data[i * A.cols + j] += gv * B.get(k, l);
            gB.data[k * B.cols + l] += gv * A.get(i, j);
          }
    return [gA, gB];
  });
}

/** diag: a vector becomes a diagonal matrix; a square matrix gives its diagonal. */
export function diag(t: Tape, a: Value): Value {
  const A = a.value;
  if (A.cols === 1 || A.rows === 1) {
    return t.record(diagToMatrix(A), [a], (g) => {
      const d = diagOf(g);
      return [A.rows === 1 ? transposeK(d) : d];
    });
  }
  return t.record(diagOf(A), [a], (g) => [diagToMatrix(g)]);
}

/** vec: columns stacked into one column. */
export function vec(t: Tape, a: Value): Value {
  const A = a.value;
  const out = zeros(A.rows * A.cols, 1);
  for (let j = 0; j < A.cols; j++)
    for (let i = 0; i < A.rows; i++) out.data[j * A.rows + i] = A.get(i, j);
  return t.record(out, [a], (g) => {
    const d = zeros(A.rows, A.cols);
    for (let j = 0; j < A.cols; j++)
      for (let i = 0; i < A.rows; i++) d.data[i * A.cols + j] = g.data[j * A.rows + i];
    return [d];
  });
}

export function softmax(t: Tape, a: Value): Value {
  const max = Math.max(...a.value.data);
  const e = map(a.value, (x) => Math.exp(x - max));
  const s = scale(e, 1 / sumK(e));
  return t.record(s, [a], (g) => {
    const inner = frobenius(g, s);
    return [
      hadamardK(
        s,
        map(g, (x) => x - inner),
      ),
    ];
  });
}

/**
 * softmax of a matrix, one row or one column at a time (each sums to 1): what a note means by
 * softmax(XW) of a batch. A vector is one slice whatever the axis.
 */
export function softmaxAlong(t: Tape, a: Value, axis: 'rows' | 'columns'): Value {
  const A = a.value;
  if (A.rows === 1 || A.cols === 1) return softmax(t, a);
  const s = zeros(A.rows, A.cols);
  const slices = axis === 'rows' ? A.rows : A.cols;
  const length = axis === 'rows' ? A.cols : A.rows;
  const at = (k: number, l: number) => (axis === 'rows' ? k * A.cols + l : l * A.cols + k);
  for (let k = 0; k < slices; k++) {
    let max = -Infinity;
    for (let l = 0; l < length; l++) max = Math.max(max, A.data[at(k, l)]);
    let total = 0;
    for (let l = 0; l < length; l++) total += s.data[at(k, l)] = Math.exp(A.data[at(k, l)] - max);
    for (let l = 0; l < length; l++) s.data[at(k, l)] /= total;
  }
  return t.record(s, [a], (g) => {
    // per slice: s ⊙ (g − ⟨g, s⟩)
    const d = zeros(A.rows, A.cols);
    for (let k = 0; k < slices; k++) {
      let inner = 0;
      for (let l = 0; l < length; l++) inner += g.data[at(k, l)] * s.data[at(k, l)];
      for (let l = 0; l < length; l++)
        d.data[at(k, l)] = s.data[at(k, l)] * (g.data[at(k, l)] - inner);
    }
    return [d];
  });
}

/** A_{ij}: one entry, 0-based. */
export function entry(t: Tape, a: Value, i: number, j: number): Value {
  const A = a.value;
  return t.record(scalar(A.get(i, j)), [a], (g) => {
    const d = zeros(A.rows, A.cols);
    d.data[i * A.cols + j] = g.scalar();
    return [d];
  });
}

/** Elementwise maximum or minimum of two values (subgradient: the winner's side). */
export function extremum(t: Tape, a: Value, b: Value, kind: 'max' | 'min'): Value {
  const pick = kind === 'max' ? (x: number, y: number) => x >= y : (x: number, y: number) => x <= y;
  const A = a.value.isScalar() && !b.value.isScalar() ? broadcastLike(a.value, b.value) : a.value;
  const B = b.value.isScalar() && !a.value.isScalar() ? broadcastLike(b.value, a.value) : b.value;
  const out = zipWith(A, B, (x, y) => (pick(x, y) ? x : y));
  return t.record(out, [a, b], (g) => [
    reduceTo(
      zipWith(
        g,
        zipWith(A, B, (x, y) => (pick(x, y) ? 1 : 0)),
        (x, y) => x * y,
      ),
      a.value,
    ),
    reduceTo(
      zipWith(
        g,
        zipWith(A, B, (x, y) => (pick(x, y) ? 0 : 1)),
        (x, y) => x * y,
      ),
      b.value,
    ),
  ]);
}

/** A matrix written entry by entry from scalar values. */
export function assemble(t: Tape, cells: Value[][]): Value {
  const rows = cells.length;
  const cols = cells[0].length;
  const out = matrix(
    rows,
    cols,
    cells.flat().map((c) => c.value.scalar()),
  );
  return t.record(out, cells.flat(), (g) => cells.flat().map((_, k) => scalar(g.data[k])));
}

export { Matrix };

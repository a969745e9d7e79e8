// Every vector-Jacobian rule in src/core/autodiff/ops.ts against central finite differences,
// plus the Tape's bookkeeping (no recording of constants, accumulation, unreached nodes).
//
// The property, for an op f with inputs X₁…X_m, a random output adjoint W and a random unit
// direction V_k per input:  ⟨W, (f(…X_k + hV_k…) − f(…X_k − hV_k…)) / 2h⟩ ≈ ⟨VJP_k(W), V_k⟩.
// The comparison is relative to ‖W‖·‖J_k V_k‖ (the Cauchy–Schwarz bound of the left side),
// so a chance cancellation in the inner product cannot make a correct rule fail, plus the
// difference quotient's own round-off, ≈ eps·‖f‖/h.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as op from '../../src/core/autodiff/ops';
import { Tape, type Value } from '../../src/core/autodiff/tape';
import {
  add,
  frobenius,
  fromRows,
  map,
  matrix,
  normFro,
  scalar,
  scale,
  sub,
  toRows,
} from '../../src/core/numeric/kernels';
import { Matrix } from '../../src/core/numeric/matrix';
import { randomMatrix, Rng } from '../../src/core/numeric/random';

const RUNS = Number(process.env.GRADLENS_AUTODIFF_RUNS ?? 100);
const TOLERANCE = 1e-6;
const STEP = 1e-6;

type Fn = (t: Tape, xs: Value[]) => Value;

/** f on constants only: plain arithmetic, and nothing may be recorded. */
function forward(f: Fn, xs: Matrix[]): Matrix {
  const t = new Tape();
  const y = f(
    t,
    xs.map((x) => t.constant(x)),
  );
  assert.equal(t.length, 0, 'an evaluation on constants recorded entries');
  assert.equal(y.id, -1, 'an evaluation on constants gave a tracked value');
  return y.value;
}

const shapeOf = (m: Matrix): string => `${m.rows}×${m.cols}`;

/** The finite-difference property for every input of f at `inputs`. */
function checkVjp(rng: Rng, f: Fn, inputs: Matrix[], tolerance = TOLERANCE): void {
  const t = new Tape();
  const vars = inputs.map((x) => t.variable(x));
  const y = f(t, vars);
  assert.deepEqual(
    y.value,
    forward(f, inputs),
    'the tracked and the constant forward values differ',
  );
  const W = randomMatrix(rng, y.value.rows, y.value.cols, 'normal');
  const adjoint = t.backward(y, W);
  inputs.forEach((x, k) => {
    const g = adjoint(vars[k]);
    assert.equal(
      shapeOf(g),
      shapeOf(x),
      `input ${k}: the adjoint's shape differs from the input's`,
    );
    const V = randomMatrix(rng, x.rows, x.cols, 'direction');
    const h = STEP * Math.max(1, normFro(x));
    const at = (s: number) =>
      forward(
        f,
        inputs.map((xi, i) => (i === k ? add(xi, scale(V, s)) : xi)),
      );
    const plus = at(h);
    const minus = at(-h);
    const dY = scale(sub(plus, minus), 1 / (2 * h));
    const fd = frobenius(W, dY);
    const ad = frobenius(g, V);
    const roundOff =
      (100 * Number.EPSILON * normFro(W) * Math.max(normFro(plus), normFro(minus))) / h;
    const bound = tolerance * (normFro(W) * normFro(dY) + Math.abs(ad)) + roundOff;
    assert.ok(
      Math.abs(fd - ad) <= bound,
      `input ${k} (${shapeOf(x)} → ${shapeOf(y.value)}): finite differences ${fd}, VJP ${ad}, |Δ| ${Math.abs(fd - ad)} > ${bound}`,
    );
  });
}

/** fc.assert over a seed for the project's Rng plus whatever shapes `extra` draws. */
function property<T>(extra: fc.Arbitrary<T>, body: (rng: Rng, params: T) => void): void {
  fc.assert(
    fc.property(fc.integer(), extra, (seed, params) => body(new Rng(seed), params)),
    { numRuns: RUNS },
  );
}

// ---------------------------------------------------------------------------------------
// Inputs by domain

const size = fc.integer({ min: 1, max: 6 });
const shape = fc.record({ rows: size, cols: size });

const normal = (rng: Rng, rows: number, cols: number, s = 1): Matrix =>
  scale(randomMatrix(rng, rows, cols, 'normal'), s);
const positive = (rng: Rng, rows: number, cols: number): Matrix =>
  randomMatrix(rng, rows, cols, 'positive');

/** Normal entries pushed out of (−0.1, 0.1): no kink of |x|, relu or sign within reach of h. */
function awayFromZero(rng: Rng, rows: number, cols: number): Matrix {
  return map(normal(rng, rows, cols), (x) => (x >= 0 ? 1 : -1) * (0.1 + Math.abs(x)));
}

/** A diagonally dominant matrix, with its first row negated half of the time (det < 0). */
function wellConditioned(rng: Rng, n: number): Matrix {
  const a = randomMatrix(rng, n, n, 'wellConditioned');
  if (rng.next() < 0.5) for (let j = 0; j < n; j++) a.data[j] = -a.data[j];
  return a;
}

/**
 * Operand shapes for an elementwise binary op: equal shapes, or a 1×1 operand broadcast on
 * the left, on the right, or on both sides.
 */
type Broadcast = 'same' | 'left' | 'right' | 'both';
const broadcast = fc.record({
  rows: size,
  cols: size,
  mode: fc.constantFrom<Broadcast>('same', 'left', 'right', 'both'),
});

function operandShapes(p: {
  rows: number;
  cols: number;
  mode: Broadcast;
}): [[number, number], [number, number]] {
  const full: [number, number] = [p.rows, p.cols];
  const one: [number, number] = [1, 1];
  switch (p.mode) {
    case 'same':
      return [full, full];
    case 'left':
      return [one, full];
    case 'right':
      return [full, one];
    case 'both':
      return [one, one];
  }
}

/** Moves the entries of x at least 0.2 away from the matching entries of ref (ref may be 1×1). */
function separate(x: Matrix, ref: Matrix): Matrix {
  return matrix(
    x.rows,
    x.cols,
    Array.from(x.data, (v, k) => {
      const r = ref.isScalar() ? ref.data[0] : ref.data[k];
      return Math.abs(v - r) < 0.2 ? r + (v >= r ? 0.3 : -0.3) : v;
    }),
  );
}

// ---------------------------------------------------------------------------------------

describe('vector-Jacobian rules against central finite differences', () => {
  const binary = (
    name: string,
    f: Fn,
    domain: (rng: Rng, r: number, c: number, side: 0 | 1) => Matrix,
  ) =>
    test(`${name}: elementwise, with 1×1 broadcasting on either side`, () =>
      property(broadcast, (rng, p) => {
        const [[ra, ca], [rb, cb]] = operandShapes(p);
        checkVjp(rng, f, [domain(rng, ra, ca, 0), domain(rng, rb, cb, 1)]);
      }));

  binary('add', (t, [a, b]) => op.add(t, a, b), normal);
  binary('sub', (t, [a, b]) => op.sub(t, a, b), normal);
  binary('hadamard', (t, [a, b]) => op.hadamard(t, a, b), normal);
  binary(
    'divide',
    (t, [a, b]) => op.divide(t, a, b),
    (rng, r, c, side) => (side === 0 ? normal(rng, r, c) : positive(rng, r, c)),
  );

  test('neg', () =>
    property(shape, (rng, { rows, cols }) =>
      checkVjp(rng, (t, [a]) => op.neg(t, a), [normal(rng, rows, cols)]),
    ));

  test('mul: a matrix product, or scaling when a side is 1×1', () =>
    property(
      fc.record({
        rows: size,
        inner: size,
        cols: size,
        mode: fc.constantFrom('product', 'scaleLeft', 'scaleRight', 'scalars'),
      }),
      (rng, { rows, inner, cols, mode }) => {
        const [a, b] =
          mode === 'product'
            ? [normal(rng, rows, inner), normal(rng, inner, cols)]
            : mode === 'scaleLeft'
              ? [normal(rng, 1, 1), normal(rng, rows, cols)]
              : mode === 'scaleRight'
                ? [normal(rng, rows, cols), normal(rng, 1, 1)]
                : [normal(rng, 1, 1), normal(rng, 1, 1)];
        checkVjp(rng, (t, [x, y]) => op.mul(t, x, y), [a, b]);
      },
    ));

  test('transpose', () =>
    property(shape, (rng, { rows, cols }) =>
      checkVjp(rng, (t, [a]) => op.transpose(t, a), [normal(rng, rows, cols)]),
    ));

  test('inverse: well-conditioned square matrices (1×1 goes through divide)', () =>
    property(size, (rng, n) =>
      checkVjp(rng, (t, [a]) => op.inverse(t, a), [wellConditioned(rng, n)]),
    ));

  test('det: well-conditioned square matrices, either sign', () =>
    property(size, (rng, n) => checkVjp(rng, (t, [a]) => op.det(t, a), [wellConditioned(rng, n)])));

  test('trace', () =>
    property(size, (rng, n) => checkVjp(rng, (t, [a]) => op.trace(t, a), [normal(rng, n, n)])));

  test('sum', () =>
    property(shape, (rng, { rows, cols }) =>
      checkVjp(rng, (t, [a]) => op.sum(t, a), [normal(rng, rows, cols)]),
    ));

  test('frob: ⟨A, B⟩', () =>
    property(shape, (rng, { rows, cols }) =>
      checkVjp(rng, (t, [a, b]) => op.frob(t, a, b), [
        normal(rng, rows, cols),
        normal(rng, rows, cols),
      ]),
    ));

  const unary = (
    name: string,
    f: (t: Tape, a: Value) => Value,
    domain: (rng: Rng, r: number, c: number) => Matrix,
  ) =>
    test(name, () =>
      property(shape, (rng, { rows, cols }) =>
        checkVjp(rng, (t, [a]) => f(t, a), [domain(rng, rows, cols)]),
      ),
    );

  unary('log: positive entries', op.log, positive);
  unary('exp', op.exp, normal);
  unary('sqrt: positive entries', op.sqrt, positive);
  unary('sigmoid', op.sigmoid, (rng, r, c) => normal(rng, r, c, 2));
  unary('tanh', op.tanh, normal);
  unary('sin', op.sin, (rng, r, c) => normal(rng, r, c, 2));
  unary('cos', op.cos, (rng, r, c) => normal(rng, r, c, 2));
  unary('abs: |x| > 0.1', op.abs, awayFromZero);
  unary('relu: |x| > 0.1', op.relu, awayFromZero);
  unary('normFrobenius', op.normFrobenius, normal);
  unary('norm1: |x| > 0.1', op.norm1, awayFromZero);
  unary('normInf: |x| > 0.1, a unique largest |x|', op.normInf, (rng, r, c) => {
    const a = awayFromZero(rng, r, c);
    const k = rng.int(0, a.size - 1);
    let largest = 0;
    for (const x of a.data) largest = Math.max(largest, Math.abs(x));
    a.data[k] = (a.data[k] >= 0 ? 1 : -1) * (largest + 0.2);
    return a;
  });
  unary('vec', op.vec, normal);
  unary('softmax', op.softmax, (rng, r, c) => normal(rng, r, c, 2));
  unary(
    'softmax row by row',
    (t, a) => op.softmaxAlong(t, a, 'rows'),
    (rng, r, c) => normal(rng, r, c, 2),
  );
  unary(
    'softmax column by column',
    (t, a) => op.softmaxAlong(t, a, 'columns'),
    (rng, r, c) => normal(rng, r, c, 2),
  );

  test('softmax along an axis: each row (or column) of a matrix sums to one', () => {
    const t = new Tape();
    const a = t.variable(new Matrix(2, 3, Float64Array.from([1, 2, 3, -1, 0, 4])));
    const rows = op.softmaxAlong(t, a, 'rows').value;
    const cols = op.softmaxAlong(t, a, 'columns').value;
    for (let i = 0; i < 2; i++)
      assert.ok(Math.abs(rows.get(i, 0) + rows.get(i, 1) + rows.get(i, 2) - 1) < 1e-12);
    for (let j = 0; j < 3; j++) assert.ok(Math.abs(cols.get(0, j) + cols.get(1, j) - 1) < 1e-12);
  });

  test('power: tracked exponent on positive bases, or a constant integer exponent on any base', () =>
    property(
      fc.record({
        rows: size,
        cols: size,
        mode: fc.constantFrom<Broadcast>('same', 'left', 'right', 'both'),
        tracked: fc.boolean(),
        k: fc.integer({ min: 0, max: 4 }),
      }),
      (rng, p) => {
        if (p.tracked) {
          const [[ra, ca], [rb, cb]] = operandShapes(p);
          checkVjp(rng, (t, [a, e]) => op.power(t, a, e), [
            positive(rng, ra, ca),
            normal(rng, rb, cb),
          ]);
        } else {
          const k = scalar(p.k);
          checkVjp(rng, (t, [a]) => op.power(t, a, t.constant(k)), [normal(rng, p.rows, p.cols)]);
        }
      },
    ));

  test('matrixPower: exponents 0…5', () =>
    property(fc.record({ n: size, k: fc.integer({ min: 0, max: 5 }) }), (rng, { n, k }) =>
      checkVjp(rng, (t, [a]) => op.matrixPower(t, a, k), [normal(rng, n, n, 1 / Math.sqrt(n))]),
    ));

  test('kron', () =>
    property(fc.tuple(shape, shape), (rng, [sa, sb]) =>
      checkVjp(rng, (t, [a, b]) => op.kron(t, a, b), [
        normal(rng, sa.rows, sa.cols),
        normal(rng, sb.rows, sb.cols),
      ]),
    ));

  test('diag: column or row vector to a matrix, square matrix to its diagonal', () =>
    property(
      fc.record({ n: size, form: fc.constantFrom('column', 'row', 'square') }),
      (rng, { n, form }) => {
        const a =
          form === 'column'
            ? normal(rng, n, 1)
            : form === 'row'
              ? normal(rng, 1, n)
              : normal(rng, n, n);
        checkVjp(rng, (t, [x]) => op.diag(t, x), [a]);
      },
    ));

  test('entry: A_ij', () =>
    property(shape, (rng, { rows, cols }) => {
      const i = rng.int(0, rows - 1);
      const j = rng.int(0, cols - 1);
      checkVjp(rng, (t, [a]) => op.entry(t, a, i, j), [normal(rng, rows, cols)]);
    }));

  test('extremum: max and min, with 1×1 broadcasting, no near-ties', () =>
    property(
      fc.record({
        rows: size,
        cols: size,
        mode: fc.constantFrom<Broadcast>('same', 'left', 'right', 'both'),
        kind: fc.constantFrom<'max' | 'min'>('max', 'min'),
      }),
      (rng, p) => {
        const [[ra, ca], [rb, cb]] = operandShapes(p);
        let a = normal(rng, ra, ca);
        let b = normal(rng, rb, cb);
        if (p.mode === 'right') a = separate(a, b);
        else b = separate(b, a);
        checkVjp(rng, (t, [x, y]) => op.extremum(t, x, y, p.kind), [a, b]);
      },
    ));

  test('assemble: scalar cells, some cells sharing one input', () =>
    property(
      fc.record({ rows: size, cols: size, distinct: fc.integer({ min: 1, max: 36 }) }),
      (rng, { rows, cols, distinct }) => {
        const m = Math.min(distinct, rows * cols);
        const inputs = Array.from({ length: m }, () => normal(rng, 1, 1));
        const cell = Array.from({ length: rows * cols }, () => rng.int(0, m - 1));
        checkVjp(
          rng,
          (t, xs) =>
            op.assemble(
              t,
              Array.from({ length: rows }, (_, i) =>
                Array.from({ length: cols }, (_, j) => xs[cell[i * cols + j]]),
              ),
            ),
          inputs,
        );
      },
    ));
});

// ---------------------------------------------------------------------------------------

describe('Tape', () => {
  test('records nothing when every input is a constant', () => {
    const t = new Tape();
    const a = t.constant(
      fromRows([
        [2, 1],
        [1, 3],
      ]),
    );
    const b = t.constant(
      fromRows([
        [1, -1],
        [0.5, 2],
      ]),
    );
    const values = [
      op.add(t, a, b),
      op.mul(t, a, b),
      op.inverse(t, a),
      op.det(t, a),
      op.power(t, a, b),
      op.matrixPower(t, a, 3),
      op.log(t, a),
      op.assemble(t, [[op.entry(t, a, 0, 0), op.trace(t, b)]]),
    ];
    assert.equal(t.length, 0);
    for (const v of values) assert.equal(v.id, -1);
  });

  test('records once a single input is tracked', () => {
    const t = new Tape();
    const a = t.constant(
      fromRows([
        [2, 1],
        [1, 3],
      ]),
    );
    const x = t.variable(
      fromRows([
        [1, 0],
        [0, 1],
      ]),
    );
    const y = op.add(t, a, x);
    assert.equal(t.length, 2);
    assert.equal(y.id, 1);
  });

  test('accumulates the adjoints of a node used twice: f = x ⊙ x', () => {
    const t = new Tape();
    const x = t.variable(fromRows([[1, -2, 3]]));
    const y = op.hadamard(t, x, x);
    const W = fromRows([[0.5, 1, -1]]);
    assert.deepEqual(toRows(t.backward(y, W)(x)), [[1, -4, -6]]);
    const s = op.sum(t, y);
    assert.deepEqual(toRows(t.backward(s, scalar(1))(x)), [[2, -4, 6]]);
  });

  test('accumulates along two paths: f = sum(exp(x)) + sum(x)', () => {
    const t = new Tape();
    const x = t.variable(fromRows([[0], [1]]));
    const f = op.add(t, op.sum(t, op.exp(t, x)), op.sum(t, x));
    assert.deepEqual(toRows(t.backward(f, scalar(1))(x)), [[2], [Math.E + 1]]);
  });

  test('nodes that do not reach the output get zeros of their own shape', () => {
    const t = new Tape();
    const x = t.variable(fromRows([[1, 2]]));
    const unused = t.variable(fromRows([[1], [2], [3]]));
    const before = op.exp(t, unused); // recorded before the output, not an ancestor
    const y = op.sum(t, op.hadamard(t, x, x));
    const after = op.neg(t, x); // recorded after the output
    const c = t.constant(fromRows([[4, 5]]));
    const adjoint = t.backward(y, scalar(1));
    assert.deepEqual(toRows(adjoint(x)), [[2, 4]]);
    assert.deepEqual(toRows(adjoint(unused)), [[0], [0], [0]]);
    assert.deepEqual(toRows(adjoint(before)), [[0], [0], [0]]);
    assert.deepEqual(toRows(adjoint(after)), [[0, 0]]);
    assert.deepEqual(toRows(adjoint(c)), [[0, 0]]);
  });

  test('backward from a constant output gives zeros everywhere', () => {
    const t = new Tape();
    const x = t.variable(fromRows([[1, 2]]));
    const y = op.matrixPower(t, x, 0);
    assert.equal(y.id, -1);
    assert.deepEqual(toRows(t.backward(y, scalar(1))(x)), [[0, 0]]);
  });
});

describe('1×1 special cases', () => {
  const at = (a: number, f: (t: Tape, x: Value) => Value) => {
    const t = new Tape();
    const x = t.variable(scalar(a));
    const y = f(t, x);
    assert.equal(shapeOf(y.value), '1×1');
    return { value: y.value.scalar(), grad: t.backward(y, scalar(1))(x).scalar() };
  };
  const close = (actual: number, expected: number) =>
    assert.ok(
      Math.abs(actual - expected) <= 1e-14 * Math.max(1, Math.abs(expected)),
      `${actual} vs ${expected}`,
    );

  test('det of 1×1 is the entry itself', () => {
    const { value, grad } = at(-3, (t, x) => op.det(t, x));
    assert.equal(value, -3);
    assert.equal(grad, 1);
  });

  test('inverse of 1×1 is the reciprocal', () => {
    const { value, grad } = at(4, (t, x) => op.inverse(t, x));
    close(value, 0.25);
    close(grad, -1 / 16);
  });

  test('matrixPower of 1×1 is the scalar power, exponents 0…5', () => {
    for (let k = 0; k <= 5; k++) {
      const { value, grad } = at(-1.5, (t, x) => op.matrixPower(t, x, k));
      close(value, (-1.5) ** k);
      close(grad, k === 0 ? 0 : k * (-1.5) ** (k - 1));
    }
  });
});

// The float64 kernels against mathjs as the reference implementation, plus the properties
// mathjs cannot check for us: broadcasting rules, shape errors, singular matrices, the
// seeded RNG and the random matrix kinds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { all, create } from 'mathjs';
import {
  add,
  allFinite,
  clone,
  diagOf,
  diagToMatrix,
  divide,
  entry,
  frobenius,
  fromRows,
  hadamard,
  identity,
  kron,
  map,
  matmul,
  matrix,
  neg,
  norm1,
  normFro,
  normInf,
  ones,
  relativeError,
  reshapeVec,
  scalar,
  scale,
  sub,
  sum,
  toRows,
  trace,
  transpose,
  unvec,
  zeros,
  zipWith,
} from '../../src/core/numeric/kernels';
import {
  conditionEstimate,
  det,
  inverse,
  logAbsDet,
  lu,
  MAX_CONDITION,
  solve,
} from '../../src/core/numeric/linalg';
import { Matrix, ShapeMismatchError, SingularMatrixError } from '../../src/core/numeric/matrix';
import { MATRIX_KINDS, randomMatrix, Rng, SPD_EIGEN_RANGE } from '../../src/core/numeric/random';

const math = create(all, {});

// ---------------------------------------------------------------------------------------
// Comparison helpers, in the spirit of mathjs's tools/approx.js: relative tolerance, with
// exact zeros and NaN handled on purpose (a relative test against 0 can never pass, and
// NaN !== NaN).

/** Numbers: equal (incl. same infinity), both NaN, |other| ≤ abs when one is exactly 0, else relative. */
function approxEqual(actual: number, expected: number, rel = 1e-10, abs = 1e-12, what = ''): void {
  if (actual === expected) return;
  if (Number.isNaN(actual) || Number.isNaN(expected)) {
    assert.ok(
      Number.isNaN(actual) && Number.isNaN(expected),
      `${what}: ${actual} vs ${expected} (NaN on one side only)`,
    );
    return;
  }
  if (expected === 0 || actual === 0) {
    const other = expected === 0 ? actual : expected;
    assert.ok(
      Math.abs(other) <= abs,
      `${what}: ${actual} vs ${expected} (|x| ≤ ${abs} expected against an exact 0)`,
    );
    return;
  }
  const diff = Math.abs(actual - expected);
  assert.ok(
    diff <= rel * Math.max(Math.abs(actual), Math.abs(expected)),
    `${what}: ${actual} vs ${expected} (relative ${diff / Math.abs(expected)} > ${rel})`,
  );
}

/**
 * Matrices: same shape, then entry by entry as approxEqual, where an entry may also pass by
 * being within rel·(largest |entry| of expected): cancellation makes tiny entries noisy
 * relative to themselves but not relative to the matrix.
 */
function approxMatrix(actual: Matrix, expected: number[][] | Matrix, rel = 1e-10, what = ''): void {
  const exp = expected instanceof Matrix ? expected : fromRows(expected);
  assert.equal(`${actual.rows}×${actual.cols}`, `${exp.rows}×${exp.cols}`, `${what}: shape`);
  let scaleOf = 0;
  for (const x of exp.data) if (Number.isFinite(x)) scaleOf = Math.max(scaleOf, Math.abs(x));
  for (let k = 0; k < exp.size; k++) {
    const a = actual.data[k];
    const e = exp.data[k];
    if (Number.isFinite(a) && Number.isFinite(e) && Math.abs(a - e) <= rel * scaleOf) continue;
    approxEqual(
      a,
      e,
      rel,
      rel * scaleOf,
      `${what} entry ${Math.floor(k / exp.cols)},${k % exp.cols}`,
    );
  }
}

/** mathjs results (arrays or Matrix objects, 1-D or 2-D) as number[][]. */
function rows(x: unknown, asColumn = true): number[][] {
  const v = math.isMatrix(x) ? (x.toArray() as unknown) : x;
  if (!Array.isArray(v)) throw new Error(`not a collection: ${String(v)}`);
  if (v.length === 0) return [];
  if (Array.isArray(v[0])) return v as number[][];
  return asColumn ? (v as number[]).map((e) => [e]) : [v as number[]];
}

const flat = (m: Matrix): number[] => Array.from(m.data);

function randomNormal(rng: Rng, r: number, c: number): Matrix {
  return randomMatrix(rng, r, c, 'normal');
}

const SHAPES: [number, number][] = [
  [1, 1],
  [1, 5],
  [5, 1],
  [3, 4],
  [4, 3],
  [7, 7],
  [2, 9],
];

// ---------------------------------------------------------------------------------------

describe('construction', () => {
  test('matrix, zeros, ones, identity, scalar, fromRows/toRows, clone', () => {
    const m = matrix(2, 3, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(toRows(m), [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    assert.equal(m.get(1, 2), 6);
    assert.deepEqual(toRows(zeros(2, 2)), [
      [0, 0],
      [0, 0],
    ]);
    assert.deepEqual(toRows(ones(1, 3)), [[1, 1, 1]]);
    assert.deepEqual(toRows(identity(3)), rows(math.identity(3)));
    assert.equal(scalar(2.5).isScalar(), true);
    assert.equal(scalar(2.5).scalar(), 2.5);
    assert.deepEqual(toRows(fromRows([[1], [2]])), [[1], [2]]);
    const empty = fromRows([]);
    assert.equal(empty.rows, 0);
    assert.equal(empty.cols, 0);
    const c = clone(m);
    c.data[0] = 99;
    assert.equal(m.data[0], 1, 'clone copies the data');
  });

  test('matrix copies its data and validates the length and dims', () => {
    const src = new Float64Array([1, 2]);
    const m = matrix(1, 2, src);
    src[0] = 7;
    assert.equal(m.data[0], 1);
    assert.throws(() => matrix(2, 2, [1, 2, 3]), ShapeMismatchError);
    assert.throws(() => matrix(-1, 2), RangeError);
    assert.throws(() => matrix(1.5, 2), RangeError);
    assert.throws(() => fromRows([[1, 2], [3]]), ShapeMismatchError);
  });
});

describe('products and layout against mathjs', () => {
  const rng = new Rng(1001);
  for (const [r, k, c] of [
    [1, 1, 1],
    [1, 4, 1],
    [4, 1, 3],
    [3, 5, 2],
    [6, 6, 6],
    [2, 7, 9],
    [17, 13, 11],
  ]) {
    test(`matmul ${r}×${k} · ${k}×${c}`, () => {
      const a = randomNormal(rng, r, k);
      const b = randomNormal(rng, k, c);
      approxMatrix(matmul(a, b), rows(math.multiply(toRows(a), toRows(b))), 1e-12, 'matmul');
    });
  }

  test('matmul throws ShapeMismatchError on inner-dimension mismatch (no scalar broadcasting)', () => {
    assert.throws(() => matmul(zeros(2, 3), zeros(2, 3)), ShapeMismatchError);
    assert.throws(() => matmul(scalar(2), zeros(3, 3)), ShapeMismatchError);
    assert.throws(() => matmul(zeros(3, 1), zeros(3, 1)), /2|3×1/);
  });

  test('matmul with empty inner dimension gives zeros; propagates NaN and Inf like IEEE', () => {
    assert.deepEqual(toRows(matmul(zeros(2, 0), zeros(0, 3))), toRows(zeros(2, 3)));
    const r = matmul(fromRows([[0, 1]]), fromRows([[Infinity], [1]]));
    assert.ok(Number.isNaN(r.scalar()), '0·∞ is NaN, zeros are not skipped');
  });

  for (const [r, c] of SHAPES) {
    test(`transpose, reshapeVec/unvec, kron ${r}×${c}`, () => {
      const a = randomNormal(rng, r, c);
      assert.deepEqual(toRows(transpose(a)), rows(math.transpose(toRows(a))));
      // vec stacks columns: mathjs reshape of the transpose, read row by row.
      const v = reshapeVec(a);
      assert.equal(v.cols, 1);
      assert.deepEqual(
        flat(v),
        (math.flatten(math.transpose(toRows(a))) as unknown as number[]).slice(),
      );
      assert.deepEqual(toRows(unvec(v, r, c)), toRows(a));
      assert.deepEqual(toRows(unvec(transpose(v), r, c)), toRows(a));
      const b = randomNormal(rng, 2, 3);
      approxMatrix(kron(a, b), rows(math.kron(toRows(a), toRows(b))), 1e-14, 'kron');
    });
  }
});

describe('elementwise kernels against mathjs', () => {
  const rng = new Rng(2002);
  for (const [r, c] of SHAPES) {
    test(`add, sub, hadamard, divide, scale, neg, map, zipWith ${r}×${c}`, () => {
      const a = randomNormal(rng, r, c);
      const b = randomMatrix(rng, r, c, 'positive');
      const A = toRows(a);
      const B = toRows(b);
      approxMatrix(add(a, b), rows(math.add(A, B)), 1e-15, 'add');
      approxMatrix(sub(a, b), rows(math.subtract(A, B)), 1e-15, 'sub');
      approxMatrix(hadamard(a, b), rows(math.dotMultiply(A, B)), 1e-15, 'hadamard');
      approxMatrix(divide(a, b), rows(math.dotDivide(A, B)), 1e-15, 'divide');
      approxMatrix(scale(a, -2.5), rows(math.multiply(A, -2.5)), 1e-15, 'scale');
      approxMatrix(neg(a), rows(math.unaryMinus(A)), 0, 'neg');
      approxMatrix(
        map(b, Math.log),
        rows(math.map(B, (x: number) => math.log(x))),
        1e-15,
        'map log',
      );
      approxMatrix(
        zipWith(a, b, (x, y) => x * y + 1),
        rows(math.add(math.dotMultiply(A, B), 1)),
        1e-14,
        'zipWith',
      );
    });
  }

  test('a 1×1 operand broadcasts on either side, like mathjs scalars', () => {
    const a = randomNormal(rng, 3, 4);
    const s = scalar(-1.75);
    const A = toRows(a);
    approxMatrix(add(a, s), rows(math.add(A, -1.75)), 0, 'add(M, s)');
    approxMatrix(add(s, a), rows(math.add(-1.75, A)), 0, 'add(s, M)');
    approxMatrix(sub(a, s), rows(math.subtract(A, -1.75)), 0, 'sub(M, s)');
    approxMatrix(sub(s, a), rows(math.subtract(-1.75, A)), 0, 'sub(s, M)');
    approxMatrix(hadamard(s, a), rows(math.dotMultiply(-1.75, A)), 0, 'hadamard(s, M)');
    approxMatrix(hadamard(a, s), rows(math.dotMultiply(A, -1.75)), 0, 'hadamard(M, s)');
    approxMatrix(divide(a, s), rows(math.dotDivide(A, -1.75)), 0, 'divide(M, s)');
    approxMatrix(divide(s, a), rows(math.dotDivide(-1.75, A)), 0, 'divide(s, M)');
    approxMatrix(
      zipWith(s, a, (x, y) => x - 2 * y),
      rows(math.subtract(-1.75, math.multiply(2, A))),
      1e-15,
      'zipWith(s, M)',
    );
    const one = add(scalar(2), scalar(3));
    assert.equal(one.isScalar(), true);
    assert.equal(one.scalar(), 5);
    // a 1×1 against a vector or an empty matrix also broadcasts
    assert.deepEqual(toRows(hadamard(scalar(2), fromRows([[1, 2, 3]]))), [[2, 4, 6]]);
    assert.equal(add(scalar(1), zeros(0, 3)).cols, 3);
  });

  test('different shapes, neither 1×1, throw ShapeMismatchError', () => {
    const pairs: [Matrix, Matrix][] = [
      [zeros(2, 3), zeros(3, 2)],
      [zeros(1, 3), zeros(3, 1)],
      [zeros(2, 2), zeros(1, 2)],
      [zeros(2, 2), zeros(2, 1)],
      [zeros(0, 0), zeros(1, 2)],
    ];
    for (const [a, b] of pairs) {
      for (const f of [add, sub, hadamard, divide]) {
        assert.throws(
          () => f(a, b),
          ShapeMismatchError,
          `${f.name} ${a.rows}×${a.cols} ${b.rows}×${b.cols}`,
        );
      }
      assert.throws(() => zipWith(a, b, (x) => x), ShapeMismatchError);
    }
  });

  test('division follows IEEE: x/0 = ±∞, 0/0 = NaN', () => {
    const q = divide(fromRows([[1, -1, 0]]), scalar(0));
    assert.deepEqual(flat(q).slice(0, 2), [Infinity, -Infinity]);
    assert.ok(Number.isNaN(q.data[2]));
  });

  test('kernels do not mutate their inputs', () => {
    const a = randomNormal(rng, 3, 3);
    const b = randomNormal(rng, 3, 3);
    const before = [flat(a), flat(b)];
    add(a, b);
    sub(a, b);
    hadamard(a, b);
    divide(a, b);
    scale(a, 3);
    neg(a);
    matmul(a, b);
    transpose(a);
    map(a, (x) => x * 2);
    inverse(randomMatrix(rng, 3, 3, 'wellConditioned'));
    lu(a);
    det(a);
    assert.deepEqual([flat(a), flat(b)], before);
  });
});

describe('reductions and structure against mathjs', () => {
  const rng = new Rng(3003);
  for (const [r, c] of SHAPES) {
    test(`sum, frobenius, normFro, norm1, normInf, entry ${r}×${c}`, () => {
      const a = randomNormal(rng, r, c);
      const b = randomNormal(rng, r, c);
      const A = toRows(a);
      const B = toRows(b);
      approxEqual(sum(a), math.sum(A) as number, 1e-12, 1e-14, 'sum');
      approxEqual(
        frobenius(a, b),
        math.sum(math.dotMultiply(A, B)) as number,
        1e-12,
        1e-14,
        'frobenius',
      );
      approxEqual(
        frobenius(a, b),
        trace(matmul(transpose(a), b)),
        1e-12,
        1e-14,
        'frobenius = tr(aᵀb)',
      );
      approxEqual(normFro(a), math.norm(A, 'fro') as number, 1e-14, 0, 'normFro');
      const isVector = r === 1 || c === 1;
      // Vectors: entrywise norms (mathjs on the flattened 1-D vector). Matrices: induced norms.
      const ref = isVector ? (math.flatten(A) as unknown as number[]) : A;
      approxEqual(norm1(a), math.norm(ref, 1) as number, 1e-14, 0, 'norm1');
      approxEqual(normInf(a), math.norm(ref, Infinity) as number, 1e-14, 0, 'normInf');
      assert.equal(entry(a, r - 1, c - 1), A[r - 1][c - 1]);
      assert.equal(entry(a, 0, 0), a.get(0, 0));
    });
  }

  test('norm1/normInf conventions on hand-made cases', () => {
    const m = fromRows([
      [1, -2],
      [-3, 4],
    ]);
    assert.equal(norm1(m), 6, 'max column sum');
    assert.equal(normInf(m), 7, 'max row sum');
    assert.equal(norm1(fromRows([[1, -2, 3]])), 6, 'row vector: entrywise sum');
    assert.equal(normInf(fromRows([[1, -2, 3]])), 3, 'row vector: max |entry|');
    assert.equal(norm1(fromRows([[1], [-2], [3]])), 6);
    assert.equal(normInf(fromRows([[1], [-2], [3]])), 3);
    assert.ok(Number.isNaN(norm1(fromRows([[1, NaN]]))));
    assert.ok(Number.isNaN(normInf(fromRows([[NaN, 1]]))));
    assert.ok(Number.isNaN(normFro(fromRows([[NaN, 1]]))));
    assert.equal(normFro(fromRows([[Infinity, 1]])), Infinity);
    assert.equal(normFro(zeros(2, 2)), 0);
    assert.equal(sum(zeros(0, 3)), 0);
  });

  test('normFro neither overflows nor underflows', () => {
    approxEqual(normFro(fromRows([[3e200, 4e200]])), 5e200, 1e-15);
    approxEqual(normFro(fromRows([[3e-200, 4e-200]])), 5e-200, 1e-15);
  });

  for (const n of [1, 2, 5, 8]) {
    test(`trace, diagOf, diagToMatrix ${n}×${n}`, () => {
      const a = randomNormal(rng, n, n);
      const A = toRows(a);
      approxEqual(trace(a), math.trace(A), 1e-13, 1e-15, 'trace');
      assert.deepEqual(flat(diagOf(a)), (math.diag(A) as unknown as number[]).slice());
      assert.equal(diagOf(a).cols, 1);
      const v = randomNormal(rng, n, 1);
      assert.deepEqual(toRows(diagToMatrix(v)), rows(math.diag(flat(v))));
      assert.deepEqual(toRows(diagToMatrix(transpose(v))), toRows(diagToMatrix(v)));
    });
  }

  test('shape errors in reductions and structure', () => {
    assert.throws(() => trace(zeros(2, 3)), ShapeMismatchError);
    assert.throws(() => diagOf(zeros(2, 3)), ShapeMismatchError);
    assert.throws(() => diagToMatrix(zeros(2, 3)), ShapeMismatchError);
    assert.throws(() => frobenius(zeros(2, 3), zeros(3, 2)), ShapeMismatchError);
    assert.throws(
      () => frobenius(scalar(1), zeros(3, 2)),
      ShapeMismatchError,
      'frobenius does not broadcast',
    );
    assert.throws(() => relativeError(zeros(2, 3), zeros(3, 2)), ShapeMismatchError);
    assert.throws(() => unvec(zeros(6, 1), 4, 2), ShapeMismatchError);
    assert.throws(() => entry(zeros(2, 3), 2, 0), RangeError);
    assert.throws(() => entry(zeros(2, 3), 0, -1), RangeError);
  });

  test('relativeError and allFinite', () => {
    for (const [r, c] of SHAPES) {
      const a = randomNormal(rng, r, c);
      const b = randomNormal(rng, r, c);
      const A = toRows(a);
      const B = toRows(b);
      const ref =
        (math.norm(math.subtract(A, B), 'fro') as number) /
        Math.max(math.norm(A, 'fro') as number, math.norm(B, 'fro') as number);
      approxEqual(relativeError(a, b), ref, 1e-13, 0, 'relativeError');
    }
    assert.equal(relativeError(zeros(2, 2), zeros(2, 2)), 0);
    const a = randomNormal(rng, 3, 2);
    assert.equal(relativeError(a, clone(a)), 0);
    approxEqual(relativeError(a, scale(a, 1 + 1e-9)), 1e-9 / (1 + 1e-9), 1e-6);
    assert.equal(relativeError(neg(a), a), 2);
    approxEqual(
      relativeError(zeros(1, 1), scalar(1e-200)),
      1,
      1e-15,
      0,
      'tiny against zero is a full error',
    );
    approxEqual(
      relativeError(fromRows([[1e308]]), fromRows([[-1e308]])),
      2,
      1e-15,
      0,
      'no overflow',
    );
    assert.ok(Number.isNaN(relativeError(fromRows([[NaN]]), scalar(1))));
    assert.ok(Number.isNaN(relativeError(fromRows([[Infinity]]), fromRows([[Infinity]]))));
    assert.equal(allFinite(a), true);
    assert.equal(allFinite(zeros(0, 0)), true);
    assert.equal(allFinite(fromRows([[1, NaN]])), false);
    assert.equal(allFinite(fromRows([[1, -Infinity]])), false);
  });
});

describe('linear algebra against mathjs', () => {
  const rng = new Rng(4004);

  for (const n of [1, 2, 3, 5, 8, 12]) {
    test(`lu, det, logAbsDet, inverse, solve, conditionEstimate ${n}×${n}`, () => {
      for (const kind of ['normal', 'wellConditioned', 'spd'] as const) {
        const a = randomMatrix(rng, n, n, kind);
        const A = toRows(a);
        // P·A = L·U
        const f = lu(a);
        assert.equal(f.singular, false);
        const L = fromRows(
          A.map((_, i) => A.map((__, j) => (i === j ? 1 : j < i ? f.lu.get(i, j) : 0))),
        );
        const U = fromRows(A.map((_, i) => A.map((__, j) => (j >= i ? f.lu.get(i, j) : 0))));
        const PA = fromRows(Array.from(f.perm, (p) => A[p]));
        approxMatrix(matmul(L, U), PA, 1e-13, `${kind} PA = LU`);
        const parity = Array.from(f.perm).reduce(
          (s, p, i, perm) => s * (perm.slice(i + 1).filter((q) => q < p).length % 2 ? -1 : 1),
          1,
        );
        assert.equal(f.sign, parity);

        const d = math.det(A);
        approxEqual(det(a), d, 1e-10, 1e-14, `${kind} det`);
        const l = logAbsDet(a);
        assert.equal(l.sign, Math.sign(d));
        approxEqual(l.logAbs, Math.log(Math.abs(d)), 1e-10, 1e-12, `${kind} logAbsDet`);

        const inv = inverse(a);
        approxMatrix(inv, rows(math.inv(A)), 1e-9, `${kind} inverse`);
        approxMatrix(matmul(a, inv), identity(n), 1e-11, `${kind} A·A⁻¹`);

        const b = randomNormal(rng, n, 3);
        const x = solve(a, b);
        const ref = toRows(b)[0].map((_, j) =>
          rows(
            math.lusolve(
              A,
              toRows(b).map((row) => [row[j]]),
            ),
          ).map((e) => e[0]),
        );
        approxMatrix(x, rows(math.transpose(ref)), 1e-9, `${kind} solve`);
        approxMatrix(matmul(a, x), b, 1e-11, `${kind} A·x = b`);

        const kappa = (math.norm(A, 1) as number) * (math.norm(rows(math.inv(A)), 1) as number);
        approxEqual(conditionEstimate(a), n === 1 ? 1 : kappa, 1e-8, 0, `${kind} condition`);
      }
    });
  }

  test('inverse of random SPD matrices is well conditioned (κ₂ ≤ 10, so κ₁ ≤ 10n)', () => {
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + (trial % 10);
      const a = randomMatrix(rng, n, n, 'spd');
      const kappa = conditionEstimate(a);
      assert.ok(kappa <= 10 * n, `κ₁ = ${kappa} for n = ${n}`);
      const inv = inverse(a);
      assert.ok(relativeError(matmul(a, inv), identity(n)) < 1e-14);
      assert.ok(
        relativeError(inv, transpose(inv)) < 1e-14,
        'the inverse of a symmetric matrix is symmetric',
      );
      assert.equal(logAbsDet(a).sign, 1);
    }
  });

  test('logAbsDet stays finite where det overflows', () => {
    const n = 200;
    const a = scale(randomMatrix(rng, n, n, 'wellConditioned'), 1e3);
    assert.equal(det(a), Infinity);
    const small = logAbsDet(scale(a, 1e-3));
    const big = logAbsDet(a);
    assert.equal(big.sign, 1);
    approxEqual(big.logAbs, small.logAbs + n * Math.log(1e3), 1e-12, 0, 'logAbsDet scaling');
  });

  test('singular and hopelessly ill-conditioned matrices', () => {
    const u = randomNormal(rng, 4, 1);
    const v = randomNormal(rng, 4, 1);
    const hilbert = (n: number) =>
      fromRows(
        Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => 1 / (i + j + 1))),
      );
    const cases: [string, Matrix][] = [
      [
        'exact rank 1',
        fromRows([
          [1, 2],
          [2, 4],
        ]),
      ],
      ['zero', zeros(3, 3)],
      ['scalar 0', scalar(0)],
      [
        'duplicate rows',
        fromRows([
          [1, 2, 3],
          [4, 5, 6],
          [1, 2, 3],
        ]),
      ],
      ['outer product', matmul(u, transpose(v))],
      [
        'rank 2 of 3 (rounded)',
        fromRows([
          [0.1, 0.2, 0.3],
          [0.4, 0.5, 0.6],
          [0.7, 0.8, 0.9],
        ]),
      ],
      ['Hilbert 13', hilbert(13)],
    ];
    for (const [name, a] of cases) {
      assert.throws(() => inverse(a), SingularMatrixError, name);
      assert.throws(() => solve(a, ones(a.rows, 1)), SingularMatrixError, name);
      const kappa = conditionEstimate(a);
      assert.ok(kappa > MAX_CONDITION, `${name}: κ = ${kappa}`);
      assert.ok(Math.abs(det(a)) < 1e-12 || name.startsWith('Hilbert'), `${name}: det ${det(a)}`);
    }
    // exact zero pivots
    assert.equal(
      lu(
        fromRows([
          [1, 2],
          [2, 4],
        ]),
      ).singular,
      true,
    );
    assert.equal(
      det(
        fromRows([
          [1, 2],
          [2, 4],
        ]),
      ),
      0,
    );
    assert.deepEqual(logAbsDet(zeros(2, 2)), { sign: 0, logAbs: -Infinity });
    assert.equal(conditionEstimate(zeros(2, 2)), Infinity);
    // an ill-conditioned but invertible matrix passes with a looser bound, and the refusal
    // message names the condition number
    assert.doesNotThrow(() => inverse(hilbert(6)));
    assert.throws(() => inverse(hilbert(6), 1e5), /condition number/);
  });

  test('linalg shape errors, empty and non-finite input', () => {
    assert.throws(() => lu(zeros(2, 3)), ShapeMismatchError);
    assert.throws(() => inverse(zeros(2, 3)), ShapeMismatchError);
    assert.throws(() => det(zeros(3, 2)), ShapeMismatchError);
    assert.throws(() => logAbsDet(zeros(3, 2)), ShapeMismatchError);
    assert.throws(() => solve(identity(3), zeros(2, 1)), ShapeMismatchError);
    assert.throws(() => conditionEstimate(zeros(1, 2)), ShapeMismatchError);
    assert.equal(det(zeros(0, 0)), 1);
    assert.deepEqual(logAbsDet(zeros(0, 0)), { sign: 1, logAbs: 0 });
    assert.equal(inverse(zeros(0, 0)).size, 0);
    const bad = fromRows([
      [1, NaN],
      [0, 1],
    ]);
    assert.ok(flat(inverse(bad)).every(Number.isNaN));
    assert.ok(Number.isNaN(det(bad)));
    assert.ok(Number.isNaN(logAbsDet(bad).logAbs));
    assert.ok(flat(solve(bad, ones(2, 1))).every(Number.isNaN));
    assert.ok(Number.isNaN(conditionEstimate(bad)));
    assert.equal(inverse(scalar(4)).scalar(), 0.25);
    assert.equal(det(scalar(-3)), -3);
    assert.deepEqual(logAbsDet(scalar(-Math.E)), { sign: -1, logAbs: 1 });
  });
});

describe('Rng', () => {
  const draws = (r: Rng, n: number) => Array.from({ length: n }, () => r.next());

  test('reproducible for a seed, different for different seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    assert.deepEqual(draws(a, 1000), draws(b, 1000));
    assert.deepEqual(
      Array.from({ length: 101 }, () => a.normal()),
      Array.from({ length: 101 }, () => b.normal()),
    );
    assert.deepEqual(
      Array.from({ length: 100 }, () => a.int(-3, 3)),
      Array.from({ length: 100 }, () => b.int(-3, 3)),
    );
    const seeds = [0, 1, 2, 42, -1, 0x7fffffff, 123456789];
    const firsts = seeds.map((s) => draws(new Rng(s), 4).join(','));
    assert.equal(new Set(firsts).size, seeds.length);
    // pinned: a change of generator or seeding must be deliberate (it changes every sample)
    const pinned = draws(new Rng(42), 3);
    assert.deepEqual(draws(new Rng(42), 3), pinned);
    assert.throws(() => new Rng(1.5), RangeError);
  });

  test('next() is in [0, 1) with more than 32 bits of resolution', () => {
    const r = new Rng(7);
    let fine = 0;
    const buckets = new Array<number>(10).fill(0);
    const N = 20000;
    for (let k = 0; k < N; k++) {
      const x = r.next();
      assert.ok(x >= 0 && x < 1);
      assert.ok(Number.isInteger(x * 2 ** 53));
      if (!Number.isInteger(x * 2 ** 32)) fine++;
      buckets[Math.floor(x * 10)]++;
    }
    assert.ok(fine > N * 0.99, 'low bits are used');
    const sd = Math.sqrt(N * 0.1 * 0.9);
    for (const count of buckets)
      assert.ok(Math.abs(count - N / 10) < 5 * sd, `bucket count ${count}`);
  });

  test('normal(): mean and variance within loose bounds over 20k draws', () => {
    for (const seed of [1, 2, 3]) {
      const r = new Rng(seed);
      const N = 20000;
      const xs = Array.from({ length: N }, () => r.normal());
      const mean = xs.reduce((s, x) => s + x, 0) / N;
      const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (N - 1);
      assert.ok(Math.abs(mean) < 5 / Math.sqrt(N), `mean ${mean}`);
      assert.ok(Math.abs(variance - 1) < 5 * Math.sqrt(2 / N), `variance ${variance}`);
      const within1 = xs.filter((x) => Math.abs(x) < 1).length / N;
      assert.ok(Math.abs(within1 - 0.6827) < 0.02, `P(|x| < 1) = ${within1}`);
      assert.ok(xs.every(Number.isFinite));
    }
  });

  test('uniform and int', () => {
    const r = new Rng(9);
    const seen = new Set<number>();
    for (let k = 0; k < 2000; k++) {
      const u = r.uniform(-2, 3);
      assert.ok(u >= -2 && u < 3);
      const i = r.int(-2, 3);
      assert.ok(Number.isInteger(i) && i >= -2 && i <= 3);
      seen.add(i);
    }
    assert.equal(seen.size, 6, 'both ends are reachable');
    assert.equal(r.int(5, 5), 5);
    assert.throws(() => r.int(3, 2), RangeError);
    assert.throws(() => r.int(0.5, 2), RangeError);
  });

  test('fork: determined by the seed and label, not by the parent’s draws', () => {
    const parent = new Rng(2024);
    const before = draws(parent.fork('X'), 20);
    draws(parent, 1000);
    parent.normal();
    parent.fork('Y');
    assert.deepEqual(
      draws(parent.fork('X'), 20),
      before,
      'drawing or forking others does not move a fork',
    );
    assert.deepEqual(draws(new Rng(2024).fork('X'), 20), before);
    assert.notDeepEqual(draws(new Rng(2024).fork('Y'), 20), before);
    assert.notDeepEqual(draws(new Rng(2025).fork('X'), 20), before);
    assert.notDeepEqual(draws(new Rng(2024), 20), before, 'a fork is not the parent stream');
    // labels that are easy to confuse
    const labels = ['', 'A', 'a', 'AB', 'BA', 'A\u0000', 'X_1', 'X_{1}', 'X1', 'x'];
    const firsts = labels.map((l) => draws(new Rng(5).fork(l), 3).join(','));
    assert.equal(new Set(firsts).size, labels.length);
    // nesting is ordered and reproducible
    const ab = draws(new Rng(5).fork('A').fork('B'), 5);
    assert.deepEqual(draws(new Rng(5).fork('A').fork('B'), 5), ab);
    assert.notDeepEqual(draws(new Rng(5).fork('B').fork('A'), 5), ab);
    assert.notDeepEqual(draws(new Rng(5).fork('AB'), 5), ab);
  });

  test('forked streams are uncorrelated with each other and with the parent', () => {
    const parent = new Rng(77);
    const N = 20000;
    const streams = [parent.fork('A'), parent.fork('B'), parent.fork('A').fork('A'), parent];
    const xs = streams.map((r) => Array.from({ length: N }, () => r.normal()));
    for (let i = 0; i < xs.length; i++) {
      for (let j = i + 1; j < xs.length; j++) {
        let s = 0;
        for (let k = 0; k < N; k++) s += xs[i][k] * xs[j][k];
        const corr = s / N;
        assert.ok(Math.abs(corr) < 5 / Math.sqrt(N), `streams ${i}, ${j}: correlation ${corr}`);
      }
    }
  });
});

describe('randomMatrix kinds', () => {
  const rng = new Rng(5005);

  test('shapes, reproducibility, and square-only kinds', () => {
    for (const kind of MATRIX_KINDS) {
      for (const n of [0, 1, 4]) {
        const m = randomMatrix(rng, n, n, kind);
        assert.equal(m.rows, n);
        assert.equal(m.cols, n);
        assert.ok(allFinite(m));
      }
      const a = randomMatrix(new Rng(3).fork(kind), 5, 5, kind);
      const b = randomMatrix(new Rng(3).fork(kind), 5, 5, kind);
      assert.deepEqual(flat(a), flat(b));
    }
    for (const kind of ['normal', 'positive', 'direction'] as const) {
      const m = randomMatrix(rng, 2, 7, kind);
      assert.equal(m.rows, 2);
      assert.equal(m.cols, 7);
    }
    for (const kind of ['symmetric', 'spd', 'wellConditioned'] as const) {
      assert.throws(() => randomMatrix(rng, 2, 3, kind), ShapeMismatchError);
    }
    assert.throws(() => randomMatrix(rng, -1, 3, 'normal'), RangeError);
  });

  test("'normal' entries look standard normal", () => {
    const m = randomMatrix(rng, 100, 100, 'normal');
    const mean = sum(m) / m.size;
    const variance = normFro(m) ** 2 / m.size - mean ** 2;
    assert.ok(Math.abs(mean) < 0.05, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 0.07, `variance ${variance}`);
  });

  test("'positive' entries lie in [0.5, 2] and spread over it", () => {
    const m = randomMatrix(rng, 30, 40, 'positive');
    const xs = flat(m);
    assert.ok(xs.every((x) => x >= 0.5 && x <= 2));
    assert.ok(Math.min(...xs) < 0.55 && Math.max(...xs) > 1.95);
  });

  test("'symmetric' is exactly symmetric", () => {
    for (const n of [1, 2, 5, 9]) {
      const m = randomMatrix(rng, n, n, 'symmetric');
      assert.deepEqual(flat(m), flat(transpose(m)));
      if (n >= 5)
        assert.ok(
          flat(m).some((x) => x < 0),
          'not just positive',
        );
    }
  });

  test("'spd' is exactly symmetric, positive definite, with eigenvalues in [0.5, 5]", () => {
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + (trial % 8);
      const m = randomMatrix(rng, n, n, 'spd');
      assert.deepEqual(flat(m), flat(transpose(m)), 'exactly symmetric');
      // Sylvester: every leading principal minor has a positive determinant
      for (let k = 1; k <= n; k++) {
        const minor = fromRows(
          toRows(m)
            .slice(0, k)
            .map((row) => row.slice(0, k)),
        );
        assert.ok(det(minor) > 0, `leading minor ${k} of ${n}×${n}`);
      }
      // Cholesky with positive pivots
      const L = toRows(zeros(n, n));
      for (let j = 0; j < n; j++) {
        let s = m.get(j, j);
        for (let k = 0; k < j; k++) s -= L[j][k] ** 2;
        assert.ok(s > 0, 'positive Cholesky pivot');
        L[j][j] = Math.sqrt(s);
        for (let i = j + 1; i < n; i++) {
          let t = m.get(i, j);
          for (let k = 0; k < j; k++) t -= L[i][k] * L[j][k];
          L[i][j] = t / L[j][j];
        }
      }
      approxMatrix(matmul(fromRows(L), transpose(fromRows(L))), m, 1e-13, 'LLᵀ');
      if (n >= 2) {
        const values = (
          math.eigs(toRows(m), { eigenvectors: false }).values as unknown as number[]
        ).slice();
        for (const ev of values) {
          assert.ok(
            ev >= SPD_EIGEN_RANGE[0] - 1e-12 && ev <= SPD_EIGEN_RANGE[1] + 1e-12,
            `eigenvalue ${ev}`,
          );
        }
      } else {
        assert.ok(m.scalar() >= 0.5 && m.scalar() <= 5);
      }
    }
  });

  test("'wellConditioned' is diagonally dominant, invertible, det > 0, small κ", () => {
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + (trial % 10);
      const m = randomMatrix(rng, n, n, 'wellConditioned');
      for (let i = 0; i < n; i++) {
        let off = 0;
        for (let j = 0; j < n; j++) if (j !== i) off += Math.abs(m.get(i, j));
        assert.ok(m.get(i, i) >= off + 1, 'row diagonal dominance by at least 1');
      }
      assert.ok(det(m) > 0);
      assert.ok(normInf(inverse(m)) <= 1 + 1e-12, '‖A⁻¹‖∞ ≤ 1');
      const kappa = conditionEstimate(m);
      assert.ok(kappa < 4 * n + 10, `κ₁ = ${kappa} for n = ${n}`);
      if (n >= 4) assert.ok(!flat(m).every((x) => x >= 0), 'off-diagonal entries keep both signs');
    }
  });

  test("'direction' has unit Frobenius norm", () => {
    for (const [r, c] of SHAPES) {
      const d = randomMatrix(rng, r, c, 'direction');
      approxEqual(normFro(d), 1, 1e-15);
    }
  });
});

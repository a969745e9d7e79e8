// The sampler: every SampleKind a fact can ask for is drawn with that property, for any size
// and seed, reproducibly; and a draw's sizes keep the order the note states (m > n).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { all, create } from 'mathjs';
import { PROPERTIES, PROPERTY_NAMES, type SampleKind } from '../../src/core/facts/kinds';
import type { DomainMap } from '../../src/core/numeric/domain';
import { matmul, toRows, transpose } from '../../src/core/numeric/kernels';
import { det } from '../../src/core/numeric/linalg';
import { type Matrix, ShapeMismatchError } from '../../src/core/numeric/matrix';
import {
  DIAGONAL_RANGE,
  INTEGER_RANGE,
  MATRIX_KINDS,
  NONNEGATIVE_RANGE,
  POSITIVE_RANGE,
  randomMatrix,
  Rng,
  SQUARE_KINDS,
  type MatrixKind,
} from '../../src/core/numeric/random';
import { Draw, type DrawOptions } from '../../src/core/numeric/sample';
import type { SizeOrder } from '../../src/core/numeric/sizes';
import type { Dim } from '../../src/core/shape/dims';
import { type InferenceHost, ShapeContext, sourceSymbol } from '../../src/core/shape/infer';

const math = create(all, {});

const flat = (m: Matrix): number[] => Array.from(m.data);

/** Every kind a fact can ask for: the union of PROPERTIES' draws and the rest of SampleKind. */
const SAMPLE_KINDS = MATRIX_KINDS.filter((k): k is SampleKind => k !== 'direction');
/** The kinds whose draw is a constant: the same for every seed. */
const CONSTANT_KINDS = new Set<MatrixKind>(['identity', 'ones', 'zero']);

function entryOf(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

function exactlySymmetric(m: Matrix): void {
  assert.deepEqual(flat(m), flat(transpose(m)), 'exactly symmetric');
}

function eigenvalues(m: Matrix): number[] {
  if (m.rows === 1) return [m.data[0]];
  return (math.eigs(toRows(m), { eigenvectors: false }).values as unknown as number[]).slice();
}

/** xᵀAx for random x: never below −tol·‖A‖. */
function quadraticFormsNonnegative(m: Matrix, rng: Rng): void {
  const scale = Math.max(1, ...flat(m).map(Math.abs));
  for (let t = 0; t < 10; t++) {
    const x = randomMatrix(rng, m.rows, 1, 'normal');
    const q = matmul(transpose(x), matmul(m, x)).scalar();
    assert.ok(q >= -1e-12 * scale * m.rows, `xᵀAx = ${q}`);
  }
}

/** Cholesky of A + εI succeeds with positive pivots: A is PSD up to ε. */
function choleskyWithJitter(m: Matrix, jitter: number): boolean {
  const n = m.rows;
  const L: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let s = entryOf(m, j, j) + jitter;
    for (let k = 0; k < j; k++) s -= L[j][k] ** 2;
    if (!(s > 0)) return false;
    L[j][j] = Math.sqrt(s);
    for (let i = j + 1; i < n; i++) {
      let t = entryOf(m, i, j);
      for (let k = 0; k < j; k++) t -= L[i][k] * L[j][k];
      L[i][j] = t / L[j][j];
    }
  }
  return true;
}

function triangularZeros(m: Matrix, lower: boolean): void {
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) {
      if (lower ? j > i : j < i) assert.equal(entryOf(m, i, j), 0, `zero at ${i},${j}`);
    }
  for (let i = 0; i < m.rows; i++) {
    let off = 0;
    for (let j = 0; j < m.cols; j++) if (j !== i) off += Math.abs(entryOf(m, i, j));
    assert.ok(entryOf(m, i, i) >= off + 1, 'positive, row dominant diagonal');
  }
}

function lineSums(m: Matrix, byColumn: boolean): number[] {
  const sums = new Array<number>(byColumn ? m.cols : m.rows).fill(0);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) sums[byColumn ? j : i] += entryOf(m, i, j);
  return sums;
}

function isIdentity(m: Matrix): boolean {
  return flat(m).every((x, k) => x === (Math.floor(k / m.cols) === k % m.cols ? 1 : 0));
}

/**
 * What each kind promises about its draw. A Record over SampleKind: a new kind without a
 * check here does not compile.
 */
const CHECKS: Record<SampleKind, (m: Matrix, rng: Rng) => void> = {
  normal: (m) => assert.ok(flat(m).every(Number.isFinite)),
  positive: (m) => assert.ok(flat(m).every((x) => x >= POSITIVE_RANGE[0] && x < POSITIVE_RANGE[1])),
  nonnegative: (m) =>
    assert.ok(flat(m).every((x) => x >= NONNEGATIVE_RANGE[0] && x < NONNEGATIVE_RANGE[1])),
  symmetric: (m) => exactlySymmetric(m),
  symmetricPositive: (m) => {
    exactlySymmetric(m);
    assert.ok(flat(m).every((x) => x >= POSITIVE_RANGE[0] && x < POSITIVE_RANGE[1]));
  },
  spd: (m) => {
    exactlySymmetric(m);
    assert.ok(choleskyWithJitter(m, 0), 'Cholesky without jitter');
  },
  psd: (m, rng) => {
    exactlySymmetric(m);
    const scale = Math.max(1, ...flat(m).map(Math.abs));
    assert.ok(choleskyWithJitter(m, 1e-10 * scale * m.rows), 'Cholesky with jitter');
    quadraticFormsNonnegative(m, rng);
    const ev = eigenvalues(m);
    assert.ok(Math.min(...ev) >= -1e-12 * scale * m.rows, `eigenvalues ${ev}`);
    // low rank: singular for n > 1
    if (m.rows > 1) assert.ok(Math.min(...ev.map(Math.abs)) <= 1e-10 * scale, `rank < ${m.rows}`);
  },
  wellConditioned: (m) => assert.ok(det(m) > 0),
  diagonal: (m) => {
    for (let i = 0; i < m.rows; i++)
      for (let j = 0; j < m.cols; j++) {
        const x = Math.abs(entryOf(m, i, j));
        if (i === j) assert.ok(x >= DIAGONAL_RANGE[0] && x < DIAGONAL_RANGE[1], `diagonal ${x}`);
        else assert.equal(x, 0);
      }
  },
  orthogonal: (m) => {
    // orthonormal columns when tall (QᵀQ = I), rows when wide (QQᵀ = I), both when square
    const products = [];
    if (m.rows >= m.cols) products.push(matmul(transpose(m), m));
    if (m.rows <= m.cols) products.push(matmul(m, transpose(m)));
    for (const product of products) {
      for (let i = 0; i < product.rows; i++)
        for (let j = 0; j < product.cols; j++) {
          const e = entryOf(product, i, j) - (i === j ? 1 : 0);
          assert.ok(Math.abs(e) <= 1e-12, `QᵀQ − I at ${i},${j}: ${e}`);
        }
    }
  },
  lowerTriangular: (m) => triangularZeros(m, true),
  upperTriangular: (m) => triangularZeros(m, false),
  identity: (m) => assert.ok(isIdentity(m)),
  ones: (m) => assert.ok(flat(m).every((x) => x === 1)),
  zero: (m) => assert.ok(flat(m).every((x) => x === 0)),
  binary: (m) => {
    assert.ok(flat(m).every((x) => x === 0 || x === 1));
    for (const s of lineSums(m, true)) assert.ok(s >= 1, 'a 1 in every column');
  },
  integer: (m) => {
    assert.ok(
      flat(m).every((x) => Number.isInteger(x) && x >= INTEGER_RANGE[0] && x <= INTEGER_RANGE[1]),
    );
    assert.ok(
      flat(m).some((x) => x !== 0),
      'not all zero',
    );
  },
  oneHot: (m) => {
    assert.ok(flat(m).every((x) => x === 0 || x === 1));
    assert.deepEqual(lineSums(m, true), new Array<number>(m.cols).fill(1));
  },
  simplex: (m) => {
    assert.ok(flat(m).every((x) => x > 0));
    for (const s of lineSums(m, true)) assert.ok(Math.abs(s - 1) <= 1e-14, `column sum ${s}`);
  },
  rowSimplex: (m) => {
    assert.ok(flat(m).every((x) => x > 0));
    for (const s of lineSums(m, false)) assert.ok(Math.abs(s - 1) <= 1e-14, `row sum ${s}`);
  },
};

const seed = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const dim = fc.integer({ min: 1, max: 9 });

describe('randomMatrix: every SampleKind', () => {
  test('MATRIX_KINDS lists every SampleKind once, and direction', () => {
    assert.equal(new Set(MATRIX_KINDS).size, MATRIX_KINDS.length);
    assert.deepEqual(
      [...SAMPLE_KINDS].sort(),
      Object.keys(CHECKS).sort(),
      'every kind that has a check is drawn',
    );
    for (const p of PROPERTY_NAMES) assert.ok(MATRIX_KINDS.includes(PROPERTIES[p].sample), p);
  });

  test('the square kinds are the square properties’ draws, and wellConditioned', () => {
    for (const p of PROPERTY_NAMES) {
      const info = PROPERTIES[p];
      assert.equal(SQUARE_KINDS.has(info.sample), !!info.square, p);
    }
    assert.ok(SQUARE_KINDS.has('wellConditioned'));
  });

  for (const kind of SAMPLE_KINDS) {
    test(`'${kind}' has its property for any size and seed`, () => {
      fc.assert(
        fc.property(seed, dim, dim, (s, r, c) => {
          const rows = r;
          const cols = SQUARE_KINDS.has(kind) ? r : c;
          const rng = new Rng(s);
          const m = randomMatrix(rng.fork('value'), rows, cols, kind);
          assert.equal(m.rows, rows);
          assert.equal(m.cols, cols);
          assert.ok(flat(m).every(Number.isFinite));
          CHECKS[kind](m, rng.fork('check'));
        }),
        { numRuns: 60 },
      );
    });
  }

  test('square kinds refuse a non-square shape', () => {
    for (const kind of SQUARE_KINDS) {
      assert.throws(() => randomMatrix(new Rng(1), 2, 3, kind), ShapeMismatchError, kind);
      assert.throws(() => randomMatrix(new Rng(1), 4, 1, kind), ShapeMismatchError, kind);
    }
  });

  test('empty shapes draw empty matrices', () => {
    for (const kind of MATRIX_KINDS) {
      const shapes: [number, number][] = SQUARE_KINDS.has(kind)
        ? [[0, 0]]
        : [
            [0, 0],
            [0, 3],
            [3, 0],
          ];
      for (const [r, c] of shapes) assert.equal(randomMatrix(new Rng(2), r, c, kind).size, 0);
    }
  });

  test('the same seed gives the same data', () => {
    fc.assert(
      fc.property(seed, dim, (s, n) => {
        for (const kind of MATRIX_KINDS) {
          const a = randomMatrix(new Rng(s).fork('A'), n, n, kind);
          const b = randomMatrix(new Rng(s).fork('A'), n, n, kind);
          assert.deepEqual(flat(a), flat(b), kind);
        }
      }),
      { numRuns: 30 },
    );
  });

  test('different seeds give different data, except for the constants', () => {
    for (const kind of MATRIX_KINDS) {
      const draws = [0, 1, 2, 3, 4, 5, 6, 7].map((s) =>
        flat(randomMatrix(new Rng(s).fork('A'), 6, 6, kind)).join(','),
      );
      const distinct = new Set(draws).size;
      if (CONSTANT_KINDS.has(kind)) assert.equal(distinct, 1, kind);
      else assert.equal(distinct, draws.length, kind);
    }
  });

  test('psd draws are singular and their rank varies; spd ones are not singular', () => {
    const ranks = new Set<number>();
    for (let s = 0; s < 40; s++) {
      const m = randomMatrix(new Rng(s), 6, 6, 'psd');
      const ev = eigenvalues(m);
      ranks.add(ev.filter((x) => x > 1e-9).length);
      assert.ok(Math.abs(det(randomMatrix(new Rng(s), 6, 6, 'spd'))) > 1e-3);
    }
    assert.ok(
      [...ranks].every((r) => r >= 1 && r < 6),
      `ranks ${[...ranks]}`,
    );
    assert.ok(ranks.size > 2, `ranks ${[...ranks]}`);
  });

  test('diagonal draws take both signs; binary and integer draws are not constant', () => {
    const diag = randomMatrix(new Rng(9), 9, 9, 'diagonal');
    const signs = new Set([...Array(9).keys()].map((i) => Math.sign(entryOf(diag, i, i))));
    assert.deepEqual([...signs].sort(), [-1, 1]);
    const bin = flat(randomMatrix(new Rng(9), 6, 6, 'binary'));
    assert.ok(bin.includes(0) && bin.includes(1));
    const ints = new Set(flat(randomMatrix(new Rng(9), 6, 6, 'integer')));
    assert.ok(ints.size >= 4, `values ${[...ints]}`);
  });
});

// ─── sizes ──────────────────────────────────────────────────────────────────────────────

const host = { env: {}, lineOf: () => 0 } as unknown as InferenceHost;

/** A context with declared dimensions, and a Draw over it. */
function drawWith(labels: string[], options: Partial<DrawOptions> & { seed: number }) {
  const context = new ShapeContext(host, 0);
  const dims = new Map<string, Dim>(labels.map((l) => [l, context.store.named(l)]));
  const domains = { kindOf: () => 'normal' } as unknown as DomainMap;
  const draw = new Draw(context, domains, new Rng(options.seed), { maxDim: 9, ...options });
  return { context, dims, draw };
}

describe('Draw sizes', () => {
  const labels = ['a', 'b', 'm', 'n', 'k', 'l'];

  test('without an order: distinct sizes in 2…maxDim, reproducible from the seed', () => {
    fc.assert(
      fc.property(seed, (s) => {
        const one = drawWith(labels, { seed: s });
        const two = drawWith(labels, { seed: s });
        const sizes = labels.map((l) => one.draw.size(one.dims.get(l)!));
        assert.deepEqual(
          sizes,
          labels.map((l) => two.draw.size(two.dims.get(l)!)),
        );
        assert.equal(new Set(sizes).size, sizes.length);
        assert.ok(sizes.every((x) => x >= 2 && x <= 9));
      }),
      { numRuns: 50 },
    );
  });

  test('m > n > k holds in every draw, whichever dimension is sized first', () => {
    const sizeOrder: SizeOrder[] = [
      { larger: 'm', smaller: 'n' },
      { larger: 'n', smaller: 'k' },
    ];
    const seen = new Set<string>();
    fc.assert(
      fc.property(seed, fc.shuffledSubarray(labels, { minLength: 6 }), (s, askOrder) => {
        const { dims, draw } = drawWith(labels, { seed: s, sizeOrder });
        const sizes = new Map(askOrder.map((l) => [l, draw.size(dims.get(l)!)]));
        const [m, n, k] = ['m', 'n', 'k'].map((l) => sizes.get(l)!);
        assert.ok(m > n && n > k, `m=${m}, n=${n}, k=${k}`);
        assert.equal(new Set(sizes.values()).size, labels.length, 'still all distinct');
        assert.ok([...sizes.values()].every((x) => x >= 2 && x <= 9));
        seen.add(`${m},${n},${k}`);
        // reproducible: the same seed gives the same sizes; the ordered ones whatever is
        // asked first (the others go first come, first served)
        const again = drawWith(labels, { seed: s, sizeOrder });
        for (const l of askOrder) assert.equal(again.draw.size(again.dims.get(l)!), sizes.get(l));
        const reversed = drawWith(labels, { seed: s, sizeOrder });
        for (const l of [...askOrder].reverse()) {
          const size = reversed.draw.size(reversed.dims.get(l)!);
          if (['m', 'n', 'k'].includes(l)) assert.equal(size, sizes.get(l));
        }
      }),
      { numRuns: 100 },
    );
    assert.ok(seen.size > 10, 'the ordered sizes still vary from seed to seed');
  });

  test('an order over unknowns goes by their given names', () => {
    const context = new ShapeContext(host, 0);
    const first = context.store.fresh();
    const second = context.store.fresh();
    context.store.nameUnknowns(new Set()); // m, n
    assert.deepEqual([context.store.label(first), context.store.label(second)], ['m', 'n']);
    const domains = { kindOf: () => 'normal' } as unknown as DomainMap;
    for (let s = 0; s < 50; s++) {
      const draw = new Draw(context, domains, new Rng(s), {
        seed: s,
        maxDim: 9,
        sizeOrder: [{ larger: 'n', smaller: 'm' }],
      });
      assert.ok(draw.size(first) < draw.size(second));
    }
  });

  test('more ordered dimensions than sizes: the order still holds', () => {
    const chain = ['a', 'b', 'c', 'd', 'e'];
    const sizeOrder = chain.slice(1).map((larger, i) => ({ larger, smaller: chain[i] }));
    for (let s = 0; s < 20; s++) {
      const { dims, draw } = drawWith(chain, { seed: s, maxDim: 3, sizeOrder });
      const sizes = chain.map((l) => draw.size(dims.get(l)!));
      for (let i = 1; i < sizes.length; i++) assert.ok(sizes[i] > sizes[i - 1], `${sizes}`);
    }
  });

  test('a contradictory order (m > n > m) does not throw and sizes stay distinct', () => {
    const sizeOrder = [
      { larger: 'm', smaller: 'n' },
      { larger: 'n', smaller: 'm' },
      { larger: 'k', smaller: 'k' },
    ];
    const { dims, draw } = drawWith(labels, { seed: 4, sizeOrder });
    const sizes = labels.map((l) => draw.size(dims.get(l)!));
    assert.equal(new Set(sizes).size, labels.length);
  });

  test('an order on names the claim does not use leaves its dimensions distinct', () => {
    const { dims, draw } = drawWith(['m', 'n'], {
      seed: 11,
      sizeOrder: [{ larger: 'p', smaller: 'q' }],
    });
    assert.notEqual(draw.size(dims.get('m')!), draw.size(dims.get('n')!));
  });
});

describe('Draw values', () => {
  test('a square kind on a symbol that is not square falls back to a plain draw', () => {
    const context = new ShapeContext(host, 0);
    const m = context.store.named('m');
    const n = context.store.named('n');
    for (const kind of SQUARE_KINDS) {
      const symbol = sourceSymbol('A', 0);
      context.shapes.set(symbol, { rows: m, cols: n });
      const domains = { kindOf: () => kind } as unknown as DomainMap;
      const draw = new Draw(context, domains, new Rng(3), { seed: 3, maxDim: 9 });
      const value = draw.sample(symbol);
      assert.equal(value.rows, draw.size(m));
      assert.equal(value.cols, draw.size(n));
      if (kind === 'spd') CHECKS.positive(value, new Rng(0));
    }
  });

  test('entry kinds carry over to a symbol of any shape', () => {
    const context = new ShapeContext(host, 0);
    const m = context.store.named('m');
    const n = context.store.named('n');
    for (const kind of SAMPLE_KINDS.filter((k) => !SQUARE_KINDS.has(k))) {
      const symbol = sourceSymbol('P', 0);
      context.shapes.set(symbol, { rows: m, cols: n });
      const domains = { kindOf: () => kind } as unknown as DomainMap;
      const draw = new Draw(context, domains, new Rng(5), { seed: 5, maxDim: 9 });
      CHECKS[kind](draw.sample(symbol), new Rng(0));
    }
  });
});

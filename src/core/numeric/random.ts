// Seeded, reproducible random numbers and random matrices by domain.
//
// Generator: xoshiro128** (Blackman & Vigna), 128-bit state, seeded by running splitmix32
// from a 32-bit integer seed. next() joins two 32-bit outputs into a double with 53 random
// bits. fork(label) derives a child stream from the parent's *seed key* and the label only,
// never from how many numbers the parent has drawn, so adding a symbol to a document does
// not change the draws of the other symbols.
import type { SampleKind } from '../facts/kinds';
import { allocateFloat64 } from './allocate';
import { Matrix, ShapeMismatchError } from './matrix';

/** splitmix32 step: returns [next state, output]. */
function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  z ^= z >>> 15;
  return [s, z >>> 0];
}

/** murmur3's 32-bit finalizer: a bijective avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

function expandSeed(seed: number): Uint32Array {
  const key = new Uint32Array(4);
  let s = seed | 0;
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(s);
    s = next;
    key[i] = out;
  }
  return key;
}

/** A child key from a parent key and a label: four independently mixed 32-bit lanes. */
function deriveKey(parent: Uint32Array, label: string): Uint32Array {
  const key = new Uint32Array(4);
  for (let lane = 0; lane < 4; lane++) {
    let h = fmix32(parent[lane] ^ Math.imul(lane + 1, 0x9e3779b9));
    h = fmix32(h ^ label.length);
    for (let i = 0; i < label.length; i++) {
      h = fmix32((h ^ label.charCodeAt(i)) + Math.imul(i + 1, 0x632be5ab));
    }
    // Fold in the other lanes so each child lane depends on the whole parent key.
    h = fmix32(
      h ^
        parent[(lane + 1) & 3] ^
        rotl(parent[(lane + 2) & 3], 7) ^
        rotl(parent[(lane + 3) & 3], 19),
    );
    key[lane] = h;
  }
  if ((key[0] | key[1] | key[2] | key[3]) === 0) key[0] = 1; // xoshiro needs a non-zero state
  return key;
}

export class Rng {
  /** The initial state: what fork() derives from. */
  private key = new Uint32Array(4);
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /**
   * A 32-bit integer seed (other integers are taken modulo 2³²). `seed` is the root seed:
   * a fork keeps its parent's `seed` value, its stream comes from the derived key.
   */
  constructor(readonly seed: number = 0) {
    if (!Number.isInteger(seed)) throw new RangeError(`Rng seed must be an integer, got ${seed}`);
    this.init(expandSeed(seed));
  }

  private init(key: Uint32Array): void {
    this.key = key.slice();
    [this.s0, this.s1, this.s2, this.s3] = [key[0] | 0, key[1] | 0, key[2] | 0, key[3] | 0];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spare = null;
  }

  /** The next raw 32-bit output (unsigned). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform in [0, 1) with 53-bit resolution. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal N(0, 1), Marsaglia's polar method (the second value is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * f;
        return u * f;
      }
    }
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** A uniform integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
      throw new RangeError(`Rng.int needs integers lo ≤ hi, got ${lo}, ${hi}`);
    }
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /**
   * An independent child stream determined by this generator's seed key and `label` only
   * (not by the draws made so far). Forks nest: rng.fork('a').fork('b').
   */
  fork(label: string): Rng {
    const child = new Rng(this.seed);
    child.init(deriveKey(this.key, label));
    return child;
  }
}

/** What randomMatrix can draw: every kind a fact asks for, and a direction for finite differences. */
export type MatrixKind = SampleKind | 'direction';

export const MATRIX_KINDS: readonly MatrixKind[] = [
  'normal',
  'positive',
  'nonnegative',
  'symmetric',
  'symmetricPositive',
  'spd',
  'psd',
  'wellConditioned',
  'diagonal',
  'orthogonal',
  'lowerTriangular',
  'upperTriangular',
  'identity',
  'ones',
  'zero',
  'binary',
  'integer',
  'oneHot',
  'simplex',
  'rowSimplex',
  'direction',
];

/** The kinds only a square matrix can have: randomMatrix throws ShapeMismatchError otherwise. */
export const SQUARE_KINDS: ReadonlySet<MatrixKind> = new Set<MatrixKind>([
  'symmetric',
  'symmetricPositive',
  'spd',
  'psd',
  'wellConditioned',
  'diagonal',
  'lowerTriangular',
  'upperTriangular',
  'identity',
]);

/** Entry range of 'positive' matrices. */
export const POSITIVE_RANGE = [0.5, 2] as const;
/** Entry range of 'nonnegative' matrices. */
export const NONNEGATIVE_RANGE = [0, 2] as const;
/** Eigenvalue range of 'spd' matrices (so κ₂ ≤ 10). */
export const SPD_EIGEN_RANGE = [0.5, 5] as const;
/** Magnitude range of a 'diagonal' matrix's diagonal (either sign), so κ₂ ≤ 4. */
export const DIAGONAL_RANGE = [0.5, 2] as const;
/** Entries of 'integer' matrices: whole numbers from −3 to 3. */
export const INTEGER_RANGE = [-3, 3] as const;

function normalData(rng: Rng, n: number): Float64Array {
  const d = allocateFloat64(n);
  for (let k = 0; k < n; k++) d[k] = rng.normal();
  return d;
}

function uniformData(rng: Rng, n: number, [lo, hi]: readonly [number, number]): Float64Array {
  const d = allocateFloat64(n);
  for (let k = 0; k < n; k++) d[k] = rng.uniform(lo, hi);
  return d;
}

function filled(rows: number, cols: number, value: number): Matrix {
  return new Matrix(rows, cols, allocateFloat64(rows * cols).fill(value));
}

/**
 * A random rows×cols matrix of the given kind:
 * - 'normal': i.i.d. N(0, 1) entries;
 * - 'positive': i.i.d. uniform entries in [0.5, 2) (safe and well scaled under log, sqrt, ⊘);
 * - 'nonnegative': i.i.d. uniform entries in [0, 2) (some near 0: not meant for log);
 * - 'symmetric' (square): (M + Mᵀ)/2 of a normal M, exactly symmetric;
 * - 'symmetricPositive' (square): (M + Mᵀ)/2 of a 'positive' M: a symmetric matrix under ⊘;
 * - 'spd' (square): Q·diag(λ)·Qᵀ with Q a random orthogonal matrix (Gram–Schmidt of a normal
 *   matrix) and λ uniform in [0.5, 5], exactly symmetric; so κ₂ ≤ 10 and log det is tame;
 * - 'psd' (square): B·Bᵀ/r with B a normal n×r, r < n for n > 1 (so singular), exactly
 *   symmetric;
 * - 'wellConditioned' (square): a normal matrix whose diagonal is replaced by
 *   Σ_{j≠i} |m_ij| + uniform[1, 2): strictly row diagonally dominant with a positive
 *   diagonal, so ‖A⁻¹‖_∞ ≤ 1, κ_∞ ≤ 2·max row sum, and det > 0 (Gershgorin);
 * - 'diagonal' (square): zero off the diagonal, ±uniform[0.5, 2) on it;
 * - 'orthogonal': the Q of a normal matrix's Gram–Schmidt, QᵀQ = I to rounding (square);
 *   orthonormal columns when tall, orthonormal rows when wide;
 * - 'lowerTriangular', 'upperTriangular' (square): a normal triangle whose diagonal is
 *   replaced as in 'wellConditioned' (positive, row dominant), zeros elsewhere;
 * - 'identity' (square), 'ones', 'zero': those constants;
 * - 'binary': i.i.d. 0/1 entries, each column with at least one 1;
 * - 'integer': i.i.d. whole numbers in −3…3, not all zero;
 * - 'oneHot': a single 1 in each column, at a random row;
 * - 'simplex': each column positive and summing to one (uniform[0.5, 2) entries normalized,
 *   so no entry is tiny and log stays tame); 'rowSimplex': the same for each row;
 * - 'direction': normal, scaled to unit Frobenius norm (for finite differences, dX).
 * Non-square shapes for the square kinds throw ShapeMismatchError.
 */
export function randomMatrix(rng: Rng, rows: number, cols: number, kind: MatrixKind): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`randomMatrix: bad shape ${rows}×${cols}`);
  }
  const size = rows * cols;
  if (SQUARE_KINDS.has(kind) && rows !== cols) {
    throw new ShapeMismatchError(
      `randomMatrix: a '${kind}' matrix must be square, got ${rows}×${cols}`,
    );
  }
  const n = rows;
  switch (kind) {
    case 'normal':
      return new Matrix(rows, cols, normalData(rng, size));
    case 'oneHot': {
      // one-hot labels: a single 1 in each column, at a random row
      const d = allocateFloat64(size);
      for (let j = 0; j < cols && rows > 0; j++) d[rng.int(0, rows - 1) * cols + j] = 1;
      return new Matrix(rows, cols, d);
    }
    case 'positive':
      return new Matrix(rows, cols, uniformData(rng, size, POSITIVE_RANGE));
    case 'nonnegative':
      return new Matrix(rows, cols, uniformData(rng, size, NONNEGATIVE_RANGE));
    case 'symmetricPositive': {
      const m = uniformData(rng, size, POSITIVE_RANGE);
      const d = allocateFloat64(size);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) d[i * n + j] = (m[i * n + j] + m[j * n + i]) / 2;
      return new Matrix(n, n, d);
    }
    case 'symmetric': {
      const m = normalData(rng, size);
      const d = allocateFloat64(size);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) d[i * n + j] = (m[i * n + j] + m[j * n + i]) / 2;
      return new Matrix(n, n, d);
    }
    case 'spd':
      return randomSpd(rng, n);
    case 'psd':
      return randomPsd(rng, n);
    case 'wellConditioned': {
      const d = normalData(rng, size);
      for (let i = 0; i < n; i++) {
        let off = 0;
        for (let j = 0; j < n; j++) if (j !== i) off += Math.abs(d[i * n + j]);
        d[i * n + i] = off + rng.uniform(1, 2);
      }
      return new Matrix(n, n, d);
    }
    case 'diagonal': {
      const d = allocateFloat64(size);
      for (let i = 0; i < n; i++) {
        const magnitude = rng.uniform(DIAGONAL_RANGE[0], DIAGONAL_RANGE[1]);
        d[i * n + i] = rng.next() < 0.5 ? -magnitude : magnitude;
      }
      return new Matrix(n, n, d);
    }
    case 'orthogonal': {
      // square: QᵀQ = QQᵀ = I; tall: orthonormal columns (QᵀQ = I); wide: orthonormal rows
      const tall = rows >= cols;
      const long = tall ? rows : cols;
      const short = tall ? cols : rows;
      const q = orthonormalColumns(rng, long, short);
      const d = allocateFloat64(size);
      for (let i = 0; i < long; i++)
        for (let c = 0; c < short; c++) {
          if (tall) d[i * cols + c] = q[c * long + i];
          else d[c * cols + i] = q[c * long + i];
        }
      return new Matrix(rows, cols, d);
    }
    case 'lowerTriangular':
    case 'upperTriangular':
      return randomTriangular(rng, n, kind === 'lowerTriangular');
    case 'identity': {
      const d = allocateFloat64(size);
      for (let i = 0; i < n; i++) d[i * n + i] = 1;
      return new Matrix(n, n, d);
    }
    case 'ones':
      return filled(rows, cols, 1);
    case 'zero':
      return filled(rows, cols, 0);
    case 'binary': {
      const d = allocateFloat64(size);
      for (let k = 0; k < size; k++) d[k] = rng.next() < 0.5 ? 0 : 1;
      for (let j = 0; j < cols && rows > 0; j++) {
        let any = false;
        for (let i = 0; i < rows; i++) any ||= d[i * cols + j] === 1;
        if (!any) d[rng.int(0, rows - 1) * cols + j] = 1;
      }
      return new Matrix(rows, cols, d);
    }
    case 'integer': {
      const d = allocateFloat64(size);
      for (let k = 0; k < size; k++) d[k] = rng.int(INTEGER_RANGE[0], INTEGER_RANGE[1]);
      if (size > 0 && d.every((x) => x === 0)) {
        // all zero would make the matrix a constant; any nonzero entry will do
        d[rng.int(0, size - 1)] = rng.next() < 0.5 ? -rng.int(1, 3) : rng.int(1, 3);
      }
      return new Matrix(rows, cols, d);
    }
    case 'simplex':
    case 'rowSimplex': {
      const d = uniformData(rng, size, POSITIVE_RANGE);
      // normalize each column (simplex) or each row (rowSimplex) to sum to one
      const [lines, along, lineStride, step] =
        kind === 'simplex' ? [cols, rows, 1, cols] : [rows, cols, cols, 1];
      for (let l = 0; l < lines; l++) {
        let s = 0;
        for (let k = 0; k < along; k++) s += d[l * lineStride + k * step];
        for (let k = 0; k < along; k++) d[l * lineStride + k * step] /= s;
      }
      return new Matrix(rows, cols, d);
    }
    case 'direction': {
      const d = normalData(rng, size);
      let s = 0;
      for (let k = 0; k < size; k++) s += d[k] * d[k];
      const norm = Math.sqrt(s);
      if (norm > 0) for (let k = 0; k < size; k++) d[k] /= norm;
      return new Matrix(rows, cols, d);
    }
    default: {
      const never: never = kind;
      throw new RangeError(`randomMatrix: unknown kind ${String(never)}`);
    }
  }
}

/**
 * k ≤ n orthonormal columns of length n (an n×n orthogonal matrix when k = n), stored column
 * by column: q[c * n + i] is entry i of column c. Gram–Schmidt (two passes, "twice is enough") on the columns of a
 * normal matrix.
 */
function orthonormalColumns(rng: Rng, n: number, k = n): Float64Array {
  const q = normalData(rng, n * k);
  for (let c = 0; c < k; c++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < c; p++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[p * n + i] * q[c * n + i];
        for (let i = 0; i < n; i++) q[c * n + i] -= dot * q[p * n + i];
      }
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += q[c * n + i] * q[c * n + i];
    const norm = Math.sqrt(s);
    if (!(norm > 1e-8)) {
      // A normal matrix is rank-deficient with probability 0; should it happen, use the
      // identity basis (still orthogonal).
      q.fill(0);
      for (let j = 0; j < k; j++) q[j * n + j] = 1;
      break;
    }
    for (let i = 0; i < n; i++) q[c * n + i] /= norm;
  }
  return q;
}

function randomSpd(rng: Rng, n: number): Matrix {
  const q = orthonormalColumns(rng, n);
  const lambda = allocateFloat64(n);
  for (let k = 0; k < n; k++) lambda[k] = rng.uniform(SPD_EIGEN_RANGE[0], SPD_EIGEN_RANGE[1]);
  const d = allocateFloat64(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let c = 0; c < n; c++) s += q[c * n + i] * lambda[c] * q[c * n + j];
      d[i * n + j] = s;
      d[j * n + i] = s;
    }
  }
  return new Matrix(n, n, d);
}

/**
 * B·Bᵀ/r for a normal n×r B with 1 ≤ r < n (r = n for n ≤ 1): positive semidefinite and,
 * for n > 1, singular, so a claim that needs definiteness shows it. Entries stay O(1).
 */
function randomPsd(rng: Rng, n: number): Matrix {
  const r = n > 1 ? rng.int(1, n - 1) : n;
  const b = normalData(rng, n * r); // row-major n×r
  const d = allocateFloat64(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let c = 0; c < r; c++) s += b[i * r + c] * b[j * r + c];
      d[i * n + j] = s / r;
      d[j * n + i] = s / r; // the same number: exactly symmetric
    }
  }
  return new Matrix(n, n, d);
}

/**
 * A triangle of normal entries with a positive, row-dominant diagonal (as 'wellConditioned'):
 * ‖A⁻¹‖_∞ ≤ 1 and det > 0, where a plain random triangle's κ grows exponentially with n.
 */
function randomTriangular(rng: Rng, n: number, lower: boolean): Matrix {
  const d = allocateFloat64(n * n);
  for (let i = 0; i < n; i++) {
    let off = 0;
    const [from, to] = lower ? [0, i] : [i + 1, n];
    for (let j = from; j < to; j++) {
      d[i * n + j] = rng.normal();
      off += Math.abs(d[i * n + j]);
    }
    d[i * n + i] = off + rng.uniform(1, 2);
  }
  return new Matrix(n, n, d);
}

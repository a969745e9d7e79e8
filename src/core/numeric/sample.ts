// Sizes and values for one draw: every dimension of the claim gets its own size (2…9, all
// different where possible, so a transpose or a wrong dim cannot hide behind a coincidence,
// in the order the note states, m > n), and every symbol a random value of its domain,
// reproducible from the seed.
import type { SymbolNode } from '../latex/ast';
import type { Dim } from '../shape/dims';
import { familyBase, type ShapeContext } from '../shape/infer';
import type { DomainMap } from './domain';
import { Matrix } from './matrix';
import { type MatrixKind, randomMatrix, Rng, SQUARE_KINDS } from './random';
import { SizePool, type SizeOrder } from './sizes';
import { standInSizes } from './standIns';
import { ELEMENTS_PER_DRAW, EXACT_SIZE } from '../limits';

export interface DrawOptions {
  seed: number;
  /** Largest size given to an unknown or named dimension. */
  maxDim: number;
  /** Sizes in a stated order, by dimension label: { larger: 'm', smaller: 'n' } for m > n. */
  sizeOrder?: readonly SizeOrder[];
  /**
   * The stream the values (and directions) fork from; the sizes come from the constructor's
   * rng. Default: that rng. A redraw after a value left its domain keeps the sizes and takes
   * other values by passing another stream here (see `drawStreams`).
   */
  values?: Rng;
  /** Entries pulled to another magnitude, for a draw redrawn because its values were degenerate. */
  magnitude?: Magnitude;
}

/**
 * Entries of the free kinds (normal, positive, nonnegative) moved to another magnitude, sign
 * kept: `near: δ` maps |v| to |v|^δ, entries within a factor e^{±δ·few} of ±1 (so x^{1000000}
 * neither underflows nor overflows for δ ≤ 10⁻⁴); `times: s` scales them (exp(−1000x²) needs
 * small x). Structured kinds (SPD, orthogonal, one-hot…) are never changed: their structure is
 * what the claim may need.
 */
export type Magnitude = { near: number } | { times: number };

/** What a draw whose values were degenerate tries next, in this order. */
export const MAGNITUDES: readonly Magnitude[] = [
  { near: 1e-2 },
  { near: 1e-4 },
  { near: 1e-6 },
  { times: 1e-3 },
  { times: 1e3 },
  // exact zeros that survive these are an identity of zeros, unless a constant near float64's
  // limits (exp(−10³⁰⁰x²)) makes them: values this small bring any such exponent back to range
  { times: 1e-40 },
  { times: 1e-160 },
  { times: 1e-300 },
];

/** The magnitudes tried, for a finding: "near ±1 and from 10⁻³⁰⁰ to 10³". */
export function describeMagnitudes(): string {
  const factors = MAGNITUDES.flatMap((m) => ('times' in m ? [Math.log10(m.times)] : []));
  const power = (e: number) =>
    `10${String(Math.round(e)).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
  return `near ±1 and from ${power(Math.min(...factors))} to ${power(Math.max(...factors))}`;
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** The kinds whose entries are free, so a magnitude may move them. */
const FREE_ENTRY_KINDS: ReadonlySet<MatrixKind> = new Set<MatrixKind>([
  'normal',
  'positive',
  'nonnegative',
]);

function atMagnitude(value: Matrix, magnitude: Magnitude): Matrix {
  const data = value.data.map((v) =>
    'near' in magnitude ? Math.sign(v) * Math.abs(v) ** magnitude.near : v * magnitude.times,
  );
  return new Matrix(value.rows, value.cols, data);
}

/** Draws that left the domain are drawn again: this many times with other values, at the same sizes… */
export const VALUE_REDRAWS = 2;
/** …then this many times with other sizes (and values). */
export const SIZE_REDRAWS = 8;

/**
 * The streams of attempt `attempt` of one draw (0: the draw as it always was). Attempts
 * 1…VALUE_REDRAWS keep the sizes and take other values; the ones after take a fresh size pool.
 * Every attempt is a fork of the draw's own stream: reproducible from the seed.
 */
export function drawStreams(root: Rng, attempt: number): { sizes: Rng; values: Rng } {
  if (attempt === 0) return { sizes: root, values: root };
  if (attempt <= VALUE_REDRAWS) return { sizes: root, values: root.fork(`redraw:${attempt}`) };
  const fresh = root.fork(`resize:${attempt}`);
  return { sizes: fresh, values: fresh };
}

export class SizeTooLarge extends Error {}

/** How a report writes a declared size drawn as a stand-in: "4096 drawn as 13". */
export const STAND_IN = ' drawn as ';

export class Draw {
  private readonly sizes = new Map<Dim, number>();
  private readonly values = new Map<string, Matrix>();
  private readonly pool: SizePool;
  private readonly valueRng: Rng;
  private readonly magnitude: Magnitude | undefined;
  /** Small sizes for the declared ones above EXACT_SIZE, made when first needed. */
  private standIns?: Map<number, number>;
  /** Declared sizes drawn as a stand-in in this draw: 4096 → 13. */
  readonly replaced = new Map<number, number>();
  /** Entries sampled so far (values, members, directions): bounded by ELEMENTS_PER_DRAW. */
  elements = 0;

  constructor(
    private readonly context: ShapeContext,
    private readonly domains: DomainMap,
    private readonly rng: Rng,
    options: DrawOptions,
  ) {
    this.pool = new SizePool(this.rng, options.maxDim, options.sizeOrder);
    this.valueRng = options.values ?? this.rng;
    this.magnitude = options.magnitude;
  }

  /** A value of `kind`, at this draw's magnitude when its entries are free. */
  private drawn(rng: Rng, rows: number, cols: number, kind: MatrixKind): Matrix {
    const value = randomMatrix(rng, rows, cols, kind);
    return this.magnitude && FREE_ENTRY_KINDS.has(kind)
      ? atMagnitude(value, this.magnitude)
      : value;
  }

  size = (dim: Dim): number => {
    const store = this.context.store;
    const root = store.find(dim);
    const fixed = store.valueOf(root);
    if (fixed !== undefined) {
      if (fixed <= EXACT_SIZE) return fixed;
      this.standIns ??= standInSizes(store.constantValues());
      const small = this.standIns.get(fixed);
      if (small === undefined)
        throw new SizeTooLarge(`a dimension of ${fixed} cannot be checked numerically`);
      this.replaced.set(fixed, small);
      return small;
    }
    const info = store.infoOf(root);
    if (info.kind === 'product') return this.size(info.factors[0]) * this.size(info.factors[1]);
    let s = this.sizes.get(root);
    if (s === undefined) {
      s = this.pool.next(store.label(root));
      this.sizes.set(root, s);
    }
    return s;
  };

  /** The value of a free symbol in this draw, sampled once from its own stream. */
  sample = (symbol: SymbolNode): Matrix => {
    const known = this.values.get(symbol.name);
    if (known) return known;
    const info = this.context.symbol(symbol.name);
    const shape = info?.shape ?? this.context.shapes.get(symbol);
    const rows = shape ? this.size(shape.rows) : 1;
    const cols = shape ? this.size(shape.cols) : 1;
    this.count(rows * cols);
    let kind: MatrixKind = this.domains.kindOf(symbol.name);
    // square kinds on a symbol that turned out not square (a domain read off one use of it)
    if (SQUARE_KINDS.has(kind) && rows !== cols) kind = kind === 'spd' ? 'positive' : 'normal';
    const value = this.drawn(this.valueRng.fork(symbol.name), rows, cols, kind);
    this.values.set(symbol.name, value);
    return value;
  };

  /** The k-th vector of a family (x_i under Σ_i): each k its own stream, the family's shape and domain. */
  sampleMember = (family: string, k: number): Matrix => {
    const key = `${familyBase(family)}#${k}`; // x_i and x_j: one family
    const known = this.values.get(key);
    if (known) return known;
    const shape = this.context.symbol(family)?.shape;
    const rows = shape ? this.size(shape.rows) : 1;
    const cols = shape ? this.size(shape.cols) : 1;
    this.count(rows * cols);
    const kind: MatrixKind = this.domains.kindOf(family);
    // a member is a vector: what its entries are carries over, a square structure does not
    const value = this.drawn(
      this.valueRng.fork(key),
      rows,
      cols,
      SQUARE_KINDS.has(kind) ? 'normal' : kind,
    );
    this.values.set(key, value);
    return value;
  };

  direction(name: string, rows: number, cols: number, symmetric: boolean): Matrix {
    this.count(rows * cols);
    const m = randomMatrix(this.valueRng.fork(`d${name}`), rows, cols, 'direction');
    if (!symmetric || rows !== cols) return m;
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < i; j++) m.data[i * cols + j] = m.data[j * cols + i];
    return m;
  }

  /** Past ELEMENTS_PER_DRAW the claim is not checked: said, never allocated. */
  private count(entries: number): void {
    this.elements += entries;
    if (this.elements > ELEMENTS_PER_DRAW)
      throw new SizeTooLarge(
        `more than ${ELEMENTS_PER_DRAW} sampled entries in one draw (limit ELEMENTS_PER_DRAW)`,
      );
  }

  /** The sizes given to the claim's dimensions, for reports: "m=3, n=5", "4096 drawn as 13". */
  describeSizes(): string {
    const store = this.context.store;
    return [
      ...[...this.sizes.entries()].map(([d, s]) => `${store.label(d)}=${s}`),
      ...[...this.replaced.entries()].map(([written, s]) => `${written}${STAND_IN}${s}`),
    ].join(', ');
  }
}

// Symbolic dimensions with union-find. A dimension is a number (3), a name declared by the
// user (n), an unknown (a variable to be solved), or a product (from ⊗ and vec). Unknowns
// that come from the scalar convention are "soft": they become 1 if nothing says otherwise.

export type Dim = number;

type DimInfo =
  | { kind: 'const'; value: number }
  | { kind: 'named'; name: string }
  | { kind: 'var'; soft: boolean; flex?: boolean }
  | { kind: 'product'; factors: [Dim, Dim] };

export interface Shape {
  rows: Dim;
  cols: Dim;
}

export class DimStore {
  private readonly parent: number[] = [];
  private readonly info: DimInfo[] = [];
  private readonly names = new Map<string, Dim>();
  private readonly constants = new Map<number, Dim>();
  /** Display names given to unknowns after inference (m, n, k, l, …). */
  private readonly autoNames = new Map<Dim, string>();
  /** Two declared size letters that met where one size was needed (k against m), in order. */
  private readonly clashes: [string, string][] = [];

  private add(info: DimInfo): Dim {
    this.parent.push(this.parent.length);
    this.info.push(info);
    return this.parent.length - 1;
  }

  fresh(soft = false): Dim {
    return this.add({ kind: 'var', soft });
  }

  /**
   * The size of an unsized I, 𝟏 or 0: whatever the claim needs. Unlike a symbol's unknown,
   * it may be matched to the other side of a claim when the two are compared.
   */
  flexible(soft = false): Dim {
    return this.add({ kind: 'var', soft, flex: true });
  }

  /** The note says `name` = `other` (m = n) or `name` = a number (n = 3): one dimension. */
  alias(name: string, other: string | number): void {
    if (this.names.has(name)) return;
    this.names.set(name, typeof other === 'number' ? this.constant(other) : this.named(other));
  }

  /**
   * Declares two size letters one size: a reading of a note whose declarations name one
   * size twice (A ∈ ℝ^{n×m}, B ∈ ℝ^{k×n}, then AB). Call before inference.
   */
  equate(name: string, other: string): void {
    const a = this.find(this.named(name));
    const b = this.find(this.named(other));
    if (a !== b) this.parent[a] = b;
  }

  /** The pairs of declared size letters that had to be one size and were not (recorded by unify and matchShapes). */
  namedClashes(): readonly [string, string][] {
    return this.clashes;
  }

  private noteClash(a: DimInfo, b: DimInfo): void {
    if (a.kind !== 'named' || b.kind !== 'named' || a.name === b.name) return;
    if (
      !this.clashes.some(
        ([x, y]) => (x === a.name && y === b.name) || (x === b.name && y === a.name),
      )
    )
      this.clashes.push([a.name, b.name]);
  }

  named(name: string): Dim {
    let d = this.names.get(name);
    if (d === undefined) {
      d = this.add({ kind: 'named', name });
      this.names.set(name, d);
    }
    return d;
  }

  constant(value: number): Dim {
    let d = this.constants.get(value);
    if (d === undefined) {
      d = this.add({ kind: 'const', value });
      this.constants.set(value, d);
    }
    return d;
  }

  product(a: Dim, b: Dim): Dim {
    const ia = this.infoOf(a);
    const ib = this.infoOf(b);
    if (ia.kind === 'const' && ib.kind === 'const') return this.constant(ia.value * ib.value);
    if (ia.kind === 'const' && ia.value === 1) return this.find(b);
    if (ib.kind === 'const' && ib.value === 1) return this.find(a);
    return this.add({ kind: 'product', factors: [a, b] });
  }

  /** Names of the declared dimensions used here: unknowns must not be named like them. */
  namedDims(): string[] {
    return [...this.names.keys()];
  }

  one(): Dim {
    return this.constant(1);
  }

  find(d: Dim): Dim {
    let root = d;
    while (this.parent[root] !== root) root = this.parent[root];
    while (this.parent[d] !== root) {
      const next = this.parent[d];
      this.parent[d] = root;
      d = next;
    }
    return root;
  }

  infoOf(d: Dim): DimInfo {
    return this.info[this.find(d)];
  }

  /** Equal dimensions; a product equals the product of the same factors in either order (k·m = m·k). */
  same(a: Dim, b: Dim): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return true;
    const ia = this.info[ra];
    const ib = this.info[rb];
    if (ia.kind !== 'product' || ib.kind !== 'product') return false;
    const [a0, a1] = ia.factors;
    const [b0, b1] = ib.factors;
    return (this.same(a0, b0) && this.same(a1, b1)) || (this.same(a0, b1) && this.same(a1, b0));
  }

  isOne(d: Dim): boolean {
    const i = this.infoOf(d);
    return i.kind === 'const' && i.value === 1;
  }

  isSoftVar(d: Dim): boolean {
    const i = this.infoOf(d);
    return i.kind === 'var' && i.soft;
  }

  isVar(d: Dim): boolean {
    return this.infoOf(d).kind === 'var';
  }

  /**
   * Makes a and b the same dimension. Fails (returns false, changing nothing) when two
   * different numbers or two different declared names meet, or when a dimension that is
   * known not to be a scalar's would have to become 1.
   */
  unify(a: Dim, b: Dim): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return true;
    const ia = this.info[ra];
    const ib = this.info[rb];
    if (ia.kind === 'var' && ib.kind === 'var') {
      // the older root stays the representative, so names follow first appearance
      const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
      this.parent[drop] = keep;
      this.info[keep] = { kind: 'var', soft: ia.soft && ib.soft, flex: !!ia.flex && !!ib.flex };
      return true;
    }
    if (ia.kind === 'var') return this.bind(ra, rb, ia.soft);
    if (ib.kind === 'var') return this.bind(rb, ra, ib.soft);
    if (ia.kind === 'product' && ib.kind === 'product') {
      // vec(AXBᵀ) is m·k×1, (B ⊗ A) vec(X) is k·m×1: the same size.
      if (
        !this.same(ra, rb) &&
        !(this.unify(ia.factors[0], ib.factors[0]) && this.unify(ia.factors[1], ib.factors[1]))
      )
        return false;
      this.parent[rb] = ra;
      return true;
    }
    this.noteClash(ia, ib);
    return false;
  }

  private bind(variable: Dim, target: Dim, soft: boolean): boolean {
    const t = this.info[target];
    if (!soft && t.kind === 'const' && t.value === 1) return false;
    this.parent[variable] = target;
    return true;
  }

  /** Soft unknowns left unsolved become 1: a symbol that nothing made bigger is a scalar. */
  settleSoft(): void {
    for (let d = 0; d < this.info.length; d++) {
      const info = this.info[d];
      if (this.find(d) === d && info.kind === 'var' && info.soft) {
        this.parent[d] = this.constant(1);
      }
    }
  }

  /** Gives every unsolved unknown a letter, in order of first appearance, avoiding `taken`. */
  nameUnknowns(taken: Set<string>): void {
    const letters = ['m', 'n', 'k', 'l', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'a', 'b', 'c'];
    let next = 0;
    let numbered = 1;
    for (let d = 0; d < this.info.length; d++) {
      if (this.find(d) !== d || this.info[d].kind !== 'var' || this.autoNames.has(d)) continue;
      while (next < letters.length && taken.has(letters[next])) next++;
      const name = next < letters.length ? letters[next++] : `d${numbered++}`;
      taken.add(name);
      this.autoNames.set(d, name);
    }
  }

  label(d: Dim): string {
    const root = this.find(d);
    const i = this.info[root];
    switch (i.kind) {
      case 'const':
        return String(i.value);
      case 'named':
        return i.name;
      case 'var':
        return this.autoNames.get(root) ?? `?${root}`;
      case 'product':
        return `${this.factorLabel(i.factors[0])}·${this.factorLabel(i.factors[1])}`;
    }
  }

  private factorLabel(d: Dim): string {
    const text = this.label(d);
    return /^[\w?]+$/.test(text) ? text : `(${text})`;
  }

  shapeLabel(shape: Shape): string {
    const scalar = this.isOne(shape.rows) && this.isOne(shape.cols);
    if (scalar) return 'scalar';
    return `${this.label(shape.rows)}×${this.label(shape.cols)}`;
  }

  /**
   * Compares the two sides of a claim. Never unifies symbols' dimensions into agreement;
   * only the free size of an unsized I, 𝟏 or 0 is fitted to the other side.
   */
  matchShapes(a: Shape, b: Shape): boolean {
    const pairs: [Dim, Dim][] = [
      [a.rows, b.rows],
      [a.cols, b.cols],
    ];
    const fits = ([x, y]: [Dim, Dim]) => {
      if (this.same(x, y)) return true;
      const ix = this.infoOf(x);
      const iy = this.infoOf(y);
      if ((ix.kind === 'var' && !!ix.flex) || (iy.kind === 'var' && !!iy.flex)) return true;
      this.noteClash(ix, iy);
      return false;
    };
    if (!pairs.every(fits)) return false;
    return pairs.every(([x, y]) => this.same(x, y) || this.unify(x, y));
  }

  sameShape(a: Shape, b: Shape): boolean {
    return this.same(a.rows, b.rows) && this.same(a.cols, b.cols);
  }

  /** Every number used as a dimension here (declared, written, or a product of two). */
  constantValues(): number[] {
    return [...this.constants.keys()];
  }

  /** The numeric value of a dimension, when it is a number. */
  valueOf(d: Dim): number | undefined {
    const i = this.infoOf(d);
    return i.kind === 'const' ? i.value : undefined;
  }

  nameOf(d: Dim): string | undefined {
    const i = this.infoOf(d);
    return i.kind === 'named' ? i.name : undefined;
  }

  get size(): number {
    return this.info.length;
  }
}

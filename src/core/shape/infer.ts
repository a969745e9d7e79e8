// Shape inference: every node gets [rows, cols] over symbolic dimensions. Declarations win
// over conventions (uppercase → matrix, bold lowercase → vector, anything else a scalar unless
// its use makes it more). Problems are recorded at the smallest offending node and rendered
// after inference, when every unknown has its final name.
import { definedIndex, entrywiseDefinition } from '../indices/definitions';
import { memberIndex, symbolRef } from '../facts/symbol';
import { describeFact, whatFactSays } from '../facts/describe';
import { children, visit, type Expr, type PatternAxis, type SymbolNode } from '../latex/ast';
import { printExpr } from '../latex/print';
import type { ShapeRules } from '../functions/define';
import { functionNamed } from '../functions/registry';
import type { OperatorShapeRules } from '../operators/define';
import { operatorNamed } from '../operators/registry';
import { type Dim, DimStore, type Shape } from './dims';
import type { Declaration, Definition, SymbolEnvironment } from '../claims/environment';
import { DEFAULT_CONVENTIONS, type NamingConventions } from './conventions';
import { describeLine, type Section } from '../document';
import { familyDeclarationAt, readsAsFamily } from '../claims/families';

export type SymbolOrigin =
  | { kind: 'declared'; declaration: Declaration }
  | { kind: 'defined'; definition: Definition }
  | { kind: 'convention'; first: SymbolNode; rule: string }
  | { kind: 'parameter' };

export interface SymbolInfo {
  name: string;
  display: string;
  shape: Shape;
  origin: SymbolOrigin;
}

export interface ShapeProblem {
  node: Expr;
  render: () => string;
  /** Not a wrong shape but something GradLens cannot check (a tensor-valued derivative). */
  unsupported?: boolean;
  /** Declarations or first uses that set the shapes in the message. */
  related: { start: number; end: number; message: () => string }[];
}

export interface Jacobian {
  numerator: Shape;
  denominator: Shape;
}

export interface InferenceHost {
  env: SymbolEnvironment;
  lineOf(offset: number): number;
  /** Absent: the defaults. */
  conventions?: NamingConventions;
  /** Parts numbered on their own (notebook cells), for line numbers in messages. */
  sections?: readonly Section[];
}

/** x^{*}, x^{-}, x^{+}: a name with a one-character mark (display: the name and the mark). */
const MARKED_NAME = /^(.+)\^\{(?:\*|\\ast|\\star|\\prime|-|\+)\}$/;

/** What an undeclared symbol may be read as when its convention makes a claim ill-formed. */
export type SymbolReading = 'scalar' | 'vector' | 'matrix';

const CONVENTION_RULES = {
  matrix: 'uppercase, so a matrix',
  greekMatrix: 'a Greek capital, so a matrix',
  lowercaseVector: 'plain lowercase, so a vector (conventions: lowercase=vector)',
  vector: 'bold lowercase, so a vector',
  usedAsVector: 'used as a vector',
  scalar: 'a scalar by convention',
  count: "a size the note counts with (a sum's upper limit or a dimension), so a scalar",
  objective: 'the objective of a derivative, so a scalar',
  family: 'the i-th vector of a family (used as a vector under its sum)',
};

/** x_i read as the i-th vector of a family: its family's name (x_{i}) and its index's range. */
export interface FamilyMember {
  name: string;
  index: string;
  range: Dim;
}

/** x_{i}, x^{(i)} → x: the letter a family is named by. */
export function familyBase(family: string): string {
  return symbolRef(family).base;
}

/** The symbol of the matrix a family comes from (X in "the x_i are the rows of X"). */
export function sourceSymbol(name: string, at: number): SymbolNode {
  return {
    type: 'symbol',
    name,
    display: name,
    bold: false,
    style: /^[A-Z]$/.test(name) ? 'latin-upper' : 'other',
    span: { start: at, end: at },
  };
}

export class ShapeContext {
  readonly store = new DimStore();
  readonly shapes = new Map<Expr, Shape>();
  readonly problems: ShapeProblem[] = [];
  readonly jacobians = new Map<Expr, Jacobian>();
  /** Upper limits of sums in this region (Σ_{n=1}^N): counts, so `\frac{1}{N}` is a scalar. */
  readonly counts = new Set<string>();
  /** Family members (x_i, 𝐱_i under Σ_i) and the range of their index, for the evaluator. */
  readonly familyMembers = new Map<Expr, FamilyMember>();
  /** Entries r_i that stand for a definition `r_i = …` made with the same index. */
  readonly definedMembers = new Map<Expr, Definition>();
  /** u · v read as a dot product (two column vectors), for the evaluator. */
  readonly dotProducts = new Set<Expr>();
  /** x^t on a vector, where a power makes no sense: a transpose written with a lowercase t. */
  readonly transposesWrittenAsPowers = new Set<Expr>();
  /** h^2 of a vector (1 − h^2 after h = tanh(…)): no matrix power, so the elementwise one. */
  readonly elementwisePowersOfVectors = new Set<Expr>();
  /** The range of each index of a sum that the body gave one: Σ_i over a family has no entry to size it. */
  readonly sumRanges = new Map<Expr, Map<string, Dim>>();

  /** Notes the upper limits of the sums in expr as counts (before anything in it is inferred). */
  collectCounts(expr: Expr): void {
    visit(expr, (n) => {
      if (n.type === 'sum')
        for (const index of n.indices)
          if (index.upper?.type === 'symbol') this.counts.add(index.upper.name);
    });
  }
  private readonly symbols = new Map<string, SymbolInfo>();
  /**
   * Another reading of undeclared symbols than their convention (x a scalar though used as a
   * vector elsewhere), tried when the convention's reading makes a claim ill-formed.
   */
  readonly readings = new Map<string, SymbolReading>();
  private readonly familyRanges = new Map<string, Dim>();
  private readonly familyShapes = new Map<string, Shape>();
  private readonly indexScopes: Map<string, Dim | undefined>[] = [new Map()];
  private readonly overrides: Map<string, Shape>[] = [];
  private readonly expanding = new Set<string>();
  private readonly gradPartsCache = new WeakMap<Expr, { wrt?: SymbolNode; f: Expr }>();
  /** Variables of derivatives being inferred: never replaced by their definitions. */
  private readonly variables = new Set<string>();

  constructor(
    private readonly host: InferenceHost,
    /** Offset that decides which declarations and definitions are in force. */
    public at: number,
  ) {}

  // ── helpers ───────────────────────────────────────────────────────────────────────────

  scalar(): Shape {
    const one = this.store.one();
    return { rows: one, cols: one };
  }

  private softShape(): Shape {
    return { rows: this.store.fresh(true), cols: this.store.fresh(true) };
  }

  label(shape: Shape): string {
    return this.store.shapeLabel(shape);
  }

  /** Definitely 1×1. */
  isScalar(shape: Shape): boolean {
    return this.store.isOne(shape.rows) && this.store.isOne(shape.cols);
  }

  /** 1×1, or spelled like a scalar and not yet made bigger by its use. */
  maybeScalar(shape: Shape): boolean {
    const ok = (d: Dim) => this.store.isOne(d) || this.store.isSoftVar(d);
    return ok(shape.rows) && ok(shape.cols);
  }

  private unifyShapes(a: Shape, b: Shape): boolean {
    // Check first so that a failed unification leaves both shapes as they were.
    const probe = (x: Dim, y: Dim) => this.canUnify(x, y);
    if (!probe(a.rows, b.rows) || !probe(a.cols, b.cols)) return false;
    return this.store.unify(a.rows, b.rows) && this.store.unify(a.cols, b.cols);
  }

  private canUnify(x: Dim, y: Dim): boolean {
    const s = this.store;
    if (s.same(x, y)) return true;
    const ix = s.infoOf(x);
    const iy = s.infoOf(y);
    if (ix.kind === 'var') return ix.soft || !(iy.kind === 'const' && iy.value === 1);
    if (iy.kind === 'var') return iy.soft || !(ix.kind === 'const' && ix.value === 1);
    if (ix.kind === 'product' && iy.kind === 'product') return true;
    return false;
  }

  private problem(
    node: Expr,
    render: () => string,
    relatedNodes: Expr[] = [],
    unsupported = false,
  ): void {
    const related = relatedNodes.flatMap((n) => this.relatedFor(n));
    this.problems.push({ node, render, related, ...(unsupported ? { unsupported } : {}) });
  }

  private relatedFor(node: Expr): ShapeProblem['related'] {
    if (node.type !== 'symbol') return [];
    const info = this.symbols.get(node.name);
    if (!info) return [];
    const origin = info.origin;
    if (origin.kind === 'declared') {
      // and where the note says what else it is (symmetric, in words): the facts in force here
      const said = this.host.env.facts
        .resolve(node.name, this.at)
        .facts.filter(
          (f) => f.says.kind === 'property' && f.source.start !== origin.declaration.offset,
        )
        .map((f) => ({
          start: f.source.start,
          end: f.source.end,
          message: () => `${info.display}: ${whatFactSays(f)} (${f.source.via})`,
        }));
      return [
        {
          start: origin.declaration.offset,
          end: origin.declaration.end,
          message: () => `${info.display} declared ${this.label(info.shape)} here`,
        },
        ...said,
      ];
    }
    if (origin.kind === 'defined') {
      return [
        {
          start: origin.definition.offset,
          end: origin.definition.offset + 1,
          message: () => `${info.display} defined here`,
        },
      ];
    }
    if (origin.kind === 'convention') {
      return [
        {
          start: origin.first.span.start,
          end: origin.first.span.end,
          message: () => `${info.display} is ${this.label(info.shape)} from its use here`,
        },
      ];
    }
    return [];
  }

  /** "X (k×l, declared on line 3)" or "BᵀXC (m×n)". */
  describe(node: Expr): string {
    const shape = this.shapes.get(node);
    const text = printExpr(node);
    const size = shape ? this.label(shape) : '?';
    if (node.type === 'symbol') {
      const origin = this.originText(node.name);
      return origin ? `${text} (${size}, ${origin})` : `${text} (${size})`;
    }
    return `${text} (${size})`;
  }

  /** Where a symbol's shape came from, for messages. */
  originText(name: string): string | undefined {
    const info = this.symbols.get(name);
    if (!info) return undefined;
    const origin = info.origin;
    switch (origin.kind) {
      case 'declared': {
        // what else the note says of it here, each cited: "symmetric (line 1, prose: "…")"
        const said = this.host.env.facts
          .resolve(name, this.at)
          .facts.filter((f) => f.says.kind === 'property')
          .map((f) => describeFact(this.host, f));
        return [`declared on ${this.place(origin.declaration.line)}`, ...said].join('; ');
      }
      case 'defined':
        return `defined on ${this.place(origin.definition.line)}`;
      case 'convention': {
        const line = this.place(this.host.lineOf(origin.first.span.start));
        if (origin.rule === CONVENTION_RULES.scalar && !this.isScalar(info.shape)) {
          // x in Ax: spelled like a scalar, made bigger by its use.
          return `spelled like a scalar but used as a ${this.store.isOne(info.shape.cols) ? 'vector' : 'matrix'}, sizes inferred from its use on ${line}`;
        }
        return `${origin.rule}, sizes inferred from its use on ${line}`;
      }
      case 'parameter':
        return 'a function parameter';
    }
  }

  symbol(name: string): SymbolInfo | undefined {
    return this.symbols.get(name);
  }

  allSymbols(): SymbolInfo[] {
    return [...this.symbols.values()];
  }

  /** Settles soft unknowns to 1 and names the remaining unknowns m, n, k, l… */
  finish(taken: Set<string>): void {
    this.store.settleSoft();
    this.store.nameUnknowns(taken);
  }

  // ── symbols ───────────────────────────────────────────────────────────────────────────

  private dimFromSpec(spec: { name: string } | { value: number }): Dim {
    return 'value' in spec ? this.store.constant(spec.value) : this.store.named(spec.name);
  }

  private symbolShape(node: SymbolNode): Shape {
    for (let i = this.overrides.length - 1; i >= 0; i--) {
      const shape = this.overrides[i].get(node.name);
      if (shape) return shape;
    }
    const known = this.symbols.get(node.name);
    if (known) {
      if (node.sizeHint) this.applySizeHint(node, known.shape);
      return known.shape;
    }
    const declaration = this.host.env.declarationAt(node.name, this.at);
    if (declaration?.dims) {
      const dims = declaration.dims.map((d) => this.dimFromSpec(d));
      const shape =
        dims.length === 0
          ? this.scalar()
          : dims.length === 1
            ? { rows: dims[0], cols: this.store.one() }
            : { rows: dims[0], cols: dims[1] };
      this.symbols.set(node.name, {
        name: node.name,
        display: node.display,
        shape,
        origin: { kind: 'declared', declaration },
      });
      return shape;
    }
    const definition = this.variables.has(node.name)
      ? undefined
      : this.host.env.definitionAt(node.name, this.at + 1);
    // A function used bare (dL, ∂L/∂β after L(β) = …) stands for its value at its parameters.
    if (definition && !this.expanding.has(node.name)) {
      this.expanding.add(node.name);
      try {
        this.collectCounts(definition.expr);
        const shape = this.withoutProblems(() => this.infer(definition.expr));
        this.symbols.set(node.name, {
          name: node.name,
          display: node.display,
          shape,
          origin: { kind: 'defined', definition },
        });
        return shape;
      } finally {
        this.expanding.delete(node.name);
      }
    }
    // x*, x⁺, P_k⁻: the same quantity at another point or time, so the shape of the unmarked name
    const marked = definition ? undefined : MARKED_NAME.exec(node.name);
    if (marked && !this.expanding.has(node.name)) {
      this.expanding.add(node.name);
      try {
        const base: SymbolNode = { ...node, name: marked[1], display: node.display.slice(0, -1) };
        const shape = this.withoutProblems(() => this.infer(base));
        this.symbols.set(node.name, {
          name: node.name,
          display: node.display,
          shape,
          origin: {
            kind: 'convention',
            first: node,
            rule: `a mark on ${base.display}, so ${base.display}'s shape`,
          },
        });
        return shape;
      } finally {
        this.expanding.delete(node.name);
      }
    }
    // G = ∂ℓ/∂S with ℓ never written: G is a free variable of S's shape
    const upstream = definition ? undefined : this.host.env.upstreamNameAt(node.name, this.at + 1);
    if (upstream && !this.expanding.has(node.name)) {
      this.expanding.add(node.name);
      try {
        const shape = this.withoutProblems(() => this.infer(upstream.of));
        const rule = `it names ∂${upstream.loss}/∂${upstream.of.display}, so it has ${upstream.of.display}'s shape`;
        this.symbols.set(node.name, {
          name: node.name,
          display: node.display,
          shape,
          origin: { kind: 'convention', first: node, rule },
        });
        return shape;
      } finally {
        this.expanding.delete(node.name);
      }
    }
    let shape: Shape;
    let rule: string;
    const square = declaration?.symmetric || declaration?.definite;
    const reading = this.readings.get(node.name);
    if (reading && !node.sizeHint) {
      shape =
        reading === 'scalar'
          ? this.scalar()
          : {
              rows: this.store.fresh(),
              cols: reading === 'vector' ? this.store.one() : this.store.fresh(),
            };
      rule = `read as a ${reading}, the reading under which this claim is well-formed`;
    } else if (node.sizeHint) {
      const dims = node.sizeHint.map((d) => this.dimFromSpec(d));
      shape =
        dims.length === 1
          ? { rows: dims[0], cols: this.store.one() }
          : { rows: dims[0], cols: dims[1] };
      rule = 'sized where it is written';
    } else if (!node.bold && !square && this.isCount(node.name)) {
      shape = this.scalar();
      rule = CONVENTION_RULES.count;
    } else if (square || this.matrixByConvention(node)) {
      const rows = this.store.fresh();
      shape = { rows, cols: square ? rows : this.store.fresh() };
      rule = square
        ? 'declared symmetric, so a square matrix'
        : node.style === 'greek-upper'
          ? CONVENTION_RULES.greekMatrix
          : CONVENTION_RULES.matrix;
    } else if (
      node.bold &&
      node.style !== 'calligraphic' &&
      this.conventions.boldLowercase === 'vector'
    ) {
      shape = { rows: this.store.fresh(), cols: this.store.one() };
      rule = CONVENTION_RULES.vector;
    } else if (
      !node.bold &&
      node.style === 'latin-lower' &&
      this.conventions.lowercase === 'vector'
    ) {
      shape = { rows: this.store.fresh(), cols: this.store.one() };
      rule = CONVENTION_RULES.lowercaseVector;
    } else if (this.host.env.vectorHints.has(node.name)) {
      shape = { rows: this.store.fresh(), cols: this.store.one() };
      rule = CONVENTION_RULES.usedAsVector;
    } else {
      shape = this.softShape();
      rule = CONVENTION_RULES.scalar;
    }
    this.symbols.set(node.name, {
      name: node.name,
      display: node.display,
      shape,
      origin: { kind: 'convention', first: node, rule },
    });
    return shape;
  }

  /** "line 7", or "line 2 of cell 3" in a notebook read as one document. */
  private place(line: number): string {
    return describeLine(line, this.host.sections);
  }

  private get conventions(): NamingConventions {
    return this.host.conventions ?? DEFAULT_CONVENTIONS;
  }

  private matrixByConvention(node: SymbolNode): boolean {
    if (node.style === 'latin-upper') return this.conventions.uppercase === 'matrix';
    if (node.style === 'greek-upper') return this.conventions.greekUppercase === 'matrix';
    return false;
  }

  /** A name the note counts with: a sum's limit, a dimension, or a count by the note's evidence. */
  private isCount(name: string): boolean {
    return (
      this.counts.has(name) || this.host.env.isDimensionName(name) || this.host.env.counts.has(name)
    );
  }

  private applySizeHint(node: SymbolNode, shape: Shape): void {
    const dims = node.sizeHint!.map((d) => this.dimFromSpec(d));
    const hinted =
      dims.length === 1
        ? { rows: dims[0], cols: this.store.one() }
        : { rows: dims[0], cols: dims[1] };
    if (!this.unifyShapes(shape, hinted)) {
      this.problem(
        node,
        () =>
          `${node.display} is written ${this.label(hinted)} here but is ${this.label(shape)} elsewhere`,
        [node],
      );
    }
  }

  /**
   * `y = Xw` after `y ∈ ℝ^m`: the definition must have the declared shape. Unknown sizes of the
   * right side take the declared ones; sizes that differ are a problem at the right side.
   */
  checkAgainstDeclaration(
    name: SymbolNode,
    value: Expr,
    shape: Shape,
    declaration: Declaration,
  ): void {
    if (!declaration.dims) return;
    const dims = declaration.dims.map((d) => this.dimFromSpec(d));
    const declared =
      dims.length === 0
        ? this.scalar()
        : { rows: dims[0], cols: dims.length > 1 ? dims[1] : this.store.one() };
    if (this.unifyShapes(declared, shape)) return;
    this.problem(
      value,
      () =>
        `${name.display} is declared ${this.label(declared)} on line ${declaration.line + 1}, but it is defined as ${printExpr(value)}, which is ${this.label(shape)}`,
      [value],
    );
    this.problems[this.problems.length - 1].related.unshift({
      start: declaration.offset,
      end: declaration.end,
      message: () => `${name.display} declared ${this.label(declared)} here`,
    });
  }

  /** Records the shape of a name defined in this context (φ = …), from its right-hand side. */
  defineSymbol(node: SymbolNode, shape: Shape, definition: Definition): void {
    this.symbols.set(node.name, {
      name: node.name,
      display: node.display,
      shape,
      origin: { kind: 'defined', definition },
    });
    this.shapes.set(node, shape);
  }

  /** Marks names as variables of a derivative: inside it they stay themselves. */
  withVariables<T>(names: string[], fn: () => T): T {
    const added = names.filter((n) => !this.variables.has(n));
    for (const n of added) this.variables.add(n);
    let result: T;
    try {
      result = fn();
    } finally {
      for (const n of added) this.variables.delete(n);
    }
    for (const n of added) this.joinDefinition(n);
    return result;
  }

  /**
   * A defined name held as a variable (z in ∂L/∂z after z = Wx + b) is still what its
   * definition says: its shape is joined to its definition's, so the next claim of the region
   * (∂L/∂W = δxᵀ) sees W and x sized by z.
   */
  private joinDefinition(name: string): void {
    const info = this.symbols.get(name);
    if (!info || info.origin.kind === 'defined' || this.expanding.has(name)) return;
    const definition = this.host.env.definitionAt(name, this.at + 1);
    if (!definition || definition.params.length > 0) return;
    this.expanding.add(name);
    try {
      const shape = this.withoutProblems(() => this.infer(definition.expr));
      this.unifyShapes(info.shape, shape);
    } finally {
      this.expanding.delete(name);
    }
  }

  // ── inference ─────────────────────────────────────────────────────────────────────────

  infer(node: Expr): Shape {
    const cached = this.shapes.get(node);
    if (cached) return cached;
    // a + b + c + … is a left-leaning tree as deep as it is long: infer its left spine from
    // the bottom up, so that recursion only follows real nesting (which the parser bounds).
    if (node.type === 'binary' && node.left.type === 'binary' && !this.shapes.has(node.left)) {
      const spine: Expr[] = [];
      for (let n: Expr = node.left; n.type === 'binary' && !this.shapes.has(n); n = n.left)
        spine.push(n);
      for (let i = spine.length - 1; i >= 0; i--) this.infer(spine[i]);
    }
    const shape = this.compute(node);
    this.shapes.set(node, shape);
    return shape;
  }

  private compute(node: Expr): Shape {
    switch (node.type) {
      case 'number':
        return this.scalar();
      case 'symbol': {
        const shape = this.symbolShape(node);
        this.noteFamilySymbol(node, shape);
        return shape;
      }
      case 'entry':
        return this.inferEntry(node);
      case 'sum':
        return this.inferSum(node);
      case 'binary':
        return this.inferBinary(node);
      case 'neg':
        return this.infer(node.arg);
      case 'transpose': {
        const s = this.infer(node.arg);
        return { rows: s.cols, cols: s.rows };
      }
      case 'inverse': {
        const s = this.infer(node.arg);
        if (this.maybeScalar(s)) return s;
        if (!this.store.unify(s.rows, s.cols)) {
          this.problem(
            node,
            () =>
              `only a square matrix has an inverse, but ${this.describe(node.arg)} is not square`,
            [node.arg],
          );
        }
        return s;
      }
      case 'power':
        return this.inferPower(node);
      case 'call':
        return this.inferCall(node);
      case 'norm': {
        const s = this.infer(node.arg);
        this.promoteToVector(node.arg, s);
        return this.scalar();
      }
      case 'apply':
        return this.inferApply(node);
      case 'grad':
        return this.inferGrad(node);
      case 'differential':
        return this.infer(node.arg);
      case 'ones': {
        // 𝟏_n is a vector; a bare 𝟏 is one too unless its use makes it the matrix of ones (𝟏 − A ⊘ WH).
        if (node.size)
          return {
            rows: this.dimFromSpec(node.size),
            cols: node.cols ? this.dimFromSpec(node.cols) : this.store.one(),
          };
        return { rows: this.store.flexible(), cols: this.store.fresh(true) };
      }
      case 'identity': {
        const n = node.size ? this.dimFromSpec(node.size) : this.store.flexible();
        return { rows: n, cols: n };
      }
      case 'zero':
        // 𝟎 without a size is the zero of whatever shape it stands beside (dA = 𝟎)
        return node.size
          ? {
              rows: this.dimFromSpec(node.size),
              cols: node.cols ? this.dimFromSpec(node.cols) : this.store.one(),
            }
          : { rows: this.store.flexible(), cols: this.store.flexible() };
      case 'matrix':
        return this.inferMatrix(node);
      case 'pattern':
        return this.inferPattern(node);
      case 'tuple':
        this.problem(node, () => 'a list of values is not a matrix expression');
        return this.softShape();
      case 'space':
        this.problem(node, () => 'a space (ℝ^{…}) is only meaningful in a declaration');
        return this.softShape();
    }
  }

  /** A scalar-spelled symbol used where only a vector makes sense becomes a vector. */
  private promoteToVector(node: Expr, shape: Shape): void {
    if (
      node.type === 'symbol' &&
      this.store.isSoftVar(shape.rows) &&
      this.store.isSoftVar(shape.cols)
    ) {
      this.store.unify(shape.rows, this.store.fresh());
    }
  }

  /** Remembered: asked at every node of a chain of sums, it would walk the chain each time. */
  private readonly literals = new WeakMap<Expr, boolean>();

  private isLiteral(node: Expr): boolean {
    const known = this.literals.get(node);
    if (known !== undefined) return known;
    let literal = false;
    if (node.type === 'number') literal = true;
    else if (node.type === 'neg') literal = this.isLiteral(node.arg);
    else if (node.type === 'binary')
      literal = this.isLiteral(node.left) && this.isLiteral(node.right);
    this.literals.set(node, literal);
    return literal;
  }

  private inferBinary(node: Extract<Expr, { type: 'binary' }>): Shape {
    const left = this.infer(node.left);
    const right = this.infer(node.right);
    this.binaryAt = node;
    return operatorNamed(node.op).shape(node, left, right, this.operatorRules());
  }

  /** The binary node whose shape rule runs (its rule never infers, so there is one at a time). */
  private binaryAt: Extract<Expr, { type: 'binary' }> | undefined;
  private operatorRulesOnce: OperatorShapeRules | undefined;

  /**
   * What an operator's shape rule (src/core/operators) may ask of inference, at `binaryAt`:
   * made once rather than per node, as binary nodes are most of every formula.
   */
  private operatorRules(): OperatorShapeRules {
    if (this.operatorRulesOnce) return this.operatorRulesOnce;
    const at = () => this.binaryAt!;
    this.operatorRulesOnce = {
      ...this.rulesAt(at),
      isScalar: (shape) => this.isScalar(shape),
      isColumnVector: (shape) => this.isColumnVector(shape),
      label: (d) => this.store.label(d),
      markDotProduct: () => this.dotProducts.add(at()),
    };
    return this.operatorRulesOnce;
  }

  private isRowVector(shape: Shape): boolean {
    return (
      this.store.isOne(shape.rows) &&
      !this.store.isOne(shape.cols) &&
      !this.store.isSoftVar(shape.cols)
    );
  }

  private isColumnVector(shape: Shape): boolean {
    return (
      this.store.isOne(shape.cols) &&
      !this.store.isOne(shape.rows) &&
      !this.store.isSoftVar(shape.rows)
    );
  }

  private inferPower(node: Extract<Expr, { type: 'power' }>): Shape {
    const base = this.infer(node.arg);
    const exponent = this.infer(node.exponent);
    if (!this.maybeScalar(exponent)) {
      this.problem(
        node.exponent,
        () => `an exponent must be a scalar, but ${this.describe(node.exponent)} is not`,
      );
    }
    if (node.elementwise || this.maybeScalar(base)) return base;
    // x^i under Σ_i on a vector: a superscript index (the i-th sample) is the reading that
    // makes sense; GradLens does not check it, and says so rather than calling it an error
    const e = node.exponent;
    if (
      e.type === 'symbol' &&
      this.indexScopes.slice(1).some((scope) => scope.has(e.name)) &&
      !this.store.same(base.rows, base.cols)
    ) {
      this.problem(
        node,
        () =>
          `${printExpr(node)} reads as a superscript index (the ${e.display}-th ${printExpr(node.arg)}), which is not checked`,
        [],
        true,
      );
      return base;
    }
    // x^t A x: a power of a vector makes no sense, a transpose does (the t is not a size here)
    if (
      e.type === 'symbol' &&
      e.name === 't' &&
      !this.host.env.isDimensionName('t') &&
      !this.host.env.declarationAt('t', this.at) &&
      (this.isColumnVector(base) ||
        this.isRowVector(base) ||
        // and then A^t beside it (a square A) is the same spelling of a transpose
        this.transposesWrittenAsPowers.size > 0)
    ) {
      this.transposesWrittenAsPowers.add(node);
      return { rows: base.cols, cols: base.rows };
    }
    // 1 − h^2 with h a vector: a vector has no matrix power, and notes square entrywise
    if (
      e.type === 'number' &&
      Number.isInteger(e.value) &&
      e.value >= 2 &&
      (this.isColumnVector(base) || this.isRowVector(base))
    ) {
      this.elementwisePowersOfVectors.add(node);
      return base;
    }
    if (!this.store.unify(base.rows, base.cols)) {
      this.problem(
        node,
        () =>
          `a matrix power needs a square matrix, but ${this.describe(node.arg)} is not square (write ^{\\circ 2} for an elementwise power)`,
        [node.arg],
      );
    }
    return base;
  }

  private needSquare(node: Expr, arg: Expr, shape: Shape, what: string): void {
    if (this.maybeScalar(shape)) return;
    if (!this.store.unify(shape.rows, shape.cols)) {
      this.problem(
        node,
        () => `${what} needs a square matrix, but ${this.describe(arg)} is not square`,
        [arg],
      );
    }
  }

  private inferCall(node: Extract<Expr, { type: 'call' }>): Shape {
    const shapes = node.args.map((a) => this.infer(a));
    const fn = functionNamed(node.fn);
    const { min, max } = fn.arity;
    if (node.args.length < min || node.args.length > max) {
      const count =
        min === max
          ? min === 1
            ? 'one argument'
            : `${min} arguments`
          : max === Infinity
            ? `at least ${min}`
            : `${min} to ${max} arguments`;
      this.problem(node, () => `${node.fn} takes ${count}, not ${node.args.length}`);
      return this.softShape();
    }
    return fn.shape(node, shapes, this.shapeRules(node));
  }

  /** What a function's shape rule (src/core/functions) may ask of inference, at `node`. */
  private shapeRules(node: Expr): ShapeRules {
    return this.rulesAt(() => node);
  }

  /** The rules, their problems placed at the node `at` gives. */
  private rulesAt(at: () => Expr): ShapeRules {
    return {
      store: this.store,
      scalar: () => this.scalar(),
      maybeScalar: (shape) => this.maybeScalar(shape),
      needSquare: (arg, shape, what) => this.needSquare(at(), arg, shape, what),
      promoteToVector: (arg, shape) => this.promoteToVector(arg, shape),
      unifyShapes: (a, b) => this.unifyShapes(a, b),
      isLiteral: (e) => this.isLiteral(e),
      describe: (e) => this.describe(e),
      problem: (render, related, unsupported) => this.problem(at(), render, related, unsupported),
    };
  }

  /** 𝐱_i, x^{(i)} under Σ_i (parsed as symbols): a family member whose index runs over the sum. */
  private noteFamilySymbol(node: SymbolNode, shape: Shape): void {
    // 𝐱_i, and x^{(i)} as course notes write the i-th training example
    const named = memberIndex(symbolRef(node.name));
    const index = named && /^[a-zA-Z]$/.test(named) ? named : undefined;
    if (!index || !this.indexScopes.slice(1).some((scope) => scope.has(index))) return;
    const range = this.familyRange(node.name, index);
    this.familyMembers.set(node, { name: node.name, index, range });
    this.sameMemberShape(node.name, shape);
    this.linkToSource(node.name, shape, range);
  }

  /** x_i under Σ_i and x_j under Σ_j are members of one family x: one shape for all of them. */
  private sameMemberShape(family: string, shape: Shape): void {
    const base = familyBase(family);
    const known = this.familyShapes.get(base);
    if (known) this.unifyShapes(known, shape);
    else this.familyShapes.set(base, shape);
  }

  /** "the x_i are the rows of X": the family has as many members as X rows, each as long as a row. */
  private linkToSource(family: string, member: Shape, range: Dim): void {
    const source = this.host.env.familySources.get(familyBase(family));
    if (!source) return;
    const matrix = this.symbolShape(sourceSymbol(source.matrix, this.at));
    const [along, across] =
      source.along === 'rows' ? [matrix.rows, matrix.cols] : [matrix.cols, matrix.rows];
    this.store.unify(range, along);
    this.store.unify(member.rows, across);
  }

  /** Every Σ_i over one family runs over all its members: one range per family, whatever the sum. */
  private familyRange(family: string, index: string): Dim {
    const base = familyBase(family);
    const range = this.indexDim(index);
    const known = this.familyRanges.get(base);
    if (known !== undefined)
      this.store.unify(known, range); // a Dim is a number: 0 is one
    else this.familyRanges.set(base, range);
    return range;
  }

  /** x_i as the i-th vector of a family: the shape its declaration gives, else a column vector. */
  private familyMemberShape(node: Extract<Expr, { type: 'entry' }>): Shape | undefined {
    const base = node.base;
    const index = node.indices[0];
    if (
      node.indices.length !== 1 ||
      base.type !== 'symbol' ||
      !readsAsFamily(this.host.env, base, index, this.at)
    )
      return undefined;
    const name = `${base.name}_{${index}}`;
    const range = this.familyRange(name, index);
    this.familyMembers.set(node, { name, index, range });
    const shape = this.familyShape(node, name, index);
    this.sameMemberShape(name, shape);
    this.linkToSource(name, shape, range);
    return shape;
  }

  private familyShape(node: Extract<Expr, { type: 'entry' }>, name: string, index: string): Shape {
    const base = node.base as SymbolNode;
    const known = this.symbols.get(name);
    if (known) return known.shape;
    const declaration = familyDeclarationAt(this.host.env, base.name, index, this.at);
    const display = `${base.display}_${index}`;
    if (declaration?.dims) {
      const dims = declaration.dims.map((d) => this.dimFromSpec(d));
      const shape = { rows: dims[0], cols: dims.length > 1 ? dims[1] : this.store.one() };
      this.symbols.set(name, { name, display, shape, origin: { kind: 'declared', declaration } });
      return shape;
    }
    const shape = { rows: this.store.fresh(), cols: this.store.one() };
    this.symbols.set(name, {
      name,
      display,
      shape,
      origin: {
        kind: 'convention',
        first: { ...base, name, display },
        rule: CONVENTION_RULES.family,
      },
    });
    return shape;
  }

  /** r_i under Σ_i after `r_i = y_i − wᵀx_i`: the definition, read with the sum's index. */
  private definedMemberShape(node: Extract<Expr, { type: 'entry' }>): Shape | undefined {
    if (node.indices.length !== 1 || node.base.type !== 'symbol') return undefined;
    const definition = entrywiseDefinition(
      this.host.env,
      node.base.name,
      node.indices[0],
      this.at + 1,
    );
    const name = definition?.name ?? '';
    if (!definition || definition.params.length > 0 || this.expanding.has(name)) return undefined;
    this.expanding.add(name);
    // a_k after `a_j = e^{z_j}/…`: j runs where k runs, so z has the length of what k indexes
    const own = definedIndex(definition);
    if (own) this.indexScopes.push(new Map([[own, this.indexDim(node.indices[0])]]));
    try {
      // detached: each use links its own index, though the definition's nodes are shared
      const shape = this.withoutProblems(() =>
        own ? this.inferDetached(definition.expr) : this.infer(definition.expr),
      );
      this.definedMembers.set(node, definition);
      return shape;
    } finally {
      if (own) this.indexScopes.pop();
      this.expanding.delete(name);
    }
  }

  private inferEntry(node: Extract<Expr, { type: 'entry' }>): Shape {
    const defined = this.definedMemberShape(node);
    if (defined) return defined;
    const member = this.familyMemberShape(node);
    if (member) return member;
    const base = this.infer(node.base);
    const dims = node.indices.map((i) => this.indexDim(i));
    if (dims.length === 1) {
      if (this.store.isSoftVar(base.rows) && this.store.isSoftVar(base.cols))
        this.store.unify(base.cols, this.store.one());
      // x_i: a vector's entry; a row vector's entry is allowed too.
      const along =
        this.store.isOne(base.cols) || !this.store.isOne(base.rows) ? base.rows : base.cols;
      if (!this.store.unify(dims[0], along)) {
        this.problem(
          node,
          () =>
            `the index ${node.indices[0]} runs over ${this.store.label(dims[0])} but ${this.describe(node.base)} has ${this.store.label(along)}`,
          [node.base],
        );
      }
    } else if (dims.length === 2) {
      if (!this.store.unify(dims[0], base.rows) || !this.store.unify(dims[1], base.cols)) {
        this.problem(
          node,
          () =>
            `the indices ${node.indices.join('')} run over ${this.store.label(dims[0])}×${this.store.label(dims[1])} but ${this.describe(node.base)} differs`,
          [node.base],
        );
      }
    } else {
      this.problem(node, () => `${node.indices.length} indices on a matrix`);
    }
    return this.scalar();
  }

  private indexDim(name: string): Dim {
    for (let i = this.indexScopes.length - 1; i >= 0; i--) {
      const scope = this.indexScopes[i];
      if (!scope.has(name)) continue;
      let d = scope.get(name);
      if (d === undefined) {
        d = this.store.fresh();
        scope.set(name, d);
      }
      return d;
    }
    const d = this.store.fresh();
    this.indexScopes[0].set(name, d);
    return d;
  }

  private inferSum(node: Extract<Expr, { type: 'sum' }>): Shape {
    // Index ranges are created when an entry first uses them, so that a full sum Σ_{ij} X
    // creates no unknowns of its own.
    const scope = new Map<string, Dim | undefined>();
    for (const index of node.indices) {
      let dim: Dim | undefined;
      if (index.upper) {
        const upper = index.upper;
        if (upper.type === 'symbol' && /^[a-zA-Z]$/.test(upper.name))
          dim = this.store.named(upper.name);
        else if (upper.type === 'number') dim = this.store.constant(upper.value);
      }
      if (index.lower) this.infer(index.lower);
      scope.set(index.name, dim);
    }
    this.indexScopes.push(scope);
    let body: Shape;
    try {
      body = this.infer(node.body);
    } finally {
      this.indexScopes.pop();
    }
    const ranges = new Map<string, Dim>();
    for (const [name, dim] of scope) if (dim !== undefined) ranges.set(name, dim);
    this.sumRanges.set(node, ranges);
    // Σ_i x_i x_iᵀ over a family of vectors keeps the body's shape; Σ_{i,j} A is the full sum.
    const names = new Set(node.indices.map((i) => `_{${i.name}}`));
    let family = false;
    visit(node.body, (n) => {
      if (n.type === 'symbol' && [...names].some((suffix) => n.name.endsWith(suffix)))
        family = true;
      if (this.familyMembers.has(n)) family = true;
    });
    return family && !this.maybeScalar(body) ? body : this.scalar();
  }

  private inferApply(node: Extract<Expr, { type: 'apply' }>): Shape {
    const argShapes = node.args.map((a) => this.infer(a));
    const definition = this.host.env.definitionAt(node.name, this.at + 1);
    if (
      !definition ||
      definition.params.length !== node.args.length ||
      this.expanding.has(node.name)
    ) {
      // f(x) with no definition in scope: its value shape is unknown but scalar-like.
      return this.softShape();
    }
    this.expanding.add(node.name);
    this.overrides.push(new Map(definition.params.map((p, i) => [p, argShapes[i]])));
    try {
      // A fresh copy of the shapes of the body: the same definition may be applied to other arguments.
      return this.withoutProblems(() => this.inferDetached(definition.expr));
    } finally {
      this.overrides.pop();
      this.expanding.delete(node.name);
    }
  }

  /** A definition's body: its problems are reported where it is written, not at each use. */
  private withoutProblems<T>(fn: () => T): T {
    const before = this.problems.length;
    try {
      return fn();
    } finally {
      this.problems.length = before;
    }
  }

  /** Infers a tree whose nodes may already have cached shapes from another use. */
  private inferDetached(expr: Expr): Shape {
    const saved = new Map<Expr, Shape>();
    const stack: Expr[] = [expr];
    while (stack.length) {
      const n = stack.pop()!;
      const s = this.shapes.get(n);
      if (s) {
        saved.set(n, s);
        this.shapes.delete(n);
      }
      for (const c of children(n)) stack.push(c);
    }
    const shape = this.infer(expr);
    for (const [n, s] of saved) this.shapes.set(n, s);
    return shape;
  }

  /** The function being differentiated, its variable, and their shapes. */
  gradParts(node: Extract<Expr, { type: 'grad' }>): { wrt?: SymbolNode; f: Expr } {
    // Cached: the nodes made here must stay the same objects for the shapes map.
    let parts = this.gradPartsCache.get(node);
    if (!parts) {
      parts = this.findGradParts(node);
      this.gradPartsCache.set(node, parts);
    }
    return parts;
  }

  private findGradParts(node: Extract<Expr, { type: 'grad' }>): { wrt?: SymbolNode; f: Expr } {
    // ∇²f(x): the variable of the gradient inside
    if (node.hessian && !node.wrt && node.f.type === 'grad')
      return { f: node.f, wrt: this.gradParts(node.f).wrt };
    let f = node.f;
    let wrt = node.wrt;
    if (!wrt && f.type === 'apply' && f.args.length === 1) wrt = f.args[0];
    if (
      f.type === 'apply' &&
      this.host.env.definitionAt(f.name, this.at + 1)?.params.length === 0
    ) {
      // ∇_x f(x) after `f = xᵀAx`: f written without its parameter is still f.
      f = {
        type: 'symbol',
        name: f.name,
        display: f.display,
        bold: false,
        style: 'other',
        span: f.span,
      };
    }
    if (!wrt && f.type === 'symbol') {
      const def = this.host.env.definitionAt(f.name, this.at + 1);
      if (def && def.params.length === 1)
        return {
          f,
          wrt: {
            type: 'symbol',
            name: def.params[0],
            display: def.params[0],
            bold: false,
            style: 'other',
            span: node.span,
          },
        };
    }
    return { f, wrt: wrt?.type === 'symbol' && !this.isEntryOfDeclared(wrt) ? wrt : undefined };
  }

  /** x_i when x is declared a vector or matrix: an entry, which a derivative cannot be taken by here. */
  private isEntryOfDeclared(node: SymbolNode): boolean {
    const ref = symbolRef(node.name);
    if (!/^[a-z]{1,2}$/.test(ref.subscript ?? '')) return false;
    if (this.host.env.declarationAt(node.name, this.at)) return false;
    const dims = this.host.env.declarationAt(ref.base, this.at)?.dims;
    return dims !== undefined && dims.length > 0;
  }

  /**
   * The objectives of the derivatives in `expr`, named but defined nowhere, are scalars whatever
   * their letter (∇_w J, ∂L/∂z): noted before the statement is read, so a dL that comes first
   * does not make L a matrix by its capital.
   */
  noteObjectives(expr: Expr): void {
    visit(expr, (node) => {
      if (node.type === 'grad' && node.f.type === 'symbol') this.noteObjective(node.f);
    });
  }

  private noteObjective(f: Expr): void {
    if (
      f.type === 'symbol' &&
      !this.symbols.has(f.name) &&
      !this.host.env.declarationAt(f.name, this.at) &&
      !this.host.env.definitionAt(f.name, this.at + 1)
    ) {
      this.symbols.set(f.name, {
        name: f.name,
        display: f.display,
        shape: this.softShape(),
        origin: { kind: 'convention', first: f, rule: CONVENTION_RULES.objective },
      });
    }
  }

  private inferGrad(node: Extract<Expr, { type: 'grad' }>): Shape {
    // ∂f/∂X_{pq}, ∂a_j/∂z_i: one number for each value of the indices
    if (node.wrt?.type === 'entry') {
      this.infer(node.wrt);
      this.infer(node.f);
      return this.scalar();
    }
    const { wrt, f } = this.gradParts(node);
    if (!wrt) {
      if (node.wrt) this.infer(node.wrt);
      const variable = node.wrt;
      const entry = variable?.type === 'symbol' && this.isEntryOfDeclared(variable);
      const message = !variable
        ? 'the variable of this derivative is not written: use ∇_X f or ∂f/∂X'
        : entry
          ? `derivatives with respect to an entry (${printExpr(variable)}) are not checked: differentiate with respect to the whole variable`
          : `derivatives with respect to ${printExpr(variable)} (not a single variable) are not supported`;
      this.problem(variable ?? node, () => message, [], true);
      return this.softShape();
    }
    this.noteObjective(f);
    // The objective first: its unknowns get the first names (A m×n before X k×l).
    const fShape = this.withVariables([wrt.name], () => this.infer(f));
    const wrtShape = this.infer(wrt);
    if (this.maybeScalar(fShape)) return wrtShape;
    // x in ∂(Ax)/∂x is spelled like a scalar and used as a vector: a column, as in Ax.
    for (const s of [fShape, wrtShape])
      if (this.store.isSoftVar(s.cols) && !this.store.isSoftVar(s.rows))
        this.store.unify(s.cols, this.store.one());
    const fIsVector = this.store.isOne(fShape.cols);
    const wrtIsVector = this.store.isOne(wrtShape.cols);
    if (this.maybeScalar(wrtShape)) return fShape;
    if (fIsVector && wrtIsVector) {
      const numerator = { rows: fShape.rows, cols: wrtShape.rows };
      const denominator = { rows: wrtShape.rows, cols: fShape.rows };
      this.jacobians.set(node, { numerator, denominator });
      return numerator;
    }
    this.problem(
      node,
      () =>
        `the derivative of ${this.describe(f)} with respect to ${this.describe(wrt)} is a tensor of order 4 or 3, which GradLens does not check`,
      [],
      true,
    );
    return this.softShape();
  }

  private inferMatrix(node: Extract<Expr, { type: 'matrix' }>): Shape {
    for (const row of node.rows) {
      for (const cell of row) {
        const s = this.infer(cell);
        if (!this.maybeScalar(s)) {
          this.problem(
            cell,
            () => `block matrices are not supported: ${this.describe(cell)} is not a scalar`,
          );
        } else {
          this.unifyShapes(s, this.scalar());
        }
      }
    }
    return {
      rows: this.store.constant(node.rows.length),
      cols: this.store.constant(node.rows[0].length),
    };
  }

  /** [x_1; ⋮; x_n]: sized by the last corner's subscripts; its indices range over those sizes. */
  private inferPattern(node: Extract<Expr, { type: 'pattern' }>): Shape {
    const axisDim = (axis: PatternAxis | undefined) =>
      !axis ? this.store.one() : axis.size ? this.dimFromSpec(axis.size) : this.store.fresh();
    const rows = axisDim(node.down);
    const cols = axisDim(node.across);
    const scope = new Map<string, Dim | undefined>();
    if (node.down) scope.set(node.down.index, rows);
    if (node.across) scope.set(node.across.index, cols);
    this.indexScopes.push(scope);
    let term: Shape;
    try {
      term = this.infer(node.term);
    } finally {
      this.indexScopes.pop();
    }
    if (!this.maybeScalar(term))
      this.problem(
        node.term,
        () => `block matrices are not supported: ${this.describe(node.term)} is not a scalar`,
      );
    else this.unifyShapes(term, this.scalar());
    this.sumRanges.set(node, new Map([...scope].map(([k, d]) => [k, d!])));
    return { rows, cols };
  }
}

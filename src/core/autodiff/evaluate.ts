// Evaluates an expression tree on concrete matrices, recording on a tape when any input is
// tracked. Names defined in the document are replaced by their definitions (except the
// variables being differentiated); differentials and derivatives inside an expression are
// computed on their own tapes and enter as constants.
import type { Definition, SymbolEnvironment } from '../claims/environment';
import { children, type Expr, type SymbolNode } from '../latex/ast';
import { symbolRef } from '../facts/symbol';
import { printExpr } from '../latex/print';
import { allFinite, frobenius, identity, matrix, ones, scalar, zeros } from '../numeric/kernels';
import { Matrix, ShapeMismatchError, SingularMatrixError } from '../numeric/matrix';
import type { Dim } from '../shape/dims';
import type { FamilySource } from '../claims/familySources';
import { familyBase, sourceSymbol, type ShapeContext } from '../shape/infer';
import { MATRIX_POWER, SUM_ITERATIONS } from '../limits';
import * as op from './ops';
import { functionNamed } from '../functions/registry';
import type { OperatorEvaluationContext } from '../operators/define';
import { operatorNamed } from '../operators/registry';
import { definedIndex, dependsOn, entrywiseDefinition } from '../indices/definitions';
import { Tape, type Value } from './tape';

/** A value left its domain (log of a negative, a singular inverse). */
export class DomainError extends Error {
  constructor(
    readonly node: Expr,
    message: string,
  ) {
    super(message);
  }
}

/** Something this evaluator cannot compute (a spectral norm, a free index). */
export class EvaluationUnsupported extends Error {
  constructor(
    readonly node: Expr,
    message: string,
  ) {
    super(message);
  }
}

export interface EvaluationSetup {
  shapes: ShapeContext;
  size: (dim: Dim) => number;
  env: SymbolEnvironment;
  /** Offset of the claim: which definitions are in force. */
  at: number;
  /** A value for a free symbol (sampled once per draw, by name). */
  sample: (symbol: SymbolNode) => Matrix;
  /** Directions of the differentials dX, by variable name. */
  directions: Map<string, Matrix>;
  /** softmax of a matrix: row by row (the default) or column by column. */
  matrixAxis?: 'rows' | 'columns';
  /** Called when a function applied along an axis met a matrix: the axis mattered. */
  onMatrixAxis?: () => void;
  /**
   * Variables of the derivative being checked: sampled, never replaced by a definition they
   * may have (∂L/∂s after s = Wx treats s as the independent variable, as backprop does).
   */
  variables?: ReadonlySet<string>;
  /** The k-th vector of a family (x_i under Σ_i), sampled once per draw. */
  sampleMember?: (family: string, k: number) => Matrix;
  /**
   * A loss the note never writes out, read as the linear loss ⟨G, U⟩ of its one upstream
   * quantity U (see claims/abstractLoss.ts); `gradient` gives G for U's sampled size.
   */
  abstractLoss?: {
    loss: string;
    upstream: SymbolNode;
    gradient: (rows: number, cols: number) => Matrix;
  };
}

export class Evaluator {
  private readonly scopes: Map<string, Value>[] = [];
  private readonly indices = new Map<string, number>();
  private readonly cache = new Map<Expr, Value>();
  private readonly expanding = new Set<string>();
  /** Terms of Σ evaluated so far, nested sums multiplied out: bounded by SUM_ITERATIONS. */
  sumTerms = 0;
  /** Bases of entries that use no bound index ((BA) in (BA)_{pq}): computed once, not per p, q. */
  private readonly indexFree = new Map<Expr, Value>();
  /** Vectors defined by their entries that are, here, the variable of a derivative. */
  private readonly variables = new Set<string>();

  /** The directions dX as tracked values: a differential's coefficients by autodiff. */
  private trackedDirections: Map<string, Value> | undefined;

  constructor(
    readonly setup: EvaluationSetup,
    readonly tape: Tape = new Tape(),
    /** Values fixed for this evaluation: tracked variables, or constants. */
    private readonly bound: Map<string, Value> = new Map(),
  ) {}

  /**
   * Tracks the directions dX on this evaluator's tape: every differential is linear in them,
   * so the adjoint of a direction is the coefficient G of dX in ⟨G, dX⟩.
   */
  trackDirections(directions: Map<string, Value>): void {
    this.trackedDirections = directions;
    this.cache.clear();
    this.indexFree.clear();
  }

  evaluate(node: Expr): Value {
    const cacheable = this.indices.size === 0 && this.scopes.length === 0;
    if (cacheable) {
      const hit = this.cache.get(node);
      if (hit) return hit;
    }
    const value = this.compute(node);
    if (cacheable) this.cache.set(node, value);
    return value;
  }

  private lookup(node: SymbolNode): Value {
    const member = this.setup.shapes.familyMembers.get(node);
    if (member) return this.member(node, member.name, member.index);
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(node.name);
      if (v) return v;
    }
    const pictured = this.picturedEntry(node);
    if (pictured) return pictured;
    const bound = this.bound.get(node.name);
    if (bound) return bound;
    const loss = this.setup.abstractLoss;
    if (loss && node.name === loss.loss) {
      const upstream = this.evaluate(loss.upstream);
      const g = loss.gradient(upstream.value.rows, upstream.value.cols);
      return op.frob(this.tape, this.tape.constant(g), upstream);
    }
    // A function used bare (∇_H f after f(W, H) = …) stands for its value at its parameters:
    // the parameters are the document's symbols of the same names.
    // A name the note both declares and defines (S ∈ 𝕊ⁿ, S = ¹⁄ₙ Σ x_k x_kᵀ) is used as the
    // declared variable: the declaration says what it is, the definition may not be computable.
    const declared = this.setup.env.declarationAt(node.name, this.setup.at)?.dims !== undefined;
    const variable = this.setup.variables?.has(node.name) ?? false;
    const definition =
      declared || variable ? undefined : this.setup.env.definitionAt(node.name, this.setup.at + 1);
    if (definition && !this.expanding.has(node.name)) {
      return this.expand(node.name, definition, () => this.evaluate(definition.expr));
    }
    const value = this.tape.constant(this.setup.sample(node));
    this.bound.set(node.name, value);
    return value;
  }

  /**
   * x_{12} after X = [x_{11} x_{12}; …]: the entry (1, 2) of X, so that it moves with X (and
   * d x_{12} is the entry of dX). Undefined for a name the note does not picture.
   */
  private picturedEntry(node: SymbolNode): Value | undefined {
    const matrix = this.setup.env.picturedEntries.get(node.name);
    if (!matrix) return undefined;
    const sub = symbolRef(node.name).subscript ?? '';
    const m = /^(\d),?(\d)$/.exec(sub) ?? /^(\d+),(\d+)$/.exec(sub);
    if (!m) return undefined;
    const [i, j] = [Number(m[1]) - 1, Number(m[2]) - 1];
    const value = this.evaluate(matrix);
    if (i < 0 || j < 0 || i >= value.value.rows || j >= value.value.cols)
      throw new EvaluationUnsupported(
        node,
        `${node.display} is pictured as an entry of ${printExpr(matrix)}, which is only ${value.value.rows}×${value.value.cols} here`,
      );
    return op.entry(this.tape, value, i, j);
  }

  /** The vector of a family at the current value of its index: its own sample for each k. */
  private member(node: Expr, family: string, index: string): Value {
    const k = this.indices.get(index);
    if (k === undefined)
      throw new EvaluationUnsupported(
        node,
        `the index ${index} of ${printExpr(node)} is not bound by a sum`,
      );
    const source = this.setup.env.familySources.get(familyBase(family));
    if (source) return this.memberOfMatrix(node, source, k);
    const entry = this.asEntryOfVector(node, family, k);
    if (entry) return entry;
    const key = `${familyBase(family)}#${k}`; // x_i and x_j: one family
    const bound = this.bound.get(key);
    if (bound) return bound;
    const sampleMember = this.setup.sampleMember;
    if (!sampleMember)
      throw new EvaluationUnsupported(
        node,
        `${printExpr(node)} is a family of vectors, which this check cannot sample`,
      );
    const value = this.tape.constant(sampleMember(family, k));
    this.bound.set(key, value);
    return value;
  }

  /**
   * y_i written where i was not yet bound (`r_i = y_i − wᵀx_i`) but read under Σ_i: a scalar
   * member is the k-th entry of the vector y when the note uses y as one (y_i under a sum).
   */
  private asEntryOfVector(node: Expr, family: string, k: number): Value | undefined {
    const shape = this.setup.shapes.symbol(family)?.shape;
    if (!shape || !this.setup.shapes.isScalar(shape)) return undefined;
    const base = familyBase(family);
    const info = this.setup.shapes.symbol(base);
    if (!info || this.setup.shapes.isScalar(info.shape)) return undefined;
    const vector = this.lookup({
      type: 'symbol',
      name: base,
      display: info.display,
      bold: false,
      style: 'latin-lower',
      span: node.span,
    });
    const [rows, cols] = [vector.value.rows, vector.value.cols];
    if (cols !== 1 || k >= rows) return undefined;
    return op.entry(this.tape, vector, k, 0);
  }

  /** The k-th row (as a column) or column of the family's matrix: tracked if the matrix is. */
  private memberOfMatrix(node: Expr, source: FamilySource, k: number): Value {
    const t = this.tape;
    const matrix = this.lookup(sourceSymbol(source.matrix, node.span.start));
    const rows = source.along === 'rows';
    const count = rows ? matrix.value.rows : matrix.value.cols;
    if (k >= count)
      throw new EvaluationUnsupported(
        node,
        `${printExpr(node)} runs past the ${source.along} of ${source.matrix}`,
      );
    const unit = zeros(count, 1);
    unit.data[k] = 1;
    return op.mul(t, rows ? op.transpose(t, matrix) : matrix, t.constant(unit));
  }

  private expand(name: string, _definition: Definition, fn: () => Value): Value {
    this.expanding.add(name);
    try {
      return fn();
    } finally {
      this.expanding.delete(name);
    }
  }

  private shapeOf(node: Expr): [number, number] {
    const shape = this.setup.shapes.shapes.get(node);
    if (!shape)
      throw new EvaluationUnsupported(node, `the size of ${printExpr(node)} is not known here`);
    return [this.setup.size(shape.rows), this.setup.size(shape.cols)];
  }

  private checked(node: Expr, value: Value, what: string): Value {
    if (!allFinite(value.value)) {
      throw new DomainError(
        node,
        `${what} ${printExpr(node)} is not finite on the sampled values: GradLens could not find a domain that keeps it defined (declare positivity, e.g. \\mathbb{R}_{++}^{m\\times n}, or X \\succ 0)`,
      );
    }
    return value;
  }

  private compute(node: Expr): Value {
    const t = this.tape;
    try {
      switch (node.type) {
        case 'number':
          return t.constant(scalar(node.value));
        case 'symbol':
          return this.lookup(node);
        case 'neg':
          return op.neg(t, this.evaluate(node.arg));
        case 'transpose':
          return op.transpose(t, this.evaluate(node.arg));
        case 'inverse': {
          const a = this.evaluate(node.arg);
          return this.checked(node, op.inverse(t, a), 'the inverse');
        }
        case 'binary':
          return this.binary(node);
        case 'power':
          return this.power(node);
        case 'call':
          return this.call(node);
        case 'norm':
          return this.norm(node);
        case 'apply':
          return this.apply(node);
        case 'entry':
          return this.entry(node);
        case 'sum':
          return this.sum(node);
        case 'grad':
          return t.constant(this.gradient(node));
        case 'differential':
          return this.trackedDirections
            ? this.trackedDifferential(node)
            : t.constant(this.differential(node));
        case 'ones': {
          const [r, c] = this.shapeOf(node);
          return t.constant(ones(r, c));
        }
        case 'identity': {
          const [n] = this.shapeOf(node);
          return t.constant(identity(n));
        }
        case 'zero': {
          const [r, c] = this.shapeOf(node);
          return t.constant(zeros(r, c));
        }
        case 'matrix':
          return op.assemble(
            t,
            node.rows.map((row) => row.map((cell) => this.evaluate(cell))),
          );
        case 'pattern':
          return this.pattern(node);
        case 'tuple':
        case 'space':
          throw new EvaluationUnsupported(node, `${printExpr(node)} has no value`);
      }
    } catch (error) {
      if (error instanceof SingularMatrixError)
        throw new DomainError(
          node,
          `${printExpr(node)} needs the inverse of a singular matrix on the sampled values`,
        );
      if (error instanceof ShapeMismatchError)
        throw new EvaluationUnsupported(
          node,
          `the sampled values of ${printExpr(node)} do not fit together (${error.message})`,
        );
      throw error;
    }
  }

  private binary(node: Extract<Expr, { type: 'binary' }>): Value {
    const a = this.evaluate(node.left);
    const b = this.evaluate(node.right);
    this.binaryAt = node;
    return operatorNamed(node.op).evaluate(a, b, this.operatorContext());
  }

  /** The binary node whose rule runs (its rule never evaluates, so there is one at a time). */
  private binaryAt: Extract<Expr, { type: 'binary' }> | undefined;
  private operatorContextOnce: OperatorEvaluationContext | undefined;

  /** What an operator's evaluation (src/core/operators) may ask, at `binaryAt`: made once, not per node and draw. */
  private operatorContext(): OperatorEvaluationContext {
    if (this.operatorContextOnce) return this.operatorContextOnce;
    const at = () => this.binaryAt!;
    this.operatorContextOnce = {
      tape: this.tape,
      ops: op,
      finite: (value, what) => this.checked(at(), value, what),
      unsupported: (message) => {
        throw new EvaluationUnsupported(at(), message);
      },
      isDotProduct: () => this.setup.shapes.dotProducts.has(at()),
      printed: () => printExpr(at()),
    };
    return this.operatorContextOnce;
  }

  private power(node: Extract<Expr, { type: 'power' }>): Value {
    const t = this.tape;
    const base = this.evaluate(node.arg);
    if (this.setup.shapes.transposesWrittenAsPowers.has(node)) return op.transpose(t, base);
    const exponent = this.evaluate(node.exponent);
    if (
      node.elementwise ||
      base.value.isScalar() ||
      this.setup.shapes.elementwisePowersOfVectors.has(node)
    )
      return this.checked(node, op.power(t, base, exponent), 'the power');
    const p = exponent.value.scalar();
    if (exponent.id >= 0 || !Number.isInteger(p))
      throw new EvaluationUnsupported(
        node,
        `the matrix power ${printExpr(node)} needs an integer exponent`,
      );
    // X^{1000000} is a million products: past MATRIX_POWER it is said, not computed
    if (Math.abs(p) > MATRIX_POWER)
      throw new EvaluationUnsupported(
        node,
        `the matrix power ${printExpr(node)} has an exponent above ${MATRIX_POWER} (limit MATRIX_POWER)`,
      );
    const root = p < 0 ? this.checked(node, op.inverse(t, base), 'the inverse in') : base;
    return op.matrixPower(t, root, Math.abs(p));
  }

  private call(node: Extract<Expr, { type: 'call' }>): Value {
    const args = node.args.map((a) => this.evaluate(a));
    return functionNamed(node.fn).evaluate(args, {
      tape: this.tape,
      ops: op,
      finite: (value, what) => this.checked(node, value, what),
      unsupported: (message) => {
        throw new EvaluationUnsupported(node, message);
      },
      matrixAxis: this.setup.matrixAxis ?? 'rows',
      axisUsed: () => this.setup.onMatrixAxis?.(),
    });
  }

  private norm(node: Extract<Expr, { type: 'norm' }>): Value {
    const t = this.tape;
    const a = this.evaluate(node.arg);
    const isVector = a.value.rows === 1 || a.value.cols === 1;
    switch (node.kind) {
      case 'F':
        return op.normFrobenius(t, a);
      case 'default':
      case '2':
        if (isVector || node.kind === 'default') return op.normFrobenius(t, a);
        throw new EvaluationUnsupported(
          node,
          'the spectral norm ‖X‖₂ of a matrix cannot be checked',
        );
      case '1':
        if (isVector) return op.norm1(t, a);
        throw new EvaluationUnsupported(node, 'the induced 1-norm of a matrix cannot be checked');
      case 'inf':
        if (isVector) return op.normInf(t, a);
        throw new EvaluationUnsupported(node, 'the induced ∞-norm of a matrix cannot be checked');
      case 'nuc':
        throw new EvaluationUnsupported(node, 'the nuclear norm cannot be checked');
    }
  }

  private apply(node: Extract<Expr, { type: 'apply' }>): Value {
    const definition = this.setup.env.definitionAt(node.name, this.setup.at + 1);
    if (!definition || definition.params.length !== node.args.length) {
      throw new EvaluationUnsupported(node, `${node.display}(…) is not defined in this document`);
    }
    if (this.expanding.has(node.name))
      throw new EvaluationUnsupported(node, `${node.display} is defined in terms of itself`);
    const args = node.args.map((a) => this.evaluate(a));
    this.scopes.push(new Map(definition.params.map((p, i) => [p, args[i]])));
    try {
      return this.expand(node.name, definition, () => this.evaluate(definition.expr));
    } finally {
      this.scopes.pop();
    }
  }

  private entry(node: Extract<Expr, { type: 'entry' }>): Value {
    // r_i after `r_i = y_i − wᵀx_i`: its definition, with the sum's index bound
    const defined = this.setup.shapes.definedMembers.get(node);
    // a_k while a itself is the variable of a derivative: the variable's entry, not its definition
    const variable = node.base.type === 'symbol' && this.variables.has(node.base.name);
    if (defined && !variable) {
      // a_k after `a_j = …`: the definition read with j set to the value of k
      const own = definedIndex(defined);
      const value = this.indices.get(node.indices[0]);
      if (!own || own === node.indices[0] || value === undefined)
        return this.evaluate(defined.expr);
      return this.withIndices(new Map([[own, value]]), () => this.evaluate(defined.expr));
    }
    // "Let x_i ∈ ℝ^d …", wᵀx_i: x_i is the i-th vector of a family, not an entry of one x.
    const member = this.setup.shapes.familyMembers.get(node);
    if (member) return this.member(node, member.name, member.index);
    const base = this.indexFreeValue(node.base);
    const at = node.indices.map((name) => {
      const v = this.indices.get(name);
      if (v === undefined)
        throw new EvaluationUnsupported(
          node,
          `the index ${name} of ${printExpr(node)} is not bound by a sum`,
        );
      return v;
    });
    const [i, j] = at.length === 1 ? (base.value.cols === 1 ? [at[0], 0] : [0, at[0]]) : at;
    if (i >= base.value.rows || j >= base.value.cols)
      throw new EvaluationUnsupported(node, `the index of ${printExpr(node)} runs past its size`);
    return op.entry(this.tape, base, i, j);
  }

  private indexFreeValue(node: Expr): Value {
    if (this.scopes.length > 0) return this.evaluate(node);
    const hit = this.indexFree.get(node);
    if (hit) return hit;
    const members = this.setup.shapes.familyMembers;
    for (const name of this.indices.keys())
      if (usesIndex(node, name, members)) return this.evaluate(node);
    const value = this.evaluate(node);
    this.indexFree.set(node, value);
    return value;
  }

  private sum(node: Extract<Expr, { type: 'sum' }>): Value {
    const t = this.tape;
    const members = this.setup.shapes.familyMembers;
    const used = node.indices.filter((index) => usesIndex(node.body, index.name, members));
    if (used.length === 0) return op.sum(t, this.evaluate(node.body));
    const ranges = used.map((index) => ({
      name: index.name,
      lower: index.lower,
      size: this.rangeOf(node, index.name, index.upper),
    }));
    // Σ_{i=1}^{10⁹}: each iteration is a term on the tape; past SUM_ITERATIONS it is said
    const iterations = ranges.reduce((product, r) => product * Math.max(0, r.size), 1);
    if (iterations > SUM_ITERATIONS)
      throw new EvaluationUnsupported(
        node,
        `the sum ${printExpr(node)} runs over ${iterations} terms (limit SUM_ITERATIONS = ${SUM_ITERATIONS})`,
      );
    let total: Value | undefined;
    // Σ_{k≠i}: the values of i at this point are skipped
    const skipped = (index: (typeof used)[number]) =>
      (index.except ?? []).map((name) => this.indices.get(name));
    const except = used.map(skipped);
    const loop = (k: number) => {
      if (k === ranges.length) {
        // nested sums multiply: Σ_{i≤1000} Σ_{j≤1000} is a million terms, each under the limit
        if (++this.sumTerms > SUM_ITERATIONS)
          throw new EvaluationUnsupported(
            node,
            `the sums of this claim run over more than ${SUM_ITERATIONS} terms (limit SUM_ITERATIONS)`,
          );
        const term = this.evaluate(node.body);
        total = total ? op.add(t, total, term) : term;
        return;
      }
      for (let v = 0; v < ranges[k].size; v++) {
        if (except[k].includes(v)) continue;
        this.indices.set(ranges[k].name, v);
        loop(k + 1);
      }
    };
    // a sum inside a definition may reuse a letter bound outside it (Σ_k a_k, a_j = e^{z_j}/Σ_k e^{z_k})
    const outer = new Map(ranges.map((r) => [r.name, this.indices.get(r.name)]));
    try {
      loop(0);
    } finally {
      for (const [name, v] of outer) {
        if (v === undefined) this.indices.delete(name);
        else this.indices.set(name, v);
      }
    }
    return total ?? t.constant(scalar(0));
  }

  /** [x_1; ⋮; x_n]: the general term at every (i, j) of the drawn sizes. */
  private pattern(node: Extract<Expr, { type: 'pattern' }>): Value {
    const [rows, cols] = this.shapeOf(node);
    const cells: Value[][] = [];
    for (let i = 0; i < rows; i++) {
      const row: Value[] = [];
      for (let j = 0; j < cols; j++) {
        // each entry is an evaluation of the term, counted with the terms of sums
        if (++this.sumTerms > SUM_ITERATIONS)
          throw new EvaluationUnsupported(
            node,
            `the entries and sums of this claim run over more than ${SUM_ITERATIONS} terms (limit SUM_ITERATIONS)`,
          );
        const at = new Map<string, number>();
        if (node.down) at.set(node.down.index, i);
        if (node.across) at.set(node.across.index, j);
        const value = this.withIndices(at, () => this.evaluate(node.term));
        if (!value.value.isScalar())
          throw new EvaluationUnsupported(node.term, 'each entry of a pattern must be a number');
        row.push(value);
      }
      cells.push(row);
    }
    return op.assemble(this.tape, cells);
  }

  /** How far an index runs: its upper limit, or the size of what it indexes. */
  private rangeOf(sum: Expr, name: string, upper: Expr | undefined): number {
    if (upper?.type === 'number') return upper.value;
    let found: number | undefined;
    const visit = (n: Expr) => {
      if (found !== undefined) return;
      if (
        n.type === 'entry' &&
        n.indices.includes(name) &&
        !this.setup.shapes.familyMembers.has(n) &&
        !this.setup.shapes.definedMembers.has(n)
      ) {
        const position = n.indices.indexOf(name);
        const base = this.withoutIndices(() => this.evaluate(n.base));
        if (n.indices.length === 1)
          found = base.value.cols === 1 ? base.value.rows : base.value.cols;
        else found = position === 0 ? base.value.rows : base.value.cols;
        return;
      }
      for (const c of children(n)) visit(c);
    };
    visit(sum);
    // Σ_i over a family only: the index runs over the range inference gave it.
    const range = this.setup.shapes.sumRanges.get(sum)?.get(name);
    if (found === undefined && range !== undefined) found = this.setup.size(range);
    if (found === undefined)
      throw new EvaluationUnsupported(sum, `cannot tell how far the index ${name} runs`);
    return found;
  }

  private withoutIndices<T>(fn: () => T): T {
    const saved = new Map(this.indices);
    this.indices.clear();
    try {
      return fn();
    } finally {
      for (const [k, v] of saved) this.indices.set(k, v);
    }
  }

  /** The value of an expression whose variables are bound: a nested evaluation, constants only. */
  private constantsOnly(): Map<string, Value> {
    const bound = new Map<string, Value>();
    for (const [k, v] of this.bound) bound.set(k, { value: v.value, id: -1 });
    for (const scope of this.scopes)
      for (const [k, v] of scope) bound.set(k, { value: v.value, id: -1 });
    return bound;
  }

  /** Evaluates with these indices bound (the free indices of a claim, one value each). */
  withIndices<T>(values: ReadonlyMap<string, number>, fn: () => T): T {
    const saved = new Map([...values.keys()].map((k) => [k, this.indices.get(k)]));
    for (const [k, v] of values) this.indices.set(k, v);
    try {
      return fn();
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) this.indices.delete(k);
        else this.indices.set(k, v);
      }
    }
  }

  /** ∂f/∂X_{pq}, ∂a_j/∂z_i: the (p, q) entry of the gradient of the number f at these indices. */
  private entryGradient(
    node: Extract<Expr, { type: 'grad' }>,
    wrt: Extract<Expr, { type: 'entry' }>,
  ): Matrix {
    const base = wrt.base;
    if (base.type !== 'symbol')
      throw new EvaluationUnsupported(node, `a derivative with respect to ${printExpr(wrt)}`);
    const f = node.f;
    if (
      f.type === 'symbol' &&
      !this.bound.has(f.name) &&
      !this.setup.env.definitionAt(f.name, this.setup.at + 1)
    )
      throw new EvaluationUnsupported(node, `${f.display} is not defined in this document`);
    if (!dependsOn(f, base.name, this.setup.env, this.setup.at + 1))
      throw new EvaluationUnsupported(
        node,
        `${printExpr(f)} is not written in terms of ${base.display} (its ${printExpr(wrt)} may be a name of its own)`,
      );
    const at = wrt.indices.map((name) => this.indices.get(name));
    if (at.some((v) => v === undefined))
      throw new EvaluationUnsupported(node, `an index of ${printExpr(wrt)} is not bound`);
    // ∂L/∂a_k after `a_j = …`: a is the vector of those entries, and L is read as a function of it
    const entrywise =
      wrt.indices.length === 1 && !this.setup.env.definitionAt(base.name, this.setup.at + 1)
        ? entrywiseDefinition(this.setup.env, base.name, wrt.indices[0], this.setup.at + 1)
        : undefined;
    const current = entrywise ? this.entrywiseValue(entrywise) : this.lookup(base).value;
    const inner = new Evaluator(this.setup, new Tape(), this.constantsOnly());
    for (const [k, v] of this.indices) inner.indices.set(k, v);
    const x = inner.tape.variable(current);
    inner.bound.set(base.name, x);
    inner.variables.add(base.name);
    const y = inner.evaluate(f);
    if (!y.value.isScalar())
      throw new EvaluationUnsupported(node, `${printExpr(f)} is not a number at each index`);
    const g = inner.tape.backward(y, scalar(1))(x);
    const [i, j] = at.length === 1 ? (g.cols === 1 ? [at[0]!, 0] : [0, at[0]!]) : [at[0]!, at[1]!];
    if (i >= g.rows || j >= g.cols)
      throw new EvaluationUnsupported(node, `the index of ${printExpr(wrt)} runs past its size`);
    return scalar(g.data[i * g.cols + j]);
  }

  /** The vector whose entries a definition `a_j = …` gives. */
  private entrywiseValue(definition: Definition): Matrix {
    const own = definedIndex(definition);
    if (!own) throw new EvaluationUnsupported(definition.expr, 'an entry without its index');
    const n = this.rangeOf(definition.expr, own, undefined);
    const out = zeros(n, 1);
    for (let k = 0; k < n; k++) {
      const v = this.withIndices(new Map([[own, k]]), () => this.evaluate(definition.expr));
      if (!v.value.isScalar())
        throw new EvaluationUnsupported(definition.expr, 'an entry that is not a number');
      out.data[k] = v.value.data[0];
    }
    return out;
  }

  /** ∂f/∂X inside an expression: its numeric value at the current point. */
  gradient(node: Extract<Expr, { type: 'grad' }>): Matrix {
    if (node.wrt?.type === 'entry') return this.entryGradient(node, node.wrt);
    const { f, wrt } = this.setup.shapes.gradParts(node);
    if (!wrt) throw new EvaluationUnsupported(node, 'the variable of this derivative is not known');
    const current = this.lookup(wrt).value;
    const inner = new Evaluator(this.setup, new Tape(), this.constantsOnly());
    const x = inner.tape.variable(current);
    inner.bound.set(wrt.name, x);
    const y = inner.evaluate(f);
    return jacobianOf(inner.tape, y, x);
  }

  /** d(expr): the directional derivative along the directions of the varying symbols. */
  differential(node: Extract<Expr, { type: 'differential' }>): Matrix {
    const arg = node.arg;
    if (arg.type === 'symbol') {
      const direction = this.setup.directions.get(arg.name);
      if (direction) return direction;
    }
    return this.directionalDerivative(arg);
  }

  directionalDerivative(expr: Expr): Matrix {
    const { y, adjoints } = this.linearization(expr);
    const out = zeros(y.rows, y.cols);
    for (let k = 0; k < y.size; k++) {
      let s = 0;
      for (const [name, adjoint] of adjoints[k])
        s += frobenius(adjoint, this.setup.directions.get(name)!);
      out.data[k] = s;
    }
    return out;
  }

  /**
   * The value of expr at the current point and, for each of its entries, the gradient of that
   * entry with respect to each varying variable (the variables that have directions).
   */
  private linearization(expr: Expr): { y: Matrix; adjoints: Map<string, Matrix>[] } {
    const inner = new Evaluator(this.setup, new Tape(), this.constantsOnly());
    const variables: [string, Value][] = [];
    for (const name of this.setup.directions.keys()) {
      const current =
        this.bound.get(name)?.value ??
        this.setup.sample({
          type: 'symbol',
          name,
          display: name,
          bold: false,
          style: 'other',
          span: expr.span,
        });
      const v = inner.tape.variable(current);
      inner.bound.set(name, v);
      variables.push([name, v]);
    }
    const y = inner.evaluate(expr);
    const adjoints: Map<string, Matrix>[] = [];
    for (let k = 0; k < y.value.size; k++) {
      const seed = zeros(y.value.rows, y.value.cols);
      seed.data[k] = 1;
      const adjoint = inner.tape.backward(y, seed);
      adjoints.push(new Map(variables.map(([name, v]) => [name, adjoint(v)])));
    }
    return { y: y.value, adjoints };
  }

  /** d(expr) with the directions tracked: Σ_X ⟨∂(expr)_k/∂X, dX⟩ for each entry k, on the tape. */
  private trackedDifferential(node: Extract<Expr, { type: 'differential' }>): Value {
    const t = this.tape;
    const tracked = this.trackedDirections!;
    const arg = node.arg;
    if (arg.type === 'symbol' && tracked.has(arg.name)) return tracked.get(arg.name)!;
    if (arg.type === 'symbol' && this.setup.directions.has(arg.name))
      return t.constant(this.setup.directions.get(arg.name)!);
    const { y, adjoints } = this.linearization(arg);
    const cells = adjoints.map((byName) => {
      let total: Value | undefined;
      for (const [name, adjoint] of byName) {
        const direction = tracked.get(name) ?? t.constant(this.setup.directions.get(name)!);
        const term = op.frob(t, t.constant(adjoint), direction);
        total = total ? op.add(t, total, term) : term;
      }
      return total ?? t.constant(scalar(0));
    });
    if (y.isScalar()) return cells[0];
    const rows: Value[][] = [];
    for (let i = 0; i < y.rows; i++) rows.push(cells.slice(i * y.cols, (i + 1) * y.cols));
    return op.assemble(t, rows);
  }
}

/** ∂y/∂x: x's shape for a scalar y; the numerator-layout Jacobian for vectors. */
export function jacobianOf(tape: Tape, y: Value, x: Value): Matrix {
  if (y.value.isScalar()) return tape.backward(y, scalar(1))(x);
  const rows = y.value.size;
  const cols = x.value.size;
  const out = matrix(rows, cols);
  for (let k = 0; k < rows; k++) {
    const seed = zeros(y.value.rows, y.value.cols);
    seed.data[k] = 1;
    const g = tape.backward(y, seed)(x);
    for (let j = 0; j < cols; j++) out.data[k * cols + j] = g.data[j];
  }
  return out;
}

function usesIndex(node: Expr, name: string, members: Map<Expr, { index: string }>): boolean {
  if (node.type === 'entry' && node.indices.includes(name)) return true;
  if (members.get(node)?.index === name) return true;
  return children(node).some((c) => usesIndex(c, name, members));
}

export { Matrix };

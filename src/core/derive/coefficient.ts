// The matrix of a linear map: given an expression E(v) linear in a vector v (the direction of
// a Hessian-vector product), the expression M with E(v) = M v. Textbook rules only:
// a ⊙ (Bv) = diag(a) Bv, (uᵀv) c = c uᵀ v, diag(u(v)) b = diag(b) u(v), sums term by term.
// Anything else (v inside a matrix factor that no rule frees) is not a matrix expression we
// can write, and says so: never a guess.
import { visit, type Expr, type SymbolNode } from '../latex/ast';
import { DeriveUnsupported } from './expand';
import { add, call, div, identity, mul, neg, num, ones, product, sub, transpose } from './nodes';
import { flattenProduct } from './reverse';
import type { DerivationShapes } from './shapes';

export class LinearCoefficient {
  constructor(
    private readonly shapes: DerivationShapes,
    /** The vector the expression is linear in. */
    private readonly v: SymbolNode,
  ) {}

  /** M with `expr` = M v (`expr` a column vector or a scalar, linear in v). */
  of(expr: Expr): Expr {
    return this.times(expr, undefined);
  }

  private dependsOnV(expr: Expr): boolean {
    let found = false;
    visit(expr, (n) => {
      if (n === this.v || (n.type === 'symbol' && n.name === this.v.name)) found = true;
    });
    return found;
  }

  private scalar(e: Expr): boolean {
    return this.shapes.isScalar(e);
  }

  private isColumn(e: Expr): boolean {
    return this.shapes.isVector(e);
  }

  /**
   * M with `expr` · `right` = M v: `right` (a column, or nothing) multiplies a matrix `expr`
   * that is linear in v, so that the product is a column or a scalar.
   */
  private times(expr: Expr, right: Expr | undefined): Expr {
    if (!this.dependsOnV(expr))
      throw new DeriveUnsupported('a term of the Hessian-vector product does not involve v');
    switch (expr.type) {
      case 'symbol':
        if (right) throw unsupported();
        return this.shapes.give(identity(), {
          rows: this.shapes.of(this.v).rows,
          cols: this.shapes.of(this.v).rows,
        });
      case 'neg':
        return neg(this.times(expr.arg, right));
      case 'transpose':
        return this.transposed(expr.arg, right);
      case 'binary':
        return this.binary(expr, right);
      case 'call':
        return this.call(expr, right);
      default:
        throw unsupported();
    }
  }

  private binary(expr: Extract<Expr, { type: 'binary' }>, right: Expr | undefined): Expr {
    const { left: a, right: b } = expr;
    switch (expr.op) {
      case 'add':
      case 'sub': {
        const terms = [a, b].filter((t) => this.dependsOnV(t));
        if (terms.length < 2) throw unsupported('a term does not involve v');
        const combine = expr.op === 'add' ? add : sub;
        return combine(this.times(a, right), this.times(b, right));
      }
      case 'mul':
        return this.product(expr, right);
      case 'hadamard':
        return this.hadamard(a, b, right);
      case 'div': {
        if (this.dependsOnV(b)) throw unsupported('v in a denominator');
        // u(v) ⊘ d: a scalar divisor divides, a vector one is diag(𝟏 ⊘ d)
        if (this.scalar(b)) return mul(div(num(1), b), this.times(a, right));
        if (right || !this.isColumn(expr)) throw unsupported();
        const reciprocal = this.shapes.give(div(num(1), b), this.shapes.of(b));
        return mul(this.diag(reciprocal), this.times(a, undefined));
      }
      case 'frob': {
        // ⟨c, u(v)⟩ = cᵀ u(v), for columns
        const [c, u] = this.dependsOnV(a) ? [b, a] : [a, b];
        if (this.dependsOnV(c) || right || !this.isColumn(c) || !this.isColumn(u))
          throw unsupported();
        return mul(transpose(c), this.times(u, undefined));
      }
      default:
        throw unsupported();
    }
  }

  /** Scalars times a chain of matrices, exactly one factor linear in v. */
  private product(expr: Expr, right: Expr | undefined): Expr {
    const factors = flattenProduct(expr, (e) => this.scalar(e));
    const at = factors.findIndex((f) => this.dependsOnV(f));
    if (factors.some((f, i) => i !== at && this.dependsOnV(f)))
      throw unsupported('v in two factors of a product');
    const linear = factors[at];
    const others = factors.filter((_, i) => i !== at);
    if (this.scalar(linear)) {
      // s(v) times a column c: c s(v) = c (row) v, the row being s's coefficient
      const rest = right ? [...others, right] : others;
      return product([...rest, this.times(linear, undefined)]);
    }
    const chainBefore = others.filter((f, i) => i < at || this.scalar(f));
    const chainAfter = others.filter((f, i) => i >= at && !this.scalar(f));
    const after = [...chainAfter, ...(right ? [right] : [])];
    return product([...chainBefore, this.times(linear, after.length ? product(after) : undefined)]);
  }

  /** a ⊙ u(v) for columns: diag(a) u(v); a scalar a scales. */
  private hadamard(a: Expr, b: Expr, right: Expr | undefined): Expr {
    if (this.dependsOnV(a) && this.dependsOnV(b)) throw unsupported('v on both sides of ⊙');
    const [c, u] = this.dependsOnV(a) ? [b, a] : [a, b];
    if (this.scalar(c)) return mul(c, this.times(u, right));
    if (right || !this.isColumn(c)) throw unsupported();
    if (this.scalar(u)) return mul(c, this.times(u, undefined));
    return mul(this.diag(c), this.times(u, undefined));
  }

  /** uᵀ b = bᵀ u for a column u(v): a row of v times a column. */
  private transposed(arg: Expr, right: Expr | undefined): Expr {
    if (!this.isColumn(arg)) throw unsupported('v inside a transposed matrix');
    if (!right) throw unsupported('a row vector is not a Hessian-vector product');
    return mul(transpose(right), this.times(arg, undefined));
  }

  private call(expr: Extract<Expr, { type: 'call' }>, right: Expr | undefined): Expr {
    const [arg] = expr.args;
    switch (expr.fn) {
      case 'diag':
        // diag(u(v)) b = b ⊙ u(v) = diag(b) u(v)
        if (!right || !this.isColumn(arg)) throw unsupported();
        return mul(this.diag(right), this.times(arg, undefined));
      case 'sum':
        // 𝟏ᵀ u(v)
        if (right || !this.isColumn(arg)) throw unsupported();
        return mul(
          transpose(this.shapes.give(ones(), this.shapes.of(arg))),
          this.times(arg, undefined),
        );
      default:
        throw unsupported(`v inside ${expr.fn}`);
    }
  }

  private diag(column: Expr): Expr {
    const { rows } = this.shapes.of(column);
    return this.shapes.give(call('diag', column), { rows, cols: rows });
  }
}

function unsupported(what = 'v inside a matrix factor'): DeriveUnsupported {
  return new DeriveUnsupported(`the Hessian is not a matrix expression here (${what})`);
}

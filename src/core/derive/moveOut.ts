// Moving dX out of a differential, one identity at a time: every term of dφ is read as C : L
// (L holds dX), and each rewrite takes one operation off L and puts it on C:
//   C : (P L Q) = (Pᵀ C Qᵀ) : L       C : Lᵀ = Cᵀ : L        C : (P ⊙ L) = (C ⊙ P) : L
//   C : (L ⊘ P) = (C ⊘ P) : L         c : tr(L) = (c I) : L  C : diag(L) = diag(C) : L
// until L is dX. The steps printed in between are these forms (differentialSteps.ts).
import { visit, type Expr } from '../latex/ast';
import { DeriveUnsupported } from './expand';
import { functionNamed } from '../functions/registry';
import { div, frob, hadamard, identity, mul, neg, num, ones, product, transpose } from './nodes';
import { determinantArg, flattenProduct } from './reverse';
import type { DerivationShapes } from './shapes';

/** One term of a differential, C : L; `coef` is free of dX, `inner` holds it. */
export interface FrobTerm {
  coef: Expr;
  inner: Expr;
}

export function hasDifferential(e: Expr): boolean {
  let found = false;
  visit(e, (n) => {
    if (n.type === 'differential') found = true;
  });
  return found;
}

export function isDone(term: FrobTerm): boolean {
  return term.inner.type === 'differential';
}

export class DifferentialRewriter {
  constructor(private readonly shapes: DerivationShapes) {}

  private scalar(e: Expr): boolean {
    return this.shapes.isScalar(e);
  }

  /** c · C, without writing a 1. */
  private scaled(by: Expr, coef: Expr): Expr {
    if (isOne(coef)) return by;
    if (isOne(by)) return coef;
    return mul(by, coef);
  }

  /** The terms of a differential (a scalar linear in dX), each as C : L. */
  termsOf(differential: Expr): FrobTerm[] {
    const out: FrobTerm[] = [];
    const split = (e: Expr, coef: Expr) => {
      if (e.type === 'binary' && (e.op === 'add' || e.op === 'sub')) {
        split(e.left, coef);
        split(e.right, e.op === 'sub' ? neg(coef) : coef);
      } else if (e.type === 'neg') split(e.arg, neg(coef));
      else out.push(this.asFrob(e, coef));
    };
    split(differential, num(1));
    return out;
  }

  /** One term as C : L, constants in front of it folded into C. */
  private asFrob(e: Expr, coef: Expr): FrobTerm {
    if (e.type === 'neg') return this.asFrob(e.arg, neg(coef));
    if (e.type === 'binary') {
      const [l, r] = [hasDifferential(e.left), hasDifferential(e.right)];
      if (e.op === 'frob' && l !== r) {
        const [c, inner] = r ? [e.left, e.right] : [e.right, e.left];
        // C : (−L) is read as (−C) : L at once, as a writer would
        return inner.type === 'neg'
          ? { coef: neg(this.scaled(coef, c)), inner: inner.arg }
          : { coef: this.scaled(coef, c), inner };
      }
      if (e.op === 'mul' && l !== r) {
        const constant = r ? e.left : e.right;
        if (this.scalar(constant))
          return this.asFrob(r ? e.right : e.left, this.scaled(coef, constant));
      }
      if (e.op === 'div' && l && !r && this.scalar(e.right))
        return this.asFrob(e.left, div(coef, e.right));
    }
    return { coef, inner: e };
  }

  /** One identity applied to C : L; the term itself when L is dX. */
  moveOut(term: FrobTerm): FrobTerm[] {
    const { coef: c, inner } = term;
    switch (inner.type) {
      case 'differential':
        return [term];
      case 'neg':
        return [{ coef: neg(c), inner: inner.arg }];
      case 'transpose':
        return [{ coef: transpose(c), inner: inner.arg }];
      case 'binary':
        return this.binary(c, inner);
      case 'call':
        return [this.call(c, inner)];
      default:
        throw new DeriveUnsupported(`dX cannot be moved out of a ${inner.type} yet`);
    }
  }

  private binary(c: Expr, inner: Extract<Expr, { type: 'binary' }>): FrobTerm[] {
    const { left, right } = inner;
    const inLeft = hasDifferential(left);
    const inRight = hasDifferential(right);
    if (inner.op === 'add' || inner.op === 'sub') {
      const terms: FrobTerm[] = [];
      if (inLeft) terms.push({ coef: c, inner: left });
      if (inRight) terms.push({ coef: inner.op === 'sub' ? neg(c) : c, inner: right });
      return terms;
    }
    if (inLeft && inRight) throw new DeriveUnsupported('dX twice in one product');
    const [holder, other] = inRight ? [right, left] : [left, right];
    switch (inner.op) {
      case 'mul':
        return [this.product(c, inner)];
      case 'frob':
        // c : (P : L) = (c P) : L, c a scalar
        return [{ coef: this.scaled(c, other), inner: holder }];
      case 'hadamard':
        if (this.scalar(other)) return [{ coef: this.scaled(other, c), inner: holder }];
        // C : (P ⊙ s) = (C : P) s, s a scalar
        if (this.scalar(holder)) return [{ coef: frob(c, other), inner: holder }];
        return [{ coef: hadamard(c, other), inner: holder }];
      case 'div':
        if (inRight) throw new DeriveUnsupported('dX in a denominator');
        if (this.scalar(holder) && !this.scalar(other))
          throw new DeriveUnsupported('a scalar over a matrix');
        return [{ coef: div(c, other), inner: holder }];
      default:
        throw new DeriveUnsupported(`dX cannot be moved out of ${inner.op} yet`);
    }
  }

  /** C : (F₁ ⋯ L ⋯ Fₙ) = ((F₁ ⋯)ᵀ C (⋯ Fₙ)ᵀ) : L; scalar factors go to C as they are. */
  private product(c: Expr, inner: Expr): FrobTerm {
    const factors = flattenProduct(inner, (x) => this.scalar(x));
    const scalars = factors.filter((f) => this.scalar(f) && !hasDifferential(f));
    const chain = factors.filter((f) => !this.scalar(f) || hasDifferential(f));
    const at = chain.findIndex(hasDifferential);
    const holder = chain[at];
    const coef = scalars.reduce((acc, s) => this.scaled(s, acc), c);
    if (this.scalar(holder) && chain.length > 1) {
      // C : (s M) = (C : M) s, s a scalar holding dX
      const rest = chain.filter((_, i) => i !== at);
      return { coef: frob(coef, product(rest)), inner: holder };
    }
    const before = chain.slice(0, at);
    const after = chain.slice(at + 1);
    const parts: Expr[] = [];
    if (before.length) parts.push(transpose(product(before)));
    parts.push(coef);
    if (after.length) parts.push(transpose(product(after)));
    const kept = parts.filter((p) => !isOne(p));
    return { coef: kept.length ? product(kept) : num(1), inner: holder };
  }

  /**
   * C : f(L) = f*(C) : L for a linear f (c : tr(L) = (c I) : L, C : diag(L) = diag(C) : L),
   * f* being f's adjoint rule: for a linear map, the adjoint is exactly what C is sent back as.
   */
  private call(c: Expr, inner: Extract<Expr, { type: 'call' }>): FrobTerm {
    const { linear, adjoint } = functionNamed(inner.fn);
    if (!linear || !adjoint)
      throw new DeriveUnsupported(`dX cannot be moved out of ${inner.fn} yet`);
    const [arg] = inner.args;
    const sent: [Expr, Expr][] = [];
    adjoint(inner, c, {
      back: (node, g) => sent.push([node, g]),
      isScalar: (e) => this.scalar(e),
      onesLike: (e) => this.shapes.give(ones(), this.shapes.of(e)),
      identityLike: (e) => this.shapes.give(identity(), this.shapes.of(e)),
      determinantOf: (e) => determinantArg(e, this.shapes),
      unsupported: (message) => {
        throw new DeriveUnsupported(message);
      },
    });
    if (sent.length !== 1 || sent[0][0] !== arg)
      throw new DeriveUnsupported(`dX cannot be moved out of ${inner.fn} yet`);
    // the rule writes c·I; 1·I is written I
    return { coef: withoutUnitFactor(sent[0][1]), inner: arg };
  }
}

/** b for 1·b, else e. */
function withoutUnitFactor(e: Expr): Expr {
  return e.type === 'binary' && e.op === 'mul' && isOne(e.left) ? e.right : e;
}

function isOne(e: Expr): boolean {
  return e.type === 'number' && e.value === 1;
}

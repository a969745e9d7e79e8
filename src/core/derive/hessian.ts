// Second order, for vectors: the Hessian ∇²_w f of a scalar objective of a vector w, derived
// by differentiating the derived gradient g(w) once more. Reverse mode over ⟨v, g(w)⟩ gives
// the Hessian-vector product H v as an expression linear in a direction v; the matrix of that
// linear map (coefficient.ts) is H, simplified to the textbook form (XᵀX + λI,
// Xᵀ diag(σ(Xw) ⊙ (1 − σ(Xw)))X, A + Aᵀ). Printed in the note's notation and verified as the
// claim ∇²_w f = H (central differences of the autodiff gradient) before it is returned.
import type { Expr, SymbolNode } from '../latex/ast';
import type { ReadDocument } from '../read';
import { LinearCoefficient } from './coefficient';
import {
  couldNotDerive,
  noteStyle,
  objectiveLatex,
  printedAndVerified,
  spell,
  symbolicGradient,
  type CouldNotDeriveKind,
  type Derivation,
} from './derive';
import { DeriveUnsupported } from './expand';
import { add, mul, num, product, transpose } from './nodes';
import { adjointsOf, flattenProduct } from './reverse';
import type { DerivationShapes } from './shapes';
import { Simplifier } from './simplify';
import { withSoftmax } from './softmaxForm';

export type HessianCouldNotDeriveKind = CouldNotDeriveKind | 'tensor'; // a tensor, not a matrix

export interface CouldNotDeriveHessian {
  unsupported: { kind: HessianCouldNotDeriveKind; reason: string };
}

export type HessianResult = Derivation | CouldNotDeriveHessian;

/** The direction of the Hessian-vector product: a name no note can write. */
const DIRECTION = '\u27e8direction\u27e9';

/**
 * ∇²_w f where f stands at offset `at` of the note. `wrt` names a column vector; the Hessian
 * of anything else is a tensor (order 4 for a matrix variable, 3 for a vector objective) and
 * is reported as such, never approximated.
 */
export function deriveHessian(
  read: ReadDocument,
  objective: Expr,
  wrt: string,
  at: number,
): HessianResult {
  const first = symbolicGradient(read, objective, wrt, at);
  if ('unsupported' in first) {
    if (first.unsupported.kind !== 'not-scalar') return first;
    return tensor(`${first.unsupported.reason}: its Hessian is a tensor of order 3 or more`);
  }
  const { gradient, expanded, variable, shapes, symmetric, budget } = first;
  const { rows, cols } = shapes.of(variable);
  const store = shapes.context.store;
  if (!store.isOne(cols) && !store.isOne(rows))
    return tensor(
      `${variable.display} is a matrix: the Hessian with respect to a matrix is a tensor of order 4`,
    );
  if (!shapes.isVector(variable))
    return couldNotDerive(
      'unsupported',
      `${variable.display} is not a column vector: derive its second derivative as a gradient`,
    );
  let hessian: Expr;
  try {
    const direction: SymbolNode = {
      type: 'symbol',
      name: DIRECTION,
      display: 'v',
      bold: false,
      style: 'other',
      span: { start: 0, end: 0 },
    };
    shapes.give(direction, shapes.of(variable));
    const simplifier = new Simplifier(shapes, symmetric);
    // H v = ∇_w ⟨v, g(w)⟩: reverse mode once more, over the gradient's own expression
    const adjoints = adjointsOf(mul(transpose(direction), gradient), wrt, shapes, budget);
    if (adjoints.length === 0)
      throw new DeriveUnsupported('the gradient does not depend on the variable: the Hessian is 0');
    const product = simplifier.simplify(adjoints.reduce((a, b) => add(a, b), num(0)));
    const matrix = new LinearCoefficient(shapes, direction).of(product);
    // exp(u) ⊘ 𝟏ᵀexp(u) = softmax(u): log-sum-exp's Hessian as diag(p) − p pᵀ
    hessian = leftAssociated(withSoftmax(simplifier.simplify(matrix), shapes), shapes);
  } catch (error) {
    if (error instanceof DeriveUnsupported) return couldNotDerive('unsupported', error.message);
    throw error;
  }
  const style = noteStyle(read, expanded);
  const lhs = hessianLhs(read, objective, variable);
  return printedAndVerified(read, at, hessian, style, lhs, budget);
}

/** ∇²_w (f), the claim's left side, with f as the note wrote it. */
function hessianLhs(read: ReadDocument, objective: Expr, variable: SymbolNode): string {
  const style = noteStyle(read);
  return `\\nabla^2_{${spell(variable, style)}} \\left(${objectiveLatex(read, objective, style)}\\right)`;
}

/** Xᵀ(M X) as Xᵀ M X: products regrouped from the left, as they print without parentheses. */
function leftAssociated(expr: Expr, shapes: DerivationShapes): Expr {
  const go = (e: Expr): Expr => {
    switch (e.type) {
      case 'binary':
        if (e.op === 'mul') return product(flattenProduct(e, (x) => shapes.isScalar(x)).map(go));
        return { ...e, left: go(e.left), right: go(e.right) };
      case 'neg':
      case 'transpose':
        return { ...e, arg: go(e.arg) };
      case 'call':
        return { ...e, args: e.args.map(go) };
      default:
        return e;
    }
  };
  return go(expr);
}

function tensor(reason: string): CouldNotDeriveHessian {
  return { unsupported: { kind: 'tensor', reason } };
}

/** The objective and the variable of a Hessian claim's left side: ∇²_w f, ∇² f(w). */
export function hessianClaimParts(
  lhs: Extract<Expr, { type: 'grad' }>,
): { objective: Expr; wrt: string } | undefined {
  if (!lhs.hessian || lhs.f.type !== 'grad') return undefined;
  const inner = lhs.f;
  const wrt = lhs.wrt ?? inner.wrt;
  if (wrt?.type === 'symbol') return { objective: inner.f, wrt: wrt.name };
  const f = inner.f;
  if (!wrt && f.type === 'apply' && f.args.length === 1 && f.args[0].type === 'symbol')
    return { objective: f, wrt: f.args[0].name };
  return undefined;
}

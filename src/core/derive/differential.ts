// The differential of an objective, d pushed to the leaves (Magnus & Neudecker): dX stands where
// X did, every other leaf is a constant. One rule per operation; the result is linear in dX,
// the form the differential steps (differentialSteps.ts) start from. A function's rule is its
// entry's `differential` (src/core/functions), an operator's its entry's (src/core/operators).
import type { DifferentialContext } from '../functions/define';
import { functionNamed } from '../functions/registry';
import type { OperatorDifferentialContext } from '../operators/define';
import { operatorNamed } from '../operators/registry';
import type { Expr } from '../latex/ast';
import { DeriveUnsupported } from './expand';
import {
  add,
  call,
  div,
  frob,
  hadamard,
  mul,
  neg,
  num,
  power,
  product,
  sub,
  transpose,
} from './nodes';
import { determinantArg } from './reverse';
import type { DerivationShapes } from './shapes';

const NOWHERE = { start: 0, end: 0 };

/** The node dX for the variable `x` (a symbol of the objective), shaped as x. */
export function differentialOf(x: Expr, shapes: DerivationShapes): Expr {
  return shapes.give({ type: 'differential', arg: x, notation: 'd', span: NOWHERE }, shapes.of(x));
}

/** d(objective) with respect to the symbol `wrt`, or undefined when it does not depend on it. */
export function differentiate(
  objective: Expr,
  wrt: string,
  shapes: DerivationShapes,
  budget: { steps: number },
): Expr | undefined {
  const scalar = (e: Expr) => shapes.isScalar(e);
  /** a ⊙ b, or the plain product when both are scalars. */
  const times = (a: Expr, b: Expr) => (scalar(a) && scalar(b) ? mul(a, b) : hadamard(a, b));
  const sum = (a: Expr | undefined, b: Expr | undefined, minus = false): Expr | undefined => {
    if (!b) return a;
    if (!a) return minus ? neg(b) : b;
    return minus ? sub(a, b) : add(a, b);
  };
  const keep = <E extends Expr>(built: E, like: Expr): E => shapes.give(built, shapes.of(like));

  const d = (e: Expr): Expr | undefined => {
    if (--budget.steps < 0) throw new DeriveUnsupported('the objective is too large to derive');
    switch (e.type) {
      case 'symbol':
        return e.name === wrt ? differentialOf(e, shapes) : undefined;
      case 'number':
      case 'ones':
      case 'identity':
      case 'zero':
        return undefined;
      case 'neg': {
        const da = d(e.arg);
        return da && keep(neg(da), e);
      }
      case 'transpose': {
        const da = d(e.arg);
        return da && keep(transpose(da), e);
      }
      case 'inverse': {
        // d(M⁻¹) = −M⁻¹ dM M⁻¹
        const da = d(e.arg);
        return da && keep(neg(product([e, da, e])), e);
      }
      case 'binary':
        return binaryRule(e);
      case 'power':
        return powerRule(e);
      case 'norm':
        return normRule(e);
      case 'call':
        return callRule(e);
      case 'sum': {
        if (e.indices.some((i) => i.lower || i.upper))
          throw new DeriveUnsupported(
            'a sum over indices of entries has no differential steps yet',
          );
        const db = d(e.body);
        return db && keep(call('sum', db), e);
      }
      default:
        throw new DeriveUnsupported(`${e.type} has no differential steps yet`);
    }
  };

  /** What an operator's differential rule (src/core/operators) may ask of this builder. */
  const operatorContext: OperatorDifferentialContext = {
    isScalar: scalar,
    times,
    sum,
    unsupported: (message) => {
      throw new DeriveUnsupported(message);
    },
  };

  const binaryRule = (e: Extract<Expr, { type: 'binary' }>): Expr | undefined => {
    const [da, db] = [d(e.left), d(e.right)];
    if (!da && !db) return undefined;
    return operatorNamed(e.op).differential(e, da, db, operatorContext);
  };

  const powerRule = (e: Extract<Expr, { type: 'power' }>): Expr | undefined => {
    if (e.exponent.type !== 'number')
      throw new DeriveUnsupported('a power with a non-constant exponent is not derived yet');
    const p = e.exponent.value;
    const arg = e.arg;
    // ‖M‖² = M : M, so d‖M‖² = 2 M : dM
    if (arg.type === 'norm' && p === 2 && innerNorm(arg, shapes)) {
      const dm = d(arg.arg);
      return dm && mul(num(2), frob(arg.arg, dm));
    }
    const da = d(arg);
    if (!da) return undefined;
    if (!e.elementwise && !scalar(arg)) {
      if (!Number.isInteger(p) || p < 2 || p > 4)
        throw new DeriveUnsupported('a matrix power is derived for exponents 2 to 4 only');
      return d(product(Array<Expr>(p).fill(arg)));
    }
    const lowered = p === 2 ? arg : power(arg, p - 1, e.elementwise);
    return times(mul(num(p), lowered), da);
  };

  const normRule = (e: Extract<Expr, { type: 'norm' }>): Expr | undefined => {
    const da = d(e.arg);
    if (!da) return undefined;
    if (!innerNorm(e, shapes))
      throw new DeriveUnsupported('only the Euclidean and Frobenius norms are derived');
    // d‖M‖ = (M : dM) / ‖M‖
    return div(frob(e.arg, da), e);
  };

  /** What a function's differential rule (src/core/functions) may ask of this builder. */
  const differentialContext: DifferentialContext = {
    d,
    isScalar: scalar,
    times,
    keep,
    determinantOf: (e) => determinantArg(e, shapes),
    unsupported: (message) => {
      throw new DeriveUnsupported(message);
    },
  };

  const callRule = (e: Extract<Expr, { type: 'call' }>): Expr | undefined => {
    const rule = functionNamed(e.fn).differential;
    if (rule) return rule(e, differentialContext);
    // constant when no argument varies; else it cannot be written yet
    if (!e.args.some((a) => d(a) !== undefined)) return undefined;
    throw new DeriveUnsupported(`${e.fn} has no differential steps yet`);
  };

  return d(objective);
}

/** ‖x‖₂, ‖X‖_F, ‖x‖ of a vector: the square root of an inner product. */
function innerNorm(node: Extract<Expr, { type: 'norm' }>, shapes: DerivationShapes): boolean {
  if (node.kind === 'F') return true;
  if (node.kind !== '2' && node.kind !== 'default') return false;
  const { rows, cols } = shapes.of(node.arg);
  const store = shapes.context.store;
  return store.isOne(cols) || store.isOne(rows);
}

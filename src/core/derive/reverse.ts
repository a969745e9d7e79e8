// Symbolic reverse mode: the adjoint of every node, as an expression, from the objective's
// root (adjoint 1) down to the variable; the gradient is the sum of the adjoints that reach
// it. One rule per operation, the same rules the numeric tape applies (autodiff/ops.ts),
// written as matrix expressions so that the result can be simplified and printed. A function's
// rule is its entry's `adjoint` (src/core/functions), an operator's its entry's (src/core/operators).
import type { AdjointContext } from '../functions/define';
import { functionNamed } from '../functions/registry';
import type { OperatorAdjointContext } from '../operators/define';
import { operatorNamed } from '../operators/registry';
import type { Expr } from '../latex/ast';
import { DeriveUnsupported } from './expand';
import { div, hadamard, identity, mul, neg, num, ones, power, product, transpose } from './nodes';
import type { DerivationShapes } from './shapes';

/** Adjoint contributions that reach `wrt`, one per path; their sum is the gradient. */
export function adjointsOf(
  objective: Expr,
  wrt: string,
  shapes: DerivationShapes,
  budget: { steps: number },
): Expr[] {
  const found: Expr[] = [];
  const depends = new Map<Expr, boolean>();
  const dependsOnWrt = (node: Expr): boolean => {
    const hit = depends.get(node);
    if (hit !== undefined) return hit;
    let result: boolean;
    if (node.type === 'symbol') result = node.name === wrt;
    else if (node.type === 'sum') result = dependsOnWrt(node.body);
    else result = childrenOf(node).some(dependsOnWrt);
    depends.set(node, result);
    return result;
  };
  const scalar = (e: Expr) => shapes.isScalar(e);
  const onesLike = (e: Expr) => shapes.give(ones(), shapes.of(e));

  /** A scalar operand of an elementwise operation with a matrix: its adjoint is a full sum. */
  const reduceTo = (child: Expr, parent: Expr, adjoint: Expr): Expr => {
    if (!scalar(child) || scalar(parent)) return adjoint;
    const { rows, cols } = shapes.of(parent);
    const left = shapes.give(ones(), { rows, cols: shapes.context.store.one() });
    const right = shapes.give(ones(), { rows: cols, cols: shapes.context.store.one() });
    return product([transpose(left), adjoint, right]);
  };

  const back = (node: Expr, adjoint: Expr): void => {
    if (!dependsOnWrt(node)) return;
    if (--budget.steps < 0) throw new DeriveUnsupported('the objective is too large to derive');
    switch (node.type) {
      case 'symbol':
        found.push(adjoint);
        return;
      case 'neg':
        return back(node.arg, neg(adjoint));
      case 'transpose':
        return back(node.arg, transpose(adjoint));
      case 'inverse':
        // d(M⁻¹) = −M⁻¹ dM M⁻¹
        return back(node.arg, neg(product([transpose(node), adjoint, transpose(node)])));
      case 'sum':
        if (usesIndices(node))
          throw new DeriveUnsupported('a sum over indices of entries is not derived yet');
        return back(node.body, mul(adjoint, onesLike(node.body)));
      case 'binary':
        return binaryRule(node, adjoint);
      case 'power':
        return powerRule(node, adjoint);
      case 'norm':
        return normRule(node, adjoint);
      case 'call':
        return callRule(node, adjoint);
      default:
        throw new DeriveUnsupported(`${node.type} cannot be derived`);
    }
  };

  const powerRule = (node: Extract<Expr, { type: 'power' }>, g: Expr): void => {
    if (node.exponent.type !== 'number')
      throw new DeriveUnsupported('a power with a non-constant exponent is not derived yet');
    const p = node.exponent.value;
    const arg = node.arg;
    if (arg.type === 'norm' && p === 2 && squaredNormIsInner(arg, shapes)) {
      // ‖M‖² = ⟨M, M⟩: adjoint 2 g M
      return back(arg.arg, product([num(2), g, arg.arg]));
    }
    if (!node.elementwise && !scalar(arg)) {
      if (Number.isInteger(p) && p >= 2 && p <= 4) return back(product(Array(p).fill(arg)), g);
      throw new DeriveUnsupported('a matrix power is derived for exponents 2 to 4 only');
    }
    const lowered = p - 1 === 1 ? arg : power(arg, p - 1, node.elementwise);
    const local = mul(num(p), lowered);
    back(arg, scalar(arg) ? mul(g, local) : hadamard(g, local));
  };

  const normRule = (node: Extract<Expr, { type: 'norm' }>, g: Expr): void => {
    if (!squaredNormIsInner(node, shapes))
      throw new DeriveUnsupported('only the Euclidean and Frobenius norms are derived');
    // ∂‖x‖/∂x = x / ‖x‖
    back(node.arg, div(mul(g, node.arg), node));
  };

  /** What a function's adjoint rule (src/core/functions) may ask of reverse mode. */
  const adjointContext: AdjointContext = {
    back,
    isScalar: scalar,
    onesLike,
    identityLike: (e) => shapes.give(identity(), shapes.of(e)),
    determinantOf: (e) => determinantArg(e, shapes),
    unsupported: (message) => {
      throw new DeriveUnsupported(message);
    },
  };

  /** What an operator's adjoint rule (src/core/operators) may ask of reverse mode. */
  const operatorContext: OperatorAdjointContext = {
    ...adjointContext,
    reduceTo,
    dependsOn: dependsOnWrt,
  };

  const binaryRule = (node: Extract<Expr, { type: 'binary' }>, g: Expr): void =>
    operatorNamed(node.op).adjoint(node, g, operatorContext);

  const callRule = (node: Extract<Expr, { type: 'call' }>, g: Expr): void => {
    const rule = functionNamed(node.fn).adjoint;
    if (!rule) throw new DeriveUnsupported(`${node.fn} is not derived yet`);
    rule(node, g, adjointContext);
  };

  back(objective, num(1));
  return found;
}

/** ‖x‖₂, ‖X‖_F, ‖x‖ of a vector: the square root of an inner product. */
function squaredNormIsInner(node: Extract<Expr, { type: 'norm' }>, shapes: DerivationShapes) {
  if (node.kind === 'F') return true;
  if (node.kind === '2' || node.kind === 'default')
    return shapes.isVector(node.arg) || shapes.isScalar(node.arg) || isRow(node.arg, shapes);
  return false;
}

function isRow(node: Expr, shapes: DerivationShapes): boolean {
  return shapes.context.store.isOne(shapes.of(node).rows);
}

/** M in log det M and log |M| (M a matrix). */
export function determinantArg(arg: Expr, shapes: DerivationShapes): Expr | undefined {
  if (arg.type !== 'call' || !functionNamed(arg.fn).domain?.determinant) return undefined;
  return shapes.isScalar(arg.args[0]) ? undefined : arg.args[0];
}

// The factors of a product: the product's own rule, read by the rewrites here too.
export { flattenProduct } from '../operators/mul';

function usesIndices(node: Extract<Expr, { type: 'sum' }>): boolean {
  const names = new Set(node.indices.map((i) => i.name));
  let uses = false;
  const look = (e: Expr) => {
    if (e.type === 'entry' && e.indices.some((i) => names.has(i))) uses = true;
    if (e.type === 'symbol' && names.has(e.name)) uses = true;
    for (const c of childrenOf(e)) look(c);
  };
  look(node.body);
  return uses;
}

function childrenOf(node: Expr): Expr[] {
  switch (node.type) {
    case 'binary':
      return [node.left, node.right];
    case 'neg':
    case 'transpose':
    case 'inverse':
    case 'norm':
    case 'power':
      return [node.arg];
    case 'call':
    case 'apply':
      return node.args;
    case 'sum':
      return [node.body];
    case 'entry':
      return [node.base];
    default:
      return [];
  }
}

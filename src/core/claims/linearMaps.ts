// Derivatives written as linear maps: DQ(x)(h), Df(X)[H], "the derivative of Q at x applied to
// h". That is the directional derivative of Q at x along h, which GradLens checks as the
// differential dQ(x) with dx = h: the statement is read with d(Q(x)) for DQ(x)(h) and dx for
// every h in it, so each step is compared along a random direction like any differential.
import { visit, type Chain, type Expr, type SymbolNode } from '../latex/ast';
import { mapExpr as mapTree } from '../latex/mapExpr';
import type { Token } from '../latex/token';

type Apply = Extract<Expr, { type: 'apply' }>;

/** `node` with each node `replace` gives a value for replaced. */
function mapExpr(node: Expr, replace: (node: Expr) => Expr | undefined): Expr {
  return mapTree(node, (n) => replace(n) ?? n);
}

/**
 * f(X + H) = f(X) + T + o(‖H‖): a first-order expansion says T is the derivative of f at X along
 * H, so it is read as the differential d f(X) = T with dX for every H in T.
 */
function readExpansion(chain: Chain): Chain | undefined {
  if (chain.operands.length !== 2 || chain.relations[0].op !== '=') return undefined;
  const [lhs, rhs] = chain.operands;
  if (lhs.type !== 'apply' || lhs.args.length !== 1) return undefined;
  const arg = lhs.args[0];
  if (arg.type !== 'binary' || arg.op !== 'add') return undefined;
  const [variable, direction] = [arg.left, arg.right];
  if (variable.type !== 'symbol' || direction.type !== 'symbol') return undefined;
  const terms = addends(rhs);
  const at = terms.findIndex(
    (t) =>
      t.type === 'apply' &&
      t.name === lhs.name &&
      t.args.length === 1 &&
      t.args[0].type === 'symbol' &&
      t.args[0].name === variable.name,
  );
  const remainder = terms.findIndex(isLittleO);
  if (at < 0 || remainder < 0) return undefined;
  const linear = terms.filter((_, i) => i !== at && i !== remainder);
  if (linear.length === 0) return undefined;
  const sum = linear.reduce((left, right): Expr => ({
    type: 'binary',
    op: 'add',
    left,
    right,
    opSpan: { start: right.span.start, end: right.span.start },
    span: { start: left.span.start, end: right.span.end },
  }));
  const dX = (span: Expr['span']): Expr => ({
    type: 'differential',
    arg: { ...variable, span },
    notation: 'd',
    span,
  });
  const claimed = mapExpr(sum, (node) =>
    node.type === 'symbol' && node.name === direction.name ? dX(node.span) : undefined,
  );
  const at0 = terms[at];
  return {
    ...chain,
    operands: [{ type: 'differential', arg: at0, notation: 'd', span: lhs.span }, claimed],
  };
}

/** The terms of a sum, in order (a − b gives a and −b). */
function addends(expr: Expr): Expr[] {
  if (expr.type === 'binary' && expr.op === 'add')
    return [...addends(expr.left), ...addends(expr.right)];
  if (expr.type === 'binary' && expr.op === 'sub')
    return [...addends(expr.left), { type: 'neg', arg: expr.right, span: expr.right.span }];
  return [expr];
}

/** o(‖H‖), O(‖H‖²): the remainder of an expansion, as written or as the parser reads it (o·‖H‖). */
function isLittleO(expr: Expr): boolean {
  const head = expr.type === 'binary' && expr.op === 'mul' ? expr.left : expr;
  return (
    (head.type === 'symbol' || head.type === 'apply') &&
    (head.name === 'o' || head.name === 'O' || head.name === '\\mathcal{O}')
  );
}

/**
 * `Df(x) = 2xᵀ`: the derivative of f at x with nothing applied to it, a whole first operand,
 * is its matrix, the Jacobian (numerator layout: a row for a scalar f of a column x).
 */
function readDerivativeMatrix(chain: Chain, opening: Map<number, string>): Chain | undefined {
  const first = chain.operands[0];
  if (chain.operands.length < 2 || first.type !== 'binary' || first.op !== 'mul' || first.dot)
    return undefined;
  const [d, at] = [first.left, first.right];
  if (d.type !== 'symbol' || d.name !== 'D' || d.bold || at.type !== 'apply') return undefined;
  if (d.span.end !== at.span.start || at.args.length !== 1 || at.args[0].type !== 'symbol')
    return undefined;
  if (opening.has(at.span.end)) return undefined; // DQ(x)(h), Df(X)[H]: a map applied
  const grad: Expr = { type: 'grad', f: at, wrt: at.args[0], notation: 'D', span: first.span };
  return { ...chain, operands: [grad, ...chain.operands.slice(1)] };
}

/** The chain with DQ(x)(h) read as dQ(x) and h as dx, or the chain itself when it has none. */
export function readLinearMaps(chain: Chain, tokens: readonly Token[]): Chain {
  try {
    const expansion = readExpansion(chain);
    if (expansion) return expansion;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  const opening = new Map<number, string>();
  for (const t of tokens) opening.set(t.start, t.text);
  const matrix = readDerivativeMatrix(chain, opening);
  if (matrix) return matrix;
  // most formulas have none: look first (iteratively), rebuild only when there is one
  let found = false;
  for (const operand of chain.operands)
    visit(operand, (node) => {
      found ||= linearMapAt(node, opening) !== undefined;
    });
  if (!found) return chain;
  try {
    return rewritten(chain, opening);
  } catch (error) {
    // a formula nested past the stack is read as written
    if (error instanceof RangeError) return chain;
    throw error;
  }
}

function rewritten(chain: Chain, opening: Map<number, string>): Chain {
  const directions = new Map<string, SymbolNode>();
  const operands = chain.operands.map((operand) =>
    mapExpr(operand, (node) => {
      const map = linearMapAt(node, opening);
      if (!map || directions.has(map.direction.name)) return undefined;
      directions.set(map.direction.name, map.variable);
      return { type: 'differential', arg: map.at, notation: 'd', span: node.span };
    }),
  );
  if (directions.size === 0) return chain;
  const withDifferentials = operands.map((operand) =>
    mapExpr(operand, (node) => {
      if (node.type !== 'symbol') return undefined;
      const variable = directions.get(node.name);
      if (!variable) return undefined;
      return {
        type: 'differential',
        arg: { ...variable, span: node.span },
        notation: 'd',
        span: node.span,
      };
    }),
  );
  return { ...chain, operands: withDifferentials };
}

/**
 * D Q(x) (h) as the parser reads it, a product of D, Q(x) and h: D written right against a
 * function of one variable, and the direction in brackets right after it.
 */
function linearMapAt(
  node: Expr,
  opening: Map<number, string>,
): { at: Apply; variable: SymbolNode; direction: SymbolNode } | undefined {
  if (node.type !== 'binary' || node.op !== 'mul' || node.dot) return undefined;
  const { left, right: direction } = node;
  if (left.type !== 'binary' || left.op !== 'mul' || left.dot) return undefined;
  const [d, at] = [left.left, left.right];
  if (d.type !== 'symbol' || d.name !== 'D' || d.bold || at.type !== 'apply') return undefined;
  if (d.span.end !== at.span.start || at.args.length !== 1) return undefined;
  const variable = at.args[0];
  if (variable.type !== 'symbol' || direction.type !== 'symbol') return undefined;
  if (direction.name === variable.name) return undefined;
  const bracket = opening.get(at.span.end);
  if (bracket !== '(' && bracket !== '[') return undefined;
  return { at, variable, direction };
}

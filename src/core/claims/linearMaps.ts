// Derivatives written as linear maps: DQ(x)(h), Df(X)[H], "the derivative of Q at x applied to
// h". That is the directional derivative of Q at x along h, which GradLens checks as the
// differential dQ(x) with dx = h: the statement is read with d(Q(x)) for DQ(x)(h) and dx for
// every h in it, so each step is compared along a random direction like any differential.
import { visit, type Chain, type Expr, type SymbolNode } from '../latex/ast';
import type { Token } from '../latex/token';

type Apply = Extract<Expr, { type: 'apply' }>;

/** The chain with DQ(x)(h) read as dQ(x) and h as dx, or the chain itself when it has none. */
export function readLinearMaps(chain: Chain, tokens: readonly Token[]): Chain {
  const opening = new Map<number, string>();
  for (const t of tokens) opening.set(t.start, t.text);
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

/** A copy of `node` with every node `replace` gives a value for replaced (parents first). */
function mapExpr(node: Expr, replace: (node: Expr) => Expr | undefined): Expr {
  const replaced = replace(node);
  if (replaced) return replaced;
  return mapChildren(node, (child) => mapExpr(child, replace)) as Expr;
}

/** Rebuilds the Expr-valued fields of a node (and of its arrays and sum indices) with `fn`. */
function mapChildren(value: unknown, fn: (child: Expr) => Expr): unknown {
  if (Array.isArray(value)) return value.map((item) => mapField(item, fn));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  let changed = false;
  for (const [key, field] of Object.entries(value)) {
    const next = key === 'span' || key === 'opSpan' ? field : mapField(field, fn);
    if (next !== field) changed = true;
    out[key] = next;
  }
  return changed ? out : value;
}

function mapField(field: unknown, fn: (child: Expr) => Expr): unknown {
  if (Array.isArray(field)) {
    const mapped = field.map((item) => mapField(item, fn));
    return mapped.some((m, i) => m !== field[i]) ? mapped : field;
  }
  if (typeof field !== 'object' || field === null) return field;
  if ('type' in field) return fn(field as Expr);
  return mapChildren(field, fn); // a sum's indices: their bounds are expressions
}

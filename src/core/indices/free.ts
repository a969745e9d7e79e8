// Which indices of an expression are free: the i and j of X_{ij}, (BX)_{ij} or ∂f/∂X_{ij} that
// no enclosing Σ binds. A claim with free indices says something for every value of them.
import { children, type Expr } from '../latex/ast';

/** Letters read as indices when they subscript a name (x_i, X_{pq}). */
export const INDEX_LETTERS: ReadonlySet<string> = new Set([
  'i',
  'j',
  'k',
  'l',
  'p',
  'q',
  'r',
  's',
  't',
  'u',
  'v',
  'a',
  'b',
  'c',
]);

/** Free indices in order of first appearance (an entry's own order: X_{pq} gives p, q). */
export function freeIndices(expr: Expr): string[] {
  const found: string[] = [];
  walk(expr, new Set(), (name) => {
    if (!found.includes(name)) found.push(name);
  });
  return found;
}

/** How often each free index is written (A_{ii} counts i twice). */
export function indexCounts(expr: Expr): Map<string, number> {
  const counts = new Map<string, number>();
  walk(expr, new Set(), (name) => counts.set(name, (counts.get(name) ?? 0) + 1), false);
  return counts;
}

export function hasFreeIndices(expr: Expr): boolean {
  return freeIndices(expr).length > 0;
}

/** `exceptions`: whether the i of Σ_{k≠i} counts (it is free, but no factor of a product). */
function walk(
  node: Expr,
  bound: ReadonlySet<string>,
  onFree: (name: string) => void,
  exceptions = true,
): void {
  if (node.type === 'entry') {
    for (const name of node.indices) if (!bound.has(name)) onFree(name);
    walk(node.base, bound, onFree, exceptions);
    return;
  }
  if (node.type === 'sum') {
    // the limits sit outside the sum's own binding
    for (const index of node.indices) {
      if (index.lower) walk(index.lower, bound, onFree, exceptions);
      if (index.upper) walk(index.upper, bound, onFree, exceptions);
      if (exceptions) for (const other of index.except ?? []) if (!bound.has(other)) onFree(other);
    }
    const inner = new Set(bound);
    for (const index of node.indices) inner.add(index.name);
    walk(node.body, inner, onFree, exceptions);
    return;
  }
  if (node.type === 'pattern') {
    // [x_i]_{i=1…n} binds its indices as a sum does
    const inner = new Set(bound);
    for (const axis of [node.down, node.across]) if (axis) inner.add(axis.index);
    walk(node.term, inner, onFree, exceptions);
    return;
  }
  for (const child of children(node)) walk(child, bound, onFree, exceptions);
}

/**
 * A step between an expression in free indices and one without: `(BA)_{pq} = BA` reads as
 * "the matrix whose (p, q) entry is …", so its sides are compared as arrays, never by shape.
 */
export function readsAsEntries(step: { lhs: Expr; rhs: Expr }): boolean {
  return hasFreeIndices(step.lhs) !== hasFreeIndices(step.rhs);
}

/** What a finding says of a claim checked over its free indices: "; for every p, q (i ≠ j)". */
export function indexPhrase(
  chain: { operands: Expr[]; where?: { left: string; right: string; equal: boolean }[] },
  step: { lhs: Expr; rhs: Expr },
): string {
  const used = new Set([...freeIndices(step.lhs), ...freeIndices(step.rhs)]);
  if (used.size === 0) return '';
  const order = [...new Set(chain.operands.flatMap((o) => freeIndices(o)))].filter((i) =>
    used.has(i),
  );
  const where = (chain.where ?? []).map((c) => `${c.left} ${c.equal ? '=' : '≠'} ${c.right}`);
  const only = where.length > 0 ? ` with ${where.join(', ')}` : '';
  return `; compared entry by entry for every ${order.join(', ')}${only}`;
}

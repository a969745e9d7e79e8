// A claim with free indices, ∂f/∂X_{ij} = (AX)_{ji}, holds for every value of them at once:
// each side is evaluated at every value of its free indices into an array, and the arrays are
// compared like any two sides. A side without indices that is a matrix (… = (BA)_{pq} = BA)
// stands for the array itself: the matrix whose (p, q) entry is the other side.
import { EvaluationUnsupported, type EvaluationSetup, type Evaluator } from '../autodiff/evaluate';
import { children, visit, type Chain, type Expr, type SymbolNode } from '../latex/ast';
import { symbolRef } from '../facts/symbol';
import { matrix } from '../numeric/kernels';
import type { Matrix } from '../numeric/matrix';
import { meets } from './conditions';
import { definedIndex } from './definitions';
import { freeIndices, INDEX_LETTERS } from './free';

/** Free indices of a claim beyond two make a tensor, which GradLens does not compare. */
const MAX_FREE_INDICES = 2;
/**
 * Values of the free indices evaluated per side: each is a full evaluation (a derivative by an
 * entry is a backward pass), so sizes written as numbers (ℝ^{300×300}) are cut off here.
 */
export const MAX_INDEX_CELLS = 1024;

export interface IndexedSides {
  truth: Matrix;
  claimed: Matrix;
  /** The free indices, rows first: the arrays' layout. */
  indices: string[];
}

/** Both sides as arrays over the free indices, or undefined when neither side has one. */
export function sidesOverIndices(
  chain: Chain,
  lhs: Expr,
  rhs: Expr,
  evaluator: Evaluator,
  setup: EvaluationSetup,
): IndexedSides | undefined {
  const used = new Set([...freeIndices(lhs), ...freeIndices(rhs)]);
  if (used.size === 0) return undefined;
  // the chain's order, so a later step A_{lk} = Aᵀ keeps the (k, l) layout the chain began with
  const order = [...new Set(chain.operands.flatMap((o) => freeIndices(o)))].filter((i) =>
    used.has(i),
  );
  for (const i of used) if (!order.includes(i)) order.push(i);
  // x_{ij} read as a name in a claim about j: what it indexes is unknown, so nothing is compared
  const unread = nameIndexedBy([lhs, rhs], used);
  if (unread)
    throw new EvaluationUnsupported(
      unread,
      `${unread.display} is indexed by ${[...used].join(', ')} but is not read as an entry of anything`,
    );
  if (order.length > MAX_FREE_INDICES)
    throw new EvaluationUnsupported(
      lhs,
      `${order.length} free indices (${order.join(', ')}) make a tensor, which is not checked`,
    );
  const sizes = order.map((name) => {
    const size = rangeOf(name, [lhs, rhs, ...chain.operands], evaluator, setup);
    if (size === undefined)
      throw new EvaluationUnsupported(lhs, `cannot tell how far the index ${name} runs`);
    return size;
  });
  const rows = sizes[0];
  const cols = sizes[1] ?? 1;
  if (rows * cols > MAX_INDEX_CELLS)
    throw new EvaluationUnsupported(
      lhs,
      `${order.join(', ')} run over ${rows}×${cols} values, too many to compare entry by entry (at most ${MAX_INDEX_CELLS})`,
    );
  const where = chain.where ?? [];
  const side = (expr: Expr): Matrix => {
    const out = matrix(rows, cols);
    if (freeIndices(expr).length === 0) {
      const whole = evaluator.evaluate(expr).value;
      const fits =
        whole.isScalar() ||
        (whole.rows === rows && whole.cols === cols) ||
        (cols === 1 && whole.rows === 1 && whole.cols === rows);
      if (!fits)
        throw new EvaluationUnsupported(
          expr,
          `${whole.rows}×${whole.cols} does not match the range of the indices ${order.join(', ')} (${rows}×${cols})`,
        );
      forEachIndex(order, sizes, (at, k) => {
        if (meets(where, at)) out.data[k] = whole.isScalar() ? whole.data[0] : whole.data[k];
      });
      return out;
    }
    forEachIndex(order, sizes, (at, k) => {
      if (!meets(where, at)) return;
      const value = evaluator.withIndices(at, () => evaluator.evaluate(expr)).value;
      if (!value.isScalar())
        throw new EvaluationUnsupported(expr, 'a side with free indices must be a number at each');
      out.data[k] = value.data[0];
    });
    return out;
  };
  return { truth: side(lhs), claimed: side(rhs), indices: order };
}

/** Visits every value of the indices, row-major: `k` is the position in the array. */
function forEachIndex(
  names: string[],
  sizes: number[],
  fn: (at: Map<string, number>, k: number) => void,
): void {
  const total = sizes.reduce((a, b) => a * b, 1);
  for (let k = 0; k < total; k++) {
    const at = new Map<string, number>();
    let rest = k;
    for (let d = names.length - 1; d >= 0; d--) {
      at.set(names[d], rest % sizes[d]);
      rest = Math.floor(rest / sizes[d]);
    }
    fn(at, k);
  }
}

/** How far a free index runs: the size of what it indexes where it is free. */
function rangeOf(
  name: string,
  roots: Expr[],
  evaluator: Evaluator,
  setup: EvaluationSetup,
  depth = 0,
): number | undefined {
  if (depth > 8) return undefined;
  const entrywise: { expr: Expr; index: string }[] = [];
  let found: number | undefined;
  const look = (node: Expr, bound: ReadonlySet<string>) => {
    if (found !== undefined) return;
    if (node.type === 'entry' && node.indices.includes(name) && !bound.has(name)) {
      const defined = setup.shapes.definedMembers.get(node);
      const own = defined && definedIndex(defined);
      if (defined && own) {
        entrywise.push({ expr: defined.expr, index: own });
      } else if (!setup.shapes.familyMembers.has(node)) {
        found = sizeAlong(node, name, evaluator);
        if (found !== undefined) return;
      }
    }
    const inner =
      node.type === 'sum' ? new Set([...bound, ...node.indices.map((i) => i.name)]) : bound;
    for (const child of children(node)) look(child, inner);
  };
  for (const root of roots) look(root, new Set());
  if (found !== undefined) return found;
  for (const { expr, index } of entrywise) {
    const size = rangeOf(index, [expr], evaluator, setup, depth + 1);
    if (size !== undefined) return size;
  }
  return undefined;
}

function sizeAlong(
  node: Extract<Expr, { type: 'entry' }>,
  name: string,
  evaluator: Evaluator,
): number | undefined {
  let base: Matrix;
  try {
    base = evaluator.evaluate(node.base).value;
  } catch {
    return undefined;
  }
  if (node.indices.length === 1) return base.cols === 1 ? base.rows : base.cols;
  return node.indices.indexOf(name) === 0 ? base.rows : base.cols;
}

/** A name whose subscript is index letters, one of them free in the claim (x_{ij} about j). */
function nameIndexedBy(roots: Expr[], free: ReadonlySet<string>): SymbolNode | undefined {
  let found: SymbolNode | undefined;
  for (const root of roots)
    visit(root, (node) => {
      if (found || node.type !== 'symbol') return;
      const sub = symbolRef(node.name).subscript;
      if (!sub || !/^[a-z]+$/.test(sub)) return;
      const letters = [...sub];
      if (letters.every((l) => INDEX_LETTERS.has(l)) && letters.some((l) => free.has(l)))
        found = node;
    });
  return found;
}

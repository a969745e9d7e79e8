// Indexed families of vectors: x_i in Σ_i (y_i − wᵀx_i)² is the i-th data point, not the i-th
// entry of a vector x. Plain lowercase x_i is a family member when the note says so (a
// declaration "x_i ∈ ℝ^d", "x_1, …, x_n ∈ ℝ^d") or when it is used as a vector: transposed,
// under a norm, right after a transposed vector or a matrix, inside ⟨·,·⟩, dotted with a vector.
import { visit, type Chain, type Expr, type SymbolNode } from '../latex/ast';
import type { Declaration, SymbolEnvironment } from './environment';

const plainLower = (e: Expr): e is SymbolNode =>
  e.type === 'symbol' && !e.bold && (e.style === 'latin-lower' || e.style === 'greek-lower');

/** x_i with one index on a plain lowercase letter: a candidate member of a family. */
function candidate(e: Expr): e is Extract<Expr, { type: 'entry' }> & { base: SymbolNode } {
  return e.type === 'entry' && e.indices.length === 1 && plainLower(e.base);
}

/** Something whose use next to x_i makes x_i a vector: a transposed vector, a matrix, a bold vector. */
function vectorLike(e: Expr): boolean {
  if (e.type === 'transpose') return e.arg.type !== 'number';
  if (e.type === 'symbol')
    return (
      e.style === 'latin-upper' ||
      e.style === 'greek-upper' ||
      (e.bold && e.style !== 'calligraphic')
    );
  return false;
}

/** The factor of a product that touches its neighbour on the given side. */
function edgeFactor(e: Expr, side: 'left' | 'right'): Expr {
  let n = e;
  while (n.type === 'binary' && n.op === 'mul') n = side === 'left' ? n.left : n.right;
  return n;
}

/** Base names of the families a formula uses as vectors (doc-wide evidence, like vector hints). */
export function familyHints(chain: Chain): string[] {
  const names: string[] = [];
  for (const operand of chain.operands) {
    visit(operand, (node) => {
      if ((node.type === 'transpose' || node.type === 'norm') && candidate(node.arg))
        names.push(node.arg.base.name);
      if (node.type === 'binary' && node.op === 'mul') {
        const left = edgeFactor(node.left, 'right');
        const right = edgeFactor(node.right, 'left');
        // wᵀx_i, W x_i: only a vector fits there. (y_i wᵀ is a scalar scaling a row: no evidence.)
        if (candidate(right) && vectorLike(left)) names.push(right.base.name);
      }
      if (node.type === 'binary' && node.op === 'frob') {
        for (const [a, b] of [
          [node.left, node.right],
          [node.right, node.left],
        ])
          if (candidate(a) && b.type !== 'number') names.push(a.base.name);
      }
    });
  }
  return names;
}

/** [family base, partner] for each w · x_i: evidence once the note shows w is a vector. */
export function dotPartners(chain: Chain): [string, string][] {
  const pairs: [string, string][] = [];
  for (const operand of chain.operands) {
    visit(operand, (node) => {
      if (node.type !== 'binary' || node.op !== 'mul' || !node.dot) return;
      const left = edgeFactor(node.left, 'right');
      const right = edgeFactor(node.right, 'left');
      if (candidate(right) && left.type === 'symbol') pairs.push([right.base.name, left.name]);
      if (candidate(left) && right.type === 'symbol') pairs.push([left.base.name, right.name]);
    });
  }
  return pairs;
}

/**
 * The declaration of a family of vectors with this base, whatever letter or number it was
 * declared with (x_i, x_n, x_1): only one with a vector or matrix shape counts.
 */
export function familyDeclarationAt(
  env: SymbolEnvironment,
  base: string,
  index: string,
  at: number,
): Declaration | undefined {
  const exact = env.declarationAt(`${base}_{${index}}`, at);
  if (exact) return exact.dims && exact.dims.length > 0 ? exact : undefined;
  for (const name of env.declaredFamilyMembers(base)) {
    const d = env.declarationAt(name, at);
    if (d?.dims && d.dims.length > 0) return d;
  }
  return undefined;
}

/** Whether x_i reads as the i-th vector of a family rather than the i-th entry of x. */
export function readsAsFamily(
  env: SymbolEnvironment,
  base: SymbolNode,
  index: string,
  at: number,
): boolean {
  if (!plainLower(base)) return false;
  // x declared itself (x ∈ ℝ^n): x_i is its entry.
  if (env.declarationAt(base.name, at)?.dims !== undefined) return false;
  if (
    familyDeclarationAt(env, base.name, index, at) !== undefined ||
    env.familyHints.has(base.name) ||
    env.familySources.has(base.name)
  )
    return true;
  // w · x_i with w a declared or used vector (c · a_i with a scalar c is a product of numbers)
  const isVector = (name: string) =>
    (env.declarationAt(name, at)?.dims?.length ?? 0) > 0 || env.vectorHints.has(name);
  return [...(env.dotPartners.get(base.name) ?? [])].some(isVector);
}

// Reads a statement in index notation. The parser sees `a_j` as a name (w_1, x_0 are names
// too); where the statement is plainly about entries, such a name is the entry j of a:
// - its letter is indexed elsewhere in the statement (z_k under Σ_k, so z_j is an entry too);
// - its index is free in the statement (∂a_j/∂z_i, X_{ij}, (AX)_{ji}) and the name has no
//   meaning of its own.
// A repeated index in one term that appears nowhere else in the statement is summed (Einstein).
import type { Chain, Expr, SymbolNode } from '../latex/ast';
import { freeIndices, indexCounts, INDEX_LETTERS } from './free';
import { mapExpr } from '../latex/mapExpr';

/** x_{i} → base x and index i, when the subscript is one index letter. */
export function indexedName(node: SymbolNode): { base: SymbolNode; index: string } | undefined {
  const m = /^(.+)_\{([a-z])\}$/.exec(node.name);
  if (!m || !INDEX_LETTERS.has(m[2]) || node.sizeHint) return undefined;
  if (!/^(latin|greek)-lower$/.test(node.style)) return undefined;
  const suffix = `_${m[2]}`;
  const display = node.display.endsWith(suffix)
    ? node.display.slice(0, -suffix.length)
    : node.display;
  const span = { start: node.span.start, end: node.span.start + 1 };
  return { base: { ...node, name: m[1], display, span }, index: m[2] };
}

function asEntry(node: SymbolNode, base: SymbolNode, index: string): Expr {
  return { type: 'entry', base, indices: [index], span: node.span };
}

/** Letters indexed by an entry somewhere in the chain (z in z_k), and indices a ∂ is taken by. */
function evidence(chain: Chain): { indexed: Set<string>; letters: Set<string> } {
  const indexed = new Set<string>();
  const letters = new Set<string>();
  const look = (node: Expr) => {
    if (node.type === 'entry' && node.base.type === 'symbol') indexed.add(node.base.name);
    if (node.type === 'grad' && node.wrt) {
      const wrt = node.wrt;
      const named = wrt.type === 'symbol' && !wrt.bold ? indexedName(wrt) : undefined;
      if (named) letters.add(named.index);
      if (wrt.type === 'entry') for (const i of wrt.indices) letters.add(i);
      // ∂a_j/∂z_i: the entry j of a by the entry i of z
      const f = node.f.type === 'symbol' && !node.f.bold ? indexedName(node.f) : undefined;
      if (f && (named || wrt.type === 'entry')) letters.add(f.index);
    }
    if (node.type === 'entry') for (const i of node.indices) letters.add(i);
  };
  for (const operand of chain.operands) visitAll(operand, look);
  for (const operand of chain.operands)
    visitAll(operand, (node) => {
      // Σ_{k≠i}: i is an index of the claim, and y_i beside y_k under Σ_k an entry of y
      if (node.type === 'sum')
        for (const i of node.indices) for (const e of i.except ?? []) letters.add(e);
      const named = node.type === 'symbol' && !node.bold ? indexedName(node) : undefined;
      if (named && indexed.has(named.base.name)) letters.add(named.index);
    });
  // indices bound by a sum (or a pattern matrix) are letters of it only
  for (const operand of chain.operands)
    visitAll(operand, (n) => {
      if (n.type === 'sum')
        for (const i of n.indices) if (!freeIn(chain, i.name)) letters.delete(i.name);
      if (n.type === 'pattern')
        for (const axis of [n.down, n.across])
          if (axis && !freeIn(chain, axis.index)) letters.delete(axis.index);
    });
  return { indexed, letters };
}

function freeIn(chain: Chain, name: string): boolean {
  return chain.operands.some((o) => freeIndices(o).includes(name));
}

function visitAll(root: Expr, fn: (node: Expr) => void): void {
  mapExpr(root, (node) => {
    fn(node);
    return node;
  });
}

/**
 * The chain with names read as entries where the statement is in index notation, and
 * Einstein sums made explicit. `definesHead`: the first operand is a name being defined
 * (a_j = …), which stays a name.
 */
export function readIndexNotation(written: Chain): Chain {
  const chain = kroneckerDeltas(written);
  const { indexed, letters } = evidence(chain);
  if (indexed.size === 0 && letters.size === 0) return chain;
  const headIsName = chain.operands[0]?.type === 'symbol' && chain.relations[0]?.op !== undefined;
  let changed = false;
  const operands = chain.operands.map((operand, k) => {
    if (k === 0 && headIsName) return operand;
    return mapExpr(operand, (node) => {
      if (node.type !== 'symbol' || node.bold) return node;
      const named = indexedName(node);
      if (!named) return node;
      if (indexed.has(named.base.name) || letters.has(named.index)) {
        changed = true;
        return asEntry(node, named.base, named.index);
      }
      return node;
    });
  });
  const read = changed ? { ...chain, operands } : chain;
  return einstein(read);
}

/** Σ over an index written twice in one term and nowhere else in the statement. */
function einstein(chain: Chain): Chain {
  if (chain.operands.length < 2) return chain;
  let changed = false;
  const operands = chain.operands.map((operand, k) => {
    const elsewhere = new Set(
      chain.operands.filter((_, j) => j !== k).flatMap((o) => freeOfTerms(o)),
    );
    return mapTerms(operand, (term) => {
      const repeated = [...indexCounts(term)]
        .filter(([name, count]) => count === 2 && !elsewhere.has(name))
        .map(([name]) => name);
      if (repeated.length === 0 || term.type === 'grad') return term;
      changed = true;
      return {
        type: 'sum',
        indices: repeated.map((name) => ({ name, span: term.span })),
        body: term,
        span: term.span,
      };
    });
  });
  return changed ? { ...chain, operands } : chain;
}

/**
 * The indices free in an operand read the Einstein way: those of each term, less the ones
 * written twice in it (summed there). In `A_{kj}x_j + x_iA_{ik} = (A + A^T)_{kj} x_j` only k is
 * free on either side, so j and i are summed on both.
 */
function freeOfTerms(operand: Expr): string[] {
  const out: string[] = [];
  mapTerms(operand, (term) => {
    const counts = indexCounts(term);
    for (const name of freeIndices(term))
      if (term.type === 'grad' || counts.get(name) !== 2) out.push(name);
    return term;
  });
  return out;
}

/** Applies fn to each term of a sum of terms (a − b + c), and to a lone term. */
function mapTerms(expr: Expr, fn: (term: Expr) => Expr): Expr {
  if (expr.type === 'binary' && (expr.op === 'add' || expr.op === 'sub'))
    return { ...expr, left: mapTerms(expr.left, fn), right: mapTerms(expr.right, fn) };
  if (expr.type === 'neg') return { ...expr, arg: mapTerms(expr.arg, fn) };
  return fn(expr);
}

/** δ_{ij}: the (i, j) entry of an identity, so its indices range with what they index. */
function kroneckerDeltas(chain: Chain): Chain {
  let changed = false;
  const operands = chain.operands.map((operand) =>
    mapExpr(operand, (node) => {
      if (node.type !== 'symbol') return node;
      const m = /^\\delta_\{([a-z]),?([a-z])\}$/.exec(node.name);
      if (!m || !INDEX_LETTERS.has(m[1]) || !INDEX_LETTERS.has(m[2])) return node;
      changed = true;
      const identity: Expr = { type: 'identity', span: node.span };
      return { type: 'entry', base: identity, indices: [m[1], m[2]], span: node.span };
    }),
  );
  return changed ? { ...chain, operands } : chain;
}

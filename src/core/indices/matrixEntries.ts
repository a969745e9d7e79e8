// Notes write the entries of a matrix A in lowercase: a_{ij}, ∂f/∂a_{ij} = b_{ji}, and the
// picture [a_{11} ⋯ a_{1n}; ⋮ ⋱ ⋮; a_{m1} ⋯ a_{mn}]. Two indices on a lowercase letter make it an
// entry of a matrix; where the note has the capital A and no a of its own (a vector a, a scalar
// a, a matrix a), that matrix is A. The whole document is asked, so it runs once every
// statement is parsed.
import { visit, type Chain, type Expr, type SymbolNode } from '../latex/ast';
import { mapExpr } from '../latex/mapExpr';
import { symbolRef } from '../facts/symbol';
import { INDEX_LETTERS } from './free';

/** What the document shows of its letters: the capitals it uses, the lowercase letters it uses alone. */
export interface EntryLetters {
  capitals: ReadonlySet<string>;
  /** a, \mathbf{a} written on their own, or a declared a ∈ ℝ^{m×n}: a's entries are its own. */
  lowercase: ReadonlySet<string>;
}

export function entryLetters(chains: Chain[]): EntryLetters {
  const capitals = new Set<string>();
  const lowercase = new Set<string>();
  for (const chain of chains) {
    for (const operand of chain.operands) {
      // the a of an entry a_{ij} is not a written on its own
      const bases = new Set<Expr>();
      visit(operand, (node) => {
        if (node.type === 'entry') bases.add(node.base);
        if (node.type !== 'symbol' || bases.has(node)) return;
        if (/^[A-Z]$/.test(node.name)) capitals.add(node.name);
        if (/^[a-z]$/.test(node.name)) lowercase.add(node.name);
      });
    }
  }
  return { capitals, lowercase };
}

/** The chain with a_{ij} (a name, or an entry of a) read as the entry (i, j) of A where it can be. */
export function readLowercaseEntries(chain: Chain, letters: EntryLetters): Chain {
  let changed = false;
  const capitalOf = (base: string): string | undefined => {
    if (!/^[a-z]$/.test(base) || letters.lowercase.has(base)) return undefined;
    const capital = base.toUpperCase();
    return letters.capitals.has(capital) ? capital : undefined;
  };
  const operands = chain.operands.map((operand) =>
    mapExpr(operand, (node) => {
      const read = entryOfCapital(node, capitalOf);
      if (read) changed = true;
      return read ?? node;
    }),
  );
  return changed ? { ...chain, operands } : chain;
}

function entryOfCapital(
  node: Expr,
  capitalOf: (base: string) => string | undefined,
): Expr | undefined {
  // b_{ji}: a name whose subscript is two index letters
  if (node.type === 'symbol' && !node.bold && node.style === 'latin-lower') {
    const ref = symbolRef(node.name);
    const indices = [...(ref.subscript ?? '')];
    if (indices.length !== 2 || !indices.every((i) => INDEX_LETTERS.has(i))) return undefined;
    const capital = capitalOf(ref.base);
    if (!capital) return undefined;
    return { type: 'entry', base: capitalSymbol(node, capital), indices, span: node.span };
  }
  // a_{ij} under sums (or in a pattern): already an entry, of the lowercase letter
  if (node.type === 'entry' && node.indices.length === 2 && node.base.type === 'symbol') {
    const base = node.base;
    if (base.bold || base.style !== 'latin-lower') return undefined;
    const capital = capitalOf(base.name);
    if (!capital) return undefined;
    return { ...node, base: capitalSymbol(base, capital) };
  }
  return undefined;
}

function capitalSymbol(node: SymbolNode, capital: string): SymbolNode {
  return {
    type: 'symbol',
    name: capital,
    display: capital,
    bold: false,
    style: 'latin-upper',
    span: { start: node.span.start, end: node.span.start + 1 },
  };
}

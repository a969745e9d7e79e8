// Σ_i ℓ(wᵀx_i, y_i) beside ‖Xw − y‖² or Xᵀσ(Xw): in machine-learning notes the data points x_i
// are the rows of the design matrix X, whether or not the note says so (or its columns, in
// notes that write Xᵀw beside wᵀx_i). Where a note uses both a family x_i and the capital X,
// never defines X and never says what the x_i are, GradLens reads the x_i as the rows of X, or
// the columns where the note's own products show it, and says so on every claim that depends
// on it; an error under that reading is a warning, never an error.
import { visit, type Chain, type Expr } from '../latex/ast';
import { dependsOn } from './dependsOn';
import type { SymbolEnvironment } from './environment';

const MEMBER_NAME = /^([a-z])_\{?[a-z]\}?$/;

interface Evidence {
  /** x in x_i (or \\mathbf{x}_i): bases of indexed lowercase letters. */
  members: Set<string>;
  /** x and X written as symbols of their own. */
  alone: Set<string>;
  /** `family base → v` for each wᵀx_i or x_iᵀw: the vector the members are dotted with. */
  partners: [string, string][];
  /** X v (rows: Xw beside wᵀx_i) or Xᵀv, vᵀX (columns), for a capital X and a vector v. */
  products: { matrix: string; vector: string; along: 'rows' | 'columns' }[];
}

/** The base of a member (x in x_i, \\mathbf{x}_i), or undefined. */
function memberBase(node: Expr): string | undefined {
  if (node.type === 'entry' && node.indices.length === 1 && node.base.type === 'symbol')
    return node.base.style === 'latin-lower' ? node.base.name : undefined;
  if (node.type === 'symbol') return MEMBER_NAME.exec(node.name)?.[1];
  return undefined;
}

/** The factor of a product that touches its neighbour on the given side. */
function edge(e: Expr, side: 'left' | 'right'): Expr {
  let n = e;
  while (n.type === 'binary' && n.op === 'mul') n = side === 'left' ? n.left : n.right;
  return n;
}

const isCapital = (e: Expr): e is Extract<Expr, { type: 'symbol' }> =>
  e.type === 'symbol' && e.style === 'latin-upper';
const isLowerVector = (e: Expr): e is Extract<Expr, { type: 'symbol' }> =>
  e.type === 'symbol' && (e.style === 'latin-lower' || e.style === 'greek-lower');

/** What a product shows about members, partners and how a capital meets a vector. */
function productEvidence(left: Expr, right: Expr, evidence: Evidence): void {
  const [l, r] = [edge(left, 'right'), edge(right, 'left')];
  // wᵀx_i, x_iᵀw: w is the members' partner
  const rBase = memberBase(r);
  if (rBase && l.type === 'transpose' && isLowerVector(l.arg))
    evidence.partners.push([rBase, l.arg.name]);
  const lBase = l.type === 'transpose' ? memberBase(l.arg) : undefined;
  if (lBase && isLowerVector(r)) evidence.partners.push([lBase, r.name]);
  // X w: rows; Xᵀ w and wᵀ X: columns
  if (isCapital(l) && isLowerVector(r))
    evidence.products.push({ matrix: l.name, vector: r.name, along: 'rows' });
  if (l.type === 'transpose' && isCapital(l.arg) && isLowerVector(r))
    evidence.products.push({ matrix: l.arg.name, vector: r.name, along: 'columns' });
  if (l.type === 'transpose' && isLowerVector(l.arg) && isCapital(r))
    evidence.products.push({ matrix: r.name, vector: l.arg.name, along: 'columns' });
}

/** What one formula shows: the indexed lowercase letters and the letters written alone. */
export function designEvidence(chain: Chain): Evidence {
  const evidence: Evidence = { members: new Set(), alone: new Set(), partners: [], products: [] };
  const bases = new Set<Expr>();
  for (const operand of chain.operands)
    visit(operand, (node) => {
      if (node.type === 'binary' && node.op === 'mul')
        productEvidence(node.left, node.right, evidence);
      if (node.type === 'entry') bases.add(node.base);
      if (node.type === 'entry' && node.indices.length === 1 && node.base.type === 'symbol') {
        if (node.base.style === 'latin-lower') evidence.members.add(node.base.name);
      } else if (node.type === 'symbol' && !bases.has(node)) {
        // a bold member keeps its index in its name: \\mathbf{x}_i is x_{i}
        const member = MEMBER_NAME.exec(node.name);
        if (member) evidence.members.add(member[1]);
        else evidence.alone.add(node.name);
      }
    });
  return evidence;
}

/**
 * Adds the implied sources to env.familySources. Returns the names whose formulas the decision
 * rests on (x and X for each family base x): a formula mentioning one tells the whole note
 * something, so the editor's region cache never leaves it out.
 */
export function impliedDesignMatrices(
  env: SymbolEnvironment,
  evidence: readonly Evidence[],
): Set<string> {
  const members = new Set(evidence.flatMap((e) => [...e.members]));
  const alone = new Set(evidence.flatMap((e) => [...e.alone]));
  const restsOn = new Set<string>();
  for (const base of members) {
    const matrix = base.toUpperCase();
    restsOn.add(base).add(matrix);
    if (env.familySources.has(base) || !alone.has(matrix)) continue;
    // x itself a vector in the note: x_i are its entries, not rows of anything
    if (alone.has(base)) continue;
    if (env.definitionAt(matrix, Number.MAX_SAFE_INTEGER)) continue;
    // the orientation the note's own products show: Xw beside wᵀx_i means rows, Xᵀw columns
    const partners = new Set(
      evidence.flatMap((e) => e.partners.filter(([b]) => b === base).map(([, v]) => v)),
    );
    const shown = evidence.flatMap((e) =>
      e.products.filter((p) => p.matrix === matrix && partners.has(p.vector)).map((p) => p.along),
    );
    const columns = shown.filter((a) => a === 'columns').length;
    const rows = shown.length - columns;
    // the convention most of its products show; as many each way: the note is not one, say nothing
    if (rows > 0 && rows === columns) continue;
    const along = columns > rows ? 'columns' : 'rows';
    env.familySources.set(base, { matrix, along, implied: true });
  }
  return restsOn;
}

/** The implied design matrices a claim's sides rest on, directly or through definitions. */
export function impliedSourcesOf(
  env: SymbolEnvironment,
  sides: readonly Expr[],
  at: number,
): { base: string; matrix: string; along: string }[] {
  const implied = [...env.familySources].filter(([, s]) => s.implied);
  if (implied.length === 0) return [];
  const { names } = dependsOn(env, sides, at);
  return implied
    .filter(([, s]) => names.has(s.matrix))
    .map(([base, s]) => ({ base, matrix: s.matrix, along: s.along }));
}

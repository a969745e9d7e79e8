// Σ_i ℓ(wᵀx_i, y_i) beside ‖Xw − y‖² or Xᵀσ(Xw): in machine-learning notes the data points x_i
// are the rows of the design matrix X, whether or not the note says so. Where a note uses both
// a family x_i and the capital X, never defines X and never says what the x_i are, GradLens
// reads the x_i as the rows of X (and says so on every claim that depends on it); a mismatch
// under that reading is a warning, never an error.
import { visit, type Chain, type Expr } from '../latex/ast';
import type { SymbolEnvironment } from './environment';

const MEMBER_NAME = /^([a-z])_\{?[a-z]\}?$/;

interface Evidence {
  /** x in x_i (or \\mathbf{x}_i): bases of indexed lowercase letters. */
  members: Set<string>;
  /** x and X written as symbols of their own. */
  alone: Set<string>;
}

/** What one formula shows: the indexed lowercase letters and the letters written alone. */
export function designEvidence(chain: Chain): Evidence {
  const evidence: Evidence = { members: new Set(), alone: new Set() };
  const bases = new Set<Expr>();
  for (const operand of chain.operands)
    visit(operand, (node) => {
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
    env.familySources.set(base, { matrix, along: 'rows', implied: true });
  }
  return restsOn;
}

/** How far definitions are followed to find whether a claim rests on an implied source. */
const DEFINITIONS_FOLLOWED = 32;

/** The implied design matrices a claim's sides rest on, directly or through definitions. */
export function impliedSourcesOf(
  env: SymbolEnvironment,
  sides: readonly Expr[],
  at: number,
): { base: string; matrix: string }[] {
  const implied = [...env.familySources].filter(([, s]) => s.implied);
  if (implied.length === 0) return [];
  const names = new Set<string>();
  const pending = [...sides];
  let followed = 0;
  while (pending.length > 0) {
    visit(pending.pop()!, (node) => {
      if (node.type !== 'symbol' && node.type !== 'apply') return;
      if (names.has(node.name)) return;
      names.add(node.name);
      const definition = env.definitionAt(node.name, at + 1);
      if (definition && followed++ < DEFINITIONS_FOLLOWED) pending.push(definition.expr);
    });
  }
  return implied
    .filter(([, s]) => names.has(s.matrix))
    .map(([base, s]) => ({ base, matrix: s.matrix }));
}

// Cases written with conditions: `∂a_j/∂z_i = a_i(1 − a_i), \quad i = j`. The condition is its
// own statement after the claim; it restricts the claim's free indices, and claims nothing.
import type { Chain, Expr, IndexCondition } from '../latex/ast';
import { freeIndices, INDEX_LETTERS } from './free';

function indexLetter(expr: Expr): string | undefined {
  if (expr.type !== 'symbol' || !INDEX_LETTERS.has(expr.name)) return undefined;
  return expr.name;
}

/** `i = j`, `i \neq j`: a condition between two index letters, else undefined. */
export function indexCondition(chain: Chain): IndexCondition | undefined {
  if (chain.operands.length !== 2 || chain.relations.length !== 1) return undefined;
  const left = indexLetter(chain.operands[0]);
  const right = indexLetter(chain.operands[1]);
  const op = chain.relations[0].op;
  if (!left || !right || left === right || (op !== '=' && op !== '\\neq')) return undefined;
  return { left, right, equal: op === '=' };
}

/**
 * Gives each claim the conditions written right after it in the same formula, when they name
 * the claim's free indices. Returns the statements that are such conditions.
 */
export function attachIndexConditions<S extends { region: number; chain?: Chain }>(
  statements: S[],
): Set<S> {
  const conditions = new Set<S>();
  for (let k = 1; k < statements.length; k++) {
    const claim = statements[k - 1];
    const said = statements[k];
    if (!claim.chain || !said.chain || claim.region !== said.region) continue;
    const condition = indexCondition(said.chain);
    if (!condition) continue;
    const free = new Set(claim.chain.operands.flatMap((o) => freeIndices(o)));
    if (!free.has(condition.left) || !free.has(condition.right)) continue;
    claim.chain = { ...claim.chain, where: [...(claim.chain.where ?? []), condition] };
    conditions.add(said);
  }
  return conditions;
}

/** Whether values of the indices meet every condition. */
export function meets(where: readonly IndexCondition[], at: ReadonlyMap<string, number>): boolean {
  return where.every((c) => (at.get(c.left) === at.get(c.right)) === c.equal);
}

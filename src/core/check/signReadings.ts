// a ± b = c ± d: both sign readings are checked; the writer sees one finding per step. It is ok
// only when both readings hold, and it reports the lower reading's problem when only that fails.
import type { Finding } from '../report';
import type { ReadStatement } from '../read';
import type { CheckedStep } from './shapeCheck';

const RANK: Record<Finding['verdict'], number> = {
  ok: 0,
  skipped: 1,
  unsupported: 2,
  'parse-error': 3,
  'shape-error': 5,
  mismatch: 5,
};

/**
 * Each lower-sign step's finding folded into its upper-sign partner. Returns the findings to
 * replace (upper → combined) and those to drop (every lower-sign finding).
 */
export function foldSignReadings(steps: readonly CheckedStep[]): {
  replaced: Map<Finding, Finding>;
  dropped: Set<Finding>;
} {
  const upper = new Map<ReadStatement, Map<number, CheckedStep>>();
  for (const checked of steps) {
    if (checked.statement.upperSigns || !checked.statement.lowerSigns) continue;
    const byIndex = upper.get(checked.statement) ?? new Map<number, CheckedStep>();
    byIndex.set(checked.step.index, checked);
    upper.set(checked.statement, byIndex);
  }
  const replaced = new Map<Finding, Finding>();
  const dropped = new Set<Finding>();
  for (const checked of steps) {
    const of = checked.statement.upperSigns;
    if (!of) continue;
    dropped.add(checked.finding);
    const partner = upper.get(of)?.get(checked.step.index);
    if (!partner) continue;
    const combined = folded(partner.finding, checked.finding);
    replaced.set(partner.finding, combined);
    partner.finding = combined;
  }
  return { replaced, dropped };
}

function folded(upper: Finding, lower: Finding): Finding {
  if (RANK[lower.verdict] > RANK[upper.verdict])
    return { ...lower, message: `with the lower signs (− for ±, + for ∓): ${lower.message}` };
  if (upper.verdict === 'ok' && lower.verdict === 'ok')
    return { ...upper, message: `${upper.message}; and with the lower signs (− for ±)` };
  return upper;
}

// How a finding shows up in the Problems panel, from the gradlens.severity setting. Pure (no
// `vscode` import) so the rule can be tested and the webview can apply the same one.
import type { Finding, Severity } from '../core/report';

export type Level = Severity | 'hint' | 'off';

/** Keys are verdicts ("mismatch") or finding codes ("gradlens.domain"); a code wins over its verdict. */
export type SeverityTable = Readonly<Record<string, unknown>>;

const LEVELS: ReadonlySet<string> = new Set<Level>([
  'error',
  'warning',
  'information',
  'hint',
  'off',
]);

function isLevel(value: unknown): value is Level {
  return typeof value === 'string' && LEVELS.has(value);
}

/**
 * The level for one finding. Lookup: the user's table (code, then verdict), then the table
 * package.json ships (the user's object replaces it whole, so a partial object must not lose
 * the rest), then GradLens's own severity, except that information (ok, skipped) is never a
 * diagnostic unless a table asks for it: a derivation with 30 correct steps should not put 30
 * entries in the Problems panel.
 */
export function levelOf(finding: Finding, user: SeverityTable, shipped: SeverityTable = {}): Level {
  for (const table of [user, shipped]) {
    const byCode = finding.code !== undefined ? table[finding.code] : undefined;
    if (isLevel(byCode)) return byCode;
    const byVerdict = table[finding.verdict];
    if (isLevel(byVerdict)) return byVerdict;
  }
  return finding.severity === 'information' ? 'off' : finding.severity;
}

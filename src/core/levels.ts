// What shows where: the one table that decides, for every verdict and kind of finding, whether
// it reaches the Problems panel (and at which level) and how the status bar and the summary
// lens count it. The extension's diagnostics and the CLI's lines and exit code read it; the
// report itself (`--json`, hovers, CodeLens, the panel) always carries every finding unchanged.
// Pure: no `vscode` import. Why each row is what it is: docs/decisions.md, "What shows where".
import type { Finding, FindingKind, Severity, Verdict } from './report';

/** A diagnostic's level; `off` is no diagnostic (CodeLens, hover and panel still show it). */
export type Level = Severity | 'hint' | 'off';

/** What the status bar and the summary lens count a finding as. */
export type Count = 'holds' | 'problem' | 'not-checked' | 'none';

/** `gradlens.report`: `problems` (the table below) or `everything` (each finding at its own severity). */
export type ReportMode = 'problems' | 'everything';

export const REPORT_MODES: readonly ReportMode[] = ['problems', 'everything'];

/** One cell of the table: the level in the Problems panel (report `problems`) and the count. */
export interface Treatment {
  level: Level;
  count: Count;
}

/**
 * Rows: the verdicts, with a mismatch that holds once the note states an assumption
 * (diagnosis `assumes-…`: "holds only if A is symmetric", with a quick fix) apart from other
 * mismatches; `unsupported` covers its codes `gradlens.domain` and `gradlens.timeout` too.
 * Columns: claims (gradient, equality, differential, expression) and facts (declaration,
 * definition: what the note says, not something it claims).
 */
export type Row = Verdict | 'mismatch-assumes';

export type Column = 'claim' | 'fact';

const ERROR: Treatment = { level: 'error', count: 'problem' };
const NOT_CHECKED: Treatment = { level: 'hint', count: 'not-checked' };

export const WHAT_SHOWS_WHERE: Readonly<Record<Row, Readonly<Record<Column, Treatment>>>> = {
  // checked and holds: CodeLens ✓, never a diagnostic; a fact understood is not a claim that holds
  ok: { claim: { level: 'off', count: 'holds' }, fact: { level: 'off', count: 'none' } },
  // sure it is wrong
  mismatch: { claim: ERROR, fact: ERROR },
  'shape-error': { claim: ERROR, fact: ERROR },
  // right once the note says one more thing; the quick fix writes it
  'mismatch-assumes': {
    claim: { level: 'warning', count: 'problem' },
    fact: { level: 'warning', count: 'problem' },
  },
  // not checked: GradLens could not read or could not evaluate it; faint dots where it is
  'parse-error': { claim: NOT_CHECKED, fact: NOT_CHECKED },
  unsupported: { claim: NOT_CHECKED, fact: NOT_CHECKED },
  // read, but not a claim GradLens checks (≈, ∈, an update rule, an equation to solve)
  skipped: {
    claim: { level: 'off', count: 'not-checked' },
    fact: { level: 'off', count: 'not-checked' },
  },
};

const FACT_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>(['declaration', 'definition']);

export function rowOf(finding: Pick<Finding, 'verdict' | 'diagnosis'>): Row {
  return finding.verdict === 'mismatch' && finding.diagnosis?.startsWith('assumes-')
    ? 'mismatch-assumes'
    : finding.verdict;
}

export function columnOf(kind: FindingKind): Column {
  return FACT_KINDS.has(kind) ? 'fact' : 'claim';
}

export function treatmentOf(finding: Pick<Finding, 'kind' | 'verdict' | 'diagnosis'>): Treatment {
  return WHAT_SHOWS_WHERE[rowOf(finding)][columnOf(finding.kind)];
}

/** `gradlens.severity`: keys are verdicts ("mismatch") or codes ("gradlens.domain"). */
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
 * The diagnostic level of one finding. The user's `gradlens.severity` wins (a code over its
 * verdict), in either mode, except that in `problems` a declaration or definition that was
 * understood is never a diagnostic; otherwise `problems` reads the table and `everything`
 * takes the finding's own severity (information included).
 */
export function levelOf(
  finding: Finding,
  mode: ReportMode = 'problems',
  user: SeverityTable = {},
): Level {
  const row = rowOf(finding);
  const column = columnOf(finding.kind);
  if (mode === 'problems' && row === 'ok' && column === 'fact') return 'off';
  const byCode = finding.code !== undefined ? user[finding.code] : undefined;
  if (isLevel(byCode)) return byCode;
  const byVerdict = user[finding.verdict];
  if (isLevel(byVerdict)) return byVerdict;
  return mode === 'everything' ? finding.severity : WHAT_SHOWS_WHERE[row][column].level;
}

/** A Problems panel entry (errors and warnings; hints and information are not listed there). */
export function isProblem(level: Level): level is 'error' | 'warning' {
  return level === 'error' || level === 'warning';
}

/** Counts for the status bar and the summary lens. */
export interface Tally {
  holds: number;
  problems: number;
  unchecked: number;
}

export function tally(findings: readonly Finding[]): Tally {
  const t: Tally = { holds: 0, problems: 0, unchecked: 0 };
  for (const finding of findings) {
    if (finding.suppressed) continue; // silenced by a comment in the note
    const { count } = treatmentOf(finding);
    if (count === 'holds') t.holds++;
    else if (count === 'problem') t.problems++;
    else if (count === 'not-checked') t.unchecked++;
  }
  return t;
}

/** "✓ 8 · ✗ 1 · 3 not checked"; the last part only when something was not checked. */
export function tallyText(t: Tally): string {
  return `✓ ${t.holds} · ✗ ${t.problems}${t.unchecked ? ` · ${t.unchecked} not checked` : ''}`;
}

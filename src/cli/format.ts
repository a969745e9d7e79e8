// Findings → linter-style lines (path:line:col  severity  message) and a summary line.
import type { FileReport, Finding, Severity, Summary } from '../core/report';
import { VERDICTS } from '../core/report';

const COLORS = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  information: '\x1b[36m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};

/** One line; `level` is the severity column (the finding's own unless the caller says otherwise). */
export function formatFinding(
  path: string,
  finding: Finding,
  color: boolean,
  level: Severity = finding.severity,
): string {
  const where = `${path}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
  const severity = level.padEnd(11);
  const tag = `[${finding.kind}: ${finding.verdict}]`;
  if (!color) return `${where}  ${severity}  ${finding.message}  ${tag}`;
  return `${COLORS.bold}${where}${COLORS.reset}  ${COLORS[level]}${severity}${COLORS.reset}  ${finding.message}  ${COLORS.dim}${tag}${COLORS.reset}`;
}

/** "7 files, 47 findings: 41 ok, …", and how many were listed when that is not all of them. */
export function formatSummary(files: FileReport[], summary: Summary, listed?: number): string {
  const claims = VERDICTS.reduce((n, v) => n + summary[v], 0);
  const parts = VERDICTS.filter((v) => summary[v] > 0).map((v) => `${summary[v]} ${v}`);
  const fileWord = files.length === 1 ? 'file' : 'files';
  const shown =
    listed !== undefined && listed < claims ? ` (${listed} listed; --verbose lists every one)` : '';
  const suppressed = summary.suppressed ? ` (${summary.suppressed} suppressed, not shown)` : '';
  return `${files.length} ${fileWord}, ${claims} ${claims === 1 ? 'finding' : 'findings'}${parts.length ? ': ' + parts.join(', ') : ''}${shown}${suppressed}`;
}

/** A one-line progress bar for stderr: [#####.....] 12/40 path */
export function progressLine(done: number, total: number, current: string, width = 24): string {
  const filled = Math.round((done / Math.max(1, total)) * width);
  const name = current.length > 40 ? '…' + current.slice(-39) : current;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${name}`;
}

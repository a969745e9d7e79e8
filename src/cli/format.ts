// Findings → linter-style lines (path:line:col  severity  message) and a summary line.
import type { FileReport, Finding, Summary } from '../core/report';
import { VERDICTS } from '../core/report';

const COLORS = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  information: '\x1b[36m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};

export function formatFinding(path: string, finding: Finding, color: boolean): string {
  const where = `${path}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
  const severity = finding.severity.padEnd(11);
  const tag = `[${finding.kind}: ${finding.verdict}]`;
  if (!color) return `${where}  ${severity}  ${finding.message}  ${tag}`;
  return `${COLORS.bold}${where}${COLORS.reset}  ${COLORS[finding.severity]}${severity}${COLORS.reset}  ${finding.message}  ${COLORS.dim}${tag}${COLORS.reset}`;
}

export function formatSummary(files: FileReport[], summary: Summary): string {
  const claims = VERDICTS.reduce((n, v) => n + summary[v], 0);
  const parts = VERDICTS.filter((v) => summary[v] > 0).map((v) => `${summary[v]} ${v}`);
  const fileWord = files.length === 1 ? 'file' : 'files';
  const suppressed = summary.suppressed ? ` (${summary.suppressed} suppressed, not shown)` : '';
  return `${files.length} ${fileWord}, ${claims} ${claims === 1 ? 'finding' : 'findings'}${parts.length ? ': ' + parts.join(', ') : ''}${suppressed}`;
}

/** A one-line progress bar for stderr: [#####.....] 12/40 path */
export function progressLine(done: number, total: number, current: string, width = 24): string {
  const filled = Math.round((done / Math.max(1, total)) * width);
  const name = current.length > 40 ? '…' + current.slice(-39) : current;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${name}`;
}

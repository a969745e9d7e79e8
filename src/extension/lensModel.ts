// Short texts for a claim: the CodeLens title above it, the lines of "Explain Claim at Cursor",
// the marks hovers use. Pure (no `vscode` import) so the wording is unit-tested.
import type { Range } from '../core/document';
import { diagnosisDetailOf, type Finding, type FindingKind } from '../core/report';
import { tally, tallyText, type Tally } from '../core/levels';
import { TIMEOUT_CODE } from '../protocol/worker';

export { tally, type Tally };

/** The findings that get a CodeLens: claims the worker judges. */
export const CLAIM_KINDS: ReadonlySet<FindingKind> = new Set<FindingKind>([
  'gradient',
  'equality',
  'differential',
]);

const MAX_TITLE_CHARS = 90;

export function isClaim(finding: Finding): boolean {
  return CLAIM_KINDS.has(finding.kind);
}

/** 2e-16, 0.41, 0: one significant digit is what a glance needs. */
export function formatRelError(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  return x < 1e-3 ? x.toExponential(0) : String(Number(x.toPrecision(2)));
}

export function verdictMark(finding: Finding): string {
  switch (finding.verdict) {
    case 'ok':
      return '✓';
    case 'mismatch':
    case 'shape-error':
    case 'parse-error':
      return '✗';
    case 'unsupported':
      return '⚠';
    case 'skipped':
      return '○';
  }
}

/** What the claim was compared with, in the core's words. */
function truthOf(kind: FindingKind): string {
  return kind === 'gradient'
    ? 'the true gradient'
    : kind === 'differential'
      ? 'the true differential'
      : 'the expression before it';
}

/** The CodeLens title for a claim finding, e.g. "✓ matches autodiff (2e-16)". */
export function lensTitle(finding: Finding): string {
  return truncate(`${verdictMark(finding)} ${lensText(finding)}`, MAX_TITLE_CHARS);
}

function lensText(finding: Finding): string {
  const error = finding.relError !== undefined ? ` (${formatRelError(finding.relError)})` : '';
  switch (finding.verdict) {
    case 'ok':
      return `${agreement(finding)}${error}`;
    case 'mismatch':
      return mismatchText(finding) ?? `${disagreement(finding.kind)}${error}`;
    case 'shape-error':
      return (
        headline(finding.message) ??
        `shapes differ: ${finding.shapes?.lhs ?? '?'} vs ${finding.shapes?.rhs ?? '?'}`
      );
    case 'parse-error':
      return `cannot read: ${finding.message}`;
    case 'unsupported':
      return finding.code === TIMEOUT_CODE
        ? 'not checked: the time budget ran out'
        : finding.message;
    case 'skipped':
      return finding.message;
  }
}

function agreement(finding: Finding): string {
  const base =
    finding.kind === 'gradient'
      ? 'matches autodiff'
      : finding.kind === 'differential'
        ? 'differential holds'
        : 'step holds';
  const detail = diagnosisDetailOf(finding);
  switch (detail?.kind) {
    case 'layout':
      return `${base}, ${detail.layout} layout`;
    case 'symmetric-convention':
      return detail.convention === 'independent'
        ? `${base} as G + Gᵀ − diag(G) (symmetric)`
        : `${base} as sym(G) (symmetric)`;
    default:
      return base;
  }
}

function disagreement(kind: FindingKind): string {
  return kind === 'gradient'
    ? 'does not match autodiff'
    : kind === 'differential'
      ? 'differential does not hold'
      : 'step does not hold';
}

/** The diagnosis of a mismatch in a few words, when the core found one. */
function mismatchText(finding: Finding): string | undefined {
  const truth = truthOf(finding.kind);
  // The core's data, never its message: the message is prose for people.
  const detail = diagnosisDetailOf(finding);
  switch (detail?.kind) {
    case 'sign':
      return `wrong sign: −1 times ${truth}`;
    case 'transpose':
      return `transpose of ${truth}`;
    case 'sign-transpose':
      return `minus the transpose of ${truth}`;
    case 'factor':
      return `off by a factor ${detail.text}`;
    case 'extra-term':
      return `extra term ${detail.term}`;
    case 'term-sign':
      return `term ${detail.term} has the wrong sign`;
    default:
      return finding.diagnosis === 'factor'
        ? 'off by a constant factor'
        : finding.diagnosis === 'extra-term'
          ? 'a term too many'
          : finding.diagnosis === 'term-sign'
            ? 'a term has the wrong sign'
            : undefined;
  }
}

/** "m×n, but X is k×l: the claimed…" → "m×n, but X is k×l", when that first clause is short. */
function headline(message: string): string | undefined {
  const cut = message.indexOf(': ');
  if (cut <= 0 || cut > 60) return undefined;
  return message.slice(0, cut);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** One line of "Explain Claim at Cursor". */
export interface ExplainItem {
  label: string;
  detail?: string;
  /** Selecting the line goes there (a related location) or opens the panel on the claim. */
  action?: { kind: 'reveal'; range: Range } | { kind: 'panel' };
}

export function explainItems(finding: Finding): ExplainItem[] {
  const what = finding.wrt ? `${finding.kind} with respect to ${finding.wrt}` : finding.kind;
  const items: ExplainItem[] = [
    { label: `${verdictMark(finding)} ${finding.verdict} · ${what}`, detail: finding.message },
  ];
  if (finding.shapes?.lhs || finding.shapes?.rhs) {
    items.push({
      label: `shapes: left ${finding.shapes.lhs ?? '?'}, right ${finding.shapes.rhs ?? '?'}`,
    });
  }
  if (finding.relError !== undefined)
    items.push({
      label: `relative error ${formatRelError(finding.relError)}`,
      detail: String(finding.relError),
    });
  if (finding.diagnosis) items.push({ label: `diagnosis: ${finding.diagnosis}` });
  if (finding.code) items.push({ label: `code: ${finding.code}` });
  for (const related of finding.related ?? []) {
    items.push({
      label: related.message,
      detail: `line ${related.range.start.line + 1}`,
      action: { kind: 'reveal', range: related.range },
    });
  }
  items.push({ label: 'Open in the GradLens panel', action: { kind: 'panel' } });
  return items;
}

/** "GradLens ✓ 8 · ✗ 1 · 3 not checked" (the counts: src/core/levels.ts). */
export function statusText(t: Tally): string {
  return `GradLens ${tallyText(t)}`;
}

export function statusTooltip(t: Tally): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `GradLens: ${plural(t.holds, 'claim holds', 'claims hold')}, ${plural(t.problems, 'problem', 'problems')}, ${plural(t.unchecked, 'claim not checked', 'claims not checked')}. Click to open the panel.`;
}

/**
 * The summary lens on the first line of a document: the status bar's counts, where the note
 * is. Undefined when nothing in it counts (a Markdown file without claims gets no lens).
 */
export function summaryLensTitle(findings: readonly Finding[]): string | undefined {
  const t = tally(findings);
  return t.holds + t.problems + t.unchecked === 0 ? undefined : statusText(t);
}

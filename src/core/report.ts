// The Finding / Report types: the one JSON shape that the CLI prints and the extension,
// the worker and the webview read. Keep it stable; only add optional fields.
import type { Property } from './facts/kinds';
import type { Range } from './document';

export type FindingKind =
  'gradient' | 'equality' | 'differential' | 'definition' | 'declaration' | 'expression';

export type Verdict = 'ok' | 'mismatch' | 'shape-error' | 'parse-error' | 'unsupported' | 'skipped';

export type Severity = 'error' | 'warning' | 'information';

export interface RelatedInformation {
  range: Range;
  message: string;
  /** The document it is in, when not the finding's own (another cell of a notebook). */
  uri?: string;
}

export interface Finding {
  kind: FindingKind;
  verdict: Verdict;
  severity: Severity;
  range: Range;
  message: string;
  latex: string;
  wrt?: string;
  shapes?: { lhs?: string; rhs?: string };
  relError?: number;
  diagnosis?: string;
  /** The numbers behind a numeric verdict: each draw, the seed, both sides of the first draw. */
  evidence?: Evidence;
  /** Where the shapes in the message came from (declarations, first uses). */
  related?: RelatedInformation[];
  /** Stable diagnostic code, e.g. gradlens.shape. */
  code?: string;
  /**
   * The claim holds once the note assumes this (A symmetric): what a quick fix may add as a
   * directive. Set with the diagnosis `assumes-<property>` only: never with
   * `contradicts-<property>` (the claim holds only under what the note denies).
   */
  assumption?: { symbol: string; display: string; property: Property };
  /**
   * Silenced by a comment in the note (`gradlens-disable-next-line`, `gradlens-disable` …
   * `gradlens-enable`, `gradlens-disable-file`; see core/silence.ts): still computed and
   * reported, left out of diagnostics and of the CLI's lines. Present only when true.
   */
  suppressed?: boolean;
}

export interface Evidence {
  /** `redraws`: the attempt that gave the draw, when earlier ones left the domain. */
  draws: { relError: number; sizes: string; redraws?: number }[];
  seed: number;
  /** The claimed value and the true value (autodiff, or the other side) in the first draw. */
  sample?: { claimed: number[][]; truth: number[][] };
}

export interface FileReport {
  path: string;
  findings: Finding[];
}

/** Counts by verdict of the findings not suppressed; `suppressed`: how many were (when any). */
export type Summary = Record<Verdict, number> & { suppressed?: number };

export interface Report {
  version: 1;
  files: FileReport[];
  summary: Summary;
}

export const VERDICTS: readonly Verdict[] = [
  'ok',
  'mismatch',
  'shape-error',
  'parse-error',
  'unsupported',
  'skipped',
];

export function emptySummary(): Summary {
  return { ok: 0, mismatch: 0, 'shape-error': 0, 'parse-error': 0, unsupported: 0, skipped: 0 };
}

export function summarize(files: FileReport[]): Summary {
  const summary = emptySummary();
  for (const file of files)
    for (const finding of file.findings) {
      if (finding.suppressed) summary.suppressed = (summary.suppressed ?? 0) + 1;
      else summary[finding.verdict]++;
    }
  return summary;
}

/** Stable codes per verdict; the extension's diagnostics use them. */
export function codeOf(verdict: Verdict, message: string): string | undefined {
  switch (verdict) {
    case 'shape-error':
      return 'gradlens.shape';
    case 'mismatch':
      return 'gradlens.mismatch';
    case 'parse-error':
      return 'gradlens.parse';
    case 'unsupported':
      return /domain/i.test(message) ? 'gradlens.domain' : 'gradlens.unsupported';
    default:
      return undefined;
  }
}

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

export type Summary = Record<Verdict, number>;

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
  for (const file of files) for (const finding of file.findings) summary[finding.verdict]++;
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

// The Finding / Report types: the one JSON shape that the CLI prints and the extension,
// the worker and the webview read. Keep it stable; only add optional fields.
import type { Property } from './facts/kinds';
import type { Range } from './document';
import type { LimitName } from './limits';

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
  /** The diagnosis's code (`sign`, `factor`, `assumes-symmetric` …): always `diagnosisCode(diagnosisDetail)` when both are present. */
  diagnosis?: string;
  /** Undeclared symbols read against their convention so that the claim is well-formed. */
  readings?: { name: string; as: 'scalar' | 'vector' | 'matrix' }[];
  /**
   * Declared size letters read as one size (k as m) so that the claim is well-formed; the
   * claim is ok only if it then holds, and the declarations name that size twice.
   */
  sizes?: { name: string; as: string }[];
  /**
   * The diagnosis as data (the factor's value, the extra term, the convention, the assumed
   * property): what a reader of the JSON uses instead of the message, which is prose. Present
   * whenever `diagnosis` is; `diagnosis` is kept for compatibility and derived from it.
   */
  diagnosisDetail?: DiagnosisDetail;
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
  assumption?: AssumedProperty;
  /**
   * Silenced by a comment in the note (`gradlens-disable-next-line`, `gradlens-disable` …
   * `gradlens-enable`, `gradlens-disable-file`; see core/silence.ts): still computed and
   * reported, left out of diagnostics and of the CLI's lines. Present only when true.
   */
  suppressed?: boolean;
  /** The budget of src/core/limits.ts this finding reports reaching (the claim was not fully checked). */
  limit?: LimitName;
  /** A verified replacement for a wrong gradient claim's right-hand side (core/derive/fix.ts). */
  suggestion?: Suggestion;
  /**
   * The derived gradient as a replacement too, when `suggestion` is the smallest edit of the
   * writer's own side (negate, transpose, scale): the quick fixes offer both.
   */
  derivedSuggestion?: Suggestion;
}

/**
 * A replacement for a claim's right-hand side, checked against autodiff like the claim: the
 * smallest edit of the writer's own side (negate, transpose, scale) or the derived gradient.
 */
export interface Suggestion {
  kind: 'negate' | 'transpose' | 'negate-transpose' | 'scale' | 'derived';
  latex: string;
  /** `latex` as written into the file: JSON-escaped in a notebook's cell, else the same. */
  written: string;
  relError: number;
  /** The right-hand side it replaces. */
  range: Range;
  /** Set on a derived Hessian (a claim ∇²_w f = …): the fix names what it replaces with. */
  hessian?: true;
}

/** The two symmetric-gradient conventions: G + Gᵀ − diag(G), and sym(G) = (G + Gᵀ)/2. */
export type SymmetricConvention = 'independent' | 'sym';

/** A symbol and one of its properties: what an assumption is about. */
export interface AssumedProperty {
  symbol: string;
  display: string;
  property: Property;
}

/**
 * What kind of mistake (or convention) a finding's diagnosis is, with its data. `against`: the
 * claim follows that symmetric convention and is still off by this (a sign, a factor …).
 */
export type DiagnosisDetail =
  | { kind: 'sign'; against?: SymmetricConvention }
  | { kind: 'transpose'; against?: SymmetricConvention }
  | { kind: 'sign-transpose'; against?: SymmetricConvention }
  /** claim = value × truth; `text` as the message writes it: "2", "−1/2", "0.370". */
  | { kind: 'factor'; value: number; text: string; against?: SymmetricConvention }
  /**
   * Without this top-level term of the claim's right side (with its sign), the claim holds.
   * `term`: the term as printed; `latex` and `range`: its source in the note.
   */
  | {
      kind: 'extra-term';
      term: string;
      latex?: string;
      range?: Range;
      against?: SymmetricConvention;
    }
  /** With this term's sign flipped, the claim holds. */
  | {
      kind: 'term-sign';
      term: string;
      latex?: string;
      range?: Range;
      against?: SymmetricConvention;
    }
  /** Not a mistake: the claim is the gradient of a symmetric variable under this convention. */
  | { kind: 'symmetric-convention'; convention: SymmetricConvention }
  /** The claim holds once the note assumes this; it does not say so. */
  | ({ kind: 'assumes' } & AssumedProperty)
  /** The claim holds only under this property, which the note denies (0-based `line`). */
  | ({
      kind: 'contradicts';
      denial?: { line: number; via: string; quote: string };
    } & AssumedProperty)
  /** Not a mistake: the Jacobian is written in this layout. */
  | { kind: 'layout'; layout: 'numerator' | 'denominator' }
  /** The checker's own autodiff disagreed with finite differences: no verdict. */
  | { kind: 'autodiff-disagrees' }
  /**
   * No verdict: on every draw tried (other values, other scales) both sides overflowed, underflowed
   * or were all zero, so the numbers could not tell right from wrong.
   */
  | { kind: 'values-degenerate'; cause: DegenerateCause }
  /** No verdict: checking this claim threw, a GradLens bug (the other claims were still checked). */
  | { kind: 'internal-error' }
  /** No verdict: names the note never introduces are on one side only (an implicit definition). */
  | { kind: 'one-sided'; names: string[] };

/**
 * Why a draw is no evidence: a side not finite (overflow, NaN), both sides below float64's
 * range, both exactly 0, or a gradient below what differences of the objective can resolve (the
 * autodiff's self-check cannot judge it there).
 */
export type DegenerateCause = 'overflow' | 'underflow' | 'zero' | 'precision';

export type DiagnosisKind = DiagnosisDetail['kind'];

/** The `diagnosis` code of a detail: what `Finding.diagnosis` always equals. */
export function diagnosisCode(detail: DiagnosisDetail): string {
  switch (detail.kind) {
    case 'symmetric-convention':
      return detail.convention === 'independent'
        ? 'symmetric-independent-entries'
        : 'symmetric-sym';
    case 'assumes':
      return `assumes-${detail.property}`;
    case 'contradicts':
      return `contradicts-${detail.property}`;
    case 'layout':
      return `${detail.layout}-layout`;
    default:
      return detail.kind;
  }
}

/**
 * A finding's diagnosis as data: its detail, or, for JSON written before details (a code
 * alone), the detail of a code that carries no data (`sign`, `numerator-layout` …).
 * Undefined for codes whose data is missing (`factor` without its value).
 */
export function diagnosisDetailOf(
  finding: Pick<Finding, 'diagnosis' | 'diagnosisDetail'>,
): DiagnosisDetail | undefined {
  if (finding.diagnosisDetail) return finding.diagnosisDetail;
  switch (finding.diagnosis) {
    case 'sign':
    case 'transpose':
    case 'sign-transpose':
    case 'autodiff-disagrees':
    case 'internal-error':
      return { kind: finding.diagnosis };
    case 'symmetric-independent-entries':
      return { kind: 'symmetric-convention', convention: 'independent' };
    case 'symmetric-sym':
      return { kind: 'symmetric-convention', convention: 'sym' };
    case 'numerator-layout':
      return { kind: 'layout', layout: 'numerator' };
    case 'denominator-layout':
      return { kind: 'layout', layout: 'denominator' };
    default:
      return undefined;
  }
}

/** `Finding.assumption` from the detail: set for `assumes` only, never for `contradicts`. */
export function assumptionOf(detail: DiagnosisDetail | undefined): AssumedProperty | undefined {
  return detail?.kind === 'assumes'
    ? { symbol: detail.symbol, display: detail.display, property: detail.property }
    : undefined;
}

/** The diagnosis fields of a finding, consistent by construction: code, detail, assumption. */
export function diagnosisFields(
  detail: DiagnosisDetail | undefined,
): Pick<Finding, 'diagnosis' | 'diagnosisDetail' | 'assumption'> {
  if (!detail) return {};
  const assumption = assumptionOf(detail);
  return {
    diagnosis: diagnosisCode(detail),
    diagnosisDetail: detail,
    ...(assumption ? { assumption } : {}),
  };
}

export interface Evidence {
  /** `redraws`: the attempt that gave the draw, when earlier ones left the domain. */
  draws: {
    relError: number;
    sizes: string;
    redraws?: number;
    /** The magnitude its values were moved to, when the usual draws' values were degenerate. */
    magnitude?: { near: number } | { times: number };
    /** Both sides exactly 0 at every magnitude tried: an identity of zeros. */
    zeros?: true;
  }[];
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

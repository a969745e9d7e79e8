// The smallest edit of the writer's own right-hand side that makes a claim hold, for the
// mistakes the check diagnoses (report.ts DiagnosisDetail): a sign (negate it), a transpose
// (transpose it), a constant factor (scale it back). Verified as the claim itself is.
import type { GradientStep, Step } from '../claims/steps';
import { visit, type Expr } from '../latex/ast';
import type { ReadDocument, ReadStatement } from '../read';
import type { Finding, Suggestion } from '../report';
import { deriveGradient, gradientClaimParts, isDerivation, noteStyle } from './derive';
import { deriveHessian, hessianClaimParts } from './hessian';
import type { NoteStyle } from './style';
import { sourceText, verifyIn } from './verify';

export type FixKind = Suggestion['kind'];

export interface Fix {
  kind: FixKind;
  /** The new right-hand side, in the note's notation. */
  latex: string;
  relError: number;
  /** `latex` as it goes into the file (JSON-escaped in a notebook's cell). */
  written: string;
  /** Source offsets of the right-hand side it replaces. */
  start: number;
  end: number;
  /** A derived Hessian rather than a gradient. */
  hessian?: true;
}

/** The claim a finding is about: its statement and step. */
export function claimOf(
  read: ReadDocument,
  finding: Finding,
): { statement: ReadStatement; step: Step } | undefined {
  const offset = read.lines.offsetAt(finding.range.start);
  const end = read.lines.offsetAt(finding.range.end);
  for (const statement of read.statements) {
    const chain = statement.chain;
    if (!chain || chain.span.end < offset || chain.span.start > end) continue;
    const step =
      statement.steps.find((s) => s.rhs.span.start <= end && offset <= s.rhs.span.end) ??
      statement.steps.find((s) => s.kind === finding.kind);
    if (step) return { statement, step };
  }
  return undefined;
}

/** The writer's right-hand side negated, transposed or scaled, as the diagnosis says; verified. */
export function suggestFix(read: ReadDocument, finding: Finding): Fix | undefined {
  const detail = finding.diagnosisDetail;
  if (finding.verdict !== 'mismatch' || !detail) return undefined;
  const claim = claimOf(read, finding);
  if (!claim) return undefined;
  const { start, end } = claim.step.rhs.span;
  const rhs = readSource(read, read.document.text.slice(start, end).trim());
  if (rhs === undefined) return undefined;
  const style = noteStyle(read);
  let kind: FixKind;
  let latex: string;
  switch (detail.kind) {
    case 'sign':
      [kind, latex] = ['negate', negated(rhs)];
      break;
    case 'transpose':
    case 'sign-transpose':
      return transposeFix(read, claim.step, detail.kind === 'sign-transpose', style);
    case 'factor': {
      const by = fraction(1 / detail.value);
      if (!by) return undefined;
      [kind, latex] = ['scale', scaled(rhs, by)];
      break;
    }
    default:
      return undefined;
  }
  return verified(read, kind, latex, start, end);
}

/**
 * What to offer for a gradient (or Hessian) claim that is wrong: the smallest edit of the
 * writer's own side when the mistake is diagnosed, else the derived gradient (or Hessian).
 * Verified, or nothing.
 */
export function suggestionFor(read: ReadDocument, finding: Finding): Fix | undefined {
  if (!isWrongGradient(finding)) return undefined;
  return suggestFix(read, finding) ?? derivedFix(read, finding);
}

/**
 * Both kinds, each verified on its own: the smallest edit of the writer's side (for a
 * diagnosed sign, transpose or factor) and the derived gradient in place of the side.
 */
export function suggestionsFor(
  read: ReadDocument,
  finding: Finding,
): { minimal?: Fix; derived?: Fix } {
  if (!isWrongGradient(finding)) return {};
  const minimal = suggestFix(read, finding);
  const derived = derivedFix(read, finding);
  return { ...(minimal ? { minimal } : {}), ...(derived ? { derived } : {}) };
}

function isWrongGradient(finding: Finding): boolean {
  return (
    finding.kind === 'gradient' &&
    (finding.verdict === 'mismatch' || finding.verdict === 'shape-error')
  );
}

/** The derived gradient in place of the claim's right-hand side, verified there. */
export function derivedFix(read: ReadDocument, finding: Finding): Fix | undefined {
  const claim = claimOf(read, finding);
  if (!claim || claim.step.kind !== 'gradient') return undefined;
  // a Hessian claim (∇²_w f = …) gets the derived Hessian, a gradient claim the gradient
  const lhs = (claim.step as GradientStep).lhs;
  const hessian = hessianClaimParts(lhs);
  const parts = hessian ?? gradientClaimParts(lhs);
  if (!parts) return undefined;
  const derive = hessian ? deriveHessian : deriveGradient;
  const derived = derive(read, parts.objective, parts.wrt, claim.statement.chain!.span.start);
  if (!isDerivation(derived)) return undefined;
  const { start, end } = claim.step.rhs.span;
  const fix = verified(read, 'derived', derived.latex, start, end);
  return fix && hessian ? { ...fix, hessian: true } : fix;
}

/** Subexpressions tried for a transpose inside a differential's side: the largest first. */
const TRANSPOSE_CANDIDATES = 6;

/**
 * The right side transposed; in a differential (dφ = tr(G dX)), whose side is a scalar, the
 * coefficient G is what was transposed: its largest matrix subexpressions are tried in turn.
 */
function transposeFix(read: ReadDocument, step: Step, negate: boolean, style: NoteStyle) {
  const text = read.document.text;
  const kind: FixKind = negate ? 'negate-transpose' : 'transpose';
  const { start, end } = step.rhs.span;
  const edit = (latex: string) => (negate ? negated(latex) : latex);
  if (step.kind !== 'differential') {
    const rhs = readSource(read, text.slice(start, end).trim());
    return rhs === undefined
      ? undefined
      : verified(read, kind, edit(transposed(rhs, style)), start, end);
  }
  const candidates: Expr[] = [];
  visit(step.rhs, (node) => {
    if (node === step.rhs || node.span.end <= node.span.start) return;
    let hasDifferential = false;
    visit(node, (n) => {
      if (n.type === 'differential') hasDifferential = true;
    });
    if (!hasDifferential && node.type !== 'number') candidates.push(node);
  });
  candidates.sort((a, b) => b.span.end - b.span.start - (a.span.end - a.span.start));
  for (const node of candidates.slice(0, TRANSPOSE_CANDIDATES)) {
    const parts = [
      text.slice(start, node.span.start),
      text.slice(node.span.start, node.span.end).trim(),
      text.slice(node.span.end, end),
    ].map((p) => readSource(read, p));
    if (parts.some((p) => p === undefined)) continue;
    const [before, middle, after] = parts as string[];
    const whole = before + transposed(middle, style) + after;
    const fix = verified(read, kind, edit(whole), start, end);
    if (fix) return fix;
  }
  return undefined;
}

function verified(
  read: ReadDocument,
  kind: FixKind,
  latex: string,
  start: number,
  end: number,
): Fix | undefined {
  const text = read.document.text;
  const written = sourceText(read, latex);
  const edited = text.slice(0, start) + written + text.slice(end);
  const check = verifyIn(read, edited, start, start + written.length);
  if (check.verdict !== 'ok' || check.relError === undefined) return undefined;
  return { kind, latex, written, relError: check.relError, start, end };
}

/** Source text as LaTeX: a notebook cell's JSON escapes undone; undefined if it cannot be. */
function readSource(read: ReadDocument, text: string): string | undefined {
  if (read.document.language !== 'notebook') return text;
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return undefined;
  }
}

/** Top level of the LaTeX has a + or − between terms (not inside braces or parentheses). */
function isSum(latex: string): boolean {
  let depth = 0;
  for (let i = 0; i < latex.length; i++) {
    const c = latex[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if ((c === '+' || c === '-') && depth === 0 && latex.slice(0, i).trim() !== '')
      return true;
  }
  return false;
}

function negated(rhs: string): string {
  if (isSum(rhs)) return `-\\left(${rhs}\\right)`;
  return rhs.startsWith('-') ? rhs.slice(1).trim() : `-${rhs}`;
}

function transposed(rhs: string, style: NoteStyle): string {
  const t = style.transpose;
  if (/^(?:[A-Za-z]|\\mathbf\{[A-Za-z]\}|\\[A-Za-z]+)$/.test(rhs)) return `${rhs}${t}`;
  return `\\left(${rhs}\\right)${t}`;
}

function scaled(rhs: string, by: string): string {
  if (isSum(rhs) || /^-?\s*(?:\d|\\[td]?frac)/.test(rhs)) return `${by}\\left(${rhs}\\right)`;
  return rhs.startsWith('-') ? `-${by}${rhs.slice(1).trim()}` : `${by}${rhs}`;
}

/** 2 → "2", 0.5 → "\frac{1}{2}", −1/3 → "-\frac{1}{3}"; undefined when not a simple fraction. */
function fraction(x: number): string | undefined {
  for (let q = 1; q <= 64; q++) {
    const p = Math.round(x * q);
    if (Math.abs(x * q - p) < 1e-9 * Math.max(1, Math.abs(x * q))) {
      if (q === 1) return String(p);
      return `${p < 0 ? '-' : ''}\\frac{${Math.abs(p)}}{${q}}`;
    }
  }
  return undefined;
}

/** The fix as the report's suggestion: its range in lines and characters. */
export function asSuggestion(read: ReadDocument, fix: Fix): Suggestion {
  return {
    kind: fix.kind,
    latex: fix.latex,
    written: fix.written,
    relError: fix.relError,
    range: read.lines.rangeOf(fix.start, fix.end),
    ...(fix.hessian ? { hessian: true as const } : {}),
  };
}

/** Every wrong gradient claim's finding with its verified suggestions, where there are any. */
export function withSuggestions(read: ReadDocument, findings: Finding[]): Finding[] {
  return findings.map((finding) => withSuggestionsOf(read, finding));
}

/**
 * The finding with `suggestion` (the smallest edit when there is one, else the derived
 * gradient: what `--suggest` applies) and, beside a smallest edit, `derivedSuggestion`.
 */
export function withSuggestionsOf(read: ReadDocument, finding: Finding): Finding {
  const { minimal, derived } = suggestionsFor(read, finding);
  const first = minimal ?? derived;
  if (!first) return finding;
  return {
    ...finding,
    suggestion: asSuggestion(read, first),
    ...(minimal && derived ? { derivedSuggestion: asSuggestion(read, derived) } : {}),
  };
}

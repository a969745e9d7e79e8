// The "Replace with the gradient" quick fix as data: a wrong gradient claim's finding, with the
// verified suggestion the worker attached (core/derive/fix.ts), → one replacement of exactly
// the claimed right-hand side. A diagnosed sign, transpose or factor is fixed by the smallest
// edit of the writer's own expression, and the derived gradient is offered beside it.
// Pure (no `vscode` import): the code action provider turns the result into a WorkspaceEdit.
import { LineIndex, type Range } from '../core/document';
import type { Finding, Suggestion } from '../core/report';

/** Long derived gradients are cut in the title; the edit carries the whole of it. */
const MAX_TITLE_LATEX = 80;

export interface ReplaceFix {
  title: string;
  /** The claimed right-hand side, as the finding's version of the text has it. */
  range: Range;
  /** What replaces it, escaped as the file needs (a raw notebook's JSON). */
  newText: string;
}

const MINIMAL_TITLES: Record<Exclude<Suggestion['kind'], 'derived'>, string> = {
  negate: 'Negate the claimed gradient',
  transpose: 'Transpose the claimed gradient',
  'negate-transpose': 'Negate and transpose the claimed gradient',
  scale: 'Scale the claimed gradient',
};

export function deriveFix(
  text: string,
  finding: Pick<Finding, 'suggestion'>,
): ReplaceFix | undefined {
  return replaceFix(text, finding.suggestion);
}

/** Every fix the finding carries: the smallest edit first, then the derived gradient. */
export function deriveFixes(
  text: string,
  finding: Pick<Finding, 'suggestion' | 'derivedSuggestion'>,
): ReplaceFix[] {
  return [finding.suggestion, finding.derivedSuggestion]
    .map((s) => replaceFix(text, s))
    .filter((f): f is ReplaceFix => f !== undefined);
}

function replaceFix(text: string, suggestion: Suggestion | undefined): ReplaceFix | undefined {
  if (!suggestion || !withinText(text, suggestion.range)) return undefined;
  const title =
    suggestion.kind === 'derived'
      ? `Replace with the ${suggestion.hessian ? 'Hessian' : 'gradient'}: ${truncate(suggestion.latex, MAX_TITLE_LATEX)}`
      : `${MINIMAL_TITLES[suggestion.kind]}: ${truncate(suggestion.latex, MAX_TITLE_LATEX)}`;
  return { title, range: suggestion.range, newText: suggestion.written };
}

/** The text with the fix applied (what the editor does with the WorkspaceEdit; for tests). */
export function applyFix(text: string, fix: ReplaceFix): string {
  const lines = new LineIndex(text);
  const start = lines.offsetAt(fix.range.start);
  const end = lines.offsetAt(fix.range.end);
  return text.slice(0, start) + fix.newText + text.slice(end);
}

/** A range from an older text may point past this one's lines or line ends: then no fix. */
function withinText(text: string, range: Range): boolean {
  const lines = text.split('\n');
  const fits = ({ line, character }: Range['start']) =>
    line < lines.length && character <= lines[line].replace(/\r$/, '').length;
  return fits(range.start) && fits(range.end);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

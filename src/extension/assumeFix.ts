// The "assume it" quick fix as data: a finding that holds only under an assumption the note
// does not make (A symmetric) → one directive line to insert above the claim's math region,
// `<!-- gradlens: A symmetric -->` in Markdown (and notebook markdown cells),
// `% gradlens: A symmetric` in LaTeX. The symbol is spelled so that GradLens's own directive
// reader reads it back as the same name; when no spelling does, there is no fix.
// Pure (no `vscode` import): the code action provider turns the result into a WorkspaceEdit.
import { parseDirective } from '../core/claims/declarations';
import { LineIndex, type DocumentLanguage } from '../core/document';
import { PROPERTIES, type Property } from '../core/facts/kinds';
import { symbolsFromLatex } from '../core/read';
import type { Finding } from '../core/report';
import { scanDocument } from '../core/scan';

export type Assumption = NonNullable<Finding['assumption']>;

export interface AssumeFix {
  /** "Assume A is symmetric (add a gradlens directive)". */
  title: string;
  /** 0-based line the directive goes above; `text` is inserted at its first character. */
  line: number;
  /** The whole line to insert, indentation and line break included. */
  text: string;
  /** What follows `gradlens:`, e.g. "A symmetric". */
  directive: string;
}

/**
 * The directive line that makes `finding`'s assumption part of the note, or undefined when the
 * finding carries none, the language has no comment to hold it (raw .ipynb JSON), or no
 * spelling of the symbol reads back through the directive parser as the same name.
 */
export function assumeFix(
  text: string,
  language: DocumentLanguage,
  finding: Pick<Finding, 'range' | 'assumption'>,
): AssumeFix | undefined {
  const assumption = finding.assumption;
  if (!assumption || language === 'notebook') return undefined;
  const directive = directiveText(assumption);
  if (!directive) return undefined;
  const lines = new LineIndex(text);
  const line = regionStartLine(text, language, lines.offsetAt(finding.range.start), lines);
  const lineStart = lines.offsetAt({ line, character: 0 });
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const comment =
    language === 'latex' ? `% gradlens: ${directive}` : `<!-- gradlens: ${directive} -->`;
  const fix: AssumeFix = {
    title: `Assume ${assumption.display} ${phrase(assumption.property)} (add a gradlens directive)`,
    line,
    text: `${indent}${comment}${eol}`,
    directive,
  };
  // The scanner must see the new line as a directive (not inside code or math) that says it.
  const edited = applyAssumeFix(text, fix);
  const seen = scanDocument(edited, language).directives.some((segment) =>
    readsAs(segment.text, assumption),
  );
  return seen ? fix : undefined;
}

/** The document text with the fix applied (for tests and the check above). */
export function applyAssumeFix(text: string, fix: Pick<AssumeFix, 'line' | 'text'>): string {
  const offset = new LineIndex(text).offsetAt({ line: fix.line, character: 0 });
  return text.slice(0, offset) + fix.text + text.slice(offset);
}

/** "A symmetric", with the first spelling of A that the directive reader reads back as A. */
export function directiveText(assumption: Assumption): string | undefined {
  const word = PROPERTIES[assumption.property].directiveWords[0];
  for (const spelling of spellings(assumption.symbol)) {
    const candidate = `${spelling} ${word}`;
    if (readsAs(candidate, assumption)) return candidate;
  }
  return undefined;
}

/** True when a directive's text declares exactly this symbol with this property. */
function readsAs(directive: string, assumption: Assumption): boolean {
  const { entries, problems } = parseDirective(directive);
  if (problems.length > 0 || entries.length !== 1) return false;
  const entry = entries[0];
  if (entry.dims || !entry.properties?.includes(assumption.property)) return false;
  const symbols = symbolsFromLatex(entry.symbol);
  return symbols?.length === 1 && symbols[0].name === assumption.symbol;
}

/**
 * Ways to write a symbol name in a directive, plainest first: the name itself (A, \Sigma,
 * W_{1}, \hat{A}), with one-character subscripts unbraced (\Sigma_1), and wrapped in \mathbf
 * (the reader drops boldness from names, and the directive's symbol pattern takes a command
 * with one braced argument, so \mathbf{\Sigma_1} reads as \Sigma_{1}).
 */
function spellings(name: string): string[] {
  const unbraced = name.replace(/_\{([A-Za-z0-9])\}/g, '_$1');
  return [...new Set([name, unbraced, `\\mathbf{${unbraced}}`, `\\mathbf{${name}}`])];
}

/** The line of the math region holding `offset` (the claim's own line when none does). */
function regionStartLine(
  text: string,
  language: DocumentLanguage,
  offset: number,
  lines: LineIndex,
): number {
  const region = scanDocument(text, language).regions.find(
    (r) => r.start <= offset && offset < r.end,
  );
  return lines.positionAt(region ? region.start : offset).line;
}

function phrase(property: Property): string {
  const label = PROPERTIES[property].label;
  return PROPERTIES[property].group === 'entries' && label.endsWith('entries')
    ? `has ${label}`
    : `is ${label}`;
}

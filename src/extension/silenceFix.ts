// The "Don't check this claim" quick fix as data: a GradLens finding → one comment line that
// silences it, `<!-- gradlens-disable-next-line -->` in Markdown (and notebook markdown cells),
// `% gradlens-disable-next-line` in LaTeX, inserted above the claim's line with its
// indentation, or, when the claim is in display math (`$$`, `\[`, an environment), above the
// line where that region starts (the comment then covers the whole region: core/silence.ts).
// The fix is offered only if the core, reading the edited text, silences the finding.
// Pure (no `vscode` import): the code action provider turns the result into a WorkspaceEdit.
import { LineIndex, type DocumentLanguage } from '../core/document';
import type { Finding } from '../core/report';
import { scanDocument } from '../core/scan';
import { isSilenced, silencingOf } from '../core/silence';

export const SILENCE_TITLE = "Don't check this claim";

export interface SilenceFix {
  title: string;
  /** 0-based line the comment goes above; `text` is inserted at its first character. */
  line: number;
  /** The whole line to insert, indentation and line break included. */
  text: string;
}

export function silenceFix(
  text: string,
  language: DocumentLanguage,
  finding: Pick<Finding, 'range'>,
): SilenceFix | undefined {
  // A raw .ipynb is JSON: its cells are edited as cells (language markdown), not here.
  if (language === 'notebook') return undefined;
  const lines = new LineIndex(text);
  const offset = lines.offsetAt(finding.range.start);
  const region = scanDocument(text, language).regions.find(
    (r) => r.display && r.start <= offset && offset < r.end,
  );
  const line = lines.positionAt(region ? region.start : offset).line;
  const lineText = text.slice(
    lines.offsetAt({ line, character: 0 }),
    line + 1 < lines.lineCount ? lines.offsetAt({ line: line + 1, character: 0 }) : text.length,
  );
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const comment =
    language === 'latex' ? '% gradlens-disable-next-line' : '<!-- gradlens-disable-next-line -->';
  // In a block quote the comment goes inside the quote (`> <!-- … -->`); plain indentation
  // otherwise, and no indentation as a last resort.
  const indents = [
    ...(language === 'markdown' ? [/^(?:[ \t]*>)+[ \t]?/.exec(lineText)?.[0]] : []),
    /^[ \t]*/.exec(lineText)![0],
    '',
  ].filter((s): s is string => s !== undefined);
  for (const indent of [...new Set(indents)]) {
    const fix: SilenceFix = { title: SILENCE_TITLE, line, text: `${indent}${comment}${eol}` };
    if (silences(text, language, fix, offset)) return fix;
  }
  return undefined;
}

/** The document text with the fix applied. */
export function applySilenceFix(text: string, fix: Pick<SilenceFix, 'line' | 'text'>): string {
  const offset = new LineIndex(text).offsetAt({ line: fix.line, character: 0 });
  return text.slice(0, offset) + fix.text + text.slice(offset);
}

/** Whether the core, reading the edited text, silences what was at `offset`. */
function silences(
  text: string,
  language: DocumentLanguage,
  fix: SilenceFix,
  offset: number,
): boolean {
  const edited = applySilenceFix(text, fix);
  const scan = scanDocument(edited, language);
  return isSilenced(silencingOf(scan, edited.length), offset + fix.text.length);
}

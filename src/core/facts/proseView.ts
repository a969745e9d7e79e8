// The text a prose reader may look at: the scanner's prose segments and inline math, at their
// source offsets, everything else (code, HTML and LaTeX comments, display math, preambles)
// blanked to spaces with its newlines kept. Offsets in the view are offsets in the document,
// so readers report exact spans, and no reader can see words that are not prose.
import { sourceOffset, type MathRegion, type ScanResult } from '../scan/region';

export interface InlineMath {
  /** Math text of the region. */
  text: string;
  start: number;
  end: number;
}

export interface ProseView {
  /** As long as the document; only prose and inline math survive. */
  text: string;
  /** The inline math regions, in order: the symbols prose speaks of. */
  inline: InlineMath[];
}

const views = new WeakMap<ScanResult, { text: string; view: ProseView }>();

/** The prose view of a scanned document: one per scan (asked again, the same object). */
export function proseView(documentText: string, scan: ScanResult): ProseView {
  const known = views.get(scan);
  if (known && known.text === documentText) return known.view;
  const view = buildView(documentText, scan);
  views.set(scan, { text: documentText, view });
  return view;
}

function buildView(documentText: string, scan: ScanResult): ProseView {
  const chars = new Array<string>(documentText.length);
  for (let i = 0; i < documentText.length; i++) chars[i] = documentText[i] === '\n' ? '\n' : ' ';
  const put = (at: number, ch: string) => {
    if (at >= 0 && at < chars.length) chars[at] = ch;
  };
  if (isNotebook(scan)) notebookBreaks(documentText, put);
  for (const segment of scan.prose) {
    for (let i = 0; i < segment.text.length; i++) put(sourceOffset(segment, i), segment.text[i]);
  }
  const inline = scan.regions.filter((r) => !r.display);
  for (const region of inline) writeInline(region, documentText, put);
  return {
    text: chars.join(''),
    inline: inline.map((r) => ({ text: r.text, start: r.start, end: r.end })),
  };
}

/** Inline math as `$…$` at its place (a notebook's escaped JSON decoded, delimiters kept). */
function writeInline(
  region: MathRegion,
  documentText: string,
  put: (at: number, ch: string) => void,
): void {
  if (!region.sourceOffsets) {
    for (let i = region.start; i < region.end; i++) put(i, documentText[i]);
    return;
  }
  put(region.start, '$');
  for (let i = 0; i < region.text.length; i++) put(sourceOffset(region, i), region.text[i]);
  put(region.end - 1, '$');
}

/** A notebook's text is decoded JSON: its prose segments carry offset arrays. */
function isNotebook(scan: ScanResult): boolean {
  return scan.prose.some((p) => p.sourceOffsets) || scan.regions.some((r) => r.sourceOffsets);
}

/**
 * In a notebook the file's own newlines are JSON layout, not text: between two lines of one
 * cell (`"…\n",⏎  "…"`) they would read as a blank line, and between two cells there may be
 * none at all. So: no newline between the strings of one array, and a paragraph break between
 * cells. Prose and math are written afterwards, so nothing here can cover a word.
 */
function notebookBreaks(documentText: string, put: (at: number, ch: string) => void): void {
  for (const m of documentText.matchAll(/",[ \t]*\r?\n[ \t\r\n]*"/g))
    for (let i = 0; i < m[0].length; i++) put(m.index + i, ' ');
  for (const m of documentText.matchAll(/\}\s*,\s*\{/g)) {
    put(m.index, '\n');
    put(m.index + m[0].length - 1, '\n');
  }
}

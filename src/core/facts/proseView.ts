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
  /** Written in the words of a display (`\text{where $A$ is symmetric}`): that display's start. */
  inDisplay?: number;
}

export interface ProseView {
  /** As long as the document; only prose and inline math survive. */
  text: string;
  /** The inline math regions, in order: the symbols prose speaks of. */
  inline: InlineMath[];
  /**
   * Commands the note defines as one symbol (`\newcommand{\mA}{\bm{A}}`): `$\mA$` in prose names
   * a symbol like `$A$`. Set by the reader of the document, which knows its macros.
   */
  symbolCommands?: ReadonlySet<string>;
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
  const wordsInDisplays = scan.regions
    .filter((r) => r.display)
    .flatMap((region) => writeTextWithMath(region, put));
  return {
    text: chars.join(''),
    inline: [
      ...inline.map((r) => ({ text: r.text, start: r.start, end: r.end })),
      ...wordsInDisplays,
    ].sort((a, b) => a.start - b.start),
  };
}

/** `\text{…}` and its kin, whose words a display may hold. */
const TEXT_GROUP = /\\(?:text|textrm|textnormal|textit|mbox|hbox|intertext|shortintertext)\s*\{/g;

/**
 * Words with math inside a display (`\text{where $A$ is symmetric}`, an underbrace's
 * `\text{$…$ when $A$ is symmetric}`) are prose: written at their place as a sentence of their
 * own (a full stop on each brace), their `$…$` as inline math. Words without math stay out
 * (`\text{s.t.}`, `\text{for all } i`): they name nothing a reader could use.
 */
function writeTextWithMath(
  region: MathRegion,
  put: (at: number, ch: string) => void,
): InlineMath[] {
  const text = region.text;
  const found: InlineMath[] = [];
  const closing = matchingBraces(text);
  // dollars before each place, so that "has the group math?" is one subtraction (no rescans)
  const dollars = new Int32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) dollars[i + 1] = dollars[i] + (text[i] === '$' ? 1 : 0);
  let written = -1;
  for (const m of text.matchAll(TEXT_GROUP)) {
    const open = m.index + m[0].length - 1;
    const close = closing.get(open);
    // inside a group already written (\text{… \textit{…} …}): its words are there
    if (close === undefined || open < written || dollars[close] - dollars[open] < 2) continue;
    written = close;
    const at = (i: number) => sourceOffset(region, i);
    put(at(open), '.');
    put(at(close), '.');
    for (let i = open + 1; i < close; i++) if (text[i] !== '\n') put(at(i), text[i]);
    for (let i = text.indexOf('$', open); i >= 0 && i < close;) {
      const end = text.indexOf('$', i + 1);
      if (end < 0 || end > close) break;
      found.push({
        text: text.slice(i + 1, end),
        start: at(i),
        end: at(end) + 1,
        inDisplay: region.start,
      });
      i = text.indexOf('$', end + 1);
    }
  }
  return found;
}

/** Each `{` at its matching `}`, in one pass (unclosed ones have none). */
function matchingBraces(text: string): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '{') open.push(i);
    else if (text[i] === '}' && open.length > 0) pairs.set(open.pop()!, i);
  }
  return pairs;
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

// The tiny document interface the core works on. The extension, the worker and the CLI each
// supply their own; positions are LSP-style: 0-based lines, UTF-16 columns.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type DocumentLanguage = 'markdown' | 'latex' | 'notebook';

/** A part of a document with its own line numbers: a notebook cell read with the others. */
export interface Section {
  /** Its first line in the document. */
  line: number;
  /** How a person names it: "cell 3". */
  name: string;
}

/** "line 7", or "line 2 of cell 3" when the document is made of sections. */
export function describeLine(line: number, sections?: readonly Section[]): string {
  let section: Section | undefined;
  for (const s of sections ?? []) {
    if (s.line > line) break;
    section = s;
  }
  return section ? `line ${line - section.line + 1} of ${section.name}` : `line ${line + 1}`;
}

export interface SourceDocument {
  uri: string;
  version: number;
  language: DocumentLanguage;
  text: string;
}

/** Maps UTF-16 offsets to line/character positions with a binary search over line starts. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.lineStarts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      }
    }
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.lineStarts[lo] };
  }

  offsetAt(position: Position): number {
    const line = Math.max(0, Math.min(position.line, this.lineStarts.length - 1));
    return Math.min(this.lineStarts[line] + Math.max(0, position.character), this.text.length);
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

/** Infers the language from a file name; undefined when GradLens does not read that kind. */
export function languageOfPath(path: string): DocumentLanguage | undefined {
  const lower = path.toLowerCase();
  if (/\.(md|markdown|mdx|qmd|rmd)$/.test(lower)) return 'markdown';
  if (/\.(tex|latex|ltx|sty)$/.test(lower)) return 'latex';
  if (lower.endsWith('.ipynb')) return 'notebook';
  return undefined;
}

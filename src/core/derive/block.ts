// A derivation block as it goes into the note: aligned rows in display math ($$ aligned $$ in
// Markdown, align* in LaTeX), inserted after the line where the objective's formula ends. The
// differential steps are checked in exactly this text at exactly this place (verify.ts).
import type { DocumentLanguage } from '../document';
import type { ReadDocument } from '../read';
import { sourceText } from './verify';

/** One row of an aligned derivation: `lhs &= rhs` (lhs empty for a continued chain). */
export interface BlockRow {
  lhs: string;
  rhs: string;
}

export function rowLatex(row: BlockRow): string {
  return `${row.lhs} &= ${row.rhs}`.trimStart();
}

/** The rows as display math in the note's language; one row per line. */
export function derivationBlock(rows: BlockRow[], language: DocumentLanguage): string {
  const body = rows.map(rowLatex).join(' \\\\\n');
  return language === 'latex'
    ? `\\begin{align*}\n${body}\n\\end{align*}`
    : `$$\n\\begin{aligned}\n${body}\n\\end{aligned}\n$$`;
}

export interface Insertion {
  /** Source offset the text goes in at. */
  at: number;
  /** What goes in there, as the file stores it (JSON-escaped in a notebook's cell). */
  text: string;
  /** Offsets in the edited document of each row's start, and of the block's end. */
  rowStarts: number[];
  end: number;
}

/**
 * The block after the line where the math region at `after` ends (a blank line on each side);
 * in a raw notebook, right after the region, inside its cell.
 */
export function blockInsertion(read: ReadDocument, after: number, block: string): Insertion {
  const text = read.document.text;
  const region = read.scan.regions.find((r) => r.start <= after && after < r.end);
  const from = region ? region.end : Math.min(after, text.length);
  const notebook = read.document.language === 'notebook';
  const lineEnd = text.indexOf('\n', from);
  const at = notebook ? from : lineEnd < 0 ? text.length : lineEnd;
  const tail = notebook || text.startsWith('\n\n', at) || at === text.length ? '' : '\n';
  const raw = `\n\n${block}${tail}`;
  const written = sourceText(read, raw);
  const rowStarts: number[] = [];
  let search = 0;
  const lines = raw.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.includes('&=')) rowStarts.push(at + sourceText(read, raw.slice(0, search)).length);
    search += line.length + (i < lines.length - 1 ? 1 : 0);
  }
  return { at, text: written, rowStarts, end: at + written.length };
}

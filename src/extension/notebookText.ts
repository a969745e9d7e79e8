// A notebook's markdown cells read as one document, as its reader reads it: "Let X ∈ ℝ^{m×n}"
// in the first cell sizes the X of a gradient three cells later, and a \newcommand in one cell
// serves the rest. The cells are joined with a blank line (so no paragraph or $…$ runs from
// one cell into the next); findings are split back to their cells with their lines shifted.
// Pure (no `vscode` import).
import type { Position, Range } from '../core/document';
import type { Finding, RelatedInformation } from '../core/report';

export interface CellText {
  uri: string;
  text: string;
}

export interface CellPart {
  uri: string;
  /** Offset and line of the cell's first character in the joined text. */
  offset: number;
  line: number;
  /** Lines of the cell (a cell without a newline has one). */
  lineCount: number;
}

export interface JoinedCells {
  text: string;
  parts: CellPart[];
}

const SEPARATOR = '\n\n';

export function joinCells(cells: readonly CellText[]): JoinedCells {
  const parts: CellPart[] = [];
  let text = '';
  let line = 0;
  cells.forEach((cell, i) => {
    if (i > 0) {
      text += SEPARATOR;
      line += 2;
    }
    const lineCount = countLines(cell.text);
    parts.push({ uri: cell.uri, offset: text.length, line, lineCount });
    text += cell.text;
    line += lineCount - 1;
  });
  return { text, parts };
}

/** The cell that holds a line of the joined text (the one before it, for a separator line). */
export function partAtLine(parts: readonly CellPart[], line: number): CellPart | undefined {
  let found: CellPart | undefined;
  for (const part of parts) {
    if (part.line > line) break;
    found = part;
  }
  return found;
}

/** Where a cell-relative position is in the joined text. */
export function toJoined(part: CellPart, position: Position): Position {
  return { line: position.line + part.line, character: position.character };
}

/**
 * Findings of the joined text, per cell URI, in cell coordinates. Related places in another
 * cell carry that cell's URI. Every part gets an entry (an empty list clears a cell).
 */
export function splitFindings(
  joined: JoinedCells,
  findings: readonly Finding[],
): Map<string, Finding[]> {
  const byCell = new Map<string, Finding[]>(joined.parts.map((p) => [p.uri, []]));
  for (const finding of findings) {
    const part = partAtLine(joined.parts, finding.range.start.line);
    if (!part) continue;
    const moved: Finding = { ...finding, range: toCell(part, finding.range) };
    if (finding.suggestion)
      moved.suggestion = { ...finding.suggestion, range: toCell(part, finding.suggestion.range) };
    if (finding.derivedSuggestion)
      moved.derivedSuggestion = {
        ...finding.derivedSuggestion,
        range: toCell(part, finding.derivedSuggestion.range),
      };
    if (finding.related)
      moved.related = finding.related.map((r) => relatedToCell(joined.parts, part, r));
    byCell.get(part.uri)!.push(moved);
  }
  return byCell;
}

function relatedToCell(
  parts: readonly CellPart[],
  own: CellPart,
  related: RelatedInformation,
): RelatedInformation {
  const part = partAtLine(parts, related.range.start.line) ?? own;
  const moved: RelatedInformation = { ...related, range: toCell(part, related.range) };
  if (part.uri !== own.uri) moved.uri = part.uri;
  return moved;
}

/** A range moved into its cell; a range that ran past the cell's end is cut at it. */
function toCell(part: CellPart, range: Range): Range {
  const last = part.lineCount - 1;
  const clamp = (p: Position): Position => {
    const line = p.line - part.line;
    if (line > last) return { line: last, character: Number.MAX_SAFE_INTEGER };
    return { line: Math.max(0, line), character: line < 0 ? 0 : p.character };
  };
  return { start: clamp(range.start), end: clamp(range.end) };
}

function countLines(text: string): number {
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return lines;
}

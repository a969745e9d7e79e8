// Jupyter notebook scanner. Each markdown cell's source (a string or an array of strings) is
// scanned as Markdown on its decoded text; every offset is then mapped back into the raw
// .ipynb text, where JSON escapes (`\\`, `\n`, `\"`, `\u00e9`, …) make decoded and raw
// offsets differ. All regions, prose segments and directives of a notebook therefore carry
// `sourceOffsets` into the raw file; `start`/`end` of regions and problems are raw offsets.
//
// The cells are located with a small JSON walker that follows the raw text
// (top-level object → "cells" → each cell → "source"), in the order JSON.parse reads them;
// cell types come from JSON.parse. Cells are scanned separately, so prose never spans two
// cells and proseBefore / proseAfter stay within a cell. Non-markdown cells are ignored.
//
// Offsets: sourceOffsets[i] is the raw offset where the encoding of decoded character i
// starts (the `\` of an escape); the last entry is the raw offset just after the encoding of
// the last character. A region may span several strings of a `source` array; its raw
// start/end then include the `", "` between them. Invalid JSON (or no "cells" array) gives
// one problem at offset 0: "not a valid notebook: …". All sourceOffsets arrays of one result
// are views of a single buffer. Silencing comments are mapped the same way (a next-line
// span is the next line of the cell's decoded text); each cell that has any ends with a
// `boundary`, so a `gradlens-disable` never runs into the next cell.
import { emptyResult, sortDirectives } from './common';
import { scanMarkdown } from './markdown';
import type { ProseSegment, ScanResult, SilenceComment } from './region';

/** Raw [start, end) of a JSON string literal's content (between the quotes). */
interface Literal {
  start: number;
  end: number;
}

class JsonWalker {
  pos: number;

  constructor(
    private readonly raw: string,
    start: number,
  ) {
    this.pos = start;
  }

  private ws(): void {
    const raw = this.raw;
    while (this.pos < raw.length) {
      const c = raw.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  private peek(): number {
    this.ws();
    return this.raw.charCodeAt(this.pos);
  }

  private expect(c: number): void {
    if (this.peek() !== c) throw new Error(`expected ${String.fromCharCode(c)} at ${this.pos}`);
    this.pos++;
  }

  /** A string literal at the current position; returns its content span. */
  private string(): Literal {
    this.expect(34);
    const raw = this.raw;
    const start = this.pos;
    let i = start;
    while (i < raw.length) {
      const c = raw.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 34) break;
      else i++;
    }
    if (i >= raw.length) throw new Error('unterminated string');
    this.pos = i + 1;
    return { start, end: i };
  }

  private key(): string {
    const lit = this.string();
    return JSON.parse(this.raw.slice(lit.start - 1, lit.end + 1)) as string;
  }

  /** Skips any value without recursion. */
  private skipValue(): void {
    const c = this.peek();
    if (c === 34) {
      this.string();
      return;
    }
    if (c === 123 || c === 91) {
      let depth = 0;
      const raw = this.raw;
      while (this.pos < raw.length) {
        const d = raw.charCodeAt(this.pos);
        if (d === 34) {
          this.string();
          continue;
        }
        if (d === 123 || d === 91) depth++;
        else if (d === 125 || d === 93) {
          depth--;
          if (depth === 0) {
            this.pos++;
            return;
          }
        }
        this.pos++;
      }
      throw new Error('unterminated container');
    }
    const raw = this.raw;
    while (this.pos < raw.length) {
      const d = raw.charCodeAt(this.pos);
      if (d === 44 || d === 93 || d === 125 || d === 32 || d === 9 || d === 10 || d === 13) break;
      this.pos++;
    }
  }

  /** Iterates the members of an object at the current position. */
  private members(onMember: (key: string) => void): void {
    this.expect(123);
    if (this.peek() === 125) {
      this.pos++;
      return;
    }
    for (;;) {
      const key = this.key();
      this.expect(58);
      onMember(key);
      const c = this.peek();
      this.pos++;
      if (c === 125) return;
      if (c !== 44) throw new Error(`expected , or } at ${this.pos - 1}`);
    }
  }

  private elements(onElement: (index: number) => void): void {
    this.expect(91);
    if (this.peek() === 93) {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      onElement(index);
      const c = this.peek();
      this.pos++;
      if (c === 93) return;
      if (c !== 44) throw new Error(`expected , or ] at ${this.pos - 1}`);
    }
  }

  /** For each cell (by index), the literals of its `source`, or undefined if none. */
  cellSources(): (Literal[] | undefined)[] {
    let cells: (Literal[] | undefined)[] = [];
    this.members((key) => {
      if (key === 'cells' && this.peek() === 91) {
        const found: (Literal[] | undefined)[] = [];
        this.elements((index) => {
          found[index] = this.peek() === 123 ? this.cell() : (this.skipValue(), undefined);
        });
        cells = found;
      } else {
        this.skipValue();
      }
    });
    return cells;
  }

  private cell(): Literal[] | undefined {
    let source: Literal[] | undefined;
    this.members((key) => {
      if (key !== 'source') {
        this.skipValue();
        return;
      }
      const c = this.peek();
      if (c === 34) {
        source = [this.string()];
      } else if (c === 91) {
        const parts: Literal[] = [];
        this.elements(() => {
          if (this.peek() === 34) parts.push(this.string());
          else this.skipValue();
        });
        source = parts;
      } else {
        this.skipValue();
        source = undefined;
      }
    });
    return source;
  }
}

const SIMPLE_ESCAPES: Record<string, number> = {
  '"': 34,
  '\\': 92,
  '/': 47,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
};

/**
 * Raw offsets of decoded characters for all cells of one file, in two shared arrays (one
 * allocation per file, not per cell): for the cell decoded at `base` with length `len`,
 * starts[base + i] / ends[base + i] are the raw start / end of its character i, and
 * starts[base + len] is the raw end of its source.
 */
class RawOffsets {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  private used = 0;

  constructor(raw: string, cells: number) {
    this.starts = new Int32Array(raw.length + cells + 1);
    this.ends = new Int32Array(raw.length + cells + 1);
  }

  /** Decodes the literals of one cell; returns its text and its base index. */
  decode(raw: string, literals: Literal[]): { text: string; base: number } {
    const { starts, ends } = this;
    const base = this.used;
    let w = base;
    const parts: string[] = [];
    let lastEnd = literals.length > 0 ? literals[0].start : 0;
    for (const lit of literals) {
      let i = lit.start;
      let runStart = i;
      while (i < lit.end) {
        if (raw.charCodeAt(i) !== 92) {
          starts[w] = i;
          ends[w] = i + 1;
          w++;
          i++;
          continue;
        }
        if (i > runStart) parts.push(raw.slice(runStart, i));
        const e = raw[i + 1];
        let len = 2;
        let code: number;
        if (e === 'u') {
          code = parseInt(raw.slice(i + 2, i + 6), 16);
          len = 6;
          if (Number.isNaN(code)) code = 0xfffd;
        } else {
          code = SIMPLE_ESCAPES[e] ?? e.charCodeAt(0);
        }
        parts.push(String.fromCharCode(code));
        starts[w] = i;
        ends[w] = i + len;
        w++;
        i += len;
        runStart = i;
      }
      if (i > runStart) parts.push(raw.slice(runStart, i));
      lastEnd = lit.end;
    }
    starts[w] = lastEnd;
    this.used = w + 1;
    return { text: parts.join(''), base };
  }
}

/** Maps offsets of one decoded cell (at `base` in `raw`) to raw offsets. */
class CellMap {
  constructor(
    private readonly raw: RawOffsets,
    private readonly base: number,
    readonly length: number,
  ) {}

  /** Raw offset of decoded character `v` (v === length: the raw end of the source). */
  start(v: number): number {
    return this.raw.starts[this.base + Math.max(0, Math.min(v, this.length))];
  }

  /** Raw offset just after decoded character `v - 1` (for exclusive ends). */
  end(v: number): number {
    if (v <= 0 || this.length === 0) return this.start(0);
    return this.raw.ends[this.base + Math.min(v, this.length) - 1];
  }

  /** Fills `out` (text.length + 1 entries) with the raw offsets of a cell-relative segment. */
  fill(seg: ProseSegment, out: Int32Array): void {
    const len = seg.text.length;
    const starts = this.raw.starts;
    const own = seg.sourceOffsets;
    let last: number;
    if (own) {
      for (let i = 0; i < len; i++) out[i] = starts[this.base + own[i]];
      last = own[len];
    } else {
      const from = this.base + seg.contentStart;
      for (let i = 0; i < len; i++) out[i] = starts[from + i];
      last = seg.contentStart + len;
    }
    out[len] = len > 0 ? this.end(last) : this.start(last);
  }
}

/** Scans the markdown cells of a .ipynb file (raw JSON text). */
export function scanNotebook(text: string): ScanResult {
  const result = emptyResult();
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bom ? text.slice(1) : text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    result.problems.push({ start: 0, end: 0, message: `not a valid notebook: ${message}` });
    return result;
  }
  const cells =
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as { cells?: unknown }).cells
      : undefined;
  if (!Array.isArray(cells)) {
    result.problems.push({ start: 0, end: 0, message: 'not a valid notebook: no "cells" array' });
    return result;
  }
  let sources: (Literal[] | undefined)[];
  try {
    sources = new JsonWalker(text, bom).cellSources();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    result.problems.push({ start: 0, end: 0, message: `not a valid notebook: ${message}` });
    return result;
  }

  // Scan every markdown cell on its decoded text.
  const raw = new RawOffsets(text, cells.length);
  const scanned: { map: CellMap; result: ScanResult }[] = [];
  let total = 0;
  for (let index = 0; index < cells.length; index++) {
    const cell = cells[index] as { cell_type?: unknown; source?: unknown } | null;
    if (!cell || typeof cell !== 'object' || cell.cell_type !== 'markdown') continue;
    const literals = sources[index];
    if (!literals) continue;
    const decoded = raw.decode(text, literals);
    const expected = Array.isArray(cell.source)
      ? cell.source.filter((s): s is string => typeof s === 'string').join('')
      : cell.source;
    if (decoded.text !== expected) {
      const at = literals[0]?.start ?? 0;
      result.problems.push({
        start: at,
        end: at,
        message: `cell ${index}: could not map its source`,
      });
      continue;
    }
    const r = scanMarkdown(decoded.text);
    for (const list of [r.prose, r.directives, r.regions]) {
      for (const seg of list) total += seg.text.length + 1;
    }
    scanned.push({ map: new CellMap(raw, decoded.base, decoded.text.length), result: r });
  }

  // Map everything into the raw file; all sourceOffsets are views of one buffer.
  const buffer = new Int32Array(total);
  let used = 0;
  const mapSegment = <T extends ProseSegment>(map: CellMap, seg: T): T => {
    const offsets = buffer.subarray(used, used + seg.text.length + 1);
    used += seg.text.length + 1;
    map.fill(seg, offsets);
    return { ...seg, contentStart: offsets[0], sourceOffsets: offsets };
  };
  for (const { map, result: r } of scanned) {
    const proseBase = result.prose.length;
    for (const seg of r.prose) result.prose.push(mapSegment(map, seg));
    for (const seg of r.directives) result.directives.push(mapSegment(map, seg));
    for (const region of r.regions) {
      const mapped = mapSegment(map, region);
      mapped.start = map.start(region.start);
      mapped.end = map.end(region.end);
      if (region.proseBefore !== undefined) mapped.proseBefore = region.proseBefore + proseBase;
      if (region.proseAfter !== undefined) mapped.proseAfter = region.proseAfter + proseBase;
      result.regions.push(mapped);
    }
    for (const p of r.problems) {
      result.problems.push({ start: map.start(p.start), end: map.end(p.end), message: p.message });
    }
    for (const c of r.silencing) {
      const mapped: SilenceComment = {
        kind: c.kind,
        start: map.start(c.start),
        end: map.end(c.end),
      };
      if (c.next) mapped.next = { start: map.start(c.next.start), end: map.end(c.next.end) };
      result.silencing.push(mapped);
    }
    // A `gradlens-disable` without its `gradlens-enable` stops at the end of its cell.
    const cellEnd = map.end(map.length);
    if (r.silencing.length > 0)
      result.silencing.push({ kind: 'boundary', start: cellEnd, end: cellEnd });
  }
  sortDirectives(result);
  return result;
}

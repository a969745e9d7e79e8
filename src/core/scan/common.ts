// Shared pieces of the three scanners: result building, prose collection, delimiter searches.
// Everything here works on UTF-16 offsets into one string and runs in linear time.
import type {
  MathRegion,
  ProseSegment,
  RegionDelimiter,
  ScanResult,
  SilenceComment,
  SilenceKind,
} from './region';

// Character codes. Each scanner module declares its own copies: imported bindings compile to
// property getters under some loaders (tsx), which costs a lot inside per-character loops.
const BACKSLASH = 92;
const DOLLAR = 36;
const LBRACE = 123;
const RBRACE = 125;
const PERCENT = 37;
const NEWLINE = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

export function emptyResult(): ScanResult {
  return { regions: [], prose: [], preamble: [], directives: [], silencing: [], problems: [] };
}

export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whitespace for the `$` rules (NaN, i.e. out of range, is not whitespace). */
export function isWhite(c: number): boolean {
  return c === SPACE || c === TAB || c === NEWLINE || c === CR || c === 12 || c === 0xa0;
}

/** Index of the line terminator at or after `pos` (\n or \r), or text.length. */
export function lineEnd(text: string, pos: number): number {
  const n = text.length;
  for (let i = pos; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE || c === CR) return i;
  }
  return n;
}

/** Start of the line after the terminator at `eol` (handles \r\n). */
export function nextLineStart(text: string, eol: number): number {
  if (eol >= text.length) return text.length;
  if (text.charCodeAt(eol) === CR && text.charCodeAt(eol + 1) === NEWLINE) return eol + 2;
  return eol + 1;
}

/** True when the line starting at `pos` holds only spaces/tabs. */
export function isBlankLine(text: string, pos: number): boolean {
  const n = text.length;
  for (let i = pos; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE || c === CR) return true;
    if (c !== SPACE && c !== TAB) return false;
  }
  return true;
}

/**
 * Collects prose pieces into segments. A segment is a maximal stretch between two "hard
 * breaks" (math regions, code, verbatim, HTML blocks); comments removed from inside a
 * stretch only leave a gap in its sourceOffsets. Regions get `proseBefore` / `proseAfter`.
 */
export class ProseCollector {
  private pieces: number[] = [];
  private pendingAfter: MathRegion | undefined;

  constructor(
    private readonly text: string,
    private readonly out: ProseSegment[],
    private readonly alsoOut?: ProseSegment[],
  ) {}

  add(from: number, to: number): void {
    if (to <= from) return;
    const p = this.pieces;
    if (p.length > 0 && p[p.length - 1] === from) p[p.length - 1] = to;
    else p.push(from, to);
  }

  /** Emits the pending pieces as one segment; returns its index, or undefined if none. */
  private flush(): number | undefined {
    const p = this.pieces;
    if (p.length === 0) return undefined;
    let segment: ProseSegment;
    if (p.length === 2) {
      segment = { text: this.text.slice(p[0], p[1]), contentStart: p[0] };
    } else {
      let total = 0;
      for (let k = 0; k < p.length; k += 2) total += p[k + 1] - p[k];
      const offsets = new Int32Array(total + 1);
      const parts: string[] = [];
      let w = 0;
      for (let k = 0; k < p.length; k += 2) {
        parts.push(this.text.slice(p[k], p[k + 1]));
        for (let i = p[k]; i < p[k + 1]; i++) offsets[w++] = i;
      }
      offsets[total] = p[p.length - 1];
      segment = { text: parts.join(''), contentStart: p[0], sourceOffsets: offsets };
    }
    this.pieces = [];
    const index = this.out.length;
    this.out.push(segment);
    this.alsoOut?.push(segment);
    if (this.pendingAfter) {
      this.pendingAfter.proseAfter = index;
      this.pendingAfter = undefined;
    }
    return index;
  }

  /** Code, verbatim or an HTML block: the prose on either side is not adjacent. */
  hardBreak(): void {
    this.flush();
    this.pendingAfter = undefined;
  }

  region(region: MathRegion): void {
    const index = this.flush();
    if (index !== undefined) region.proseBefore = index;
    this.pendingAfter = region;
  }

  finish(): void {
    this.hardBreak();
  }
}

/**
 * Copies text[from, to) dropping block-quote markers (`>`, up to `depth` of them, each with
 * one optional following space, after up to 3 spaces) at the start of every line after the
 * first. Returns sourceOffsets only when something was dropped.
 */
export function extractQuoted(
  text: string,
  from: number,
  to: number,
  depth: number,
): { text: string; sourceOffsets?: Int32Array } {
  const plain = text.slice(from, to);
  if (depth <= 0 || (plain.indexOf('\n') < 0 && plain.indexOf('\r') < 0)) return { text: plain };
  const kept: number[] = [];
  let i = from;
  let dropped = false;
  while (i < to) {
    const c = text.charCodeAt(i);
    kept.push(i);
    i++;
    if (c === NEWLINE || (c === CR && text.charCodeAt(i) !== NEWLINE)) {
      const after = skipQuoteMarkers(text, i, depth, to);
      if (after > i) dropped = true;
      i = after;
    }
  }
  if (!dropped) return { text: plain };
  const offsets = new Int32Array(kept.length + 1);
  let s = '';
  const chunk: number[] = [];
  for (let k = 0; k < kept.length; k++) {
    offsets[k] = kept[k];
    chunk.push(text.charCodeAt(kept[k]));
    if (chunk.length === 4096) {
      s += String.fromCharCode(...chunk);
      chunk.length = 0;
    }
  }
  s += String.fromCharCode(...chunk);
  offsets[kept.length] = to;
  return { text: s, sourceOffsets: offsets };
}

/** Skips up to `depth` block-quote markers at a line start; returns the new position. */
export function skipQuoteMarkers(text: string, pos: number, depth: number, limit: number): number {
  let i = pos;
  for (let d = 0; d < depth; d++) {
    let j = i;
    let spaces = 0;
    while (j < limit && text.charCodeAt(j) === SPACE && spaces < 3) {
      j++;
      spaces++;
    }
    if (j < limit && text.charCodeAt(j) === 62 /* > */) {
      j++;
      if (j < limit && text.charCodeAt(j) === SPACE) j++;
      i = j;
    } else {
      break;
    }
  }
  return i;
}

/** Lazily computed matching braces (backslash escapes honoured, `%` comments if latex). */
export class BraceMatcher {
  private match: Int32Array | undefined;

  constructor(
    private readonly text: string,
    private readonly latexComments: boolean,
  ) {}

  /** Index of the `}` matching the `{` at `open`, or -1. */
  closeOf(open: number): number {
    if (!this.match) this.match = this.compute();
    return open >= 0 && open < this.match.length ? this.match[open] : -1;
  }

  private compute(): Int32Array {
    const text = this.text;
    const n = text.length;
    const match = new Int32Array(n).fill(-1);
    const stack: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) i++;
      else if (c === PERCENT && this.latexComments) {
        while (i + 1 < n && text.charCodeAt(i + 1) !== NEWLINE && text.charCodeAt(i + 1) !== CR)
          i++;
      } else if (c === LBRACE) stack.push(i);
      else if (c === RBRACE && stack.length > 0) match[stack.pop()!] = i;
    }
    return match;
  }
}

/** Commands whose braced argument is text mode, where `$…$` may nest inside math. */
const TEXT_COMMANDS = new Set([
  'text',
  'textrm',
  'textbf',
  'textit',
  'textsf',
  'texttt',
  'textup',
  'textnormal',
  'textmd',
  'textsl',
  'textsc',
  'mbox',
  'hbox',
  'fbox',
  'framebox',
  'intertext',
  'shortintertext',
]);

export type CloseKind = '$' | '$$' | '\\)' | '\\]';

/** What a closer search needs from its scanner (implemented by the scanner classes). */
export interface CloseContext {
  readonly text: string;
  readonly braces: BraceMatcher;
  /** Skip `%` comments while searching (LaTeX). */
  readonly latexComments: boolean;
  /** Called at each line start inside a search; true stops it (no closer). */
  isBarrier(lineStart: number, display: boolean): boolean;
}

/**
 * Finds the closing delimiter of `kind` from `from`: backslash pairs are skipped (so `\$`
 * never closes), text-mode groups like `\text{…}` are jumped over, and for '$' the first
 * unescaped `$` is returned whatever follows it (the caller applies its rule). When there is
 * no closer before a barrier line or the end of the text, returns `-1 - stop` (negative),
 * where `stop` is the offset at which the search gave up.
 */
export function findClose(
  ctx: CloseContext,
  from: number,
  kind: CloseKind,
  display: boolean,
): number {
  const { text } = ctx;
  const n = text.length;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      const d = text.charCodeAt(i + 1);
      if ((kind === '\\)' && d === 41) || (kind === '\\]' && d === 93)) return i;
      if (isLetter(d)) {
        let k = i + 2;
        while (k < n && isLetter(text.charCodeAt(k))) k++;
        if (k - i - 1 <= 16 && TEXT_COMMANDS.has(text.slice(i + 1, k))) {
          let m = k;
          while (m < n && (text.charCodeAt(m) === SPACE || text.charCodeAt(m) === TAB)) m++;
          if (text.charCodeAt(m) === LBRACE) {
            const close = ctx.braces.closeOf(m);
            if (close > m) {
              i = close + 1;
              continue;
            }
          }
        }
        i = k;
        continue;
      }
      if (d === NEWLINE || d === CR) {
        i++;
        continue;
      }
      i += 2;
      continue;
    }
    if (c === DOLLAR) {
      if (kind === '$') return i;
      if (kind === '$$' && text.charCodeAt(i + 1) === DOLLAR) return i;
      i++;
      continue;
    }
    if (c === PERCENT && ctx.latexComments) {
      i = lineEnd(text, i);
      continue;
    }
    if (c === NEWLINE || c === CR) {
      const next = nextLineStart(text, i);
      if (next < n && ctx.isBarrier(next, display)) return -1 - next;
      i = next;
      continue;
    }
    i++;
  }
  return -1 - n;
}

/**
 * Remembers failed searches so that a later search starting inside an already-failed stretch
 * fails at once: keeps every scanner linear even with thousands of unclosed delimiters.
 */
export class FailureMemo {
  private failures: Map<string, { from: number; to: number }> | undefined;

  failedBefore(key: string, pos: number): boolean {
    const f = this.failures?.get(key);
    return f !== undefined && pos > f.from && pos < f.to;
  }

  record(key: string, from: number, to: number): void {
    (this.failures ??= new Map()).set(key, { from, to });
  }
}

/** Matching `\begin{name}` / `\end{name}` pairs by a stack per name (lazily, whole text). */
export class EnvironmentMatcher {
  private pairs: Map<number, { end: number; endLength: number }> | undefined;

  constructor(
    private readonly text: string,
    private readonly opts: { latexComments: boolean; verbatim?: ReadonlySet<string> },
  ) {}

  /** For the `\begin` at `pos`: the offset just after its matching `\end{…}`, or -1. */
  endOf(pos: number): number {
    if (!this.pairs) this.pairs = this.compute();
    const p = this.pairs.get(pos);
    return p ? p.end + p.endLength : -1;
  }

  private compute(): Map<number, { end: number; endLength: number }> {
    const text = this.text;
    const n = text.length;
    const stacks = new Map<string, number[]>();
    const pairs = new Map<number, { end: number; endLength: number }>();
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === PERCENT && this.opts.latexComments) {
        i = lineEnd(text, i);
        continue;
      }
      if (c !== BACKSLASH) {
        i++;
        continue;
      }
      const env = readEnvCommand(text, i);
      if (!env) {
        i += isLetter(text.charCodeAt(i + 1)) ? 1 : 2;
        continue;
      }
      if (env.begin && this.opts.verbatim?.has(env.name)) {
        const close = text.indexOf(`\\end{${env.name}}`, env.end);
        i = close < 0 ? n : close + env.name.length + 6;
        continue;
      }
      let stack = stacks.get(env.name);
      if (env.begin) {
        if (!stack) stacks.set(env.name, (stack = []));
        stack.push(i);
      } else if (stack && stack.length > 0) {
        pairs.set(stack.pop()!, { end: i, endLength: env.end - i });
      }
      i = env.end;
    }
    return pairs;
  }
}

/** Reads `\begin{name}` / `\end{name}` (spaces allowed before `{`) at `pos`. */
export function readEnvCommand(
  text: string,
  pos: number,
): { begin: boolean; name: string; end: number } | undefined {
  if (text.charCodeAt(pos) !== BACKSLASH) return undefined;
  let begin: boolean;
  let k: number;
  if (text.startsWith('begin', pos + 1)) {
    begin = true;
    k = pos + 6;
  } else if (text.startsWith('end', pos + 1)) {
    begin = false;
    k = pos + 4;
  } else {
    return undefined;
  }
  if (isLetter(text.charCodeAt(k))) return undefined; // \beginning, \endgroup
  while (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB) k++;
  if (text.charCodeAt(k) !== LBRACE) return undefined;
  let m = k + 1;
  while (
    m < text.length &&
    m - k <= 40 &&
    (isLetter(text.charCodeAt(m)) || text.charCodeAt(m) === 42)
  )
    m++;
  if (text.charCodeAt(m) !== RBRACE || m === k + 1) return undefined;
  return { begin, name: text.slice(k + 1, m), end: m + 1 };
}

/** Display-math environments of LaTeX (the starred forms are added below). */
const LATEX_ENV_BASE = [
  'equation',
  'align',
  'aligned',
  'alignat',
  'alignedat',
  'gather',
  'gathered',
  'multline',
  'eqnarray',
  'flalign',
  'xalignat',
  'math',
  'displaymath',
  'split',
];

function withStars(names: string[]): Set<string> {
  const s = new Set<string>();
  for (const n of names) {
    s.add(n);
    s.add(`${n}*`);
  }
  return s;
}

export const LATEX_MATH_ENVIRONMENTS: ReadonlySet<string> = withStars(LATEX_ENV_BASE);

/** In Markdown (MathJax processEnvironments) matrices, cases and arrays are math too. */
export const MARKDOWN_MATH_ENVIRONMENTS: ReadonlySet<string> = withStars([
  ...LATEX_ENV_BASE,
  'matrix',
  'pmatrix',
  'bmatrix',
  'Bmatrix',
  'vmatrix',
  'Vmatrix',
  'smallmatrix',
  'cases',
  'array',
]);

/** `\begin{math}` is the only inline one. */
export function isInlineEnvironment(name: string): boolean {
  return name === 'math';
}

export function makeRegion(fields: {
  text: string;
  display: boolean;
  delimiter: RegionDelimiter;
  start: number;
  end: number;
  contentStart: number;
  sourceOffsets?: Int32Array;
  environment?: string;
}): MathRegion {
  const r: MathRegion = {
    text: fields.text,
    display: fields.display,
    delimiter: fields.delimiter,
    start: fields.start,
    end: fields.end,
    contentStart: fields.contentStart,
  };
  if (fields.environment !== undefined) r.environment = fields.environment;
  if (fields.sourceOffsets) r.sourceOffsets = fields.sourceOffsets;
  return r;
}

/**
 * If text[from, to) (a comment body) starts, after whitespace, with `gradlens:`
 * (case-insensitive), the directive segment after the colon up to `to`.
 */
export function directiveIn(text: string, from: number, to: number): ProseSegment | undefined {
  let i = from;
  while (i < to && isWhite(text.charCodeAt(i))) i++;
  if (to - i < 9 || text.slice(i, i + 9).toLowerCase() !== 'gradlens:') return undefined;
  const start = i + 9;
  let end = to;
  if (end > start && text.charCodeAt(end - 1) === CR) end--;
  return { text: text.slice(start, end), contentStart: start };
}

export function sortDirectives(result: ScanResult): void {
  result.directives.sort((a, b) => a.contentStart - b.contentStart);
  result.silencing.sort((a, b) => a.start - b.start);
}

const SILENCE_WORD = /^gradlens-(disable-next-line|disable-file|disable|enable)(?![\w-])/i;

/**
 * If text[from, to) (a comment body) is a silencing comment, what it says: after whitespace,
 * `gradlens-disable-next-line`, `gradlens-disable`, `gradlens-enable` or
 * `gradlens-disable-file` (any case), then the end or whitespace; anything after that (a
 * reason, `-- the notation is not matrix calculus`) is for readers.
 */
export function silenceIn(text: string, from: number, to: number): SilenceKind | undefined {
  let i = from;
  while (i < to && isWhite(text.charCodeAt(i))) i++;
  const m = SILENCE_WORD.exec(text.slice(i, Math.min(to, i + 40)));
  return m ? (m[1].toLowerCase() as SilenceKind) : undefined;
}

/** The silencing comment spanning text[start, end), with the line after it for next-line. */
export function silenceComment(
  text: string,
  kind: SilenceKind,
  start: number,
  end: number,
): SilenceComment {
  const comment: SilenceComment = { kind, start, end };
  if (kind === 'disable-next-line') {
    const eol = lineEnd(text, Math.max(start, end - 1));
    if (eol < text.length) {
      const next = nextLineStart(text, eol);
      comment.next = { start: next, end: lineEnd(text, next) };
    }
  }
  return comment;
}

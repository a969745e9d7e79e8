// A notebook of any weight → the text the core reads: its markdown cells, streamed.
//
// The .ipynb bytes are pushed chunk by chunk through a small JSON state machine that keeps,
// byte for byte, the structure the core's notebook scanner walks (the top-level object, its
// "cells" array, each cell's braces, "cell_type" and the "source" of markdown cells) and
// replaces every other value (outputs, metadata, code) by `0` followed by the newlines and
// spaces it spanned. The result is a valid, much smaller notebook in which every kept byte
// sits on its original line and column, so findings point into the real file; memory holds
// the kept text only, never an image output. Columns after a skipped value longer than
// PAD_LIMIT on one line (minified JSON) are shifted; line numbers are always kept.
import { MAX_NOTEBOOK_MARKDOWN_BYTES, MAX_NOTEBOOK_TEXT_CHARS } from './limits';

/** Spaces written at most for one skipped value's width (what follows keeps its column). */
const PAD_LIMIT = 4096;
/** Keys longer than this are none the scanner reads. */
const KEY_LIMIT = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

type Expect = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'comma-or-end' | 'done';
type StringPurpose = 'key' | 'cell_type' | 'source' | 'part';

interface Frame {
  kind: 'root' | 'cells' | 'cell' | 'source';
  isObject: boolean;
  expect: Expect;
  key: string;
  /** Cells: what "cell_type" said, and where the kept "source" sits in the output. */
  cellType?: string;
  sourceStart?: number;
  sourceEnd?: number;
}

interface Skip {
  depth: number;
  inString: boolean;
  escape: boolean;
  scalar: boolean;
  newlines: number;
  /** UTF-16 columns since the value's last newline (its whole width if it has none). */
  column: number;
}

/** A growable byte buffer. */
class Sink {
  bytes = new Uint8Array(64 * 1024);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  push(byte: number): void {
    this.room(1);
    this.bytes[this.length++] = byte;
  }

  repeat(byte: number, n: number): void {
    this.room(n);
    this.bytes.fill(byte, this.length, this.length + n);
    this.length += n;
  }

  /** Replaces [start, end) by `replacement` (ASCII bytes), moving what follows. */
  splice(start: number, end: number, replacement: Uint8Array): void {
    this.room(Math.max(0, replacement.length - (end - start)));
    this.bytes.copyWithin(start + replacement.length, end, this.length);
    this.bytes.set(replacement, start);
    this.length += replacement.length - (end - start);
  }
}

/** UTF-16 code units a UTF-8 byte starts (continuation bytes none, 4-byte sequences two). */
function units(byte: number): number {
  if ((byte & 0xc0) === 0x80) return 0;
  return byte >= 0xf0 ? 2 : 1;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** `0`, then the newlines and spaces that keep what follows a skipped value in place. */
function placeholder(newlines: number, column: number): Uint8Array {
  const pad = Math.min(PAD_LIMIT, newlines > 0 ? column : Math.max(0, column - 1));
  const out = new Uint8Array(1 + newlines + pad);
  out[0] = 0x30;
  out.fill(NEWLINE, 1, 1 + newlines);
  out.fill(0x20, 1 + newlines);
  return out;
}

/**
 * Where the next quote, backslash or newline of a chunk is, from any position: each is found
 * with a native search and remembered until passed, so the whole chunk is searched once.
 */
class NextSpecial {
  private readonly at = [-1, -1, -1];

  constructor(private readonly chunk: Uint8Array) {}

  after(from: number): number {
    let stop = this.chunk.length;
    [QUOTE, BACKSLASH, NEWLINE].forEach((byte, k) => {
      if (this.at[k] !== this.chunk.length && this.at[k] < from) {
        const found = this.chunk.indexOf(byte, from);
        this.at[k] = found === -1 ? this.chunk.length : found;
      }
      stop = Math.min(stop, this.at[k]);
    });
    return stop;
  }
}

export class NotebookSkeleton {
  private readonly out = new Sink();
  private readonly frames: Frame[] = [];
  private rootExpect: Expect = 'value';
  private skip: Skip | undefined;
  private string: { purpose: StringPurpose; escape: boolean; bytes: number[] } | undefined;
  private offset = 0;
  private markdownBytes = 0;
  private problem: string | undefined;

  /** Feeds the next bytes of the file (after any byte-order mark). False once it failed. */
  push(chunk: Uint8Array): boolean {
    const next = new NextSpecial(chunk);
    for (let i = 0; i < chunk.length && !this.problem;) {
      const skip = this.skip;
      // Inside a skipped string already wider than any padding (an image's base64): jump to
      // the next byte that matters, found natively, instead of looking at every byte.
      if (skip?.inString && !skip.escape && skip.column > PAD_LIMIT) {
        const stop = next.after(i);
        if (stop > i) {
          this.offset += stop - i;
          i = stop;
          continue;
        }
      }
      const byte = chunk[i];
      if (!(skip && this.skipByte(byte))) this.keepByte(byte);
      i++;
      this.offset++;
    }
    if (!this.problem && this.out.length > MAX_NOTEBOOK_TEXT_CHARS)
      this.problem = `its markdown cells and line structure are over ${MAX_NOTEBOOK_TEXT_CHARS} characters: not read`;
    return !this.problem;
  }

  /** The text for the core, or why there is none. */
  finish(): { text: string } | { problem: string } {
    if (!this.problem && this.skip?.scalar) this.endSkip();
    if (!this.problem && (this.skip || this.string || this.rootExpect !== 'done'))
      this.problem = 'not a valid notebook: the JSON ends early';
    if (this.problem) return { problem: this.problem };
    try {
      const bytes = this.out.bytes.subarray(0, this.out.length);
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return { problem: 'not valid UTF-8 in its markdown cells: not read' };
    }
  }

  /** One byte of a skipped value; false when the byte ended a scalar and is not part of it. */
  private skipByte(byte: number): boolean {
    const skip = this.skip!;
    if (skip.scalar && (isSpace(byte) || byte === 0x2c || byte === 0x5d || byte === 0x7d)) {
      this.endSkip();
      return false;
    }
    this.count(skip, byte);
    if (skip.scalar) return true;
    if (skip.inString) {
      if (skip.escape) skip.escape = false;
      else if (byte === BACKSLASH) skip.escape = true;
      else if (byte === QUOTE) {
        skip.inString = false;
        if (skip.depth === 0) this.endSkip();
      }
    } else if (byte === QUOTE) skip.inString = true;
    else if (byte === 0x7b || byte === 0x5b) skip.depth++;
    else if (byte === 0x7d || byte === 0x5d) {
      skip.depth--;
      if (skip.depth === 0) this.endSkip();
    }
    return true;
  }

  private count(skip: Skip, byte: number): void {
    if (byte === NEWLINE) {
      skip.newlines++;
      skip.column = 0;
    } else if (skip.column <= PAD_LIMIT) skip.column += units(byte); // wider is all the same
  }

  private startSkip(byte: number): void {
    const skip: Skip = {
      depth: 0,
      inString: false,
      escape: false,
      scalar: false,
      newlines: 0,
      column: 0,
    };
    this.count(skip, byte);
    if (byte === QUOTE) skip.inString = true;
    else if (byte === 0x7b || byte === 0x5b) skip.depth = 1;
    else skip.scalar = true;
    this.skip = skip;
  }

  private endSkip(): void {
    const skip = this.skip!;
    this.skip = undefined;
    const replacement = placeholder(skip.newlines, skip.column);
    this.out.splice(this.out.length, this.out.length, replacement);
    this.valueDone();
  }

  private fail(byte: number): void {
    const shown = byte >= 0x20 && byte < 0x7f ? `'${String.fromCharCode(byte)}'` : `byte ${byte}`;
    this.problem = `not a valid notebook: unexpected ${shown} at byte ${this.offset}`;
  }

  private keepByte(byte: number): void {
    const string = this.string;
    if (string) {
      this.out.push(byte);
      if (string.escape) string.escape = false;
      else if (byte === BACKSLASH) string.escape = true;
      else if (byte === QUOTE) {
        this.string = undefined;
        this.stringDone(string.purpose, string.bytes);
        return;
      }
      if (string.bytes.length <= KEY_LIMIT) string.bytes.push(byte);
      return;
    }
    if (isSpace(byte)) {
      this.out.push(byte);
      return;
    }
    const frame = this.frames.at(-1);
    const expect = frame ? frame.expect : this.rootExpect;
    switch (expect) {
      case 'value-or-end':
      case 'value':
        if (expect === 'value-or-end' && byte === 0x5d) this.close(byte);
        else this.startValue(frame, byte);
        return;
      case 'key-or-end':
      case 'key':
        if (byte === QUOTE) {
          this.out.push(byte);
          this.string = { purpose: 'key', escape: false, bytes: [] };
        } else if (expect === 'key-or-end' && byte === 0x7d) this.close(byte);
        else this.fail(byte);
        return;
      case 'colon':
        if (byte !== 0x3a) return this.fail(byte);
        this.out.push(byte);
        frame!.expect = 'value';
        return;
      case 'comma-or-end':
        if (byte === 0x2c) {
          this.out.push(byte);
          frame!.expect = frame!.isObject ? 'key' : 'value';
        } else if (byte === (frame!.isObject ? 0x7d : 0x5d)) this.close(byte);
        else this.fail(byte);
        return;
      case 'done':
        this.fail(byte);
    }
  }

  /** A value starts in `frame`: keep the structure the scanner reads, skip the rest. */
  private startValue(frame: Frame | undefined, byte: number): void {
    const open = (kind: Frame['kind'], isObject: boolean) => {
      this.out.push(byte);
      this.frames.push({
        kind,
        isObject,
        expect: isObject ? 'key-or-end' : 'value-or-end',
        key: '',
      });
    };
    const keepString = (purpose: StringPurpose) => {
      this.out.push(byte);
      this.string = { purpose, escape: false, bytes: [] };
    };
    if (!frame) {
      if (byte === 0x7b) open('root', true);
      else this.fail(byte);
      return;
    }
    if (frame.kind === 'root' && frame.key === 'cells' && byte === 0x5b) open('cells', false);
    else if (frame.kind === 'cells' && byte === 0x7b) open('cell', true);
    else if (frame.kind === 'cell' && frame.key === 'cell_type' && byte === QUOTE)
      keepString('cell_type');
    else if (
      frame.kind === 'cell' &&
      frame.key === 'source' &&
      (byte === QUOTE || byte === 0x5b) &&
      (frame.cellType === undefined || frame.cellType === 'markdown')
    ) {
      frame.sourceStart = this.out.length;
      if (byte === QUOTE) keepString('source');
      else open('source', false);
    } else if (frame.kind === 'source' && byte === QUOTE) keepString('part');
    else this.startSkip(byte);
  }

  private stringDone(purpose: StringPurpose, bytes: number[]): void {
    const frame = this.frames.at(-1)!;
    if (purpose === 'key') {
      frame.key = bytes.length > KEY_LIMIT ? '' : readJsonString(bytes);
      frame.expect = 'colon';
      return;
    }
    if (purpose === 'cell_type') frame.cellType = readJsonString(bytes);
    if (purpose === 'source') frame.sourceEnd = this.out.length;
    this.valueDone();
  }

  private close(byte: number): void {
    this.out.push(byte);
    const frame = this.frames.pop()!;
    if (frame.kind === 'source') this.frames.at(-1)!.sourceEnd = this.out.length;
    if (frame.kind === 'cell') this.closeCell(frame);
    this.valueDone();
  }

  /** A cell's source was kept before its type was known: only a markdown cell keeps it. */
  private closeCell(cell: Frame): void {
    if (cell.sourceStart === undefined || cell.sourceEnd === undefined) return;
    if (cell.cellType === 'markdown') {
      this.markdownBytes += cell.sourceEnd - cell.sourceStart;
      if (this.markdownBytes > MAX_NOTEBOOK_MARKDOWN_BYTES)
        this.problem = `its markdown cells are over ${MAX_NOTEBOOK_MARKDOWN_BYTES} bytes: not read`;
      return;
    }
    const skip: Skip = {
      depth: 0,
      inString: false,
      escape: false,
      scalar: false,
      newlines: 0,
      column: 0,
    };
    for (let i = cell.sourceStart; i < cell.sourceEnd; i++) this.count(skip, this.out.bytes[i]);
    this.out.splice(cell.sourceStart, cell.sourceEnd, placeholder(skip.newlines, skip.column));
  }

  private valueDone(): void {
    const frame = this.frames.at(-1);
    if (frame) frame.expect = 'comma-or-end';
    else this.rootExpect = 'done';
  }
}

/** The value of a JSON string literal's content bytes (without quotes), '' if malformed. */
function readJsonString(bytes: number[]): string {
  try {
    const text = new TextDecoder().decode(Uint8Array.from(bytes));
    const value: unknown = JSON.parse(`"${text}"`);
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

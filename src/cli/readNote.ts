// One path → the text GradLens checks, or the one-line reason it was not read. Only regular
// files are opened (a FIFO, a device or a socket would block or never end), their size is
// checked before reading, and a notebook is streamed so that only its markdown cells are held.
import type { Stats } from 'node:fs';
import { byteOrderMark, decodeNote } from './decode';
import { isSystemError, systemReason, type CliFileSystem } from './fileSystem';
import { MAX_NOTE_BYTES, READ_CHUNK_BYTES } from './limits';
import { NotebookSkeleton } from './notebookSkeleton';

export type ReadOutcome = { text: string } | { problem: string };

/** "a FIFO", "a character device" …: what a path is when it is not a regular file. */
export function describeFileType(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function notRegular(stats: Stats): string {
  return `${describeFileType(stats)}, not a regular file: not read`;
}

function overLimit(size: number): string {
  return `${size} bytes, over the limit of ${MAX_NOTE_BYTES} bytes for a note: not read`;
}

export function readNote(fs: CliFileSystem, path: string, notebook: boolean): ReadOutcome {
  let stats: Stats;
  try {
    stats = fs.stat(path);
  } catch (error) {
    return { problem: `cannot read it: ${systemReason(error)}` };
  }
  // Never open what is not a regular file: opening a FIFO for reading waits for a writer.
  if (!stats.isFile()) return { problem: notRegular(stats) };
  if (!notebook && stats.size > MAX_NOTE_BYTES) return { problem: overLimit(stats.size) };
  let fd: number;
  try {
    fd = fs.open(path);
  } catch (error) {
    return { problem: `cannot read it: ${systemReason(error)}` };
  }
  try {
    // The path may have been swapped between stat and open: judge what was opened.
    const opened = fs.fstat(fd);
    if (!opened.isFile()) return { problem: notRegular(opened) };
    // A notebook small enough is read whole, as a note: the same text, so the same findings
    // and the same random draws (keyed by offsets) as ever. Only a heavier one is streamed.
    return notebook && opened.size > MAX_NOTE_BYTES
      ? streamNotebook(fs, fd)
      : readWhole(fs, fd, opened.size);
  } catch (error) {
    // A system error is the file's; anything else is a bug, reported as one by the caller.
    if (!isSystemError(error)) throw error;
    return { problem: `cannot read it: ${systemReason(error)}` };
  } finally {
    fs.close(fd);
  }
}

/** At most MAX_NOTE_BYTES (a file growing while read is cut off there, and said so). */
function readWhole(fs: CliFileSystem, fd: number, size: number): ReadOutcome {
  if (size > MAX_NOTE_BYTES) return { problem: overLimit(size) };
  const buffer = new Uint8Array(MAX_NOTE_BYTES + 1);
  const length = readInto(fs, fd, buffer, 0);
  if (length > MAX_NOTE_BYTES) return { problem: overLimit(length) };
  const decoded = decodeNote(buffer.subarray(0, length));
  return 'text' in decoded ? { text: decoded.text } : decoded;
}

/**
 * Fills `buffer` from `from` until the file ends or the buffer is full (a full buffer: the file
 * is over the limit, even if it grew after `fstat`); returns the bytes held.
 */
function readInto(fs: CliFileSystem, fd: number, buffer: Uint8Array, from: number): number {
  let length = from;
  while (length < buffer.length) {
    const n = fs.read(fd, buffer, length, buffer.length - length);
    if (n === 0) break;
    length += n;
  }
  return length;
}

function streamNotebook(fs: CliFileSystem, fd: number): ReadOutcome {
  const skeleton = new NotebookSkeleton();
  const chunk = new Uint8Array(READ_CHUNK_BYTES);
  let first = true;
  for (;;) {
    const n = fs.read(fd, chunk, 0, chunk.length);
    if (n === 0) break;
    let bytes = chunk.subarray(0, n);
    if (first) {
      first = false;
      const mark = byteOrderMark(bytes);
      // JSON is UTF-8 (RFC 8259): only a small notebook saved as UTF-16 is read (whole).
      if (mark.encoding !== 'utf-8')
        return {
          problem: `a notebook in ${mark.encoding.toUpperCase()} over ${MAX_NOTE_BYTES} bytes: not read (save it as UTF-8)`,
        };
      bytes = bytes.subarray(mark.length);
    }
    if (!skeleton.push(bytes)) break;
  }
  return skeleton.finish();
}

// The bytes of a note → its text. UTF-8 with or without a byte-order mark, UTF-16 LE or BE
// with one; anything else (invalid UTF-8, binary junk, UTF-16 without a mark) is refused with
// a reason instead of being read as junk.

export type Decoded = { text: string } | { problem: string };

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The encoding a byte-order mark announces, and how many bytes the mark takes. */
export function byteOrderMark(bytes: Uint8Array): { encoding: Encoding; length: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return { encoding: 'utf-8', length: 0 };
}

export function decodeNote(bytes: Uint8Array): Decoded {
  const { encoding, length } = byteOrderMark(bytes);
  const body = bytes.subarray(length);
  let text: string;
  try {
    text = new TextDecoder(encoding === 'utf-16be' ? 'utf-16le' : encoding, {
      fatal: true,
      ignoreBOM: true,
    }).decode(encoding === 'utf-16be' ? swapBytePairs(body) : body);
  } catch {
    return {
      problem:
        encoding === 'utf-8'
          ? 'not text: neither UTF-8 nor UTF-16 with a byte-order mark (binary?): not read'
          : `not valid ${encoding.toUpperCase()}: not read`,
    };
  }
  // Valid UTF-8 can still be binary (or UTF-16 without its mark): no note holds a NUL.
  if (text.includes('\0')) return { problem: 'not text: it contains NUL characters: not read' };
  return { text };
}

function swapBytePairs(bytes: Uint8Array): Uint8Array {
  if (bytes.length % 2 !== 0) return bytes; // the decoder refuses the odd byte
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1];
    swapped[i + 1] = bytes[i];
  }
  return swapped;
}

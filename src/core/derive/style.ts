// How the note writes its math, read from its own text: the transpose (^T, ^\top, ', …),
// elementwise division (\oslash or \frac), the Hadamard product (\odot or \circ), the
// Frobenius product (: or \langle\rangle), and which letters it sets in bold.
export interface NoteStyle {
  transpose: '^T' | '^\\top' | "'" | '^{\\mathsf T}' | '^\\intercal';
  divide: 'frac' | 'oslash';
  hadamard: '\\odot' | '\\circ';
  frobenius: 'colon' | 'angle';
  /** Symbol names the note writes in bold (\mathbf{X}, \boldsymbol{\theta}). */
  bold: ReadonlySet<string>;
  /** The note's own spelling of each symbol, by name (from its source), when it has one. */
  spelling: ReadonlyMap<string, string>;
}

export const DEFAULT_STYLE: NoteStyle = {
  transpose: '^T',
  divide: 'oslash',
  hadamard: '\\odot',
  frobenius: 'colon',
  bold: new Set(),
  spelling: new Map(),
};

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** The note's habits, by majority; ties keep the defaults. */
export function styleOfText(
  text: string,
  bold: ReadonlySet<string> = new Set(),
  spelling: ReadonlyMap<string, string> = new Map(),
): NoteStyle {
  const transposes: [NoteStyle['transpose'], number][] = [
    ['^T', count(text, /\^\s*(?:T\b|\{\s*T\s*\})/g)],
    ['^\\top', count(text, /\^\s*\{?\s*\\top\b/g)],
    ['^{\\mathsf T}', count(text, /\^\s*\{\s*\\mathsf\s*\{?\s*T/g)],
    ['^\\intercal', count(text, /\^\s*\{?\s*\\intercal\b/g)],
    ["'", count(text, /[A-Za-z}]'(?!')/g)],
  ];
  const best = transposes.reduce((a, b) => (b[1] > a[1] ? b : a), ['^T', 0]);
  return {
    transpose: best[0],
    divide:
      count(text, /\\oslash\b/g) > 0
        ? 'oslash'
        : count(text, /\\[dt]?frac\b/g) > 0
          ? 'frac'
          : 'oslash',
    hadamard: count(text, /\\circ\b/g) > count(text, /\\odot\b/g) ? '\\circ' : '\\odot',
    frobenius: count(text, /\\langle\b/g) > 0 ? 'angle' : 'colon',
    bold,
    spelling,
  };
}

// A symbol's structured identity, read once from the name the parser gives it: the letter (with
// its bold, accents and commands, as written), and a trailing subscript `_{i}` or course-notes
// sample index `^{(i)}`. Later stages ask this instead of decoding names with their own regexes.

export interface SymbolRef {
  /** The whole name: x_{i}, \mathbf{x}, W_{1}. */
  name: string;
  /** The name without its trailing index: x for x_{i} and x^{(i)}. */
  base: string;
  /** i in x_{i}. */
  subscript?: string;
  /** i in x^{(i)}. */
  sampleIndex?: string;
}

const SUBSCRIPT = /^(.+)_\{([^}]*)\}$/;
const SAMPLE_INDEX = /^(.+)\^\{\(([^)]*)\)\}$/;

export function symbolRef(name: string): SymbolRef {
  const sub = SUBSCRIPT.exec(name);
  if (sub) return { name, base: sub[1], subscript: sub[2] };
  const sample = SAMPLE_INDEX.exec(name);
  if (sample) return { name, base: sample[1], sampleIndex: sample[2] };
  return { name, base: name };
}

/** The index a family member is named with (i in x_{i} or x^{(i)}), if any. */
export function memberIndex(ref: SymbolRef): string | undefined {
  return ref.subscript ?? ref.sampleIndex;
}

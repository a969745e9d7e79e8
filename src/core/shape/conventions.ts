// Naming conventions: what an undeclared symbol's spelling says about its shape. Declarations,
// sizes written on the symbol and definitions always win; a convention only fills the gap.
// The defaults are the field's (matrixcalculus.org, Magnus & Neudecker, most ML notes):
// capitals are matrices, bold lowercase are column vectors, plain lowercase are scalars
// unless their use makes them vectors (xᵀAx). Notes that write vectors in plain lowercase
// (common in ML: w, x, b) can say so.

export interface NamingConventions {
  /** Latin capitals (A, X, W): a matrix, or whatever their use says. */
  uppercase: 'matrix' | 'from-use';
  /** Greek capitals (Σ, Λ, Φ). */
  greekUppercase: 'matrix' | 'from-use';
  /** Bold lowercase (\mathbf{x}, \boldsymbol{\beta}): a column vector, or whatever their use says. */
  boldLowercase: 'vector' | 'from-use';
  /** Plain Latin lowercase (x, w, b): a scalar unless used as a vector, or a column vector. */
  lowercase: 'from-use' | 'vector';
}

export const DEFAULT_CONVENTIONS: Readonly<NamingConventions> = Object.freeze({
  uppercase: 'matrix',
  greekUppercase: 'matrix',
  boldLowercase: 'vector',
  lowercase: 'from-use',
});

const CHOICES: { [K in keyof NamingConventions]: readonly NamingConventions[K][] } = {
  uppercase: ['matrix', 'from-use'],
  greekUppercase: ['matrix', 'from-use'],
  boldLowercase: ['vector', 'from-use'],
  lowercase: ['from-use', 'vector'],
};

export const CONVENTION_NAMES = Object.keys(CHOICES) as (keyof NamingConventions)[];

/** The choices for one convention, for messages and the settings schema. */
export function conventionChoices(name: keyof NamingConventions): readonly string[] {
  return CHOICES[name];
}

/**
 * The conventions from untrusted input (settings, a worker message, the CLI): known keys with
 * known values are taken, everything else keeps the default and is named in `problems`.
 */
export function resolveConventions(input: unknown): {
  conventions: NamingConventions;
  problems: string[];
} {
  const conventions: NamingConventions = { ...DEFAULT_CONVENTIONS };
  const problems: string[] = [];
  if (input === undefined || input === null) return { conventions, problems };
  if (typeof input !== 'object' || Array.isArray(input)) {
    problems.push(
      `conventions must be an object like {"lowercase": "vector"}, not ${JSON.stringify(input)}`,
    );
    return { conventions, problems };
  }
  for (const [key, value] of Object.entries(input)) {
    if (!(key in CHOICES)) {
      problems.push(`unknown convention '${key}' (known: ${CONVENTION_NAMES.join(', ')})`);
      continue;
    }
    const name = key as keyof NamingConventions;
    if (!(CHOICES[name] as readonly unknown[]).includes(value)) {
      problems.push(
        `convention ${name}: ${JSON.stringify(value)} is not one of ${CHOICES[name].join(', ')}`,
      );
      continue;
    }
    (conventions as unknown as Record<string, unknown>)[name] = value;
  }
  return { conventions, problems };
}

/** Stable text for cache keys: equal conventions, equal keys. */
export function conventionsKey(conventions: NamingConventions): string {
  return CONVENTION_NAMES.map((name) => `${name}=${conventions[name]}`).join(',');
}

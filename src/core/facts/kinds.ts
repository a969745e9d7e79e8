// What a fact can say about a symbol's values: the one table of properties. Every reader
// (directive words, prose, math), the sampler and the messages take a property's words, what
// it implies and how to draw it from here, so a new kind of assumption is one entry below,
// one reader rule and one sampler case.

/** How the sampler draws a matrix with the property (see numeric/random.ts). */
export type SampleKind =
  | 'normal'
  | 'positive'
  | 'nonnegative'
  | 'symmetric'
  | 'symmetricPositive'
  | 'spd'
  | 'psd'
  | 'wellConditioned'
  | 'diagonal'
  | 'orthogonal'
  | 'lowerTriangular'
  | 'upperTriangular'
  | 'identity'
  | 'ones'
  | 'zero'
  | 'binary'
  | 'integer'
  | 'oneHot'
  | 'simplex'
  | 'rowSimplex';

export const PROPERTY_NAMES = [
  'symmetric',
  'positive-definite',
  'positive-semidefinite',
  'diagonal',
  'orthogonal',
  'lower-triangular',
  'upper-triangular',
  'positive',
  'nonnegative',
  'binary',
  'integer',
  'one-hot',
  'probability',
  'row-stochastic',
  'identity',
  'ones',
  'zero',
] as const;

export type Property = (typeof PROPERTY_NAMES)[number];

export type PropertyGroup = 'structure' | 'entries' | 'value';

export interface PropertyInfo {
  group: PropertyGroup;
  /** Only a square matrix can have it (a vector's "symmetric" belongs to a neighbour's words). */
  square?: boolean;
  /** Properties that follow from this one (positive definite ⇒ symmetric). */
  implies: Property[];
  /** Words a `gradlens:` directive accepts for it; the first is the one GradLens writes. */
  directiveWords: string[];
  /** How a person says it, for messages and hovers. */
  label: string;
  sample: SampleKind;
}

export const PROPERTIES: Record<Property, PropertyInfo> = {
  symmetric: {
    group: 'structure',
    square: true,
    implies: [],
    directiveWords: ['symmetric', 'sym'],
    label: 'symmetric',
    sample: 'symmetric',
  },
  'positive-definite': {
    group: 'structure',
    square: true,
    implies: ['symmetric'],
    directiveWords: ['spd', 'pd', 'positive-definite'],
    label: 'positive definite',
    sample: 'spd',
  },
  'positive-semidefinite': {
    group: 'structure',
    square: true,
    implies: ['symmetric'],
    directiveWords: ['psd', 'positive-semidefinite'],
    label: 'positive semidefinite',
    sample: 'psd',
  },
  diagonal: {
    group: 'structure',
    square: true,
    implies: ['symmetric'],
    directiveWords: ['diagonal', 'diag'],
    label: 'diagonal',
    sample: 'diagonal',
  },
  orthogonal: {
    // square, or orthonormal columns (rows) of a tall (wide) matrix: QᵀQ = I
    group: 'structure',
    implies: [],
    directiveWords: ['orthogonal', 'orth'],
    label: 'orthogonal',
    sample: 'orthogonal',
  },
  'lower-triangular': {
    group: 'structure',
    square: true,
    implies: [],
    directiveWords: ['lower-triangular', 'lower'],
    label: 'lower triangular',
    sample: 'lowerTriangular',
  },
  'upper-triangular': {
    group: 'structure',
    square: true,
    implies: [],
    directiveWords: ['upper-triangular', 'upper'],
    label: 'upper triangular',
    sample: 'upperTriangular',
  },
  positive: {
    group: 'entries',
    implies: ['nonnegative'],
    directiveWords: ['positive', 'pos'],
    label: 'positive entries',
    sample: 'positive',
  },
  nonnegative: {
    group: 'entries',
    implies: [],
    directiveWords: ['nonnegative', 'nonneg'],
    label: 'nonnegative entries',
    sample: 'nonnegative',
  },
  binary: {
    group: 'entries',
    implies: ['nonnegative', 'integer'],
    directiveWords: ['binary'],
    label: 'binary entries',
    sample: 'binary',
  },
  integer: {
    group: 'entries',
    implies: [],
    directiveWords: ['integer', 'int'],
    label: 'integer entries',
    sample: 'integer',
  },
  'one-hot': {
    group: 'entries',
    implies: ['binary', 'nonnegative', 'probability'],
    directiveWords: ['one-hot', 'onehot'],
    label: 'one-hot',
    sample: 'oneHot',
  },
  probability: {
    group: 'entries',
    implies: ['nonnegative'],
    directiveWords: ['probability', 'simplex', 'column-stochastic'],
    label: 'a probability vector (columns sum to one)',
    sample: 'simplex',
  },
  'row-stochastic': {
    group: 'entries',
    implies: ['nonnegative'],
    directiveWords: ['row-stochastic'],
    label: 'row-stochastic (rows sum to one)',
    sample: 'rowSimplex',
  },
  identity: {
    group: 'value',
    square: true,
    implies: ['symmetric', 'diagonal', 'orthogonal', 'positive-definite'],
    directiveWords: ['identity'],
    label: 'the identity',
    sample: 'identity',
  },
  ones: {
    group: 'value',
    implies: ['positive'],
    directiveWords: ['ones'],
    label: 'the matrix of ones',
    sample: 'ones',
  },
  zero: {
    group: 'value',
    implies: [],
    directiveWords: ['zero'],
    label: 'zero',
    sample: 'zero',
  },
};

export function propertyInfo(property: Property): PropertyInfo {
  return PROPERTIES[property];
}

/** The property a directive word names (`spd`, `diag`, `one-hot`), if any. */
export function propertyOfWord(word: string): Property | undefined {
  const w = word.toLowerCase();
  return PROPERTY_NAMES.find((p) => propertyInfo(p).directiveWords.includes(w));
}

/** A property with everything it implies, itself first. */
export function withImplied(property: Property): Property[] {
  const out: Property[] = [];
  const add = (p: Property) => {
    if (out.includes(p)) return;
    out.push(p);
    for (const q of propertyInfo(p).implies) add(q);
  };
  add(property);
  return out;
}

/**
 * What a denial of `property` denies: the property and every property that implies it (not
 * symmetric ⇒ not positive definite, not diagonal, not the identity; not nonnegative ⇒ not
 * positive, not a probability vector…), itself first.
 */
export function deniedWith(property: Property): Property[] {
  return [
    property,
    ...PROPERTY_NAMES.filter((p) => p !== property && withImplied(p).includes(property)),
  ];
}

/**
 * The draw for a symbol with these properties: the most specific one wins (a one-hot label
 * stays one-hot whatever a use would like it to be; positive definite beats symmetric).
 */
export const SAMPLE_RANK: Record<SampleKind, number> = {
  normal: 0,
  symmetric: 1,
  wellConditioned: 2,
  integer: 3,
  nonnegative: 4,
  positive: 5,
  symmetricPositive: 5,
  lowerTriangular: 6,
  upperTriangular: 6,
  psd: 7,
  spd: 8,
  orthogonal: 9,
  diagonal: 9,
  binary: 10,
  simplex: 11,
  rowSimplex: 11,
  oneHot: 12,
  ones: 13,
  zero: 13,
  identity: 13,
};

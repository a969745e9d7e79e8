// What prose says about a symbol: "a symmetric weight matrix $W$", "Let $A\in\mathbb{R}^{n\times n}$
// be symmetric", "$\mathbf y$ (nonnegative, entries summing to one)", "$N$ samples".
//
// One table of phrase rules (RULES): each row names what is said (a property, a role, a rank),
// the words that say it, and the constructions those words may stand in. The machinery below
// knows the constructions, not the properties: a new assumption is one new row.
//
// The reader sees only the prose view (prose and inline math at their source offsets, all else
// blanked), cut into sentences at sentence ends, paragraph breaks, list items and LaTeX
// sectioning; nothing is read across a sentence end. Hypotheticals ("if $A$ were symmetric",
// "when $A$ is symmetric"), restrictions ("only right for symmetric $X$", "for symmetric $A$
// only") and disjunctions ("symmetric or diagonal") say nothing, and a size ($n\times n$) is
// never a symbol.
//
// Denials are facts too (a negated property): "$A$ is not (necessarily) symmetric", "$A$ need
// not be symmetric", "a non-symmetric $A$" (a denying verb, or `not`/`non` before the words of
// any row), and rows whose words deny by themselves ("nonsymmetric", "negative entries", "of
// either sign"). A verb of possibility ("$\mathbf x$ can have negative entries") carries only
// denials: "$A$ can be symmetric" says nothing. A denial denied ("is not non-symmetric") says
// nothing.
import type { FactSays } from '../fact';
import { PROPERTIES, type Property } from '../kinds';
import type { InlineMath, ProseView } from '../proseView';

export interface ProseFinding {
  /** The inline math region naming the symbol(s) the words speak of ($A$, $\mathbf y$, $A, B$). */
  symbols: InlineMath;
  says: FactSays;
  /** Source span of the words + math the fact rests on, for messages ("a symmetric weight matrix $W$"). */
  start: number;
  end: number;
  /**
   * Said as a condition ("$\nabla_x x^TAx = 2Ax$ when $A$ is symmetric", "if $A$ is
   * symmetric, …"): not asserted of the note, only of its own sentence (this span), whose
   * claims are stated under it.
   */
  condition?: { from: number; to: number };
}

/**
 * Where a rule's words may stand:
 * - before: "a symmetric weight matrix $W$", "for symmetric $A$", "the number of classes $K$";
 * - predicate: "$W$ is orthogonal", "Let $A, B$ be symmetric", "$D$ is diagonal with positive entries",
 *   also after an apposition ("$\Sigma$ the $p\times p$ covariance matrix, assumed positive
 *   definite"), in a relative clause ("an $n\times n$ matrix that is positive semidefinite") or a
 *   restatement ("a rotation, i.e. an orthogonal matrix");
 * - paren: "$S$ (symmetric positive semidefinite)", or after the subject's noun phrase when the
 *   parenthesis starts with a size ("$S$ be the sample covariance of the data ($d \times d$, …)");
 * - parts: "the entries of $\mathbf y$ are nonnegative", "the columns of $P$ sum to one";
 * - counted: the words follow the symbol as the things it counts ("$N$ samples").
 */
export type Construction = 'before' | 'predicate' | 'paren' | 'parts' | 'counted';

export interface PhraseRule {
  says: FactSays;
  /**
   * Phrases, one slot per word: `a|b` alternatives, `x?` optional, `*` any word. Hyphens are
   * spaces ("one-hot" is `one hot`). A phrase starting with `!` is itself a verb ("$p$ sums to
   * one"): it may follow the symbol directly.
   */
  words: string[];
  at: Construction[];
  /** The next word makes it something else: "the diagonal of", "orthogonal to", "zero mean". */
  notBefore?: string[];
  /** The previous word makes it something else: "block diagonal", "off-diagonal". */
  notAfter?: string[];
  /** A role holds whatever the sentence supposes: "if we draw $N$ samples" still counts with N. */
  evenIfHypothetical?: boolean;
  /** "the number of samples, denoted $N$": a comma, "is", "denoted (by)" may stand before the symbol. */
  looseBefore?: boolean;
}

const prop = (property: Property): FactSays => ({ kind: 'property', property });
const deny = (property: Property): FactSays => ({ kind: 'property', property, negated: true });
/** Words after which "negative" is something else: "negative definite", "negative log". */
const NOT_A_SIGN = [
  'definite',
  'semidefinite',
  'semi',
  'part',
  'parts',
  'log',
  'sign',
  'eigenvalue',
  'eigenvalues',
  'diagonal',
  'curvature',
  'gradient',
  'of',
  'number',
  'numbers',
  'orthant',
  'direction',
  'side',
  'feedback',
  'sample',
  'samples',
  'examples',
  'pairs',
  'class',
];
const SIGNED_PARTS = 'entries|elements|components|coordinates|values|coefficients|weights';
const ANY_SIGN = 'either|any|arbitrary|mixed|both sign|signs';

const THINGS =
  'samples|sample|points|datapoints|observations|examples|instances|items|documents|sentences|words|tokens|images|particles|trials|measurements|nodes|users|steps|iterations|classes|categories|components|clusters|layers|records|draws|experts|agents|arms|states|actions|timesteps|batches|patients|individuals|subjects|pixels|neurons|heads|channels|labels|outcomes|features|rounds|epochs';
const COUNT_ADJ =
  'training|test|data|observed|i.i.d.|iid|independent|labelled|labeled|unlabelled|unlabeled|input|distinct|random|noisy|hidden|output|time|total';
const ONE = 'one|1|unity';
/** "exactly one entry equal to 1", "a single 1", "exactly one 1" (the article is the chain's). */
const ONE_ENTRIES = [
  'exactly|precisely|only? one|1 entry|element|component|coordinate equal|equals|set? to? one|1',
  'exactly|precisely one|1 one|1',
  'single|lone one|1',
  'single|lone entry|element|component|coordinate equal|equals|set? to? one|1',
];
/** "zeros elsewhere", "all other entries 0", "the rest zero", "the remaining entries are zero". */
const ZEROS_ELSEWHERE = [
  'zeros|zeroes|0|0s|zero elsewhere|otherwise',
  'all? the? other|others|remaining|rest entries|elements|components|ones? are|equal|being|set? to? 0|zero|zeros|zeroes',
];

const ALL: Construction[] = ['before', 'predicate', 'paren'];
const ENTRIES: Construction[] = ['before', 'predicate', 'paren', 'parts'];

/** The one table. Order matters only for ties: the longest phrase wins, then the first row. */
export const RULES: PhraseRule[] = [
  { says: prop('symmetric'), words: ['symmetric', 'symm.'], at: ALL },
  {
    says: prop('positive-definite'),
    words: [
      'symmetric? positive definite',
      'symmetric? strictly positive definite',
      'spd',
      's.p.d.',
      'p.d.',
      'pd',
    ],
    at: ALL,
  },
  {
    says: prop('positive-semidefinite'),
    words: [
      'symmetric? positive semi definite',
      'symmetric? positive semidefinite',
      'symmetric? nonnegative definite',
      'symmetric? non negative definite',
      'psd',
      'p.s.d.',
      'spsd',
    ],
    at: ALL,
  },
  {
    says: prop('diagonal'),
    words: ['diagonal'],
    at: ALL,
    notBefore: ['of', 'entries', 'entry', 'elements', 'element', 'block', 'blocks', 'part'],
    notAfter: ['block', 'off', 'main', 'anti', 'positive', 'nonnegative', 'nonzero', 'negative'],
  },
  {
    says: prop('orthogonal'),
    words: ['orthogonal', 'orthonormal'],
    at: ALL,
    notBefore: [
      'to',
      'columns',
      'rows',
      'column',
      'row',
      'basis',
      'projection',
      'projector',
      'complement',
      'vectors',
      'directions',
      'eigenvectors',
      'set',
    ],
  },
  // A rotation matrix is orthogonal (with determinant one, which GradLens does not use), so
  // "rotation matrix" says orthogonal wherever it stands. "Rotation" alone says it only of the
  // subject ("$R$ is a $3\times 3$ rotation", "$R$ (a rotation)"): before a symbol it is as often
  // an angle or an action ("the rotation $\theta$"), and "a rotation of $u$" is a rotated vector.
  // "$Q$ has orthonormal columns", "$Q$ is $n\times k$ with orthonormal columns": a tall Q
  // with QᵀQ = I, which the sampler draws (orthogonal is not only square)
  {
    says: prop('orthogonal'),
    words: ['orthonormal|orthogonal columns|rows'],
    at: ['predicate', 'paren'],
  },
  { says: prop('orthogonal'), words: ['rotation matrix|matrices'], at: ALL },
  {
    says: prop('orthogonal'),
    words: ['rotation|rotations'],
    at: ['predicate', 'paren'],
    notBefore: [
      'of',
      'by',
      'about',
      'around',
      'angle',
      'angles',
      'axis',
      'axes',
      'vector',
      'rate',
      'speed',
      'parameter',
      'parameters',
      'invariant',
      'invariance',
      'center',
      'centre',
    ],
  },
  // denied by the words themselves: "nonsymmetric $A$", "a general (non-symmetric) matrix" is
  // `non` + symmetric, read as any negator before a row's words
  {
    says: deny('symmetric'),
    words: ['nonsymmetric', 'unsymmetric', 'asymmetric', 'skew symmetric', 'antisymmetric'],
    at: ALL,
    notBefore: ['part', 'parts'],
  },
  { says: prop('lower-triangular'), words: ['lower triangular'], at: ALL },
  { says: prop('upper-triangular'), words: ['upper triangular'], at: ALL },
  {
    says: prop('positive'),
    words: [
      'positive',
      'strictly positive',
      'entrywise|elementwise positive',
      'entry|element wise positive',
      'positive valued',
      'positive entries|elements|components|coefficients|weights',
      'strictly positive entries|elements|components',
    ],
    at: ENTRIES,
    notBefore: [
      'part',
      'root',
      'orthant',
      'side',
      'direction',
      'sign',
      'number',
      'numbers',
      'diagonal',
      'eigenvalues',
      'definiteness',
    ],
  },
  {
    says: prop('nonnegative'),
    words: [
      'nonnegative',
      'non negative',
      'entrywise|elementwise nonnegative',
      'entrywise|elementwise non negative',
      'nonnegative entries|elements|components|weights|coefficients|valued',
      'non negative entries|elements|components|weights|coefficients|valued',
    ],
    at: ENTRIES,
    notBefore: ['part', 'orthant', 'integer', 'integers'],
  },
  {
    // a sign denied: "$\mathbf x$ can have negative entries", "the entries of $x$ may be
    // negative", "$x$ of either sign", "positive and negative values" (not positive, not
    // nonnegative, nothing that implies them)
    says: deny('nonnegative'),
    words: [
      'negative',
      `negative ${SIGNED_PARTS}`,
      `both? positive and|or negative ${SIGNED_PARTS}?`,
      `of? ${ANY_SIGN}`,
      `${SIGNED_PARTS} of ${ANY_SIGN}`,
    ],
    at: ['predicate', 'paren', 'parts'],
    notBefore: NOT_A_SIGN,
  },
  {
    says: prop('binary'),
    words: ['binary', 'binary valued', 'boolean', 'binary entries', '0 1 valued'],
    at: ENTRIES,
    notBefore: [
      'cross',
      'classification',
      'classifier',
      'search',
      'operation',
      'operator',
      'relation',
      'tree',
      'loss',
      'entropy',
      'case',
      'problem',
    ],
  },
  {
    says: prop('integer'),
    words: ['integer', 'integers', 'integer valued', 'integer entries', 'nonnegative integer'],
    at: ENTRIES,
    notBefore: ['programming', 'program', 'part'],
  },
  {
    says: prop('one-hot'),
    words: ['one hot', 'one hot encoded', 'onehot', 'one hot coded'],
    at: ENTRIES,
    notBefore: ['encoding', 'encodings', 'of'],
  },
  {
    // "the one-hot encoding $Y$", "$\mathbf y$ is a one-hot representation" (but "a one-hot
    // encoding of the label $y$" says y is a label, not that it is one-hot)
    says: prop('one-hot'),
    words: ['one hot|onehot encoding|encodings|representation|representations|code|codes'],
    at: ALL,
    notBefore: ['of', 'matrix', 'scheme', 'layer', 'function'],
  },
  {
    // "$\mathbf y$ is the one-hot encoding of the true class": the subject is the encoding
    says: prop('one-hot'),
    words: [
      'one hot|onehot encoding|encodings|representation|representations|vector|vectors|code|codes of',
    ],
    at: ['predicate', 'paren'],
  },
  {
    // one-hot said by its entries: "exactly one entry equal to 1 and all others 0", "a single 1,
    // zeros elsewhere". The zeros are part of the phrase: one entry equal to 1 alone is not one-hot.
    says: prop('one-hot'),
    words: ONE_ENTRIES.flatMap((entry) =>
      ZEROS_ELSEWHERE.map((zeros) => `${entry} ,|(|and|with? and? ${zeros}`),
    ),
    at: ['predicate', 'paren'],
  },
  {
    says: prop('probability'),
    words: [
      'probability vector|vectors|distribution|distributions',
      'discrete probability distribution',
      'column stochastic',
      'left stochastic',
      'stochastic vector',
      '!on|in the probability? simplex',
      '!lies|lie|lives|live on|in the probability? simplex',
      '!entries|elements|components|coordinates|probabilities? sum|sums|summing|add|adds|adding up? to ' +
        ONE,
      'whose|with entries|elements|components sum|sums|summing|add|adding up? to ' + ONE,
    ],
    at: ENTRIES,
  },
  {
    says: prop('row-stochastic'),
    words: [
      'row stochastic',
      'right stochastic',
      '!rows sum|sums|summing|add up? to ' + ONE,
      'whose|with rows sum|summing up? to ' + ONE,
    ],
    at: ALL,
  },
  {
    says: prop('identity'),
    words: ['identity', 'identity matrix', 'unit matrix'],
    at: ['before', 'predicate', 'paren'],
    notBefore: ['of', 'function', 'map', 'mapping', 'operator', 'in', 'holds', 'for', 'with'],
  },
  {
    says: prop('ones'),
    words: [
      'matrix|vector of ones',
      'matrix|vector of all ones',
      'all ones matrix|vector?',
      'ones matrix|vector',
      'matrix|vector with all entries equal to one|1',
    ],
    at: ALL,
  },
  {
    says: prop('zero'),
    words: [
      'zero matrix|vector',
      'null matrix',
      'matrix|vector of zeros|zeroes',
      'all zeros|zero',
      'zero',
    ],
    at: ALL,
    notBefore: [
      'mean',
      'diagonal',
      'trace',
      'determinant',
      'gradient',
      'entries',
      'eigenvalues',
      'eigenvalue',
      'of',
      'row',
      'rows',
      'column',
      'columns',
      'padding',
      'initialization',
      'otherwise',
      'except',
    ],
  },
  {
    says: { kind: 'role', role: 'count' },
    words: [
      'total? number|count of *? *? ' + THINGS,
      'batch|sample|dataset|minibatch size',
      'mini batch size',
      'data set size',
      'size of the batch|minibatch|dataset|sample',
    ],
    at: ['before', 'predicate'],
    evenIfHypothetical: true,
    looseBefore: true,
  },
  {
    says: { kind: 'role', role: 'count' },
    words: [`${COUNT_ADJ}? ${COUNT_ADJ}? ${THINGS}`],
    at: ['counted'],
    evenIfHypothetical: true,
  },
  {
    says: { kind: 'rank', full: 'column' },
    words: ['full column rank'],
    at: ['before', 'predicate', 'paren'],
  },
  {
    says: { kind: 'rank', full: 'row' },
    words: ['full row rank'],
    at: ['before', 'predicate', 'paren'],
  },
];

// ---------------------------------------------------------------------------------------------
// Words the constructions are made of (not properties: those are all in RULES).

const ARTICLES = new Set(['a', 'an', 'the', 'some', 'any', 'every', 'each']);
/** Adjectives and adverbs that say nothing GradLens uses but may stand among those that do. */
const FILLERS = new Set(
  'real square invertible nonsingular fixed given constant random unit dense sparse known arbitrary strictly also always both all necessarily clearly automatically again itself themselves still nonzero large small learnable trainable learned full entrywise elementwise assumed respectively dimensional complex general generic certain same usual standard corresponding'.split(
    ' ',
  ),
);
/** Head nouns between the words and the symbol: "a symmetric weight matrix $W$". */
const NOUNS = new Set(
  'matrix matrices vector vectors array arrays tensor tensors weight weights target targets label labels mask masks covariance covariances precision kernel kernels gram hessian hessians metric rotation rotations factor factors scaling scale encoding encodings indicator indicators input inputs output outputs data design noise sample feature features coefficient coefficients parameter parameters operator operators variable variables transform transformation map penalty regularizer prior term block representation embedding embeddings activations probabilities distribution distributions scalar scalars constant constants number numbers value values entries elements quantity quantities estimate estimator operand argument arguments assignment assignments one ones zero zeros identity laplacian adjacency graph transition permutation loading loadings basis eigenvectors mixing attention selection'.split(
    ' ',
  ),
);
/** A sentence word before these means the symbol is not the subject: "the Hessian of $f$ is PD". */
const PREPOSITIONS = new Set(
  'of to in on by from than between over at into onto under about like nor neither not no per via through'.split(
    ' ',
  ),
);
const NEGATORS = new Set(['not', 'non', 'no', 'never', 'nor', 'neither', 'hardly', 'nowhere']);
/** A condition or a supposition earlier in the sentence: what follows is not asserted. */
const HYPOTHETICAL = new Set([
  'if',
  'iff',
  'when',
  'whenever',
  'unless',
  'whether',
  'provided',
  'providing',
  'lest',
  'were',
  'would',
  'could',
  'might',
]);
/**
 * A supposition that is a condition on the sentence's own claims ("… = 2Ax when $A$ is
 * symmetric"), not a counterfactual ("if $A$ were symmetric") or an exception ("unless").
 */
const CONDITIONS = new Set(['if', 'iff', 'when', 'whenever', 'provided', 'providing']);
/** Right after the words: "$A$ is symmetric if …", "symmetric or diagonal". */
const AFTER_CANCELS = new Set([
  'if',
  'iff',
  'when',
  'whenever',
  'unless',
  'provided',
  'only',
  'or',
]);
/**
 * How a verb takes the words after it: it states them, denies them ("is not", "need not be"), or
 * allows them ("can have", "may be": only a denial allowed says something, "can have negative
 * entries"; "can be symmetric" says nothing).
 */
type Mood = 'states' | 'denies' | 'allows';

/** What makes the words right after the symbol a predicate of it. */
const VERBS: { words: string; plural: boolean; mood?: Mood }[] = [
  ...[
    'is',
    'is also|always|again|itself|then|thus|hence|therefore|now',
    'is assumed|taken|chosen|known|required|supposed|defined|constrained to be',
    'is assumed|taken',
    'is of',
    'of',
    'has',
    'having',
    'with',
    'being',
    'was',
    'remains|stays|becomes',
    'denotes|represents|means',
    'will denote',
    'which is',
    ', which is',
    'that is',
    'whose entries|elements|components are',
    'whose entries|elements|components',
    '=',
  ].map((words) => ({ words, plural: false })),
  ...[
    'are',
    'are also|always|again|themselves|both|all|then|thus|hence|therefore|now',
    'are assumed|taken|chosen|known|required|supposed|defined|constrained to be',
    'are assumed|taken',
    'are of',
    'be',
    'be both|all',
    'to be',
    'have',
    'remain|stay|become',
    'denote|represent',
    'which are',
    ', which are',
    // a participle, said of whatever it follows: "$\Sigma$, assumed positive definite"
    ',? assumed|supposed',
    ',? assumed|supposed|taken to be',
  ].map((words) => ({ words, plural: true })),
  ...[
    'is|was not',
    'is|was not necessarily|always',
    'is never',
    'need|needs not necessarily? be',
    'does not need to be',
    'cannot be',
    'can not be',
    // before the words of a verbal row: "$\mathbf y$ need not sum to one"
    'need|needs|does not',
    ',? which|that is not necessarily?',
  ].map((words) => ({ words, plural: false, mood: 'denies' as const })),
  ...[
    'are|were not',
    'are|were not necessarily|always',
    'are never',
    'do not need to be',
    'need|do not',
  ].map((words) => ({ words, plural: true, mood: 'denies' as const })),
  ...['can|may|might also? be|have|take|contain', 'is|are allowed to be|have|take'].map(
    (words) => ({ words, plural: true, mood: 'allows' as const }),
  ),
];
/** The participles among the verbs: they may follow an apposition without a comma before it. */
const PARTICIPLES = new Set(['assumed', 'supposed', 'taken']);
/** Verbs that do not make what follows the subject's description: "$S$ of the data (…)". */
const NOT_COPULA = new Set(['of', 'with', 'has', 'having', 'have', '=']);
/** Words between a negator and what it denies: "not necessarily symmetric". */
const HEDGES = new Set(['necessarily', 'always']);
/** Negators that may stand inside a chain, before the words they deny: "non-symmetric". */
const CHAIN_NEGATORS = new Set(['not', 'non']);
/** Words that end a noun phrase: a clause, a coordination, a negation or a condition starts. */
const CLAUSE_WORDS = new Set(
  'and or but that which who whose is are was were be been being has have not no never if iff when whenever unless provided only'.split(
    ' ',
  ),
);
/** "holds only for symmetric $A$", "valid only under …": what follows is a restriction. */
const RESTRICTED = new Set(['for', 'under', 'with']);
/** Between listed subjects: "$A$, $B$ and $C$". */
const LIST_SEPARATORS = [',', 'and', ', and'];
/**
 * Between the words of one chain: "diagonal with positive entries", "nonnegative and sum to one";
 * a relative clause, "an $n\times n$ matrix that is positive semidefinite"; a restatement, "a
 * rotation, i.e. an orthogonal matrix", "a rotation, that is, an orthogonal matrix".
 */
const CHAIN_SEPARATORS = [
  ',',
  'and',
  ', and',
  'with',
  'and with',
  ', with',
  'that',
  'which',
  'and that',
  ',? but',
  ',? that|which is|are ,?',
  ',? i.e.|ie. ,?',
];
/** "the number of samples, denoted $N$": what may stand between a looseBefore rule and its symbol. */
const LOOSE_GAP = new Set([',', 'is', 'denoted', 'by', '=', 'written', 'as', 'called']);
/** "the entries of $\mathbf y$ are …": the parts whose properties are the symbol's. */
const PARTS: Record<string, 'entries' | 'columns' | 'rows'> = {
  entries: 'entries',
  entry: 'entries',
  elements: 'entries',
  element: 'entries',
  components: 'entries',
  component: 'entries',
  coordinates: 'entries',
  coefficients: 'entries',
  columns: 'columns',
  column: 'columns',
  rows: 'rows',
  row: 'rows',
};
const BEFORE_PART = new Set(['the', 'all', 'each', 'every', 'its', ',', 'and', 'that', 'where']);
/** Sentence words that make a later "," / "and" + "$B$ diagonal" a verbless predicate. */
const SUPPOSING = new Set([
  'let',
  'assume',
  'suppose',
  'given',
  'consider',
  'take',
  'fix',
  'with',
  'for',
]);

// ---------------------------------------------------------------------------------------------
// Tokens of the prose view, cut into sentences.

type MathClass = 'symbol' | 'size' | 'relation' | 'other';

interface Token {
  kind: 'word' | 'punct' | 'math';
  /** Lowercased word, punctuation mark, or the region's text. */
  text: string;
  start: number;
  end: number;
  region?: InlineMath;
  cls?: MathClass;
  /** A single symbol (no list, no relation): "$N$" may count. */
  single?: boolean;
  /** "$J = \\mathbf 1\\mathbf 1^T$": a symbol being defined, a subject but never after a noun. */
  defined?: boolean;
}

const BOUNDARY_COMMANDS = new Set([
  'item',
  'section',
  'subsection',
  'subsubsection',
  'paragraph',
  'subparagraph',
  'chapter',
  'par',
  'begin',
  'end',
  'caption',
  'footnote',
  'maketitle',
  'title',
  'newline',
  'medskip',
  'bigskip',
  'smallskip',
  'noindent',
]);
const SKIP_ARGUMENT = new Set([
  'label',
  'ref',
  'eqref',
  'cite',
  'citep',
  'citet',
  'cref',
  'Cref',
  'autoref',
  'url',
  'href',
  'includegraphics',
  'begin',
  'end',
  'pageref',
  'footnotemark',
]);
const ABBREVIATIONS = new Set([
  'etc',
  'resp',
  'cf',
  'vs',
  'eg',
  'ie',
  'fig',
  'eq',
  'eqs',
  'sec',
  'symm',
]);

function sentences(view: ProseView): Token[][] {
  const text = view.text;
  const regions = [...view.inline].sort((a, b) => a.start - b.start);
  const out: Token[][] = [];
  let current: Token[] = [];
  const boundary = () => {
    if (current.length) out.push(current);
    current = [];
  };
  let r = 0;
  let i = 0;
  while (i < text.length) {
    while (r < regions.length && regions[r].end <= i) r++;
    const region = regions[r];
    if (region && region.start <= i) {
      current.push(mathToken(region, view.symbolCommands));
      i = region.end;
      // "$n$-dimensional", "$K$-vector": the hyphen joins, it is not a dash
      if (text[i] === '-' && /\p{L}/u.test(text[i + 1] ?? '')) i++;
      continue;
    }
    const limit = region ? region.start : text.length;
    const ch = text[i];
    if (/\s/.test(ch)) {
      let j = i;
      while (j < limit && /\s/.test(text[j])) j++;
      const space = text.slice(i, j);
      if (/\n[^\S\n]*\n/.test(space)) boundary();
      else if (space.includes('\n') && /^(?:[-*+]\s|\d+[.)]\s|#|>|\|)/.test(text.slice(j, j + 3)))
        boundary();
      i = j;
      continue;
    }
    if (ch === '\\') {
      const m = /^\\([A-Za-z]+\*?|.)/.exec(text.slice(i, i + 40));
      const name = m ? m[1].replace(/\*$/, '') : '';
      i += m ? m[0].length : 1;
      if (BOUNDARY_COMMANDS.has(name) || name === '\\') boundary();
      if (SKIP_ARGUMENT.has(name)) i = skipArguments(text, i, limit);
      continue;
    }
    const word = /^(?:\p{L}+(?:\.\p{L}+)+\.?|\p{L}+|\d+(?:\.\d+)?)/u.exec(text.slice(i, i + 60));
    if (word) {
      let w = word[0];
      let end = i + w.length;
      if (text[end] === '.' && ABBREVIATIONS.has(w.toLowerCase())) {
        w += '.';
        end++;
      }
      current.push({ kind: 'word', text: w.toLowerCase(), start: i, end });
      i = end;
      // "one-hot", "non-negative", "semi-definite": the parts are words of one phrase
      if (text[i] === '-' && /\p{L}/u.test(text[i + 1] ?? '')) i++;
      continue;
    }
    // "the (symmetric) covariance": one word in parentheses inside a noun phrase is that word
    // (also a hyphenated one: "a general (non-symmetric) matrix")
    const aside =
      ch === '(' && current[current.length - 1]?.kind === 'word'
        ? /^\(\s*(\p{L}+(?:-\p{L}+)*)\s*\)/u.exec(text.slice(i, i + 40))
        : null;
    if (aside) {
      let start = i + aside[0].indexOf(aside[1]);
      for (const part of aside[1].split('-')) {
        current.push({ kind: 'word', text: part.toLowerCase(), start, end: start + part.length });
        start += part.length + 1;
      }
      i += aside[0].length;
      continue;
    }
    if ('.!?;'.includes(ch)) {
      boundary();
    } else if (ch === '|' || ch === '&') {
      boundary();
    } else if (',()=:-—–[]'.includes(ch)) {
      const mark = ch === '—' || ch === '–' ? '-' : ch === '[' ? '(' : ch === ']' ? ')' : ch;
      current.push({ kind: 'punct', text: mark, start: i, end: i + 1 });
    }
    i++;
  }
  boundary();
  return out;
}

/** Skips `[…]{…}` arguments after a command such as \label or \cite. */
function skipArguments(text: string, i: number, limit: number): number {
  for (;;) {
    while (i < limit && text[i] === ' ') i++;
    const open = text[i];
    if (open !== '{' && open !== '[') return i;
    const close = open === '{' ? '}' : ']';
    let depth = 0;
    for (; i < limit; i++) {
      if (text[i] === open) depth++;
      else if (text[i] === close && --depth === 0) break;
      else if (text[i] === '\n' && text[i + 1] === '\n') return i;
    }
    i++;
  }
}

function mathToken(region: InlineMath, symbolCommands?: ReadonlySet<string>): Token {
  // $\mA$ after \newcommand{\mA}{\bm{A}} is classified as the letter it stands for
  const text = symbolCommands?.size
    ? region.text.replace(/\\[A-Za-z]+/g, (m) => (symbolCommands.has(m) ? 'A' : m))
    : region.text;
  let cls = classify(text);
  const defined = (cls === 'other' || cls === 'relation') && definesSymbol(region.text);
  if (defined) cls = 'symbol';
  return {
    defined,
    kind: 'math',
    text: region.text,
    start: region.start,
    end: region.end,
    region,
    cls,
    single: cls === 'symbol' && !symbolHead(region.text).includes(','),
  };
}

// ---------------------------------------------------------------------------------------------
// What an inline math region is: a symbol ($A$, $\mathbf{y}$, $A, B$, $\Lambda\in\mathbb R^{n\times n}$),
// a size ($n\times n$, $\mathbb R^{m\times n}$), a relation ($m > n$), or something else.

const GREEK =
  'alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|pi|varpi|rho|varrho|sigma|varsigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Upsilon|Phi|Psi|Omega|ell';
const WRAPPERS =
  'mathbf|bm|boldsymbol|mathrm|mathit|mathsf|mathcal|mathbb|mathfrak|mathscr|vec|hat|tilde|bar|widehat|widetilde|overline|check|dot|ddot|mathbfit|pmb|underline|text|textbf|operatorname';
const ONE_SYMBOL = new RegExp(
  String.raw`^(?:[A-Za-z\u0370-\u03FF]|[01]|\\(?:${GREEK}))(?:_(?:\{(?:[^{}]|\{[^{}]*\})*\}|[A-Za-z0-9]|\\[A-Za-z]+)|\^\{?\((?:[^()])*\)\}?|\^\{?\[[^\]]*\]\}?|\^\{?\*\}?|\^(?:\{(?:-|\+|\\ast|\\star|\\prime|\\dagger)\}|-|\+|\\ast|\\star|\\prime|\\dagger)|')*$`,
);
const TAIL = /\\in(?![A-Za-z])|∈|\\colon|:|=/;

/** The part before `\in` / `=` / `:` of a symbol region ("A, B" of "A, B \in \mathbb R^{n\times n}"). */
function symbolHead(text: string): string {
  const tail = TAIL.exec(text);
  return tail ? text.slice(0, tail.index) : text;
}

function classify(text: string): MathClass {
  const tail = TAIL.exec(text);
  const head = tail ? text.slice(0, tail.index) : text;
  const rest = tail ? text.slice(tail.index + tail[0].length) : '';
  const tailOk = !tail || tail[0] !== '=' || /^\s*-?[\d.,\s]+$/.test(rest);
  if (tailOk && head.trim() && topLevelSplit(unwrap(head)).every((s) => ONE_SYMBOL.test(s)))
    return 'symbol';
  if (looksLikeSize(text) || /^\s*(?:\\mathbb\s*\{?R\}?|ℝ)\s*\^/.test(text)) return 'size';
  if (/[<>≤≥≠=]|\\(?:geq?|leq?|neq|gg|ll|geqslant|leqslant)(?![A-Za-z])/.test(text))
    return 'relation';
  return 'other';
}

/** `J = \mathbf 1\mathbf 1^T`: one symbol on the left of an equals sign. */
function definesSymbol(text: string): boolean {
  const eq = text.indexOf('=');
  if (eq <= 0 || /[<>!\\]$/.test(text.slice(0, eq).trim())) return false;
  const right = unwrap(text.slice(eq + 1));
  // "m = n" relates two sizes; "J = \mathbf 1\mathbf 1^T" defines J
  return (
    ONE_SYMBOL.test(unwrap(text.slice(0, eq))) && !ONE_SYMBOL.test(right) && !/[=<>]/.test(right)
  );
}

/** `\mathbf{\hat y}` → `y`, whitespace gone. */
function unwrap(text: string): string {
  let t = text.replace(/\\[,;!: ]/g, '');
  for (let k = 0; k < 4; k++) {
    const before = t;
    t = t
      .replace(new RegExp(String.raw`\\(?:${WRAPPERS})\s*\{([^{}]*)\}`, 'g'), '$1')
      .replace(new RegExp(String.raw`\\(?:${WRAPPERS})\s*(\\[A-Za-z]+|[A-Za-z0-9])`, 'g'), '$1');
    if (t === before) break;
  }
  return t.replace(/\s+/g, '');
}

function topLevelSplit(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}

/** m \times n, 3 \times 3, n \times n: a product of dims. */
function looksLikeSize(text: string): boolean {
  const t = text.replace(/[{}\s]/g, '').replace(/\\times|×/g, '×');
  const dim = String.raw`(?:[A-Za-z](?:_[A-Za-z0-9]+)?|\d+)`;
  return new RegExp(`^${dim}(?:×${dim})+$`).test(t);
}

// ---------------------------------------------------------------------------------------------
// Phrases: the table's words, compiled once.

interface Slot {
  alts: Set<string> | null;
  optional: boolean;
}
interface Phrase {
  slots: Slot[];
  /** "!sum to one": a verb itself. */
  verbal: boolean;
  rule: number;
}

function compile(words: string): Slot[] {
  return words
    .trim()
    .split(/\s+/)
    .map((slot) => {
      const optional = slot.endsWith('?') && slot.length > 1 && !slot.endsWith('.?');
      const body = optional ? slot.slice(0, -1) : slot;
      return { alts: body === '*' ? null : new Set(body.split('|')), optional };
    });
}

/** The furthest token index a phrase can reach from i, or -1. */
function reach(slots: Slot[], toks: Token[], i: number, s = 0): number {
  if (s === slots.length) return i;
  const slot = slots[s];
  let best = -1;
  const tok = toks[i];
  const fits =
    tok &&
    ((tok.kind === 'word' && (slot.alts === null || slot.alts.has(tok.text))) ||
      (tok.kind === 'punct' && slot.alts?.has(tok.text)));
  if (fits) best = reach(slots, toks, i + 1, s + 1);
  if (slot.optional) best = Math.max(best, reach(slots, toks, i, s + 1));
  return best;
}

const PHRASES: Phrase[] = RULES.flatMap((rule, index) =>
  rule.words.map((w) => ({
    slots: compile(w.replace(/^!/, '')),
    verbal: w.startsWith('!'),
    rule: index,
  })),
);
/** The phrases that can start with a word, so a word is tried only against those. */
const PHRASES_BY_FIRST = new Map<string, Phrase[]>();
const PHRASES_ANY_FIRST: Phrase[] = [];
for (const phrase of PHRASES) {
  const first = new Set<string>();
  let any = false;
  for (const slot of phrase.slots) {
    if (slot.alts === null) any = true;
    else for (const w of slot.alts) first.add(w);
    if (!slot.optional || any) break;
  }
  if (any) PHRASES_ANY_FIRST.push(phrase);
  else
    for (const w of first) {
      const list = PHRASES_BY_FIRST.get(w) ?? [];
      if (!list.includes(phrase)) list.push(phrase);
      PHRASES_BY_FIRST.set(w, list);
    }
}
const VERB_PHRASES = VERBS.map((v) => ({
  slots: compile(v.words),
  plural: v.plural,
  mood: v.mood ?? ('states' as Mood),
}));
const VERB_SLOTS = VERB_PHRASES.map((v) => v.slots);
const STATING_VERB_SLOTS = VERB_PHRASES.filter((v) => v.mood === 'states').map((v) => v.slots);
const LIST_SEP = LIST_SEPARATORS.map(compile);
const CHAIN_SEP = CHAIN_SEPARATORS.map(compile);

interface Term {
  rule: PhraseRule;
  start: number;
  /** Exclusive token index. */
  end: number;
  verbal: boolean;
  /** A negator stands before it: "not symmetric", "non-symmetric", "not necessarily symmetric". */
  negated: boolean;
  /** Where that negator is (-1: none). */
  negator: number;
}

function termAt(toks: Token[], i: number, construction?: Construction): Term | undefined {
  let best: { phrase: Phrase; end: number } | undefined;
  const tok = toks[i];
  if (tok?.kind !== 'word') return undefined;
  for (const phrase of [...(PHRASES_BY_FIRST.get(tok.text) ?? []), ...PHRASES_ANY_FIRST]) {
    if (construction && !RULES[phrase.rule].at.includes(construction)) continue;
    const end = reach(phrase.slots, toks, i);
    if (end > i && (!best || end > best.end)) best = { phrase, end };
  }
  if (!best) return undefined;
  const rule = RULES[best.phrase.rule];
  const next = toks[best.end];
  const prev = toks[i - 1];
  if (next?.kind === 'word' && rule.notBefore?.includes(next.text)) return undefined;
  if (prev?.kind === 'word' && rule.notAfter?.includes(prev.text)) return undefined;
  const negator = isWord(prev, NEGATORS)
    ? i - 1
    : isWord(prev, HEDGES) && isWord(toks[i - 2], NEGATORS)
      ? i - 2
      : -1;
  return {
    rule,
    start: i,
    end: best.end,
    verbal: best.phrase.verbal,
    negated: negator >= 0,
    negator,
  };
}

/**
 * What a term says, read under a verb's mood: its row's fact, a denial ("not symmetric", "is not
 * symmetric"), or nothing (a denial denied, "can be symmetric", "not one of $N$ samples").
 */
function saysOf(term: Term, mood: Mood = 'states', verbEnd = -1): FactSays | undefined {
  const says = term.rule.says;
  // the verb's own "not" ("is not symmetric") denies once
  const denials = Number(mood === 'denies') + Number(term.negator >= Math.max(verbEnd, 0));
  if (denials === 0) return mood === 'allows' && !isDenial(says) ? undefined : says;
  if (denials > 1 || says.kind !== 'property' || says.negated) return undefined;
  return deny(says.property);
}

const isDenial = (says: FactSays) => says.kind === 'property' && says.negated === true;

function longest(phrases: Slot[][], toks: Token[], i: number): number {
  let best = -1;
  for (const slots of phrases) best = Math.max(best, reach(slots, toks, i));
  return best;
}

// ---------------------------------------------------------------------------------------------
// Chains: "a real symmetric $n\times n$ weight matrix", "diagonal with positive entries",
// "nonnegative, entries summing to one".

interface Chain {
  terms: Term[];
  /** First token (the article when there is one) and the token after the last item. */
  start: number;
  end: number;
}

function itemEnd(toks: Token[], i: number): { end: number; term?: Term } | undefined {
  const tok = toks[i];
  if (!tok) return undefined;
  const term = termAt(toks, i);
  if (term) return { end: term.end, term };
  // "not necessarily symmetric", "non-symmetric": the term knows it is denied (see saysOf)
  if (isWord(tok, CHAIN_NEGATORS)) {
    const denied = termAt(toks, isWord(toks[i + 1], HEDGES) ? i + 2 : i + 1);
    if (denied?.negated) return { end: denied.end, term: denied };
  }
  if (tok.kind === 'word' && (FILLERS.has(tok.text) || NOUNS.has(tok.text))) return { end: i + 1 };
  if (tok.kind === 'math') {
    if (tok.cls === 'size' || tok.cls === 'relation') return { end: i + 1 };
    const next = toks[i + 1];
    // "$n$ by $n$", "an $n$-dimensional", "a $K$-vector": a size written around a letter
    if (next?.kind === 'word' && next.text === 'by' && toks[i + 2]?.kind === 'math')
      return { end: i + 3 };
    if (next?.kind === 'word' && (next.text === 'dimensional' || next.text.startsWith('vector')))
      return { end: i + 1 };
  }
  return undefined;
}

function readChain(toks: Token[], i: number): Chain | undefined {
  const start = i;
  // an article, unless it starts the words of a row ("of any sign")
  if (isWord(toks[i], ARTICLES) && !termAt(toks, i)) i++;
  const terms: Term[] = [];
  let end = -1;
  for (;;) {
    let item = itemEnd(toks, i);
    if (!item && end >= 0) {
      const sep = longest(CHAIN_SEP, toks, i);
      if (sep > i) {
        // an article may follow a separator: "diagonal and a contraction"
        const at = toks[sep]?.kind === 'word' && ARTICLES.has(toks[sep].text) ? sep + 1 : sep;
        item = itemEnd(toks, at);
      }
    }
    if (!item) break;
    if (item.term) terms.push(item.term);
    end = item.end;
    // "the one-hot encoding of the true class": a phrase that ends in "of" takes its object
    if (item.term && isWord(toks[end - 1], ['of'])) {
      while (end - item.end < 6 && toks[end]?.kind === 'word' && !CLAUSE_WORDS.has(toks[end].text))
        end++;
    }
    i = end;
  }
  if (end < 0) return undefined;
  return { terms, start, end };
}

// ---------------------------------------------------------------------------------------------
// The constructions.

const isWord = (tok: Token | undefined, words: Set<string> | string[]) =>
  tok?.kind === 'word' && (words instanceof Set ? words.has(tok.text) : words.includes(tok.text));
const isSymbol = (tok: Token | undefined) => tok?.kind === 'math' && tok.cls === 'symbol';

/**
 * A supposition or a denial before `at` in the sentence: what the words say is not asserted.
 * 'condition' when the only supposition is a plain condition (when, if): the words then hold
 * for the sentence's own claims.
 */
function supposed(toks: Token[], at: number): boolean | 'condition' {
  let condition = false;
  for (let i = 0; i < at; i++) {
    const t = toks[i];
    if (t.kind !== 'word') continue;
    // "only (true) when $A$ is symmetric" restricts: the writer says the claim fails in general
    const only = toks.slice(Math.max(0, i - 3), i).some((w) => isWord(w, ['only']));
    if (CONDITIONS.has(t.text) && !only) condition = true;
    else if (HYPOTHETICAL.has(t.text)) return true;
    // "that is only right for symmetric $X$", "holds only for diagonal $D$", to the clause's end
    if (
      RESTRICTED.has(t.text) &&
      toks.slice(Math.max(0, i - 3), i).some((w) => isWord(w, ['only'])) &&
      !toks.slice(i, at).some((w) => w.text === ',')
    )
      return true;
    if (t.text === 'case' && isWord(toks[i - 1], ['in', 'the'])) return true;
    if (
      (NEGATORS.has(t.text) || t.text === 'without') &&
      [toks[i + 1], toks[i + 2]].some((n) =>
        isWord(n, ['assume', 'assumed', 'assuming', 'true', 'case', 'require', 'requiring']),
      )
    )
      return true;
    if (t.text === 'false' && isWord(toks[i + 1], ['that'])) return true;
  }
  // "if $A$ were symmetric, … would": a counterfactual anywhere in the sentence
  if (condition && toks.some((t) => isWord(t, HYPOTHETICAL) && !CONDITIONS.has(t.text)))
    return true;
  return condition ? 'condition' : false;
}

class Findings {
  readonly list: ProseFinding[] = [];
  private readonly seen = new Set<string>();

  add(toks: Token[], subject: Token, says: FactSays, from: number, to: number, rule: PhraseRule) {
    const supposition = rule.evenIfHypothetical ? false : supposed(toks, from);
    // only a property is read under a condition; a size or a role said so says nothing
    if (supposition === true || (supposition && says.kind !== 'property')) return;
    const key = `${subject.start}:${JSON.stringify(says)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({
      symbols: subject.region!,
      says,
      start: Math.min(toks[from].start, subject.start),
      end: Math.max(toks[to - 1].end, subject.end),
      ...(supposition ? { condition: { from: toks[0].start, to: toks[toks.length - 1].end } } : {}),
    });
  }
}

/** The chain after a subject ends well: not "symmetric or …", not "symmetric if …". */
function endsWell(toks: Token[], chain: Chain): boolean {
  return !isWord(toks[chain.end], AFTER_CANCELS);
}

/** "a symmetric weight matrix $W$", "for symmetric $A$", "the number of classes, $K$". */
function before(toks: Token[], k: number, out: Findings) {
  const subject = toks[k];
  // "defined for symmetric $A$ only": a restriction, not an assumption
  if (subject.defined || isWord(toks[k + 1], ['only'])) return;
  for (const loose of [false, true]) {
    let last = k;
    if (loose) {
      let gap = 0;
      while (last - 1 >= 0 && gap < 3 && LOOSE_GAP.has(toks[last - 1].text)) {
        last--;
        gap++;
      }
      if (gap === 0) return;
    }
    for (let s = Math.max(0, last - 14); s < last; s++) {
      const chain = readChain(toks, s);
      if (!chain || chain.end !== last) continue;
      if (isWord(toks[s - 1], NEGATORS)) return;
      for (const term of chain.terms) {
        const says = saysOf(term);
        if (!says || !term.rule.at.includes('before')) continue;
        if (loose && !term.rule.looseBefore) continue;
        out.add(toks, subject, says, chain.start, k + 1, term.rule);
      }
      return;
    }
  }
}

/** "$W$ is orthogonal", "Let $A, B$ be symmetric", "$A$ and $B$ are symmetric", "for $A$ symmetric". */
function predicate(toks: Token[], k: number, out: Findings) {
  // the listed subjects before: "$A$, $B$ and $C$"
  const listed = [k];
  for (let j = k; ;) {
    const sepStart = [j - 1, j - 2].find(
      (s) => s >= 1 && isSymbol(toks[s - 1]) && LIST_SEP.some((p) => reach(p, toks, s) === j),
    );
    if (sepStart === undefined) break;
    // "$x \in ℝ^m$ and $Σ$ be SPD": a member that carries its own ∈ … ends a clause before
    if (TAIL.test(toks[sepStart - 1].text)) break;
    j = sepStart - 1;
    listed.unshift(j);
  }
  let p = k + 1;
  // "$S$, the sample covariance, is symmetric"; without the first comma only a participle may
  // follow: "and $\Sigma$ the $p\times p$ covariance matrix, assumed positive definite"
  const comma = toks[p]?.text === ',';
  if (isWord(toks[comma ? p + 1 : p], ARTICLES)) {
    for (let q = p + (comma ? 2 : 1); q < Math.min(toks.length, p + 12); q++) {
      if (toks[q].kind === 'word' || toks[q].cls === 'size') continue;
      if (
        toks[q].text === ',' &&
        longest(VERB_SLOTS, toks, q + 1) > q + 1 &&
        (comma || isWord(toks[q + 1], PARTICIPLES))
      )
        p = q + 1;
      break;
    }
  }
  let verbEnd = -1;
  let plural = false;
  let mood: Mood = 'states';
  for (const verb of VERB_PHRASES) {
    const end = reach(verb.slots, toks, p);
    if (end > verbEnd) {
      verbEnd = end;
      plural = verb.plural;
      mood = verb.mood;
    }
  }
  let chain: Chain | undefined;
  // "with $P$ and $R$ symmetric": a list the words after it describe, without a verb
  let verblessList = false;
  if (verbEnd > p) chain = readChain(toks, verbEnd);
  else {
    const prev = toks[listed[0] - 1];
    const verbless =
      isWord(prev, ['for', 'with']) ||
      ((prev?.text === ',' || isWord(prev, ['and'])) &&
        toks.slice(0, k).some((t) => isWord(t, SUPPOSING)));
    verblessList = verbless && listed.length > 1;
    const term = termAt(toks, p, 'predicate');
    if (term?.verbal) chain = readChain(toks, p);
    else if (isWord(toks[p], ['a', 'an', 'the']) && (verbless || isWord(prev, ['let'])))
      chain = readChain(toks, p);
    else if (verbless && term) chain = readChain(toks, p);
  }
  if (!chain || !endsWell(toks, chain)) return;
  const first = toks[(plural ? listed[0] : k) - 1];
  if (isWord(first, PREPOSITIONS)) return;
  const subjects = plural || verblessList ? listed : [k];
  for (const term of chain.terms) {
    const says = verbEnd > p ? saysOf(term, mood, verbEnd) : saysOf(term);
    if (!says || !term.rule.at.includes('predicate')) continue;
    for (const s of subjects) out.add(toks, toks[s], says, s, term.end, term.rule);
  }
}

/**
 * "the sample covariance $S$ (symmetric positive semidefinite)"; and, when the parenthesis starts
 * with a size, after the noun phrase that describes the subject: "Let $S$ be the sample
 * covariance of the data ($d \times d$, symmetric positive semidefinite)".
 */
function paren(toks: Token[], k: number, out: Findings) {
  const open = toks[k + 1]?.text === '(' ? k + 1 : parenAfterNoun(toks, k);
  if (open < 0) return;
  let q = open + 1;
  while (isWord(toks[q], ['assumed', 'i.e.', 'which', 'is', 'are', 'that', 'both', 'all'])) q++;
  if (open > k + 1 && toks[q]?.cls !== 'size') return;
  const chain = readChain(toks, q);
  if (!chain || toks[chain.end]?.text !== ')') return;
  for (const term of chain.terms) {
    const says = saysOf(term);
    if (!says || !term.rule.at.includes('paren')) continue;
    out.add(toks, toks[k], says, k, chain.end + 1, term.rule);
  }
}

/** "$S$ be the sample covariance of the data (": the parenthesis after the subject's noun phrase. */
function parenAfterNoun(toks: Token[], k: number): number {
  if (isWord(toks[k - 1], PREPOSITIONS) || isWord(toks[k + 1], NOT_COPULA)) return -1;
  const verbEnd = longest(STATING_VERB_SLOTS, toks, k + 1);
  if (verbEnd <= k + 1 || !isWord(toks[verbEnd], ARTICLES)) return -1;
  for (let q = verbEnd + 1; q < Math.min(toks.length, verbEnd + 10); q++) {
    if (toks[q].text === '(') return q;
    if (toks[q].kind !== 'word' || CLAUSE_WORDS.has(toks[q].text) || NEGATORS.has(toks[q].text))
      return -1;
  }
  return -1;
}

/** "the entries of $\mathbf y$ are nonnegative and sum to one", "each row of $P$ sums to one". */
function parts(toks: Token[], k: number, out: Findings) {
  if (!isWord(toks[k - 1], ['of'])) return;
  const partTok = toks[k - 2];
  const part = partTok?.kind === 'word' ? PARTS[partTok.text] : undefined;
  if (!part) return;
  const lead = toks[k - 3];
  if (lead && !BEFORE_PART.has(lead.text)) return;
  const from = lead && ARTICLES.has(lead.text) ? k - 3 : k - 2;
  let p = k + 1;
  let verbEnd = -1;
  let mood: Mood = 'states';
  for (const verb of VERB_PHRASES) {
    const end = reach(verb.slots, toks, p);
    if (end > verbEnd) {
      verbEnd = end;
      mood = verb.mood;
    }
  }
  if (verbEnd > p) p = verbEnd;
  else if (!termAt(toks, p, 'parts')?.verbal) return;
  const chain = readChain(toks, p);
  if (!chain || !endsWell(toks, chain)) return;
  for (const term of chain.terms) {
    const says = verbEnd > k + 1 ? saysOf(term, mood, verbEnd) : saysOf(term);
    if (!says || !term.rule.at.includes('parts') || says.kind !== 'property') continue;
    if (PROPERTIES[says.property].group !== 'entries') continue;
    // the rows of a matrix that sum to one make it row-stochastic; its columns, column-stochastic
    const property =
      part === 'rows' && says.property === 'probability' ? 'row-stochastic' : says.property;
    if (part !== 'entries' && property === 'one-hot') continue;
    out.add(
      toks,
      toks[k],
      says.negated ? deny(property) : prop(property),
      from,
      term.end,
      term.rule,
    );
  }
}

/** "$N$ samples", "$K$ classes", "we draw $N$ i.i.d. observations". */
function counted(toks: Token[], k: number, out: Findings) {
  if (!toks[k].single) return;
  const term = termAt(toks, k + 1, 'counted');
  if (term) out.add(toks, toks[k], term.rule.says, k, term.end, term.rule);
}

const CONSTRUCTIONS = [before, predicate, paren, parts, counted];

const readViews = new WeakMap<ProseView, ProseFinding[]>();

/** Everything the prose of a document says about its symbols, denials too, in source order. */
export function readProse(view: ProseView): readonly ProseFinding[] {
  const known = readViews.get(view);
  if (known) return known;
  const out = new Findings();
  for (const toks of sentences(view)) {
    toks.forEach((tok, k) => {
      if (!isSymbol(tok)) return;
      for (const construction of CONSTRUCTIONS) construction(toks, k, out);
    });
  }
  const list = out.list.sort((a, b) => a.symbols.start - b.symbols.start || a.start - b.start);
  readViews.set(view, list);
  return list;
}

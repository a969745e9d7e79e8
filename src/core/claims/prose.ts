// Shapes written in prose next to inline math: "$A$ ($m \times n$)", "$A$ is $m\times n$",
// "$X$ is a $k \times l$ matrix", "let $X$ be an $n\times n$ matrix", "an $n$-vector $x$",
// "a $k\times l$ matrix $X$".
// Each pattern looks only at the short stretch of text between two neighbouring regions.

export interface InlineMath {
  /** Math text of the region. */
  text: string;
  start: number;
  end: number;
}

export interface ProseShape {
  /** LaTeX of the symbols region (A, or A, B) and of the size region (m \times n). */
  symbols: InlineMath;
  size: InlineMath;
  start: number;
  end: number;
  /** The words around say "symmetric" / "positive definite". */
  symmetric?: boolean;
  definite?: 'pd' | 'psd';
}

const MAX_GAP = 60;
// Adjectives people put between the article and the size: "a symmetric $k\times k$ matrix".
const ADJ = String.raw`(?:(?:symmetric|square|real|random|invertible|nonsingular|fixed|given|constant|positive(?:[-\s]semi)?(?:[-\s]?definite)?)\s+)*`;
const IS = new RegExp(
  String.raw`^\s*(?:is|are|be|as|to\s+be)\s+(?:(?:an?|the)\s+${ADJ}|of\s+(?:size|shape|dimensions?|order)\s+|(?:an?\s+)?(?:matrix|vector|array)\s+of\s+(?:size|shape)\s+)?$`,
  'i',
);
// "let $x$ be …, $A$ a symmetric $k\times k$ matrix": no verb, so the noun after the size is required.
const VERBLESS = new RegExp(String.raw`^\s*an?\s+${ADJ}$`, 'i');
const NOUN_AFTER =
  /^\s*-?\s*(?:dimensional\s+)?(?:(?:column|row|real|random|positive|symmetric|data|weight)\s+)*(?:matrix|matrices|vectors?|array)\b/i;
const HAS = /^\s*(?:has|have)\s+(?:size|shape|dimensions?)\s+$/i;
const PAREN_OPEN = /^\s*\(\s*$/;
const PAREN_CLOSE = /^\s*\)/;
const BEFORE_SIZE = new RegExp(
  String.raw`(?:^|\s)(?:an?|the|some|any|each|every|two|three)\s+${ADJ}$`,
  'i',
);
const NOUN_AFTER_SIZE =
  /^\s*-?\s*(?:dimensional\s+)?(?:(?:column|row|real|random|positive|symmetric|data|weight)\s+)*(?:matrix|matrices|vectors?|array)\s+$/i;
const LIST = /^\s*(?:,|,?\s*and)\s*$/i;
const PLURAL = /^\s*(?:are|have|be)\s/i;
const VECTOR_SUFFIX = /^-?(?:vector|dimensional\s+vector)\s+$/i;

/** Finds prose shape statements among consecutive inline regions of one document text. */
export function findProseShapes(source: string, regions: InlineMath[]): ProseShape[] {
  const found: ProseShape[] = [];
  for (let i = 0; i + 1 < regions.length; i++) {
    const a = regions[i];
    const b = regions[i + 1];
    if (b.start - a.end > MAX_GAP) continue;
    const gap = source.slice(a.end, b.start);
    if (gap.includes('\n\n')) continue;
    // $A$ is $m\times n$ / $A$ has shape $m \times n$ / $A$ ($m\times n$)
    const after = source.slice(b.end, b.end + 40);
    if (
      IS.test(gap) ||
      HAS.test(gap) ||
      (VERBLESS.test(gap) && NOUN_AFTER.test(after)) ||
      (PAREN_OPEN.test(gap) && PAREN_CLOSE.test(after))
    ) {
      if (!looksLikeSize(b.text)) continue;
      found.push({
        symbols: a,
        size: b,
        start: a.start,
        end: b.end,
        ...structure(gap + (NOUN_AFTER.exec(after)?.[0] ?? '')),
      });
      // "$A$, $B$ and $C$ are $n\times n$": the listed regions before share the size ("is": only A).
      for (
        let j = i;
        j > 0 && PLURAL.test(gap) && LIST.test(source.slice(regions[j - 1].end, regions[j].start));
        j--
      ) {
        found.push({ symbols: regions[j - 1], size: b, start: regions[j - 1].start, end: b.end });
      }
      continue;
    }
    // a $k\times l$ matrix $X$ / an $n$-vector $x$ / an $n$-dimensional vector $x$
    const before = source.slice(Math.max(0, a.start - 40), a.start);
    if (
      BEFORE_SIZE.test(before) &&
      (NOUN_AFTER_SIZE.test(gap) || VECTOR_SUFFIX.test(gap)) &&
      looksLikeSize(a.text)
    ) {
      found.push({
        symbols: b,
        size: a,
        start: a.start,
        end: b.end,
        ...structure(before.replace(/^.*\b(?:an?|the)\s/is, '') + gap),
      });
    }
  }
  return found;
}

/** What the words next to a prose size say about the matrix: symmetric, positive (semi)definite. */
function structure(words: string): Pick<ProseShape, 'symmetric' | 'definite'> {
  if (/positive[-\s]semi[-\s]?definite|\bPSD\b/i.test(words))
    return { symmetric: true, definite: 'psd' };
  if (/positive[-\s]?definite|\bSPD\b/i.test(words)) return { symmetric: true, definite: 'pd' };
  return /symmetric/i.test(words) ? { symmetric: true } : {};
}

export interface ProseStructure {
  symbols: InlineMath;
  definite?: 'pd' | 'psd';
  /** "a one-hot label $y$": a vector with a single 1 (not a symmetric matrix). */
  oneHot?: boolean;
}

const ONE_HOT_BEFORE =
  /\bone[-\s]hot(?:[-\s]encoded)?(?:\s+(?:labels?|vectors?|targets?|encoding|class(?:\s+labels?)?))?\s*$/i;
const ONE_HOT_AFTER = /^\s*(?:(?:is|are|be)\s+)?(?:an?\s+)?one[-\s]hot\b/i;

const STRUCTURE = String.raw`(symmetric(?:\s+positive[-\s]?(?:semi[-\s]?)?definite)?|positive[-\s]?(?:semi[-\s]?)?definite|SPD|PSD)`;
// "for symmetric $A$", "a positive definite matrix $\Sigma$"
const STRUCTURE_BEFORE = new RegExp(
  String.raw`\b${STRUCTURE}(?:\s+(?:square\s+)?(?:matrix|matrices))?\s*$`,
  'i',
);
// "$B$ is symmetric", "$C$ symmetric positive definite", "$S$ and $T$ are SPD"
const STRUCTURE_AFTER = new RegExp(
  String.raw`^\s*(?:(?:is|are|be)\s+)?(?:(?:an?|the)\s+)?\(?(?:(?:real|square)\s+)?${STRUCTURE}\b`,
  'i',
);

const CONDITIONAL_BEFORE = /\b(?:if|when|whenever|unless|iff)\s*$/i;

/**
 * Structure said in words next to a symbol, without a size: "for symmetric $A$", "$B$ is
 * symmetric", "$\Sigma$ positive definite". The matrix is then square, and symmetric.
 */
export function findProseStructure(source: string, regions: InlineMath[]): ProseStructure[] {
  const found: ProseStructure[] = [];
  regions.forEach((region, i) => {
    if (looksLikeSizeProduct(region.text)) return;
    // Words in the same paragraph only.
    const before = source
      .slice(Math.max(0, region.start - 60), region.start)
      .split(/\n\s*\n/)
      .pop()!;
    const after = source.slice(region.end, region.end + 60).split(/\n\s*\n/)[0];
    if (ONE_HOT_BEFORE.test(before) || ONE_HOT_AFTER.test(after)) {
      found.push({ symbols: region, oneHot: true });
      return;
    }
    const lead = STRUCTURE_BEFORE.exec(before);
    // "a symmetric $n$ by $n$ matrix": a size, not a symbol
    if (lead && !NOUN_AFTER.test(after) && !/^\s*(?:by|x|×)\s/i.test(after)) {
      found.push({ symbols: region, ...definiteness(lead[1]) });
      return;
    }
    const tail = STRUCTURE_AFTER.exec(after);
    // "only true when $B$ is symmetric": a condition, not something the note says of B.
    if (!tail || CONDITIONAL_BEFORE.test(before)) return;
    found.push({ symbols: region, ...definiteness(tail[1]) });
    // "$S$ and $T$ are symmetric": the listed regions before share it.
    if (!/^\s*are\b/i.test(after)) return;
    for (let j = i; j > 0 && LIST.test(source.slice(regions[j - 1].end, regions[j].start)); j--)
      found.push({ symbols: regions[j - 1], ...definiteness(tail[1]) });
  });
  return found;
}

function definiteness(words: string): Pick<ProseStructure, 'definite'> {
  if (/semi|PSD/i.test(words)) return { definite: 'psd' };
  if (/definite|SPD/i.test(words)) return { definite: 'pd' };
  return {};
}

/** `m \times n`: a size, which structure words before it describe (a symmetric $n\times n$ matrix). */
function looksLikeSizeProduct(text: string): boolean {
  return /\\times|×/.test(text) && looksLikeSize(text);
}

/** m \times n, n, 3 \times 3, k\times l, d_{in}: dims only, no relation or operator. */
export function looksLikeSize(text: string): boolean {
  const t = text.replace(/[{}\s]/g, '').replace(/\\times|×/g, '×');
  const dim = String.raw`(?:[A-Za-z](?:_[A-Za-z0-9]+)?|\d+)`;
  return new RegExp(`^${dim}(×${dim})?$`).test(t);
}

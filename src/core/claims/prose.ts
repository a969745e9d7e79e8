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
}

const MAX_GAP = 60;
const IS = /^\s*(?:is|are|be)\s+(?:an?\s+|of\s+(?:size|shape|dimensions?|order)\s+|(?:an?\s+)?(?:matrix|vector|array)\s+of\s+(?:size|shape)\s+)?$/i;
const HAS = /^\s*(?:has|have)\s+(?:size|shape|dimensions?)\s+$/i;
const PAREN_OPEN = /^\s*\(\s*$/;
const PAREN_CLOSE = /^\s*\)/;
const BEFORE_SIZE = /(?:^|\s)(?:an?|the|some|any|each|every|two|three)\s+$/i;
const NOUN_AFTER_SIZE = /^\s*-?\s*(?:dimensional\s+)?(?:(?:column|row|real|random|positive|symmetric|data|weight)\s+)*(?:matrix|matrices|vectors?|array)\s+$/i;
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
    if (IS.test(gap) || HAS.test(gap) || (PAREN_OPEN.test(gap) && PAREN_CLOSE.test(source.slice(b.end, b.end + 4)))) {
      if (!looksLikeSize(b.text)) continue;
      found.push({ symbols: a, size: b, start: a.start, end: b.end });
      // "$A$, $B$ and $C$ are $n\times n$": the listed regions before share the size ("is": only A).
      for (let j = i; j > 0 && PLURAL.test(gap) && LIST.test(source.slice(regions[j - 1].end, regions[j].start)); j--) {
        found.push({ symbols: regions[j - 1], size: b, start: regions[j - 1].start, end: b.end });
      }
      continue;
    }
    // a $k\times l$ matrix $X$ / an $n$-vector $x$ / an $n$-dimensional vector $x$
    const before = source.slice(Math.max(0, a.start - 12), a.start);
    if (BEFORE_SIZE.test(before) && (NOUN_AFTER_SIZE.test(gap) || VECTOR_SUFFIX.test(gap)) && looksLikeSize(a.text)) {
      found.push({ symbols: b, size: a, start: a.start, end: b.end });
    }
  }
  return found;
}

/** m \times n, n, 3 \times 3, k\times l: dims only, no relation or operator. */
export function looksLikeSize(text: string): boolean {
  const t = text.replace(/\\times|×|\s|\{|\}/g, (m) => (m.trim() ? '×' : ''));
  return /^([A-Za-z]|\d+)(×([A-Za-z]|\d+))?$/.test(t);
}

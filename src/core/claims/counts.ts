// Counts spelled in capitals: N samples, K classes, B the batch size. Uppercase reads as a
// matrix by convention, so a name is a count (a scalar) only on evidence: the upper limit of a
// sum anywhere in the note (unless it is also used as a matrix), prose that says so ("N samples", "where $N$ is the number of
// points"), or a fraction with a number (\frac{1}{N}, \frac{N}{2}) when the note never uses the
// name as only a matrix can be used (transposed, inverted, under tr/det, multiplied by a symbol).
import { functionNamed } from '../functions/registry';
import { operatorNamed } from '../operators/registry';
import { visit, type Chain, type Expr } from '../latex/ast';

export interface CountEvidence {
  /** Upper limits of sums: Σ_{n=1}^N. */
  limits: string[];
  /** N alone over or under a number: \frac{1}{N}, \frac{N}{2}. */
  scalarUses: string[];
  /** Uses only a matrix has: Nᵀ, N⁻¹, tr N, N ⊙ …, N x. */
  matrixUses: string[];
}

const upperSymbol = (e: Expr): e is Extract<Expr, { type: 'symbol' }> =>
  e.type === 'symbol' && !e.bold && (e.style === 'latin-upper' || e.style === 'greek-upper');

/** A factor that makes a neighbouring capital a matrix when multiplied with it. */
const matrixPartner = (e: Expr) =>
  e.type === 'symbol' ||
  e.type === 'transpose' ||
  e.type === 'inverse' ||
  e.type === 'matrix' ||
  e.type === 'pattern' ||
  e.type === 'entry';

export function countEvidence(chain: Chain): CountEvidence {
  const found: CountEvidence = { limits: [], scalarUses: [], matrixUses: [] };
  for (const operand of chain.operands) {
    visit(operand, (node) => {
      if (node.type === 'sum')
        for (const index of node.indices)
          if (index.upper?.type === 'symbol') found.limits.push(index.upper.name);
      if (node.type === 'binary' && node.op === 'div') {
        if (upperSymbol(node.left) && node.right.type === 'number')
          found.scalarUses.push(node.left.name);
        if (upperSymbol(node.right) && node.left.type === 'number')
          found.scalarUses.push(node.right.name);
      }
      if ((node.type === 'transpose' || node.type === 'inverse') && upperSymbol(node.arg))
        found.matrixUses.push(node.arg.name);
      if (
        node.type === 'call' &&
        functionNamed(node.fn).argumentIs?.matrixWhenUppercase &&
        upperSymbol(node.args[0])
      )
        found.matrixUses.push(node.args[0].name);
      if (node.type === 'binary' && operatorNamed(node.op).operandsAre?.matrixWhenUppercase) {
        for (const side of [node.left, node.right])
          if (upperSymbol(side)) found.matrixUses.push(side.name);
      }
      if (node.type === 'binary' && node.op === 'mul') {
        if (upperSymbol(node.left) && matrixPartner(node.right))
          found.matrixUses.push(node.left.name);
        if (upperSymbol(node.right) && matrixPartner(node.left))
          found.matrixUses.push(node.right.name);
      }
    });
  }
  return found;
}

// A capital in inline math ($N$, \(N\)) or bare in prose (not the words A and I).
const LETTER = String.raw`(?:\$\s*([A-Z])\s*\$|\\\(\s*([A-Z])\s*\\\)|\b([B-HJ-Z])\b)`;
const THINGS = String.raw`(?:samples|points|data\s*points|datapoints|observations|examples|instances|items|documents|sentences|words|tokens|images|particles|trials|measurements|nodes|users|steps|iterations|classes|categories|components|clusters|layers|records|draws|experts|agents|arms|states|actions|time\s*steps|timesteps)`;
const NUMBER_OF = String.raw`(?:number|count)\s+of\s+(?:[a-z-]+\s+){0,2}?${THINGS}`;
const PATTERNS = [
  // "N samples", "$N$ i.i.d. observations", "N training examples"
  new RegExp(
    String.raw`${LETTER}\s+(?:(?:training|test|data|observed|i\.i\.d\.|iid|independent|labelled|labeled|input)\s+)?${THINGS}\b`,
    'g',
  ),
  // "where $N$ is the number of points", "$K$ denotes the number of classes", "B is the batch size"
  new RegExp(
    String.raw`${LETTER}\s*(?:is|denotes|be|=)\s+(?:the\s+)?(?:total\s+)?(?:${NUMBER_OF}|(?:batch|sample|dataset|data\s+set|mini-?batch)\s+size)`,
    'g',
  ),
  // "the number of samples $N$", "the batch size, $B$"
  new RegExp(
    String.raw`(?:${NUMBER_OF}|(?:batch|sample|dataset|mini-?batch)\s+size)\s*,?\s*(?:is\s+)?${LETTER}`,
    'g',
  ),
];

/** Capitals the prose calls counts. */
export function countsInProse(text: string): string[] {
  const names: string[] = [];
  for (const pattern of PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) names.push(m[1] ?? m[2] ?? m[3]);
  }
  return names;
}

/** The names the note counts with, from the evidence of all its formulas and its prose. */
export function countNames(evidence: CountEvidence[], prose: string[]): Set<string> {
  const names = new Set<string>(prose);
  const matrices = new Set(evidence.flatMap((e) => e.matrixUses));
  for (const e of evidence) {
    // A letter the note also uses as a matrix (K⁻¹ beside Σ_{k=1}^K) keeps that reading elsewhere.
    for (const name of [...e.limits, ...e.scalarUses]) if (!matrices.has(name)) names.add(name);
  }
  return names;
}

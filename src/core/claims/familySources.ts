// "where the $x_i$ are the rows of $X$", "$\mathbf{x}_n$ is the $n$-th column of $X$": the family
// is the matrix's rows or columns, so Σ_i (y_i − wᵀx_i)² and ‖y − Xw‖² speak of the same data
// and an equality between them can be checked.

import type { InlineMath } from './prose';

/** $…$ regions of a text, for callers without a scan. */
function inlineDollars(text: string): InlineMath[] {
  const regions: InlineMath[] = [];
  const math = /\$([^$]+)\$/g;
  for (let m = math.exec(text); m; m = math.exec(text))
    regions.push({ text: m[1], start: m.index, end: m.index + m[0].length });
  return regions;
}

export interface FamilySource {
  /** The matrix the family comes from (its symbol name, X). */
  matrix: string;
  along: 'rows' | 'columns';
  /** Not said in the note: the usual convention (the x_i are the rows of the design matrix X). */
  implied?: boolean;
}

// $x_i$, $\mathbf{x}_i$, $x_i^T$, $\bm{x}_{n}$, $x_i \in ℝ^d$ (the region's text); the base letter is group 1.
const MEMBER =
  /^\s*(?:\\(?:mathbf|bm|boldsymbol|vec)\s*\{\s*)?([a-z])\s*\}?\s*_\s*\{?\s*[a-zA-Z0-9]\s*\}?\s*(?:\^\s*\{?\s*(?:T|\\top|\\intercal|\\mathsf\{T\})\s*\}?)?\s*(?:\\in\b[\s\S]*)?$/;
// $X$, $\mathbf{X}$, $X \in \mathbb{R}^{n\times d}$: the leading capital.
const MATRIX = /^\s*(?:\\(?:mathbf|bm|boldsymbol)\s*\{\s*)?([A-Z])\b/;
const BETWEEN =
  /^[^$\n]{0,40}?\b(?:are|is|be|denote|denotes|as)\s+(?:the\s+|its\s+)?(?:[a-z$_{}^\\-]+\s+)?(rows?|columns?)\s+of\s*$/i;

/** Families the prose ties to the rows or columns of a matrix, by base letter. */
export function familySourcesInProse(
  text: string,
  regions: InlineMath[] = inlineDollars(text),
): Map<string, FamilySource> {
  const found = new Map<string, FamilySource>();
  for (let i = 0; i + 1 < regions.length; i++) {
    const member = MEMBER.exec(regions[i].text);
    if (!member) continue;
    // the matrix is the first region after the words "rows of" (skipping an $i$ in "the $i$-th row of")
    for (let j = i + 1; j < regions.length && j <= i + 2; j++) {
      const words = BETWEEN.exec(text.slice(regions[i].end, regions[j].start));
      const matrix = MATRIX.exec(regions[j].text);
      if (!words || !matrix) continue;
      found.set(member[1], {
        matrix: matrix[1],
        along: words[1].toLowerCase().startsWith('row') ? 'rows' : 'columns',
      });
      break;
    }
  }
  return found;
}

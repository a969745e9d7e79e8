// Pattern matrices: a claim written entry by entry ([Σ_j A_{1j} x_j; ⋮; Σ_j A_{mj} x_j] = Ax)
// against the same claim in matrix form. Each entry is an evaluation of the general term, so the
// cost grows with the drawn sizes; this table shows by how much, at the sizes checks draw.
import { analyzeDocument } from '../src/core/analyze';

const DECLARE =
  'Let $A \\in \\mathbb{R}^{m \\times n}$, $x \\in \\mathbb{R}^n$ and $f(x) = x^T A^T A x$.\n\n';

const CASES: [name: string, pattern: string, matrixForm: string][] = [
  [
    'Ax by rows',
    '$$\\begin{bmatrix} \\sum_j A_{1j} x_j \\\\ \\vdots \\\\ \\sum_j A_{mj} x_j \\end{bmatrix} = Ax$$',
    '$$(A x) = Ax$$',
  ],
  [
    'A by its entries',
    '$$\\begin{bmatrix} A_{11} & \\cdots & A_{1n} \\\\ \\vdots & \\ddots & \\vdots \\\\ A_{m1} & \\cdots & A_{mn} \\end{bmatrix} = A$$',
    '$$(A) = A$$',
  ],
  [
    'a gradient by partials',
    '$$\\begin{bmatrix} \\frac{\\partial f}{\\partial x_1} \\\\ \\vdots \\\\ \\frac{\\partial f}{\\partial x_n} \\end{bmatrix} = 2A^TAx$$',
    '$$\\nabla_x f = 2A^TAx$$',
  ],
];

function medianMs(text: string, runs: number): number {
  const document = { uri: 'pattern.md', version: 1, language: 'markdown' as const, text };
  analyzeDocument(document); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    analyzeDocument(document);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

export function patternTable(): string[][] {
  const rows: string[][] = [['claim', 'pattern ms', 'matrix form ms', '×']];
  for (const [name, pattern, matrixForm] of CASES) {
    const a = medianMs(DECLARE + pattern, 15);
    const b = medianMs(DECLARE + matrixForm, 15);
    rows.push([name, a.toFixed(2), b.toFixed(2), (a / b).toFixed(1)]);
  }
  return rows;
}

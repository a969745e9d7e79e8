// Degenerate draws (issue 12, item 4): what drawing again at other magnitudes costs per claim,
// against a plain claim. Median time of analyzing a one-claim note, and the verdict it gets.
import { analyzeDocument } from '../src/core/analyze';

const CLASSES: [string, string][] = [
  ['plain (tr(AX))', '\\frac{\\partial}{\\partial X} \\operatorname{tr}(A X) = A^T'],
  ['underflow, right', '\\frac{d}{dx} x^{1000000} = 1000000 x^{999999}'],
  ['underflow, wrong', '\\frac{d}{dx} x^{1000000} = 5x^{999999}'],
  ['exp(−10⁶x²), wrong', '\\frac{d}{dx} \\exp(-1000000 x^2) = -1000000 x \\exp(-1000000 x^2)'],
  ['overflow, right', '\\frac{d}{dx} \\exp(x^{40}) = 40 x^{39} \\exp(x^{40})'],
  [
    'overflow everywhere',
    '\\frac{d}{dx} \\exp(\\exp(\\exp(x^2 + 10))) = 2x \\exp(x^2+10) \\exp(\\exp(x^2+10)) \\exp(\\exp(\\exp(x^2 + 10)))',
  ],
  ['identity of zeros', '\\frac{d}{dx} (x - x)^2 = 2(x - x)'],
];

export function degenerateTable(): string[][] {
  const rows = [['claim', 'verdict', 'ms (median of 7)']];
  for (const [name, math] of CLASSES) {
    const document = {
      uri: 'bench.md',
      version: 1,
      language: 'markdown' as const,
      text: `$$ ${math} $$\n`,
    };
    let verdict = '';
    const samples: number[] = [];
    for (let run = 0; run < 9; run++) {
      const start = performance.now();
      const { findings } = analyzeDocument(document);
      if (run >= 2) samples.push(performance.now() - start);
      verdict = findings[findings.length - 1]?.verdict ?? '';
    }
    samples.sort((a, b) => a - b);
    rows.push([name, verdict, samples[3].toFixed(2)]);
  }
  return rows;
}

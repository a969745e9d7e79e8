// Scanning adversarial inputs (unclosed delimiters, comment openers, runaway environments):
// time at 1× and 2× the size, so superlinear growth shows as a ratio well above 2.
import { scanDocument } from '../src/core/scan';

const INPUTS: [string, string][] = [
  ['unclosed $', '$a '],
  ['only $', '$'],
  ['x $$', 'x $$ '],
  ['\\begin{align}', '\\begin{align} '],
  ['backticks', ' ``'],
  ['$\\text{', '$\\text{'],
  ['<!--', '<!-- '],
  ['a <!-- ⏎', 'a <!-- \n'],
  ['\\verb', '\\verb'],
  ['\\[ \\(', '\\[ \\( '],
  ['HTML tag soup', '<a b="c" d e f g h i j k\n'],
  ['unclosed $`', '$`a '],
  ['$` closed without $', '$`a` '],
  ['unclosed math script', '<script type="math/tex">a '],
  ['math scripts in <p>', '<p><script type="math/tex">x</script>\n'],
];

function medianMs(fn: () => void, runs = 5): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

export function pathologicalTable(): string[][] {
  const rows = [['input', 'chars', 'markdown ms', 'latex ms', 'markdown ms at 2×', '2× / 1×']];
  for (const [name, unit] of INPUTS) {
    const text = unit.repeat(Math.ceil(100_000 / unit.length));
    const twice = text + text;
    const md = medianMs(() => scanDocument(text, 'markdown'));
    const tex = medianMs(() => scanDocument(text, 'latex'));
    const md2 = medianMs(() => scanDocument(twice, 'markdown'));
    rows.push([
      name,
      String(text.length),
      md.toFixed(1),
      tex.toFixed(1),
      md2.toFixed(1),
      (md2 / Math.max(md, 1e-3)).toFixed(1),
    ]);
  }
  return rows;
}

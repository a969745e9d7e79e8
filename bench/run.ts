// `npm run bench`: performance tables. Never a timed assertion: numbers to read and compare.
import { analyzeDocument } from '../src/core/analyze';
import { readDocument } from '../src/core/read';
import { scanDocument } from '../src/core/scan';
import { fileURLToPath } from 'node:url';
import { generateNote } from './generate';
import { hostileCliTable } from './hostileCli';
import { degenerateTable } from './degenerate';
import { hostThreadTable } from './hostThread';
import { hostileTable, runHostileChild } from './hostile';
import { claimTable, overheadTable } from './numeric';
import { pathologicalTable } from './pathological';
import { deriveTable } from './derive';
import { patternTable } from './pattern';
import { stepsTable } from './steps';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median of `runs` after warm-up runs: the steady state of an editor re-checking a document. */
function time(fn: () => void, runs: number, warmups = 3): number {
  for (let w = 0; w < warmups; w++) fn(); // let the JIT settle on this input
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

function readingTable(): void {
  console.log('\nReading the math: scan + macros + parse + shapes (median of runs, one process)\n');
  const rows: string[][] = [
    [
      'size',
      'lines',
      'regions',
      'statements',
      'scan ms',
      'read ms',
      'full ms',
      'full ms / 1k lines',
      '× of 1×',
    ],
  ];
  let base = 0;
  for (const factor of [1, 4, 16]) {
    const text = generateNote(5000 * factor);
    const document = { uri: 'bench.md', version: 1, language: 'markdown' as const, text };
    const runs = factor === 16 ? 5 : 15;
    const regions = scanDocument(text, 'markdown').regions.length;
    const statements = readDocument(document).statements.length;
    const scanMs = time(() => scanDocument(text, 'markdown'), runs);
    const readMs = time(() => readDocument(document), runs);
    const fullMs = time(
      () => analyzeDocument(document, { numeric: false }),
      runs,
      factor === 16 ? 2 : 10,
    );
    if (factor === 1) base = fullMs;
    const lines = 5000 * factor;
    rows.push([
      `${factor}×`,
      String(lines),
      String(regions),
      String(statements),
      scanMs.toFixed(1),
      readMs.toFixed(1),
      fullMs.toFixed(1),
      ((fullMs / lines) * 1000).toFixed(1),
      (fullMs / base).toFixed(1),
    ]);
  }
  printTable(rows);
  console.log(
    '\nTarget: full < 100 ms at 1× (5,000 lines, ~1,000 regions), and × growing like size (4, 16).',
  );
}

export function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    '| ' +
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ') +
    ' |';
  console.log(line(rows[0]));
  console.log(
    '|' +
      widths
        .map((w, c) => (c === 0 ? '-'.repeat(w + 1) + '-' : '-'.repeat(w + 1) + ':'))
        .join('|') +
      '|',
  );
  for (const r of rows.slice(1)) console.log(line(r));
}

// a child process of the hostile table runs its one class and nothing else
if (runHostileChild()) process.exit(0);

console.log(`GradLens benchmark — node ${process.version}, ${new Date().toISOString()}`);
readingTable();
console.log(
  '\nScanning adversarial input (~100k characters; linear growth shows as 2× / 1× ≈ 2)\n',
);
printTable(pathologicalTable());
console.log(
  '\nHostile input (core): analyzeDocument on each class in a fresh process, one run (target ≤ 2 s, ≤ 300 MB)\n',
);
printTable(hostileTable());
console.log(
  '\nNumeric checking: the benchmark notes (bench/identities.ts), 3 draws per claim, seed 1\n',
);
printTable(claimTable());
console.log(
  '\nPattern matrices: a claim written entry by entry against its matrix form (whole note, 3 draws, median of 15)\n',
);
printTable(patternTable());
console.log(
  '\nReverse-mode overhead: f(X) = ‖AX − B‖²_F + tr(XᵀX) with n×n matrices (classic bound: 3–5×)\n',
);
printTable(overheadTable());
console.log(
  '\nDegenerate draws: one-claim notes whose values overflow, underflow or are 0 (drawn again at other magnitudes)\n',
);
printTable(degenerateTable());
console.log(
  `\nHost thread per edit on a 200k-character note (target: longest block < 16 ms; the worker's time is not the host's)\n`,
);
const hostThread = await hostThreadTable();
if (typeof hostThread === 'string') console.log(hostThread);
else printTable(hostThread);
const matmul = await loadMatmulTable();
if (matmul) {
  console.log(
    '\nMatrix product: mathjs (nested arrays, per-call dispatch) against Float64Array kernels\n',
  );
  printTable(matmul);
}
console.log(
  '\nDerive it: the catalogue’s gradient objectives derived, verified against autodiff, printed (size: nodes read back, derived / textbook form in bench/derive.ts); the Hessian families of test/fixtures/hessians.ts the same way\n',
);
const derived = deriveTable();
printTable(derived.rows);
console.log(`\nnot derived: ${derived.notDerived.join('; ') || 'none'}`);
console.log(`Hessians not derived: ${derived.hessiansNotDerived.join('; ') || 'none'}`);
console.log(
  `largest against the textbook: ${derived.worst.map((w) => `${w.name} ${w.ratio.toFixed(2)}×`).join('; ')}`,
);
console.log(
  '\nDifferential steps: dφ = … = G : dX, ∂φ/∂X = G for the catalogue’s gradient objectives, every row checked in the note (bench/steps.ts)\n',
);
const steps = stepsTable();
printTable(steps.rows);
console.log(`\nsteps left out (gradient line only): ${steps.dropped.join('; ') || 'none'}`);
console.log(
  '\nHostile input (CLI): gradlens check --quiet on one input of each class, in a child process (target ≤ 2 s and ≤ 300 MB each)\n',
);
// dist/bench.mjs → the repository, where the CLI is built
printTable(hostileCliTable(fileURLToPath(new URL('..', import.meta.url))));

async function loadMatmulTable(): Promise<string[][] | undefined> {
  try {
    const module = await import('./matmul');
    return module.matmulTable();
  } catch {
    return undefined;
  }
}

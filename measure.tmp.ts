import { claimTable } from './bench/numeric';
import { generateNote } from './bench/generate';
import { analyzeDocument } from './src/core/analyze';
const text = generateNote(20000);
const document = { uri: 'bench.md', version: 1, language: 'markdown' as const, text };
for (let w = 0; w < 3; w++) analyzeDocument(document, { numeric: false });
const samples: number[] = [];
for (let r = 0; r < 9; r++) { const s = performance.now(); analyzeDocument(document, { numeric: false }); samples.push(performance.now() - s); }
samples.sort((a, b) => a - b);
console.log('read+shapes 20k-line note, median ms', samples[4].toFixed(1));
for (const row of claimTable()) console.log(row.join(' | '));

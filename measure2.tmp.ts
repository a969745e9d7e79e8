import { claimTable } from './bench/numeric';
const totals: number[] = [];
for (let i = 0; i < 8; i++) totals.push(Number(claimTable()[1][1]));
totals.sort((a, b) => a - b);
console.log('claims total ms: min', totals[0], 'median', totals[4]);

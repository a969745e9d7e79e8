// Numeric checking: claims per second, time per claim, autodiff overhead, kernels.
import { analyzeDocument } from '../src/core/analyze';
import { Evaluator, jacobianOf } from '../src/core/autodiff/evaluate';
import { Tape } from '../src/core/autodiff/tape';
import { randomMatrix, Rng } from '../src/core/numeric/random';
import { BENCH_NOTES } from './identities';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Claims checked per second over the bench notes, and the distribution of time per claim. */
export function claimTable(): string[][] {
  const perClaim: number[] = [];
  let claims = 0;
  let total = 0;
  for (let round = 0; round < 6; round++) {
    for (const text of BENCH_NOTES) {
      const document = { uri: 'bench.md', version: 1, language: 'markdown' as const, text };
      const shapesOnly = performance.now();
      analyzeDocument(document, { numeric: false });
      const readMs = performance.now() - shapesOnly;
      const start = performance.now();
      const { findings } = analyzeDocument(document);
      const ms = performance.now() - start;
      const checked = findings.filter(
        (f) => f.kind === 'gradient' || f.kind === 'equality' || f.kind === 'differential',
      );
      if (round === 0) continue; // warm-up round
      claims += checked.length;
      total += ms;
      for (let i = 0; i < checked.length; i++)
        perClaim.push(Math.max(0, ms - readMs) / checked.length);
    }
  }
  perClaim.sort((a, b) => a - b);
  return [
    ['claims', 'total ms', 'claims / s', 'p50 ms / claim', 'p95 ms / claim', 'draws'],
    [
      String(claims),
      total.toFixed(1),
      ((claims / total) * 1000).toFixed(0),
      percentile(perClaim, 0.5).toFixed(2),
      percentile(perClaim, 0.95).toFixed(2),
      '3',
    ],
  ];
}

/** Reverse-mode overhead: (objective + gradient) time ÷ objective time, f(X) = ‖AX − B‖²_F + tr(XᵀX). */
export function overheadTable(): string[][] {
  const text =
    '$A, X, B \\in \\mathbb{R}^{n\\times n}$\n\n$$ f(X) = \\|AX - B\\|_F^2 + \\operatorname{tr}(X^T X) $$';
  const analysis = analyzeDocument(
    { uri: 'o.md', version: 1, language: 'markdown', text },
    { numeric: false },
  );
  const definition = analysis.read.env.definitionAt('f', text.length)!;
  const statement = analysis.read.statements.find((s) => s.chain?.relations.length)!;
  const context = analysis.shapes.contextOf.get(statement)!;
  const rows: string[][] = [['n', 'objective ms', 'objective + gradient ms', 'overhead ×']];
  for (const n of [8, 64, 256]) {
    const rng = new Rng(7);
    const values = new Map(
      ['A', 'X', 'B'].map((name) => [name, randomMatrix(rng.fork(name), n, n, 'normal')]),
    );
    const setup = {
      shapes: context,
      size: () => n,
      env: analysis.read.env,
      at: text.length,
      sample: (s: { name: string }) => values.get(s.name)!,
      directions: new Map(),
    };
    const runs = n === 256 ? 5 : n === 64 ? 40 : 400;
    const objective = () => new Evaluator(setup).evaluate(definition.expr);
    const withGradient = () => {
      const tape = new Tape();
      const x = tape.variable(values.get('X')!);
      const evaluator = new Evaluator(setup, tape, new Map([['X', x]]));
      jacobianOf(tape, evaluator.evaluate(definition.expr), x);
    };
    const time = (fn: () => void) => {
      fn();
      const samples: number[] = [];
      for (let r = 0; r < runs; r++) {
        const s = performance.now();
        fn();
        samples.push(performance.now() - s);
      }
      samples.sort((a, b) => a - b);
      return samples[Math.floor(samples.length / 2)];
    };
    const f = time(objective);
    const g = time(withGradient);
    rows.push([String(n), f.toFixed(3), g.toFixed(3), (g / f).toFixed(2)]);
  }
  return rows;
}

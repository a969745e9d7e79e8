// Differential steps (core/derive/differentialSteps.ts) for every gradient objective of the
// catalogue: how many get their steps (the rest keep the gradient line alone, and why), rows
// per block, rewrites and document checks (work counted), and the time per block, which
// includes deriving the gradient and checking every row in the note.
import { gradientClaimParts } from '../src/core/derive/derive';
import { deriveSteps } from '../src/core/derive/differentialSteps';
import type { Expr } from '../src/core/latex/ast';
import { readDocument } from '../src/core/read';
import { CATALOGUE, RHS } from '../test/fixtures/catalogue';

function quantile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

export function stepsTable(): { rows: string[][]; dropped: string[] } {
  let objectives = 0;
  let withSteps = 0;
  let failed = 0;
  const dropped: string[] = [];
  const rowCounts: number[] = [];
  const rewrites: number[] = [];
  const checks: number[] = [];
  const times: number[] = [];
  for (const [, identities] of CATALOGUE)
    for (const identity of identities) {
      const doc = readDocument({
        uri: 'bench://steps',
        version: 1,
        language: 'markdown',
        text: identity.note.replace(RHS, identity.rhs),
      });
      let claim: { objective: Expr; wrt: string; at: number } | undefined;
      for (const statement of doc.statements)
        for (const step of statement.steps)
          if (!claim && step.kind === 'gradient') {
            const parts = gradientClaimParts(step.lhs);
            if (parts) claim = { ...parts, at: statement.chain!.span.start };
          }
      if (!claim) continue;
      objectives++;
      const start = process.hrtime.bigint();
      const result = deriveSteps(doc, claim.objective, claim.wrt, claim.at);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      if ('unsupported' in result) {
        failed++;
        continue;
      }
      checks.push(result.checks);
      if (result.stepsDropped) {
        dropped.push(`${identity.name} (${result.stepsDropped})`);
        continue;
      }
      withSteps++;
      rowCounts.push(result.rows.length);
      rewrites.push(result.rewrites);
    }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const [r, w, c, t] = [sorted(rowCounts), sorted(rewrites), sorted(checks), sorted(times)];
  const derived = objectives - failed;
  return {
    rows: [
      ['measure', 'value'],
      ['gradient objectives in the catalogue', String(objectives)],
      ['gradient derived (block with at least the gradient line)', String(derived)],
      [
        'with differential steps, every row ok',
        `${withSteps} (${((100 * withSteps) / Math.max(derived, 1)).toFixed(1)}% of derived)`,
      ],
      ['rows per block, median / max', `${quantile(r, 0.5)} / ${r[r.length - 1]}`],
      ['rewrites per block, median / max', `${quantile(w, 0.5)} / ${w[w.length - 1]}`],
      ['document checks per block, median / max', `${quantile(c, 0.5)} / ${c[c.length - 1]}`],
      ['time per block, p50', `${quantile(t, 0.5).toFixed(1)} ms`],
      ['time per block, p95', `${quantile(t, 0.95).toFixed(1)} ms`],
    ],
    dropped,
  };
}

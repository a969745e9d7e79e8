// Derive it: every gradient identity of the catalogue (test/fixtures/catalogue.ts) derived,
// verified and printed; the share that verifies, the size of the printed gradient against the
// textbook form (nodes of the expression GradLens reads back from each), and the time per
// derivation (symbolic derivation + the check against autodiff that it includes). The same
// rows for the Hessians of test/fixtures/hessians.ts (one objective a family).
import { deriveGradient, gradientClaimParts, isDerivation } from '../src/core/derive/derive';
import { nodeCount } from '../src/core/derive/nodes';
import { readDocument, type ReadDocument } from '../src/core/read';
import { deriveHessian } from '../src/core/derive/hessian';
import { CATALOGUE, RHS } from '../test/fixtures/catalogue';
import { HESSIAN_FAMILIES, objectiveOf } from '../test/fixtures/hessians';

/**
 * The form a textbook prints, where the catalogue's claimed side is written otherwise (split
 * into terms for a multiplicative update, expanded, or in another convention). Every other
 * identity's textbook form is its catalogue right-hand side, a Matrix Cookbook form.
 */
const TEXTBOOK: Record<string, string> = {
  'tr(XᵀAX) written as two terms, square': '(A + A^\\top)X',
  'tr(XAXᵀ) (Cookbook 106 with B = I)': 'X(A^T + A)',
  'tr(X³)': '3(X^2)^T',
  'det(AXB) (Cookbook 51)': '\\det(AXB)\\,A^T(AXB)^{-T}B^T',
  'det(X²)': '2\\det(X^2)X^{-T}',
  '‖Ax − b‖², expanded': '2A^T(A\\mathbf{x}-\\mathbf{b})',
  'NMF Euclidean, ∂/∂H': '-2W^T(A - WH)',
  'NMF Euclidean, the multiplicative-update split': '2(WH - V)H^T',
  'log det Σ, over the independent entries of a symmetric Σ': '\\Sigma^{-1}',
  'NMF KL (generalized divergence), ∂/∂W': '\\left(\\mathbf{1} - \\frac{A}{WH}\\right)H^T',
};

export interface DeriveBench {
  rows: string[][];
  notDerived: string[];
  /** Hessian families not derived, with the reason's kind. */
  hessiansNotDerived: string[];
  worst: { name: string; ratio: number; derived: string; textbook: string }[];
}

function read(text: string): ReadDocument {
  return readDocument({ uri: 'bench://derive', version: 1, language: 'markdown', text });
}

function nodesOf(latex: string): number | undefined {
  const chain = read(`$$ ${latex} $$\n`).statements[0]?.chain;
  return chain ? nodeCount(chain.operands[0]) : undefined;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function deriveTable(runs = 5): DeriveBench {
  let objectives = 0;
  const notDerived: string[] = [];
  const ratios: { name: string; ratio: number; derived: string; textbook: string }[] = [];
  const times: number[] = [];
  for (const [, identities] of CATALOGUE) {
    for (const identity of identities) {
      const doc = read(identity.note.replace(RHS, identity.rhs));
      let claim;
      for (const statement of doc.statements)
        for (const step of statement.steps)
          if (!claim && step.kind === 'gradient') {
            const parts = gradientClaimParts(step.lhs);
            if (parts) claim = { ...parts, at: statement.chain!.span.start };
          }
      if (!claim) continue;
      objectives++;
      const derive = () => deriveGradient(doc, claim.objective, claim.wrt, claim.at);
      const result = derive(); // warm-up, and the result
      for (let r = 0; r < runs; r++) {
        const start = process.hrtime.bigint();
        derive();
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      if (!isDerivation(result)) {
        notDerived.push(
          `${identity.name} (${result.unsupported.kind}: ${result.unsupported.reason})`,
        );
        continue;
      }
      const textbook = TEXTBOOK[identity.name] ?? identity.rhs;
      const derivedNodes = nodesOf(result.latex);
      const textbookNodes = nodesOf(textbook);
      if (derivedNodes && textbookNodes)
        ratios.push({
          name: identity.name,
          ratio: derivedNodes / textbookNodes,
          derived: result.latex,
          textbook,
        });
    }
  }
  const derived = objectives - notDerived.length;
  const sortedRatios = ratios.map((r) => r.ratio).sort((a, b) => a - b);
  const sortedTimes = [...times].sort((a, b) => a - b);
  const rows = [
    ['measure', 'value', 'target'],
    ['gradient objectives in the catalogue', String(objectives), ''],
    ['derived and verified', `${derived} (${((100 * derived) / objectives).toFixed(1)}%)`, '≥ 95%'],
    ['size / textbook, median (nodes)', `${quantile(sortedRatios, 0.5).toFixed(2)}×`, '≤ 1.2×'],
    [
      'size / textbook, worst (nodes)',
      `${sortedRatios[sortedRatios.length - 1].toFixed(2)}×`,
      '≤ 2×',
    ],
    [
      'size ≤ 1.2× textbook',
      `${sortedRatios.filter((r) => r <= 1.2).length} of ${sortedRatios.length}`,
      '',
    ],
    [
      'time per derivation, p50 (incl. verification)',
      `${quantile(sortedTimes, 0.5).toFixed(2)} ms`,
      '',
    ],
    [
      'time per derivation, p95 (incl. verification)',
      `${quantile(sortedTimes, 0.95).toFixed(2)} ms`,
      '≤ 20 ms',
    ],
  ];
  const worst = [...ratios].sort((a, b) => b.ratio - a.ratio).slice(0, 5);
  const hessians = hessianRows(runs);
  rows.push(...hessians.rows);
  return { rows, notDerived, hessiansNotDerived: hessians.notDerived, worst };
}

/** Second order: each Hessian family derived, verified (central differences), timed. */
function hessianRows(runs: number): { rows: string[][]; notDerived: string[] } {
  const notDerived: string[] = [];
  const ratios: number[] = [];
  const times: number[] = [];
  for (const family of HESSIAN_FAMILIES) {
    const doc = read(family.note);
    const found = objectiveOf(doc);
    if (!found) {
      notDerived.push(`${family.name} (no objective)`);
      continue;
    }
    const derive = () => deriveHessian(doc, found.objective, 'w', found.at);
    const result = derive();
    for (let r = 0; r < runs; r++) {
      const start = process.hrtime.bigint();
      derive();
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    if (!isDerivation(result)) {
      notDerived.push(`${family.name} (${result.unsupported.kind}: ${result.unsupported.reason})`);
      continue;
    }
    const derivedNodes = nodesOf(result.latex);
    const textbookNodes = nodesOf(family.textbook);
    if (derivedNodes && textbookNodes) ratios.push(derivedNodes / textbookNodes);
  }
  const total = HESSIAN_FAMILIES.length;
  const derived = total - notDerived.length;
  const sortedRatios = ratios.sort((a, b) => a - b);
  const sortedTimes = times.sort((a, b) => a - b);
  return {
    notDerived,
    rows: [
      ['Hessian objectives (one a family)', String(total), ''],
      [
        'Hessians derived and verified',
        `${derived} (${((100 * derived) / total).toFixed(1)}%)`,
        '',
      ],
      [
        'Hessian size / textbook, median (nodes)',
        `${quantile(sortedRatios, 0.5).toFixed(2)}×`,
        '≤ 1.2×',
      ],
      [
        'Hessian size / textbook, worst (nodes)',
        `${sortedRatios[sortedRatios.length - 1].toFixed(2)}×`,
        '≤ 2×',
      ],
      [
        'time per Hessian, p50 (incl. verification)',
        `${quantile(sortedTimes, 0.5).toFixed(2)} ms`,
        '',
      ],
      [
        'time per Hessian, p95 (incl. verification)',
        `${quantile(sortedTimes, 0.95).toFixed(2)} ms`,
        '',
      ],
    ],
  };
}

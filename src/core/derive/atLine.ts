// `gradlens derive FILE:LINE --wrt X`: the objective a line of a note states. A definition
// (φ = …, f(W) = …) gives its right side; a gradient or Hessian claim its function; any other formula
// its last operand.
import type { Expr } from '../latex/ast';
import type { ReadDocument } from '../read';
import { gradientClaimParts } from './derive';
import { hessianClaimParts } from './hessian';

export interface ObjectiveAt {
  objective: Expr;
  /** Offset the derivation reads definitions at. */
  at: number;
  /** The variable a gradient claim names, when it names one. */
  wrt?: string;
  /** The line claims a Hessian (∇²_w f = …): that is what it asks to derive. */
  hessian?: boolean;
}

/** The objective on 0-based `line`, the first statement that starts or runs on it. */
export function objectiveAtLine(read: ReadDocument, line: number): ObjectiveAt | undefined {
  for (const statement of read.statements) {
    const chain = statement.chain;
    if (!chain) continue;
    const first = read.lines.positionAt(chain.span.start).line;
    const last = read.lines.positionAt(chain.span.end).line;
    if (line < first || line > last) continue;
    const step = statement.steps[0];
    if (step?.kind === 'gradient') {
      const parts = gradientClaimParts(step.lhs);
      if (parts) return { objective: parts.objective, at: chain.span.start, wrt: parts.wrt };
      const hessian = hessianClaimParts(step.lhs);
      if (hessian) return { ...hessian, at: chain.span.start, hessian: true };
    }
    if (step?.kind === 'definition') return { objective: step.rhs, at: chain.span.start };
    const operand = chain.operands[chain.operands.length - 1];
    if (operand.type === 'space') continue;
    return { objective: operand, at: chain.span.start };
  }
  return undefined;
}

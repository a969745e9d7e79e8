// `gradlens derive --expr "sum(A .* log(A ./ (B' * X * C)))" --wrt X`: the plain-text
// objective (mathjs syntax, as matrixcalculus.org users type it) becomes a small note, its
// shapes as a directive, and is derived and verified like an objective written in LaTeX.
import { readDocument, symbolsFromLatex } from '../read';
import { parsePlainText } from '../plaintext/parse';
import { deriveGradient } from './derive';
import { deriveHessian, type HessianResult } from './hessian';
import { printLatex } from './printLatex';

export interface PlainTextDerive {
  expr: string;
  wrt: string;
  /** Shapes in directive syntax: "X k×l, A m×n". */
  shapes?: string;
  /** The Hessian (of a vector variable) instead of the gradient. */
  hessian?: boolean;
}

export function derivePlainText(request: PlainTextDerive): HessianResult & { note?: string } {
  const parsed = parsePlainText(request.expr);
  if (!parsed.expr)
    return {
      unsupported: {
        kind: 'unsupported',
        reason: `cannot read the expression: ${parsed.error?.message ?? 'parse error'}`,
      },
    };
  const shapes = request.shapes ? `<!-- gradlens: ${request.shapes} -->\n\n` : '';
  const note = `${shapes}$$ ${printLatex(parsed.expr)} $$\n`;
  const read = readDocument({ uri: 'plaintext', version: 1, language: 'markdown', text: note });
  const statement = read.statements.find((s) => s.chain);
  if (!statement?.chain)
    return {
      unsupported: { kind: 'unsupported', reason: 'the expression could not be read back' },
    };
  const wrt = symbolsFromLatex(request.wrt)?.[0]?.name ?? request.wrt;
  const objective = statement.chain.operands[0];
  const derive = request.hessian ? deriveHessian : deriveGradient;
  return { ...derive(read, objective, wrt, statement.chain.span.start), note };
}

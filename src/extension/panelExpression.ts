// The panel's plain-text input, checked on the host for shapes only. The numeric check of
// an expression belongs in the worker (it can run long); the extension injects a function
// that routes there, and this is the fallback until it does: shapes now, numbers marked
// pending. Also the symbol table the panel shows, from an Analysis (pure, no `vscode`, so the
// worker can build the same table next to the numbers).
import type { Analysis } from '../core/analyze';
import { describeFacts } from '../core/facts/describe';
import { visit, type Expr } from '../core/latex/ast';
import { printExpr } from '../core/latex/print';
import { checkPlainText } from '../core/plaintext/check';
import type { NamingConventions } from '../core/shape/conventions';
import type { ReadStatement } from '../core/read';
import type { Finding } from '../core/report';
import type { ClaimDetail, ExpressionOutcome, ExpressionRequest } from '../protocol/panel';

/** Enough rows to read a claim; a sprawling derivation is cut, not dumped. */
const MAX_ROWS = 60;

function statementAt(analysis: Analysis, offset: number): ReadStatement | undefined {
  let best: ReadStatement | undefined;
  for (const statement of analysis.read.statements) {
    const span = statement.chain?.span;
    if (!span || offset < span.start || offset > span.end) continue;
    if (!best || span.end - span.start < best.chain!.span.end - best.chain!.span.start)
      best = statement;
  }
  return best;
}

/**
 * The symbols (first) and the subexpressions (after, outermost first) of the statement that
 * holds `finding`, each with its inferred shape, once per printed text; a symbol also with the
 * facts in force for it at the statement, as describeFacts cites them. Without a finding, the
 * first statement that has a chain.
 */
export function shapeTable(analysis: Analysis, finding?: Finding): ClaimDetail['symbols'] {
  const statement = finding
    ? statementAt(analysis, analysis.read.lines.offsetAt(finding.range.start))
    : analysis.read.statements.find((s) => s.chain);
  const context = statement ? analysis.shapes.contextOf.get(statement) : undefined;
  if (!statement?.chain || !context) return [];
  const symbols: ClaimDetail['symbols'] = [];
  const others: ClaimDetail['symbols'] = [];
  const seen = new Set<string>();
  const add = (node: Expr) => {
    if (node.type === 'number' || node.type === 'space') return;
    const shape = context.shapes.get(node);
    if (!shape) return;
    const text = printExpr(node);
    if (seen.has(text)) return;
    seen.add(text);
    if (node.type !== 'symbol') return void others.push({ text, shape: context.label(shape) });
    // What the note says of the symbol where the claim is (its size, symmetric, …, cited).
    const facts = describeFacts(analysis.read, node.name, at);
    symbols.push({ text, shape: context.label(shape), ...(facts.length > 0 ? { facts } : {}) });
  };
  const at = statement.chain.span.start;
  for (const operand of statement.chain.operands) {
    visit(operand, add);
    // A gradient's objective may be a definition's body that is not under the operand.
    if (operand.type === 'grad') visit(operand.f, add);
  }
  return [...symbols, ...others].slice(0, MAX_ROWS);
}

/** Shapes only, on the calling thread: fast (no sampling, no autodiff), numbers pending. */
export async function checkExpressionShapesOnly(
  request: ExpressionRequest,
  conventions?: Partial<NamingConventions>,
): Promise<ExpressionOutcome> {
  const analysis = checkPlainText(request, { numeric: false, conventions });
  const details = analysis.findings.map((finding) => ({ symbols: shapeTable(analysis, finding) }));
  return { findings: analysis.findings, text: analysis.text, details, numeric: 'pending' };
}

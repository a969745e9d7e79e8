// Checks a plain-text expression the way matrixcalculus.org users type it:
// `sum(A .* log(A ./ (B' * X * C)))` with respect to X, optionally against a claimed
// gradient. The expression and the claim become one synthetic two-line document
// (line 1 the expression, line 2 the claim), so findings carry real positions and the
// same shape and numeric checks run as on a note.
import { analyzeRead, type AnalyzeOptions, type Analysis } from '../analyze';
import { parseDirective } from '../claims/declarations';
import { SymbolEnvironment } from '../claims/environment';
import { classifySteps } from '../claims/steps';
import { LineIndex } from '../document';
import { children, type Chain, type Expr, type SymbolNode } from '../latex/ast';
import { printExpr } from '../latex/print';
import { symbolsFromLatex, type ReadDocument, type ReadProblem, type ReadStatement } from '../read';
import type { Finding } from '../report';
import type { MathRegion } from '../scan/region';
import { resolveConventions, type NamingConventions } from '../shape/conventions';
import { parsePlainText } from './parse';
import { newWorkCounts } from '../work';

export interface PlainTextRequest {
  /** The objective, e.g. sum(A .* log(A ./ (B' * X * C))). */
  expr: string;
  /** The variable, e.g. X. */
  wrt?: string;
  /** A claimed gradient, e.g. -B * (A ./ (B' * X * C)) * C'. */
  claim?: string;
  /** Shapes in directive syntax: "X k×l, A m×n". */
  shapes?: string;
}

export interface PlainTextAnalysis extends Analysis {
  /** The synthetic document: the expression, a newline, the claim. */
  text: string;
}

function shifted(expr: Expr, offset: number): Expr {
  const copy = {
    ...expr,
    span: { start: expr.span.start + offset, end: expr.span.end + offset },
  } as Expr;
  if ('opSpan' in copy)
    (copy as { opSpan: { start: number; end: number } }).opSpan = {
      start: copy.opSpan.start + offset,
      end: copy.opSpan.end + offset,
    };
  // Children are rebuilt by type so that every span moves.
  switch (copy.type) {
    case 'binary':
      return { ...copy, left: shifted(copy.left, offset), right: shifted(copy.right, offset) };
    case 'neg':
    case 'transpose':
    case 'inverse':
    case 'norm':
    case 'differential':
      return { ...copy, arg: shifted(copy.arg, offset) };
    case 'power':
      return { ...copy, arg: shifted(copy.arg, offset), exponent: shifted(copy.exponent, offset) };
    case 'call':
    case 'apply':
      return { ...copy, args: copy.args.map((a) => shifted(a, offset)) };
    case 'matrix':
      return { ...copy, rows: copy.rows.map((r) => r.map((c) => shifted(c, offset))) };
    case 'pattern':
      return { ...copy, term: shifted(copy.term, offset) };
    default:
      return children(copy).length === 0 ? copy : copy;
  }
}

function findSymbol(expr: Expr, name: string): SymbolNode | undefined {
  if (expr.type === 'symbol' && expr.name === name) return expr;
  for (const c of children(expr)) {
    const found = findSymbol(c, name);
    if (found) return found;
  }
  return undefined;
}

export function checkPlainText(
  request: PlainTextRequest,
  options: AnalyzeOptions = {},
): PlainTextAnalysis {
  const read = readPlainText(request, options.conventions);
  const analysis = analyzeRead(read, options);
  const statement = read.statements[0];
  if (statement && request.claim === undefined)
    analysis.findings.push(...describeWithoutClaim(analysis, statement));
  return { ...analysis, text: read.document.text };
}

/** The expression (and claim) as a read document: what the worker and the CLI analyze. */
export function readPlainText(
  request: PlainTextRequest,
  conventions?: Partial<NamingConventions>,
): ReadDocument {
  const claimOffset = request.expr.length + 1;
  const text = request.claim !== undefined ? `${request.expr}\n${request.claim}` : request.expr;
  const lines = new LineIndex(text);
  const problems: ReadProblem[] = [];
  const env = new SymbolEnvironment();
  if (request.shapes) {
    const { entries, problems: directiveProblems } = parseDirective(request.shapes);
    for (const p of directiveProblems)
      problems.push({ start: 0, end: 0, message: p.message, kind: 'declaration' });
    for (const entry of entries) {
      const symbols = symbolsFromLatex(entry.symbol) ?? [];
      for (const s of symbols)
        env.declare({
          name: s.name,
          display: s.display,
          dims: entry.dims,
          properties: entry.properties,
          offset: 0,
          end: 0,
          line: 0,
        });
    }
  }
  const region: MathRegion = {
    text,
    display: true,
    delimiter: 'fence',
    start: 0,
    end: text.length,
    contentStart: 0,
  };
  const statements: ReadStatement[] = [];
  const objective = parsePlainText(request.expr);
  const claim = request.claim !== undefined ? parsePlainText(request.claim) : undefined;
  for (const [result, offset] of [
    [objective, 0],
    [claim, claimOffset],
  ] as const) {
    if (result?.error)
      problems.push({
        start: result.error.start + offset,
        end: result.error.end + offset,
        message: result.error.message,
        kind: 'parse',
      });
  }
  if (objective.expr && (!claim || claim.expr)) {
    const f = objective.expr;
    const wrtName = request.wrt
      ? (symbolsFromLatex(request.wrt)?.[0]?.name ?? request.wrt)
      : undefined;
    const wrt = wrtName ? findSymbol(f, wrtName) : undefined;
    if (request.wrt && !wrt) {
      problems.push({
        start: 0,
        end: request.expr.length,
        message: `${request.wrt} does not appear in ${printExpr(f)}`,
        kind: 'parse',
      });
    } else {
      const head: Expr = wrt ? { type: 'grad', f, wrt, notation: 'nabla', span: f.span } : f;
      const operands = claim?.expr ? [head, shifted(claim.expr, claimOffset)] : [head];
      const relations = claim?.expr
        ? [{ op: '=' as const, span: { start: request.expr.length, end: claimOffset } }]
        : [];
      const chain: Chain = { operands, relations, span: { start: 0, end: text.length } };
      statements.push({ region: 0, tokens: [], chain, steps: classifySteps(chain, () => false) });
    }
  }
  const document = { uri: 'plaintext', version: 1, language: 'markdown' as const, text };
  const scan = {
    regions: [region],
    prose: [],
    preamble: [],
    directives: [],
    silencing: [],
    problems: [],
  };
  return {
    document,
    lines,
    scan,
    env,
    statements,
    problems,
    conventions: resolveConventions(conventions).conventions,
    work: newWorkCounts(),
  };
}

/** Without a claim there is nothing to check: say what the shapes are. */
function describeWithoutClaim(analysis: Analysis, statement: ReadStatement): Finding[] {
  const context = analysis.shapes.contextOf.get(statement);
  const head = statement.chain!.operands[0];
  if (!context || analysis.findings.some((f) => f.severity === 'error')) return [];
  const shape = context.shapes.get(head);
  const label = shape ? context.label(shape) : '?';
  const f = head.type === 'grad' ? head.f : head;
  const fShape = context.shapes.get(f);
  const message =
    head.type === 'grad'
      ? `${printExpr(f)} is ${fShape ? context.label(fShape) : '?'}; its derivative with respect to ${printExpr(head.wrt!)} is ${label} (give --claim to check a gradient)`
      : `${printExpr(f)} is ${label}`;
  return [
    {
      kind: 'expression',
      verdict: 'skipped',
      severity: 'information',
      range: analysis.read.lines.rangeOf(head.span.start, head.span.end),
      message,
      latex: analysis.read.document.text.slice(head.span.start, head.span.end),
      shapes: { lhs: label },
    },
  ];
}

// What a hover says, computed without `vscode` so it can be tested in plain Node: the shape
// of the smallest subexpression under the cursor (the reader worker runs shapeAt on its
// shapes-only reading and sends back the summary), and the last verdict of the worker for a
// claim there.
import type { Analysis } from '../core/analyze';
import type { Position, Range } from '../core/document';
import { describeFacts } from '../core/facts/describe';
import { visit, type Expr } from '../core/latex/ast';
import { printExpr } from '../core/latex/print';
import type { Finding, Suggestion } from '../core/report';
import type { ShapeSummary } from '../protocol/worker';
import { formatRelError, isClaim, verdictMark } from './lensModel';

const MAX_EXPRESSION_CHARS = 160;

/**
 * The smallest expression node with a known shape whose source span holds `offset`. Spans are
 * half-open, so the cursor just after a symbol does not count as on it.
 */
export function shapeAt(analysis: Analysis, offset: number): ShapeSummary | undefined {
  let best: { node: Expr; size: number; label: string } | undefined;
  for (const statement of analysis.read.statements) {
    const chain = statement.chain;
    if (!chain || !holds(chain.span, offset)) continue;
    const context = analysis.shapes.contextOf.get(statement);
    if (!context) continue;
    for (const operand of chain.operands) {
      if (!holds(operand.span, offset)) continue;
      visit(operand, (node) => {
        if (!holds(node.span, offset)) return;
        const shape = context.shapes.get(node);
        if (!shape) return;
        const size = node.span.end - node.span.start;
        // Parents come before children in visit order: on a tie the inner node wins.
        if (!best || size <= best.size) best = { node, size, label: context.label(shape) };
      });
    }
  }
  if (!best) return undefined;
  const node: Expr = best.node;
  return {
    text: truncate(printExpr(node), MAX_EXPRESSION_CHARS),
    label: best.label,
    ...(node.type === 'symbol' ? { facts: describeFacts(analysis.read, node.name, offset) } : {}),
  };
}

function holds(span: { start: number; end: number }, offset: number): boolean {
  return span.start <= offset && offset < span.end;
}

/** The finding whose range holds `position`; the narrowest one when ranges nest. */
export function findingAt(findings: readonly Finding[], position: Position): Finding | undefined {
  let best: Finding | undefined;
  for (const finding of findings) {
    if (!rangeHolds(finding.range, position)) continue;
    if (!best || rangeSize(finding.range) < rangeSize(best.range)) best = finding;
  }
  return best;
}

/** For commands at the cursor: the finding there, else a claim (then any finding) on the same line. */
export function findingNear(findings: readonly Finding[], position: Position): Finding | undefined {
  const onLine = findings.filter(
    (f) => f.range.start.line <= position.line && position.line <= f.range.end.line,
  );
  return findingAt(findings, position) ?? onLine.find((f) => isClaim(f)) ?? onLine[0];
}

export function rangeHolds(range: Range, position: Position): boolean {
  return !before(position, range.start) && !before(range.end, position);
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function rangeSize(range: Range): number {
  return (range.end.line - range.start.line) * 1e6 + (range.end.character - range.start.character);
}

/** The hover as Markdown, or undefined when there is nothing to say. */
export function hoverMarkdown(
  shape: ShapeSummary | undefined,
  finding: Finding | undefined,
): string | undefined {
  const parts: string[] = [];
  if (shape) parts.push(inlineCode(`${shape.text} : ${shape.label}`));
  if (shape?.facts?.length) parts.push(shape.facts.map((f) => `- ${escapeMarkdown(f)}`).join('\n'));
  if (finding) parts.push(claimMarkdown(finding));
  return parts.length ? parts.join('\n\n---\n\n') : undefined;
}

/** The worker's verdict on one finding, for hovers: mark, verdict, message, the numbers. */
export function claimMarkdown(finding: Finding): string {
  const what = finding.wrt ? `${finding.kind} with respect to ${finding.wrt}` : finding.kind;
  const lines = [
    `${verdictMark(finding)} **${escapeMarkdown(finding.verdict)}** · ${escapeMarkdown(what)}`,
    escapeMarkdown(finding.message),
  ];
  const facts: string[] = [];
  if (finding.shapes?.lhs || finding.shapes?.rhs)
    facts.push(
      `shapes: ${inlineCode(finding.shapes.lhs ?? '?')} vs ${inlineCode(finding.shapes.rhs ?? '?')}`,
    );
  if (finding.relError !== undefined)
    facts.push(`relative error ${formatRelError(finding.relError)}`);
  if (finding.diagnosis) facts.push(`diagnosis: ${escapeMarkdown(finding.diagnosis)}`);
  if (facts.length) lines.push(facts.join(' · '));
  if (finding.suggestion) lines.push(suggestionMarkdown(finding.suggestion));
  return lines.join('\n\n');
}

/** The verified gradient the worker found for a wrong claim (the quick fix applies it). */
function suggestionMarkdown(suggestion: Suggestion): string {
  return `GradLens derives ${inlineCode(suggestion.latex)} (verified, relative error ${formatRelError(suggestion.relError)})`;
}

/** Code spans may not contain their own fence; a longer fence is CommonMark's way around it. */
function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|~]/g, (c) => `\\${c}`);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

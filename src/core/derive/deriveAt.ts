// What "Derive Gradient…" derives: the objective on a line (a definition φ = …, f(X) = …, a
// gradient claim's function, a formula) or the expression a selection covers, its name as the
// note writes it, and the matrix and vector symbols in it to choose the variable from.
import { definitionHead } from '../claims/steps';
import { visit, type Expr } from '../latex/ast';
import type { ReadDocument } from '../read';
import { objectiveAtLine } from './atLine';
import { objectiveShapes } from './derive';
import { deriveSteps, type DifferentialSteps } from './differentialSteps';
import { DeriveUnsupported, expandObjective } from './expand';
import { latexAt } from './verify';

export type DeriveWhere = { line: number } | { start: number; end: number };

export interface VariableChoice {
  /** The symbol's name as GradLens reads it (X, \Sigma, W_{1}): what `wrt` takes. */
  name: string;
  /** As messages print it (X, Σ, W₁). */
  display: string;
  /** m×n, n×1. */
  shape: string;
}

export interface DeriveTarget {
  objective: Expr;
  /** Offset the definitions are read at, and the block goes after. */
  at: number;
  /** The objective's name as the note writes it (\phi, f), when it has one. */
  name?: string;
  /** The matrix and vector symbols of the objective, in order of appearance. */
  variables: VariableChoice[];
  /** The variable the note names (f(X), ∂φ/∂X), or the only one. */
  preferred?: string;
}

export function deriveTargetAt(read: ReadDocument, where: DeriveWhere): DeriveTarget | undefined {
  const found = 'line' in where ? atLine(read, where.line) : inSelection(read, where);
  if (!found) return undefined;
  const variables = variablesOf(read, found.objective, found.at);
  const preferred =
    found.preferred && variables.some((v) => v.name === found.preferred)
      ? found.preferred
      : variables.length === 1
        ? variables[0].name
        : undefined;
  return { ...found, variables, ...(preferred ? { preferred } : {}) };
}

type Found = Omit<DeriveTarget, 'variables' | 'preferred'> & { preferred?: string };

function atLine(read: ReadDocument, line: number): Found | undefined {
  const objective = objectiveAtLine(read, line);
  if (!objective) return undefined;
  const statement = read.statements.find((s) => s.chain?.span.start === objective.at);
  const step = statement?.steps[0];
  if (step?.kind === 'definition') {
    const head = definitionHead(step.lhs);
    const name = head && nameLatex(read, step.lhs);
    const preferred = head?.params.length === 1 ? head.params[0] : undefined;
    return { objective: objective.objective, at: objective.at, name, preferred };
  }
  if (objective.wrt) {
    const f = objective.objective;
    const name = f.type === 'symbol' ? nameLatex(read, f) : undefined;
    return { objective: f, at: objective.at, name, preferred: objective.wrt };
  }
  return { objective: objective.objective, at: objective.at };
}

/** The largest expression that lies inside the selection (its blanks trimmed). */
function inSelection(read: ReadDocument, where: { start: number; end: number }): Found | undefined {
  const text = read.document.text;
  let start = where.start;
  let end = where.end;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  let best: { node: Expr; at: number } | undefined;
  for (const statement of read.statements) {
    const chain = statement.chain;
    if (!chain || chain.span.end <= start || chain.span.start >= end) continue;
    for (const operand of chain.operands)
      visit(operand, (node) => {
        const { start: s, end: e } = node.span;
        if (s < start || e > end || e <= s) return;
        if (!best || e - s > best.node.span.end - best.node.span.start)
          best = { node, at: chain.span.start };
      });
  }
  return best && { objective: best.node, at: best.at };
}

/** φ in `φ = …`; f in `f(X) = …` (the name without its arguments). */
function nameLatex(read: ReadDocument, lhs: Expr): string | undefined {
  const own = latexAt(read, lhs.span.start, lhs.span.end)?.trim();
  if (!own) return undefined;
  if (lhs.type === 'symbol') return own;
  if (lhs.type !== 'apply') return undefined;
  const open = own.search(/\\left\s*\(|\(/);
  return open > 0 ? own.slice(0, open).trim() : undefined;
}

function variablesOf(read: ReadDocument, objective: Expr, at: number): VariableChoice[] {
  let expanded: Expr;
  try {
    expanded = expandObjective(objective, read.env, at, '');
  } catch (error) {
    if (error instanceof DeriveUnsupported) return [];
    throw error;
  }
  const shapes = objectiveShapes(read, expanded, at);
  const symbols = new Map<string, Extract<Expr, { type: 'symbol' }>>();
  visit(expanded, (node) => {
    if (node.type === 'symbol' && !symbols.has(node.name)) symbols.set(node.name, node);
  });
  // unknown sizes named m, n, k, l… as the findings name them
  shapes.context.finish(new Set());
  return [...symbols.values()]
    .filter((node) => !shapes.isScalar(node))
    .map((node) => ({
      name: node.name,
      display: node.display,
      shape: shapes.context.label(shapes.of(node)),
    }));
}

export type DeriveAtResult =
  | { kind: 'choose'; variables: VariableChoice[]; preferred?: string }
  | { kind: 'derived'; wrt: string; steps: DifferentialSteps }
  | { kind: 'failed'; reason: string };

/**
 * The derivation block for the objective at `where` with respect to `wrt`; without `wrt`, the
 * variables to choose from, unless the objective has only one (or, with `preferNamed`, the
 * note names one: ∂φ/∂X, f(X)).
 */
export function deriveAt(
  read: ReadDocument,
  where: DeriveWhere,
  wrt?: string,
  preferNamed = false,
): DeriveAtResult {
  const target = deriveTargetAt(read, where);
  if (!target) return { kind: 'failed', reason: 'no formula to derive here' };
  if (target.variables.length === 0)
    return { kind: 'failed', reason: 'the formula has no matrix or vector symbol to derive by' };
  const variable =
    wrt ??
    (target.variables.length === 1
      ? target.variables[0].name
      : preferNamed
        ? target.preferred
        : undefined);
  if (!variable) {
    const { variables, preferred } = target;
    return { kind: 'choose', variables, ...(preferred ? { preferred } : {}) };
  }
  const steps = deriveSteps(read, target.objective, variable, target.at, {
    ...(target.name ? { name: target.name } : {}),
  });
  if ('unsupported' in steps) return { kind: 'failed', reason: steps.unsupported.reason };
  return { kind: 'derived', wrt: variable, steps };
}

// Derive it: the gradient of a scalar objective with respect to a matrix or vector variable,
// symbolically (reverse.ts), simplified to the textbook form (simplify.ts), printed in the
// note's own notation (printLatex.ts) and verified against autodiff before it is returned
// (verify.ts). A derivation that does not verify is never returned: a reason is.
import { visit, type Expr, type SymbolNode } from '../latex/ast';
import type { ReadDocument } from '../read';
import { ShapeContext } from '../shape/infer';
import { DeriveUnsupported, expandObjective } from './expand';
import { nodeCount, num, binary } from './nodes';
import { printLatex } from './printLatex';
import { adjointsOf } from './reverse';
import { DerivationShapes } from './shapes';
import { Simplifier } from './simplify';
import { styleOfText, type NoteStyle } from './style';
import { latexAt, verifyGradient } from './verify';

/** Steps of symbolic reverse mode allowed for one derivation: bounded work on any input. */
export const DERIVE_STEPS = 5_000;

export interface Derivation {
  /** The gradient in the note's notation. */
  latex: string;
  expr: Expr;
  /** Relative error against autodiff, as the claim check measured it. */
  relError: number;
  /** Nodes of `expr`: the size the bench compares with the textbook form. */
  nodes: number;
  /** Steps of reverse mode taken (work counted, for tests and the bench). */
  steps: number;
}

export type CouldNotDeriveKind =
  | 'no-variable' //  the variable is not in the objective
  | 'not-scalar' //   the objective is not a scalar
  | 'unsupported' //  a construct the derivation does not handle
  | 'not-verified'; // derived, but the check against autodiff did not say ok

export interface CouldNotDerive {
  unsupported: { kind: CouldNotDeriveKind; reason: string };
}

export type DeriveResult = Derivation | CouldNotDerive;

export function isDerivation<R extends { unsupported: unknown }>(
  result: Derivation | R,
): result is Derivation {
  return 'latex' in result;
}

/**
 * ∂(objective)/∂(wrt) where the objective stands at offset `at` of the note (definitions in
 * force there are substituted). `wrt` is a symbol name as GradLens reads it (X, \Sigma, W_{1}).
 */
export function deriveGradient(
  read: ReadDocument,
  objective: Expr,
  wrt: string,
  at: number,
): DeriveResult {
  const symbolic = symbolicGradient(read, objective, wrt, at);
  if ('unsupported' in symbolic) return symbolic;
  const { gradient, expanded, variable, budget } = symbolic;
  const style = noteStyle(read, expanded);
  const lhs = `\\frac{\\partial}{\\partial ${spell(variable, style)}} \\left(${objectiveLatex(read, objective, style)}\\right)`;
  return printedAndVerified(read, at, gradient, style, lhs, budget);
}

/**
 * A derived expression printed in the note's style and checked as the claim `lhs = …` in the
 * note: it is a derivation only when that claim holds.
 */
export function printedAndVerified(
  read: ReadDocument,
  at: number,
  expr: Expr,
  style: NoteStyle,
  lhs: string,
  budget: { steps: number },
): DeriveResult {
  let latex: string;
  try {
    latex = printLatex(expr, style);
  } catch (error) {
    return couldNotDerive('unsupported', error instanceof Error ? error.message : String(error));
  }
  const verified = verifyGradient(read, at, lhs, latex);
  if (verified.verdict !== 'ok' || verified.relError === undefined)
    return couldNotDerive(
      'not-verified',
      `${latex} did not verify (${verified.verdict}): ${verified.message}`,
    );
  return {
    latex,
    expr,
    relError: verified.relError,
    nodes: nodeCount(expr),
    steps: DERIVE_STEPS - budget.steps,
  };
}

export function couldNotDerive(kind: CouldNotDeriveKind, reason: string): CouldNotDerive {
  return { unsupported: { kind, reason } };
}

/** The simplified gradient before it is printed and verified, with what the Hessian reuses. */
export interface SymbolicGradient {
  gradient: Expr;
  /** The objective with the note's definitions substituted. */
  expanded: Expr;
  variable: SymbolNode;
  shapes: DerivationShapes;
  /** Whether the note says a symbol is symmetric there. */
  symmetric: (name: string) => boolean;
  /** Steps of reverse mode left. */
  budget: { steps: number };
}

export function symbolicGradient(
  read: ReadDocument,
  objective: Expr,
  wrt: string,
  at: number,
): SymbolicGradient | CouldNotDerive {
  const fail = couldNotDerive;
  let expanded: Expr;
  try {
    expanded = expandObjective(objective, read.env, at, wrt);
  } catch (error) {
    if (error instanceof DeriveUnsupported) return fail('unsupported', error.message);
    throw error;
  }
  const variable = findSymbol(expanded, wrt);
  if (!variable) return fail('no-variable', `${wrt} does not appear in the objective`);
  const shapes = objectiveShapes(read, expanded, at);
  const context = shapes.context;
  if (!shapes.isScalar(expanded))
    return fail(
      'not-scalar',
      `the objective is ${context.label(shapes.of(expanded))}, not a scalar`,
    );
  const budget = { steps: DERIVE_STEPS };
  const symmetric = (name: string) => read.env.declarationAt(name, at)?.symmetric === true;
  try {
    const adjoints = adjointsOf(expanded, wrt, shapes, budget);
    const sum = adjoints.reduce((a, b) => binary('add', a, b), num(0));
    const gradient = new Simplifier(shapes, symmetric).simplify(sum);
    return { gradient, expanded, variable, shapes, symmetric, budget };
  } catch (error) {
    if (error instanceof DeriveUnsupported) return fail('unsupported', error.message);
    throw error;
  }
}

/** Shapes of an (expanded) objective read at `at`, with an unsized 𝟏 made to fit a scalar. */
export function objectiveShapes(read: ReadDocument, expanded: Expr, at: number): DerivationShapes {
  const context = new ShapeContext(
    {
      env: read.env,
      lineOf: (offset: number) => read.lines.positionAt(offset).line,
      conventions: read.conventions,
      sections: read.sections,
    },
    at,
  );
  const root = context.infer(expanded);
  // 𝟏ᵀ log x: an unsized 𝟏 takes the size that makes the objective the scalar it is
  for (const d of [root.rows, root.cols])
    if (context.store.isVar(d)) context.store.unify(d, context.store.one());
  return new DerivationShapes(context);
}

/** The objective as the note wrote it, when it comes from the note; else printed. */
export function objectiveLatex(read: ReadDocument, objective: Expr, style: NoteStyle): string {
  const { start, end } = objective.span;
  const own = end > start ? latexAt(read, start, end) : undefined;
  return own ?? printLatex(objective, style);
}

export function spell(symbol: SymbolNode, style: NoteStyle): string {
  return printLatex(symbol, style);
}

export function findSymbol(expr: Expr, name: string): SymbolNode | undefined {
  let found: SymbolNode | undefined;
  visit(expr, (n) => {
    if (!found && n.type === 'symbol' && n.name === name) found = n;
  });
  return found;
}

const styles = new WeakMap<ReadDocument, NoteStyle>();

/**
 * The note's style, with each symbol spelled as the objective spells it, else as the note
 * first does.
 */
export function noteStyle(read: ReadDocument, objective?: Expr): NoteStyle {
  let style = styles.get(read);
  if (!style) {
    const bold = new Set<string>();
    const spelling = new Map<string, string>();
    for (const statement of read.statements)
      for (const operand of statement.chain?.operands ?? [])
        collectSpellings(read, operand, bold, spelling);
    style = styleOfText(read.document.text, bold, spelling);
    styles.set(read, style);
  }
  if (!objective) return style;
  const own = new Map<string, string>();
  collectSpellings(read, objective, new Set(), own);
  return { ...style, spelling: new Map([...style.spelling, ...own]) };
}

function collectSpellings(
  read: ReadDocument,
  expr: Expr,
  bold: Set<string>,
  spelling: Map<string, string>,
): void {
  visit(expr, (n) => {
    if (n.type !== 'symbol') return;
    if (n.bold) bold.add(n.name);
    const own = latexAt(read, n.span.start, n.span.end)?.trim() ?? '';
    if (!spelling.has(n.name) && isPlainSpelling(own)) spelling.set(n.name, own);
  });
}

/** A symbol's source text that can stand for it anywhere: X, \mathbf{X}, \Sigma, W_1, \X. */
function isPlainSpelling(text: string): boolean {
  return text.length > 0 && text.length <= 40 && !/[\^()=,\s]|\\left|\\right/.test(text);
}

/**
 * The objective and the variable of a gradient claim's left side: ∂φ/∂X, ∇_X f, and ∇L(w)
 * (the variable is the function's one argument).
 */
export function gradientClaimParts(
  lhs: Extract<Expr, { type: 'grad' }>,
): { objective: Expr; wrt: string } | undefined {
  if (lhs.hessian) return undefined;
  if (lhs.wrt?.type === 'symbol') return { objective: lhs.f, wrt: lhs.wrt.name };
  if (
    !lhs.wrt &&
    lhs.f.type === 'apply' &&
    lhs.f.args.length === 1 &&
    lhs.f.args[0].type === 'symbol'
  )
    return { objective: lhs.f, wrt: lhs.f.args[0].name };
  return undefined;
}

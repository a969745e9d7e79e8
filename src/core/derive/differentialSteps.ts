// The derivation as a textbook writes it (the seed answer): dφ with d pushed to the leaves,
// then one identity at a time moving dX out (moveOut.ts), ending dφ = G : dX (or tr(Gᵀ dX), or
// ⟨G, dX⟩, as the note writes its differentials), then ∂φ/∂X = G. Every row is printed in the
// note's style and checked by GradLens itself, in a copy of the note with the block inserted
// where the command would insert it (block.ts); a row that does not hold is dropped, and when
// the first or last row does not hold, only the verified gradient line is kept.
import type { Expr } from '../latex/ast';
import type { ReadDocument } from '../read';
import type { Finding } from '../report';
import { blockInsertion, derivationBlock, type BlockRow } from './block';
import {
  deriveGradient,
  findSymbol,
  isDerivation,
  noteStyle,
  objectiveLatex,
  objectiveShapes,
  DERIVE_STEPS,
  type CouldNotDerive,
  type Derivation,
} from './derive';
import { differentialOf, differentiate } from './differential';
import { DeriveUnsupported, expandObjective } from './expand';
import { DifferentialRewriter, isDone, type FrobTerm } from './moveOut';
import { add, call, frob, mul, transpose } from './nodes';
import { printLatex } from './printLatex';
import type { DerivationShapes } from './shapes';
import { Simplifier } from './simplify';
import type { NoteStyle } from './style';
import { checkedRows } from './verify';

/** Rewrites of one differential at most: every real objective needs far fewer. */
export const MAX_REWRITES = 24;
/** Checks of the block at most (each drops the first row that did not hold). */
const MAX_CHECKS = 3;

/** How the note writes a differential: A : dX, ⟨A, dX⟩ or tr(Aᵀ dX). */
export type DifferentialForm = 'colon' | 'angle' | 'trace';

export interface StepRow extends BlockRow {
  verdict: Finding['verdict'];
  relError?: number;
}

export interface DifferentialSteps {
  /** The rows as inserted and checked: dφ = …, = …, ∂φ/∂X = G. */
  rows: StepRow[];
  gradient: Derivation;
  form: DifferentialForm;
  /** The block as it goes into the note (display math or align*). */
  block: string;
  /** Where it goes, and the text inserted there (the block with its blank lines). */
  insertAt: number;
  inserted: string;
  /** Why the steps were left out and only the gradient line kept, when they were. */
  stepsDropped?: string;
  /** Rewrites applied (work counted, for tests and the bench). */
  rewrites: number;
  /** Document checks run to verify the block. */
  checks: number;
}

export interface StepsOptions {
  /** The objective's name as the note writes it (\phi, f): dφ and ∂φ/∂X; else d(…). */
  name?: string;
  /** Offset the block goes after (its line); `at` when not given. */
  after?: number;
}

/** ∂φ/∂X with its differential steps, each checked; or why the gradient cannot be derived. */
export function deriveSteps(
  read: ReadDocument,
  objective: Expr,
  wrt: string,
  at: number,
  options: StepsOptions = {},
): DifferentialSteps | CouldNotDerive {
  const gradient = deriveGradient(read, objective, wrt, at);
  if (!isDerivation(gradient)) return gradient;
  const style = noteStyle(read, objective);
  const form = differentialForm(read, style);
  const variable = spellVariable(read, objective, wrt, at, style);
  const own = options.name ?? `\\left(${objectiveLatex(read, objective, style)}\\right)`;
  const gradientRow: BlockRow = {
    lhs: options.name
      ? `\\frac{\\partial ${options.name}}{\\partial ${variable}}`
      : `\\frac{\\partial}{\\partial ${variable}} ${own}`,
    rhs: gradient.latex,
  };
  const after = options.after ?? at;
  let rows: BlockRow[] = [gradientRow];
  let stepsDropped: string | undefined;
  let rewrites = 0;
  try {
    const built = differentialRows(read, objective, wrt, at, style, form, gradient);
    rewrites = built.rewrites;
    // d\,(…): a thin space keeps d(⟨A, X⟩) from reading as a function d of two arguments
    rows = [{ lhs: options.name ? `d${options.name}` : `d\\,${own}`, rhs: built.rhs[0] }];
    for (const rhs of built.rhs.slice(1)) rows.push({ lhs: '', rhs });
    rows.push(gradientRow);
  } catch (error) {
    if (!(error instanceof DeriveUnsupported)) throw error;
    stepsDropped = error.message;
  }
  let checks = 0;
  for (;;) {
    const block = derivationBlock(rows, read.document.language);
    const insertion = blockInsertion(read, after, block);
    const verdicts = checkedRows(read, insertion, rows);
    checks++;
    const failed = verdicts.findIndex((v) => v.verdict !== 'ok');
    if (failed < 0)
      return {
        rows: rows.map((row, i) => ({ ...row, ...verdicts[i] })),
        gradient,
        form,
        block,
        insertAt: insertion.at,
        inserted: insertion.text,
        ...(stepsDropped ? { stepsDropped } : {}),
        rewrites,
        checks,
      };
    const whole = failed === 0 || failed === rows.length - 1 || checks >= MAX_CHECKS;
    if (rows.length === 1)
      return {
        unsupported: {
          kind: 'not-verified',
          reason: `the derivation block did not check (${verdicts[0].verdict})`,
        },
      };
    if (whole) {
      stepsDropped = `the step ${rows[failed].rhs} did not check (${verdicts[failed].verdict})`;
      rows = [gradientRow];
    } else {
      rows = rows.filter((_, i) => i !== failed);
    }
  }
}

/** The right sides of dφ = … = G : dX: the differential, then one row per round of rewrites. */
function differentialRows(
  read: ReadDocument,
  objective: Expr,
  wrt: string,
  at: number,
  style: NoteStyle,
  form: DifferentialForm,
  gradient: Derivation,
): { rhs: string[]; rewrites: number } {
  const expanded = expandObjective(objective, read.env, at, wrt);
  const shapes = objectiveShapes(read, expanded, at);
  const variable = findSymbol(expanded, wrt)!;
  const dx = differentialOf(variable, shapes);
  const differential = differentiate(expanded, wrt, shapes, { steps: DERIVE_STEPS });
  if (!differential) throw new DeriveUnsupported(`the objective does not depend on ${wrt}`);
  const symmetric = (name: string) => read.env.declarationAt(name, at)?.symmetric === true;
  const simplifier = new Simplifier(shapes, symmetric);
  const printer = new RowPrinter(shapes, simplifier, style, form);
  const rewriter = new DifferentialRewriter(shapes);
  const rhs: string[] = [];
  const push = (text: string) => {
    if (rhs[rhs.length - 1] !== text) rhs.push(text);
  };
  // d pushed to the leaves, its terms each read as C : L (a trace as I : L)
  let terms = rewriter.termsOf(differential);
  push(printer.row(terms));
  let rewrites = 0;
  while (!terms.every(isDone)) {
    if (++rewrites > MAX_REWRITES)
      throw new DeriveUnsupported('dX did not come out within the rewrites allowed');
    terms = terms.flatMap((t) => rewriter.moveOut(t));
    push(printer.row(terms));
  }
  // the coefficients of dX collected and simplified, then the textbook form of the gradient
  const collected = terms.map((t) => t.coef).reduce((a, b) => add(a, b));
  push(printer.row([{ coef: collected, inner: dx }]));
  push(printer.row([{ coef: gradient.expr, inner: dx }]));
  return { rhs, rewrites };
}

/** Terms C : L printed as the note writes a differential, each C simplified. */
class RowPrinter {
  constructor(
    private readonly shapes: DerivationShapes,
    private readonly simplifier: Simplifier,
    private readonly style: NoteStyle,
    private readonly form: DifferentialForm,
  ) {}

  row(terms: FrobTerm[]): string {
    let text = '';
    for (const term of terms) {
      const coef = this.simplifier.simplify(term.coef);
      const negative = coef.type === 'neg';
      const body = this.term(negative ? coef.arg : coef, term.inner);
      if (!text) text = negative ? `-${body}` : body;
      else text += negative ? ` - ${body}` : ` + ${body}`;
    }
    return text || '0';
  }

  private term(coef: Expr, inner: Expr): string {
    const print = (e: Expr) => printLatex(e, this.style);
    if (coef.type === 'number' && coef.value === 1) return print(inner);
    if (this.shapes.isScalar(inner)) return print(mul(coef, inner));
    if (this.form !== 'trace') return print(frob(coef, inner));
    if (coef.type === 'identity') return print(call('tr', inner));
    const flipped = this.simplifier.simplify(transpose(coef));
    return print(call('tr', mul(flipped, inner)));
  }
}

/**
 * A colon (or ⟨,⟩) where the note writes a Frobenius product anywhere; else the trace when
 * the note writes one; else the colon of the seed answer.
 */
export function differentialForm(read: ReadDocument, style: NoteStyle): DifferentialForm {
  let frobs = 0;
  let traces = 0;
  const look = (e: Expr): void => {
    if (e.type === 'binary') {
      if (e.op === 'frob') frobs++;
      look(e.left);
      look(e.right);
    } else if (e.type === 'call') {
      if (e.fn === 'tr') traces++;
      e.args.forEach(look);
    } else if ('arg' in e && e.arg && typeof e.arg === 'object') look(e.arg as Expr);
  };
  for (const statement of read.statements)
    for (const operand of statement.chain?.operands ?? []) look(operand);
  if (frobs > 0) return style.frobenius === 'angle' ? 'angle' : 'colon';
  return traces > 0 ? 'trace' : style.frobenius === 'angle' ? 'angle' : 'colon';
}

function spellVariable(
  read: ReadDocument,
  objective: Expr,
  wrt: string,
  at: number,
  style: NoteStyle,
): string {
  const found =
    findSymbol(objective, wrt) ?? findSymbol(expandObjective(objective, read.env, at, wrt), wrt);
  return found ? printLatex(found, style) : wrt;
}

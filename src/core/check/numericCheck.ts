// Numeric truth for claims whose shapes agree. Each claim is evaluated on several random
// draws (distinct sizes per dimension, values from each symbol's domain, a reproducible
// seed): a gradient against reverse-mode autodiff, a step against the expression before it,
// a differential against the directional derivative. The autodiff is itself checked against
// central differences in every gradient check.
import { oneSidedNames } from './oneSided';
import { abstractLossOf, describeLinearLoss, linearLoss } from '../claims/abstractLoss';
import { DomainError, EvaluationUnsupported, Evaluator, jacobianOf } from '../autodiff/evaluate';
import { Tape } from '../autodiff/tape';
import { visit, type Expr, type SymbolNode } from '../latex/ast';
import { printExpr } from '../latex/print';
import {
  add,
  allFinite,
  frobenius,
  normFro,
  relativeError,
  scale,
  sub,
  toRows,
  transpose,
} from '../numeric/kernels';
import { allocateFloat64, AllocationRefusedError } from '../numeric/allocate';
import { Matrix, ShapeMismatchError, SingularMatrixError } from '../numeric/matrix';
import { inferDomains, undeterminedArguments, type DomainMap } from '../numeric/domain';
import { Rng, SQUARE_KINDS } from '../numeric/random';
import {
  Draw,
  drawStreams,
  describeMagnitudes,
  MAGNITUDES,
  SIZE_REDRAWS,
  SizeTooLarge,
  VALUE_REDRAWS,
  type Magnitude,
} from '../numeric/sample';
import { DegenerateValues, requireEvidence } from '../numeric/degenerate';
import type { SizeOrder } from '../numeric/sizes';
import { namesOfExpr, type ReadDocument } from '../read';
import { describeLine } from '../document';
import { whatFactSays } from '../facts/describe';
import {
  diagnosisFields,
  type DegenerateCause,
  type DiagnosisDetail,
  type Finding,
} from '../report';
import {
  diagnose,
  diagnosisOf,
  symmetricConvention,
  symmetricConventions,
  type Diagnosis,
  type DrawComparison,
} from './diagnose';
import type { Dim } from '../shape/dims';
import type { ShapeContext } from '../shape/infer';
import { PROPERTIES, type Property, type SampleKind } from '../facts/kinds';
import type { Fact } from '../facts/fact';
import { latexOf, type CheckedStep } from './shapeCheck';
import { sidesOverIndices } from '../indices/grid';
import { indexPhrase } from '../indices/free';

export interface NumericOptions {
  draws: number;
  seed: number;
  tolerance: number;
  maxDim: number;
  /** softmax of a matrix row by row (default) or column by column; see analyze.ts. */
  matrixAxis?: 'rows' | 'columns';
  /** Told when the axis mattered (a softmax met a matrix). */
  onMatrixAxis?: () => void;
}

export const DEFAULT_NUMERIC_OPTIONS: NumericOptions = {
  draws: 3,
  seed: 1,
  tolerance: 1e-8,
  maxDim: 9,
};

/** Per-draw numbers, kept for the panel and the JSON report. */
export interface DrawResult {
  relError: number;
  sizes: string;
  /** The attempt that gave this draw, when the first ones left the domain (see drawStreams). */
  redraws?: number;
  /** The magnitude its values were drawn at, when those of the usual draws were degenerate. */
  magnitude?: Magnitude;
  /** Both sides exactly 0 at every magnitude tried: an identity of zeros (see sampleDraws). */
  zeros?: true;
}

/**
 * Differentials dX written anywhere in the chain: those variables move along random
 * directions. dφ of a defined φ is not a variable: it is computed from φ's definition.
 */
function differentialVariables(exprs: Expr[], isDefined: (name: string) => boolean): SymbolNode[] {
  const found = new Map<string, SymbolNode>();
  for (const e of exprs) {
    visit(e, (n) => {
      if (n.type === 'differential' && n.arg.type === 'symbol' && !isDefined(n.arg.name))
        found.set(n.arg.name, n.arg);
    });
  }
  return [...found.values()];
}

/** d x_{11} of a pictured entry moves its matrix: X varies in its place (once). */
function picturedAsMatrices(
  variables: SymbolNode[],
  pictured: ReadonlyMap<string, Expr>,
): SymbolNode[] {
  const out = new Map<string, SymbolNode>();
  for (const v of variables) {
    const matrix = pictured.get(v.name);
    const moving = matrix?.type === 'symbol' ? matrix : v;
    if (!out.has(moving.name)) out.set(moving.name, moving);
  }
  return [...out.values()];
}

/** Square in the claim's own shapes (the shapes inferred where the claim stands). */
function isSquareHere(context: ShapeContext, name: string): boolean {
  const shape = context.symbol(name)?.shape;
  return shape !== undefined && context.store.same(shape.rows, shape.cols);
}

/** "numerator layout" → 'numerator'. */
function layoutOf(layout: string): 'numerator' | 'denominator' {
  return layout.startsWith('numerator') ? 'numerator' : 'denominator';
}

/** A diagnosis made against a symmetric convention says which. */
function againstDetail(detail: DiagnosisDetail, against: 'independent' | 'sym'): DiagnosisDetail {
  switch (detail.kind) {
    case 'sign':
    case 'transpose':
    case 'sign-transpose':
    case 'factor':
    case 'extra-term':
    case 'term-sign':
      return { ...detail, against };
    default:
      return detail;
  }
}

/** An extra term's or a wrongly signed term's place in the note: its LaTeX and range. */
function withTermSource(
  read: ReadDocument,
  statement: CheckedStep['statement'],
  rhs: Expr,
  diagnosis: Diagnosis,
): DiagnosisDetail {
  const detail = diagnosis.detail;
  if (
    (detail.kind !== 'extra-term' && detail.kind !== 'term-sign') ||
    diagnosis.termIndex === undefined
  )
    return detail;
  const term = termsOf(rhs)[diagnosis.termIndex]?.expr;
  if (!term) return detail;
  const { start, end } = term.span;
  return {
    ...detail,
    latex: latexOf(read, statement, start, end),
    range: read.lines.rangeOf(start, end),
  };
}

/** Top-level terms of a sum, with their signs: a − b + c → [a, −b, c]. */
function termsOf(expr: Expr): { expr: Expr; sign: number }[] {
  if (expr.type === 'binary' && (expr.op === 'add' || expr.op === 'sub')) {
    const right = termsOf(expr.right).map((t) => ({
      ...t,
      sign: expr.op === 'sub' ? -t.sign : t.sign,
    }));
    return [...termsOf(expr.left), ...right];
  }
  if (expr.type === 'neg') return termsOf(expr.arg).map((t) => ({ ...t, sign: -t.sign }));
  return [{ expr, sign: 1 }];
}

function formatError(x: number): string {
  if (x === 0) return '0';
  return x < 1e-3 ? x.toExponential(1) : x.toPrecision(2);
}

export function checkNumerically(
  read: ReadDocument,
  checked: CheckedStep,
  options: NumericOptions,
): Finding {
  const { step, context, statement } = checked;
  const chain = statement.chain!;
  const base = checked.finding;
  const at = chain.span.start;
  // d x_{11} after X = [x_{11} …]: the pictured entry is X's, so X moves and d x_{11} is dX's
  // entry; a picture of something other than a named matrix is not related to a direction
  const pictured = differentialVariables(
    chain.operands,
    (name) => read.env.definitionAt(name, at + 1) !== undefined,
  ).find(
    (v) =>
      read.env.picturedEntries.has(v.name) &&
      read.env.picturedEntries.get(v.name)!.type !== 'symbol',
  );
  if (pictured) {
    const matrix = printExpr(read.env.picturedEntries.get(pictured.name)!);
    return {
      ...base,
      verdict: 'unsupported',
      severity: 'information',
      code: 'gradlens.unsupported',
      message: `not checked: ${pictured.display} is an entry of ${matrix} as the note pictures it, and differentials of single pictured entries are not related to d${matrix} by this check`,
    };
  }
  const loss =
    chain.operands[0].type === 'grad' || chain.operands[0].type === 'differential'
      ? abstractLossOf(
          read.env,
          chain.operands[0],
          // a later step of the chain (tr(Gᵀ dY) = tr(Gᵀ A dX B)) keeps the loss of its head
          step.index === 1
            ? step.rhs
            : { type: 'tuple', items: [step.lhs, step.rhs], span: step.lhs.span },
          (g) => context.gradParts(g),
          at,
        )
      : undefined;
  // M in f = ‖M‖²_F, never said what it is, on one side only: an implicit definition, not a claim
  const chainStart = step.index > 1 ? chain.operands[0] : undefined;
  // a loss never written out is a function of its upstream quantity (L of z = Wx + b): the left
  // side has what that quantity depends on
  const lhsWithLoss: Expr = loss
    ? { type: 'tuple', items: [step.lhs, loss.upstream], span: step.lhs.span }
    : step.lhs;
  const oneSided = oneSidedNames(
    read.env,
    lhsWithLoss,
    step.rhs,
    at,
    chainStart,
    (node) => context.familyMembers.has(node) || context.definedMembers.has(node),
  );
  if (oneSided.length > 0) {
    const names = oneSided.map((n) => n.display).join(', ');
    const one = oneSided.length === 1;
    return {
      ...base,
      verdict: 'unsupported',
      severity: 'information',
      code: 'gradlens.unsupported',
      diagnosisDetail: { kind: 'one-sided', names: oneSided.map((n) => n.display) },
      message: `not checked: ${names} ${one ? 'appears' : 'appear'} on one side only and the note never says what ${one ? 'it is' : 'they are'} (declare or define ${one ? 'it' : 'them'} to check this step)`,
    };
  }
  const domains = inferDomains(chain.operands, read.env, at);
  const varying = picturedAsMatrices(
    differentialVariables(
      chain.operands,
      (name) => read.env.definitionAt(name, at + 1) !== undefined,
    ),
    read.env.picturedEntries,
  );
  const isScalar = (node: Expr) => {
    const shape = context.shapes.get(node);
    return shape !== undefined && context.isScalar(shape);
  };
  const undetermined = undeterminedArguments([step.lhs, step.rhs], {
    domains,
    env: read.env,
    at,
    isScalar,
  });
  if (undetermined.length > 0) {
    const { node, arg, needs } = undetermined[0];
    return {
      ...base,
      verdict: 'unsupported',
      severity: 'warning',
      code: 'gradlens.domain',
      message: `not checked, domain: GradLens cannot tell that ${printExpr(arg)} is ${needs}, so ${printExpr(node)} may be undefined on the sampled values (declare what keeps it ${needs}, e.g. X \\in \\mathbb{R}_{++}^{m\\times n} or X \\succ 0)`,
    };
  }
  const what = step.kind === 'gradient' ? 'the autodiff gradient' : 'the expression before it';
  const sizeOrder = sizeOrderOf(read, context, at);
  /** Evaluates both sides on `options.draws` draws, symbols sampled from `domainMap`. */
  const sampleDraws = (domainMap: DomainMap) => {
    const results: DrawResult[] = [];
    const comparisons: DrawComparison[] = [];
    /** For a scalar differential in one dX: the coefficient G of dX on each side, ⟨G, dX⟩. */
    const coefficients: DrawComparison[] = [];
    let symmetricWrt = false;
    let layout: string | undefined;
    /** One attempt at draw k: throws DomainError / SingularMatrixError when a value left its domain. */
    const attemptDraw = (
      k: number,
      attempt: number,
      magnitude?: Magnitude,
      zeroIsEvidence = false,
    ) => {
      const root = new Rng(options.seed).fork(`${chain.span.start}:${step.index}:${k}`);
      // at another magnitude: the sizes of the draw as it always was, values of their own
      const streams = magnitude
        ? { sizes: root, values: root.fork(`magnitude:${attempt}`) }
        : drawStreams(root, attempt);
      const draw = new Draw(context, domainMap, streams.sizes, {
        seed: options.seed,
        maxDim: options.maxDim,
        sizeOrder,
        values: streams.values,
        magnitude,
      });
      const directions = new Map<string, Matrix>();
      for (const v of varying) {
        // dL of a loss never written out is its linearization, not a direction of its own
        if (loss && v.name === loss.loss) continue;
        const shape = context.symbol(v.name)?.shape;
        const rows = shape ? draw.size(shape.rows) : 1;
        const cols = shape ? draw.size(shape.cols) : 1;
        const kind = domainMap.kindOf(v.name);
        directions.set(
          v.name,
          draw.direction(v.name, rows, cols, kind === 'spd' || kind === 'symmetric'),
        );
      }
      const wrtName = step.kind === 'gradient' ? context.gradParts(step.lhs).wrt?.name : undefined;
      const setup = {
        shapes: context,
        size: draw.size,
        env: read.env,
        at,
        sample: draw.sample,
        sampleMember: draw.sampleMember,
        directions,
        matrixAxis: options.matrixAxis,
        onMatrixAxis: options.onMatrixAxis,
        ...(wrtName ? { variables: new Set([wrtName]) } : {}),
        ...(loss ? { abstractLoss: linearLoss(loss, draw) } : {}),
      };
      let claimed: Matrix;
      let truth: Matrix;
      let coefficientOfDraw: DrawComparison | undefined;
      const indexed = sidesOverIndices(chain, step.lhs, step.rhs, new Evaluator(setup), setup);
      if (indexed) {
        ({ truth, claimed } = indexed);
      } else if (step.kind === 'gradient') {
        const grad = step.lhs;
        const { f, wrt } = context.gradParts(grad);
        if (!wrt)
          throw new EvaluationUnsupported(grad, 'the variable of this derivative is not known');
        const kind = domainMap.kindOf(wrt.name);
        // symmetric as this claim has it: a letter the note also calls symmetric elsewhere (K
        // as m×d keys, later an SPD kernel) is not, where the claim's own shapes make it m×d
        symmetricWrt = (kind === 'spd' || kind === 'symmetric') && isSquareHere(context, wrt.name);
        const evaluator = new Evaluator(setup);
        truth = grad.hessian
          ? hessianByDifferences(setup, f, wrt)
          : gradientWithSelfCheck(setup, f, wrt, draw);
        claimed = evaluator.evaluate(step.rhs).value;
        if (claimed.rows !== truth.rows || claimed.cols !== truth.cols) {
          if (claimed.rows === truth.cols && claimed.cols === truth.rows) {
            truth = transpose(truth);
            // the transpose of a Jacobian (numerator layout) is in denominator layout, and
            // the transpose of a gradient (a column) in numerator layout
            layout = context.jacobians.has(grad) ? 'denominator layout' : 'numerator layout';
          }
        } else if (!truth.isScalar() && context.jacobians.has(grad)) {
          layout = 'numerator layout';
          if (
            truth.rows === truth.cols &&
            relativeError(claimed, truth) >= options.tolerance &&
            relativeError(claimed, transpose(truth)) < options.tolerance
          ) {
            truth = transpose(truth);
            layout = 'denominator layout';
          }
        }
      } else {
        const evaluator = new Evaluator(setup);
        truth = evaluator.evaluate(step.lhs).value;
        claimed = evaluator.evaluate(step.rhs).value;
        if (
          step.kind === 'differential' &&
          truth.isScalar() &&
          claimed.isScalar() &&
          directions.size === 1
        ) {
          const coefficient = coefficientsOf(setup, step.lhs, step.rhs, termsOf(step.rhs));
          if (coefficient) coefficientOfDraw = coefficient;
        }
      }
      // both sides overflowed, underflowed or are 0: this draw cannot tell right from wrong
      requireEvidence(claimed, truth, zeroIsEvidence);
      const termEvaluator = new Evaluator(setup);
      const terms = (indexed ? [] : termsOf(step.rhs)).map((t) => ({
        text: printExpr(t.expr),
        value: scale(termEvaluator.evaluate(t.expr).value, t.sign),
      }));
      const result: DrawResult = {
        relError: relativeError(claimed, truth),
        sizes: draw.describeSizes(),
        ...(attempt > 0 && !magnitude ? { redraws: attempt } : {}),
        ...(magnitude ? { magnitude } : {}),
        ...(zeroIsEvidence ? { zeros: true as const } : {}),
      };
      return { result, comparison: { claimed, truth, terms }, coefficient: coefficientOfDraw };
    };
    for (let k = 0; k < options.draws; k++) {
      let drawn: ReturnType<typeof attemptDraw> | undefined;
      let first: unknown;
      let degenerate: DegenerateValues | undefined;
      /** Every attempt gave both sides exactly 0: at all magnitudes, so no underflow made them so. */
      let onlyZeros = true;
      const noted = (error: DegenerateValues) => {
        degenerate ??= error;
        onlyZeros &&= error.cause === 'zero';
      };
      // A value that left its domain (a singular XᵀX, det ≤ 0 under log det) is no evidence:
      // draw again, other values first, then other sizes; still out, the first error stands.
      // Degenerate values (both sides 0, underflowed, overflowed) go straight to other magnitudes.
      for (let attempt = 0; !drawn && attempt <= VALUE_REDRAWS + SIZE_REDRAWS; attempt++) {
        try {
          drawn = attemptDraw(k, attempt);
        } catch (error) {
          if (error instanceof DegenerateValues) {
            noted(error);
            break;
          }
          if (!(error instanceof DomainError || error instanceof SingularMatrixError)) throw error;
          first ??= error;
          onlyZeros = false;
        }
      }
      // x^{1000000} is finite only for x near ±1; exp(−1000x²) nonzero only for x near 0
      for (let m = 0; !drawn && m < MAGNITUDES.length; m++) {
        try {
          drawn = attemptDraw(k, m, MAGNITUDES[m]);
        } catch (error) {
          if (error instanceof DegenerateValues) noted(error);
          else if (!isLeftDomain(error)) throw error;
          else onlyZeros = false;
        }
      }
      // 0 = 0 at every magnitude tried (near ±1, 10⁻³⁰⁰ to 10³) is an identity of zeros (d(X − X)
      // = 𝟎), not values that underflowed: that draw is evidence, as it was drawn first
      if (!drawn && degenerate && onlyZeros) drawn = attemptDraw(k, 0, undefined, true);
      if (!drawn) throw degenerate ?? first;
      results.push(drawn.result);
      comparisons.push(drawn.comparison);
      if (drawn.coefficient) coefficients.push(drawn.coefficient);
    }
    return { results, comparisons, coefficients, symmetricWrt, layout };
  };
  let sampled: ReturnType<typeof sampleDraws>;
  try {
    sampled = sampleDraws(domains);
  } catch (error) {
    return failure(base, error);
  }
  const { results, comparisons, coefficients, symmetricWrt, layout } = sampled;
  const worst = Math.max(...results.map((r) => r.relError));
  // What the panel shows: the numbers of every draw, and both sides of the first one.
  const first = comparisons[0];
  const evidence = {
    draws: results,
    seed: options.seed,
    ...(first && first.claimed.size <= 400
      ? { sample: { claimed: toRows(first.claimed), truth: toRows(first.truth) } }
      : {}),
  };
  const withEvidence = (finding: Finding): Finding => ({ ...finding, evidence });
  const sizes = results[0]?.sizes ?? '';
  const perDraw = results.map((r) => formatError(r.relError)).join(', ');
  const redrawn = results.filter((r) => r.redraws).length;
  const rescaled = results.filter((r) => r.magnitude).length;
  const zeros = results.filter((r) => r.zeros).length;
  const redrawNote =
    (redrawn > 0 ? `; ${redrawn} redrawn where a value left its domain` : '') +
    (rescaled > 0
      ? `; ${rescaled} drawn at other magnitudes where the values overflowed, underflowed or were all 0`
      : '') +
    (zeros > 0
      ? `; ${zeros === results.length ? 'every draw' : zeros} with both sides exactly 0 at every magnitude tried (${describeMagnitudes()})`
      : '');
  const said =
    drawnAsSaid(read, context, [step.lhs, step.rhs], at) +
    (loss ? `; ${describeLinearLoss(loss)}` : '');
  const numbers = `relative error ${formatError(worst)} over ${results.length} draws (${perDraw}; sizes ${sizes || 'scalar'}; seed ${options.seed}${redrawNote})${said}${indexPhrase(chain, step)}`;
  const hessian = step.kind === 'gradient' && step.lhs.hessian === true;
  const tolerance = hessian ? Math.max(options.tolerance, HESSIAN_TOLERANCE) : options.tolerance;
  if (worst < tolerance) {
    const agrees = hessian
      ? 'matches the Hessian (central differences of the autodiff gradient)'
      : step.kind === 'gradient'
        ? 'matches autodiff'
        : step.kind === 'differential'
          ? 'holds for a random direction'
          : 'holds';
    const extra = layout && !hessian ? ` (Jacobian in ${layout})` : '';
    return withEvidence({
      ...base,
      verdict: 'ok',
      severity: 'information',
      relError: worst,
      message: `${agrees}${extra}: ${numbers}`,
      code: undefined,
      ...(layout && !hessian ? diagnosisFields({ kind: 'layout', layout: layoutOf(layout) }) : {}),
    });
  }
  let diagnosis: Diagnosis | undefined;
  const wrtName =
    step.kind === 'gradient'
      ? context.gradParts(step.lhs).wrt?.display
      : varying.length === 1
        ? varying[0].display
        : undefined;
  if (symmetricWrt) {
    diagnosis = symmetricConvention(comparisons, wrtName);
    if (diagnosis) {
      return withEvidence({
        ...base,
        verdict: 'ok',
        severity: 'information',
        relError: worst,
        ...diagnosisFields(diagnosis.detail),
        message: `matches autodiff under a symmetric convention: ${diagnosis.message}; ${numbers}`,
        code: undefined,
      });
    }
  }
  // A differential's claim is diagnosed on the coefficient of dX (⟨G, dX⟩ is one number per
  // draw, too little to tell a transpose), then on its values.
  if (coefficients.length === comparisons.length && coefficients.length > 0) {
    diagnosis = diagnose(coefficients, `the coefficient of d${wrtName ?? 'X'} in ${what}`);
  }
  diagnosis ??= diagnose(comparisons, what);
  // A claim about a symmetric variable may follow one of the symmetric conventions and still
  // be wrong by a sign, a transpose or a factor: say so against the convention it follows.
  let againstConvention = false;
  if (!diagnosis && symmetricWrt) {
    for (const [convention, label] of [
      ['independent', 'the gradient over independent entries G + Gᵀ − diag(G)'],
      ['sym', 'sym(G) = (G + Gᵀ)/2'],
    ] as const) {
      const against = comparisons.map((c) => ({
        ...c,
        truth: symmetricConventions(c.truth)[convention],
      }));
      diagnosis = diagnose(against, `${label}, G the autodiff gradient`);
      if (diagnosis)
        diagnosis = { ...diagnosis, detail: againstDetail(diagnosis.detail, convention) };
      againstConvention = diagnosis !== undefined;
      if (diagnosis) break;
    }
  }
  // xᵀAx with ∇ = 2Ax: right only for a symmetric A; softmax cross-entropy's p − y only for
  // y on the simplex: an assumption the note made and never said.
  const assumed = diagnosis
    ? undefined
    : assumptionProbe(
        domains,
        (d) => sampleDraws(d).results.every((r) => r.relError < options.tolerance),
        assumptionCandidates(read, checked),
      );
  if (assumed) {
    const about = { symbol: assumed.name, display: assumed.display, property: assumed.property };
    const denial = assumed.denial?.source;
    diagnosis = assumed.denial
      ? diagnosisOf(
          {
            kind: 'contradicts',
            ...about,
            ...(denial
              ? { denial: { line: denial.line, via: denial.via, quote: denial.quote } }
              : {}),
          },
          contradictedMessage(read, assumed, assumed.denial),
        )
      : diagnosisOf({ kind: 'assumes', ...about }, assumedMessage(assumed));
  }
  const wrt = step.kind === 'gradient' ? context.gradParts(step.lhs).wrt?.name : undefined;
  if (
    diagnosis?.code === 'transpose' &&
    step.kind === 'gradient' &&
    wrtName &&
    !symmetricWrt &&
    // never "if X is symmetric, declare it" to a note that says it is not
    !(wrt && read.env.declarationAt(wrt, at)?.denied?.includes('symmetric'))
  ) {
    diagnosis = {
      ...diagnosis,
      message: `${diagnosis.message} (if ${wrtName} is symmetric, declare it, e.g. ${wrtName} ∈ 𝕊ⁿ or ${wrtName} ≻ 0: then both agree)`,
    };
  }
  const head =
    step.kind === 'gradient'
      ? 'does not match autodiff'
      : step.kind === 'differential'
        ? 'this differential step does not hold'
        : 'this step does not hold';
  const symmetricNote =
    symmetricWrt && !againstConvention
      ? ` (${wrtName ?? 'the variable'} is symmetric, and the claim matches neither the gradient G, G + Gᵀ − diag(G), nor sym(G))`
      : '';
  return withEvidence({
    ...base,
    verdict: 'mismatch',
    severity: 'error',
    relError: worst,
    code: 'gradlens.mismatch',
    ...diagnosisFields(diagnosis && withTermSource(read, statement, step.rhs, diagnosis)),
    message: `${head}${diagnosis ? `: ${diagnosis.message}` : ''}${symmetricNote}; ${numbers}`,
  });
}

/**
 * What an assumption probe may try, by the shape of a symbol (properties of the table in
 * facts/kinds.ts), in this order: symmetric first, so that the probe of a square matrix is
 * what it always was, and a weaker assumption before one that implies it (symmetric before
 * diagonal, positive before a probability vector), so the diagnosis asks for no more than
 * the claim needs.
 */
const PROBES: readonly { property: Property; fits: 'square' | 'vector' }[] = [
  { property: 'symmetric', fits: 'square' },
  { property: 'positive', fits: 'vector' },
  { property: 'probability', fits: 'vector' },
  { property: 'orthogonal', fits: 'square' },
  { property: 'diagonal', fits: 'square' },
];

/**
 * The draws a symbol may have today and still be re-drawn with the property: a general one,
 * or (for entries) one whose entries the property keeps (a positive y may still be a
 * probability vector). Square structures replace only a general matrix: one drawn well
 * conditioned or positive definite for a use (an inverse, log det) keeps that draw.
 */
const REFINES: Partial<Record<Property, readonly SampleKind[]>> = {
  probability: ['normal', 'positive', 'nonnegative'],
  positive: ['normal', 'nonnegative'],
};

/** At most this many re-sampled trials per claim: each costs a full set of draws. */
export const MAX_ASSUMPTION_TRIALS = 6;
/** Of which at most this many "symmetric" (as before the probe knew other properties). */
const MAX_SYMMETRIC_TRIES = 3;

export interface AssumptionCandidate {
  name: string;
  display: string;
  shape: 'square' | 'vector';
  /** What the note denies of it where the claim stands, each with its denial. */
  denied?: ReadonlyMap<Property, Fact>;
}

interface Assumed {
  name: string;
  display: string;
  property: Property;
  /** The note denies it here: the claim holds only under what the note says is not so. */
  denial?: Fact;
}

/** The trials of a probe, in order, at most MAX_ASSUMPTION_TRIALS. */
export function assumptionTrials(
  candidates: readonly AssumptionCandidate[],
  kindOf: (name: string) => SampleKind,
): Assumed[] {
  const trials: Assumed[] = [];
  for (const { property, fits } of PROBES) {
    const allowed = REFINES[property] ?? ['normal'];
    let tries = 0;
    for (const c of candidates) {
      if (c.shape !== fits || !allowed.includes(kindOf(c.name))) continue;
      if (property === 'symmetric' && tries++ >= MAX_SYMMETRIC_TRIES) break;
      const denial = c.denied?.get(property);
      trials.push({ name: c.name, display: c.display, property, ...(denial ? { denial } : {}) });
    }
  }
  // An assumption the note could make first; one it denies only to say why the claim fails.
  return [...trials.filter((t) => !t.denial), ...trials.filter((t) => t.denial)].slice(
    0,
    MAX_ASSUMPTION_TRIALS,
  );
}

/**
 * The symbol and property that make every draw agree when the symbol is sampled with it;
 * undefined when none does. Only symbols the claim mentions are tried (the variable of the
 * derivative never), each with the properties its shape can have.
 */
function assumptionProbe(
  domains: DomainMap,
  holds: (domains: DomainMap) => boolean,
  candidates: AssumptionCandidate[],
): Assumed | undefined {
  for (const trial of assumptionTrials(candidates, (n) => domains.kindOf(n))) {
    try {
      if (holds(domains.with(trial.name, PROPERTIES[trial.property].sample))) return trial;
    } catch {
      // a draw that cannot be evaluated this way is no evidence either way
    }
  }
  return undefined;
}

/** "is symmetric", "is a probability vector", "has positive entries": words the prose reader reads. */
function propertyPhrase(property: Property): string {
  const { group, label } = PROPERTIES[property];
  const plain = label.replace(/\s*\(.*\)$/, '');
  return group === 'entries' && !/^(a|an|the|one-hot)\b/.test(plain)
    ? `has ${plain}`
    : `is ${plain}`;
}

/** What the diagnosis says: which assumption makes the claim hold, and how to state it. */
function assumedMessage({ display, property }: Assumed): string {
  const phrase = propertyPhrase(property);
  const word = PROPERTIES[property].directiveWords[0];
  const math =
    property === 'symmetric'
      ? `, $${display} = ${display}^T$ or $${display} \\in \\mathbb{S}^n$`
      : property === 'probability'
        ? `, $\\mathbf{1}^T ${display} = 1$ with $${display} \\ge 0$`
        : property === 'orthogonal'
          ? `, $${display}^T ${display} = I$`
          : '';
  return `the claim holds only if ${display} ${phrase}, which the note does not say (write "$${display}$ ${phrase}"${math}, or the directive "gradlens: ${display} ${word}")`;
}

/**
 * What the diagnosis says when the claim needs what the note denies: the claim is wrong for the
 * note's own symbol, and adding the assumption would contradict the note.
 */
function contradictedMessage(
  read: ReadDocument,
  { display, property }: Assumed,
  denial: Fact,
): string {
  const where = describeLine(denial.source.line, read.sections);
  const quote = denial.source.quote ? `: "${denial.source.quote}"` : '';
  return `the claim holds only if ${display} ${propertyPhrase(property)}, which the note denies (${where}, ${denial.source.via}${quote}): for ${display} as the note has it, the claim does not hold`;
}

/**
 * Symbols the claim (or a definition it uses) mentions that an assumption could be about:
 * square matrices and column vectors, the variable of the derivative excepted.
 */
function assumptionCandidates(read: ReadDocument, checked: CheckedStep): AssumptionCandidate[] {
  const { step, context } = checked;
  const at = checked.statement.chain!.span.start;
  const grad = step.kind === 'gradient' ? context.gradParts(step.lhs) : undefined;
  const found = new Map<string, AssumptionCandidate>();
  const seen = new Set<string>();
  const walk = (expr: Expr) =>
    visit(expr, (node) => {
      if (node.type !== 'symbol' || seen.has(node.name)) return;
      seen.add(node.name);
      const definition = read.env.definitionAt(node.name, at + 1);
      if (definition) return walk(definition.expr);
      const shape = context.symbol(node.name)?.shape;
      if (!shape || context.isScalar(shape) || node.name === grad?.wrt?.name) return;
      const { store } = context;
      const kind = store.same(shape.rows, shape.cols)
        ? 'square'
        : store.isOne(shape.cols) && !store.isOne(shape.rows)
          ? 'vector'
          : undefined;
      const denied = read.env.facts.resolve(node.name, at).denied;
      if (kind)
        found.set(node.name, {
          name: node.name,
          display: node.display,
          shape: kind,
          ...(denied.size > 0 ? { denied } : {}),
        });
    });
  for (const expr of [step.lhs, step.rhs, ...(grad ? [grad.f] : [])]) walk(expr);
  return [...found.values()];
}

/** At another magnitude, what stops a draw is no evidence either: the next magnitude is tried. */
function isLeftDomain(error: unknown): boolean {
  return (
    error instanceof DomainError ||
    error instanceof SingularMatrixError ||
    error instanceof SelfCheckFailed
  );
}

/** What a degenerate claim's finding says of its numbers. */
const DEGENERATE_WORDS = {
  overflow: 'a side overflowed (or was not a number)',
  underflow: 'both sides underflowed below the range of float64',
  zero: 'both sides were exactly 0',
  precision: 'the gradient was below what differences of the objective can resolve',
} as const satisfies Record<DegenerateCause, string>;

/** A check that could not run, said plainly: never a false "mismatch". */
function failure(base: Finding, error: unknown): Finding {
  if (error instanceof DegenerateValues) {
    return {
      ...base,
      verdict: 'unsupported',
      severity: 'information',
      code: 'gradlens.unsupported',
      ...diagnosisFields({ kind: 'values-degenerate', cause: error.cause }),
      message: `not checked: values degenerate: ${DEGENERATE_WORDS[error.cause]} on every draw tried, at magnitudes ${describeMagnitudes()}, so the numbers cannot tell whether the claim holds`,
    };
  }
  if (error instanceof DomainError) {
    return {
      ...base,
      verdict: 'unsupported',
      severity: 'warning',
      code: 'gradlens.domain',
      message: `not checked, domain: ${error.message}`,
    };
  }
  if (
    error instanceof EvaluationUnsupported ||
    error instanceof SizeTooLarge ||
    error instanceof AllocationRefusedError
  ) {
    return {
      ...base,
      verdict: 'unsupported',
      severity: 'information',
      code: 'gradlens.unsupported',
      message: `not checked numerically: ${error.message}`,
    };
  }
  // A singular matrix met outside an evaluation (the gradient of det at a singular point):
  // the sampled values left the domain, which is not a mismatch.
  if (error instanceof SingularMatrixError) {
    return {
      ...base,
      verdict: 'unsupported',
      severity: 'warning',
      code: 'gradlens.domain',
      message: `not checked, domain: a matrix is singular on the sampled values (${error.message}); declare sizes or structure that keep it invertible`,
    };
  }
  if (error instanceof ShapeMismatchError) {
    return {
      ...base,
      verdict: 'unsupported',
      severity: 'information',
      code: 'gradlens.unsupported',
      message: `not checked numerically: the sampled values do not fit together (${error.message})`,
    };
  }
  if (error instanceof SelfCheckFailed) {
    return {
      ...base,
      verdict: 'unsupported',
      severity: 'information',
      code: 'gradlens.unsupported',
      ...diagnosisFields({ kind: 'autodiff-disagrees' }),
      message: error.message,
    };
  }
  throw error;
}

class SelfCheckFailed extends Error {}

/** Hessians come from central differences of the autodiff gradient: exact to rounding for quadratics, O(h²) otherwise. */
export const HESSIAN_TOLERANCE = 1e-7;

/**
 * ∇²f at the sampled point: column j is the central difference of the autodiff gradient
 * along the j-th coordinate of a vector variable (reverse over reverse is not taped).
 */
function hessianByDifferences(
  setup: ConstructorParameters<typeof Evaluator>[0],
  gradient: Expr,
  wrt: SymbolNode,
): Matrix {
  const x0 = new Evaluator(setup).evaluate(wrt).value;
  if (x0.cols !== 1)
    throw new EvaluationUnsupported(
      wrt,
      'a Hessian with respect to a matrix is a tensor of order 4',
    );
  const n = x0.rows;
  const h = 1e-5 * Math.max(1, Math.sqrt(frobenius(x0, x0)));
  const at = (j: number, sign: number) => {
    const shifted = new Matrix(x0.rows, x0.cols, Float64Array.from(x0.data));
    shifted.data[j] += sign * h;
    return new Evaluator(
      setup,
      new Tape(),
      new Map([[wrt.name, { value: shifted, id: -1 }]]),
    ).evaluate(gradient).value;
  };
  const columns: Matrix[] = [];
  for (let j = 0; j < n; j++) columns.push(scale(sub(at(j, 1), at(j, -1)), 1 / (2 * h)));
  if (columns.some((c) => c.cols !== 1 || c.rows !== n))
    throw new EvaluationUnsupported(
      gradient,
      "the gradient inside ∇² is not a vector of the variable's size",
    );
  const hessian = allocateFloat64(n * n);
  columns.forEach((c, j) => {
    for (let i = 0; i < n; i++) hessian[i * n + j] = c.get(i, 0);
  });
  return new Matrix(n, n, hessian);
}

/**
 * Both sides of a scalar differential step as ⟨G, dX⟩: G by autodiff with the direction dX
 * tracked (a differential is linear in it). Undefined when that cannot be computed.
 */
function coefficientsOf(
  setup: ConstructorParameters<typeof Evaluator>[0],
  lhs: Expr,
  rhs: Expr,
  terms: { expr: Expr; sign: number }[],
): DrawComparison | undefined {
  try {
    const tape = new Tape();
    const tracked = new Map(
      [...setup.directions].map(([name, direction]) => [name, tape.variable(direction)]),
    );
    const [direction] = tracked.values();
    const evaluator = new Evaluator(setup, tape);
    evaluator.trackDirections(tracked);
    const coefficient = (e: Expr) => {
      const y = evaluator.evaluate(e);
      if (!y.value.isScalar()) throw new EvaluationUnsupported(e, 'not a scalar');
      return jacobianOf(tape, y, direction);
    };
    return {
      truth: coefficient(lhs),
      claimed: coefficient(rhs),
      terms: terms.map((t) => ({
        text: printExpr(t.expr),
        value: scale(coefficient(t.expr), t.sign),
      })),
    };
  } catch (error) {
    if (error instanceof Error) return undefined;
    throw error;
  }
}

/**
 * The autodiff gradient of f with respect to wrt, confirmed by central differences along a
 * random direction: if they disagree, that is a GradLens bug and the finding says so.
 */
function gradientWithSelfCheck(
  setup: ConstructorParameters<typeof Evaluator>[0],
  f: Expr,
  wrt: SymbolNode,
  draw: Draw,
): Matrix {
  const point = new Evaluator(setup);
  const x0 = point.evaluate(wrt).value;
  const tape = new Tape();
  const evaluator = new Evaluator(setup, tape, new Map([[wrt.name, tape.variable(x0)]]));
  const y = evaluator.evaluate(f);
  const gradient = jacobianOf(tape, y, evaluator.evaluate(wrt));
  // an objective or gradient that overflowed is no evidence, and no bug of GradLens either
  if (!allFinite(y.value) || !allFinite(gradient)) throw new DegenerateValues('overflow');
  const v = draw.direction(`fd:${wrt.name}`, x0.rows, x0.cols, false);
  const h0 = 1e-5 * Math.max(1, Math.sqrt(frobenius(x0, x0)));
  const at = (sign: number, h: number) => {
    const shifted = add(x0, scale(v, sign * h));
    const e = new Evaluator(setup, new Tape(), new Map([[wrt.name, { value: shifted, id: -1 }]]));
    return e.evaluate(f).value;
  };
  // the directional derivative from autodiff: J · vec(v), or ⟨g, v⟩ for a scalar objective
  let predicted: number[];
  if (y.value.isScalar()) predicted = [frobenius(gradient, v)];
  else {
    predicted = [];
    for (let k = 0; k < gradient.rows; k++) {
      let s = 0;
      for (let j = 0; j < gradient.cols; j++) s += gradient.get(k, j) * v.data[j];
      predicted.push(s);
    }
  }
  /**
   * Central differences with step h against the autodiff prediction: how far apart (`diff`,
   * `relative`), whether within 10⁻⁵, and the rounding of f(x ± h) at this step, below which
   * differences of f resolve nothing (a gradient of 10⁻¹⁰ on an objective near 1).
   */
  const disagreement = (h: number) => {
    const plus = at(1, h);
    const minus = at(-1, h);
    if (!allFinite(plus) || !allFinite(minus)) throw new DegenerateValues('overflow');
    const fd = Array.from(scale(sub(plus, minus), 1 / (2 * h)).data);
    const diff = Math.sqrt(fd.reduce((s, x, i) => s + (x - predicted[i]) ** 2, 0));
    const scaleOf = Math.max(
      Math.sqrt(fd.reduce((s, x) => s + x * x, 0)),
      Math.sqrt(predicted.reduce((s, x) => s + x * x, 0)),
      1e-8,
    );
    const rounding = (FD_ROUNDING * Math.max(normFro(plus), normFro(minus))) / h;
    return { diff, rounding, relative: diff / scaleOf, agrees: diff / scaleOf <= 1e-5 };
  };
  // A steep objective (x^{1000000} near 1) needs a shorter step than 10⁻⁵ before its central
  // difference is accurate: try shorter ones before calling the autodiff wrong.
  const steps: (SelfCheckStep & { relative: number })[] = [];
  for (const h of FD_STEPS.map((f) => f * h0)) {
    const step = disagreement(h);
    if (step.agrees) return gradient;
    steps.push(step);
  }
  if (selfCheckVerdict(steps) === 'unresolved') throw new DegenerateValues('precision');
  const worst = steps.some((s) => Number.isNaN(s.relative))
    ? NaN
    : Math.max(...steps.map((s) => s.relative));
  throw new SelfCheckFailed(
    `not checked: autodiff and central differences disagree on ∂/∂${wrt.display} (relative difference ${formatError(worst)}). This is a GradLens bug (or the objective is not smooth at the sampled point); please report it`,
  );
}

/** One step of the self-check: |central difference − autodiff|, and the rounding at that step. */
export interface SelfCheckStep {
  diff: number;
  rounding: number;
  agrees: boolean;
}

/**
 * The self-check over its steps, longest first. No step agrees: rounding hides the gradient from
 * the start, or the difference shrank with the step (truncation, not a wrong gradient) until
 * rounding hid it: differences of f cannot judge the autodiff here ('unresolved', a degenerate
 * draw). A wrong gradient's difference does not shrink with the step: 'disagrees'.
 */
export function selfCheckVerdict(
  steps: readonly SelfCheckStep[],
): 'agrees' | 'unresolved' | 'disagrees' {
  if (steps.some((s) => s.agrees)) return 'agrees';
  const [first, last] = [steps[0], steps[steps.length - 1]];
  if (first.diff <= first.rounding || (last.diff <= last.rounding && last.diff < first.diff / 10))
    return 'unresolved';
  return 'disagrees';
}

/** Steps of the finite-difference self-check, as fractions of the first (10⁻⁵·max(1, ‖x‖)). */
const FD_STEPS = [1, 1e-2, 1e-4];
/** The rounding of f(x ± h), in units of ‖f‖/h, a central difference cannot resolve: a few ulps. */
const FD_ROUNDING = 16 * Number.EPSILON;

/**
 * The size order every draw keeps: m > n said in the note gives m the larger size; "X has full
 * column rank" (at the claim) gives X's rows the larger size (X tall, so XᵀX is invertible),
 * full row rank its columns.
 */
export function sizeOrderOf(read: ReadDocument, context: ShapeContext, at: number): SizeOrder[] {
  const order: SizeOrder[] = [];
  for (const info of context.allSymbols()) {
    const { rows, cols } = info.shape;
    const store = context.store;
    const free = (d: Dim) => store.valueOf(d) === undefined && store.infoOf(d).kind !== 'product';
    // a fixed size or a product (n·k) is not a pool size a label can order
    if (store.same(rows, cols) || !free(rows) || !free(cols)) continue;
    for (const fact of read.env.facts.resolve(info.name, at).facts) {
      if (fact.says.kind !== 'rank') continue;
      const [larger, smaller] = fact.says.full === 'column' ? [rows, cols] : [cols, rows];
      order.push({ larger: store.label(larger), smaller: store.label(smaller) });
    }
  }
  for (const fact of read.env.facts.dimensions()) {
    if (fact.says.kind !== 'size' || typeof fact.says.than !== 'string') continue;
    const name = 'dimension' in fact.subject ? fact.subject.dimension : '';
    const { relation, than } = fact.says;
    if (relation === '>' || relation === '≥') order.push({ larger: name, smaller: than });
    if (relation === '<' || relation === '≤') order.push({ larger: than, smaller: name });
  }
  return order;
}

/** "; drawn as the note says: W symmetric (line 1, prose)": the facts the draws rest on. */
function drawnAsSaid(read: ReadDocument, context: ShapeContext, roots: Expr[], at: number): string {
  const names = new Set<string>();
  for (const root of roots) namesOfExpr(root, names);
  const cited: string[] = [];
  for (const name of names) {
    const facts = read.env.facts.resolve(name, at).facts;
    for (const fact of facts) {
      if (fact.says.kind !== 'property') continue;
      // a square structure (SPD…) of a letter this claim has m×d was not how it was drawn
      if (SQUARE_KINDS.has(PROPERTIES[fact.says.property].sample) && !isSquareHere(context, name))
        continue;
      const display = 'display' in fact.subject ? fact.subject.display : name;
      const where = describeLine(fact.source.line, read.sections);
      const how = fact.condition ? 'the condition the claim is stated under' : fact.source.via;
      cited.push(`${display} ${whatFactSays(fact)} (${where}, ${how})`);
    }
  }
  return cited.length > 0 ? `; drawn as the note says: ${cited.join(', ')}` : '';
}

// Claims → findings at the level of shapes: each step's two sides are inferred separately
// (never unified into agreement) and compared; a problem inside an expression is reported at
// the smallest node that has it. Numeric checking builds on top of this.
import { abstractLossOf } from '../claims/abstractLoss';
import { readsAsEntries } from '../indices/free';
import { describeFact } from '../facts/describe';
import type { Definition } from '../claims/environment';
import type { GradientStep, Step } from '../claims/steps';
import { definitionHead } from '../claims/steps';
import type { Range } from '../document';
import { children, visit, type Expr, type SymbolNode } from '../latex/ast';
import { printExpr } from '../latex/print';
import type { ReadDocument, ReadStatement } from '../read';
import type { Finding, FindingKind, RelatedInformation, Severity, Verdict } from '../report';
import { codeOf, diagnosisCode } from '../report';
import type { Shape } from '../shape/dims';
import { ShapeContext, type ShapeProblem, type SymbolReading } from '../shape/infer';
import { internalErrorFinding, type ClaimHook } from './internalError';

export interface CheckedStep {
  statement: ReadStatement;
  step: Step;
  context: ShapeContext;
  /** Filled when the step's shapes agree; numeric checking picks these up. */
  shapesAgree: boolean;
  finding: Finding;
  /**
   * Set when the step is well-formed only with two declared size letters read as one size:
   * the shape error reported unless the claim then holds numerically.
   */
  unlessHolds?: Finding;
}

export interface ShapeCheckResult {
  contexts: ShapeContext[];
  /** One context per statement index (the region's). */
  contextOf: Map<ReadStatement, ShapeContext>;
  steps: CheckedStep[];
  findings: Finding[];
}

const RELATION_TEXT: Record<string, string> = {
  '\\approx': '≈',
  '\\propto': '∝',
  '\\equiv': '≡',
  '\\neq': '≠',
  '<': '<',
  '>': '>',
  '\\le': '≤',
  '\\ge': '≥',
  '\\prec': '≺',
  '\\preceq': '⪯',
  '\\to': '→',
  '\\sim': '∼',
  '\\Rightarrow': '⇒',
  '\\in': '∈',
  '\\succ': '≻',
  '\\succeq': '⪰',
};

export function checkShapes(
  read: ReadDocument,
  isCancelled: () => boolean = () => false,
  onClaim?: ClaimHook,
): ShapeCheckResult {
  const { lines, env } = read;
  const host = {
    env,
    lineOf: (offset: number) => lines.positionAt(offset).line,
    conventions: read.conventions,
    sections: read.sections,
  };
  const byRegion = new Map<number, ReadStatement[]>();
  for (const s of read.statements) {
    const list = byRegion.get(s.region) ?? [];
    list.push(s);
    byRegion.set(s.region, list);
  }
  const result: ShapeCheckResult = { contexts: [], contextOf: new Map(), steps: [], findings: [] };
  const pending: {
    statement: ReadStatement;
    step: Step;
    context: ShapeContext;
    problems: ShapeProblem[];
  }[] = [];
  const pendingExpressions: {
    statement: ReadStatement;
    context: ShapeContext;
    problems: ShapeProblem[];
  }[] = [];

  /** Statements whose shapes could not be worked out because GradLens threw: each step says so. */
  const failed = new Map<ReadStatement, unknown>();

  for (const [region, statements] of [...byRegion.entries()].sort((a, b) => a[0] - b[0])) {
    if (isCancelled()) throw new CancelledError();
    const context = newContext(read, host, region);
    result.contexts.push(context);
    for (const statement of statements) {
      result.contextOf.set(statement, context);
      if (!statement.chain) continue;
      try {
        onClaim?.('shapes', statement.chain.span.start);
        const operandProblems = inferStatement(read, host, context, statement);
        if (statement.steps.length === 0)
          pendingExpressions.push({ statement, context, problems: operandProblems[0] });
        statement.steps.forEach((step, k) => {
          const problems =
            k === 0 ? [...operandProblems[0], ...operandProblems[1]] : operandProblems[k + 1];
          pending.push({ statement, step, context, problems });
        });
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        failed.set(statement, error);
        for (const step of statement.steps)
          pending.push({ statement, step, context, problems: [] });
        if (statement.steps.length === 0) result.findings.push(failedExpression(statement, error));
      }
    }
    try {
      context.finish(takenNames(read, context));
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      for (const statement of statements) if (!failed.has(statement)) failed.set(statement, error);
    }
  }

  for (const { statement, problems } of pendingExpressions) {
    if (problems.length === 0 || failed.has(statement)) continue;
    const finding = problemFinding(read, 'expression', problems[0], statement.chain!.operands[0]);
    result.findings.push(finding);
  }
  for (const { statement, step, context, problems } of pending) {
    const checked = judgeOrFail(statement, step, context, problems);
    result.steps.push(checked);
    result.findings.push(checked.finding);
  }
  return result;

  /** A statement with no relation (an expression) whose shapes threw. */
  function failedExpression(statement: ReadStatement, error: unknown): Finding {
    const { start, end } = statement.chain!.span;
    const base = makeFinding(read, {
      kind: 'expression',
      verdict: 'unsupported',
      start,
      end,
      message: '',
      latex: latexOf(read, statement, start, end),
    });
    return internalErrorFinding(base, error);
  }

  /** A step judged, or (when its shapes or its judgement threw) an internal-error finding of its own. */
  function judgeOrFail(
    statement: ReadStatement,
    step: Step,
    context: ShapeContext,
    problems: ShapeProblem[],
  ): CheckedStep {
    let error = failed.get(statement);
    if (!failed.has(statement)) {
      try {
        const checked = judgeStep(read, statement, step, context, problems);
        // ill-formed as the conventions read it: well-formed under another plausible reading?
        if (checked.finding.verdict !== 'shape-error' || !CLAIM_KINDS.has(step.kind))
          return checked;
        return (
          wellFormedReading(read, host, statement, step, context) ??
          equatedSizesReading(read, host, statement, step, checked.finding) ??
          checked
        );
      } catch (thrown) {
        if (thrown instanceof CancelledError) throw thrown;
        error = thrown;
      }
    }
    const start = step.relation.span.start;
    const end = rhsEnd(statement, step);
    const base = makeFinding(read, {
      kind: kindOf(step),
      verdict: 'unsupported',
      start,
      end,
      message: '',
      latex: latexOf(read, statement, step.lhs.span.start, end),
    });
    return {
      statement,
      step,
      context,
      shapesAgree: false,
      finding: internalErrorFinding(base, error),
    };
  }
}

type InferenceHost = ConstructorParameters<typeof ShapeContext>[0];

/** A region's shape context, with the sizes the note equates (m = n) aliased. */
function newContext(read: ReadDocument, host: InferenceHost, region: number): ShapeContext {
  const context = new ShapeContext(host, read.scan.regions[region].start);
  for (const fact of read.env.facts.dimensions())
    if (fact.says.kind === 'size' && fact.says.relation === '=' && 'dimension' in fact.subject)
      context.store.alias(fact.subject.dimension, fact.says.than);
  return context;
}

/** Infers every operand of a statement's chain in `context`; the problems of each operand. */
function inferStatement(
  read: ReadDocument,
  host: InferenceHost,
  context: ShapeContext,
  statement: ReadStatement,
): ShapeProblem[][] {
  const env = read.env;
  const chain = statement.chain!;
  context.at = chain.span.start;
  const operandProblems: ShapeProblem[][] = chain.operands.map(() => []);
  const firstStep = statement.steps[0];
  for (const operand of chain.operands) context.collectCounts(operand);
  for (const operand of chain.operands) context.noteObjectives(operand);
  chain.operands.forEach((operand, i) => {
    const before = context.problems.length;
    const leftOf = statement.steps[i];
    const rightOf = statement.steps[i - 1];
    const isDefinedName = i === 0 && firstStep?.kind === 'definition';
    // the right side of ∈ is a set ({0,1}^N, ℝ^n), of X ≻ 0 a bound, of ε ∼ 𝒩(0, σ²) a distribution: not values
    const isSpace =
      operand.type === 'space' ||
      rightOf?.relation.op === '\\in' ||
      rightOf?.relation.op === '\\sim' ||
      rightOf?.kind === 'declaration';
    if (isDefinedName || isSpace) return;
    // `A, B ∈ ℝ^{n×n}` and prose like "matrices $A, B$": a list of symbols, each its own.
    const isList =
      operand.type === 'tuple' && (leftOf?.kind === 'declaration' || statement.steps.length === 0);
    if (isList) operand.items.forEach((item) => context.infer(item));
    else context.infer(operand);
    if (i === 1 && firstStep?.kind === 'definition') {
      const head = definitionHead(firstStep.lhs);
      if (firstStep.lhs.type === 'symbol' && head) {
        const definition: Definition = {
          ...head,
          expr: operand,
          offset: firstStep.lhs.span.start,
          line: host.lineOf(firstStep.lhs.span.start),
        };
        const declaration = env.declarationAt(head.name, firstStep.lhs.span.start);
        if (declaration)
          context.checkAgainstDeclaration(
            firstStep.lhs,
            operand,
            context.infer(operand),
            declaration,
          );
        context.defineSymbol(firstStep.lhs, context.infer(operand), definition);
      }
    }
    operandProblems[i] = context.problems.slice(before);
  });
  return operandProblems;
}

/** Steps whose shape error is worth another reading: claims, and definitions (log p = …). */
const CLAIM_KINDS = new Set<Step['kind']>(['gradient', 'equality', 'differential', 'definition']);
/** At most this many undeclared symbols are read another way (2^4 − 1 readings tried). */
const MAX_REREAD_SYMBOLS = 4;

/**
 * The claim judged under the first reading of its undeclared symbols (fewest changed first)
 * under which it is well-formed: x a scalar though used as a vector elsewhere, y a vector
 * though spelled like a scalar. A shape error is only an error when no such reading exists.
 */
function wellFormedReading(
  read: ReadDocument,
  host: InferenceHost,
  statement: ReadStatement,
  step: Step,
  context: ShapeContext,
): CheckedStep | undefined {
  // lowercase=vector in the settings is the writer's word, not a convention to second-guess
  if (read.conventions?.lowercase === 'vector') return undefined;
  // a definition is reread only where use made a plain letter a whole matrix (½ n log 2π);
  // y = Ax + A stays a shape error rather than an x read as a number
  const candidates = rereadable(statement, context)
    .filter((c) => step.kind !== 'definition' || c.matrixByUse)
    .slice(0, MAX_REREAD_SYMBOLS);
  const index = statement.steps.indexOf(step);
  const subsets = [...Array(2 ** candidates.length).keys()]
    .slice(1)
    .sort((a, b) => bitCount(a) - bitCount(b) || a - b);
  for (const subset of subsets) {
    const chosen = candidates.filter((_, i) => subset & (1 << i));
    const alternative = newContext(read, host, statement.region);
    for (const c of chosen) alternative.readings.set(c.name, c.as);
    const operandProblems = inferStatement(read, host, alternative, statement);
    const problems =
      index === 0 ? [...operandProblems[0], ...operandProblems[1]] : operandProblems[index + 1];
    if (problems.some((p) => !p.unsupported)) continue;
    alternative.finish(takenNames(read, alternative));
    const judged = judgeStep(read, statement, step, alternative, problems);
    if (judged.finding.verdict === 'shape-error') continue;
    return {
      ...judged,
      finding: {
        ...judged.finding,
        readings: chosen.map(({ display, as }) => ({ name: display, as })),
      },
    };
  }
  return undefined;
}

/** Claims a numeric check can confirm: the only ones read with two size letters made one. */
const NUMERIC_KINDS = new Set<Step['kind']>(['gradient', 'equality', 'differential']);
/** At most this many pairs of size letters are read as one size. */
const MAX_EQUATED_SIZES = 2;

/**
 * The claim judged with declared size letters that clash read as one size (A ∈ ℝ^{n×m},
 * B ∈ ℝ^{k×n}, then tr(AB): k = m). Distinct letters do not say the sizes differ, so a claim
 * that holds whenever it is well-formed points at the declarations, not at itself. Kept only
 * if the numbers then confirm it (analyze.ts); otherwise `shapeError` stands.
 */
function equatedSizesReading(
  read: ReadDocument,
  host: InferenceHost,
  statement: ReadStatement,
  step: Step,
  shapeError: Finding,
): CheckedStep | undefined {
  if (!NUMERIC_KINDS.has(step.kind)) return undefined;
  const index = statement.steps.indexOf(step);
  const equated: [string, string][] = [];
  for (;;) {
    const alternative = newContext(read, host, statement.region);
    for (const [a, b] of equated) alternative.store.equate(a, b);
    const operandProblems = inferStatement(read, host, alternative, statement);
    const problems =
      index === 0 ? [...operandProblems[0], ...operandProblems[1]] : operandProblems[index + 1];
    if (!problems.some((p) => !p.unsupported)) {
      alternative.finish(takenNames(read, alternative));
      const judged = judgeStep(read, statement, step, alternative, problems);
      if (judged.finding.verdict !== 'shape-error') {
        if (equated.length === 0) return undefined;
        const sizes = equated.map(([a, b]) => ({ name: b, as: a }));
        return { ...judged, finding: { ...judged.finding, sizes }, unlessHolds: shapeError };
      }
    }
    const next = alternative.store
      .namedClashes()
      .find(([a, b]) => !ordered(read, a, b) && !shapesOneSymbol(read, a, b));
    if (!next || equated.length === MAX_EQUATED_SIZES) return undefined;
    equated.push(next);
  }
}

/**
 * Some declaration gives one symbol both letters (W ∈ ℝ^{D×K}): the writer says that matrix
 * may be non-square, so D and K are not one size by a slip of naming.
 */
function shapesOneSymbol(read: ReadDocument, a: string, b: string): boolean {
  return sizeLettersOfOneSymbol(read.env).some(
    ([x, y]) => (x === a && y === b) || (x === b && y === a),
  );
}

/** The pairs of size letters some declaration gives one symbol (m and n of A ∈ ℝ^{m×n}). */
export function sizeLettersOfOneSymbol(env: ReadDocument['env']): [string, string][] {
  const pairs: [string, string][] = [];
  for (const declaration of env.allDeclarations()) {
    const names = (declaration.dims ?? []).flatMap((dim) => ('name' in dim ? [dim.name] : []));
    if (names.length === 2 && names[0] !== names[1]) pairs.push([names[0], names[1]]);
  }
  return pairs;
}

/** The note orders the two sizes (m > n, k ≤ m): they are not one size. */
function ordered(read: ReadDocument, a: string, b: string): boolean {
  return read.env.facts.dimensions().some((fact) => {
    if (fact.says.kind !== 'size' || fact.says.relation === '=') return false;
    const name = 'dimension' in fact.subject ? fact.subject.dimension : '';
    return (name === a && fact.says.than === b) || (name === b && fact.says.than === a);
  });
}

/** The statement's undeclared, undefined symbols and the other reading each may have. */
function rereadable(
  statement: ReadStatement,
  context: ShapeContext,
): { name: string; display: string; as: SymbolReading; matrixByUse: boolean }[] {
  const out = new Map<
    string,
    { name: string; display: string; as: SymbolReading; matrixByUse: boolean }
  >();
  // xᵀ says x is not a scalar, whatever else its use allows
  const transposed = new Set<string>();
  for (const operand of statement.chain!.operands)
    visit(operand, (node) => {
      if (node.type === 'transpose' && node.arg.type === 'symbol') transposed.add(node.arg.name);
    });
  const terms = capitalsOnlyAsTerms(statement.chain!.operands);
  for (const operand of statement.chain!.operands)
    visit(operand, (node) => {
      if (node.type !== 'symbol' || out.has(node.name)) return;
      const info = context.symbol(node.name);
      // bold lowercase is a vector by the note's own typography: never read otherwise; a
      // capital is a matrix, unless it only ever stands as a term of a sum (… + C)
      const capital = node.style === 'latin-upper' && !terms.has(node.name);
      if (info?.origin.kind !== 'convention' || node.bold || capital) return;
      if (node.style === 'greek-upper' || node.style === 'calligraphic') return;
      const shape = info.shape;
      // a plain lowercase letter is a scalar or a vector, whatever its use made of it here
      const as: SymbolReading = context.maybeScalar(shape) ? 'vector' : 'scalar';
      const matrixByUse = !context.maybeScalar(shape) && !context.store.isOne(shape.cols);
      if (!(as === 'scalar' && transposed.has(node.name)))
        out.set(node.name, { name: node.name, display: node.display, as, matrixByUse });
    });
  return [...out.values()];
}

/**
 * Capitals that stand only as whole terms of sums here (`ℓ = −½‖x − μ‖² + C`): such a letter may
 * be a constant rather than a matrix, which no other use of it contradicts.
 */
function capitalsOnlyAsTerms(operands: Expr[]): Set<string> {
  const asTerm = new Set<string>();
  const otherwise = new Set<string>();
  const walk = (node: Expr, term: boolean) => {
    if (node.type === 'symbol') {
      if (node.style === 'latin-upper') (term ? asTerm : otherwise).add(node.name);
      return;
    }
    const sum = node.type === 'binary' && (node.op === 'add' || node.op === 'sub');
    for (const child of children(node)) walk(child, sum);
  };
  for (const operand of operands) walk(operand, false);
  return new Set([...asTerm].filter((name) => !otherwise.has(name)));
}

function bitCount(n: number): number {
  let c = 0;
  for (let m = n; m; m &= m - 1) c++;
  return c;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

function takenNames(read: ReadDocument, context: ShapeContext): Set<string> {
  const taken = read.env.dimensionNames();
  for (const symbol of context.allSymbols())
    if (/^[a-zA-Z]$/.test(symbol.name)) taken.add(symbol.name);
  for (const name of context.store.namedDims()) taken.add(name);
  return taken;
}

function rangeOf(read: ReadDocument, start: number, end: number): Range {
  return read.lines.rangeOf(start, end);
}

/** The LaTeX source of a span, decoded through the region's offset map (notebooks). */
export function latexOf(
  read: ReadDocument,
  statement: ReadStatement,
  start: number,
  end: number,
): string {
  const region = read.scan.regions[statement.region];
  if (!region.sourceOffsets) return read.document.text.slice(start, end);
  const offsets = region.sourceOffsets;
  const find = (target: number) => {
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return region.text.slice(find(start), find(end));
}

/**
 * An error only for what is wrong in the note (a mismatch, a shape error). What GradLens
 * cannot read or check is its own limit, not the writer's mistake: information (the hover, the
 * panel and the CLI say what was not understood). A domain it cannot establish, which the writer
 * can fix by saying more, is a warning where it is made (numericCheck).
 */
function severityOf(verdict: Verdict): Severity {
  switch (verdict) {
    case 'mismatch':
    case 'shape-error':
      return 'error';
    default:
      return 'information';
  }
}

export function makeFinding(
  read: ReadDocument,
  fields: {
    kind: FindingKind;
    verdict: Verdict;
    start: number;
    end: number;
    message: string;
    latex: string;
  } & Partial<Finding>,
): Finding {
  // Built field by field (no rest/spread): one object shape for every finding, and this runs
  // once per claim of every document on every edit.
  const finding: Finding = {
    kind: fields.kind,
    verdict: fields.verdict,
    severity: fields.severity ?? severityOf(fields.verdict),
    range: rangeOf(read, fields.start, fields.end),
    message: fields.message,
    latex: fields.latex,
  };
  if (fields.wrt !== undefined) finding.wrt = fields.wrt;
  if (fields.shapes !== undefined) finding.shapes = fields.shapes;
  if (fields.relError !== undefined) finding.relError = fields.relError;
  // The code follows from the detail: one is never set without the other.
  if (fields.diagnosisDetail !== undefined) {
    finding.diagnosis = diagnosisCode(fields.diagnosisDetail);
    finding.diagnosisDetail = fields.diagnosisDetail;
  }
  if (fields.related !== undefined) finding.related = fields.related;
  if (fields.evidence !== undefined) finding.evidence = fields.evidence;
  if (fields.limit !== undefined) finding.limit = fields.limit;
  const code = codeOf(finding.verdict, finding.message);
  if (code) finding.code = code;
  return finding;
}

function relatedOf(read: ReadDocument, problem: ShapeProblem): RelatedInformation[] {
  return problem.related.map((r) => ({
    range: rangeOf(read, r.start, r.end),
    message: r.message(),
  }));
}

function problemFinding(
  read: ReadDocument,
  kind: FindingKind,
  problem: ShapeProblem,
  whole: Expr,
): Finding {
  return makeFinding(read, {
    kind,
    verdict: problem.unsupported ? 'unsupported' : 'shape-error',
    start: problem.node.span.start,
    end: problem.node.span.end,
    message: problem.render(),
    latex: read.document.text.slice(whole.span.start, whole.span.end),
    related: relatedOf(read, problem),
  });
}

/** Where a step's right-hand side ends in the source: `= (A + B)` ends after the `)`. */
function rhsEnd(statement: ReadStatement, step: Step): number {
  const chain = statement.chain!;
  const next = chain.relations[step.index];
  const limit = next ? next.span.start : chain.span.end;
  let end = step.rhs.span.end;
  for (const t of statement.tokens)
    if (t.start >= step.rhs.span.start && t.end <= limit && t.end > end) end = t.end;
  return end;
}

function kindOf(step: Step): FindingKind {
  switch (step.kind) {
    case 'update':
    case 'relation':
    case 'sizes':
    case 'condition':
      return 'expression';
    default:
      return step.kind;
  }
}

function judgeStep(
  read: ReadDocument,
  statement: ReadStatement,
  step: Step,
  context: ShapeContext,
  problems: ShapeProblem[],
): CheckedStep {
  const start = step.relation.span.start;
  const end = rhsEnd(statement, step);
  const latex = latexOf(read, statement, step.lhs.span.start, end);
  const kind = kindOf(step);
  const base = { kind, start, end, latex };
  const done = (finding: Finding, shapesAgree = false): CheckedStep => ({
    statement,
    step,
    context,
    shapesAgree,
    finding,
  });
  // A gradient of an objective the document never defines cannot be checked, whatever its shapes.
  const unchecked =
    step.kind === 'gradient' ? undefinedObjective(read, step, context, base) : undefined;
  if (unchecked) return done(unchecked);
  // ∇L = 2Σw − 2λw = 0, ∇f(x*) = 0: a stationarity condition to solve, not an identity.
  if ((step.kind === 'equality' || step.kind === 'gradient') && isLiteralZero(step.rhs)) {
    return done(
      makeFinding(read, {
        ...base,
        verdict: 'skipped',
        message: `${printExpr(step.lhs)} = 0 is a condition to solve (stationarity, optimality), not an identity: not checked`,
      }),
    );
  }
  // S = {1, 2}, θ = (W, b): a set or a tuple names things, it is not a matrix expression.
  if ((step.kind === 'definition' || step.kind === 'equality') && step.rhs.type === 'tuple') {
    return done(
      makeFinding(read, {
        ...base,
        verdict: 'skipped',
        message: 'a set or a tuple of values is notation, not a matrix expression: not checked',
      }),
    );
  }
  // ∂f/X = [ΔX ↦ …]: a value against a derivative applied to dX compares different things
  if (step.kind === 'equality' && hasDifferential(step.lhs) !== hasDifferential(step.rhs)) {
    return done(
      makeFinding(read, {
        ...base,
        verdict: 'unsupported',
        message:
          'one side is a differential (a derivative applied to a direction) and the other is not: not checked',
      }),
    );
  }
  // an update rule assigns and a condition states: neither claims, whatever their shapes
  if (step.kind === 'update' || step.kind === 'condition') problems = [];
  if (problems.length > 0) {
    const problem = problems[0];
    const verdict = problem.unsupported ? 'unsupported' : 'shape-error';
    return done(
      makeFinding(read, {
        ...base,
        verdict,
        start: problem.node.span.start,
        end: problem.node.span.end,
        message: problem.render(),
        related: relatedOf(read, problem),
      }),
    );
  }
  const shapeOf = (e: Expr) => context.shapes.get(e);
  const label = (s: Shape | undefined) => (s ? context.label(s) : '?');
  switch (step.kind) {
    case 'declaration': {
      const names = step.lhs.type === 'tuple' ? step.lhs.items : [step.lhs];
      const shape = shapeOf(names[0]);
      const what =
        step.relation.op === '\\in'
          ? label(shape)
          : step.relation.op === '\\succ'
            ? 'positive definite'
            : step.relation.op === '='
              ? 'symmetric'
              : 'positive semidefinite';
      // and what else the note says of it where it is declared (symmetric, said in words)
      const first = names[0];
      const said =
        first.type === 'symbol'
          ? read.env.facts
              .resolve(first.name, step.lhs.span.start)
              .facts.filter((f) => f.says.kind === 'property')
              .map((f) => describeFact(read, f))
          : [];
      return done(
        makeFinding(read, {
          ...base,
          start: step.lhs.span.start,
          verdict: 'ok',
          message: [`${names.map((n) => printExpr(n)).join(', ')}: ${what}`, ...said].join('; '),
          shapes: { lhs: label(shape) },
        }),
      );
    }
    case 'definition': {
      const head = definitionHead(step.lhs)!;
      const shape = shapeOf(step.rhs);
      // f(W) defined, s(z)_i defined (each entry: a scalar)
      const display =
        step.lhs.type === 'apply' || step.lhs.type === 'entry' ? printExpr(step.lhs) : head.display;
      return done(
        makeFinding(read, {
          ...base,
          verdict: 'ok',
          message: `${display} defined: ${label(shape)}`,
          shapes: { rhs: label(shape) },
        }),
      );
    }
    case 'update':
      return done(
        makeFinding(read, {
          ...base,
          verdict: 'skipped',
          message: `${printExpr(step.lhs)} ← … is an update rule (an assignment), not a claim: not checked`,
        }),
      );
    case 'sizes':
      return done(
        makeFinding(read, {
          ...base,
          verdict: 'skipped',
          message: `${latex.trim()} relates sizes, not values: not checked`,
        }),
      );
    case 'relation':
      return done(
        makeFinding(read, {
          ...base,
          verdict: 'skipped',
          message: `'${RELATION_TEXT[step.relation.op] ?? step.relation.op}' is not a claim GradLens checks`,
        }),
      );
    case 'condition':
      return done(
        makeFinding(read, {
          ...base,
          verdict: 'skipped',
          message: `${latex.trim()} states a condition on the note's symbols (a fact), not a claim: not checked`,
        }),
      );
    case 'gradient':
      return judgeGradient(read, step, context, base, done);
    case 'equality':
    case 'differential': {
      const lhs = shapeOf(step.lhs);
      const rhs = shapeOf(step.rhs);
      const shapes = { lhs: label(lhs), rhs: label(rhs) };
      // A_{kl} = Aᵀ: an entry equated with a matrix means the matrix of those entries
      if (lhs && rhs && (context.store.matchShapes(lhs, rhs) || readsAsEntries(step))) {
        return done(
          makeFinding(read, {
            ...base,
            verdict: 'skipped',
            shapes,
            message: `shapes agree (${shapes.lhs}); not checked numerically yet`,
          }),
          true,
        );
      }
      // K = 10 … K = XXᵀ: a bare name set to a value of another shape gets a new meaning
      if (isRedefinition(statement, step)) {
        return done(
          makeFinding(read, {
            ...base,
            verdict: 'skipped',
            shapes,
            message: `${printExpr(step.lhs)} is given a new meaning (${shapes.rhs}, was ${shapes.lhs}): not checked`,
          }),
        );
      }
      const what =
        step.kind === 'differential' ? 'the two sides of this differential' : 'the two sides';
      return done(
        makeFinding(read, {
          ...base,
          verdict: 'shape-error',
          shapes,
          message: `${shapes.rhs}, but the left side is ${shapes.lhs}: ${what} differ in shape (${printExpr(step.lhs)} is ${shapes.lhs}, ${printExpr(step.rhs)} is ${shapes.rhs})`,
        }),
      );
    }
  }
}

/** `A = …` alone, A a bare name the note defined before: the form of a (re)definition. */
function isRedefinition(statement: ReadStatement, step: Step): boolean {
  return (
    step.kind === 'equality' &&
    step.index === 1 &&
    statement.chain?.relations.length === 1 &&
    step.relation.op === '=' &&
    step.lhs.type === 'symbol'
  );
}

/** 0, \mathbf{0}, 0_n written as a whole side. */
function isLiteralZero(expr: Expr): boolean {
  return (expr.type === 'number' && expr.value === 0) || expr.type === 'zero';
}

function judgeGradient(
  read: ReadDocument,
  step: GradientStep,
  context: ShapeContext,
  base: { kind: FindingKind; start: number; end: number; latex: string },
  done: (finding: Finding, shapesAgree?: boolean) => CheckedStep,
): CheckedStep {
  const grad = step.lhs;
  const { f, wrt } = context.gradParts(grad);
  const wrtName = wrt ? printExpr(wrt) : undefined;
  const lhs = context.shapes.get(step.lhs);
  const rhs = context.shapes.get(step.rhs);
  const rhsLabel = rhs ? context.label(rhs) : '?';
  const jacobian = context.jacobians.get(grad);
  if (jacobian && rhs) {
    const numerator = context.store.matchShapes(jacobian.numerator, rhs);
    const denominator = context.store.matchShapes(jacobian.denominator, rhs);
    const shapes = { lhs: context.label(jacobian.numerator), rhs: rhsLabel };
    if (numerator || denominator) {
      const layout =
        numerator && denominator
          ? `a square Jacobian (${rhsLabel}): its layout cannot be told from the shapes`
          : numerator
            ? `the Jacobian in numerator layout (${rhsLabel}: rows follow ${printExpr(f)}, columns ${wrtName})`
            : `the Jacobian in denominator layout (${rhsLabel}: rows follow ${wrtName}, columns ${printExpr(f)})`;
      return done(
        makeFinding(read, {
          ...base,
          verdict: 'skipped',
          wrt: wrtName,
          shapes,
          diagnosisDetail:
            numerator && !denominator
              ? { kind: 'layout', layout: 'numerator' }
              : !numerator && denominator
                ? { kind: 'layout', layout: 'denominator' }
                : undefined,
          message: `shapes agree: ${layout}; not checked numerically yet`,
        }),
        true,
      );
    }
    return done(
      makeFinding(read, {
        ...base,
        verdict: 'shape-error',
        wrt: wrtName,
        shapes,
        message: `${rhsLabel}, but the Jacobian of ${printExpr(f)} with respect to ${wrtName} is ${context.label(jacobian.numerator)} (numerator layout) or ${context.label(jacobian.denominator)} (denominator layout)`,
      }),
    );
  }
  const lhsLabel = lhs ? context.label(lhs) : '?';
  const shapes = { lhs: lhsLabel, rhs: rhsLabel };
  if (lhs && rhs && context.store.matchShapes(lhs, rhs)) {
    return done(
      makeFinding(read, {
        ...base,
        verdict: 'skipped',
        wrt: wrtName,
        shapes,
        message: `shapes agree: the gradient with respect to ${wrtName} and the claim are both ${lhsLabel}; not checked numerically yet`,
      }),
      true,
    );
  }
  const fShape = context.shapes.get(f);
  const scalarObjective = fShape ? context.maybeScalar(fShape) || context.isScalar(fShape) : true;
  const origin = wrt ? context.originText((wrt as SymbolNode).name) : undefined;
  const reason = scalarObjective
    ? `a gradient of a scalar with respect to ${wrtName} has ${wrtName}'s shape`
    : `the derivative of ${printExpr(f)} (${fShape ? context.label(fShape) : '?'}) with respect to ${wrtName} is ${lhsLabel}`;
  const related: RelatedInformation[] = [];
  const wrtInfo = wrt ? context.symbol((wrt as SymbolNode).name) : undefined;
  if (wrtInfo?.origin.kind === 'declared') {
    related.push({
      range: read.lines.rangeOf(wrtInfo.origin.declaration.offset, wrtInfo.origin.declaration.end),
      message: `${wrtName} declared ${lhsLabel} here`,
    });
  } else if (wrtInfo?.origin.kind === 'convention') {
    related.push({
      range: read.lines.rangeOf(wrtInfo.origin.first.span.start, wrtInfo.origin.first.span.end),
      message: `${wrtName} is ${lhsLabel} from its use here`,
    });
  }
  related.push({
    range: read.lines.rangeOf(step.rhs.span.start, step.rhs.span.end),
    message: `the claimed gradient ${printExpr(step.rhs)} is ${rhsLabel}`,
  });
  // p×n claimed for an n×p variable: most likely the whole gradient is transposed.
  const transposed =
    scalarObjective &&
    lhs &&
    rhs &&
    context.store.matchShapes(lhs, { rows: rhs.cols, cols: rhs.rows });
  // ∂f/∂x written as a row vector: numerator layout, which the note may follow (said or not)
  if (transposed && context.store.isOne(lhs.cols) && rowGradientReadable(read, grad))
    return done(
      makeFinding(read, {
        ...base,
        verdict: 'skipped',
        wrt: wrtName,
        shapes,
        diagnosisDetail: { kind: 'layout', layout: 'numerator' },
        message: `shapes agree in numerator layout: ∂${printExpr(f)}/∂${wrtName} written as a row vector (${rhsLabel}); not checked numerically yet`,
      }),
      true,
    );
  return done(
    makeFinding(read, {
      ...base,
      verdict: 'shape-error',
      wrt: wrtName,
      shapes,
      related,
      diagnosisDetail: transposed ? { kind: 'transpose' } : undefined,
      message: `${rhsLabel}, but ${wrtName} is ${lhsLabel}: the claimed gradient ${printExpr(step.rhs)} is ${rhsLabel}, while ${reason}${origin ? ` (${wrtName}: ${origin})` : ''}${transposed ? `; it has the transposed shape: is the claim the transpose of the gradient?` : ''}`,
    }),
  );
}

/**
 * Whether a row vector may stand for the derivative of a scalar by a column vector here: in
 * numerator layout ∂f/∂x is a row, when the note says it uses that layout ("the derivative
 * with respect to a column vector is a row vector"), and always for Df(x), whose matrix is the
 * Jacobian; ∇f stays a column whatever the note says.
 */
function rowGradientReadable(read: ReadDocument, grad: Extract<Expr, { type: 'grad' }>): boolean {
  return grad.notation === 'D' || (read.layout === 'numerator' && grad.notation !== 'nabla');
}

/** The 'unsupported' finding for a gradient of a name that has no definition in scope. */
function undefinedObjective(
  read: ReadDocument,
  step: GradientStep,
  context: ShapeContext,
  base: { kind: FindingKind; start: number; end: number; latex: string },
): Finding | undefined {
  const grad = step.lhs;
  const { f, wrt } = context.gradParts(grad);
  const name = undefinedFunction(read, f, step.lhs.span.start);
  if (!name) return undefined;
  // ∂L/∂x = Wᵀ ∂L/∂z: true for every loss of z, checked through a linear one
  const at = step.lhs.span.start;
  if (abstractLossOf(read.env, grad, step.rhs, (g) => context.gradParts(g), at)) return undefined;
  const wrtName = wrt ? printExpr(wrt) : undefined;
  return makeFinding(read, {
    ...base,
    verdict: 'unsupported',
    wrt: wrtName,
    message: `cannot check ∂${name}/∂${wrtName ?? '?'}: ${name} is not defined in this document (write ${name} = … before it)`,
  });
}

/** The name of an objective that has no definition in scope, if the gradient's f is one. */
function undefinedFunction(read: ReadDocument, f: Expr, at: number): string | undefined {
  if (f.type === 'symbol') {
    const declared = read.env.declarationAt(f.name, at);
    if (!read.env.definitionAt(f.name, at + 1) && !declared) return f.display;
  }
  if (f.type === 'apply' && !read.env.definitionAt(f.name, at + 1)) return f.display;
  return undefined;
}

function hasDifferential(expr: Expr): boolean {
  let found = false;
  visit(expr, (node) => {
    found ||= node.type === 'differential';
  });
  return found;
}

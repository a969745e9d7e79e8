// Claims → findings at the level of shapes: each step's two sides are inferred separately
// (never unified into agreement) and compared; a problem inside an expression is reported at
// the smallest node that has it. Numeric checking builds on top of this.
import { readsAsEntries } from '../indices/free';
import { describeFact } from '../facts/describe';
import type { Definition } from '../claims/environment';
import type { Step } from '../claims/steps';
import { definitionHead } from '../claims/steps';
import type { Range } from '../document';
import type { Expr, SymbolNode } from '../latex/ast';
import { printExpr } from '../latex/print';
import type { ReadDocument, ReadStatement } from '../read';
import type { Finding, FindingKind, RelatedInformation, Severity, Verdict } from '../report';
import { codeOf, diagnosisCode } from '../report';
import type { Shape } from '../shape/dims';
import { ShapeContext, type ShapeProblem } from '../shape/infer';

export interface CheckedStep {
  statement: ReadStatement;
  step: Step;
  context: ShapeContext;
  /** Filled when the step's shapes agree; numeric checking picks these up. */
  shapesAgree: boolean;
  finding: Finding;
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

  for (const [region, statements] of [...byRegion.entries()].sort((a, b) => a[0] - b[0])) {
    if (isCancelled()) throw new CancelledError();
    const context = new ShapeContext(host, read.scan.regions[region].start);
    for (const fact of read.env.facts.dimensions())
      if (fact.says.kind === 'size' && fact.says.relation === '=' && 'dimension' in fact.subject)
        context.store.alias(fact.subject.dimension, fact.says.than);
    result.contexts.push(context);
    for (const statement of statements) {
      result.contextOf.set(statement, context);
      if (!statement.chain) continue;
      const chain = statement.chain;
      context.at = chain.span.start;
      const operandProblems: ShapeProblem[][] = chain.operands.map(() => []);
      const firstStep = statement.steps[0];
      for (const operand of chain.operands) context.collectCounts(operand);
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
          operand.type === 'tuple' &&
          (leftOf?.kind === 'declaration' || statement.steps.length === 0);
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
      if (statement.steps.length === 0) {
        pendingExpressions.push({ statement, context, problems: operandProblems[0] });
      }
      statement.steps.forEach((step, k) => {
        const problems =
          k === 0 ? [...operandProblems[0], ...operandProblems[1]] : operandProblems[k + 1];
        pending.push({ statement, step, context, problems });
      });
    }
    context.finish(takenNames(read, context));
  }

  for (const { statement, problems } of pendingExpressions) {
    if (problems.length === 0) continue;
    const finding = problemFinding(read, 'expression', problems[0], statement.chain!.operands[0]);
    result.findings.push(finding);
  }
  for (const { statement, step, context, problems } of pending) {
    const checked = judgeStep(read, statement, step, context, problems);
    result.steps.push(checked);
    result.findings.push(checked.finding);
  }
  return result;
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
      const display = step.lhs.type === 'apply' ? printExpr(step.lhs) : head.display;
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
  step: Step,
  context: ShapeContext,
  base: { kind: FindingKind; start: number; end: number; latex: string },
  done: (finding: Finding, shapesAgree?: boolean) => CheckedStep,
): CheckedStep {
  const grad = step.lhs as Extract<Expr, { type: 'grad' }>;
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

/** The 'unsupported' finding for a gradient of a name that has no definition in scope. */
function undefinedObjective(
  read: ReadDocument,
  step: Step,
  context: ShapeContext,
  base: { kind: FindingKind; start: number; end: number; latex: string },
): Finding | undefined {
  const { f, wrt } = context.gradParts(step.lhs as Extract<Expr, { type: 'grad' }>);
  const name = undefinedFunction(read, f, step.lhs.span.start);
  if (!name) return undefined;
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

// The core's entry point: document text + options → findings. Pure and synchronous, checks
// a cancellation callback between regions, so the extension's worker can run it as is.
import {
  checkNumerically,
  DEFAULT_NUMERIC_OPTIONS,
  type NumericOptions,
} from './check/numericCheck';
import {
  CancelledError,
  checkShapes,
  makeFinding,
  type CheckedStep,
  type ShapeCheckResult,
} from './check/shapeCheck';
import { internalErrorFinding, type ClaimHook } from './check/internalError';
import { foldSignReadings } from './check/signReadings';
import { impliedSourcesOf } from './claims/designMatrix';
import { impliedDefinitionsIn } from './claims/boundByMatching';
import type { SourceDocument } from './document';
import { readDocument, type ReadDocument, type ReadOptions } from './read';
import type { FileReport, Finding, FindingKind } from './report';
import { DRAWN_SIZE, DRAWS_PER_CLAIM, NUMERIC_CLAIMS_PER_DOCUMENT } from './limits';
import { isSilenced, silencingOfRead } from './silence';

export interface AnalyzeOptions extends ReadOptions {
  isCancelled?: () => boolean;
  /** Numeric checking: draws, seed, tolerance, largest dimension; false for shapes only. */
  numeric?: Partial<NumericOptions> | false;
  /**
   * Called before each claim's shapes and numeric check (its phase, its start offset). What it
   * throws is what a bug in that check would throw: the tests' way to prove one claim's failure
   * stays that claim's finding.
   */
  onClaim?: ClaimHook;
}

export interface Analysis {
  read: ReadDocument;
  shapes: ShapeCheckResult;
  findings: Finding[];
}

export { CancelledError };

export function analyzeDocument(document: SourceDocument, options: AnalyzeOptions = {}): Analysis {
  return analyzeRead(readDocument(document, options), options);
}

/** Findings for a document already read (also used for plain-text expressions). */
export function analyzeRead(read: ReadDocument, options: AnalyzeOptions = {}): Analysis {
  // what the prose denies (read.ts reads only what it states), before anything asks the facts
  const document = read.document;
  const findings: Finding[] = [];
  for (const problem of read.problems) {
    const kind: FindingKind = problem.kind === 'declaration' ? 'declaration' : 'expression';
    const verdict = problem.kind === 'unsupported' ? 'unsupported' : 'parse-error';
    findings.push(
      makeFinding(read, {
        kind,
        verdict,
        start: problem.start,
        end: Math.max(problem.end, problem.start),
        message: problem.message,
        latex: document.text.slice(problem.start, problem.end),
        severity: problem.kind === 'declaration' ? 'warning' : undefined,
        limit: problem.limit,
      }),
    );
  }
  for (const statement of read.statements) {
    const error = statement.error;
    if (!error) continue;
    const first = statement.tokens[0]?.start ?? error.start;
    const last = statement.tokens[statement.tokens.length - 1]?.end ?? error.end;
    const list = isEllipsisList(statement.tokens);
    findings.push(
      makeFinding(read, {
        kind: guessKind(statement.tokens.map((t) => t.text)),
        verdict: list ? 'skipped' : error.kind === 'unsupported' ? 'unsupported' : 'parse-error',
        start: error.start,
        end: Math.max(error.end, error.start),
        message: list
          ? 'a list with an ellipsis (i = 1, …, N; x₁, …, x_N) is notation: not checked'
          : error.message,
        latex: document.text.slice(first, last),
        limit: error.limit,
      }),
    );
  }
  const shapes = checkShapes(read, options.isCancelled, options.onClaim);
  const numeric =
    options.numeric === false
      ? undefined
      : withinLimits({ ...DEFAULT_NUMERIC_OPTIONS, ...options.numeric });
  // each step's finding as the shape check made it → what replaces it (numbers, readings, words)
  const replaced = new Map<Finding, Finding>();
  const originalOf = new Map(shapes.steps.map((c) => [c, c.finding] as const));
  const replace = (checked: CheckedStep, finding: Finding) => {
    replaced.set(originalOf.get(checked) ?? checked.finding, finding);
    checked.finding = finding;
  };
  if (numeric) {
    for (const checked of shapes.steps) {
      if (!checked.shapesAgree) continue;
      if (
        checked.step.kind !== 'gradient' &&
        checked.step.kind !== 'equality' &&
        checked.step.kind !== 'differential'
      )
        continue;
      if (options.isCancelled?.()) throw new CancelledError();
      if (read.work.numericClaims >= NUMERIC_CLAIMS_PER_DOCUMENT) {
        // the document's budget: each claim past it still gets its own finding, at its place
        const skipped = budgetRanOut(checked.finding);
        replace(checked, skipped);
        continue;
      }
      read.work.numericClaims++;
      let finding: Finding;
      try {
        options.onClaim?.('numeric', checked.statement.chain!.span.start);
        finding = alongEitherAxis(read, checked, numeric);
      } catch (error) {
        // a bug in one claim's check is that claim's finding; the others are still checked
        if (error instanceof CancelledError) throw error;
        finding = internalErrorFinding(checked.finding, error);
      }
      const noVerdict = finding.diagnosisDetail?.kind === 'one-sided';
      if ((finding.verdict === 'mismatch' || noVerdict) && isEquationToSolve(read, checked))
        finding = notChecked(finding, EQUATION_TO_SOLVE);
      if (checked.finding.readings) finding = underReading(finding, checked.finding.readings);
      replace(checked, finding);
    }
  }
  // two size letters read as one (k = m): ok only if the numbers confirm it; a claim wrong under
  // the reading too keeps its shape error, the diagnosis true of the note as it declares things
  for (const checked of shapes.steps) {
    if (!checked.unlessHolds) continue;
    const holds = checked.finding.verdict === 'ok';
    replace(
      checked,
      holds ? underSizes(checked.finding, checked.unlessHolds) : checked.unlessHolds,
    );
  }
  // W^T W = I after "orthonormal", A v = λv after "solve": sides that differ in shape there say
  // what to find, not a step of a derivation
  for (const checked of shapes.steps) {
    const finding = checked.finding;
    if (finding.verdict !== 'shape-error' || !isEquationToSolve(read, checked)) continue;
    replace(checked, notChecked(finding, EQUATION_TO_SOLVE));
  }
  // "where constant factors are absorbed into η": the display's equalities hold up to constants,
  // which the numbers cannot tell from a mistake
  for (const checked of shapes.steps) {
    const finding = checked.finding;
    if (finding.verdict !== 'mismatch') continue;
    const region = read.scan.regions[checked.statement.region];
    if (!dropsConstantsAfter(read.document.text, region.end)) continue;
    replace(
      checked,
      notChecked(
        finding,
        `the words after this display say its constant factors are absorbed or dropped, so it holds only up to constants: not checked (${finding.message})`,
      ),
    );
  }
  // the x_i read as the rows of X without the note saying so: said on every claim resting on it
  for (const checked of shapes.steps) {
    if (checked.finding.verdict !== 'ok' && checked.finding.severity !== 'error') continue;
    const at = checked.statement.chain!.span.start;
    const sides = [checked.step.lhs, checked.step.rhs];
    const implied = impliedSourcesOf(read.env, sides, at);
    const definitions = impliedDefinitionsIn(read.env, sides, at);
    if (implied.length === 0 && definitions.length === 0) continue;
    replace(checked, underImplied(checked.finding, implied, definitions));
  }
  const signs = foldSignReadings(shapes.steps);
  for (const finding of shapes.findings) {
    const current = replaced.get(finding) ?? finding;
    if (!signs.dropped.has(current)) findings.push(signs.replaced.get(current) ?? current);
  }
  findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  // Flagged in place: these findings are fresh, and the worker matches them by identity.
  const silencing = silencingOfRead(read);
  for (const finding of findings) {
    if (isSilenced(silencing, read.lines.offsetAt(finding.range.start))) finding.suppressed = true;
    else delete finding.suppressed;
  }
  return { read, shapes, findings };
}

/** Draws and drawn sizes as asked, up to the core's limits (callers clamp and say so first). */
function withinLimits(options: NumericOptions): NumericOptions {
  return {
    ...options,
    draws: Math.min(options.draws, DRAWS_PER_CLAIM),
    maxDim: Math.min(options.maxDim, DRAWN_SIZE),
  };
}

/** A claim past the document's numeric budget: its shapes were checked, its values are not. */
function budgetRanOut(finding: Finding): Finding {
  return {
    ...finding,
    verdict: 'skipped',
    severity: 'information',
    code: undefined,
    diagnosis: undefined,
    limit: 'NUMERIC_CLAIMS_PER_DOCUMENT',
    message: `not checked numerically: the document's budget of ${NUMERIC_CLAIMS_PER_DOCUMENT} numeric checks ran out before this claim (limit NUMERIC_CLAIMS_PER_DOCUMENT); its shapes agree`,
  };
}

/** Words right after a display that say its constant factors do not matter. */
const FACTORS_DROPPED =
  /^[^.]*\b(?:constants?|factors?|scalars?)\b[^.]*\b(?:absorb|fold|dropp|ignor|omit)|^[,.]?\s*up\s+to\s+(?:a\s+)?(?:constant|scal)/i;
/** What closes a display before the words after it: delimiters, \end{…}, blank lines. */
const DISPLAY_CLOSE = /^(?:\s|\$|\\end\{[a-zA-Z*]+\}|\\\]|\\\))*/;

/**
 * Whether the words right after a display (at most 200 characters past its closing) say its
 * constant factors are absorbed or dropped. The editor's region cache keys on exactly this.
 */
export function dropsConstantsAfter(text: string, regionEnd: number): boolean {
  return FACTORS_DROPPED.test(text.slice(regionEnd, regionEnd + 200).replace(DISPLAY_CLOSE, ''));
}

/** Words that announce an equation to solve ("setting it to zero gives …"), not an identity. */
const EQUATION_CUES =
  /\b(setting|set\s+(?:it|this|the\s+\w+)\s+(?:to|equal)|solv(?:e|ing)|zero|optim(?:um|al|ality)|stationary|normal\s+equations?|first[-\s]order\s+conditions?|minimi[sz]er|maximi[sz]er|critical\s+point|subject\s+to|constraints?|orthogonal|orthonormal|unitary|eigen\w*)\b|\bs\.t\./i;

/**
 * A single equality that fails for random values is a mistake in a derivation, unless the
 * sentence before it says it is an equation to solve (the normal equations of least squares).
 */
function isEquationToSolve(read: ReadDocument, checked: CheckedStep): boolean {
  const chain = checked.statement.chain;
  if (checked.step.kind !== 'equality' || !chain || chain.relations.length !== 1) return false;
  const region = read.scan.regions[checked.statement.region];
  const sentence = proseCueBefore(read.document.text, region.start);
  // "… \text{s.t.} W^T W = I" inside the formula itself, before the equality.
  const inside = read.document.text.slice(
    region.start,
    Math.max(region.start, checked.step.lhs.span.start),
  );
  // "… = 2XᵀXw \text{ (at 0 derivative)}": a remark in the same row, after the equality
  const rowEnd = read.document.text.indexOf('\\\\', checked.step.rhs.span.end);
  const rest = read.document.text.slice(
    checked.step.rhs.span.end,
    rowEnd >= 0 && rowEnd < region.end ? rowEnd : region.end,
  );
  const remark = [...rest.matchAll(/\\(?:text|mathrm|textrm|mbox)\s*\{([^}]*)\}/g)]
    .map((m) => m[1])
    .join(' ');
  return (
    EQUATION_CUES.test(sentence) ||
    CONDITION_CUES.test(sentence.slice(-40)) ||
    EQUATION_CUES.test(inside) ||
    EQUATION_CUES.test(remark) ||
    /\bat\s+(?:0|zero)\b/i.test(remark)
  );
}

/**
 * The text just before a region that may turn its claims into equations to solve or
 * conditions: at most 120 characters, from the paragraph the region sits in (or the one
 * before a blank line, when its sentence runs on into the display). The editor's region
 * cache keys on exactly this, so an edit to these words re-checks the region.
 */
export function proseCueBefore(text: string, regionStart: number): string {
  const before = text.slice(Math.max(0, regionStart - 120), regionStart);
  const paragraphs = before.split(/\n\s*\n/);
  const last = paragraphs.pop() ?? '';
  if (last.trim() !== '') return last;
  // Display math set off by a blank line still continues the sentence before it ("Setting the
  // gradient to zero gives" ⏎⏎ $$…$$), unless that sentence ended.
  const lead = (paragraphs.pop() ?? '').trimEnd();
  return /[.!?]$/.test(lead) ? '' : lead;
}

/**
 * Words just before an equality that make it a condition, not a claim: "with $W^T W = I$",
 * "assuming $x^T x = 1$", "which only holds because $\mathbf{1}^T y = 1$".
 */
const CONDITION_CUES =
  /(?:\bi\.\s?e\.,?|\b(?:with|using|assum(?:e|ing)|provided(?:\s+that)?|given\s+that|such\s+that|whenever|holds?\s+(?:only\s+)?(?:if|when|because|since)))\s*\(?\s*\$*$/i;

const ELLIPSES = new Set(['\\dots', '\\ldots', '\\cdots', '\\dotsc']);

/** `i = 1, \ldots, N`, `x_1, \dots, x_N ∈ ℝ^d`: an ellipsis between commas lists, it claims nothing. */
function isEllipsisList(tokens: { text: string }[]): boolean {
  // a statement split at the list's commas may start or end at the ellipsis
  return tokens.some(
    (t, i) =>
      ELLIPSES.has(t.text) &&
      (i === 0 || tokens[i - 1].text === ',') &&
      (i === tokens.length - 1 || tokens[i + 1].text === ','),
  );
}

/** What a statement that could not be parsed was probably meant to be. */
function guessKind(texts: string[]): FindingKind {
  if (texts.includes('\\nabla') || texts.includes('\\partial')) return 'gradient';
  if (texts.includes('\\in')) return 'declaration';
  if (texts.includes('=')) return 'equality';
  return 'expression';
}

/** The pure entry point: one document → its part of the JSON report. */
export function checkDocument(
  document: SourceDocument,
  path: string,
  options: AnalyzeOptions = {},
): FileReport {
  return { path, findings: analyzeDocument(document, options).findings };
}

/**
 * A claim checked under a reading GradLens chose (x a scalar, so that the shapes agree) says so;
 * a mismatch there is a warning, not an error: the reading is GradLens's guess, and a
 * declaration settles it.
 */
/**
 * A finding that rests on what the note never says: the x_i as the rows of X (the usual
 * convention), a name read off its chain (M = XᵀX − A where a step writes it out).
 */
function underImplied(
  finding: Finding,
  implied: { base: string; matrix: string; along: string }[],
  definitions: { display: string; line: number }[],
): Finding {
  const said = [
    ...implied.map(
      (s) => `the ${s.base}_i as the ${s.along} of ${s.matrix} (as its products show)`,
    ),
    ...definitions.map(
      (d) => `${d.display} as the expression its chain writes in its place (line ${d.line + 1})`,
    ),
  ].join(', ');
  return {
    ...finding,
    message: `${finding.message} (read with ${said}; say so in the note to settle it)`,
    ...(finding.severity === 'error' ? { severity: 'warning' as const } : {}),
  };
}

/**
 * A claim with a softmax of a matrix (softmax(XW) of a batch) is checked row by row; if that
 * fails, column by column, since notes rarely say which and both are common (samples as rows,
 * or as columns). It holds if it holds along either, and the finding says which.
 */
function alongEitherAxis(
  read: ReadDocument,
  checked: CheckedStep,
  numeric: NumericOptions,
): Finding {
  let axisMattered = false;
  const byRows = checkNumerically(read, checked, {
    ...numeric,
    matrixAxis: 'rows',
    onMatrixAxis: () => (axisMattered = true),
  });
  if (byRows.verdict !== 'mismatch' || !axisMattered) return byRows;
  const byColumns = checkNumerically(read, checked, { ...numeric, matrixAxis: 'columns' });
  if (byColumns.verdict !== 'ok') return byRows;
  return {
    ...byColumns,
    message: `${byColumns.message} (softmax of a matrix applied to each column: the note does not say rows or columns, and row by row the draws disagree)`,
  };
}

const EQUATION_TO_SOLVE = `an equation to solve or a condition, not an identity (the text before it says so): not checked`;

/** The finding as "not checked" for `message`: skipped, information, with no diagnosis left. */
function notChecked(finding: Finding, message: string): Finding {
  return {
    ...finding,
    verdict: 'skipped',
    severity: 'information',
    code: undefined,
    diagnosis: undefined,
    diagnosisDetail: undefined,
    assumption: undefined,
    message,
  };
}

function underSizes(finding: Finding, shapeError: Finding): Finding {
  const said = (finding.sizes ?? []).map((s) => `${s.name} = ${s.as}`).join(', ');
  return {
    ...finding,
    message: `${finding.message} (read with ${said}: the declarations give one size two letters, and only so is the claim well-formed; use one letter to settle it)`,
    related: [...(finding.related ?? []), ...(shapeError.related ?? [])],
  };
}

function underReading(finding: Finding, readings: NonNullable<Finding['readings']>): Finding {
  const said = readings.map((r) => `${r.name} as a ${r.as}`).join(', ');
  const note = ` (read with ${said}, the reading under which the claim is well-formed; declare the symbol${readings.length > 1 ? 's' : ''} to settle it)`;
  return {
    ...finding,
    readings,
    message: finding.message + note,
    ...(finding.severity === 'error' ? { severity: 'warning' as const } : {}),
  };
}

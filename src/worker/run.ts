// One check inside the worker: read the document once, then two passes over it. The shapes
// pass is cheap and always lands first, so when the time budget runs out during the numeric
// pass the reply still carries every parse and shape finding, and each claim that was not
// checked numerically says so at its own range. (The core reports numeric verdicts only for
// the whole document, so the ones finished before the cut-off are not kept.)
//
// A check for the editor also leaves out the regions the worker's region cache answers
// (incremental.ts: their math is blanked, so the rest is a full check of the same places) and
// sends back the reading the panel shows (reading.ts), both from the one reading of the full
// text: the extension host never reads the document itself.
import { analyzeRead, CancelledError, type Analysis } from '../core/analyze';
import { internalErrorFinding } from '../core/check/internalError';
import { withSuggestionsOf } from '../core/derive/fix';
import { readPlainText } from '../core/plaintext/check';
import { readDocument, type ReadDocument } from '../core/read';
import type { Finding } from '../core/report';
import { markSuppressed } from '../core/silence';
import {
  TIMEOUT_CODE,
  type CancelledReply,
  type CheckRequest,
  type ResultReply,
} from '../protocol/worker';
import { mergeFindings, planReuse, type RegionCache } from './incremental';
import { documentReading } from './reading';

/** Each suggestion costs a derivation and a verification: at most this many per check. */
export const MAX_SUGGESTIONS_PER_CHECK = 10;

/** The step kinds analyzeRead checks numerically (when their shapes agree). */
const NUMERIC_KINDS = new Set(['gradient', 'equality', 'differential']);

type Checked =
  | { kind: 'done'; findings: Finding[]; timedOut: boolean; shapesOnly?: Analysis }
  | { kind: 'cancelled' };

/**
 * `regions`: the worker's region cache, for checks that ask for reuse. `onChecked` sees the
 * text the core is given (blanked where regions are reused): for tests.
 */
export function runCheck(
  request: CheckRequest,
  stillWanted: () => boolean,
  regions?: RegionCache,
  onChecked?: (text: string) => void,
): ResultReply | CancelledReply {
  const started = performance.now();
  const { uri, version, language, text, options } = request;
  const deadline = started + options.timeBudgetMs;
  const isCancelled = () => !stillWanted() || performance.now() >= deadline;
  const cancelled: CancelledReply = { type: 'cancelled', id: request.id, uri, version };
  const readOptions = {
    macros: options.macros,
    conventions: options.conventions,
    sections: options.sections,
  };

  const reply = (findings: Finding[], timedOut: boolean): ResultReply => ({
    type: 'result',
    id: request.id,
    uri,
    version,
    findings,
    durationMs: performance.now() - started,
    timedOut,
  });

  // A claim's own failure is already that claim's finding (analyzeRead); what escapes it (the read
  // itself) is this document's finding, never an error reply the host would show as a popup.
  let full: ReadDocument;
  let read: ReadDocument;
  let plan: ReturnType<typeof planReuse> | undefined;
  try {
    // Reading has no cancellation points of its own; the watchdog on the host covers a runaway read.
    full = options.expression
      ? readPlainText(options.expression, options.conventions)
      : readDocument({ uri, version, language, text }, readOptions);
    plan =
      options.regions && regions && !options.expression
        ? planReuse(full, options.regions.settingsKey, regions)
        : undefined;
    read =
      plan && plan.blanked.length > 0
        ? readDocument({ uri, version, language, text: plan.text }, readOptions)
        : full;
  } catch (error) {
    return reply([documentFailed(error)], false);
  }

  onChecked?.(read.document.text);
  const checked = checkRead(read, request, isCancelled, stillWanted);
  if (checked.kind === 'cancelled') return cancelled;
  const { timedOut } = checked;
  // Findings from the region cache carry the silencing of the text they were checked in:
  // mark them again for this text (a comment added far from a region leaves its key as is).
  const findings =
    plan && regions
      ? markSuppressed(mergeFindings(full, plan, checked.findings, regions, !timedOut), full)
      : checked.findings;
  let readingJson: string | undefined;
  if (options.reading && !timedOut) {
    const shapes = read === full ? checked.shapesOnly : undefined;
    const analysis = shapes ?? shapesOnlyOf(full, isCancelled);
    if (!stillWanted()) return cancelled;
    if (analysis) readingJson = JSON.stringify(documentReading(analysis, findings));
  }
  return {
    type: 'result',
    id: request.id,
    uri,
    version,
    findings,
    durationMs: performance.now() - started,
    timedOut,
    ...(plan
      ? { reuse: { regionsReused: plan.blanked.length, regionsFresh: plan.fresh.length } }
      : {}),
    ...(readingJson !== undefined ? { readingJson } : {}),
  };
}

/** The two passes over what is sent to the core; cut short by the budget or a newer version. */
function checkRead(
  read: ReadDocument,
  request: CheckRequest,
  isCancelled: () => boolean,
  stillWanted: () => boolean,
): Checked {
  const { options } = request;
  const budget = options.timeBudgetMs;
  // Cancelled wins over timed out: nobody wants the answer for an old version.
  const stop = (shapesOnly: Analysis | undefined): Checked => {
    if (!stillWanted()) return { kind: 'cancelled' };
    return {
      kind: 'done',
      findings: shapesOnly ? markUnchecked(shapesOnly, budget) : [documentNotChecked(budget)],
      timedOut: true,
    };
  };
  if (isCancelled()) return stop(undefined);
  let shapesOnly: Analysis;
  try {
    shapesOnly = analyzeRead(read, { numeric: false, isCancelled });
  } catch (error) {
    if (error instanceof CancelledError) return stop(undefined);
    return { kind: 'done', findings: [documentFailed(error)], timedOut: false };
  }
  let findings = shapesOnly.findings;
  if (options.numeric !== false) {
    try {
      findings = analyzeRead(read, { numeric: options.numeric, isCancelled }).findings;
    } catch (error) {
      if (error instanceof CancelledError) return stop(shapesOnly);
      findings = markFailed(shapesOnly, error);
    }
  }
  findings = attachSuggestions(read, findings, isCancelled);
  return { kind: 'done', findings, timedOut: false, shapesOnly };
}

/**
 * Wrong gradient claims (mismatch, shape error) with the verified suggestions (the one the CLI
 * prints, and the derived gradient beside a smallest edit)
 * (core/derive/fix.ts), the first MAX_SUGGESTIONS_PER_CHECK of them in document order, while
 * the budget lasts. Attached before the region cache stores them, so reused regions keep theirs.
 */
export function attachSuggestions(
  read: ReadDocument,
  findings: Finding[],
  isCancelled: () => boolean,
): Finding[] {
  let left = MAX_SUGGESTIONS_PER_CHECK;
  return findings.map((finding) => {
    if (left === 0 || finding.suggestion || !wantsSuggestion(finding) || isCancelled())
      return finding;
    left--;
    try {
      return withSuggestionsOf(read, finding);
    } catch {
      // A suggestion is extra: its failure leaves the finding as it was.
      return finding;
    }
  });
}

function wantsSuggestion(finding: Finding): boolean {
  return (
    finding.kind === 'gradient' &&
    !finding.suppressed &&
    (finding.verdict === 'mismatch' || finding.verdict === 'shape-error')
  );
}

/** The shapes pass alone, or undefined when the budget ran out first. */
function shapesOnlyOf(read: ReadDocument, isCancelled: () => boolean): Analysis | undefined {
  try {
    return analyzeRead(read, { numeric: false, isCancelled });
  } catch (error) {
    if (error instanceof CancelledError) return undefined;
    throw error;
  }
}

/** The numeric pass failed outside any one claim: the shapes stand, each numeric claim says why it has no verdict. */
function markFailed(shapesOnly: Analysis, error: unknown): Finding[] {
  const unchecked = numericClaims(shapesOnly);
  return shapesOnly.findings.map((finding) =>
    unchecked.has(finding) ? internalErrorFinding(finding, error) : finding,
  );
}

/** The document could not even be read: one finding at its top, information, as for any internal error. */
function documentFailed(error: unknown): Finding {
  return internalErrorFinding(
    {
      kind: 'expression',
      verdict: 'unsupported',
      severity: 'information',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      latex: '',
      message: '',
    },
    error,
  );
}

/** The findings of the claims the numeric pass would judge (shapes agree, a numeric kind). */
function numericClaims(shapesOnly: Analysis): Set<Finding> {
  return new Set(
    shapesOnly.shapes.steps
      .filter((s) => s.shapesAgree && NUMERIC_KINDS.has(s.step.kind))
      .map((s) => s.finding),
  );
}

/** The shapes-only findings, with each claim the numeric pass would have judged marked as not checked. */
function markUnchecked(shapesOnly: Analysis, budget: number): Finding[] {
  const unchecked = numericClaims(shapesOnly);
  return shapesOnly.findings.map((finding) => {
    if (!unchecked.has(finding)) return finding;
    // from the finding's data, never its sentence
    const agree = finding.shapes?.lhs ? `shapes agree (${finding.shapes.lhs})` : 'shapes agree';
    return {
      ...finding,
      verdict: 'unsupported',
      severity: 'information',
      code: TIMEOUT_CODE,
      message: `${agree}; not checked numerically: the time budget of ${budget} ms for this document ran out`,
    };
  });
}

/** The budget ran out before even the shapes were done: one honest finding at the top. */
function documentNotChecked(budget: number): Finding {
  return {
    kind: 'expression',
    verdict: 'unsupported',
    severity: 'warning',
    code: TIMEOUT_CODE,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    latex: '',
    message: `not checked: the time budget of ${budget} ms for this document ran out before its shapes were worked out; no claim in it was checked`,
  };
}

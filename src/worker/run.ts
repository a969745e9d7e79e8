// One check inside the worker: read the document once, then two passes over it. The shapes
// pass is cheap and always lands first, so when the time budget runs out during the numeric
// pass the reply still carries every parse and shape finding, and each claim that was not
// checked numerically says so at its own range. (The core reports numeric verdicts only for
// the whole document, so the ones finished before the cut-off are not kept.)
import { analyzeRead, CancelledError, type Analysis } from '../core/analyze';
import { readPlainText } from '../core/plaintext/check';
import { internalErrorFinding } from '../core/check/internalError';
import { readDocument, type ReadDocument } from '../core/read';
import type { Finding } from '../core/report';
import {
  TIMEOUT_CODE,
  type CancelledReply,
  type CheckRequest,
  type ResultReply,
} from '../protocol/worker';

/** The step kinds analyzeRead checks numerically (when their shapes agree). */
const NUMERIC_KINDS = new Set(['gradient', 'equality', 'differential']);

export function runCheck(
  request: CheckRequest,
  stillWanted: () => boolean,
): ResultReply | CancelledReply {
  const started = performance.now();
  const { uri, version, language, text, options } = request;
  const budget = options.timeBudgetMs;
  const deadline = started + budget;
  const isCancelled = () => !stillWanted() || performance.now() >= deadline;

  const reply = (findings: Finding[], timedOut: boolean): ResultReply => ({
    type: 'result',
    id: request.id,
    uri,
    version,
    findings,
    durationMs: performance.now() - started,
    timedOut,
  });

  // Cancelled wins over timed out: nobody wants the answer for an old version.
  const stop = (shapesOnly: Analysis | undefined): ResultReply | CancelledReply => {
    if (!stillWanted()) return { type: 'cancelled', id: request.id, uri, version };
    return reply(
      shapesOnly ? markUnchecked(shapesOnly, budget) : [documentNotChecked(budget)],
      true,
    );
  };

  // A claim's own failure is already that claim's finding (analyzeRead); what escapes it (the read
  // itself) is this document's finding, never an error reply the host would show as a popup.
  let read: ReadDocument;
  let shapesOnly: Analysis;
  try {
    // Reading has no cancellation points of its own; the watchdog on the host covers a runaway read.
    read = options.expression
      ? readPlainText(options.expression, options.conventions)
      : readDocument(
          { uri, version, language, text },
          { macros: options.macros, conventions: options.conventions, sections: options.sections },
        );
    if (isCancelled()) return stop(undefined);
    shapesOnly = analyzeRead(read, { numeric: false, isCancelled });
  } catch (error) {
    if (error instanceof CancelledError) return stop(undefined);
    return reply([documentFailed(error)], false);
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
  return reply(findings, false);
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

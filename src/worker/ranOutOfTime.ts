// What a document gets when the watchdog had to stop the worker in the middle of it: one
// finding at its top. A slow document is that document's problem; it is reported like any
// other verdict instead of a worker failure, and the other documents keep being checked.
import type { Finding } from '../core/report';
import { TIMEOUT_CODE } from '../protocol/worker';

export function ranOutOfTime(budgetMs: number, graceMs: number): Finding {
  return {
    kind: 'expression',
    verdict: 'unsupported',
    severity: 'warning',
    code: TIMEOUT_CODE,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    latex: '',
    message: `not checked: ran out of time (the check ran past its time budget of ${budgetMs} ms + ${graceMs} ms grace and was stopped); no claim in this document was checked`,
  };
}

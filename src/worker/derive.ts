// "Derive Gradient…" in the worker: read the document, find the objective, derive it with its
// differential steps and check every row (core/derive/deriveAt.ts). Never on the editor thread.
import { deriveAt } from '../core/derive/deriveAt';
import { DeriveUnsupported } from '../core/derive/expand';
import { readDocument } from '../core/read';
import type { DeriveOutcome, DeriveRequest } from '../protocol/worker';

export function runDerive(request: DeriveRequest): DeriveOutcome {
  const { uri, version, language, text, options } = request;
  const read = readDocument({ uri, version, language, text }, options);
  let result: ReturnType<typeof deriveAt>;
  try {
    result = deriveAt(read, request.where, request.wrt, request.preferNamed === true);
  } catch (error) {
    if (error instanceof DeriveUnsupported) return { kind: 'failed', reason: error.message };
    throw error;
  }
  if (result.kind !== 'derived') return result;
  const { steps, wrt } = result;
  return {
    kind: 'derived',
    wrt,
    rows: steps.rows.map(({ lhs, rhs, verdict, relError }) => ({
      lhs,
      rhs,
      verdict,
      ...(relError !== undefined ? { relError } : {}),
    })),
    block: steps.block,
    insertAt: steps.insertAt,
    inserted: steps.inserted,
    ...(steps.stepsDropped ? { stepsDropped: steps.stepsDropped } : {}),
  };
}

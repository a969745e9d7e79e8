// A claim whose check threw is a GradLens bug, and that claim's finding says so: never a crashed
// document, and the document's other claims are still checked (analyze.ts, shapeCheck.ts).
import { diagnosisFields, type Finding } from '../report';

/** The diagnostic code of a claim that could not be checked because GradLens failed. */
export const INTERNAL_ERROR_CODE = 'gradlens.internal';

/** Where a claim's check may be made to fail on purpose: the tests' seam (AnalyzeOptions.onClaim). */
export type ClaimPhase = 'shapes' | 'numeric';

/** Called before each claim's check with its phase and the claim's start offset. */
export type ClaimHook = (phase: ClaimPhase, start: number) => void;

/** `base` (the claim's finding so far) turned into "could not check this: internal error". */
export function internalErrorFinding(base: Finding, error: unknown): Finding {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    kind: base.kind,
    verdict: 'unsupported',
    severity: 'information',
    range: base.range,
    message: `could not check this: internal error, please report it (${what})`,
    latex: base.latex,
    ...(base.wrt !== undefined ? { wrt: base.wrt } : {}),
    ...(base.shapes !== undefined ? { shapes: base.shapes } : {}),
    code: INTERNAL_ERROR_CODE,
    ...diagnosisFields({ kind: 'internal-error' }),
  };
}

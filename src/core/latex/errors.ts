// A problem found while reading math: a syntax error, or something we know we do not handle.
import type { LimitName } from '../limits';

export class LatexError extends Error {
  constructor(
    readonly kind: 'parse' | 'unsupported',
    message: string,
    readonly start: number,
    readonly end: number,
    /** The limit of src/core/limits.ts that stopped the reading, when one did. */
    readonly limit?: LimitName,
  ) {
    super(message);
  }
}

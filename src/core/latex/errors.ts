// A problem found while reading math: a syntax error, or something we know we do not handle.

export class LatexError extends Error {
  constructor(
    readonly kind: 'parse' | 'unsupported',
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

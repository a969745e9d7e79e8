// What the core did for one document, counted where the work is done: the measure the budgets
// of limits.ts are checked against, and what tests read to bound the work on hostile input.

export interface WorkCounts {
  /** Tokens produced and scanned by macro expansion, over the whole document. */
  macroWork: number;
  /** Tokens handed to the parser, over all statements. */
  tokensParsed: number;
  /** Expression nodes the parser built, over all statements. */
  nodesParsed: number;
  /** Tokens the parser read ahead in runs of letters (at most a word's length per letter). */
  letterScan: number;
  /** Statements parsed. */
  statementsParsed: number;
  /** Claims checked numerically. */
  numericClaims: number;
}

export function newWorkCounts(): WorkCounts {
  return {
    macroWork: 0,
    tokensParsed: 0,
    nodesParsed: 0,
    letterScan: 0,
    statementsParsed: 0,
    numericClaims: 0,
  };
}

// A fact: one thing the note says (or shows) about a symbol or a dimension, where it was said,
// and where it holds. The fact table (table.ts) is the only way later stages learn what a
// name means.
import type { DimSpec } from '../latex/ast';
import type { Property } from './kinds';

/** Where a fact comes from, strongest last: a directive beats what is said, which beats use. */
export type FactVia = 'setting' | 'use' | 'math' | 'prose' | 'directive';

export const VIA_STRENGTH: Record<FactVia, number> = {
  setting: 0,
  use: 1,
  math: 2,
  prose: 2,
  directive: 3,
};

export interface FactSource {
  via: FactVia;
  /** Source offsets of what was said ('use': the use that shows it). */
  start: number;
  end: number;
  /** 0-based line of `start`. */
  line: number;
  /** The words or math as written, for messages: "a symmetric weight matrix $W$". */
  quote: string;
}

export type Role = 'count' | 'family' | 'function' | 'parameter' | 'upstream-gradient';

export type SizeRelation = '>' | '<' | '≥' | '≤' | '=';

export type FactSays =
  /** [] scalar, [n] vector, [m, n] matrix. */
  | { kind: 'shape'; dims: DimSpec[] }
  /**
   * `negated`: the note denies it ("$A$ is not necessarily symmetric", "$\mathbf x$ can have
   * negative entries"): it does not hold, nor anything that implies it, whatever use suggests.
   */
  | { kind: 'property'; property: Property; negated?: true }
  /** "the rows of $X$ are $x_i^T$": the family is a matrix's rows or columns. */
  | { kind: 'family-source'; matrix: string; along: 'rows' | 'columns' }
  | { kind: 'role'; role: Role }
  /** Subject is a dimension: m > n, m = n, n = 3. */
  | { kind: 'size'; relation: SizeRelation; than: string | number }
  /** "X has full column rank". */
  | { kind: 'rank'; full: 'column' | 'row' };

export type FactSubject = { symbol: string; display: string } | { dimension: string };

export interface Fact {
  subject: FactSubject;
  says: FactSays;
  source: FactSource;
  /** Source offsets where the fact holds, set by the table once every fact is collected. */
  scope?: { from: number; to: number };
  /**
   * A condition a sentence states its claims under ("… = 2Ax when $A$ is symmetric"): the
   * fact holds in these offsets only, whatever the letter's epochs.
   */
  condition?: { from: number; to: number };
}

export function subjectName(subject: FactSubject): string {
  return 'symbol' in subject ? subject.symbol : subject.dimension;
}

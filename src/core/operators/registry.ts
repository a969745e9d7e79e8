// Every binary operator GradLens knows, by name, and the lookups its readers use. A new operator
// is one file in this folder and one line here; OperatorName (BinaryOp) follows from the keys.
import type { Level, OperatorDefinition } from './define';
import { div } from './div';
import { frob } from './frob';
import { hadamard } from './hadamard';
import { kron } from './kron';
import { mul } from './mul';
import { add, sub } from './sums';

const OPERATORS = { add, sub, mul, hadamard, div, kron, frob };

export type OperatorName = keyof typeof OPERATORS;

export const OPERATOR_NAMES = Object.keys(OPERATORS) as OperatorName[];

/** The entries in registry order. */
export const ALL_OPERATORS: readonly OperatorDefinition[] = Object.values(OPERATORS);

export function operatorNamed(name: OperatorName): OperatorDefinition {
  return OPERATORS[name];
}

function bySpelling(spellings: (o: OperatorDefinition) => readonly string[]) {
  const map = new Map<string, OperatorName>();
  for (const o of ALL_OPERATORS) for (const s of spellings(o)) map.set(s, o.name);
  return map;
}

/** The LaTeX infix spellings of the operators that bind at `level` (\odot → hadamard). */
export const latexOperators = (level: Level): ReadonlyMap<string, OperatorName> =>
  bySpelling((o) => (o.level === level ? o.latex : []));

/** Plain-text (mathjs) infix operators → the operator: .* → hadamard. */
export const PLAIN_OPERATORS = bySpelling((o) => o.plain.operators);
/** Plain-text function spellings → the operator: dotMultiply(A, B) → hadamard. */
export const PLAIN_OPERATOR_FUNCTIONS = bySpelling((o) => o.plain.functions);

// Facts written as math that are conditions rather than claims: QᵀQ = I and QQᵀ = I (Q is
// orthogonal), 𝟏ᵀy = 1 (y sums to one: with y nonnegative or a label, a probability vector),
// dA = 0 (A is a constant of the note, a parameter). The first two still hold on every draw and
// stay claims; dA = 0 says what varies, which no draw can check.
import type { Chain, Expr, SymbolNode } from '../../latex/ast';
import type { Fact, FactSource } from '../fact';
import type { Property } from '../kinds';

const isSymbol = (e: Expr): e is SymbolNode => e.type === 'symbol';

/** `QᵀQ` or `QQᵀ` (also with ^\top): the Q, else undefined. */
function gramOf(e: Expr): SymbolNode | undefined {
  if (e.type !== 'binary' || e.op !== 'mul') return undefined;
  const { left, right } = e;
  if (left.type === 'transpose' && isSymbol(left.arg) && isSymbol(right))
    return left.arg.name === right.name ? right : undefined;
  if (right.type === 'transpose' && isSymbol(right.arg) && isSymbol(left))
    return right.arg.name === left.name ? left : undefined;
  return undefined;
}

/** `𝟏ᵀy`, `y^T 𝟏`: the y. */
function sumOf(e: Expr): SymbolNode | undefined {
  if (e.type !== 'binary' || e.op !== 'mul') return undefined;
  const { left, right } = e;
  if (left.type === 'transpose' && left.arg.type === 'ones' && isSymbol(right)) return right;
  if (right.type === 'ones' && left.type === 'transpose' && isSymbol(left.arg)) return left.arg;
  return undefined;
}

const isOne = (e: Expr) => e.type === 'number' && e.value === 1;

/** What a chain of equalities states as a condition on a symbol, if it is one. */
function conditionOf(operands: Expr[]): { symbol: SymbolNode; property: Property } | undefined {
  const last = operands[operands.length - 1];
  const rest = operands.slice(0, -1);
  if (rest.length === 0) return undefined;
  if (last.type === 'identity') {
    const grams = rest.map(gramOf);
    const q = grams[0];
    if (q && grams.every((g) => g?.name === q.name)) return { symbol: q, property: 'orthogonal' };
  }
  if (isOne(last) && rest.length === 1) {
    const y = sumOf(rest[0]);
    if (y) return { symbol: y, property: 'probability' };
  }
  return undefined;
}

/** The fact a chain states as a condition (QᵀQ = I, 𝟏ᵀy = 1), or undefined for anything else. */
export function mathConditionFacts(
  chain: Chain,
  text: string,
  lineOf: (offset: number) => number,
): Fact[] {
  if (chain.relations.some((r) => r.op !== '=')) return [];
  const found = conditionOf(chain.operands);
  if (!found) return [];
  const source: FactSource = {
    via: 'math',
    start: chain.span.start,
    end: chain.span.end,
    line: lineOf(chain.span.start),
    quote: text.slice(chain.span.start, chain.span.end),
  };
  return [
    {
      subject: { symbol: found.symbol.name, display: found.symbol.display },
      says: { kind: 'property', property: found.property },
      source,
    },
  ];
}

/** dA = 0, dA = 𝟎: A is held constant (a parameter); the statement is a condition. */
export function constantFacts(
  chain: Chain,
  text: string,
  lineOf: (offset: number) => number,
): Fact[] {
  if (chain.relations.length !== 1 || chain.relations[0].op !== '=') return [];
  const [lhs, rhs] = chain.operands;
  const zero = rhs.type === 'zero' || (rhs.type === 'number' && rhs.value === 0);
  if (!zero || lhs.type !== 'differential' || lhs.arg.type !== 'symbol') return [];
  return [
    {
      subject: { symbol: lhs.arg.name, display: lhs.arg.display },
      says: { kind: 'role', role: 'parameter' },
      source: {
        via: 'math',
        start: chain.span.start,
        end: chain.span.end,
        line: lineOf(chain.span.start),
        quote: text.slice(chain.span.start, chain.span.end),
      },
    },
  ];
}

// "the cross entropy loss $L = -\sum_k y_k \log a_k$": a cross-entropy compares the model's
// distribution with a target distribution, so the note has said that y is a probability vector
// (one-hot labels are one), as surely as if it had written 𝟏ᵀy = 1.
import type { Chain, Expr } from '../../latex/ast';
import type { Fact } from '../fact';

const NAMED = /cross[-\s]?entropy/i;
/** How far before a formula the words may stand: its sentence, heading or list item. */
const WORDS_BEFORE = 160;

/** The target's name in −Σ_k y_k log a_k or −yᵀ log a, or undefined. */
function targetOf(expr: Expr): { name: string; display: string } | undefined {
  if (expr.type !== 'neg') return undefined;
  const inner = expr.arg.type === 'sum' ? expr.arg.body : expr.arg;
  if (inner.type !== 'binary' || inner.op !== 'mul') return undefined;
  const [left, right] = [inner.left, inner.right];
  if (right.type !== 'call' || right.fn !== 'log') return undefined;
  if (left.type === 'entry' && left.base.type === 'symbol')
    return { name: left.base.name, display: left.base.display };
  if (left.type === 'transpose' && left.arg.type === 'symbol')
    return { name: left.arg.name, display: left.arg.display };
  return undefined;
}

export function crossEntropyFacts(
  chain: Chain,
  text: string,
  regionStart: number,
  lineOf: (offset: number) => number,
): Fact[] {
  const before = text.slice(Math.max(0, regionStart - WORDS_BEFORE), regionStart);
  const words = NAMED.exec(before);
  if (!words) return [];
  for (const operand of chain.operands.slice(1)) {
    const target = targetOf(operand);
    if (!target) continue;
    const start = before.length - words.index;
    return [
      {
        subject: { symbol: target.name, display: target.display },
        says: { kind: 'property', property: 'probability' },
        source: {
          via: 'prose',
          start: regionStart - start,
          end: chain.span.end,
          line: lineOf(regionStart - start),
          quote: text.slice(regionStart - start, chain.span.end),
        },
      },
    ];
  }
  return [];
}

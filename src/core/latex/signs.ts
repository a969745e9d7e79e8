// a ± b: a claim with ± (and ∓) says two things, one with the upper signs and one with the lower.
// Each reading is parsed on its own tokens: the parser never sees ±.
import type { Token } from './token';

const DOUBLE_SIGNS = new Set(['\\pm', '\\mp']);

export function hasDoubleSign(tokens: readonly Token[]): boolean {
  return tokens.some((t) => DOUBLE_SIGNS.has(t.text));
}

/** The tokens with ± read as + (upper) or − (lower), and ∓ the other way. */
export function withSigns(tokens: readonly Token[], signs: 'upper' | 'lower'): Token[] {
  return tokens.map((t) => {
    if (!DOUBLE_SIGNS.has(t.text)) return t;
    const plus = (t.text === '\\pm') === (signs === 'upper');
    return { ...t, kind: 'symbol', text: plus ? '+' : '-' };
  });
}

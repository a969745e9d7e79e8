// σ'(z), \tanh'(z): the derivative of an elementwise function written with a prime, as in
// backprop notes (δ = (A − Y) ⊙ σ'(Z)). Rewritten into what it equals with the functions
// GradLens already knows (each function's `prime`, src/core/functions), so its shape and value
// are checked like any expression.
import type { PrimeBuilder } from '../functions/define';
import { functionNamed } from '../functions/registry';
import type { Expr, FunctionName, Span } from './ast';

/** The derivative of `fn` applied entrywise to `x`, or why it cannot be written. */
export function primeDerivative(
  fn: FunctionName,
  x: Expr,
  span: Span,
): Expr | { unsupported: string } {
  const prime = functionNamed(fn).prime;
  if (!prime)
    return {
      unsupported: `${fn}′(…): a derivative written with a prime of ${fn} cannot be checked`,
    };
  if ('unsupported' in prime) return prime;
  const at = { start: span.start, end: span.start };
  const builder: PrimeBuilder = {
    x,
    one: { type: 'number', value: 1, span },
    call: (f) => ({ type: 'call', fn: f, args: [x], span }),
    binary: (op, left, right) => ({ type: 'binary', op, left, right, opSpan: at, span }),
    square: (arg) => ({
      type: 'power',
      arg,
      exponent: { type: 'number', value: 2, span },
      elementwise: true,
      span,
    }),
    neg: (arg) => ({ type: 'neg', arg, span }),
  };
  return prime(builder);
}

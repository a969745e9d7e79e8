// σ'(z), \tanh'(z): the derivative of an elementwise function written with a prime, as in
// backprop notes (δ = (A − Y) ⊙ σ'(Z)). Rewritten into what it equals with the functions
// GradLens already knows, so its shape and value are checked like any expression.
import type { Expr, FunctionName, Span } from './ast';

/** The derivative of `fn` applied entrywise to `x`, or why it cannot be written. */
export function primeDerivative(
  fn: FunctionName,
  x: Expr,
  span: Span,
): Expr | { unsupported: string } {
  const at = { start: span.start, end: span.start };
  const one: Expr = { type: 'number', value: 1, span };
  const call = (f: FunctionName): Expr => ({ type: 'call', fn: f, args: [x], span });
  const binary = (op: 'sub' | 'hadamard' | 'div', left: Expr, right: Expr): Expr => ({
    type: 'binary',
    op,
    left,
    right,
    opSpan: at,
    span,
  });
  switch (fn) {
    case 'sigmoid': // σ' = σ ⊙ (1 − σ)
      return binary('hadamard', call('sigmoid'), binary('sub', one, call('sigmoid')));
    case 'tanh': // tanh' = 1 − tanh²
      return binary('sub', one, {
        type: 'power',
        arg: call('tanh'),
        exponent: { type: 'number', value: 2, span },
        elementwise: true,
        span,
      });
    case 'exp':
      return call('exp');
    case 'log': // 1 ⊘ x
      return binary('div', one, x);
    case 'sin':
      return call('cos');
    case 'cos':
      return { type: 'neg', arg: call('sin'), span };
    case 'relu':
      return {
        unsupported: 'relu′ is a step function, not differentiable at 0: it cannot be checked',
      };
    default:
      return {
        unsupported: `${fn}′(…): a derivative written with a prime of ${fn} cannot be checked`,
      };
  }
}

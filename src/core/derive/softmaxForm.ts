// exp(u) ⊘ (𝟏ᵀ exp(u)) is softmax(u): a term whose denominator is (𝟏ᵀ exp(u))ᵏ and whose
// product holds k factors exp(u), exp(u)ᵀ or diag(exp(u)) is written with p = softmax(u), so
// the Hessian of log-sum-exp reads diag(p) − p pᵀ, as textbooks print it. A term where the
// powers do not pair up exactly is left as it is.
import type { Expr } from '../latex/ast';
import { printExpr } from '../latex/print';
import { call, product, transpose } from './nodes';
import { flattenProduct } from './reverse';
import type { DerivationShapes } from './shapes';

export function withSoftmax(expr: Expr, shapes: DerivationShapes): Expr {
  const scalar = (e: Expr) => shapes.isScalar(e);
  const go = (e: Expr): Expr => {
    switch (e.type) {
      case 'binary': {
        const node = { ...e, left: go(e.left), right: go(e.right) };
        if (node.op !== 'div') return node;
        return rewriteQuotient(node.left, node.right, scalar, shapes) ?? node;
      }
      case 'neg':
      case 'transpose':
        return { ...e, arg: go(e.arg) };
      case 'call':
        return { ...e, args: e.args.map(go) };
      default:
        return e;
    }
  };
  return go(expr);
}

/** numerator ⊘ (𝟏ᵀexp(u))ᵏ with k softmax factors in the numerator: the product of p's. */
function rewriteQuotient(
  numerator: Expr,
  denominator: Expr,
  scalar: (e: Expr) => boolean,
  shapes: DerivationShapes,
): Expr | undefined {
  const power = sumOfExpPower(denominator);
  if (!power) return undefined;
  const { u, k } = power;
  const key = printExpr(u);
  const p = () => shapes.give(call('softmax', u), shapes.of(u));
  let found = 0;
  const factors = flattenProduct(numerator, scalar).map((f) => {
    if (isExpOf(f, key)) return (found++, p());
    if (f.type === 'transpose' && isExpOf(f.arg, key)) return (found++, transpose(p()));
    if (f.type === 'call' && f.fn === 'exp' && isTransposeOf(f.args[0], key))
      return (found++, transpose(p()));
    if (f.type === 'call' && f.fn === 'diag' && isExpOf(f.args[0], key))
      return (found++, shapes.give(call('diag', p()), shapes.of(f)));
    return f;
  });
  if (found !== k) return undefined;
  const rewritten = product(factors);
  return shapes.give(rewritten, shapes.of(numerator));
}

/** (𝟏ᵀ exp(u))ᵏ: u and k. */
function sumOfExpPower(e: Expr): { u: Expr; k: number } | undefined {
  if (e.type === 'power' && !e.elementwise && e.exponent.type === 'number') {
    const inner = sumOfExpPower(e.arg);
    const k = e.exponent.value;
    return inner && Number.isInteger(k) && inner.k === 1 ? { u: inner.u, k } : undefined;
  }
  if (
    e.type === 'binary' &&
    e.op === 'mul' &&
    e.left.type === 'transpose' &&
    e.left.arg.type === 'ones' &&
    e.right.type === 'call' &&
    e.right.fn === 'exp'
  )
    return { u: e.right.args[0], k: 1 };
  return undefined;
}

function isExpOf(e: Expr, key: string): boolean {
  return e.type === 'call' && e.fn === 'exp' && printExpr(e.args[0]) === key;
}

/** uᵀ as the simplifier writes it, transposes pushed to the leaves (wᵀXᵀ for (Xw)ᵀ). */
function isTransposeOf(e: Expr, key: string): boolean {
  if (e.type === 'transpose') return printExpr(e.arg) === key;
  return transposeKey(e) === key;
}

function transposeKey(e: Expr): string | undefined {
  // (Xw)ᵀ = wᵀXᵀ: reverse the factors and transpose each
  if (e.type !== 'binary' || e.op !== 'mul') return undefined;
  const factors: Expr[] = [];
  const spread = (x: Expr) => {
    if (x.type === 'binary' && x.op === 'mul') {
      spread(x.left);
      spread(x.right);
    } else factors.push(x);
  };
  spread(e);
  if (!factors.every((f) => f.type === 'transpose')) return undefined;
  const back = factors.reverse().map((f) => (f as { arg: Expr }).arg);
  return printExpr(product(back));
}

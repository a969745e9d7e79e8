// Building expression trees that no source wrote: a derived gradient's nodes carry an empty
// span (they point at nothing in the note) and are made only through these constructors.
import type { BinaryOp, Expr, FunctionName } from '../latex/ast';

const NOWHERE = { start: 0, end: 0 };

export const num = (value: number): Expr => ({ type: 'number', value, span: NOWHERE });

export const binary = (op: BinaryOp, left: Expr, right: Expr): Expr => ({
  type: 'binary',
  op,
  left,
  right,
  opSpan: NOWHERE,
  span: NOWHERE,
});

export const neg = (arg: Expr): Expr => ({ type: 'neg', arg, span: NOWHERE });
export const transpose = (arg: Expr): Expr => ({ type: 'transpose', arg, span: NOWHERE });
export const inverse = (arg: Expr): Expr => ({ type: 'inverse', arg, span: NOWHERE });
export const call = (fn: FunctionName, ...args: Expr[]): Expr => ({
  type: 'call',
  fn,
  args,
  span: NOWHERE,
});
export const power = (arg: Expr, exponent: number, elementwise: boolean): Expr => ({
  type: 'power',
  arg,
  exponent: num(exponent),
  elementwise,
  span: NOWHERE,
});
export const ones = (): Expr => ({ type: 'ones', span: NOWHERE });
export const identity = (): Expr => ({ type: 'identity', span: NOWHERE });

export const mul = (a: Expr, b: Expr) => binary('mul', a, b);
export const add = (a: Expr, b: Expr) => binary('add', a, b);
export const sub = (a: Expr, b: Expr) => binary('sub', a, b);
export const hadamard = (a: Expr, b: Expr) => binary('hadamard', a, b);
export const div = (a: Expr, b: Expr) => binary('div', a, b);
export const frob = (a: Expr, b: Expr) => binary('frob', a, b);

/** The product of factors left to right; the empty product is the number 1. */
export function product(factors: Expr[]): Expr {
  if (factors.length === 0) return num(1);
  return factors.reduce((acc, f) => mul(acc, f));
}

/** Nodes in a tree: the size measure of the bench (textbook form against derived form). */
export function nodeCount(expr: Expr): number {
  let n = 1;
  switch (expr.type) {
    case 'binary':
      return n + nodeCount(expr.left) + nodeCount(expr.right);
    case 'neg':
    case 'transpose':
    case 'inverse':
    case 'norm':
      return n + nodeCount(expr.arg);
    case 'power':
      return n + nodeCount(expr.arg) + nodeCount(expr.exponent);
    case 'call':
      for (const a of expr.args) n += nodeCount(a);
      return n;
    default:
      return n;
  }
}

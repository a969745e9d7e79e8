// A structural map over the expression tree: children first, then the node itself.
import type { Expr, SumIndex } from './ast';

export function mapExpr(node: Expr, fn: (node: Expr) => Expr, depth = 0): Expr {
  if (depth > 400) return node; // deep garbage stays as it is; the parser bounds real input
  const m = (e: Expr) => mapExpr(e, fn, depth + 1);
  const opt = (e: Expr | undefined) => (e ? m(e) : e);
  let out: Expr;
  switch (node.type) {
    case 'entry':
      out = { ...node, base: m(node.base) };
      break;
    case 'sum':
      out = {
        ...node,
        indices: node.indices.map((i): SumIndex => ({
          ...i,
          lower: opt(i.lower),
          upper: opt(i.upper),
        })),
        body: m(node.body),
      };
      break;
    case 'binary':
      out = { ...node, left: m(node.left), right: m(node.right) };
      break;
    case 'neg':
    case 'transpose':
    case 'inverse':
    case 'norm':
    case 'differential':
      out = { ...node, arg: m(node.arg) };
      break;
    case 'power':
      out = { ...node, arg: m(node.arg), exponent: m(node.exponent) };
      break;
    case 'call':
    case 'apply':
      out = { ...node, args: node.args.map(m) };
      break;
    case 'grad':
      out = { ...node, f: m(node.f), wrt: opt(node.wrt) };
      break;
    case 'matrix':
      out = { ...node, rows: node.rows.map((r) => r.map(m)) };
      break;
    case 'pattern':
      out = { ...node, term: m(node.term) };
      break;
    case 'tuple':
      out = { ...node, items: node.items.map(m) };
      break;
    default:
      out = node;
  }
  return fn(out);
}

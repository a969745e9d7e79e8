// A B, A \cdot B, A \times B: the matrix product, or scaling when a side is a scalar; u · v of
// two column vectors is their dot product. Juxtaposition is the parser's syntax.
import { frob, mul as mulNode, product, transpose } from '../derive/nodes';
import type { Expr } from '../latex/ast';
import type { Shape } from '../shape/dims';
import {
  bothSigns,
  defineOperator,
  PRINT_LEVEL,
  type BinaryNode,
  type OperatorAdjointContext,
  type OperatorShapeRules,
} from './define';

/** 𝟏ᵀ (also written (𝟏)ᵀ): the row of ones that sums what follows it. */
function isOnesTransposed(node: Expr): boolean {
  return node.type === 'transpose' && node.arg.type === 'ones';
}

function productShape(
  node: BinaryNode,
  left: Shape,
  right: Shape,
  rules: OperatorShapeRules,
): Shape {
  const { store } = rules;
  if (node.dot && rules.isColumnVector(left) && rules.isColumnVector(right))
    return dotShape(node, left, right, rules);
  if (rules.maybeScalar(left)) {
    // a scalar spelled like one scales what follows; if what follows is scalar-like too the
    // product stays scalar-like
    return right;
  }
  if (
    rules.maybeScalar(right) &&
    !rules.isScalar(right) &&
    !rules.isLiteral(node.right) &&
    isOnesTransposed(node.left)
  ) {
    // 𝟏ᵀ f(z) sums the entries of f(z): what it sums is a column, so z is a vector.
    if (store.unify(right.rows, left.cols) && store.unify(right.cols, store.one()))
      return rules.scalar();
  }
  if (rules.maybeScalar(right)) {
    // A x with x spelled like a scalar: the use makes x a vector. Anything else scales.
    if (
      node.right.type === 'symbol' &&
      !rules.isScalar(right) &&
      store.unify(right.rows, left.cols)
    ) {
      // …a column vector, never a matrix: a later `Ax + A` is an error, not x becoming n×n.
      store.unify(right.cols, store.one());
      return { rows: left.rows, cols: right.cols };
    }
    return left;
  }
  if (!store.unify(left.cols, right.rows)) {
    rules.problem(
      () =>
        `cannot multiply ${rules.describe(node.left)} by ${rules.describe(node.right)}: ${rules.label(left.cols)} columns against ${rules.label(right.rows)} rows`,
      [node.left, node.right],
    );
    return { rows: left.rows, cols: right.cols };
  }
  return { rows: left.rows, cols: right.cols };
}

/** u · v between two column vectors: the dot product uᵀv, a scalar (as physics and ML notes write it). */
function dotShape(node: BinaryNode, left: Shape, right: Shape, rules: OperatorShapeRules): Shape {
  if (!rules.store.unify(left.rows, right.rows)) {
    rules.problem(
      () =>
        `the dot product needs vectors of one length, but ${rules.describe(node.left)} and ${rules.describe(node.right)} differ`,
      [node.left, node.right],
    );
  }
  rules.markDotProduct();
  return rules.scalar();
}

/**
 * The factors of a product, nested products flattened, except those that are scalars in
 * their own right (xᵀy in (xᵀy) z): they scale, they do not chain.
 */
export function flattenProduct(node: Expr, scalar: (e: Expr) => boolean): Expr[] {
  if (node.type !== 'binary' || node.op !== 'mul') return [node];
  const side = (e: Expr) =>
    e.type === 'binary' && e.op === 'mul' && !scalar(e) ? flattenProduct(e, scalar) : [e];
  return [...side(node.left), ...side(node.right)];
}

/**
 * A product read as scalars times a chain of matrices: the adjoint of a chain factor is
 * (the factors before it)ᵀ g (the factors after it)ᵀ, that of a scalar ⟨g, the rest⟩.
 */
function productAdjoint(node: BinaryNode, g: Expr, ctx: OperatorAdjointContext): void {
  const factors = flattenProduct(node, ctx.isScalar);
  const scalars = factors.filter(ctx.isScalar);
  const chain = factors.filter((f) => !ctx.isScalar(f));
  for (const [i, s] of scalars.entries()) {
    if (!ctx.dependsOn(s)) continue;
    const others = scalars.filter((_, j) => j !== i);
    const rest = chain.length === 0 ? g : frob(g, product(chain));
    ctx.back(s, product([...others, rest]));
  }
  for (const [i, m] of chain.entries()) {
    if (!ctx.dependsOn(m)) continue;
    const before = chain.slice(0, i);
    const after = chain.slice(i + 1);
    const parts = [...scalars];
    if (before.length) parts.push(transpose(product(before)));
    parts.push(g);
    if (after.length) parts.push(transpose(product(after)));
    ctx.back(m, product(parts));
  }
}

export const mul = defineOperator({
  name: 'mul',
  level: 'product',
  latex: ['\\cdot', '\\bullet', '\\times', '*', '\\ast'],
  plain: { operators: ['*'], functions: ['multiply'] },
  shape: productShape,
  sign: (node, rules) =>
    rules.quadraticForm(node)
      ? 'positive'
      : bothSigns(rules.sign(node.left), rules.sign(node.right)),
  evaluate: (a, b, { tape, ops, isDotProduct }) =>
    isDotProduct() ? ops.frob(tape, a, b) : ops.mul(tape, a, b),
  adjoint: productAdjoint,
  differential: (node, da, db, ctx) =>
    ctx.sum(da && mulNode(da, node.right), db && mulNode(node.left, db)),
  print: {
    text: (node, left, right, { tight }) =>
      node.dot ? `${left} · ${right}` : tight() ? `${left}${right}` : `${left} ${right}`,
    latex: (node, l, r, { wrap, boxedInProduct }) => {
      // an elementwise product inside a matrix product gets its own parentheses
      const left = boxedInProduct(node.left)
        ? `\\left(${l.text}\\right)`
        : wrap(l, PRINT_LEVEL.product);
      const right =
        boxedInProduct(node.right) || r.level <= PRINT_LEVEL.unary
          ? `\\left(${r.text}\\right)`
          : r.text;
      const space = /[A-Za-z0-9]$/.test(left) && /^[A-Za-z0-9]/.test(right) ? ' ' : '';
      // 2·3, and X' (…) which would read as a derivative X′(…)
      const dot =
        (/\d$/.test(left) && /^\d/.test(right)) ||
        (left.endsWith("'") && /^\\left\(|^\(/.test(right));
      return { text: `${left}${dot ? ' \\cdot ' : space}${right}`, level: PRINT_LEVEL.product };
    },
  },
});

// A : B, ⟨A, B⟩: the Frobenius inner product Σ_ij A_ij B_ij of two matrices of one shape.
import { frob as frobNode, mul } from '../derive/nodes';
import { defineOperator, PRINT_LEVEL, signOfBoth } from './define';

export const frob = defineOperator({
  name: 'frob',
  level: 'inner',
  // ⟨A, B⟩ is the parser's syntax
  latex: [':'],
  plain: { operators: [], functions: ['dot'] },
  operandsAre: { matrixWhenUppercase: true },
  shape: (node, left, right, rules) => {
    if (!rules.unifyShapes(left, right)) {
      rules.problem(
        () =>
          `the Frobenius product A : B needs equal shapes, but ${rules.describe(node.left)} and ${rules.describe(node.right)} differ`,
        [node.left, node.right],
      );
    }
    return rules.scalar();
  },
  // a sum of products: the value needs nothing of the right side's sign
  domain: { right: 'free' },
  sign: signOfBoth,
  evaluate: (a, b, { tape, ops }) => ops.frob(tape, a, b),
  adjoint: (node, g, ctx) => {
    ctx.back(node.left, mul(g, node.right));
    ctx.back(node.right, mul(g, node.left));
  },
  differential: (node, da, db, ctx) =>
    ctx.sum(da && frobNode(da, node.right), db && frobNode(node.left, db)),
  print: {
    text: ' : ',
    latex: (_node, l, r, { style, wrap }) =>
      style.frobenius === 'angle'
        ? { text: `\\left\\langle ${l.text}, ${r.text}\\right\\rangle`, level: PRINT_LEVEL.atom }
        : {
            text: `${wrap(l, PRINT_LEVEL.product)} : ${wrap(r, PRINT_LEVEL.product)}`,
            level: PRINT_LEVEL.inner,
          },
  },
});

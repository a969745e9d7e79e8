// A ⊙ B, A ∘ B: the entrywise product; a number beside a matrix scales it (2 ⊙ A).
import { hadamard as hadamardNode } from '../derive/nodes';
import { defineOperator, elementwiseProblem, PRINT_LEVEL, signOfBoth } from './define';

export const hadamard = defineOperator({
  name: 'hadamard',
  level: 'product',
  latex: ['\\odot', '\\circ'],
  plain: { operators: ['.*'], functions: ['dotMultiply'] },
  operandsAre: { matrixWhenUppercase: true },
  shape: (node, left, right, rules) => {
    if (rules.maybeScalar(left) && !rules.maybeScalar(right) && rules.isLiteral(node.left))
      return right;
    return elementwiseProblem(node, 'the Hadamard product', left, right, rules);
  },
  sign: signOfBoth,
  evaluate: (a, b, { tape, ops }) => ops.hadamard(tape, a, b),
  adjoint: (node, g, ctx) => {
    const { left: a, right: b } = node;
    ctx.back(a, ctx.reduceTo(a, node, hadamardNode(g, b)));
    ctx.back(b, ctx.reduceTo(b, node, hadamardNode(g, a)));
  },
  differential: (node, da, db, ctx) =>
    ctx.sum(da && ctx.times(da, node.right), db && ctx.times(node.left, db)),
  print: {
    text: ' ⊙ ',
    latex: (node, l, r, { style, wrap }) => ({
      // ⊙ is associative: a ⊙ b ⊙ c needs no parentheses on the left
      text: `${node.left.type === 'binary' && node.left.op === 'hadamard' ? l.text : wrap(l, PRINT_LEVEL.atom - 1)} ${style.hadamard} ${wrap(r, PRINT_LEVEL.postfix)}`,
      level: PRINT_LEVEL.product,
    }),
    boxedInProduct: true,
  },
});

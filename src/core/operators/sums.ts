// a + b and a − b: equal shapes (a number broadcasts: 1 − σ(z)); they differ only in the sign
// the right side takes.
import { neg } from '../derive/nodes';
import type { Shape } from '../shape/dims';
import {
  defineOperator,
  PRINT_LEVEL,
  sumSign,
  type BinaryNode,
  type LatexPrintContext,
  type OperatorShapeRules,
  type Printed,
} from './define';

function sumShape(verb: string) {
  return (node: BinaryNode, left: Shape, right: Shape, rules: OperatorShapeRules): Shape => {
    if (rules.isLiteral(node.left) && !rules.isLiteral(node.right)) return right;
    if (rules.isLiteral(node.right) && !rules.isLiteral(node.left)) return left;
    if (!rules.unifyShapes(left, right)) {
      rules.problem(
        () =>
          `cannot ${verb} ${rules.describe(node.left)} and ${rules.describe(node.right)}: the shapes differ`,
        [node.left, node.right],
      );
    }
    return left;
  };
}

/** a + b, a - b: a right side that starts with a sign (−x, Σ …) gets parentheses. */
function sumLatex(sign: string) {
  return (_node: BinaryNode, l: Printed, r: Printed, { wrap }: LatexPrintContext): Printed => ({
    text: `${l.text} ${sign} ${wrap(r, r.level === PRINT_LEVEL.unary ? PRINT_LEVEL.atom : PRINT_LEVEL.product)}`,
    level: PRINT_LEVEL.additive,
  });
}

export const add = defineOperator({
  name: 'add',
  level: 'additive',
  latex: ['+'],
  plain: { operators: ['+'], functions: ['add'] },
  shape: sumShape('add'),
  sign: (node, rules) => sumSign(rules.sign(node.left), rules.sign(node.right)),
  evaluate: (a, b, { tape, ops }) => ops.add(tape, a, b),
  adjoint: (node, g, ctx) => {
    ctx.back(node.left, ctx.reduceTo(node.left, node, g));
    ctx.back(node.right, ctx.reduceTo(node.right, node, g));
  },
  differential: (_node, da, db, ctx) => ctx.sum(da, db),
  print: { text: ' + ', latex: sumLatex('+') },
});

export const sub = defineOperator({
  name: 'sub',
  level: 'additive',
  latex: ['-'],
  plain: { operators: ['-'], functions: ['subtract'] },
  shape: sumShape('subtract'),
  // the difference's sign is not the right side's: what the value needs does not pass to it
  domain: { right: 'free' },
  sign: (node, rules) => {
    // 1 − σ(z), 1 − h_θ(x) after h_θ(x) = σ(θᵀx): the sigmoid and the softmax stay below 1
    const { left, right } = node;
    if (rules.belowOne(right)) {
      if ((left.type === 'number' && left.value >= 1) || left.type === 'ones') return 'positive';
    }
    return 'unknown';
  },
  evaluate: (a, b, { tape, ops }) => ops.sub(tape, a, b),
  adjoint: (node, g, ctx) => {
    ctx.back(node.left, ctx.reduceTo(node.left, node, g));
    ctx.back(node.right, ctx.reduceTo(node.right, node, neg(g)));
  },
  differential: (_node, da, db, ctx) => ctx.sum(da, db, true),
  print: { text: ' − ', latex: sumLatex('-') },
});

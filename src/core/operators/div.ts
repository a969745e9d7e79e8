// A ⊘ B, A / B, \frac{A}{B}: entrywise division; a scalar side broadcasts (X / 2, 1 / x). Its
// right side is sampled positive, so that no draw divides by zero.
import { div as divNode, hadamard, neg, power } from '../derive/nodes';
import { defineOperator, elementwiseProblem, PRINT_LEVEL, signOfBoth } from './define';

export const div = defineOperator({
  name: 'div',
  level: 'product',
  // \frac is the parser's syntax; `/` reads a step tighter (1/2 x is x/2), also syntax
  latex: ['\\oslash', '/', '\\div'],
  plain: { operators: ['./', '/'], functions: ['dotDivide', 'divide'] },
  shape: (node, left, right, rules) => {
    // X / 2 and x / ‖x‖ scale; 1 / x is an elementwise reciprocal.
    if (rules.maybeScalar(right)) return left;
    if (rules.maybeScalar(left) && !rules.maybeScalar(right)) return right;
    return elementwiseProblem(node, 'elementwise division', left, right, rules);
  },
  domain: { right: 'positive' },
  sign: signOfBoth,
  evaluate: (a, b, ctx) => ctx.finite(ctx.ops.divide(ctx.tape, a, b), 'the quotient'),
  adjoint: (node, g, ctx) => {
    const { left: a, right: b } = node;
    ctx.back(a, ctx.reduceTo(a, node, divNode(g, b)));
    // d(a ⊘ b) = −a ⊘ b² ⊙ db
    ctx.back(b, ctx.reduceTo(b, node, neg(divNode(hadamard(g, a), power(b, 2, !ctx.isScalar(b))))));
  },
  // d(a ⊘ b) = da ⊘ b − (a ⊙ db) ⊘ b^∘2
  differential: (node, da, db, ctx) => {
    const { left: a, right: b } = node;
    return ctx.sum(
      da && divNode(da, b),
      db && divNode(ctx.times(a, db), power(b, 2, !ctx.isScalar(b))),
      true,
    );
  },
  print: {
    // a number's fraction reads 1/2
    text: (node, left, right) =>
      `${left}${node.left.type === 'number' || node.right.type === 'number' ? '/' : ' ⊘ '}${right}`,
    latex: (node, l, r, { style, wrap }) =>
      style.divide === 'frac' || node.left.type === 'number'
        ? { text: `\\frac{${l.text}}{${r.text}}`, level: PRINT_LEVEL.atom - 1 }
        : {
            text: `${wrap(l, PRINT_LEVEL.atom - 1)} \\oslash ${wrap(r, PRINT_LEVEL.postfix)}`,
            level: PRINT_LEVEL.product,
          },
    boxedInProduct: true,
  },
});

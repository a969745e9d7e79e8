// |X|: the determinant of a matrix, the absolute value of a scalar (decided by shape). The
// parser reads the bars themselves; a vector between bars is ambiguous and said to be.
import { call, inverse, mul, product, transpose } from '../derive/nodes';
import { defineFunction, differentialOfArgument, ONE_ARGUMENT } from './define';

export const bars = defineFunction({
  name: 'bars',
  commands: [],
  words: [],
  plain: [],
  arity: ONE_ARGUMENT,
  shape: (node, [shape], rules) => {
    const [arg] = node.args;
    if (rules.maybeScalar(shape)) return shape;
    if (rules.store.isOne(shape.cols) || rules.store.isOne(shape.rows)) {
      // |x| of a vector: a length to some, entrywise absolute values to others.
      rules.problem(
        () =>
          `|·| of the vector ${rules.describe(arg)} is ambiguous: write ‖·‖ for its norm, or |·| on its entries`,
        [arg],
        true,
      );
      return shape;
    }
    rules.needSquare(arg, shape, 'the determinant |·|');
    return rules.scalar();
  },
  argumentIs: { matrixWhenUppercase: true },
  domain: { determinant: true },
  sign: ([arg], rules) =>
    rules.isScalar(arg) || rules.positiveDeterminant(arg) ? 'positive' : 'unknown',
  evaluate: ([a], { tape, ops }) => (a.value.isScalar() ? ops.abs(tape, a) : ops.det(tape, a)),
  adjoint: (node, g, ctx) => {
    const [arg] = node.args;
    if (ctx.isScalar(arg)) ctx.unsupported('|x| is not differentiable at 0');
    ctx.back(arg, product([g, node, transpose(inverse(arg))]));
  },
  differential: (node, ctx) =>
    differentialOfArgument(node, ctx, (dm) => {
      const [arg] = node.args;
      if (ctx.isScalar(arg)) ctx.unsupported('|x| is not differentiable at 0');
      // d|M| = |M| tr(M⁻¹ dM)
      return mul(node, call('tr', mul(inverse(arg), dm)));
    }),
  print: { text: { around: ['|', '|'] }, latex: { around: ['\\left|', '\\right|'] } },
});

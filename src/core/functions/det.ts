// det: the determinant of a square matrix. log det M is log applied to it (log.ts).
import { call, inverse, mul, product, transpose } from '../derive/nodes';
import { defineFunction, differentialOfArgument, ONE_ARGUMENT } from './define';

export const det = defineFunction({
  name: 'det',
  commands: ['\\det'],
  words: ['det'],
  plain: ['det'],
  arity: ONE_ARGUMENT,
  shape: (node, [shape], rules) => {
    rules.needSquare(node.args[0], shape, 'the determinant');
    return rules.scalar();
  },
  argumentIs: { matrixWhenUppercase: true },
  domain: { determinant: true },
  sign: ([arg], rules) => (rules.positiveDeterminant(arg) ? 'positive' : 'unknown'),
  evaluate: ([a], { tape, ops }) => ops.det(tape, a),
  // d det M = det M tr(M⁻¹ dM): the adjoint of M is g det M M⁻ᵀ
  adjoint: (node, g, ctx) =>
    ctx.back(node.args[0], product([g, node, transpose(inverse(node.args[0]))])),
  // d det M = det M tr(M⁻¹ dM)
  differential: (node, ctx) =>
    differentialOfArgument(node, ctx, (dm) =>
      mul(node, call('tr', mul(inverse(node.args[0]), dm))),
    ),
  print: { latex: { command: '\\det' } },
});

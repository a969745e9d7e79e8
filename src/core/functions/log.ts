// log, ln: the natural logarithm, entrywise. log det M and log |M| are the log of a determinant.
import { call, div, mul, transpose, inverse } from '../derive/nodes';
import { defineFunction, differentialOfArgument, ONE_ARGUMENT, sameShape } from './define';

export const log = defineFunction({
  name: 'log',
  commands: ['\\log', '\\ln'],
  words: ['log', 'ln'],
  plain: ['log'],
  arity: ONE_ARGUMENT,
  entrywise: true,
  shape: sameShape,
  domain: { argument: 'positive' },
  evaluate: ([a], { tape, ops, finite }) => finite(ops.log(tape, a), 'the logarithm'),
  adjoint: (node, g, ctx) => {
    const [arg] = node.args;
    // d log det M = tr(M⁻¹ dM): the adjoint of M is g M⁻ᵀ
    const matrix = ctx.determinantOf(arg);
    if (matrix) return ctx.back(matrix, mul(g, transpose(inverse(matrix))));
    ctx.back(arg, div(g, arg));
  },
  differential: (node, ctx) => {
    const [arg] = node.args;
    // d log det M = tr(M⁻¹ dM)
    const matrix = ctx.determinantOf(arg);
    if (matrix) {
      const dm = ctx.d(matrix);
      return dm && call('tr', mul(inverse(matrix), dm));
    }
    // d log u = du ⊘ u
    return differentialOfArgument(node, ctx, (du) => div(du, arg));
  },
  prime: (b) => b.binary('div', b.one, b.x), // 1 ⊘ x
  print: { latex: { command: '\\log' } },
});

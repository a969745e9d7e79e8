// exp, e^{x}: the exponential, entrywise.
import {
  backEntrywise,
  defineFunction,
  differentialOfArgument,
  ONE_ARGUMENT,
  sameShape,
} from './define';

export const exp = defineFunction({
  name: 'exp',
  commands: ['\\exp'],
  words: ['exp'],
  plain: ['exp'],
  arity: ONE_ARGUMENT,
  entrywise: true,
  shape: sameShape,
  range: 'positive',
  evaluate: ([a], { tape, ops }) => ops.exp(tape, a),
  adjoint: (node, g, ctx) => backEntrywise(node, g, node, ctx),
  // d exp(u) = exp(u) ⊙ du
  differential: (node, ctx) => differentialOfArgument(node, ctx, (du) => ctx.times(node, du)),
  prime: (b) => b.call('exp'),
  print: { latex: { command: '\\exp' } },
});

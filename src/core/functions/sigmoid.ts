// σ(z), \sigmoid, logistic: the logistic sigmoid 1/(1 + e^{−z}), entrywise. A bare \sigma
// before parentheses is read as σ by the parser unless σ is a declared variable.
import { hadamard, num, sub } from '../derive/nodes';
import {
  backEntrywise,
  defineFunction,
  differentialOfArgument,
  ONE_ARGUMENT,
  sameShape,
} from './define';

export const sigmoid = defineFunction({
  name: 'sigmoid',
  commands: ['\\sigmoid'],
  words: ['sigmoid'],
  plain: ['sigmoid', 'logistic'],
  arity: ONE_ARGUMENT,
  entrywise: true,
  shape: sameShape,
  range: 'unit',
  evaluate: ([a], { tape, ops }) => ops.sigmoid(tape, a),
  adjoint: (node, g, ctx) => backEntrywise(node, g, hadamard(node, sub(num(1), node)), ctx),
  // dσ(u) = σ(u) ⊙ (1 − σ(u)) ⊙ du
  differential: (node, ctx) =>
    differentialOfArgument(node, ctx, (du) => ctx.times(ctx.times(node, sub(num(1), node)), du)),
  // σ′ = σ ⊙ (1 − σ)
  prime: (b) => b.binary('hadamard', b.call('sigmoid'), b.binary('sub', b.one, b.call('sigmoid'))),
  print: { text: 'σ', latex: { command: '\\sigma' } },
});

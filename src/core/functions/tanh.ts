// tanh, entrywise.
import { num, power, sub } from '../derive/nodes';
import {
  backEntrywise,
  defineFunction,
  differentialOfArgument,
  ONE_ARGUMENT,
  sameShape,
} from './define';

export const tanh = defineFunction({
  name: 'tanh',
  commands: ['\\tanh'],
  words: ['tanh'],
  plain: ['tanh'],
  arity: ONE_ARGUMENT,
  entrywise: true,
  shape: sameShape,
  evaluate: ([a], { tape, ops }) => ops.tanh(tape, a),
  adjoint: (node, g, ctx) =>
    backEntrywise(node, g, sub(num(1), power(node, 2, !ctx.isScalar(node))), ctx),
  // d tanh(u) = (1 − tanh²(u)) ⊙ du
  differential: (node, ctx) =>
    differentialOfArgument(node, ctx, (du) =>
      ctx.times(sub(num(1), power(node, 2, !ctx.isScalar(node))), du),
    ),
  prime: (b) => b.binary('sub', b.one, b.square(b.call('tanh'))), // tanh′ = 1 − tanh²
  print: { latex: { command: '\\tanh' } },
});

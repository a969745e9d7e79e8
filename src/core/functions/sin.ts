// sin, entrywise.
import { call } from '../derive/nodes';
import {
  backEntrywise,
  defineFunction,
  differentialOfArgument,
  ONE_ARGUMENT,
  sameShape,
} from './define';

export const sin = defineFunction({
  name: 'sin',
  commands: ['\\sin'],
  words: ['sin'],
  plain: ['sin'],
  arity: ONE_ARGUMENT,
  entrywise: true,
  shape: sameShape,
  evaluate: ([a], { tape, ops }) => ops.sin(tape, a),
  adjoint: (node, g, ctx) => backEntrywise(node, g, call('cos', node.args[0]), ctx),
  // d sin(u) = cos(u) ⊙ du
  differential: (node, ctx) =>
    differentialOfArgument(node, ctx, (du) => ctx.times(call('cos', node.args[0]), du)),
  prime: (b) => b.call('cos'),
  print: { latex: { command: '\\sin' } },
});

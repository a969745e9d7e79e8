// cos, entrywise.
import { call, neg } from '../derive/nodes';
import {
  backEntrywise,
  defineFunction,
  differentialOfArgument,
  ONE_ARGUMENT,
  sameShape,
} from './define';

export const cos = defineFunction({
  name: 'cos',
  commands: ['\\cos'],
  words: ['cos'],
  plain: ['cos'],
  arity: ONE_ARGUMENT,
  entrywise: true,
  shape: sameShape,
  evaluate: ([a], { tape, ops }) => ops.cos(tape, a),
  adjoint: (node, g, ctx) => backEntrywise(node, g, neg(call('sin', node.args[0])), ctx),
  // d cos(u) = −sin(u) ⊙ du
  differential: (node, ctx) =>
    differentialOfArgument(node, ctx, (du) => ctx.times(neg(call('sin', node.args[0])), du)),
  prime: (b) => b.neg(b.call('sin')),
  print: { latex: { command: '\\cos' } },
});

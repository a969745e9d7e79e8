// cos, entrywise.
import { call, neg } from '../derive/nodes';
import { backEntrywise, defineFunction, ONE_ARGUMENT, sameShape } from './define';

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
  prime: (b) => b.neg(b.call('sin')),
  print: { latex: { command: '\\cos' } },
});

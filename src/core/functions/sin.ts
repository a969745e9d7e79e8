// sin, entrywise.
import { call } from '../derive/nodes';
import { backEntrywise, defineFunction, ONE_ARGUMENT, sameShape } from './define';

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
  prime: (b) => b.call('cos'),
  print: { latex: { command: '\\sin' } },
});

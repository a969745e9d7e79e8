// relu, ReLU: max(0, x), entrywise.
import { defineFunction, ONE_ARGUMENT, sameShape } from './define';

export const relu = defineFunction({
  name: 'relu',
  commands: ['\\relu'],
  words: ['relu', 'ReLU'],
  plain: ['relu'],
  arity: ONE_ARGUMENT,
  entrywise: true,
  shape: sameShape,
  range: 'nonnegative',
  evaluate: ([a], { tape, ops }) => ops.relu(tape, a),
  prime: { unsupported: 'relu′ is a step function, not differentiable at 0: it cannot be checked' },
  print: { latex: { command: '\\operatorname{relu}' } },
});

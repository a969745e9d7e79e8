// softmax(z) = exp(z) / Σ exp(z): a probability vector, each entry strictly between 0 and 1.
import { hadamard, mul, sub, transpose } from '../derive/nodes';
import { defineFunction, ONE_ARGUMENT } from './define';

export const softmax = defineFunction({
  name: 'softmax',
  commands: ['\\softmax'],
  words: ['softmax'],
  plain: ['softmax'],
  arity: ONE_ARGUMENT,
  shape: (node, [shape], rules) => {
    rules.promoteToVector(node.args[0], shape);
    return shape;
  },
  argumentIs: { vectorWhenLowercase: true },
  range: 'unit',
  evaluate: ([a], { tape, ops }) => ops.softmax(tape, a),
  // s ⊙ g − s (sᵀ g)
  adjoint: (node, g, ctx) =>
    ctx.back(node.args[0], sub(hadamard(node, g), mul(node, mul(transpose(node), g)))),
  print: { latex: { command: '\\operatorname{softmax}' } },
});

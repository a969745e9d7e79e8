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
  // softmax(XW) of a batch: each row (or each column) a probability vector
  evaluate: ([a], { tape, ops, matrixAxis, axisUsed }) => {
    if (a.value.rows > 1 && a.value.cols > 1) axisUsed?.();
    return ops.softmaxAlong(tape, a, matrixAxis ?? 'rows');
  },
  // s ⊙ g − s (sᵀ g)
  adjoint: (node, g, ctx) =>
    ctx.back(node.args[0], sub(hadamard(node, g), mul(node, mul(transpose(node), g)))),
  print: { latex: { command: '\\operatorname{softmax}' } },
});

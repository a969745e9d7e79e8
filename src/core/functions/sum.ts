// sum(X) in plain-text input, `sum` as a word: the sum of all entries.
import { mul } from '../derive/nodes';
import { defineFunction, linearDifferential, ONE_ARGUMENT } from './define';

export const sum = defineFunction({
  name: 'sum',
  commands: [],
  words: ['sum'],
  plain: ['sum'],
  arity: ONE_ARGUMENT,
  shape: (_node, _shapes, rules) => rules.scalar(),
  sign: ([arg], rules) => rules.sign(arg),
  evaluate: ([a], { tape, ops }) => ops.sum(tape, a),
  adjoint: (node, g, ctx) => ctx.back(node.args[0], mul(g, ctx.onesLike(node.args[0]))),
  linear: true,
  differential: linearDifferential,
  print: { latex: { around: ['\\sum_{i,j} \\left(', '\\right)'], loose: true } },
});

// tr, Tr, trace: the trace of a square matrix.
import { mul } from '../derive/nodes';
import { defineFunction, linearDifferential, ONE_ARGUMENT } from './define';

export const tr = defineFunction({
  name: 'tr',
  commands: ['\\tr', '\\Tr', '\\trace', '\\Trace'],
  words: ['tr', 'Tr', 'TR', 'trace', 'Trace'],
  plain: ['trace', 'tr', 'Tr'],
  arity: ONE_ARGUMENT,
  shape: (node, [shape], rules) => {
    rules.needSquare(node.args[0], shape, 'the trace');
    return rules.scalar();
  },
  argumentIs: { matrixWhenUppercase: true },
  sign: ([arg], rules) => (rules.definite(arg) ? 'positive' : rules.sign(arg)),
  evaluate: ([a], { tape, ops }) => ops.trace(tape, a),
  adjoint: (node, g, ctx) => ctx.back(node.args[0], mul(g, ctx.identityLike(node.args[0]))),
  linear: true,
  differential: linearDifferential,
  print: { latex: { command: '\\operatorname{tr}' } },
});

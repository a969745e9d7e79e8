// diag: a vector becomes a diagonal matrix, a square matrix gives the vector of its diagonal.
import { call } from '../derive/nodes';
import { defineFunction, linearDifferential, ONE_ARGUMENT } from './define';

export const diag = defineFunction({
  name: 'diag',
  commands: ['\\diag', '\\Diag'],
  words: ['diag', 'Diag'],
  plain: ['diag'],
  arity: ONE_ARGUMENT,
  shape: (node, [shape], rules) => {
    const [arg] = node.args;
    const { store } = rules;
    rules.promoteToVector(arg, shape);
    if (store.isOne(shape.cols)) return { rows: shape.rows, cols: shape.rows };
    if (store.isOne(shape.rows)) return { rows: shape.cols, cols: shape.cols };
    rules.needSquare(arg, shape, 'diag of a matrix');
    return { rows: shape.rows, cols: store.one() };
  },
  argumentIs: { vectorWhenLowercase: true, matrixWhenUppercase: true },
  sign: ([arg], rules) => rules.sign(arg),
  evaluate: ([a], { tape, ops }) => ops.diag(tape, a),
  adjoint: (node, g, ctx) => ctx.back(node.args[0], call('diag', g)),
  linear: true,
  differential: linearDifferential,
  print: { latex: { command: '\\operatorname{diag}' } },
});

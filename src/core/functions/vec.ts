// vec: the columns of a matrix stacked into one column. \vec is an arrow accent, so the
// command is \vect.
import { defineFunction, ONE_ARGUMENT } from './define';

export const vec = defineFunction({
  name: 'vec',
  commands: ['\\vect'],
  words: ['vec'],
  plain: ['vec'],
  arity: ONE_ARGUMENT,
  shape: (_node, [shape], rules) => ({
    rows: rules.store.product(shape.rows, shape.cols),
    cols: rules.store.one(),
  }),
  argumentIs: { matrixWhenUppercase: true },
  sign: ([arg], rules) => rules.sign(arg),
  evaluate: ([a], { tape, ops }) => ops.vec(tape, a),
  linear: true,
  print: { latex: { command: '\\operatorname{vec}' } },
});

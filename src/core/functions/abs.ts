// abs(x) in plain-text input: the absolute value, entrywise. |x| in LaTeX is `bars` (bars.ts),
// which is a determinant on a matrix; so abs has no LaTeX spelling that reads back as itself.
import { defineFunction, ONE_ARGUMENT, sameShape } from './define';

export const abs = defineFunction({
  name: 'abs',
  commands: [],
  words: [],
  plain: ['abs'],
  arity: ONE_ARGUMENT,
  entrywise: true,
  shape: sameShape,
  range: 'positive', // almost surely: a sampled entry is never exactly 0
  evaluate: ([a], { tape, ops }) => ops.abs(tape, a),
  print: {},
});

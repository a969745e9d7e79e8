// \sqrt{x}: the square root, entrywise. The parser reads \sqrt itself (\sqrt[n]{x}, \sqrt x).
import { div, mul, num } from '../derive/nodes';
import { defineFunction, differentialOfArgument, ONE_ARGUMENT, sameShape } from './define';

export const sqrt = defineFunction({
  name: 'sqrt',
  commands: [],
  words: ['sqrt'],
  plain: ['sqrt'],
  arity: ONE_ARGUMENT,
  entrywise: true,
  shape: sameShape,
  domain: { argument: 'nonnegative' },
  sign: ([arg], rules) => rules.sign(arg),
  evaluate: ([a], { tape, ops, finite }) => finite(ops.sqrt(tape, a), 'the square root'),
  adjoint: (node, g, ctx) => ctx.back(node.args[0], div(g, mul(num(2), node))),
  // d√u = du ⊘ (2√u)
  differential: (node, ctx) =>
    differentialOfArgument(node, ctx, (du) => div(du, mul(num(2), node))),
  print: { latex: { around: ['\\sqrt{', '}'] } },
});

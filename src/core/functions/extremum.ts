// max, min: of two values or more, entry by entry (a scalar side broadcasts); of one value,
// over its entries (shaped, not evaluated). One file: the two differ only in which side wins.
import type { CallNode, FunctionDefinition, ShapeRules, Sign } from './define';
import type { Shape } from '../shape/dims';
import { defineFunction } from './define';

function extremumShape(node: CallNode, shapes: Shape[], rules: ShapeRules): Shape {
  if (node.args.length === 1) return rules.scalar();
  let result = shapes[0];
  for (let i = 1; i < shapes.length; i++) {
    if (rules.isLiteral(node.args[i])) continue;
    if (rules.isLiteral(node.args[i - 1]) || rules.maybeScalar(result)) {
      result = shapes[i];
      continue;
    }
    if (!rules.unifyShapes(result, shapes[i]))
      rules.problem(() => `${node.fn} needs arguments of equal shapes`, node.args);
  }
  return result;
}

function extremum(kind: 'max' | 'min', sign: FunctionDefinition['sign']): FunctionDefinition {
  return defineFunction({
    name: kind,
    commands: [`\\${kind}`],
    words: [kind],
    plain: [kind],
    arity: { min: 1, max: Infinity },
    shape: extremumShape,
    sign,
    evaluate: (args, { tape, ops, unsupported }) => {
      if (args.length === 1) return unsupported(`${kind} over the entries cannot be checked`);
      return args.reduce((a, b) => ops.extremum(tape, a, b, kind));
    },
    print: { latex: { command: `\\${kind}` } },
  });
}

/** Positive when one side is; the weaker sign of the two for min. */
export const max = extremum('max', (args, rules) =>
  args.some((a) => rules.sign(a) === 'positive') ? 'positive' : 'unknown',
);
export const min = extremum('min', (args, rules) => {
  const signs: Sign[] = args.map((a) => rules.sign(a));
  if (signs.includes('unknown')) return 'unknown';
  return signs.every((s) => s === 'positive') ? 'positive' : 'nonnegative';
});

// A ⊗ B: the Kronecker product, (rows·rows) × (cols·cols). Evaluated, not derived yet.
import { ELEMENTS_PER_DRAW } from '../limits';
import { defineOperator, PRINT_LEVEL, signOfBoth } from './define';

export const kron = defineOperator({
  name: 'kron',
  level: 'product',
  latex: ['\\otimes'],
  plain: { operators: [], functions: ['kron'] },
  operandsAre: { matrixWhenUppercase: true },
  shape: (_node, left, right, { store }) => ({
    rows: store.product(left.rows, right.rows),
    cols: store.product(left.cols, right.cols),
  }),
  sign: signOfBoth,
  evaluate: (a, b, ctx) => {
    // rows·cols of both: a Kronecker product of two 1000×1000 matrices has 10¹² entries
    const entries = a.value.rows * a.value.cols * b.value.rows * b.value.cols;
    if (entries > ELEMENTS_PER_DRAW)
      ctx.unsupported(
        `${ctx.printed()} would have ${entries} entries (limit ELEMENTS_PER_DRAW = ${ELEMENTS_PER_DRAW})`,
      );
    return ctx.ops.kron(ctx.tape, a, b);
  },
  adjoint: (_node, _g, ctx) => ctx.unsupported('a Kronecker product is not derived yet'),
  differential: (_node, _da, _db, ctx) =>
    ctx.unsupported('a Kronecker product has no differential steps yet'),
  print: {
    text: ' ⊗ ',
    latex: (_node, l, r, { wrap }) => ({
      text: `${wrap(l, PRINT_LEVEL.postfix)} \\otimes ${wrap(r, PRINT_LEVEL.postfix)}`,
      level: PRINT_LEVEL.product,
    }),
    boxedInProduct: true,
  },
});

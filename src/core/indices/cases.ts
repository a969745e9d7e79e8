// `\begin{cases} a_i(1 − a_i) & i = j \\ −a_i a_j & i \neq j \end{cases}`: one expression in
// the free indices, each value weighed by the indicator of its condition (δ_{ij} for i = j,
// 1 − δ_{ij} for i ≠ j, what the other rows leave for `otherwise`).
import type { Expr, IndexCondition, Span } from '../latex/ast';

export type CaseCondition = IndexCondition | 'otherwise';

export interface CaseRow {
  value: Expr;
  condition: CaseCondition;
}

function number(value: number, span: Span): Expr {
  return { type: 'number', value, span };
}

function binary(op: 'add' | 'sub' | 'mul', left: Expr, right: Expr, span: Span): Expr {
  return { type: 'binary', op, left, right, opSpan: span, span };
}

function indicator(condition: IndexCondition, span: Span): Expr {
  const delta: Expr = {
    type: 'entry',
    base: { type: 'identity', span },
    indices: [condition.left, condition.right],
    span,
  };
  return condition.equal ? delta : binary('sub', number(1, span), delta, span);
}

/** The cases as Σ value_k · [condition_k], or undefined when two rows say `otherwise`. */
export function casesByIndicators(rows: CaseRow[], span: Span): Expr | undefined {
  if (rows.filter((r) => r.condition === 'otherwise').length > 1 || rows.length === 0)
    return undefined;
  const stated = rows.flatMap((r) =>
    r.condition === 'otherwise' ? [] : [indicator(r.condition, r.value.span)],
  );
  let total: Expr | undefined;
  for (const row of rows) {
    const weight =
      row.condition === 'otherwise'
        ? stated.reduce<Expr>((rest, s) => binary('sub', rest, s, span), number(1, span))
        : indicator(row.condition, row.value.span);
    const term = binary('mul', row.value, weight, row.value.span);
    total = total ? binary('add', total, term, span) : term;
  }
  return total;
}

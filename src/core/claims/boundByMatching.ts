// "f = ‖M‖²_F = M:M, df = 2M:dM = 2(XᵀX − A):(dXᵀX + XᵀdX)": the writer names a subexpression
// M and never says what it is; the chain shows it, where one step writes M and the next writes
// the same expression with XᵀX − A in M's place. GradLens reads M as that expression for the
// whole chain (an implied definition) and says so on each claim that rests on it.
import { children, visit, type Chain, type Expr } from '../latex/ast';
import { dependsOn } from './dependsOn';
import type { SymbolEnvironment } from './environment';

/** How deep the parallel walk of two operands goes before it gives up. */
const MAX_MATCH_DEPTH = 64;

export interface ImpliedDefinition {
  name: string;
  display: string;
  expr: Expr;
}

/** Names the chain uses that the note never introduces, bound by matching consecutive operands. */
export function bindByMatching(
  chain: Chain,
  isUnknown: (name: string) => boolean,
): ImpliedDefinition[] {
  const unknown = new Map<string, string>();
  for (const operand of chain.operands)
    visit(operand, (node) => {
      if (node.type === 'symbol' && /^(latin-upper|greek-upper)$/.test(node.style))
        if (isUnknown(node.name)) unknown.set(node.name, node.display);
    });
  if (unknown.size === 0) return [];
  const found = new Map<string, Expr>();
  for (let k = 0; k + 1 < chain.operands.length; k++) {
    // only a name the step drops is written out in it: one it keeps is a variable of both sides
    const [written, shown] = [chain.operands[k], chain.operands[k + 1]];
    // X = [x₁₁ …] names, pictures or defines X: only a name inside an expression is a shorthand
    if (written.type === 'symbol' || written.type === 'apply') continue;
    const dropped = new Map([...unknown].filter(([name]) => !mentions(shown, name)));
    if (dropped.size === 0) continue;
    const bindings = new Map<string, Expr>();
    if (!match(written, shown, dropped, bindings, 0)) continue;
    for (const [name, expr] of bindings)
      if (!found.has(name) && expr.type !== 'symbol' && expr.type !== 'number')
        found.set(name, expr);
  }
  return [...found].map(([name, expr]) => ({ name, display: unknown.get(name)!, expr }));
}

/**
 * Whether `written` (with the unknown names) and `shown` have the same form, binding each
 * unknown to what stands in its place. Leaves may differ (the check compares values); a
 * differential of an unknown matches anything (d(XᵀX − A) is written out, dXᵀX + XᵀdX).
 */
function match(
  written: Expr,
  shown: Expr,
  unknown: ReadonlyMap<string, string>,
  bindings: Map<string, Expr>,
  depth: number,
): boolean {
  if (depth > MAX_MATCH_DEPTH) return false;
  if (written.type === 'symbol' && unknown.has(written.name)) {
    if (shown.type === 'symbol' && shown.name === written.name) return true;
    if (mentions(shown, written.name)) return false;
    const before = bindings.get(written.name);
    if (before) return sameForm(before, shown);
    bindings.set(written.name, shown);
    return true;
  }
  if (written.type === 'differential' && mentionsAny(written, unknown)) return true;
  if (written.type !== shown.type) return !mentionsAny(written, unknown);
  if (written.type === 'binary' && shown.type === 'binary' && written.op !== shown.op)
    return !mentionsAny(written, unknown);
  if (written.type === 'call' && shown.type === 'call' && written.fn !== shown.fn)
    return !mentionsAny(written, unknown);
  const a = children(written);
  const b = children(shown);
  if (a.length !== b.length) return !mentionsAny(written, unknown);
  return a.every((child, i) => match(child, b[i], unknown, bindings, depth + 1));
}

function mentions(expr: Expr, name: string): boolean {
  let found = false;
  visit(expr, (node) => {
    found ||= node.type === 'symbol' && node.name === name;
  });
  return found;
}

function mentionsAny(expr: Expr, names: ReadonlyMap<string, string>): boolean {
  let found = false;
  visit(expr, (node) => {
    found ||= node.type === 'symbol' && names.has(node.name);
  });
  return found;
}

/** Two bindings of one name agree in form (the same tree, spans aside). */
function sameForm(a: Expr, b: Expr): boolean {
  const strip = (e: Expr) =>
    JSON.stringify(e, (k, v) => (k === 'span' || k === 'opSpan' ? undefined : v));
  return strip(a) === strip(b);
}

/** Defines each bound name for its chain, unless the note says anything of it. */
export function defineImplied(
  env: SymbolEnvironment,
  chain: Chain,
  bound: ImpliedDefinition[],
  lineOf: (offset: number) => number,
): void {
  for (const b of bound)
    env.define({
      name: b.name,
      display: b.display,
      params: [],
      expr: b.expr,
      offset: chain.span.start - 1,
      line: lineOf(chain.span.start),
      implied: true,
    });
}

/** The implied definitions a claim's sides rest on, directly or through other definitions. */
export function impliedDefinitionsIn(
  env: SymbolEnvironment,
  sides: readonly Expr[],
  at: number,
): { display: string; line: number }[] {
  return dependsOn(env, sides, at)
    .definitions.filter((d) => d.implied)
    .map((d) => ({ display: d.display, line: d.line }));
}

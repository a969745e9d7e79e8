// A name the note never introduces that appears on one side of a claim only: `f = ‖M‖²_F` with
// M never said, `∇L(w) = −Xᵀy + Xᵀσ(Xw)` with X never tied to the x_i of L. An identity cannot
// hang on a free value that the other side does not have; the writer means something the note
// leaves implicit (M = XᵀX − A, the rows of X are the x_i). Checking it would compare unrelated
// random values, so GradLens says what it could not read instead of raising a false alarm.
import { dependsOn } from '../claims/dependsOn';
import type { SymbolEnvironment } from '../claims/environment';
import { visit, type Expr } from '../latex/ast';

/** Names a side depends on: its own symbols and those of the definitions they stand for. */
function dependencies(env: SymbolEnvironment, root: Expr, at: number): Set<string> {
  return dependsOn(env, [root], at, (name) => {
    // G = ∂ℓ/∂S names the gradient of ℓ by S: it brings S along
    const upstream = env.upstreamNameAt(name, at + 1);
    // x_{11} after X = [x_{11} …] is an entry of X: it brings X along
    const pictured = env.picturedEntries.get(name);
    return { names: upstream ? [upstream.of.name] : [], expr: pictured };
  }).names;
}

/**
 * The free names of one side that the other side does not have: never declared, defined, named
 * as an upstream gradient, counted with, or used as a dimension, and written plainly (a family
 * member x_i or an entry has its own rules).
 */
export function oneSidedNames(
  env: SymbolEnvironment,
  lhs: Expr,
  rhs: Expr,
  at: number,
  /**
   * The chain's first operand, for a later step: a name the step's left side has and its right
   * side drops counts only when it was not there from the start (2M:dM = 2(XᵀX − A):… after
   * df = 2M:dM). A first step may always lose names (∂⟨A, X⟩/∂X = A, x − x = 0).
   */
  head?: Expr,
  /** Nodes that are members of a family (x_i under Σ_i): they follow their family's rules. */
  isMember: (node: Expr) => boolean = () => false,
): { name: string; display: string }[] {
  const left = dependencies(env, lhs, at);
  const right = dependencies(env, rhs, at);
  const fromTheStart = head ? dependencies(env, head, at) : undefined;
  const out = new Map<string, string>();
  // x in x_i under Σ_i is read as an entry or a member, by the rules of indices
  const indexed = new Set<Expr>();
  for (const side of [lhs, rhs])
    visit(side, (node) => {
      if (node.type === 'entry') indexed.add(node.base);
    });
  const consider = (side: Expr, other: Set<string>) =>
    visit(side, (node) => {
      if (indexed.has(node)) return;
      if (node.type !== 'symbol' || other.has(node.name) || out.has(node.name)) return;
      if (isMember(node)) return;
      if (!isFree(env, node.name, at)) return;
      out.set(node.name, node.display);
    });
  if (fromTheStart) consider(lhs, new Set([...right, ...fromTheStart]));
  consider(rhs, left);
  return [...out].map(([name, display]) => ({ name, display }));
}

/** Letters with a meaning of their own where the parser left them as symbols (d x_{11}, e). */
const RESERVED = new Set(['d', 'e', 'I']);

function isFree(env: SymbolEnvironment, name: string, at: number): boolean {
  if (name.includes('_') || name.includes('^')) return false; // x_i, x^{(i)}, x^*: other rules
  if (RESERVED.has(name)) return false;
  if (env.declarationAt(name, at) || env.definitionAt(name, at + 1)) return false;
  if (env.upstreamNameAt(name, at + 1)) return false;
  if (env.counts.has(name) || env.isDimensionName(name)) return false;
  if (env.familySources.size > 0 && [...env.familySources.values()].some((s) => s.matrix === name))
    return false;
  return true;
}

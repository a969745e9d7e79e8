// Backprop with a loss the note never writes out: ∂L/∂x = Wᵀ ∂L/∂z after z = Wx + b. Such a
// claim says how an upstream gradient ∂L/∂z flows back, for every scalar L of z. The chain rule
// is linear in the upstream gradient, so the claim holds for every L exactly when it holds for
// the linear loss L = ⟨G, z⟩ with a random G (then ∂L/∂z = G): that is how it is checked.
import { visit, type Expr, type SymbolNode } from '../latex/ast';
import type { Matrix } from '../numeric/matrix';
import type { SymbolEnvironment } from './environment';

export interface AbstractLoss {
  /** The loss's name (L, ℓ): never defined in the note. */
  loss: string;
  display: string;
  /** What the loss is a function of: the one upstream quantity the claim differentiates it by. */
  upstream: SymbolNode;
  /** The name the note gives ∂L/∂U (G = ∂ℓ/∂S), when the claim uses it: its sample is G. */
  named?: SymbolNode;
}

/** How far definitions are followed when looking for a dependency or an upstream gradient. */
const MAX_DEFINITIONS_FOLLOWED = 64;

type Grad = Extract<Expr, { type: 'grad' }>;

/**
 * The abstract loss a gradient claim ∂L/∂V = R is about, when L is undefined at `at` and R
 * holds upstream gradients ∂L/∂U of exactly one U that depends on V through the note's
 * definitions (directly, or through names such as δ = ∂L/∂z used in R).
 */
export function abstractLossOf(
  env: SymbolEnvironment,
  lhs: Expr,
  rhs: Expr,
  parts: (grad: Grad) => { f: Expr; wrt?: SymbolNode },
  at: number,
): AbstractLoss | undefined {
  // ∂L/∂V = R, or dL = R (a differential of the loss: V is whatever R's differentials vary)
  const differential = lhs.type === 'differential';
  if (lhs.type !== 'grad' && !differential) return undefined;
  const { f, wrt } =
    lhs.type === 'grad' ? parts(lhs) : { f: lhs.arg, wrt: undefined as SymbolNode | undefined };
  if (f.type !== 'symbol' || (lhs.type === 'grad' && (!wrt || lhs.hessian))) return undefined;
  if (env.definitionAt(f.name, at + 1) || env.declarationAt(f.name, at)) return undefined;
  const upstreams = new Map<string, SymbolNode>();
  const named = new Map<string, SymbolNode>();
  let other = false;
  forEachReachable(env, rhs, at, (node) => {
    if (node.type === 'symbol') {
      const naming = env.upstreamNameAt(node.name, at + 1);
      if (naming?.loss === f.name) {
        upstreams.set(naming.of.name, naming.of);
        named.set(naming.of.name, node);
      }
      return;
    }
    if (node.type !== 'grad') return;
    const inner = parts(node);
    if (inner.f.type !== 'symbol' || inner.f.name !== f.name) return;
    if (!inner.wrt || node.hessian) other = true;
    else upstreams.set(inner.wrt.name, inner.wrt);
  });
  if (other || upstreams.size !== 1) return undefined;
  const upstream = [...upstreams.values()][0];
  if (wrt) {
    if (upstream.name === wrt.name || !dependsOn(env, upstream.name, wrt.name, at))
      return undefined;
  } else if (!env.definitionAt(upstream.name, at + 1)) {
    // dL = ⟨∂L/∂Y, dY⟩ needs Y to be a function of something the differentials vary
    return undefined;
  }
  const name = named.get(upstream.name);
  return { loss: f.name, display: f.display, upstream, ...(name ? { named: name } : {}) };
}

/** Every node of `root` and of the definitions its names stand for (δ = ∂L/∂z used in R). */
function forEachReachable(
  env: SymbolEnvironment,
  root: Expr,
  at: number,
  fn: (node: Expr) => void,
): void {
  const seen = new Set<string>();
  const pending: Expr[] = [root];
  while (pending.length > 0 && seen.size <= MAX_DEFINITIONS_FOLLOWED) {
    visit(pending.pop()!, (node) => {
      fn(node);
      if (node.type !== 'symbol' || seen.has(node.name)) return;
      seen.add(node.name);
      const definition = env.definitionAt(node.name, at + 1);
      if (definition) pending.push(definition.expr);
    });
  }
}

/** Whether `name`'s definitions in force at `at` reach `variable` (z = Wx + b reaches x). */
function dependsOn(env: SymbolEnvironment, name: string, variable: string, at: number): boolean {
  const seen = new Set<string>([name]);
  const pending = [name];
  while (pending.length > 0 && seen.size <= MAX_DEFINITIONS_FOLLOWED) {
    const definition = env.definitionAt(pending.pop()!, at + 1);
    if (!definition) continue;
    let found = false;
    visit(definition.expr, (node) => {
      if (node.type !== 'symbol') return;
      if (node.name === variable) found = true;
      if (!seen.has(node.name)) {
        seen.add(node.name);
        pending.push(node.name);
      }
    });
    if (found) return true;
  }
  return false;
}

/** The evaluator's reading of the loss in one draw: ⟨G, U⟩ with G drawn once for U's size. */
export function linearLoss(
  loss: AbstractLoss,
  draw: {
    direction(name: string, rows: number, cols: number, symmetric: boolean): Matrix;
    sample(symbol: SymbolNode): Matrix;
  },
): { loss: string; upstream: SymbolNode; gradient: (rows: number, cols: number) => Matrix } {
  let g: Matrix | undefined;
  const named = loss.named;
  return {
    loss: loss.loss,
    upstream: loss.upstream,
    // G named in the note is the free variable the claim is written with: the same values
    gradient: (rows, cols) =>
      (g ??= named
        ? draw.sample(named)
        : draw.direction(`∂${loss.loss}/∂${loss.upstream.name}`, rows, cols, false)),
  };
}

/** What the finding says of how a claim about an unwritten loss was checked. */
export function describeLinearLoss(loss: AbstractLoss): string {
  const u = loss.upstream.display;
  const g = loss.named?.display ?? 'G';
  return `${loss.display} is never written out: checked for every loss of ${u} through the linear loss ${loss.display} = ⟨${g}, ${u}⟩ with a random ${g} (so ∂${loss.display}/∂${u} = ${g})`;
}

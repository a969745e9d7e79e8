// The code-style names of backprop notes (cs231n): "Given $dS = \partial L / \partial S$, …
// $dW_2 = H_1^\top dS$". Once a note names ∂L/∂V as dV, its later dX are gradients of that loss,
// not differentials: `dW_2 = H_1^T dS` is the claim ∂L/∂W₂ = H₁ᵀ ∂L/∂S (checked for every loss
// through the abstract loss). Only after such a naming, and only for chains that start with
// one of these names; the naming itself defines the name dS.
import { mapExpr } from '../latex/mapExpr';
import type { Chain, Expr, SymbolNode } from '../latex/ast';

type Grad = Extract<Expr, { type: 'grad' }>;

/** `dV = ∂L/∂V` with the same V on both sides: the loss L and where the naming is. */
function namingOf(chain: Chain): { loss: Expr; at: number } | undefined {
  if (chain.operands.length !== 2 || chain.relations[0].op !== '=') return undefined;
  const [lhs, rhs] = chain.operands;
  if (lhs.type !== 'differential' || lhs.arg.type !== 'symbol' || rhs.type !== 'grad')
    return undefined;
  const grad = rhs as Grad;
  if (grad.wrt?.type !== 'symbol' || grad.wrt.name !== lhs.arg.name) return undefined;
  if (grad.f.type !== 'symbol') return undefined;
  return { loss: grad.f, at: chain.span.start };
}

/** The chains with dX read as ∂L/∂X after the note names ∂L/∂V as dV. */
export function readGradientNames(chains: (Chain | undefined)[]): (Chain | undefined)[] {
  let naming: { loss: Expr; at: number } | undefined;
  return chains.map((chain) => {
    if (!chain) return chain;
    const named = namingOf(chain);
    if (named) {
      naming ??= named;
      // the naming names ∂L/∂S (like G = ∂ℓ/∂S): a definition of the name dS, not a claim
      const d = chain.operands[0] as Extract<Expr, { type: 'differential' }>;
      const v = d.arg as SymbolNode;
      const name: SymbolNode = { ...v, name: `d${v.name}`, display: `d${v.display}`, span: d.span };
      return { ...chain, operands: [name, chain.operands[1]] };
    }
    const first = chain.operands[0];
    if (!naming || first.type !== 'differential' || first.arg.type !== 'symbol') return chain;
    const loss = naming.loss;
    const asGradient = (node: Expr): Expr | undefined => {
      if (node.type !== 'differential' || node.arg.type !== 'symbol') return undefined;
      const wrt: SymbolNode = node.arg;
      return {
        type: 'grad',
        f: { ...loss, span: node.span },
        wrt,
        notation: 'partial',
        span: node.span,
      };
    };
    return {
      ...chain,
      operands: chain.operands.map((operand) => mapExpr(operand, (n) => asGradient(n) ?? n)),
    };
  });
}

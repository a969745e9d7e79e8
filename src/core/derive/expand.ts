// The objective as one expression in the variable: names the note defines (φ = …, f(W) = …)
// are replaced by their definitions, as the numeric check does, and logs of quotients and
// products are split (log(A ⊘ D) = log A − log D), the step a textbook takes first: it keeps
// the derivative of the log from dividing by a quotient.
import type { SymbolEnvironment } from '../claims/environment';
import type { Expr } from '../latex/ast';
import { add, call, sub } from './nodes';

export class DeriveUnsupported extends Error {}

/** Definitions nested deeper than this are a cycle, not a derivation. */
const MAX_EXPANSION_DEPTH = 16;

export function expandObjective(expr: Expr, env: SymbolEnvironment, at: number, wrt: string): Expr {
  const expanding = new Set<string>();
  const go = (node: Expr, bound: Map<string, Expr>, depth: number): Expr => {
    if (depth > MAX_EXPANSION_DEPTH) throw new DeriveUnsupported('definitions nest too deeply');
    switch (node.type) {
      case 'symbol': {
        const arg = bound.get(node.name);
        if (arg) return arg;
        if (node.name === wrt || expanding.has(node.name)) return node;
        // a declared name is a variable of its own, as in the numeric check
        if (env.declarationAt(node.name, at)?.dims !== undefined) return node;
        // a function used bare (∇_W f after f(W, H) = …) is its value at its own parameters
        const definition = env.definitionAt(node.name, at + 1);
        if (!definition) return node;
        expanding.add(node.name);
        const expanded = go(definition.expr, new Map(), depth + 1);
        expanding.delete(node.name);
        return expanded;
      }
      case 'apply': {
        const definition = env.definitionAt(node.name, at + 1);
        if (!definition || definition.params.length !== node.args.length)
          throw new DeriveUnsupported(`${node.display}(…) is not defined in the note`);
        const args = new Map<string, Expr>();
        definition.params.forEach((p, i) => args.set(p, go(node.args[i], bound, depth)));
        expanding.add(node.name);
        const expanded = go(definition.expr, args, depth + 1);
        expanding.delete(node.name);
        return expanded;
      }
      case 'binary':
        return { ...node, left: go(node.left, bound, depth), right: go(node.right, bound, depth) };
      case 'neg':
      case 'transpose':
      case 'inverse':
      case 'norm':
        return { ...node, arg: go(node.arg, bound, depth) };
      case 'power':
        return { ...node, arg: go(node.arg, bound, depth) };
      case 'call': {
        const args = node.args.map((a) => go(a, bound, depth));
        if (node.fn === 'log' && args.length === 1) return splitLog(args[0]) ?? { ...node, args };
        return { ...node, args };
      }
      case 'sum':
        return { ...node, body: go(node.body, bound, depth) };
      default:
        return node;
    }
  };
  return go(expr, new Map(), 0);
}

/** log(A ⊘ D) → log A − log D, log(A ⊙ D) → log A + log D, log(exp M) → M. */
function splitLog(arg: Expr): Expr | undefined {
  if (arg.type === 'call' && arg.fn === 'exp') return arg.args[0];
  if (arg.type !== 'binary') return undefined;
  const log = (e: Expr) => splitLog(e) ?? call('log', e);
  if (arg.op === 'div' && arg.left.type !== 'number') return sub(log(arg.left), log(arg.right));
  if (arg.op === 'hadamard') return add(log(arg.left), log(arg.right));
  return undefined;
}

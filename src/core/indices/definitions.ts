// `a_j = e^{z_j} / Σ_k e^{z_k}` defines every entry of a: a_k, a_i read it with their own index.
import type { Definition, SymbolEnvironment } from '../claims/environment';
import { visit, type Expr } from '../latex/ast';
import { INDEX_LETTERS } from './free';
import { symbolRef } from '../facts/symbol';

/** The definition of the entries of `base` in force at `at`, written with any index letter. */
export function entrywiseDefinition(
  env: SymbolEnvironment,
  base: string,
  index: string,
  at: number,
): Definition | undefined {
  const own = env.definitionAt(`${base}_{${index}}`, at);
  if (own) return own.params.length === 0 ? own : undefined;
  for (const letter of INDEX_LETTERS) {
    const other = env.definitionAt(`${base}_{${letter}}`, at);
    if (other && other.params.length === 0) return other;
  }
  return undefined;
}

/** The index a definition of entries is written with: j in a_{j}. */
export function definedIndex(definition: Definition): string | undefined {
  return symbolRef(definition.name).subscript;
}

/**
 * Whether `expr` depends on the letter `base` as a whole (the vector w, or its entries), with
 * the note's definitions read in. `L = w_1^2 + w_2^2` does not: there w₁, w₂ are names of their
 * own, and ∂L/∂w_i cannot be read as the entries of a gradient by w.
 */
export function dependsOn(
  expr: Expr,
  base: string,
  env: SymbolEnvironment,
  at: number,
  seen: Set<string> = new Set(),
): boolean {
  let found = false;
  visit(expr, (node) => {
    if (found) return;
    let name: string | undefined;
    if (node.type === 'symbol') name = node.name;
    else if (node.type === 'apply') name = node.name;
    else if (node.type === 'entry' && node.base.type === 'symbol') {
      if (node.base.name === base) found = true;
      const entrywise = entrywiseDefinition(env, node.base.name, node.indices[0], at);
      if (!found && entrywise && !seen.has(entrywise.name)) {
        seen.add(entrywise.name);
        found = dependsOn(entrywise.expr, base, env, at, seen);
      }
      return;
    }
    if (name === undefined) return;
    if (name === base) {
      found = true;
      return;
    }
    const definition = env.definitionAt(name, at);
    if (definition && !seen.has(name)) {
      seen.add(name);
      found = dependsOn(definition.expr, base, env, at, seen);
    }
  });
  return found;
}

// What a claim's sides rest on: the names they mention and, through the definitions those names
// stand for, the names of those definitions, transitively. One walk for every check that asks
// (one-sided names, implied design matrices, implied shorthands).
import { visit, type Expr } from '../latex/ast';
import type { Definition, SymbolEnvironment } from './environment';

/** How many definitions (and pictured matrices) one walk follows before it stops. */
export const MAX_DEFINITIONS_FOLLOWED = 64;

export interface DependsOn {
  names: Set<string>;
  /** The definitions followed, in the order they were reached. */
  definitions: Definition[];
}

/**
 * `more(name)` brings more along for a name: other names (G = ∂ℓ/∂S brings S) and an
 * expression to walk as well (x₁₁ in a pictured X brings X), counted like a definition.
 */
export function dependsOn(
  env: SymbolEnvironment,
  roots: readonly Expr[],
  at: number,
  more?: (name: string) => { names?: string[]; expr?: Expr } | undefined,
): DependsOn {
  const names = new Set<string>();
  const definitions: Definition[] = [];
  const pending = [...roots];
  let followed = 0;
  while (pending.length > 0) {
    visit(pending.pop()!, (node) => {
      if (node.type !== 'symbol' && node.type !== 'apply') return;
      if (names.has(node.name)) return;
      names.add(node.name);
      const definition = env.definitionAt(node.name, at + 1);
      if (definition && followed++ < MAX_DEFINITIONS_FOLLOWED) {
        definitions.push(definition);
        pending.push(definition.expr);
      }
      const extra = more?.(node.name);
      for (const name of extra?.names ?? []) names.add(name);
      if (extra?.expr && followed++ < MAX_DEFINITIONS_FOLLOWED) pending.push(extra.expr);
    });
  }
  return { names, definitions };
}

// `a_j = e^{z_j} / Σ_k e^{z_k}` defines every entry of a: a_k, a_i read it with their own index.
import type { Definition, SymbolEnvironment } from '../claims/environment';
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

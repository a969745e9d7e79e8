// What the whole document says about its symbols: declarations (shapes, structure) and
// definitions (φ = …, f(W) = …). Shape inference and, later, the numeric checks read it.
import type { DimSpec, Expr } from '../latex/ast';
import type { FamilySource } from './familySources';

export interface Declaration {
  name: string;
  display: string;
  /** [] scalar, [n] vector n×1, [m, n] matrix. Undefined when only structure is declared (X ≻ 0). */
  dims?: DimSpec[];
  symmetric?: boolean;
  definite?: 'pd' | 'psd';
  positive?: 'positive' | 'nonnegative';
  /** "a one-hot label $y ∈ \{0,1\}^K$": each column has a single 1. */
  oneHot?: boolean;
  /** Source offset of the declaration and a human description of where it is ("line 3"). */
  offset: number;
  end: number;
  line: number;
}

export interface Definition {
  name: string;
  display: string;
  params: string[];
  expr: Expr;
  offset: number;
  line: number;
}

/** x_{i}, x_{n}, x_{1}: a member of an indexed family (the base, then the index). */
export const FAMILY_MEMBER = /^(.+)_\{([a-zA-Z]|\d+)\}$/;

export class SymbolEnvironment {
  private readonly declarations = new Map<string, Declaration[]>();
  private readonly definitions = new Map<string, Definition[]>();
  /** Symbols that usage shows to be vectors (xᵀ, ‖x‖, x_i, diag(x)) though spelled like scalars. */
  readonly vectorHints = new Set<string>();
  /** Bases of indexed families used as vectors (wᵀx_i, x_iᵀ, ‖x_i‖): x_i is a data point, not an entry. */
  readonly familyHints = new Set<string>();
  /** w in w · x_i, by the family's base: x_i is a vector family if w is a vector. */
  readonly dotPartners = new Map<string, Set<string>>();
  /** Families the prose ties to a matrix ("the $x_i$ are the rows of $X$"), by base letter. */
  familySources = new Map<string, FamilySource>();
  /** Names the note counts with (N samples, Σ_{n=1}^N, \frac{1}{N}): scalars whatever their case. */
  counts = new Set<string>();

  /** Declared names of indexed families (x_{i}, x_{1}) by their base (x): asked for every x_i read. */
  private readonly familyMembers = new Map<string, string[]>();

  /** Declared names x_{i}, x_{n}, x_{1}, … whose base is `base`. */
  declaredFamilyMembers(base: string): readonly string[] {
    return this.familyMembers.get(base) ?? [];
  }

  declare(declaration: Declaration): void {
    const member = FAMILY_MEMBER.exec(declaration.name);
    if (member && !this.declarations.has(declaration.name)) {
      const names = this.familyMembers.get(member[1]) ?? [];
      names.push(declaration.name);
      this.familyMembers.set(member[1], names);
    }
    // Keep the cache in step rather than dropping it: declarations arrive while it is asked.
    if (this.dimensionNamesCache)
      for (const dim of declaration.dims ?? [])
        if ('name' in dim) this.dimensionNamesCache.add(dim.name);
    const list = this.declarations.get(declaration.name) ?? [];
    list.push(declaration);
    list.sort((a, b) => a.offset - b.offset);
    this.declarations.set(declaration.name, list);
  }

  define(definition: Definition): void {
    const list = this.definitions.get(definition.name) ?? [];
    list.push(definition);
    list.sort((a, b) => a.offset - b.offset);
    this.definitions.set(definition.name, list);
  }

  /**
   * The declaration in force at `offset`: the last one before it, else the first one after it
   * (people write "where A ∈ ℝ^{m×n}" after the formula). Structure-only declarations (X ≻ 0)
   * merge into the shape declaration.
   */
  declarationAt(name: string, offset: number): Declaration | undefined {
    const list = this.declarations.get(name);
    if (!list || list.length === 0) return undefined;
    const withShape = list.filter((d) => d.dims !== undefined);
    const pick = (items: Declaration[]) =>
      [...items].reverse().find((d) => d.offset <= offset) ?? items[0];
    const base = withShape.length ? pick(withShape) : undefined;
    const structure = list.filter((d) => d.dims === undefined);
    if (!base) {
      if (structure.length === 0) return undefined;
      return {
        ...structure[0],
        symmetric: structure.some((d) => d.symmetric),
        definite: structure.find((d) => d.definite)?.definite,
      };
    }
    return {
      ...base,
      symmetric: base.symmetric || structure.some((d) => d.symmetric),
      definite: base.definite ?? structure.find((d) => d.definite)?.definite,
      positive: base.positive ?? structure.find((d) => d.positive)?.positive,
      oneHot: base.oneHot || structure.some((d) => d.oneHot) || undefined,
    };
  }

  /** The definition in force at `offset`: the last one before it. */
  definitionAt(name: string, offset: number): Definition | undefined {
    const list = this.definitions.get(name);
    if (!list) return undefined;
    return [...list].reverse().find((d) => d.offset < offset);
  }

  allDeclarations(): Declaration[] {
    return [...this.declarations.values()].flat();
  }

  declaredNames(): Set<string> {
    return new Set(this.declarations.keys());
  }

  isDeclared(name: string): boolean {
    return this.declarations.has(name);
  }

  /** Whether a declaration uses `name` as a dimension (no copy: asked for every symbol). */
  isDimensionName(name: string): boolean {
    return this.dimensionNameSet().has(name);
  }

  /** Every dimension name the document declares (m, n, k…): unknowns are named around them. */
  dimensionNames(): Set<string> {
    return new Set(this.dimensionNameSet());
  }

  private dimensionNameSet(): Set<string> {
    // Cached: every region asks, and a long note has thousands of both.
    if (!this.dimensionNamesCache) {
      const names = new Set<string>();
      for (const list of this.declarations.values())
        for (const d of list)
          for (const dim of d.dims ?? []) if ('name' in dim) names.add(dim.name);
      this.dimensionNamesCache = names;
    }
    return this.dimensionNamesCache;
  }

  private dimensionNamesCache: Set<string> | undefined;
}

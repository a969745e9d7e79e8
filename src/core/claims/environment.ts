// What the whole document says about its symbols: declarations (shapes, structure) and
// definitions (φ = …, f(W) = …). Shape inference and, later, the numeric checks read it.
import type { DimSpec, Expr, SymbolNode } from '../latex/ast';
import type { Fact, FactSource, FactVia } from '../facts/fact';
import { propertyInfo, type Property } from '../facts/kinds';
import { FactTable } from '../facts/table';
import { symbolRef } from '../facts/symbol';
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
  /** Every property in force (symmetric, diagonal, the matrix of ones…), with what each implies. */
  properties?: Property[];
  /**
   * Properties the note denies ("not necessarily symmetric", "can have negative entries"), with
   * everything that implies them: none of these is assumed here, whatever use suggests.
   */
  denied?: Property[];
  /** Where it was said (default: math) and the words or math as written. */
  via?: FactVia;
  quote?: string;
  /** Resolved: the facts this rests on, strongest first. */
  facts?: Fact[];
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
  /** Not written: read off the chain (M in `2M:dM = 2(XᵀX − A):…`), and said on each claim. */
  implied?: boolean;
  /** Holds from here, before `offset`: a where-clause explains what came before it. */
  from?: number;
}

/** `G = ∂ℓ/∂S` where ℓ is never defined: G is a free variable with S's shape that names ∂ℓ/∂S. */
export interface UpstreamName {
  name: string;
  loss: string;
  /** The quantity the loss is differentiated by (S). */
  of: SymbolNode;
  offset: number;
}

export class SymbolEnvironment {
  /** What the note says of each symbol, scoped: declarations are read back through it. */
  readonly facts: FactTable;
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
  /** Names of upstream gradients of a loss never written out (G = ∂ℓ/∂S, δ = ∂L/∂z), by name. */
  readonly upstreamNames = new Map<string, UpstreamName[]>();
  /** x_{11} written in X = [x_{11} x_{12}; …]: the matrix whose entry it is, by the entry's name. */
  readonly picturedEntries = new Map<string, Expr>();

  constructor(text = '') {
    this.facts = new FactTable(text);
  }

  /** Declared names of indexed families (x_{i}, x_{1}) by their base (x): asked for every x_i read. */
  private readonly familyMembers = new Map<string, string[]>();

  /** Declared names x_{i}, x_{n}, x_{1}, … whose base is `base`. */
  declaredFamilyMembers(base: string): readonly string[] {
    return this.familyMembers.get(base) ?? [];
  }

  declare(declaration: Declaration): void {
    // x_{i}, x_{n}, x_{1}: a member of an indexed family
    const ref = symbolRef(declaration.name);
    if (
      /^(?:[a-zA-Z]|\d+)$/.test(ref.subscript ?? '') &&
      !this.declarations.has(declaration.name)
    ) {
      const names = this.familyMembers.get(ref.base) ?? [];
      names.push(declaration.name);
      this.familyMembers.set(ref.base, names);
    }
    // Keep the cache in step rather than dropping it: declarations arrive while it is asked.
    if (this.dimensionNamesCache)
      for (const dim of declaration.dims ?? [])
        if ('name' in dim) this.dimensionNamesCache.add(dim.name);
    const list = this.declarations.get(declaration.name) ?? [];
    list.push(declaration);
    this.declarations.set(declaration.name, list);
    for (const fact of factsOfDeclaration(declaration)) this.facts.add(fact);
  }

  define(definition: Definition): void {
    const list = this.definitions.get(definition.name) ?? [];
    list.push(definition);
    list.sort((a, b) => a.offset - b.offset);
    this.definitions.set(definition.name, list);
  }

  /**
   * What the note says `name` is at `offset`, as one declaration: the shape in force and every
   * property in force (see facts/table.ts for how far each statement reaches).
   */
  declarationAt(name: string, offset: number): Declaration | undefined {
    const resolved = this.facts.resolve(name, offset);
    if (resolved.facts.length === 0) return undefined;
    const props = resolved.properties;
    const anchor = resolved.shapeFact ?? resolved.facts[0];
    return {
      name,
      display: 'symbol' in anchor.subject ? anchor.subject.display : name,
      dims: resolved.dims,
      symmetric: props.has('symmetric') || undefined,
      definite: props.has('positive-definite')
        ? 'pd'
        : props.has('positive-semidefinite')
          ? 'psd'
          : undefined,
      positive: props.has('positive')
        ? 'positive'
        : props.has('nonnegative')
          ? 'nonnegative'
          : undefined,
      oneHot: props.has('one-hot') || undefined,
      properties: [...props.keys()],
      ...(resolved.denied.size > 0 ? { denied: [...resolved.denied.keys()] } : {}),
      via: anchor.source.via,
      quote: anchor.source.quote,
      facts: resolved.facts,
      offset: anchor.source.start,
      end: anchor.source.end,
      line: anchor.source.line,
    };
  }

  nameUpstream(upstream: UpstreamName): void {
    const list = this.upstreamNames.get(upstream.name) ?? [];
    list.push(upstream);
    this.upstreamNames.set(upstream.name, list);
  }

  /** What `name` names at `offset` if it names an upstream gradient there (the last such naming). */
  upstreamNameAt(name: string, offset: number): UpstreamName | undefined {
    const list = this.upstreamNames.get(name);
    if (!list) return undefined;
    return [...list].reverse().find((u) => u.offset < offset);
  }

  /** Every definition of `name`, in document order. */
  definitionsOf(name: string): readonly Definition[] {
    return this.definitions.get(name) ?? [];
  }

  /** The definition in force at `offset`: the last one before it. */
  definitionAt(name: string, offset: number): Definition | undefined {
    const list = this.definitions.get(name);
    if (!list) return undefined;
    return [...list].reverse().find((d) => (d.from ?? d.offset) < offset);
  }

  allDeclarations(): Declaration[] {
    return [...this.declarations.values()].flat();
  }

  declaredNames(): Set<string> {
    return new Set(this.declarations.keys());
  }

  isDeclared(name: string): boolean {
    return this.facts.has(name);
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

/** The facts a declaration states: its shape, and each property it names. */
function factsOfDeclaration(d: Declaration): Fact[] {
  const subject = { symbol: d.name, display: d.display };
  const source: FactSource = {
    via: d.via ?? 'math',
    start: d.offset,
    end: d.end,
    line: d.line,
    quote: d.quote ?? '',
  };
  const facts: Fact[] = [];
  if (d.dims !== undefined) facts.push({ subject, says: { kind: 'shape', dims: d.dims }, source });
  const properties = new Set<Property>(d.properties ?? []);
  if (d.symmetric) properties.add('symmetric');
  if (d.definite === 'pd') properties.add('positive-definite');
  if (d.definite === 'psd') properties.add('positive-semidefinite');
  if (d.positive) properties.add(d.positive);
  if (d.oneHot) properties.add('one-hot');
  const square = d.dims === undefined || d.dims.length !== 1;
  for (const property of properties) {
    // only a square matrix can be symmetric: a vector's "symmetric" belongs to a neighbour
    if (propertyInfo(property).square && !square) continue;
    facts.push({ subject, says: { kind: 'property', property }, source });
  }
  for (const property of d.denied ?? [])
    facts.push({ subject, says: { kind: 'property', property, negated: true }, source });
  return facts;
}

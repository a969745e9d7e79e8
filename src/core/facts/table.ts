// The fact table: every fact the readers collect, scoped as a reader scopes it, and
// `resolve(name, at)`, the one answer later stages get about what a name means at a place.
//
// Scope. A shape said of a letter holds from where it is said (its paragraph, see scope.ts) to
// the next shape said of that letter; each of these stretches is an epoch of the letter.
// Everything else said of the letter (symmetric, one-hot, the matrix of ones) holds in the
// epoch it was said in, all of it; said before the letter's first shape, it holds from where
// it is said through the first epoch. Where a directive and the text disagree, the directive
// wins; what is said wins over what is only inferred from use.
//
// A condition ("$\nabla_x x^TAx = 2Ax$ when $A$ is symmetric") holds in its own sentence only.
//
// Denials. "$A$ is not necessarily symmetric" is a fact too (a negated property): in force, it
// cancels the property and everything that implies it (positive definite, diagonal…), and a
// fact that states one of those loses with all it implies. Between a statement and a denial,
// the stronger source wins (a directive beats prose, prose beats use); between two of one
// strength, the one said last before the place asked about (or, with none before it, the
// first after it), as a reader takes the last word.
import type { DimSpec } from '../latex/ast';
import { VIA_STRENGTH, type Fact } from './fact';
import { deniedWith, withImplied, type Property } from './kinds';
import { paragraphStarts, scopeStart } from './scope';

export interface Resolved {
  name: string;
  /** The shape in force, and the fact it rests on. */
  dims?: DimSpec[];
  shapeFact?: Fact;
  /** Properties in force (with what they imply), each with the fact it rests on. */
  properties: Map<Property, Fact>;
  /** Properties the note denies here (with everything that implies them), each with its denial. */
  denied: Map<Property, Fact>;
  /** Every fact in force, strongest first (a statement a denial cancels, or a denial a statement overrides, is not). */
  facts: Fact[];
}

interface Epoch {
  from: number;
  to: number;
  shape?: Fact;
}

export class FactTable {
  private readonly bySymbol = new Map<string, Fact[]>();
  private readonly epochs = new Map<string, Epoch[]>();
  private readonly dimensionFacts: Fact[] = [];
  private paragraphs: number[] | undefined;

  constructor(private readonly text: string) {}

  add(fact: Fact): void {
    if (!('symbol' in fact.subject)) {
      this.dimensionFacts.push(fact);
      return;
    }
    const name = fact.subject.symbol;
    const list = this.bySymbol.get(name) ?? [];
    list.push(fact);
    this.bySymbol.set(name, list);
    this.epochs.delete(name); // recomputed when next asked
  }

  has(name: string): boolean {
    return this.bySymbol.has(name);
  }

  names(): IterableIterator<string> {
    return this.bySymbol.keys();
  }

  /** Every fact, in document order. */
  all(): Fact[] {
    const facts = [...this.bySymbol.values()].flat().concat(this.dimensionFacts);
    for (const name of this.bySymbol.keys()) this.epochsOf(name);
    return facts.sort((a, b) => a.source.start - b.source.start);
  }

  /** Every fact about a symbol, scoped. */
  factsAbout(name: string): readonly Fact[] {
    if (!this.bySymbol.has(name)) return [];
    this.epochsOf(name);
    return this.bySymbol.get(name)!;
  }

  /** Facts about dimensions: m > n, m = n, n = 3. */
  dimensions(): readonly Fact[] {
    return this.dimensionFacts;
  }

  /** What the note says `name` is at `at`. */
  resolve(name: string, at: number): Resolved {
    const resolved: Resolved = { name, properties: new Map(), denied: new Map(), facts: [] };
    const facts = this.bySymbol.get(name);
    if (!facts) return resolved;
    this.epochsOf(name);
    // Before a letter's first declaration it is generic: nothing said of it later holds there.
    const inForce = facts.filter((f) => f.scope && f.scope.from <= at && at < f.scope.to);
    const lost = conflictsLost(inForce, at);
    const chosen = inForce.filter((f) => !lost.has(f));
    chosen.sort((a, b) => VIA_STRENGTH[b.source.via] - VIA_STRENGTH[a.source.via]);
    resolved.facts = chosen;
    const shape = chosen.find((f) => f.says.kind === 'shape');
    if (shape && shape.says.kind === 'shape') {
      resolved.dims = shape.says.dims;
      resolved.shapeFact = shape;
    }
    for (const fact of chosen) {
      if (fact.says.kind !== 'property') continue;
      const into = fact.says.negated ? resolved.denied : resolved.properties;
      const reach = fact.says.negated ? deniedWith : withImplied;
      for (const p of reach(fact.says.property)) if (!into.has(p)) into.set(p, fact);
    }
    return resolved;
  }

  private paragraphStarts(): number[] {
    return (this.paragraphs ??= paragraphStarts(this.text));
  }

  /** A letter's epochs, and every one of its facts scoped. */
  private epochsOf(name: string): Epoch[] {
    const known = this.epochs.get(name);
    if (known) return known;
    const facts = this.bySymbol.get(name) ?? [];
    const end = Math.max(this.text.length, ...facts.map((f) => f.source.end)) + 1;
    const startOf = (f: Fact) =>
      Math.min(f.source.start, scopeStart(this.text, this.paragraphStarts(), f.source.start));
    // Use is evidence note-wide; only what is said has a place.
    const said = facts.filter((f) => f.source.via !== 'use');
    const shapes = said
      .filter((f) => f.says.kind === 'shape')
      .sort((a, b) => a.source.start - b.source.start);
    const epochs: Epoch[] = [];
    for (const shape of shapes) {
      const from = startOf(shape);
      const last = epochs[epochs.length - 1];
      // Two shapes said in one paragraph ("A ∈ ℝ^{n×n}, i.e. A_{n×n}") share it.
      if (last && last.from === from) {
        if (VIA_STRENGTH[shape.source.via] > VIA_STRENGTH[last.shape!.source.via])
          last.shape = shape;
        continue;
      }
      if (last) last.to = from;
      epochs.push({ from, to: end, shape });
    }
    if (epochs.length === 0) epochs.push({ from: 0, to: end });
    const first = epochs[0];
    for (const fact of facts) {
      if (fact.condition) {
        fact.scope = { ...fact.condition };
        continue;
      }
      if (fact.source.via === 'use') {
        fact.scope = { from: 0, to: end };
        continue;
      }
      if (fact.says.kind === 'shape') {
        const epoch = epochs.find((e) => e.shape === fact) ?? epochOf(epochs, fact.source.start);
        fact.scope = { from: startOf(fact), to: epoch.to };
        continue;
      }
      const from = startOf(fact);
      if (!first.shape) fact.scope = { from, to: end };
      // said before the letter's first shape: from there on, through the first epoch
      else if (from < first.from) fact.scope = { from, to: first.to };
      else {
        const epoch = epochOf(epochs, fact.source.start);
        fact.scope = { from: epoch.from, to: epoch.to };
      }
    }
    this.epochs.set(name, epochs);
    return epochs;
  }
}

function epochOf(epochs: Epoch[], offset: number): Epoch {
  return [...epochs].reverse().find((e) => e.from <= offset) ?? epochs[0];
}

/**
 * The facts among `inForce` that lose a conflict between a statement and a denial: a statement
 * of P conflicts with a denial of anything P implies. The stronger source wins; of one strength,
 * the last said at or before `at`, else the first said after it.
 */
function conflictsLost(inForce: Fact[], at: number): Set<Fact> {
  const lost = new Set<Fact>();
  const denials = inForce.filter((f) => f.says.kind === 'property' && f.says.negated);
  if (denials.length === 0) return lost;
  const beats = (a: Fact, b: Fact): boolean => {
    const strength = VIA_STRENGTH[a.source.via] - VIA_STRENGTH[b.source.via];
    if (strength !== 0) return strength > 0;
    const aBefore = a.source.start <= at;
    const bBefore = b.source.start <= at;
    if (aBefore !== bBefore) return aBefore;
    return aBefore ? a.source.start > b.source.start : a.source.start < b.source.start;
  };
  for (const stated of inForce) {
    if (stated.says.kind !== 'property' || stated.says.negated) continue;
    const implied = withImplied(stated.says.property);
    for (const denial of denials) {
      if (denial.says.kind !== 'property' || !implied.includes(denial.says.property)) continue;
      lost.add(beats(stated, denial) ? denial : stated);
    }
  }
  return lost;
}

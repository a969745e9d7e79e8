// What the note says of a symbol at a place, as a reader would cite it: one line per fact in
// force, strongest first: `symmetric (line 1, prose: "a symmetric weight matrix $W$")`.
// Hovers, the panel and messages take their citations from here.
import { describeLine, type Section } from '../document';
import type { ReadDocument } from '../read';
import type { Fact } from './fact';
import { propertyInfo } from './kinds';

const MAX_QUOTE = 80;

export function describeFacts(read: ReadDocument, name: string, at: number): string[] {
  return read.env.facts.resolve(name, at).facts.map((fact) => describeFact(read, fact));
}

export function describeFact(read: { sections?: readonly Section[] }, fact: Fact): string {
  const where = describeLine(fact.source.line, read.sections);
  const quote = fact.source.quote ? `: "${truncate(fact.source.quote)}"` : '';
  return `${whatFactSays(fact)} (${where}, ${fact.source.via}${quote})`;
}

/** "n×n", "scalar", "symmetric", "count", "m > n". */
export function whatFactSays(fact: Fact): string {
  const says = fact.says;
  switch (says.kind) {
    case 'shape':
      return says.dims.length === 0
        ? 'scalar'
        : says.dims.map((d) => ('name' in d ? d.name : String(d.value))).join('×');
    case 'property': {
      const label = propertyInfo(says.property).label;
      if (!says.negated) return label;
      // "not symmetric", "entries not all nonnegative", "not a probability vector"
      const entries = /^(.*) entries$/.exec(label);
      return entries ? `entries not all ${entries[1]}` : `not ${label}`;
    }
    case 'role':
      return says.role;
    case 'size':
      return `${'dimension' in fact.subject ? fact.subject.dimension : ''} ${says.relation} ${says.than}`;
    case 'rank':
      return `full ${says.full} rank`;
    case 'family-source':
      return `the ${says.along} of ${says.matrix}`;
  }
}

function truncate(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_QUOTE ? `${flat.slice(0, MAX_QUOTE - 1)}…` : flat;
}

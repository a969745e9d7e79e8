// What a region's findings depend on, apart from its own text: the facts, definitions and
// evidence about every name it mentions (and the names those bring in: what a definition
// expands to, a family's matrix and declared members, the partner of a dot product). The
// editor's region cache keys a region on this, so a sentence about B re-checks only the
// regions that speak of B.
import { namesOfExpr, type ReadDocument } from '../read';

/** The names a region's findings can depend on. */
export function regionNames(read: ReadDocument, region: number): Set<string> {
  const names = new Set<string>();
  for (const statement of read.statements)
    if (statement.region === region) for (const name of statement.names ?? []) names.add(name);
  const env = read.env;
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.pop()!;
    const more = new Set<string>();
    for (const definition of env.definitionsOf(name)) namesOfExpr(definition.expr, more);
    for (const partner of env.dotPartners.get(name) ?? []) more.add(partner);
    for (const member of env.declaredFamilyMembers(name)) more.add(member);
    const source = env.familySources.get(name);
    if (source) more.add(source.matrix);
    for (const found of more) {
      if (names.has(found)) continue;
      names.add(found);
      queue.push(found);
    }
  }
  return names;
}

/** A region's dependencies as plain data, positions as line and column. */
export function regionDependencies(read: ReadDocument, region: number): unknown {
  const { env, lines, document } = read;
  const at = (offset: number) => lines.positionAt(Math.min(offset, document.text.length));
  const names = [...regionNames(read, region)].sort();
  return names.map((name) => ({
    name,
    facts: env.facts.factsAbout(name).map((f) => ({
      says:
        f.says.kind === 'shape'
          ? { kind: 'shape', dims: f.says.dims.map((d) => ({ ...d, span: at(d.span.start) })) }
          : f.says,
      display: 'display' in f.subject ? f.subject.display : '',
      via: f.source.via,
      quote: f.source.quote,
      from: at(f.source.start),
      to: at(f.source.end),
      scope: f.scope && { from: at(f.scope.from), to: at(f.scope.to) },
    })),
    definitions: env.definitionsOf(name).map((d) => ({
      at: at(d.offset),
      text: document.text.slice(d.offset, d.expr.span.end),
      params: d.params,
    })),
    vector: env.vectorHints.has(name),
    family: env.familyHints.has(name),
    count: env.counts.has(name),
    source: env.familySources.get(name),
  }));
}

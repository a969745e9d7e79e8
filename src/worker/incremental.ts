// Region-level reuse of worker results. Pure (no `vscode` import); tested in plain Node.
//
// The worker checks whole documents, so the only way to skip a region is not to send it: the
// math of a region whose findings are cached is replaced by spaces (newlines kept), so every
// other offset, line and column stays where it was and the worker's findings for the rest of
// the document are exactly those of a full check. The cached findings are put back in.
//
// Only a *self-contained* region may be blanked: display math whose statements are claims
// (gradient, equality, differential; updates and relations are harmless) and that gives the
// document nothing (ReadStatement.contributes): no definition, declaration, size hint
// (A_{m×n}), evidence from use (xᵀ, w · x_i), `\in`, macro definition or directive. Count
// evidence (Σ_{n=1}^N) is weighed for all the blanked regions together: they must leave the
// note counting the same names, as far as any statement left in can tell.
//
// A region's key is the content it depends on:
//   - the settings (macros, numeric options) and the document language;
//   - the note-wide context: size relations (m = n), dimension names and the pairs one symbol is
//     declared with (W ∈ ℝ^{D×K}), the names on the left of an `\in` (d ∈ ℝ changes parsing),
//     every macro definition's text;
//   - its dependencies (core/facts/dependencies.ts): every fact, definition and piece of
//     evidence about the names it mentions, and the names those bring in, with where each was
//     said and where it holds;
//   - the region's own source text and its line/column, and the words just before it that
//     can make its equalities equations to solve ("setting it to zero gives").
// Lines and columns, not offsets, are in the key: findings carry ranges and messages name
// lines ("declared on line 3"), so a region is reused only where those are unchanged, while
// typing elsewhere on other lines does not invalidate it. One honest consequence: the core
// seeds each claim's random draws by its offset, so a reused finding keeps the numbers (relative
// errors, sampled sizes) of the draw it was computed with; its verdict does not depend on that.
import type { Position } from '../core/document';
import { dropsConstantsAfter, proseCueBefore } from '../core/analyze';
import { sizeLettersOfOneSymbol } from '../core/check/shapeCheck';
import { countNames } from '../core/claims/counts';
import { regionDependencies } from '../core/facts/dependencies';
import { proseView } from '../core/facts/proseView';
import type { ReadDocument, ReadStatement } from '../core/read';
import type { Finding } from '../core/report';
import { scanDocument } from '../core/scan';
import { sourceOffset, type MathRegion } from '../core/scan/region';
import { contentKey, type LruCache } from './cache';

/** Bump when the key's recipe changes, so old entries can never match. */
const KEY_RECIPE = 'region-v6';

const CLAIM_KINDS: ReadonlySet<string> = new Set(['gradient', 'equality', 'differential']);
const HARMLESS_KINDS: ReadonlySet<string> = new Set([...CLAIM_KINDS, 'update', 'relation']);
const MACRO_DEFINITION =
  /\\(?:[gex]?def|(?:re)?newcommand|providecommand|DeclareRobustCommand|DeclareMathOperator|let)(?![A-Za-z])/;
const DIRECTIVE = /gradlens\s*:/i;

export type RegionCache = LruCache<readonly Finding[]>;

interface Span {
  start: number;
  end: number;
}

export interface ReusePlan {
  /** What the worker gets: the document with reused regions blanked. */
  text: string;
  /** Findings of the blanked regions, from the cache. */
  reused: Finding[];
  blanked: Span[];
  /** Self-contained regions sent in full: their findings go into the cache afterwards. */
  fresh: (Span & { key: string })[];
}

/** Plans a check of `read.document`: which regions the cache already answers. */
export function planReuse(read: ReadDocument, settingsKey: string, cache: RegionCache): ReusePlan {
  const text = read.document.text;
  const candidates = selfContainedRegions(read);
  const none: ReusePlan = { text, reused: [], blanked: [], fresh: [] };
  if (candidates.length === 0) return none;
  const context = contextSignature(read, settingsKey);
  const fresh: ReusePlan['fresh'] = [];
  const hits: { region: MathRegion; findings: readonly Finding[] }[] = [];
  for (const region of candidates) {
    const key = regionKey(read, context, region);
    const cached = cache.get(key);
    if (cached) hits.push({ region, findings: cached });
    else fresh.push({ key, start: region.start, end: region.end });
  }
  // Counts are read from every formula at once (Σ_{n=1}^N here makes N a scalar there): the
  // regions left out must, all together, leave the note counting the same names.
  if (hits.length > 0 && !countsSurvive(read, new Set(hits.map((h) => h.region.start)))) {
    for (const hit of hits.filter((h) => hasCountEvidence(read, h.region)))
      fresh.push({ key: regionKey(read, context, hit.region), ...hit.region });
    hits.splice(0, hits.length, ...hits.filter((h) => !hasCountEvidence(read, h.region)));
  }
  if (hits.length === 0) return { ...none, fresh };
  const blankedText = blank(
    text,
    hits.map((h) => h.region),
  );
  // Belt and braces: the blanked document must scan into the same regions, the blanked ones
  // empty. If it does not (some scanner rule we did not foresee), send the whole text.
  if (!scansAlike(read, blankedText, new Set(hits.map((h) => h.region.start)))) {
    return {
      ...none,
      fresh: candidates.map((region) => ({
        key: regionKey(read, context, region),
        start: region.start,
        end: region.end,
      })),
    };
  }
  return {
    text: blankedText,
    reused: hits.flatMap((h) => h.findings),
    blanked: hits.map((h) => ({ start: h.region.start, end: h.region.end })),
    fresh,
  };
}

/**
 * The document's findings from the worker's answer and the plan. With `store`, each fresh
 * region's findings (possibly none) are cached; pass false for an answer that is incomplete
 * (a time budget ran out).
 */
export function mergeFindings(
  read: ReadDocument,
  plan: ReusePlan,
  fromWorker: readonly Finding[],
  cache: RegionCache,
  store: boolean,
): Finding[] {
  // A region's findings lie within it. An empty range at its very start is not counted: that
  // is where document-wide findings sit (0:0, "the time budget ran out before…").
  const inside = (f: Finding, span: Span) => {
    const start = read.lines.offsetAt(f.range.start);
    const end = read.lines.offsetAt(f.range.end);
    return (start > span.start || (start === span.start && end > start)) && start <= span.end;
  };
  if (store) {
    for (const region of plan.fresh)
      cache.set(
        region.key,
        fromWorker.filter((f) => inside(f, region)),
      );
  }
  // Nothing the worker says about a blanked region is real (it saw spaces there).
  const kept = plan.blanked.length
    ? fromWorker.filter((f) => !plan.blanked.some((span) => inside(f, span)))
    : [...fromWorker];
  const merged = [...kept, ...plan.reused];
  // Stable, as the core's own sort: findings of one region keep their order.
  merged.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  return merged;
}

/** Display regions that give the rest of the document nothing and can be left out. */
export function selfContainedRegions(read: ReadDocument): MathRegion[] {
  // In a notebook's JSON, region text is decoded from string escapes: blanking it char by
  // char could break the JSON. (Notebook cells opened in the editor are markdown documents.)
  if (read.document.language === 'notebook') return [];
  const byRegion = new Map<number, ReadStatement[]>();
  for (const statement of read.statements) {
    const list = byRegion.get(statement.region) ?? [];
    list.push(statement);
    byRegion.set(statement.region, list);
  }
  const text = read.document.text;
  const result: MathRegion[] = [];
  // words with math inside a display (`\text{where $A$ is symmetric}`) are prose that the
  // readers take facts from: such a display gives the document something
  const withWords = new Set(proseView(text, read.scan).inline.map((m) => m.inDisplay));
  read.scan.regions.forEach((region, index) => {
    const statements = byRegion.get(index);
    if (!region.display || !statements) return;
    if (!statements.some((s) => s.steps.some((step) => CLAIM_KINDS.has(step.kind)))) return;
    if (!statements.every(givesNothing)) return;
    const source = text.slice(region.start, region.end);
    if (MACRO_DEFINITION.test(source) || DIRECTIVE.test(source)) return;
    if (!mapsVerbatim(text, region)) return;
    if (withWords.has(region.start)) return;
    result.push(region);
  });
  return result;
}

function givesNothing(statement: ReadStatement): boolean {
  const chain = statement.chain;
  if (!chain) return true; // a statement that did not parse declares nothing
  if (!statement.steps.every((step) => HARMLESS_KINDS.has(step.kind))) return false;
  if (chain.relations.some((r) => r.op === '\\in')) return false;
  return !statement.contributes;
}

function hasCountEvidence(read: ReadDocument, region: MathRegion): boolean {
  return read.statements.some((s) => {
    const e = s.countEvidence;
    return (
      read.scan.regions[s.region] === region &&
      !!e &&
      e.limits.length + e.scalarUses.length + e.matrixUses.length > 0
    );
  });
}

/**
 * Whether the note counts with the same names once the given regions are left out, as far as
 * the rest of it can tell: a name no statement left in mentions cannot change how one reads.
 */
function countsSurvive(read: ReadDocument, leftOut: ReadonlySet<number>): boolean {
  const kept = read.statements.filter((s) => !leftOut.has(read.scan.regions[s.region].start));
  const without = countNames(
    kept.flatMap((s) => (s.countEvidence ? [s.countEvidence] : [])),
    read.proseCounts ?? [],
  );
  const now = read.env.counts;
  const differ = [...now].filter((n) => !without.has(n));
  differ.push(...[...without].filter((n) => !now.has(n)));
  return differ.every((name) => !kept.some((s) => s.names?.has(name)));
}

/** Each character of the region's text sits at its own source offset (no decoding). */
function mapsVerbatim(text: string, region: MathRegion): boolean {
  for (let i = 0; i < region.text.length; i++) {
    if (text[sourceOffset(region, i)] !== region.text[i]) return false;
  }
  return true;
}

/**
 * The part of a region's text that may be blanked: all of it, except an environment's own
 * \begin{…}{…} and \end{…}, which must stay for the region to remain a region.
 */
function innerSpan(region: MathRegion): { from: number; to: number } {
  if (region.delimiter !== 'environment') return { from: 0, to: region.text.length };
  // alignat and array take an argument, {2} or {cc}; other environments' content may start with a brace.
  const begin = /^\\begin\s*\{(?:alignat\*?\}\s*\{[^}]*|array\}\s*\{[^}]*|[^}]*)\}/.exec(
    region.text,
  );
  const end = /\\end\s*\{[^}]*\}$/.exec(region.text);
  const from = begin ? begin[0].length : 0;
  return { from, to: Math.max(from, end ? end.index : region.text.length) };
}

function blank(text: string, regions: MathRegion[]): string {
  const chars = text.split('');
  for (const region of regions) {
    const { from, to } = innerSpan(region);
    for (let i = from; i < to; i++) {
      const c = region.text[i];
      if (c !== '\n' && c !== '\r') chars[sourceOffset(region, i)] = ' ';
    }
  }
  return chars.join('');
}

function scansAlike(
  read: ReadDocument,
  blankedText: string,
  blankedStarts: ReadonlySet<number>,
): boolean {
  const before = read.scan.regions;
  const after = scanDocument(blankedText, read.document.language).regions;
  if (after.length !== before.length) return false;
  return after.every((region, i) => {
    const same = region.start === before[i].start && region.end === before[i].end;
    if (!same || !blankedStarts.has(region.start)) return same;
    const { from, to } = innerSpan(region);
    return region.text.slice(from, to).trim() === '';
  });
}

const indexes = new WeakMap<ReadDocument, Map<MathRegion, number>>();

function regionIndex(read: ReadDocument): Map<MathRegion, number> {
  let map = indexes.get(read);
  if (!map) {
    map = new Map(read.scan.regions.map((region, i) => [region, i]));
    indexes.set(read, map);
  }
  return map;
}

function regionKey(read: ReadDocument, context: string, region: MathRegion): string {
  const at = read.lines.positionAt(region.start);
  const text = read.document.text;
  const index = regionIndex(read).get(region) ?? -1;
  // "Setting the gradient to zero gives $$…$$": the words before a region change its verdicts.
  return contentKey([
    KEY_RECIPE,
    context,
    `${at.line}:${at.character}`,
    proseCueBefore(text, region.start),
    String(dropsConstantsAfter(text, region.end)),
    text.slice(region.start, region.end),
    // everything said about the names it mentions (facts, definitions, evidence from use)
    JSON.stringify(regionDependencies(read, index)),
  ]);
}

/** Everything outside the self-contained regions that a claim's findings can depend on. */
export function contextSignature(read: ReadDocument, settingsKey: string): string {
  const { document, env, lines, statements, scan } = read;
  const at = (offset: number): Position => lines.positionAt(offset);
  // Facts about dimensions (m = n, m > n) reach every region that uses those dimensions.
  const sizes = env.facts.dimensions().map((f) => ({
    subject: f.subject,
    says: f.says,
    from: at(f.source.start),
  }));
  // `d ∈ ℝ`, `I ∈ …` anywhere changes how every formula parses.
  const inNames: string[] = [];
  for (const statement of statements) {
    const chain = statement.chain;
    if (!chain) continue;
    chain.relations.forEach((relation, i) => {
      if (relation.op === '\\in')
        inNames.push(document.text.slice(chain.operands[i].span.start, chain.operands[i].span.end));
    });
  }
  const macroSources = [
    ...scan.preamble.map((segment) => segment.text),
    ...scan.regions.map((region) => document.text.slice(region.start, region.end)),
  ].filter((source) => MACRO_DEFINITION.test(source));
  const signature = {
    recipe: KEY_RECIPE,
    settingsKey,
    language: document.language,
    sizes,
    dimensionNames: [...env.dimensionNames()].sort(),
    // letters one symbol is declared with (W ∈ ℝ^{D×K}) are never read as one size elsewhere
    sizeLettersTogether: sizeLettersOfOneSymbol(env)
      .map((pair) => pair.join('×'))
      .sort(),
    inNames: inNames.sort(),
    macroSources,
  };
  return contentKey([JSON.stringify(signature)]);
}

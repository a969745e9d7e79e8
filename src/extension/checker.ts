// One document → its findings: the host plans what the worker may skip, the worker checks the
// rest, cached answers fill the gaps. Pure (no `vscode` import): the diagnostics manager and
// the workspace check call it, and the tests drive it with the core standing in for the worker.
//
// Two caches, both keyed by content, so they are never stale, only unused:
//   - per document: (settings, language, text) → its findings; a reopened file, an undo, a
//     save without edits or a settings round trip cost nothing, not even a host-side read;
//   - per region: see incremental.ts; editing one claim re-checks that claim's region only.
// Answers cut short by the time budget are not cached.
import type { NumericOptions } from '../core/check/numericCheck';
import type { Section, SourceDocument } from '../core/document';
import type { Finding } from '../core/report';
import { markSuppressed } from '../core/silence';
import { conventionsKey, type NamingConventions } from '../core/shape/conventions';
import type { CheckOptions, CheckOutcome } from '../worker/client';
import { contentKey, LruCache } from './cache';
import type { HostAnalyses } from './hostAnalysis';
import { mergeFindings, planReuse, type RegionCache } from './incremental';

/** What the checker needs of the WorkerClient (the tests pass the core itself). */
export interface CheckWorker {
  check(document: SourceDocument, options?: CheckOptions): Promise<CheckOutcome>;
}

/** The settings that change findings. */
export interface CheckSettings {
  macros: Record<string, string>;
  conventions: NamingConventions;
  numeric: NumericOptions;
}

export interface Reuse {
  /** The worker was not asked: the same text was checked before. */
  document: boolean;
  /** Regions answered from the cache, and regions the cache can answer next time. */
  regionsReused: number;
  regionsFresh: number;
}

export type CheckResult =
  | {
      kind: 'findings';
      version: number;
      findings: Finding[];
      timedOut: boolean;
      durationMs: number;
      reuse: Reuse;
    }
  | Exclude<CheckOutcome, { kind: 'result' }>;

const DOCUMENT_ENTRIES = 64;
const REGION_ENTRIES = 5_000;

export function settingsKey(settings: CheckSettings): string {
  const macros = Object.keys(settings.macros)
    .sort()
    .map((name) => [name, settings.macros[name]]);
  const { draws, seed, tolerance, maxDim } = settings.numeric;
  return JSON.stringify({
    macros,
    conventions: conventionsKey(settings.conventions),
    numeric: [draws, seed, tolerance, maxDim],
  });
}

export class Checker {
  private readonly documents = new LruCache<readonly Finding[]>(DOCUMENT_ENTRIES);
  private readonly regions: RegionCache = new LruCache(REGION_ENTRIES);

  constructor(
    /** A getter: the worker is replaced when it restarts. */
    private readonly worker: () => CheckWorker,
    private readonly analyses: HostAnalyses,
  ) {}

  /** `sections`: the document is a notebook's cells read together (messages name the cell). */
  async check(
    document: SourceDocument,
    settings: CheckSettings,
    sections?: Section[],
  ): Promise<CheckResult> {
    const started = performance.now();
    const key = settingsKey(settings);
    const documentKey = contentKey([
      key,
      document.language,
      document.text,
      JSON.stringify(sections ?? []),
    ]);
    const known = this.documents.get(documentKey);
    if (known) {
      const reuse = { document: true, regionsReused: 0, regionsFresh: 0 };
      return {
        kind: 'findings',
        version: document.version,
        findings: [...known],
        timedOut: false,
        durationMs: performance.now() - started,
        reuse,
      };
    }
    const analysis = this.analyses.get(document, { ...settings, sections }, key);
    const plan = analysis ? planReuse(analysis.read, key, this.regions) : undefined;
    const outcome = await this.worker().check(
      { ...document, text: plan?.text ?? document.text },
      {
        macros: settings.macros,
        conventions: settings.conventions,
        sections,
        numeric: settings.numeric,
      },
    );
    if (outcome.kind !== 'result') return outcome;
    const { timedOut } = outcome;
    // Findings from the region cache carry the silencing of the text they were checked in:
    // mark them again for this text (a comment added far from a region leaves its key as is).
    const findings =
      analysis && plan
        ? markSuppressed(
            mergeFindings(analysis.read, plan, outcome.findings, this.regions, !timedOut),
            analysis.read,
          )
        : [...outcome.findings];
    if (!timedOut) this.documents.set(documentKey, findings);
    const reuse = {
      document: false,
      regionsReused: plan?.blanked.length ?? 0,
      regionsFresh: plan?.fresh.length ?? 0,
    };
    return {
      kind: 'findings',
      version: document.version,
      findings,
      timedOut,
      durationMs: performance.now() - started,
      reuse,
    };
  }

  /** Drops every cached answer (the worker restarted: maybe it was wrong). */
  clear(): void {
    this.documents.clear();
    this.regions.clear();
  }
}

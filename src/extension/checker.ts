// One document → its findings: the host sends the text, the worker checks it (leaving out the
// regions its own cache answers: worker/incremental.ts) and sends back the findings with the
// reading the panel needs, which goes into the ReadingStore. Pure (no `vscode` import): the
// diagnostics manager and the workspace check call it, and the tests drive it with the
// worker's code in process.
//
// The host's only cache is per document: (settings, language, text) → its findings and
// reading, keyed by content so it is never stale, only unused; a reopened file, an undo, a
// save without edits or a settings round trip do not reach the worker. Hashing the text is
// the host's one pass over it (about a millisecond for 200,000 characters: npm run bench).
// Answers cut short by the time budget are not cached.
import type { NumericOptions } from '../core/check/numericCheck';
import type { Section, SourceDocument } from '../core/document';
import type { Finding } from '../core/report';
import { conventionsKey, type NamingConventions } from '../core/shape/conventions';
import { contentKey, LruCache } from '../worker/cache';
import type { CheckOptions, CheckOutcome } from '../worker/client';
import type { ReadingStore } from './readingStore';

/** What the checker needs of the WorkerClient (the tests pass the worker's code in process). */
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

interface Known {
  findings: readonly Finding[];
  readingJson?: string;
}

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
  private readonly documents = new LruCache<Known>(DOCUMENT_ENTRIES);

  constructor(
    /** A getter: the worker is replaced when it restarts. */
    private readonly worker: () => CheckWorker,
    private readonly readings: ReadingStore,
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
      if (known.readingJson !== undefined)
        this.readings.set(document.uri, document.version, known.readingJson);
      return {
        kind: 'findings',
        version: document.version,
        findings: [...known.findings],
        timedOut: false,
        durationMs: performance.now() - started,
        reuse: { document: true, regionsReused: 0, regionsFresh: 0 },
      };
    }
    const outcome = await this.worker().check(document, {
      macros: settings.macros,
      conventions: settings.conventions,
      sections,
      numeric: settings.numeric,
      regions: { settingsKey: key },
      reading: true,
    });
    if (outcome.kind !== 'result') return outcome;
    const { timedOut, findings, readingJson } = outcome;
    if (readingJson !== undefined) this.readings.set(document.uri, document.version, readingJson);
    if (!timedOut) this.documents.set(documentKey, { findings, readingJson });
    return {
      kind: 'findings',
      version: document.version,
      findings: [...findings],
      timedOut,
      durationMs: performance.now() - started,
      reuse: {
        document: false,
        regionsReused: outcome.reuse?.regionsReused ?? 0,
        regionsFresh: outcome.reuse?.regionsFresh ?? 0,
      },
    };
  }

  /** Drops every cached answer (the worker restarted: maybe it was wrong). */
  clear(): void {
    this.documents.clear();
    this.readings.clear();
  }
}

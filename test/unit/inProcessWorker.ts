// The worker's own check (src/worker/run.ts) with its region cache, called in process: what the
// Checker on the host talks to, minus the thread. worker.test.ts covers the thread itself.
import type { SourceDocument } from '../../src/core/document';
import type { CheckRequest } from '../../src/protocol/worker';
import { LruCache } from '../../src/worker/cache';
import type { CheckOptions, CheckOutcome } from '../../src/worker/client';
import type { RegionCache } from '../../src/worker/incremental';
import { runCheck } from '../../src/worker/run';

export class InProcessWorker {
  /** The texts the core was given, one per check that reached the worker. */
  readonly sent: string[] = [];
  readonly regions: RegionCache = new LruCache(5_000);
  timeBudgetMs = 60_000;
  private nextId = 1;

  async check(document: SourceDocument, options: CheckOptions = {}): Promise<CheckOutcome> {
    const request: CheckRequest = {
      type: 'check',
      id: this.nextId++,
      uri: document.uri,
      version: document.version,
      language: document.language,
      text: document.text,
      options: { ...options, timeBudgetMs: options.timeBudgetMs ?? this.timeBudgetMs },
      slot: -1,
    };
    const reply = runCheck(
      request,
      () => true,
      this.regions,
      (text) => this.sent.push(text),
    );
    if (reply.type === 'cancelled') return { kind: 'superseded' };
    const { findings, version, durationMs, timedOut, reuse, readingJson } = reply;
    return {
      kind: 'result',
      findings,
      version,
      durationMs,
      timedOut: timedOut === true,
      ...(reuse ? { reuse } : {}),
      ...(readingJson !== undefined ? { readingJson } : {}),
    };
  }
}

// Host side of the numeric worker (no `vscode` import; the extension passes its log channel).
// It owns one worker thread and every request sent to it:
// - ids on every request; one promise per request that always settles with a CheckOutcome;
// - per URI, a newer version supersedes the older request: its promise settles at once and
//   its shared flag is cleared, so the worker stops at its next claim;
// - a watchdog per running request (time budget + grace, from the worker's `started`): a
//   worker stuck inside one claim cannot see its flag, so it is terminated and restarted at
//   once; the document gets a "ran out of time" finding and the restart cap is not touched;
// - a crash (uncaught error, exit, out of memory: ERR_WORKER_OUT_OF_MEMORY from the heap
//   limits) restarts the worker with a backoff, and counts toward the cap;
// after either incident the request that was running is reported, the others are sent again.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { SourceDocument } from '../core/document';
import type { Finding } from '../core/report';
import { CancellationSlots, createControl, createFlags } from '../protocol/cancellation';
import { ReceivedFindings } from '../protocol/findingsDelta';
import type { Logger } from '../protocol/logger';
import type {
  CheckRequest,
  CrashMode,
  DeriveOutcome,
  DeriveRequest,
  ReadingOptions,
  RegionReuse,
  ShapeAtRequest,
  ShapeSummary,
  WorkerCheckOptions,
  WorkerData,
  WorkerReply,
  WorkerRequest,
  WorkRequest,
} from '../protocol/worker';
import { ranOutOfTime } from './ranOutOfTime';
import { RestartPolicy } from './restartPolicy';

export type CheckOutcome =
  | {
      kind: 'result';
      findings: Finding[];
      version: number;
      durationMs: number;
      timedOut: boolean;
      /** When the check asked for region reuse (options.regions). */
      reuse?: RegionReuse;
      /** When the check asked for it (options.reading): a DocumentReading as JSON. */
      readingJson?: string;
    }
  | { kind: 'superseded' }
  | { kind: 'timeout' }
  | { kind: 'crashed'; message: string }
  | { kind: 'disposed' };

export type CheckOptions = Omit<WorkerCheckOptions, 'timeBudgetMs'> & { timeBudgetMs?: number };

/** A hover's question: the shape at `offset` of a document read with these options. */
export interface ShapeQuery extends ReadingOptions {
  offset: number;
  /** Names the options for the worker's reading cache (the host's settings key). */
  settingsKey: string;
  timeBudgetMs?: number;
}

/** The answer to a ShapeQuery: a shape (or none there), or why there is none. */
export type ShapeOutcome =
  { kind: 'shape'; shape: ShapeSummary | undefined } | Exclude<CheckOutcome, { kind: 'result' }>;

/** The editor's CancellationToken, or anything shaped like it. */
export interface CancelSignal {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

/** A derivation's answer (core/derive/deriveAt.ts), or why there is none. */
export type DeriveClientOutcome = DeriveOutcome | Exclude<CheckOutcome, { kind: 'result' }>;

/** What "Derive Gradient…" asks of a document: where, by what, read with which options. */
export interface DeriveQuery extends ReadingOptions {
  where: DeriveRequest['where'];
  wrt?: string;
  preferNamed?: boolean;
  timeBudgetMs?: number;
}

type Outcome = CheckOutcome | ShapeOutcome | DeriveClientOutcome;

export type TraceEvent =
  { direction: 'sent'; message: WorkerRequest } | { direction: 'received'; message: WorkerReply };

export interface WorkerClientOptions {
  /** The bundled worker, dist/worker.js. */
  workerPath: string;
  logger: Logger;
  /** Per document, when a check does not give its own. */
  timeBudgetMs?: number;
  /** How long past its budget a request may run before the worker is taken for stuck. */
  graceMs?: number;
  resourceLimits?: ResourceLimits;
  maxRestartsPerMinute?: number;
  restartBackoffMs?: number;
  /** Lets the worker honour `crash` and `hang`; tests only. */
  testHooks?: boolean;
  /** Every message in and out, for tests and trace logging. */
  trace?: (event: TraceEvent) => void;
}

/** Node's timers take at most 2³¹ − 1 ms; a longer delay fires after 1 ms instead. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** The watchdog's delay, always one a timer can hold (a NaN or huge budget waits the longest). */
export function watchdogDelay(budgetMs: number, graceMs: number): number {
  const delay = budgetMs + graceMs;
  return Number.isFinite(delay)
    ? Math.min(Math.max(delay, 0), MAX_TIMER_DELAY_MS)
    : MAX_TIMER_DELAY_MS;
}

const DEFAULTS = {
  timeBudgetMs: 10_000,
  graceMs: 2_000,
  maxRestartsPerMinute: 5,
  restartBackoffMs: 250,
  maxBackoffMs: 10_000,
};

// The core works on small dense matrices; a document that needs more is a runaway.
const DEFAULT_RESOURCE_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: 512,
  maxYoungGenerationSizeMb: 64,
};

interface Pending {
  request: WorkRequest;
  label: string;
  uri?: string;
  version?: number;
  budgetMs: number;
  slot: number;
  /** The caller has its outcome; the entry stays until the worker is done with the request. */
  settled: boolean;
  resolve(outcome: Outcome): void;
}

export class WorkerClient {
  private worker: Worker | undefined;
  /** The current worker's "running request id" cell. */
  private control = new Int32Array(createControl());
  private ready = false;
  /** Requests waiting for the worker's `ready`. */
  private outbox: WorkerRequest[] = [];
  /** Sent (or waiting to be) and not yet answered by the worker, in sending order. */
  private readonly inFlight = new Map<number, Pending>();
  /** The unsettled request per URI, for coalescing. */
  private readonly latest = new Map<string, Pending>();
  private running: { id: number; timer: NodeJS.Timeout } | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private lastError: Error | undefined;
  private stoppedReason: string | undefined;
  private disposed = false;
  private nextId = 1;
  private readonly slots = new CancellationSlots(createFlags());
  /** The worker sends findings as deltas against these (protocol/findingsDelta.ts). */
  private readonly received = new ReceivedFindings();
  private readonly policy: RestartPolicy;
  private readonly budgetMs: number;
  private readonly graceMs: number;

  constructor(private readonly options: WorkerClientOptions) {
    this.budgetMs = options.timeBudgetMs ?? DEFAULTS.timeBudgetMs;
    this.graceMs = options.graceMs ?? DEFAULTS.graceMs;
    this.policy = new RestartPolicy({
      maxPerMinute: options.maxRestartsPerMinute ?? DEFAULTS.maxRestartsPerMinute,
      baseDelayMs: options.restartBackoffMs ?? DEFAULTS.restartBackoffMs,
      maxDelayMs: DEFAULTS.maxBackoffMs,
    });
    this.spawn();
  }

  check(document: SourceDocument, options: CheckOptions = {}): Promise<CheckOutcome> {
    const refused = this.refusal();
    if (refused) return Promise.resolve(refused);
    const { uri, version } = document;
    const previous = this.latest.get(uri);
    // An answer for an older version than one already asked for is useless to the caller.
    if (previous && previous.version! > version) return Promise.resolve({ kind: 'superseded' });
    if (previous) this.supersede(previous);
    const id = this.allocateId();
    const budgetMs = options.timeBudgetMs ?? this.budgetMs;
    const request: CheckRequest = {
      type: 'check',
      id,
      uri,
      version,
      language: document.language,
      text: document.text,
      options: {
        macros: options.macros,
        conventions: options.conventions,
        sections: options.sections,
        numeric: options.numeric,
        timeBudgetMs: budgetMs,
        expression: options.expression,
        regions: options.regions,
        reading: options.reading,
      },
      slot: this.slots.acquire(id),
    };
    return this.start(request, {
      label: `${uri} v${version}`,
      uri,
      version,
      budgetMs,
    }) as Promise<CheckOutcome>;
  }

  /**
   * The shape at an offset of this version. Not coalesced per URI (hovers on two documents, or
   * a hover next to a check, are independent); `cancel` drops it while it waits in the worker.
   */
  shapeAt(
    document: SourceDocument,
    query: ShapeQuery,
    cancel?: CancelSignal,
  ): Promise<ShapeOutcome> {
    const refused = this.refusal();
    if (refused) return Promise.resolve(refused);
    if (cancel?.isCancellationRequested) return Promise.resolve({ kind: 'superseded' });
    const { uri, version } = document;
    const budgetMs = query.timeBudgetMs ?? this.budgetMs;
    const request: ShapeAtRequest = {
      type: 'shapeAt',
      id: this.allocateId(),
      uri,
      version,
      language: document.language,
      text: document.text,
      options: { macros: query.macros, conventions: query.conventions, sections: query.sections },
      settingsKey: query.settingsKey,
      offset: query.offset,
    };
    const answer = this.start(request, {
      label: `the shape at ${query.offset} in ${uri} v${version}`,
      budgetMs,
    }) as Promise<ShapeOutcome>;
    const listener = cancel?.onCancellationRequested(() => {
      const pending = this.inFlight.get(request.id);
      if (pending && !pending.settled) this.supersede(pending);
    });
    if (listener) void answer.finally(() => listener.dispose());
    return answer;
  }

  /**
   * The derivation block for the objective at `query.where` (or the variables to choose from).
   * Not coalesced: the user asked for this one, it runs to its end or its budget.
   */
  derive(document: SourceDocument, query: DeriveQuery): Promise<DeriveClientOutcome> {
    const refused = this.refusal();
    if (refused) return Promise.resolve(refused);
    const { uri, version } = document;
    const request: DeriveRequest = {
      type: 'derive',
      id: this.allocateId(),
      uri,
      version,
      language: document.language,
      text: document.text,
      options: { macros: query.macros, conventions: query.conventions, sections: query.sections },
      where: query.where,
      ...(query.wrt ? { wrt: query.wrt } : {}),
      ...(query.preferNamed ? { preferNamed: true } : {}),
    };
    return this.start(request, {
      label: `a derivation in ${uri} v${version}`,
      budgetMs: query.timeBudgetMs ?? this.budgetMs,
    }) as Promise<DeriveClientOutcome>;
  }

  /** Test only: the worker dies while this request "runs". */
  crashForTest(mode: CrashMode): Promise<CheckOutcome> {
    const refused = this.refusal();
    if (refused) return Promise.resolve(refused);
    return this.start(
      { type: 'crash', id: this.allocateId(), mode },
      { label: `a test crash (${mode})`, budgetMs: this.budgetMs },
    ) as Promise<CheckOutcome>;
  }

  /**
   * Test only: the worker spins inside this request and never looks at a flag. With a
   * document, the host treats the request as that document's check (a slow document).
   */
  hangForTest(
    budgetMs = this.budgetMs,
    document?: Pick<SourceDocument, 'uri' | 'version'>,
  ): Promise<CheckOutcome> {
    const refused = this.refusal();
    if (refused) return Promise.resolve(refused);
    const label = document ? `${document.uri} v${document.version}` : 'a test hang';
    return this.start(
      { type: 'hang', id: this.allocateId() },
      { label, budgetMs, ...document },
    ) as Promise<CheckOutcome>;
  }

  /** Requests not yet answered by the worker (superseded ones included until it lets go). */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** A fresh worker now, also after the client gave up; unanswered requests are sent again. */
  restart(): void {
    if (this.disposed) return;
    this.options.logger.info('GradLens worker: restarting on request');
    this.stoppedReason = undefined;
    this.policy.reset();
    clearTimeout(this.restartTimer);
    this.dropWorker();
    this.requeue();
    this.spawn();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.restartTimer);
    const pending = [...this.inFlight.values()];
    this.inFlight.clear();
    this.latest.clear();
    for (const p of pending) this.settle(p, { kind: 'disposed' });
    this.dropWorker();
  }

  private refusal(): Exclude<CheckOutcome, { kind: 'result' }> | undefined {
    if (this.disposed) return { kind: 'disposed' };
    if (this.stoppedReason) return { kind: 'crashed', message: this.stoppedReason };
    return undefined;
  }

  private allocateId(): number {
    const id = this.nextId;
    // Ids live in an Int32Array slot, and 0 there means "cancelled".
    this.nextId = id >= 0x7fffffff ? 1 : id + 1;
    return id;
  }

  private start(
    request: WorkRequest,
    meta: Pick<Pending, 'label' | 'uri' | 'version' | 'budgetMs'>,
  ): Promise<Outcome> {
    return new Promise((resolve) => {
      const slot = request.type === 'check' ? request.slot : -1;
      const pending: Pending = { ...meta, request, slot, settled: false, resolve };
      this.inFlight.set(request.id, pending);
      if (meta.uri !== undefined) this.latest.set(meta.uri, pending);
      this.send(request);
    });
  }

  private supersede(pending: Pending): void {
    this.settle(pending, { kind: 'superseded' });
    this.slots.cancel(pending.slot);
    const queued = this.outbox.indexOf(pending.request);
    if (queued >= 0) {
      // The worker never saw it: nothing to cancel there.
      this.outbox.splice(queued, 1);
      this.finish(pending);
    } else {
      // The flag stops a running check; the message drops one still queued in the worker.
      this.send({ type: 'cancel', id: pending.request.id });
    }
  }

  private send(message: WorkerRequest): void {
    if (!this.worker || !this.ready) {
      this.outbox.push(message);
      return;
    }
    this.options.trace?.({ direction: 'sent', message });
    this.worker.postMessage(message);
  }

  private settle(pending: Pending, outcome: Outcome): void {
    if (pending.settled) return;
    pending.settled = true;
    if (pending.uri !== undefined && this.latest.get(pending.uri) === pending)
      this.latest.delete(pending.uri);
    pending.resolve(outcome);
  }

  /** The worker is done with this request (answered it, or died). */
  private finish(pending: Pending): void {
    this.inFlight.delete(pending.request.id);
    this.slots.release(pending.slot);
    if (this.running?.id === pending.request.id) this.disarm();
  }

  private spawn(): void {
    this.ready = false;
    this.lastError = undefined;
    const control = createControl();
    this.control = new Int32Array(control);
    const workerData: WorkerData = {
      flags: this.slots.buffer,
      control,
      testHooks: this.options.testHooks === true,
    };
    let worker: Worker;
    try {
      worker = new Worker(this.options.workerPath, {
        workerData,
        resourceLimits: { ...DEFAULT_RESOURCE_LIMITS, ...this.options.resourceLimits },
      });
    } catch (error) {
      this.incident(
        `the worker could not start: ${error instanceof Error ? error.message : String(error)}`,
        'error',
        undefined,
        undefined,
        'crash',
      );
      return;
    }
    this.worker = worker;
    // Events from a worker already replaced (terminated on purpose) are ignored by identity.
    worker.on('message', (reply: WorkerReply) => {
      if (worker === this.worker) this.onReply(reply);
    });
    worker.on('error', (error) => {
      if (worker === this.worker) this.lastError = error;
    });
    worker.on('exit', (code) => {
      if (worker === this.worker) this.onExit(code);
    });
  }

  private onReply(reply: WorkerReply): void {
    this.options.trace?.({ direction: 'received', message: reply });
    if (reply.type === 'ready') {
      this.ready = true;
      const queued = this.outbox;
      this.outbox = [];
      for (const message of queued) this.send(message);
      return;
    }
    // Every result is taken in, even one nobody waits for any more: the next delta may name it.
    const findings =
      reply.type === 'result'
        ? this.received.decode(reply.uri, reply.id, reply.findings, reply.layout)
        : undefined;
    const pending = this.inFlight.get(reply.id);
    if (!pending) return;
    if (reply.type === 'started') {
      this.arm(pending);
      return;
    }
    this.finish(pending);
    if (reply.type === 'result') {
      if (!findings) {
        this.options.logger.error(
          `GradLens worker: the findings for ${pending.label} refer to a result the host does not hold`,
        );
        this.settle(pending, { kind: 'crashed', message: 'findings could not be rebuilt' });
        return;
      }
      const { version, durationMs, reuse, readingJson } = reply;
      this.settle(pending, {
        kind: 'result',
        findings,
        version,
        durationMs,
        timedOut: reply.timedOut === true,
        ...(reuse ? { reuse } : {}),
        ...(readingJson !== undefined ? { readingJson } : {}),
      });
    } else if (reply.type === 'shapeAt') {
      this.settle(pending, { kind: 'shape', shape: reply.shape ?? undefined });
    } else if (reply.type === 'derive') {
      this.settle(pending, reply.outcome);
    } else if (reply.type === 'cancelled') {
      this.settle(pending, { kind: 'superseded' });
    } else {
      this.options.logger.error(
        `GradLens worker: checking ${pending.label} failed: ${reply.stack ?? reply.message}`,
      );
      this.settle(pending, { kind: 'crashed', message: reply.message });
    }
  }

  private arm(pending: Pending): void {
    this.disarm();
    const id = pending.request.id;
    const timer = setTimeout(() => this.onStuck(id), watchdogDelay(pending.budgetMs, this.graceMs));
    this.running = { id, timer };
  }

  private disarm(): void {
    if (this.running) clearTimeout(this.running.timer);
    this.running = undefined;
  }

  private onStuck(id: number): void {
    this.running = undefined;
    const pending = this.inFlight.get(id);
    const what = pending ? `checking ${pending.label}` : `request ${id}`;
    const limit = pending
      ? `its time budget of ${pending.budgetMs} ms + ${this.graceMs} ms grace`
      : 'its time budget';
    // A document's check gets its finding; a test hang has no document to carry one.
    const outcome: CheckOutcome =
      pending?.version !== undefined
        ? {
            kind: 'result',
            findings: [ranOutOfTime(pending.budgetMs, this.graceMs)],
            version: pending.version,
            durationMs: pending.budgetMs + this.graceMs,
            timedOut: true,
          }
        : { kind: 'timeout' };
    this.incident(
      `${what} ran past ${limit}; the worker was terminated`,
      'warn',
      pending,
      outcome,
      'timeout',
    );
  }

  private onExit(code: number): void {
    // The shared cell, not the `started` message: a thread that dies may not deliver its last messages.
    const pending = this.inFlight.get(Atomics.load(this.control, 0));
    const reason = this.lastError?.message ?? `the worker exited with code ${code}`;
    const stack = this.lastError?.stack;
    const where = pending ? ` while checking ${pending.label}` : '';
    this.incident(
      `the worker crashed${where}: ${reason}`,
      'error',
      pending,
      { kind: 'crashed', message: reason },
      'crash',
      stack,
    );
  }

  /**
   * One crash or hang: the request that caused it gets its outcome, the rest go to a new
   * worker (after a backoff for a crash, at once after a timeout), and the log gets exactly
   * one line. Only crashes count toward the restart cap.
   */
  private incident(
    description: string,
    level: 'warn' | 'error',
    culprit: Pending | undefined,
    outcome: CheckOutcome | undefined,
    cause: 'crash' | 'timeout',
    stack?: string,
  ): void {
    this.dropWorker();
    if (culprit && outcome) {
      this.finish(culprit);
      this.settle(culprit, outcome);
    }
    const delay = cause === 'timeout' ? this.policy.afterTimeout() : this.policy.next();
    const log = (message: string) =>
      this.options.logger[level](`GradLens worker: ${message}${stack ? `\n${stack}` : ''}`);
    if (delay === undefined) {
      this.stoppedReason = `the GradLens worker stopped after ${this.policy.recent} restarts within a minute`;
      log(`${description}; not restarting: ${this.stoppedReason}`);
      const pending = [...this.inFlight.values()];
      this.inFlight.clear();
      this.outbox = [];
      for (const p of pending) {
        this.slots.release(p.slot);
        this.settle(p, { kind: 'crashed', message: this.stoppedReason });
      }
      return;
    }
    log(`${description}; restarting it${delay > 0 ? ` in ${delay} ms` : ''}`);
    this.requeue();
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (!this.disposed) this.spawn();
    }, delay);
  }

  /** After a worker is gone: what it had not answered goes to the next one, in order. */
  private requeue(): void {
    this.outbox = [];
    for (const pending of [...this.inFlight.values()]) {
      if (pending.settled) this.finish(pending);
      else this.outbox.push(pending.request);
    }
  }

  private dropWorker(): void {
    this.disarm();
    this.ready = false;
    const worker = this.worker;
    this.worker = undefined;
    // terminate() also stops a thread spinning in a claim; its exit event is then ignored.
    if (worker) void worker.terminate();
  }
}

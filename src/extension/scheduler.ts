// When checks run: one debounce timer per document (never one for all documents, or a busy
// file would starve the others), and a count of what is scheduled or running so tests and the
// exports can wait for quiet without sleeping. Pure (no `vscode` import).
//
// Coalescing: a new schedule for a key replaces its pending timer. A check already running
// for that key is not cancelled here; the WorkerClient supersedes it when the next one is
// sent, and the caller drops answers for old versions.

export class PerKeyScheduler {
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; task: () => Promise<void> }>();
  private running = 0;
  private waiters: (() => void)[] = [];
  private disposed = false;

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Runs `task` after `delayMs` unless `key` is scheduled again first; 0 runs it on the next tick. */
  schedule(key: string, delayMs: number, task: () => Promise<void>): void {
    if (this.disposed) return;
    this.cancel(key, false);
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        void this.run(task);
      },
      Math.max(0, delayMs),
    );
    this.timers.set(key, { timer, task });
  }

  /** Runs a pending task for `key` now (a save should not wait out the typing delay). */
  flush(key: string): boolean {
    const pending = this.timers.get(key);
    if (!pending) return false;
    this.cancel(key, false);
    void this.run(pending.task);
    return true;
  }

  cancel(key: string, notify = true): void {
    const pending = this.timers.get(key);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.timers.delete(key);
    if (notify) this.settleIfIdle();
  }

  /** Runs `task` now and counts it as work in progress. */
  async run(task: () => Promise<void>): Promise<void> {
    this.running++;
    try {
      await task();
    } catch (error) {
      this.onError(error);
    } finally {
      this.running--;
      this.settleIfIdle();
    }
  }

  get idle(): boolean {
    return this.timers.size === 0 && this.running === 0;
  }

  /** Resolves when nothing is scheduled or running. */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.settleIfIdle();
  }

  private settleIfIdle(): void {
    if (!this.idle) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

// When to bring a worker back after a crash: at once the first time, then with a doubling
// delay, and not at all past a cap per minute (a worker that dies on every start must not
// spin the host). Only crashes count: a worker the watchdog stopped because one document was
// slow is healthy, so that is `afterTimeout`, which restarts at once and counts nothing (the
// time budget itself bounds how often it can happen).
export interface RestartPolicyOptions {
  maxPerMinute: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

const WINDOW_MS = 60_000;

export class RestartPolicy {
  private times: number[] = [];

  constructor(
    private readonly options: RestartPolicyOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash and returns the delay before the restart, or undefined when the cap is reached. */
  next(): number | undefined {
    const now = this.now();
    this.times = this.times.filter((t) => now - t < WINDOW_MS);
    const recent = this.times.length;
    if (recent >= this.options.maxPerMinute) return undefined;
    this.times.push(now);
    return recent === 0
      ? 0
      : Math.min(this.options.baseDelayMs * 2 ** (recent - 1), this.options.maxDelayMs);
  }

  /** The watchdog stopped a slow document's check: restart at once, not counted toward the cap. */
  afterTimeout(): number {
    return 0;
  }

  /** Crashes within the last minute. */
  get recent(): number {
    const now = this.now();
    return this.times.filter((t) => now - t < WINDOW_MS).length;
  }

  reset(): void {
    this.times = [];
  }
}

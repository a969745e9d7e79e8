// The host's side of the ready handshake, without `vscode` so plain Node can test it.
//
// A webview's script starts some time after its HTML is set, and starts again after every
// reload (hidden and shown again, moved, the window reloaded); a message posted in between
// is dropped by VS Code. So the host posts nothing until the page says `ready`, queues what
// it would have posted, and goes back to queuing when the page goes away. The queue
// coalesces: only the newest `show` matters (it carries everything) and a `select` queued
// before it is superseded by it, so a hidden panel that follows a busy editor for an hour
// holds one message, not thousands.
import type { HostMessage } from '../protocol/panel';

export type Post = (message: HostMessage) => PromiseLike<boolean>;

export class PanelChannel {
  private ready = false;
  /** Bumped on every ready/reset, so a late answer from an older page changes nothing. */
  private epoch = 0;
  private queue: HostMessage[] = [];
  private disposed = false;

  constructor(
    private readonly post: Post,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  get isReady(): boolean {
    return this.ready;
  }

  /** Messages waiting for `ready` (for tests and logs). */
  get pending(): readonly HostMessage[] {
    return this.queue;
  }

  send(message: HostMessage): void {
    if (this.disposed) return;
    if (!this.ready) {
      this.enqueue(message);
      return;
    }
    this.deliver(message);
  }

  /** The page said `ready`: everything queued goes out, oldest first. */
  markReady(): void {
    if (this.disposed) return;
    this.ready = true;
    this.epoch++;
    const queued = this.queue;
    this.queue = [];
    for (const message of queued) this.deliver(message);
  }

  /** The page went away (hidden, reloading): queue until it says `ready` again. */
  reset(): void {
    this.ready = false;
    this.epoch++;
  }

  dispose(): void {
    this.disposed = true;
    this.ready = false;
    this.queue = [];
  }

  private enqueue(message: HostMessage): void {
    if (message.type === 'show')
      this.queue = this.queue.filter((m) => m.type !== 'show' && m.type !== 'select');
    else if (message.type === 'select') this.queue = this.queue.filter((m) => m.type !== 'select');
    else if (message.type === 'expressionResult')
      this.queue = this.queue.filter((m) => m.type !== 'expressionResult');
    this.queue.push(message);
  }

  private deliver(message: HostMessage): void {
    const epoch = this.epoch;
    let delivered: PromiseLike<boolean>;
    try {
      delivered = this.post(message);
    } catch (error) {
      this.onError(error);
      return;
    }
    // postMessage answers false when the page is not there to receive it (it went away
    // between our `ready` and now): keep the message for the next `ready`. An answer about
    // an older page (the epoch moved on) is ignored: the new page gets a fresh `show`.
    delivered.then(
      (ok) => {
        if (ok || this.disposed || epoch !== this.epoch) return;
        this.ready = false;
        this.epoch++;
        this.enqueue(message);
      },
      (error: unknown) => this.onError(error),
    );
  }
}

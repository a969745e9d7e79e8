// Cancellation that works while the worker is busy. The core runs synchronously, so a
// `cancel` message would sit in the port until the check is over; instead both sides share
// an Int32Array and the worker reads it with Atomics.load between claims.
//
// A slot holds the id of the request that owns it. The host stores the id when it sends a
// request and 0 when it cancels it; the worker treats "slot no longer holds my id" as
// cancelled. Holding ids rather than booleans means a slot handed to a newer request can
// never make an older, still-queued request look alive.

export const SLOT_COUNT = 1024;

export function createFlags(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOT_COUNT * Int32Array.BYTES_PER_ELEMENT);
}

/**
 * One per worker: the id of the request it is running, 0 when idle. Written before any reply,
 * so after a crash the host knows the culprit even if the crash swallowed the last messages.
 */
export function createControl(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

/** Worker side: is request `id` (using `slot`) still wanted? */
export function isLive(flags: Int32Array, slot: number, id: number): boolean {
  return slot < 0 || Atomics.load(flags, slot) === id;
}

/** Host side: hands out slots and flips them. */
export class CancellationSlots {
  readonly flags: Int32Array;
  private readonly free: number[] = [];

  constructor(readonly buffer: SharedArrayBuffer) {
    this.flags = new Int32Array(buffer);
    for (let i = this.flags.length - 1; i >= 0; i--) this.free.push(i);
  }

  /** A slot marked live for `id`, or -1 when all are taken (the request then runs uncancellable). */
  acquire(id: number): number {
    const slot = this.free.pop();
    if (slot === undefined) return -1;
    Atomics.store(this.flags, slot, id);
    return slot;
  }

  cancel(slot: number): void {
    if (slot >= 0) Atomics.store(this.flags, slot, 0);
  }

  release(slot: number): void {
    if (slot < 0) return;
    Atomics.store(this.flags, slot, 0);
    this.free.push(slot);
  }
}

// Misbehaviour on request, so the host's crash and watchdog handling can be tested against a
// real thread. main.ts only calls these when the worker was started with testHooks.
import type { CrashMode } from '../protocol/worker';

export function crash(mode: CrashMode): never {
  if (mode === 'exit') process.exit(7);
  if (mode === 'oom') {
    // Grows until resourceLimits stop the thread with ERR_WORKER_OUT_OF_MEMORY.
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array<number>(1 << 20).fill(hoard.length));
  }
  throw new Error('GradLens test hook: crash on purpose');
}

/** A claim that never looks at its cancellation flag. */
export function hang(): never {
  for (;;) {
    // spin: only Worker.terminate() ends this
  }
}

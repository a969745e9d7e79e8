// Misbehaviour on request, so the host's crash and watchdog handling can be tested against a
// real thread. main.ts only calls these when the worker was started with testHooks.
import { allocateFloat64 } from '../core/numeric/allocate';
import type { CrashMode } from '../protocol/worker';

/** 2⁴⁰ float64 values, 8 TB: what a declared 10⁸×10⁴ matrix would ask for. */
const HUGE_ELEMENTS = 2 ** 40;

export function crash(mode: CrashMode): never {
  if (mode === 'exit') process.exit(7);
  if (mode === 'oom') {
    // Grows until resourceLimits stop the thread with ERR_WORKER_OUT_OF_MEMORY.
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array<number>(1 << 20).fill(hoard.length));
  }
  if (mode === 'huge-allocation') {
    // resourceLimits do not cover ArrayBuffers: only the guard stands between this and the
    // whole process running out of memory. Its refusal is left uncaught, so the worker dies.
    const hoard = allocateFloat64(HUGE_ELEMENTS);
    hoard.fill(1);
    throw new Error(`GradLens test hook: ${hoard.length} values were allocated`);
  }
  throw new Error('GradLens test hook: crash on purpose');
}

/** A claim that never looks at its cancellation flag. */
export function hang(): never {
  for (;;) {
    // spin: only Worker.terminate() ends this
  }
}

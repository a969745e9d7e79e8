// The worker entry (bundled to dist/worker.js): takes requests from the host, runs the core on
// them one at a time, replies. All reading and numeric work happens here, never on the
// extension host. The extension runs two of these threads: one for checks, one that only
// answers hovers (so a long check never holds a hover up); both understand every request.
import { parentPort, workerData } from 'node:worker_threads';
import { isLive } from '../protocol/cancellation';
import { SentFindings } from '../protocol/findingsDelta';
import type {
  ErrorReply,
  WorkerData,
  WorkerReply,
  WorkerRequest,
  WorkRequest,
} from '../protocol/worker';
import { LruCache } from './cache';
import { runDerive } from './derive';
import type { RegionCache } from './incremental';
import { HoverReadings } from './reading';
import { runCheck } from './run';
import { crash, hang } from './testHooks';

if (!parentPort) throw new Error('dist/worker.js runs only as a worker thread');
const port = parentPort;
const data = workerData as WorkerData;
const flags = new Int32Array(data.flags);
const control = new Int32Array(data.control);
const queue: WorkRequest[] = [];
let scheduled = false;
/** Findings per self-contained region, for checks that ask for reuse; lives as long as the thread. */
const regions: RegionCache = new LruCache(5_000);
const hoverReadings = new HoverReadings();
const sentFindings = new SentFindings();

function reply(message: WorkerReply): void {
  port.postMessage(message);
}

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'cancel') {
    dropQueued(message.id);
    return;
  }
  queue.push(message);
  schedule();
});

// One request per turn of the event loop: messages that arrived during a long check (a cancel,
// a newer version) are delivered before the next queued request starts.
function schedule(): void {
  if (scheduled || queue.length === 0) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    const next = queue.shift();
    if (next) {
      Atomics.store(control, 0, next.id);
      perform(next);
      Atomics.store(control, 0, 0);
    }
    schedule();
  });
}

function perform(request: WorkRequest): void {
  if (request.type === 'check') {
    const stillWanted = () => isLive(flags, request.slot, request.id);
    if (!stillWanted()) {
      reply({ type: 'cancelled', id: request.id, uri: request.uri, version: request.version });
      return;
    }
    reply({ type: 'started', id: request.id });
    try {
      const result = runCheck(request, stillWanted, regions);
      if (result.type === 'result')
        Object.assign(result, sentFindings.encode(result.uri, result.id, result.findings));
      reply(result);
    } catch (error) {
      reply(serializeError(request.id, error));
    }
    return;
  }
  if (request.type === 'shapeAt') {
    reply({ type: 'started', id: request.id });
    try {
      const shape = hoverReadings.shapeAt(request);
      reply({ type: 'shapeAt', id: request.id, shape: shape ?? null });
    } catch (error) {
      reply(serializeError(request.id, error));
    }
    return;
  }
  if (request.type === 'derive') {
    reply({ type: 'started', id: request.id });
    try {
      reply({ type: 'derive', id: request.id, outcome: runDerive(request) });
    } catch (error) {
      reply(serializeError(request.id, error));
    }
    return;
  }
  if (!data.testHooks) {
    reply({
      type: 'error',
      id: request.id,
      message: `'${request.type}' is a test hook; this worker was started without testHooks`,
    });
    return;
  }
  reply({ type: 'started', id: request.id });
  if (request.type === 'crash') crash(request.mode);
  hang();
}

/**
 * A cancel only matters while the request waits in the queue; a running check watches its
 * flag, and a hover's reading runs to its end (its answer is cached for the next hover).
 */
function dropQueued(id: number): void {
  const index = queue.findIndex((r) => r.id === id && (r.type === 'check' || r.type === 'shapeAt'));
  if (index < 0) return;
  const [dropped] = queue.splice(index, 1);
  if (dropped.type === 'check' || dropped.type === 'shapeAt')
    reply({ type: 'cancelled', id, uri: dropped.uri, version: dropped.version });
}

function serializeError(id: number, error: unknown): ErrorReply {
  if (error instanceof Error)
    return { type: 'error', id, message: error.message, stack: error.stack };
  return { type: 'error', id, message: String(error) };
}

reply({ type: 'ready', testHooks: data.testHooks });

// The worker entry (bundled to dist/worker.js): takes requests from the host, runs the core on
// them one at a time, replies. All numeric work happens here, never on the extension host.
import { parentPort, workerData } from 'node:worker_threads';
import { isLive } from '../protocol/cancellation';
import type {
  ErrorReply,
  WorkerData,
  WorkerReply,
  WorkerRequest,
  WorkRequest,
} from '../protocol/worker';
import { runCheck } from './run';
import { crash, hang } from './testHooks';

if (!parentPort) throw new Error('dist/worker.js runs only as a worker thread');
const port = parentPort;
const data = workerData as WorkerData;
const flags = new Int32Array(data.flags);
const control = new Int32Array(data.control);
const queue: WorkRequest[] = [];
let scheduled = false;

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
      reply(runCheck(request, stillWanted));
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

/** A cancel only matters while the check waits in the queue; a running one watches its flag. */
function dropQueued(id: number): void {
  const index = queue.findIndex((r) => r.id === id && r.type === 'check');
  if (index < 0) return;
  const [dropped] = queue.splice(index, 1);
  if (dropped.type === 'check')
    reply({ type: 'cancelled', id, uri: dropped.uri, version: dropped.version });
}

function serializeError(id: number, error: unknown): ErrorReply {
  if (error instanceof Error)
    return { type: 'error', id, message: error.message, stack: error.stack };
  return { type: 'error', id, message: String(error) };
}

reply({ type: 'ready', testHooks: data.testHooks });

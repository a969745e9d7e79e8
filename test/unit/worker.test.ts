// The numeric worker in plain Node: the built dist/worker.js in a real worker thread, driven
// through WorkerClient. Protocol, cancellation by version, the time budget, and workers that
// crash or hang on purpose. Waits poll for the state they expect; nothing sleeps a fixed time.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, before, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import type { SourceDocument } from '../../src/core/document';
import { CancellationSlots, createFlags, isLive } from '../../src/protocol/cancellation';
import type { Logger } from '../../src/protocol/logger';
import { TIMEOUT_CODE } from '../../src/protocol/worker';
import {
  WorkerClient,
  type CheckOutcome,
  type TraceEvent,
  type WorkerClientOptions,
} from '../../src/worker/client';
import { RestartPolicy } from '../../src/worker/restartPolicy';

const root = join(__dirname, '..', '..');
const workerPath = join(root, 'dist', 'worker.js');
const fixtures = join(root, 'test', 'fixtures');
const question = readFileSync(join(fixtures, 'seed-question.md'), 'utf8');
const answer = readFileSync(join(fixtures, 'seed-answer.md'), 'utf8');

const gradientClaim = '$$ \\nabla_X \\operatorname{tr}(A X B) = A^T B^T $$\n\n';
/** Hundreds of claims: long enough to be caught mid-run (about half a second). */
const bigText = gradientClaim.repeat(600);
/** Few statements (shapes in milliseconds), heavy numerics (large random sizes). */
const heavyText = `$$ \\nabla_X \\operatorname{tr}(X A) = A X $$\n\n${gradientClaim.repeat(12)}`;

function doc(uri: string, version: number, text: string): SourceDocument {
  return { uri, version, language: 'markdown', text };
}

class LogCollector implements Logger {
  readonly lines: { level: 'info' | 'warn' | 'error'; message: string }[] = [];
  info(message: string) {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string) {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string | Error) {
    this.lines.push({ level: 'error', message: String(message) });
  }
  count(level: 'info' | 'warn' | 'error') {
    return this.lines.filter((l) => l.level === level).length;
  }
}

const clients: WorkerClient[] = [];

function makeClient(overrides: Partial<WorkerClientOptions> = {}) {
  const log = new LogCollector();
  const events: TraceEvent[] = [];
  const client = new WorkerClient({
    workerPath,
    logger: log,
    trace: (e) => events.push(e),
    restartBackoffMs: 10,
    ...overrides,
  });
  clients.push(client);
  const received = (type: string, id?: number) =>
    events.some(
      (e) =>
        e.direction === 'received' &&
        e.message.type === type &&
        (id === undefined || ('id' in e.message && e.message.id === id)),
    );
  const sentId = (uri: string, version: number) => {
    for (const { direction, message } of events) {
      if (
        direction === 'sent' &&
        message.type === 'check' &&
        message.uri === uri &&
        message.version === version
      )
        return message.id;
    }
    return undefined;
  };
  return { client, log, events, received, sentId };
}

async function until(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function resultOf(outcome: CheckOutcome) {
  assert.equal(outcome.kind, 'result', JSON.stringify(outcome));
  return outcome as Extract<CheckOutcome, { kind: 'result' }>;
}

before(() => {
  // The tests drive the bundle the extension ships; build it once.
  execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'ignore' });
});

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

test('the seed question: its shape error comes back through the worker thread', async () => {
  const { client, log } = makeClient();
  const result = resultOf(await client.check(doc('file:///q.md', 3, question)));
  assert.equal(result.version, 3);
  assert.equal(result.timedOut, false);
  const error = result.findings.find((f) => f.verdict === 'shape-error');
  assert.ok(error);
  assert.deepEqual(error.range.start, { line: 4, character: 123 });
  assert.deepEqual(error.shapes, { lhs: 'k×l', rhs: 'm×n' });
  assert.equal(client.inFlightCount, 0);
  assert.equal(log.lines.length, 0);
});

test('a plain-text expression (the panel input box) is checked numerically in the worker', async () => {
  const { client } = makeClient();
  const expression = {
    expr: "sum(A .* log(A ./ (B' * X * C)))",
    wrt: 'X',
    claim: "-B * (A ./ (B'*X*C)) * C'",
  };
  const ok = resultOf(
    await client.check(
      { uri: 'gradlens-expression:1', version: 1, language: 'markdown', text: '' },
      { expression },
    ),
  );
  assert.equal(ok.findings.length, 1);
  assert.equal(ok.findings[0].verdict, 'ok', ok.findings[0].message);
  assert.ok((ok.findings[0].relError ?? 1) < 1e-12);
  const wrong = resultOf(
    await client.check(
      { uri: 'gradlens-expression:2', version: 1, language: 'markdown', text: '' },
      { expression: { ...expression, claim: "B * (A ./ (B'*X*C)) * C'" } },
    ),
  );
  assert.equal(wrong.findings[0].verdict, 'mismatch');
  assert.equal(wrong.findings[0].diagnosis, 'sign');
});

test('naming conventions travel with the request: plain lowercase as vectors changes the reading', async () => {
  const { client } = makeClient();
  const text = '$$\\nabla_v \\, v \\odot v = 2v$$';
  const byDefault = resultOf(await client.check(doc('file:///c.md', 1, text)));
  assert.equal(byDefault.findings[0].verdict, 'ok');
  const asVectors = resultOf(
    await client.check(doc('file:///c.md', 2, text), { conventions: { lowercase: 'vector' } }),
  );
  assert.equal(asVectors.findings[0].verdict, 'shape-error');
  assert.match(asVectors.findings[0].message, /Jacobian of v ⊙ v/);
});

test('the worker gives the same findings as the core in process (seed answer, numeric)', async () => {
  const { client } = makeClient();
  const result = resultOf(await client.check(doc('file:///a.md', 1, answer)));
  const expected = analyzeDocument(doc('file:///a.md', 1, answer)).findings;
  assert.deepEqual(result.findings, expected);
  assert.ok(result.findings.every((f) => f.verdict === 'ok'));
});

test('a newer version supersedes the running check, which the worker stops mid-run', async () => {
  const { client, received, sentId } = makeClient();
  const v1 = client.check(doc('file:///big.md', 1, bigText));
  await until(() => sentId('file:///big.md', 1) !== undefined, 'v1 sent');
  const v1Id = sentId('file:///big.md', 1)!;
  await until(() => received('started', v1Id), 'v1 started');
  const v2 = client.check(doc('file:///big.md', 2, question));
  assert.deepEqual(await v1, { kind: 'superseded' });
  const result = resultOf(await v2);
  assert.equal(result.version, 2);
  // The worker answered v1 with `cancelled`, not a result: it saw the shared flag while busy.
  await until(() => received('cancelled', v1Id) || received('result', v1Id), 'the reply for v1');
  assert.ok(received('cancelled', v1Id));
  assert.ok(!received('result', v1Id));
});

test('a check still queued in the worker is dropped without being started', async () => {
  const { client, received, sentId } = makeClient();
  const other = client.check(doc('file:///other.md', 1, bigText));
  const b1 = client.check(doc('file:///b.md', 1, question));
  await until(() => sentId('file:///b.md', 1) !== undefined, 'b v1 sent');
  const b1Id = sentId('file:///b.md', 1)!;
  const b2 = client.check(doc('file:///b.md', 2, question));
  assert.deepEqual(await b1, { kind: 'superseded' });
  assert.equal(resultOf(await b2).version, 2);
  assert.ok(resultOf(await other).findings.length > 0, 'another URI is not coalesced with b.md');
  assert.ok(received('cancelled', b1Id));
  assert.ok(!received('started', b1Id));
});

test('an older version asked after a newer one is superseded at once', async () => {
  const { client } = makeClient();
  const v5 = client.check(doc('file:///c.md', 5, question));
  assert.deepEqual(await client.check(doc('file:///c.md', 4, question)), { kind: 'superseded' });
  assert.equal(resultOf(await v5).version, 5);
});

test('the time budget cuts off the numeric pass: shape findings stay, each unchecked claim says so', async () => {
  const { client } = makeClient({ graceMs: 5_000 });
  const budget = 500;
  const result = resultOf(
    await client.check(doc('file:///heavy.md', 1, heavyText), {
      timeBudgetMs: budget,
      numeric: { maxDim: 200 },
    }),
  );
  assert.equal(result.timedOut, true);
  // The first claim's shape error (AX is n×n, X is m×n) is kept as the shapes pass found it.
  const shapeErrors = result.findings.filter((f) => f.verdict === 'shape-error');
  assert.equal(shapeErrors.length, 1);
  const unchecked = result.findings.filter((f) => f.code === TIMEOUT_CODE);
  assert.equal(unchecked.length, 12);
  for (const finding of unchecked) {
    assert.equal(finding.verdict, 'unsupported');
    assert.equal(finding.kind, 'gradient');
    assert.match(
      finding.message,
      /shapes agree.*; not checked numerically: the time budget of 500 ms for this document ran out$/,
    );
  }
  assert.ok(result.durationMs >= budget, `${result.durationMs}`);
});

test('a budget too small even for the shapes gives one finding at the top of the document', async () => {
  const { client } = makeClient();
  const result = resultOf(
    await client.check(doc('file:///big.md', 1, bigText), { timeBudgetMs: 1 }),
  );
  assert.equal(result.timedOut, true);
  assert.equal(result.findings.length, 1);
  const [finding] = result.findings;
  assert.equal(finding.kind, 'expression');
  assert.equal(finding.verdict, 'unsupported');
  assert.equal(finding.code, TIMEOUT_CODE);
  assert.deepEqual(finding.range, {
    start: { line: 0, character: 0 },
    end: { line: 0, character: 0 },
  });
  assert.match(finding.message, /time budget of 1 ms/);
});

test('a worker that throws is restarted: logged once, the queued file still gets its result', async () => {
  const { client, log } = makeClient({ testHooks: true });
  const crash = client.crashForTest('throw');
  const other = client.check(doc('file:///other.md', 1, question));
  const crashed = await crash;
  assert.equal(crashed.kind, 'crashed');
  assert.match((crashed as { message: string }).message, /crash on purpose/);
  assert.ok(resultOf(await other).findings.some((f) => f.verdict === 'shape-error'));
  assert.ok(resultOf(await client.check(doc('file:///next.md', 1, question))).findings.length > 0);
  assert.equal(log.lines.length, 1, JSON.stringify(log.lines));
  assert.equal(log.lines[0].level, 'error');
  assert.match(
    log.lines[0].message,
    /crashed while checking a test crash \(throw\): GradLens test hook: crash on purpose; restarting it/,
  );
});

test('a worker that calls process.exit is restarted likewise', async () => {
  const { client, log } = makeClient({ testHooks: true });
  const crash = client.crashForTest('exit');
  const other = client.check(doc('file:///other.md', 1, question));
  assert.deepEqual(await crash, { kind: 'crashed', message: 'the worker exited with code 7' });
  assert.equal(resultOf(await other).version, 1);
  assert.equal(log.count('error'), 1);
});

test('resourceLimits bound memory: a worker out of memory is stopped and restarted', async () => {
  const { client, log } = makeClient({
    testHooks: true,
    resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 },
  });
  const crashed = await client.crashForTest('oom');
  assert.equal(crashed.kind, 'crashed');
  assert.match((crashed as { message: string }).message, /memory/i);
  assert.equal(resultOf(await client.check(doc('file:///q.md', 1, question))).version, 1);
  assert.equal(log.count('error'), 1);
});

test('a hang is cut off by the watchdog: timeout, one warning, other files still answered', async () => {
  const { client, log } = makeClient({ testHooks: true, graceMs: 200 });
  const started = Date.now();
  const hang = client.hangForTest(100);
  const other = client.check(doc('file:///other.md', 1, question));
  assert.deepEqual(await hang, { kind: 'timeout' });
  assert.ok(Date.now() - started >= 300);
  assert.equal(resultOf(await other).version, 1);
  assert.equal(log.lines.length, 1, JSON.stringify(log.lines));
  assert.equal(log.lines[0].level, 'warn');
  assert.match(
    log.lines[0].message,
    /a test hang ran past its time budget of 100 ms \+ 200 ms grace; the worker was terminated; restarting it/,
  );
});

test('too many restarts in a minute: the client gives up, says so once, and restart() revives it', async () => {
  const { client, log } = makeClient({ testHooks: true, maxRestartsPerMinute: 2 });
  for (let i = 0; i < 2; i++) assert.equal((await client.crashForTest('exit')).kind, 'crashed');
  const queued = client.check(doc('file:///q.md', 1, question));
  const third = client.crashForTest('exit');
  // The queued check went first and got its answer; then the third crash hit the cap.
  assert.equal(resultOf(await queued).version, 1);
  assert.equal((await third).kind, 'crashed');
  assert.equal(log.count('error'), 3);
  assert.match(
    log.lines[2].message,
    /not restarting: the GradLens worker stopped after 2 restarts within a minute/,
  );
  assert.deepEqual(await client.check(doc('file:///q.md', 2, question)), {
    kind: 'crashed',
    message: 'the GradLens worker stopped after 2 restarts within a minute',
  });
  client.restart();
  assert.equal(resultOf(await client.check(doc('file:///q.md', 3, question))).version, 3);
});

test('without the test flag, crash and hang are refused with a serialized error', async () => {
  const { client, log } = makeClient();
  const refused = await client.crashForTest('throw');
  assert.equal(refused.kind, 'crashed');
  assert.match(
    (refused as { message: string }).message,
    /test hook; this worker was started without testHooks/,
  );
  assert.equal((await client.hangForTest()).kind, 'crashed');
  assert.equal(resultOf(await client.check(doc('file:///q.md', 1, question))).version, 1);
  assert.equal(log.count('error'), 2);
  assert.ok(log.lines.every((l) => !/restart/.test(l.message)));
});

test('dispose settles everything pending as disposed, and later checks too', async () => {
  const { client } = makeClient();
  const pending = [
    client.check(doc('file:///big.md', 1, bigText)),
    client.check(doc('file:///q.md', 1, question)),
  ];
  client.dispose();
  assert.deepEqual(await Promise.all(pending), [{ kind: 'disposed' }, { kind: 'disposed' }]);
  assert.deepEqual(await client.check(doc('file:///q.md', 2, question)), { kind: 'disposed' });
});

test('cancellation slots hold ids: a reused slot never revives an older request', () => {
  const slots = new CancellationSlots(createFlags());
  const slot = slots.acquire(41);
  assert.ok(isLive(slots.flags, slot, 41));
  slots.cancel(slot);
  assert.ok(!isLive(slots.flags, slot, 41));
  slots.release(slot);
  const again = slots.acquire(42);
  assert.equal(again, slot);
  assert.ok(isLive(slots.flags, again, 42));
  assert.ok(!isLive(slots.flags, again, 41));
  assert.ok(
    isLive(slots.flags, -1, 7),
    'a request without a slot cannot be cancelled through flags',
  );
});

test('restart policy: at once, then a doubling delay, then a cap per minute', () => {
  let now = 0;
  const policy = new RestartPolicy(
    { maxPerMinute: 4, baseDelayMs: 100, maxDelayMs: 250 },
    () => now,
  );
  assert.deepEqual(
    [policy.next(), policy.next(), policy.next(), policy.next(), policy.next()],
    [0, 100, 200, 250, undefined],
  );
  now = 60_001;
  assert.equal(policy.next(), 0);
});

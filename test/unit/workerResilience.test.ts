// The worker under hostile load, in plain Node with the built dist/worker.js in a real worker
// thread: memory it must not take, documents that run out of time, a budget no timer can
// hold. The client must survive each, and only crashes count toward the restart cap.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, before, test } from 'node:test';
import type { SourceDocument } from '../../src/core/document';
import { MAX_MATRIX_ELEMENTS, allocateFloat64 } from '../../src/core/numeric/allocate';
import type { Logger } from '../../src/protocol/logger';
import { TIMEOUT_CODE } from '../../src/protocol/worker';
import {
  MAX_TIMER_DELAY_MS,
  WorkerClient,
  watchdogDelay,
  type CheckOutcome,
  type WorkerClientOptions,
} from '../../src/worker/client';
import { RestartPolicy } from '../../src/worker/restartPolicy';

const root = join(__dirname, '..', '..');
const workerPath = join(root, 'dist', 'worker.js');
const question = readFileSync(join(root, 'test', 'fixtures', 'seed-question.md'), 'utf8');
const gradientClaim = '$$ \\nabla_X \\operatorname{tr}(A X B) = A^T B^T $$\n\n';

function doc(uri: string, version: number, text: string): SourceDocument {
  return { uri, version, language: 'markdown', text };
}

class Lines implements Logger {
  readonly lines: { level: string; message: string }[] = [];
  info(message: string) {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string) {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string | Error) {
    this.lines.push({ level: 'error', message: String(message) });
  }
  count(level: string) {
    return this.lines.filter((l) => l.level === level).length;
  }
}

const clients: WorkerClient[] = [];

function makeClient(overrides: Partial<WorkerClientOptions> = {}) {
  const log = new Lines();
  const client = new WorkerClient({ workerPath, logger: log, restartBackoffMs: 10, ...overrides });
  clients.push(client);
  return { client, log };
}

function resultOf(outcome: CheckOutcome) {
  assert.equal(outcome.kind, 'result', JSON.stringify(outcome));
  return outcome as Extract<CheckOutcome, { kind: 'result' }>;
}

before(() => {
  execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'ignore' });
});

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

test('the allocation guard: up to MAX_MATRIX_ELEMENTS allocated, above it (or not a count) refused', () => {
  assert.equal(allocateFloat64(0).length, 0);
  assert.equal(allocateFloat64(MAX_MATRIX_ELEMENTS).length, MAX_MATRIX_ELEMENTS);
  for (const length of [MAX_MATRIX_ELEMENTS + 1, 2 ** 40, 1e308, Infinity, NaN, -1, 2.5])
    assert.throws(() => allocateFloat64(length), RangeError, String(length));
});

test('a worker asked for 2⁴⁰ float64 values refuses, dies alone, and the next check succeeds', async () => {
  const { client, log } = makeClient({ testHooks: true });
  const rssBefore = process.memoryUsage().rss;
  const crashed = await client.crashForTest('huge-allocation');
  assert.equal(crashed.kind, 'crashed');
  // 8 TB were asked for; the process grew by far less than one of the refused gigabytes.
  assert.ok(process.memoryUsage().rss - rssBefore < 2 ** 30);
  const next = resultOf(await client.check(doc('file:///q.md', 1, question)));
  assert.ok(next.findings.some((f) => f.verdict === 'shape-error'));
  assert.equal(log.count('error'), 1);
});

test('a worker out of heap (ERR_WORKER_OUT_OF_MEMORY) is a crash: restarted, counted, next check fine', async () => {
  const { client, log } = makeClient({
    testHooks: true,
    resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 },
    maxRestartsPerMinute: 1,
  });
  assert.equal((await client.crashForTest('oom')).kind, 'crashed');
  assert.equal(resultOf(await client.check(doc('file:///q.md', 1, question))).version, 1);
  // It counted: the next crash is past the cap of one per minute.
  assert.equal((await client.crashForTest('exit')).kind, 'crashed');
  assert.equal((await client.check(doc('file:///q.md', 2, question))).kind, 'crashed');
  assert.equal(log.count('error'), 2);
});

test('a claim on a matrix declared far above the bound is checked on a stand-in size; the worker keeps running', async () => {
  const { client, log } = makeClient();
  const text =
    '$A \\in \\mathbb{R}^{3000\\times 3000}$\n\n$$ \\nabla_A \\operatorname{tr}(A) = I $$\n';
  const result = resultOf(await client.check(doc('file:///huge.md', 1, text)));
  const gradient = result.findings.find((f) => f.kind === 'gradient');
  // 3000 is drawn as a small stand-in (core/limits.ts), so nothing near the bound is allocated
  assert.equal(gradient?.verdict, 'ok');
  assert.ok(gradient?.evidence?.draws.every((d) => !/\b3000=/.test(d.sizes)));
  assert.equal(result.timedOut, false);
  assert.equal(resultOf(await client.check(doc('file:///q.md', 1, question))).version, 1);
  assert.equal(log.lines.length, 0, JSON.stringify(log.lines));
});

test('six slow documents in a minute: each gets "ran out of time", none counts, checking goes on', async () => {
  const { client, log } = makeClient({ testHooks: true, graceMs: 20, maxRestartsPerMinute: 2 });
  for (let i = 1; i <= 6; i++) {
    const slow = resultOf(await client.hangForTest(30, { uri: `file:///slow${i}.md`, version: i }));
    assert.equal(slow.version, i);
    assert.equal(slow.timedOut, true);
    assert.equal(slow.findings.length, 1);
    assert.equal(slow.findings[0].verdict, 'unsupported');
    assert.equal(slow.findings[0].code, TIMEOUT_CODE);
    assert.deepEqual(slow.findings[0].range.start, { line: 0, character: 0 });
  }
  assert.equal(log.count('warn'), 6);
  const after = resultOf(await client.check(doc('file:///q.md', 1, question)));
  assert.ok(after.findings.some((f) => f.verdict === 'shape-error'));
  // Crashes still count: two are allowed, the third stops the worker.
  assert.equal((await client.crashForTest('exit')).kind, 'crashed');
  assert.equal((await client.crashForTest('exit')).kind, 'crashed');
  assert.equal((await client.crashForTest('exit')).kind, 'crashed');
  assert.equal((await client.check(doc('file:///q.md', 2, question))).kind, 'crashed');
});

test('a hang without a document is still a plain timeout', async () => {
  const { client } = makeClient({ testHooks: true, graceMs: 20 });
  assert.deepEqual(await client.hangForTest(30), { kind: 'timeout' });
});

test('a time budget past 2³¹ − 1 ms never reaches a timer: the check runs to its end', async () => {
  const { client, log } = makeClient({ timeBudgetMs: 2 ** 40 });
  // Long enough that a timer overflowing to 1 ms would kill it first.
  const result = resultOf(await client.check(doc('file:///big.md', 1, gradientClaim.repeat(60))));
  assert.equal(result.timedOut, false);
  assert.ok(result.durationMs > 1);
  assert.equal(result.findings.filter((f) => f.verdict === 'ok').length, 60);
  assert.equal(log.lines.length, 0, JSON.stringify(log.lines));
});

test('watchdogDelay: budget + grace, never above what a timer holds', () => {
  assert.equal(watchdogDelay(100, 2000), 2100);
  assert.equal(watchdogDelay(MAX_TIMER_DELAY_MS, 0), MAX_TIMER_DELAY_MS);
  assert.equal(watchdogDelay(2 ** 31, 2000), MAX_TIMER_DELAY_MS);
  assert.equal(watchdogDelay(1e308, 1e308), MAX_TIMER_DELAY_MS);
  assert.equal(watchdogDelay(NaN, 2000), MAX_TIMER_DELAY_MS);
  assert.equal(watchdogDelay(-5000, 2000), 0);
});

test('restart policy: timeouts restart at once and do not count; crashes do', () => {
  let now = 0;
  const policy = new RestartPolicy(
    { maxPerMinute: 2, baseDelayMs: 100, maxDelayMs: 250 },
    () => now,
  );
  for (let i = 0; i < 10; i++) assert.equal(policy.afterTimeout(), 0);
  assert.equal(policy.recent, 0);
  assert.equal(policy.next(), 0);
  assert.equal(policy.afterTimeout(), 0);
  assert.equal(policy.next(), 100);
  assert.equal(policy.recent, 2);
  assert.equal(policy.afterTimeout(), 0);
  assert.equal(policy.next(), undefined);
  now = 60_001;
  assert.equal(policy.recent, 0);
  assert.equal(policy.next(), 0);
});

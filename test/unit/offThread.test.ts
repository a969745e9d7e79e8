// Reading off the extension host's thread: the hover request (shapeAt) and the reading sent
// with each check, through the built dist/worker.js in real worker threads, as the extension
// runs them (one thread for checks, one for hovers). Waits poll for state; nothing sleeps.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, before, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import type { SourceDocument } from '../../src/core/document';
import { DEFAULT_CONVENTIONS } from '../../src/core/shape/conventions';
import { Checker, settingsKey, type CheckSettings } from '../../src/extension/checker';
import { shapeAt } from '../../src/extension/hoverModel';
import { HoverShapes } from '../../src/extension/hoverShapes';
import { claimReadingAt, ReadingStore } from '../../src/extension/readingStore';
import type { ShapeAtRequest } from '../../src/protocol/worker';
import {
  WorkerClient,
  type CheckOutcome,
  type ShapeOutcome,
  type TraceEvent,
  type WorkerClientOptions,
} from '../../src/worker/client';
import { HoverReadings } from '../../src/worker/reading';

const root = join(__dirname, '..', '..');
const workerPath = join(root, 'dist', 'worker.js');
const fixtures = join(root, 'test', 'fixtures');
const question = readFileSync(join(fixtures, 'seed-question.md'), 'utf8');
const answer = readFileSync(join(fixtures, 'seed-answer.md'), 'utf8');
/** Thousands of claims: seconds of numeric work for the check thread. */
const longText = '$$ \\nabla_X \\operatorname{tr}(A X B) = A^T B^T $$\n\n'.repeat(3000);

const SETTINGS: CheckSettings = {
  macros: {},
  conventions: { ...DEFAULT_CONVENTIONS },
  numeric: { draws: 2, seed: 1, tolerance: 1e-8, maxDim: 9 },
};
const KEY = settingsKey(SETTINGS);
const silent = { info() {}, warn() {}, error() {} };

function doc(uri: string, version: number, text: string): SourceDocument {
  return { uri, version, language: 'markdown', text };
}

/** Where the `nth` (0-based) `needle` starts in `text`, plus `shift`. */
function offsetOf(text: string, needle: string, nth = 0, shift = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${needle} #${nth}`);
  }
  return at + shift;
}

const clients: WorkerClient[] = [];
function makeClient(overrides: Partial<WorkerClientOptions> = {}) {
  const events: TraceEvent[] = [];
  const client = new WorkerClient({
    workerPath,
    logger: silent,
    trace: (e) => events.push(e),
    restartBackoffMs: 10,
    ...overrides,
  });
  clients.push(client);
  const count = (direction: 'sent' | 'received', type: string) =>
    events.filter((e) => e.direction === direction && e.message.type === type).length;
  return { client, events, count };
}

function shapeOf(outcome: ShapeOutcome) {
  assert.equal(outcome.kind, 'shape', JSON.stringify(outcome));
  return (outcome as Extract<ShapeOutcome, { kind: 'shape' }>).shape;
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

test('a hover through the worker thread: the shape the core gives for that offset', async () => {
  const { client } = makeClient();
  const x = offsetOf(question, '\\mathbf{X}', 2, '\\mathbf{'.length);
  const shape = shapeOf(
    await client.shapeAt(doc('file:///q.md', 1, question), { offset: x, settingsKey: KEY }),
  );
  assert.equal(shape?.label, 'k×l');
  const inProcess = shapeAt(
    analyzeDocument(doc('file:///q.md', 1, question), { numeric: false }),
    x,
  );
  assert.deepEqual(shape, inProcess);
  // Prose has no shape: an answer, not an error.
  const prose = offsetOf(question, 'derivative');
  assert.equal(
    shapeOf(
      await client.shapeAt(doc('file:///q.md', 1, question), { offset: prose, settingsKey: KEY }),
    ),
    undefined,
  );
});

test('the reader keeps one reading per uri, version and settings', () => {
  const readings = new HoverReadings();
  const ask = (version: number, offset: number, key = KEY): ShapeAtRequest => ({
    type: 'shapeAt',
    id: 1,
    uri: 'file:///q.md',
    version,
    language: 'markdown',
    text: question,
    options: {},
    settingsKey: key,
    offset,
  });
  const x = offsetOf(question, '\\mathbf{X}', 2, 1);
  const c = offsetOf(question, '\\mathbf{C}', 1, 1);
  assert.equal(readings.shapeAt(ask(1, x))?.label, 'k×l');
  assert.equal(readings.shapeAt(ask(1, c))?.label, 'l×n');
  assert.equal(readings.reads, 1, 'a second hover on the same version reads nothing');
  readings.shapeAt(ask(2, x));
  readings.shapeAt(ask(2, x, 'other settings'));
  assert.equal(readings.reads, 3, 'a new version or other settings are read again');
});

test('hovers are answered by the reader while the check thread is busy with a long check', async () => {
  const checks = makeClient();
  const reader = makeClient();
  let checkSettled = false;
  const long = checks.client.check(doc('file:///long.md', 1, longText)).finally(() => {
    checkSettled = true;
  });
  const x = offsetOf(question, '\\mathbf{X}', 2, 1);
  for (let i = 0; i < 3; i++) {
    const shape = shapeOf(
      await reader.client.shapeAt(doc('file:///q.md', 1, question), {
        offset: x,
        settingsKey: KEY,
      }),
    );
    assert.equal(shape?.label, 'k×l');
  }
  assert.equal(checkSettled, false, 'the long check was still running when the hovers came back');
  assert.equal(checks.count('sent', 'shapeAt'), 0);
  assert.equal(resultOf(await long).findings.length, 3000);
});

test('a hover still queued behind another is dropped when the editor cancels it', async () => {
  const { client, events, count } = makeClient();
  let cancel: (() => void) | undefined;
  const token = {
    isCancellationRequested: false,
    onCancellationRequested(listener: () => unknown) {
      cancel = () => {
        token.isCancellationRequested = true;
        listener();
      };
      return { dispose() {} };
    },
  };
  const first = client.shapeAt(doc('file:///long.md', 1, longText), {
    offset: 5,
    settingsKey: KEY,
  });
  const second = client.shapeAt(
    doc('file:///q.md', 1, question),
    { offset: 0, settingsKey: KEY },
    token,
  );
  const sentIds = () =>
    events.flatMap((e) =>
      e.direction === 'sent' && e.message.type === 'shapeAt' ? [e.message.id] : [],
    );
  while (sentIds().length < 2) await new Promise((resolve) => setTimeout(resolve, 2));
  cancel!();
  assert.deepEqual(await second, { kind: 'superseded' });
  assert.ok(shapeOf(await first), 'the hover before it was answered');
  while (count('received', 'cancelled') === 0)
    await new Promise((resolve) => setTimeout(resolve, 2));
  const secondId = sentIds()[1];
  assert.ok(
    !events.some(
      (e) =>
        e.direction === 'received' && e.message.type === 'started' && e.message.id === secondId,
    ),
    'the worker never started the cancelled hover',
  );
});

test('a reading past the reader budget: timeout, a fresh reader, and that version is not asked again', async () => {
  const { client, count } = makeClient({ timeBudgetMs: 1, graceMs: 5 });
  const shapes = new HoverShapes(() => client, silent);
  const slow = doc('file:///long.md', 1, longText);
  assert.equal(await shapes.shapeAt(slow, {}, KEY, 5), undefined);
  assert.equal(count('sent', 'shapeAt'), 1);
  assert.equal(await shapes.shapeAt(slow, {}, KEY, 5), undefined);
  assert.equal(count('sent', 'shapeAt'), 1, 'the slow version is remembered');
  // The reader came back: a small document is answered (its own budget is generous).
  const x = offsetOf(question, '\\mathbf{X}', 2, 1);
  const shape = shapeOf(
    await client.shapeAt(doc('file:///q.md', 1, question), {
      offset: x,
      settingsKey: KEY,
      timeBudgetMs: 30_000,
    }),
  );
  assert.equal(shape?.label, 'k×l');
});

test("a check sends back the panel's reading: each claim's shapes table and the note's macros", async () => {
  const { client } = makeClient();
  const readings = new ReadingStore();
  const checker = new Checker(() => client, readings);
  const result = await checker.check(doc('file:///q.md', 4, question), SETTINGS);
  assert.equal(result.kind, 'findings');
  if (result.kind !== 'findings') return;
  const error = result.findings.find((f) => f.verdict === 'shape-error')!;
  const reading = readings.get('file:///q.md', 4);
  assert.ok(reading);
  assert.equal(readings.get('file:///q.md', 3), undefined, 'only the version checked');
  const symbols = claimReadingAt(reading, error.range.start) ?? [];
  assert.equal(symbols.find((s) => s.text === 'X')?.shape, 'k×l');
  assert.equal(symbols.find((s) => s.text === 'A')?.shape, 'm×n');

  const answered = await checker.check(doc('file:///a.md', 1, answer), SETTINGS);
  assert.equal(answered.kind, 'findings');
  const macros = readings.get('file:///a.md', 1)?.macros ?? {};
  assert.ok(Object.keys(macros).length > 0, 'the seed answer defines macros with \\def');
});

test('the worker keeps the region cache: an edit to one claim region re-checks only it', async () => {
  const { client } = makeClient();
  const checker = new Checker(() => client, new ReadingStore());
  const first = await checker.check(doc('file:///a.md', 1, answer), SETTINGS);
  assert.equal(first.kind, 'findings');
  if (first.kind !== 'findings') return;
  assert.deepEqual(first.reuse, { document: false, regionsReused: 0, regionsFresh: 2 });
  const edited = answer.replace('A:\\LR{B\\odot C} \\;=', 'A:\\LR{C\\odot B} \\;=');
  assert.notEqual(edited, answer);
  const second = await checker.check(doc('file:///a.md', 2, edited), SETTINGS);
  assert.equal(second.kind, 'findings');
  if (second.kind !== 'findings') return;
  assert.equal(second.reuse.regionsReused, 1);
  const full = analyzeDocument(doc('file:///a.md', 2, edited), { numeric: SETTINGS.numeric });
  assert.deepEqual(
    second.findings.map((f) => [f.kind, f.verdict, f.range.start.line]),
    full.findings.map((f) => [f.kind, f.verdict, f.range.start.line]),
  );
});

// "Derive Gradient…" through the real worker thread (dist/worker.js): the host asks, the worker
// reads, derives and checks; the host gets the variables to choose from, then the checked block
// and where it goes. Nothing of it runs on the caller's thread but the message passing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { LineIndex, type SourceDocument } from '../../src/core/document';
import { WorkerClient } from '../../src/worker/client';

const root = join(__dirname, '..', '..');
const answer = readFileSync(join(root, 'examples', 'seed-answer.md'), 'utf8');
const silent = { info() {}, warn() {}, error() {} };
const client = new WorkerClient({ workerPath: join(root, 'dist', 'worker.js'), logger: silent });
after(() => client.dispose());

const doc: SourceDocument = {
  uri: 'mem://answer.md',
  version: 3,
  language: 'markdown',
  text: answer,
};
const line = answer.split('\n').findIndex((l) => l.includes('\\phi &= A:'));

test('without a variable: the matrices of φ to choose from', async () => {
  const outcome = await client.derive(doc, { where: { line } });
  assert.equal(outcome.kind, 'choose');
  if (outcome.kind !== 'choose') return;
  assert.deepEqual(outcome.variables.map((v) => v.name).sort(), ['A', 'B', 'C', 'X']);
  assert.equal(outcome.variables.find((v) => v.name === 'X')?.shape, 'k×l');
});

test('by X: the checked rows, and the block inserted there checks ok', async () => {
  const outcome = await client.derive(doc, { where: { line }, wrt: 'X' });
  assert.equal(outcome.kind, 'derived');
  if (outcome.kind !== 'derived') return;
  assert.equal(outcome.rows.length, 4);
  assert.ok(outcome.rows.every((r) => r.verdict === 'ok'));
  const text =
    answer.slice(0, outcome.insertAt) + outcome.inserted + answer.slice(outcome.insertAt);
  const lines = new LineIndex(text);
  const end = outcome.insertAt + outcome.inserted.length;
  const inBlock = analyzeDocument({ ...doc, text }).findings.filter((f) => {
    const at = lines.offsetAt(f.range.start);
    return at >= outcome.insertAt && at < end;
  });
  assert.deepEqual(
    inBlock.map((f) => f.verdict),
    ['ok', 'ok', 'ok', 'ok'],
  );
});

test('nothing to derive: a reason, no block', async () => {
  const outcome = await client.derive(
    { ...doc, text: 'Only words here.\n' },
    { where: { line: 0 } },
  );
  assert.equal(outcome.kind, 'failed');
});

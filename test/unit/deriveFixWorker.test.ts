// Suggestions through the real worker thread (dist/worker.js, driven by the extension's
// Checker as the editor drives it): wrong gradient claims come back with a verified
// suggestion, at most MAX_SUGGESTIONS_PER_CHECK per check, kept by the region cache; the
// hover then names the derived gradient, and the quick fix's edit makes the claim hold.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, before, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import type { SourceDocument } from '../../src/core/document';
import { DEFAULT_CONVENTIONS } from '../../src/core/shape/conventions';
import { Checker, type CheckSettings } from '../../src/extension/checker';
import { applyFix, deriveFix } from '../../src/extension/deriveFix';
import { claimMarkdown } from '../../src/extension/hoverModel';
import { ReadingStore } from '../../src/extension/readingStore';
import { WorkerClient } from '../../src/worker/client';
import { MAX_SUGGESTIONS_PER_CHECK } from '../../src/worker/run';

const root = join(__dirname, '..', '..');
const workerPath = join(root, 'dist', 'worker.js');
const question = readFileSync(join(root, 'test', 'fixtures', 'seed-question.md'), 'utf8');

const SETTINGS: CheckSettings = {
  macros: {},
  conventions: { ...DEFAULT_CONVENTIONS },
  numeric: { draws: 2, seed: 1, tolerance: 1e-8, maxDim: 9 },
};
const silent = { info() {}, warn() {}, error() {} };

function doc(uri: string, version: number, text: string): SourceDocument {
  return { uri, version, language: 'markdown', text };
}

/** `count` sign mistakes, each its own display region with its own matrices. */
function signMistakes(count: number): string {
  return Array.from(
    { length: count },
    (_, i) =>
      `$$ \\nabla_X \\operatorname{tr}(A_{${i}} X B_{${i}}) = -A_{${i}}^T B_{${i}}^T $$\n\n`,
  ).join('');
}

const clients: WorkerClient[] = [];
function makeChecker() {
  const client = new WorkerClient({ workerPath, logger: silent, restartBackoffMs: 10 });
  clients.push(client);
  return new Checker(() => client, new ReadingStore());
}

async function findingsOf(checker: Checker, document: SourceDocument) {
  const result = await checker.check(document, SETTINGS);
  assert.equal(result.kind, 'findings', JSON.stringify(result));
  if (result.kind !== 'findings') throw new Error('unreachable');
  return result;
}

before(() => {
  execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'ignore' });
});

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

test('seed question through the worker: the shape error carries the derived gradient; applied, the claim checks ok', async () => {
  const { findings } = await findingsOf(makeChecker(), doc('file:///q.md', 1, question));
  const error = findings.find((f) => f.verdict === 'shape-error')!;
  const suggestion = error.suggestion!;
  assert.equal(suggestion.kind, 'derived');
  assert.ok(suggestion.relError < 1e-8);
  // the hover of the claim names the derived gradient
  assert.ok(claimMarkdown(error).includes(suggestion.latex));
  const edited = applyFix(question, deriveFix(question, error)!);
  const after = analyzeDocument(doc('file:///q.md', 2, edited), {}).findings;
  assert.deepEqual(
    after.filter((f) => f.kind === 'gradient').map((f) => f.verdict),
    ['ok'],
  );
  // claims that hold and other kinds get none
  assert.ok(findings.filter((f) => f !== error).every((f) => f.suggestion === undefined));
});

test(`at most ${MAX_SUGGESTIONS_PER_CHECK} suggestions per check, the first in document order`, async () => {
  const count = MAX_SUGGESTIONS_PER_CHECK + 3;
  const { findings } = await findingsOf(
    makeChecker(),
    doc('file:///many.md', 1, signMistakes(count)),
  );
  const mistakes = findings.filter((f) => f.kind === 'gradient' && f.verdict === 'mismatch');
  assert.equal(mistakes.length, count);
  assert.deepEqual(
    mistakes.map((f) => f.suggestion?.kind),
    mistakes.map((_, i) => (i < MAX_SUGGESTIONS_PER_CHECK ? 'negate' : undefined)),
  );
});

test('a region reused from the cache keeps its suggestion; the edited one gets its own', async () => {
  const checker = makeChecker();
  const text = signMistakes(2);
  const first = await findingsOf(checker, doc('file:///two.md', 1, text));
  const edited = text.replace('-A_{1}^T B_{1}^T', '2A_{1}^T B_{1}^T');
  const second = await findingsOf(checker, doc('file:///two.md', 2, edited));
  assert.equal(second.reuse.regionsReused, 1);
  const [a, b] = second.findings.filter((f) => f.kind === 'gradient');
  assert.deepEqual(a.suggestion, first.findings.find((f) => f.kind === 'gradient')!.suggestion);
  assert.equal(a.suggestion?.kind, 'negate');
  assert.equal(b.suggestion?.kind, 'scale');
  // both fixes together leave no wrong claim
  let fixed = edited;
  for (const f of [b, a]) fixed = applyFix(fixed, deriveFix(fixed, f)!);
  const verdicts = analyzeDocument(doc('file:///two.md', 3, fixed), {}).findings.map(
    (f) => f.verdict,
  );
  assert.deepEqual(verdicts, ['ok', 'ok']);
});

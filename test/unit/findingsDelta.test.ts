// Findings as deltas across the thread: what the host rebuilds is exactly what the worker had,
// and an edit sends only the findings that changed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { ReceivedFindings, SentFindings } from '../../src/protocol/findingsDelta';

const answer = readFileSync(join(__dirname, '..', 'fixtures', 'seed-answer.md'), 'utf8');
const numeric = { draws: 2, seed: 1, tolerance: 1e-8, maxDim: 9 };
const findingsOf = (text: string) =>
  analyzeDocument({ uri: 'mem://a', version: 1, language: 'markdown', text }, { numeric }).findings;

test('an edit sends only the findings that changed; the host rebuilds the whole list', () => {
  const sent = new SentFindings();
  const received = new ReceivedFindings();
  const first = findingsOf(answer);
  const one = sent.encode('mem://a', 1, first);
  assert.equal(one.layout, undefined, 'the first list goes whole');
  assert.deepEqual(received.decode('mem://a', 1, one.findings, one.layout), first);

  const edited = answer.replace('A:\\LR{B\\odot C} \\;=', 'A:\\LR{C\\odot B} \\;=');
  const second = findingsOf(edited);
  const two = sent.encode('mem://a', 2, second);
  assert.ok(two.layout);
  assert.ok(two.findings.length < second.length, `${two.findings.length} of ${second.length} sent`);
  assert.ok(two.findings.length > 0, 'the edited claim changed');
  assert.deepEqual(received.decode('mem://a', 2, two.findings, two.layout), second);
});

test('a delta against a list the host does not hold is refused, not guessed', () => {
  const sent = new SentFindings();
  const received = new ReceivedFindings();
  const findings = findingsOf(answer);
  sent.encode('mem://a', 1, findings);
  const delta = sent.encode('mem://a', 2, findings);
  assert.equal(delta.findings.length, 0);
  assert.equal(received.decode('mem://a', 2, delta.findings, delta.layout), undefined);
});

test('URIs are kept apart', () => {
  const sent = new SentFindings();
  const findings = findingsOf(answer);
  sent.encode('mem://a', 1, findings);
  assert.equal(sent.encode('mem://b', 2, findings).layout, undefined);
});

// The panel's derivation section as data: the gradient claim of the seed answer derives by the
// variable it names (no question asked), every row checked ok; the host → webview message that
// carries it passes the guard, and malformed ones do not.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { deriveAt } from '../../src/core/derive/deriveAt';
import { readDocument } from '../../src/core/read';
import { isHostMessage, MAX_DERIVATION_ROWS } from '../../src/protocol/panel';

const answer = readFileSync(new URL('../../examples/seed-answer.md', import.meta.url), 'utf8');

test('the seed answer’s gradient claim: derived by X, the variable it names, every row ok', () => {
  const read = readDocument({ uri: 'a.md', version: 1, language: 'markdown', text: answer });
  const line = answer.split('\n').findIndex((l) => l.startsWith('\\grad{\\phi}{X}'));
  assert.ok(line > 0);
  assert.equal(deriveAt(read, { line }).kind, 'choose');
  const result = deriveAt(read, { line }, undefined, true);
  assert.equal(result.kind, 'derived');
  if (result.kind !== 'derived') return;
  assert.equal(result.wrt, 'X');
  assert.equal(result.steps.rows.length, 4);
  assert.ok(result.steps.rows.every((r) => r.verdict === 'ok'));
});

test('derivation messages: well formed passes, malformed is dropped', () => {
  const row = { lhs: 'd\\phi', rhs: 'G : dX', verdict: 'ok', relError: 1e-16 };
  const message = {
    type: 'derivation',
    document: 'file:///a.md',
    index: 3,
    latex: '\\nabla_X \\phi = G',
    derivation: { wrt: 'X', rows: [row] },
  };
  assert.equal(isHostMessage(message), true);
  assert.equal(isHostMessage({ ...message, derivation: undefined, reason: 'no' }), true);
  assert.equal(isHostMessage({ ...message, index: -1 }), false);
  assert.equal(
    isHostMessage({ ...message, derivation: { wrt: 'X', rows: [{ ...row, verdict: 'fine' }] } }),
    false,
  );
  const tooMany = Array<typeof row>(MAX_DERIVATION_ROWS + 1).fill(row);
  assert.equal(isHostMessage({ ...message, derivation: { wrt: 'X', rows: tooMany } }), false);
});

// The panel's `reveal` message opens only ranges of the document the panel shows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Range } from '../../src/core/document';
import { isWebviewMessage, type RevealMessage } from '../../src/protocol/panel';
import { decideReveal, type ShownDocument } from '../../src/extension/revealGuard';

const range = (l0: number, c0: number, l1: number, c1: number): Range => ({
  start: { line: l0, character: c0 },
  end: { line: l1, character: c1 },
});

const shown: ShownDocument = {
  uri: 'file:///work/notes/kl.md',
  claims: [{ range: range(2, 0, 2, 40) }, { range: range(7, 4, 9, 1) }],
  lineCount: 12,
};

test('a claim of the shown document, by index, is revealed at that claim', () => {
  assert.deepEqual(decideReveal({ type: 'reveal', document: shown.uri, index: 1 }, shown), {
    kind: 'reveal',
    range: range(7, 4, 9, 1),
  });
});

test('a range inside the shown document is revealed as given', () => {
  assert.deepEqual(
    decideReveal({ type: 'reveal', document: shown.uri, range: range(11, 0, 11, 3) }, shown),
    { kind: 'reveal', range: range(11, 0, 11, 3) },
  );
});

test('any other URI is refused, whatever the index or range', () => {
  const others = [
    'file:///etc/passwd',
    'file:///work/notes/other.md',
    'file:///work/notes/kl.md#x',
    'file:///work/notes/KL.md',
    'untitled:kl.md',
    'vscode-notebook-cell:/work/notes/kl.md#W0sZmlsZQ',
    'command:workbench.action.terminal.new',
    '',
  ];
  for (const document of others) {
    const messages: RevealMessage[] = [
      { type: 'reveal', document, index: 0 },
      { type: 'reveal', document, range: range(0, 0, 0, 0) },
    ];
    for (const message of messages)
      assert.deepEqual(
        decideReveal(message, shown),
        { kind: 'refuse', reason: 'other-document' },
        document,
      );
  }
});

test('nothing shown: every reveal is refused', () => {
  assert.deepEqual(decideReveal({ type: 'reveal', document: shown.uri, index: 0 }, undefined), {
    kind: 'refuse',
    reason: 'nothing-shown',
  });
});

test('an index past the claims is refused', () => {
  assert.deepEqual(decideReveal({ type: 'reveal', document: shown.uri, index: 2 }, shown), {
    kind: 'refuse',
    reason: 'no-such-claim',
  });
});

test('a range past the last line, or ending before it starts, is refused', () => {
  for (const bad of [
    range(12, 0, 12, 0),
    range(3, 0, 1e9, 0),
    range(5, 3, 5, 1),
    range(6, 0, 4, 0),
  ])
    assert.deepEqual(
      decideReveal({ type: 'reveal', document: shown.uri, range: bad }, shown),
      { kind: 'refuse', reason: 'bad-range' },
      JSON.stringify(bad),
    );
  // the length unknown (the document is not open): only the order is checked
  const closed = { ...shown, lineCount: undefined };
  assert.equal(
    decideReveal({ type: 'reveal', document: shown.uri, range: range(40, 0, 41, 0) }, closed).kind,
    'reveal',
  );
});

test('what the webview may send at all: negative or fractional positions never reach the guard', () => {
  for (const position of [
    { line: -1, character: 0 },
    { line: 0.5, character: 0 },
  ])
    assert.equal(
      isWebviewMessage({
        type: 'reveal',
        document: shown.uri,
        range: { start: position, end: position },
      }),
      false,
    );
});

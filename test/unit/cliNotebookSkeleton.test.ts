// The streamed notebook (src/cli/notebookSkeleton.ts): whatever the chunks, the text it keeps
// gives the core the same findings at the same ranges as the whole file, with outputs, code
// and metadata gone; cells written in any key order; broken JSON and limits as problems.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { NotebookSkeleton } from '../../src/cli/notebookSkeleton';
import { MAX_NOTEBOOK_MARKDOWN_BYTES } from '../../src/cli/limits';
import { analyzeDocument } from '../../src/core/analyze';

const root = join(__dirname, '..', '..');
const NOTEBOOKS = [
  'examples/trace-gradients.ipynb',
  'test/fixtures/realistic/11-homework.ipynb',
  'test/fixtures/assumptions/51-homework-one-hot.ipynb',
  'test/fixtures/assumptions/52-rotation-procrustes.ipynb',
];

function skeleton(bytes: Uint8Array, chunk: number): { text: string } | { problem: string } {
  const s = new NotebookSkeleton();
  for (let i = 0; i < bytes.length; i += chunk) if (!s.push(bytes.subarray(i, i + chunk))) break;
  return s.finish();
}

function textOf(result: { text: string } | { problem: string }): string {
  assert.ok('text' in result, 'problem' in result ? result.problem : '');
  return result.text;
}

/** Verdicts and ranges, shapes only (no random draws, which are keyed by offsets). */
function findings(text: string): string[] {
  return analyzeDocument(
    { uri: 'n.ipynb', version: 1, language: 'notebook', text },
    { numeric: false },
  ).findings.map(
    (f) =>
      `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.kind} ${f.verdict}`,
  );
}

test('the notebooks of the repository: the same findings at the same ranges, any chunk size', () => {
  for (const name of NOTEBOOKS) {
    const bytes = readFileSync(join(root, name));
    const whole = bytes.toString('utf8');
    const expected = findings(whole);
    assert.ok(expected.length > 0, name);
    for (const chunk of [1, 7, 4096, bytes.length]) {
      const text = textOf(skeleton(bytes, chunk));
      assert.equal(
        text.split('\n').length,
        whole.split('\n').length,
        `${name} lines, chunk ${chunk}`,
      );
      assert.ok(text.length < whole.length, name);
      assert.deepEqual(findings(text), expected, `${name}, chunk ${chunk}`);
    }
  }
});

test('outputs, code and metadata are dropped; markdown kept in any key order', () => {
  const notebook = JSON.stringify(
    {
      metadata: { kernelspec: { name: 'python3' } },
      cells: [
        { source: ['$$ \\nabla_x x^T x = 3x $$'], metadata: {}, cell_type: 'markdown' },
        { source: ['SECRET_CODE = 1'], outputs: [{ text: ['SECRET_OUTPUT'] }], cell_type: 'code' },
        { cell_type: 'code', source: 'OTHER_CODE', outputs: [] },
        { cell_type: 'raw', source: 'RAW' },
      ],
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
  const text = textOf(skeleton(Buffer.from(notebook), 5));
  for (const gone of ['SECRET_CODE', 'SECRET_OUTPUT', 'OTHER_CODE', 'RAW', 'kernelspec'])
    assert.ok(!text.includes(gone), gone);
  assert.ok(text.includes('\\\\nabla_x x^T x = 3x'));
  const parsed = JSON.parse(text) as { cells: { cell_type: string }[] };
  assert.deepEqual(
    parsed.cells.map((c) => c.cell_type),
    ['markdown', 'code', 'code', 'raw'],
  );
  assert.deepEqual(findings(text), findings(notebook));
});

test('what is not a notebook, or too much markdown: a problem, not a text', () => {
  for (const bad of [
    '[1, 2]',
    '{"cells": [',
    '{"cells": [{"source": "x"}}',
    'plain text',
    '{} {}',
  ]) {
    const result = skeleton(Buffer.from(bad), 3);
    assert.ok('problem' in result, bad);
  }
  const cell = { cell_type: 'markdown', source: ['x'.repeat(64 * 1024)] };
  const cells = Array.from(
    { length: Math.ceil(MAX_NOTEBOOK_MARKDOWN_BYTES / (64 * 1024)) + 1 },
    () => cell,
  );
  const result = skeleton(Buffer.from(JSON.stringify({ cells })), 64 * 1024);
  assert.ok('problem' in result);
  // the same weight in outputs is no problem
  const heavy = { cell_type: 'code', source: [], outputs: [{ text: ['x'.repeat(64 * 1024)] }] };
  const outputs = Array.from({ length: cells.length }, () => heavy);
  assert.ok('text' in skeleton(Buffer.from(JSON.stringify({ cells: outputs })), 64 * 1024));
});

test('an image output wider than the padding, cut anywhere: the markdown after it in place', () => {
  const claim = String.raw`$$ \nabla_x x^T x = 3x $$`;
  const image = 'iVBORw0KGgoAAAANSUhEUgAA'.repeat(3000); // 72 kB on one line
  const notebook = JSON.stringify(
    {
      cells: [
        { cell_type: 'markdown', metadata: {}, source: [claim] },
        { cell_type: 'code', outputs: [{ data: { 'image/png': image } }], source: [] },
        { cell_type: 'markdown', metadata: {}, source: ['Then\n', `é ${claim}`] },
      ],
    },
    null,
    1,
  );
  const expected = findings(notebook);
  assert.equal(expected.length, 2);
  for (const chunk of [1, 999, 4097, 65536]) {
    const text = textOf(skeleton(Buffer.from(notebook), chunk));
    assert.ok(text.length < notebook.length / 10, `chunk ${chunk}`);
    assert.deepEqual(findings(text), expected, `chunk ${chunk}`);
  }
});

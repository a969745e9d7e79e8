// "the x_i are the rows of X": a family tied to a matrix, so sums over it and matrix forms
// speak of the same data and equalities between them are checked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { familySourcesInProse } from '../../src/core/claims/familySources';

function claims(text: string) {
  return analyzeDocument({
    uri: 'note.md',
    version: 1,
    language: 'markdown',
    text,
  }).findings.filter((f) => f.kind !== 'declaration' && f.kind !== 'definition');
}

test('prose that ties a family to rows or columns', () => {
  const read = (t: string) => Object.fromEntries(familySourcesInProse(t));
  assert.deepEqual(read('where the $x_i$ are the rows of $X$'), {
    x: { matrix: 'X', along: 'rows' },
  });
  assert.deepEqual(
    read('Let $x_i \\in \\mathbb{R}^d$ be the rows of $X \\in \\mathbb{R}^{n\\times d}$.'),
    { x: { matrix: 'X', along: 'rows' } },
  );
  assert.deepEqual(read('$\\mathbf{x}_n$ is the $n$-th column of $X$'), {
    x: { matrix: 'X', along: 'columns' },
  });
  assert.deepEqual(read('$x_i$ is large and the rows of $X$ are small'), {});
});

test('sum forms against matrix forms over the rows of X: right ones hold, wrong ones are caught', () => {
  const note = [
    'Let $X \\in \\mathbb{R}^{n\\times d}$ whose rows are the samples: the $x_i \\in \\mathbb{R}^d$ are the rows of $X$; $y\\in\\mathbb{R}^n$, $w \\in \\mathbb{R}^d$.',
    '',
    '$$\\sum_{i=1}^n (y_i - w^T x_i)^2 = \\|y - Xw\\|^2$$',
    '$$\\sum_{i=1}^n x_i x_i^T = X^T X$$',
    '$$\\sum_{i=1}^n y_i x_i = X^T y$$',
    '$$\\sum_{i=1}^n y_i x_i = -X^T y$$',
    '$$\\sum_{i=1}^n x_i x_i^T = X X^T$$',
  ].join('\n');
  const verdicts = claims(note).map((f) => f.verdict);
  assert.deepEqual(verdicts, ['ok', 'ok', 'ok', 'mismatch', 'shape-error']);
});

test('columns of X: the scatter matrix, and the gradient with respect to X itself', () => {
  const note = [
    'The samples $\\mathbf{x}_k$ are the columns of $X \\in \\mathbb{R}^{d\\times N}$, and $\\mathbf{w} \\in \\mathbb{R}^d$.',
    '',
    '$$\\sum_{k=1}^N \\mathbf{x}_k \\mathbf{x}_k^T = X X^T$$',
    '$$\\frac{\\partial}{\\partial X} \\sum_{k=1}^N (\\mathbf{w}^T\\mathbf{x}_k)^2 = 2\\mathbf{w}\\mathbf{w}^T X$$',
    '$$\\frac{\\partial}{\\partial X} \\sum_{k=1}^N (\\mathbf{w}^T\\mathbf{x}_k)^2 = \\mathbf{w}\\mathbf{w}^T X$$',
  ].join('\n');
  const verdicts = claims(note).map((f) => `${f.verdict}${f.diagnosis ? ':' + f.diagnosis : ''}`);
  assert.equal(verdicts[0], 'ok');
  assert.equal(verdicts[1], 'ok');
  assert.match(verdicts[2], /^mismatch/);
});

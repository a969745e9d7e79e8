// A definition must have the shape its name is declared with: `y = Xw` after `y ∈ ℝ^m` with X
// n×d is a shape error at the definition naming both shapes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';

function definitions(text: string) {
  return analyzeDocument({
    uri: 'note.md',
    version: 1,
    language: 'markdown',
    text,
  }).findings.filter((f) => f.kind === 'definition');
}

test('declared y ∈ ℝ^m defined as Xw (n×1): a gradlens.shape finding naming both shapes', () => {
  const note =
    'Let $X \\in \\mathbb{R}^{n\\times d}$, $w \\in \\mathbb{R}^d$ and the predictions $y \\in \\mathbb{R}^m$,\n\n$$ y = X w $$\n';
  const [finding] = definitions(note);
  assert.equal(finding.verdict, 'shape-error');
  assert.equal(finding.code, 'gradlens.shape');
  assert.equal(
    finding.message,
    'y is declared m×1 on line 1, but it is defined as Xw, which is n×1',
  );
  assert.equal(finding.range.start.line, 2);
  assert.ok(finding.related?.some((r) => /y declared m×1 here/.test(r.message)));
});

test('a scalar declared and defined as an outer product is caught; the inner product is fine', () => {
  const [wrong] = definitions('$w \\in \\mathbb{R}^d$, $s \\in \\mathbb{R}$, and $s = w w^T$.');
  assert.equal(wrong.verdict, 'shape-error');
  assert.match(
    wrong.message,
    /s is declared scalar on line 1, but it is defined as wwᵀ, which is d×d/,
  );
  const [right] = definitions('$w \\in \\mathbb{R}^d$, $s \\in \\mathbb{R}$, and $s = w^T w$.');
  assert.equal(right.verdict, 'ok', right.message);
});

test('a definition that agrees with its declaration, or only fills unknown sizes, is ok', () => {
  const [agrees] = definitions(
    '$X \\in \\mathbb{R}^{n\\times d}$, $w \\in \\mathbb{R}^d$, $r \\in \\mathbb{R}^n$: $r = y - Xw$.',
  );
  assert.equal(agrees.verdict, 'ok', agrees.message);
  const [fills] = definitions('Predictions $\\hat y \\in \\mathbb{R}^m$ from $\\hat y = A v$.');
  assert.equal(fills.verdict, 'ok', fills.message);
  const [scatter] = definitions(
    'With samples $x_k \\in \\mathbb{R}^d$ and $S \\in \\mathbb{S}^d$, $$S = \\frac{1}{N}\\sum_{k=1}^N x_k x_k^T$$',
  );
  assert.equal(scatter.verdict, 'ok', scatter.message);
});

// The notes in examples/ are what a new user opens first: each must be read as a person
// reading it would, with the deliberate mistakes found and nothing else flagged.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { languageOfPath } from '../../src/core/document';

function check(name: string) {
  const path = join(__dirname, '..', '..', 'examples', name);
  const text = readFileSync(path, 'utf8');
  const findings = analyzeDocument({
    uri: path,
    version: 1,
    language: languageOfPath(path)!,
    text,
  }).findings;
  const errors = findings.filter((f) => f.severity === 'error');
  const checked = findings.filter((f) => ['gradient', 'equality', 'differential'].includes(f.kind));
  return { findings, errors, checked };
}

test('least squares and ridge: every step holds; the normal equations are an equation, not an identity', () => {
  const { errors, checked } = check('least-squares-ridge.md');
  assert.deepEqual(errors, []);
  assert.ok(checked.filter((f) => f.verdict === 'ok').length >= 3);
  const normal = checked.find((f) => f.verdict === 'skipped');
  assert.ok(normal && /equation to solve/.test(normal.message));
});

test('logistic regression: the deliberate sign error is found and diagnosed', () => {
  const { errors } = check('logistic-regression.md');
  assert.equal(errors.length, 1);
  assert.equal(errors[0].kind, 'gradient');
  assert.equal(errors[0].verdict, 'mismatch');
  assert.equal(errors[0].diagnosis, 'sign');
});

test('NMF updates: the Euclidean and KL gradients match autodiff, D(V‖WH) reads as a definition', () => {
  const { errors, checked } = check('nmf-updates.md');
  assert.deepEqual(errors, []);
  const gradients = checked.filter((f) => f.kind === 'gradient');
  assert.equal(gradients.length, 3);
  assert.ok(
    gradients.every((f) => f.verdict === 'ok'),
    JSON.stringify(gradients.map((f) => f.message)),
  );
});

test('Gaussian log-likelihood in LaTeX: differentials and the gradient for a symmetric Σ hold', () => {
  const { errors, checked } = check('gaussian-logdet.tex');
  assert.deepEqual(errors, []);
  assert.ok(checked.length >= 4);
  assert.ok(
    checked.every((f) => f.verdict === 'ok'),
    JSON.stringify(checked.map((f) => f.message)),
  );
});

test('a Jupyter notebook: markdown cells are checked, code cells are not, the slip is a transpose', () => {
  const { errors, checked } = check('trace-gradients.ipynb');
  assert.equal(checked.length, 2);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].diagnosis, 'transpose');
});

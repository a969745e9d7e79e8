// Capitals used as counts (N samples, K classes, B the batch size) are scalars on evidence;
// every other capital stays a matrix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { countsInProse } from '../../src/core/claims/counts';

function findings(text: string) {
  return analyzeDocument({ uri: 'note.md', version: 1, language: 'markdown', text }).findings;
}
const gradients = (text: string) => findings(text).filter((f) => f.kind === 'gradient');
const shapeErrors = (text: string) => findings(text).filter((f) => f.verdict === 'shape-error');

test('"where N is the number of points": N/2 log 2π is a scalar term, and a doubled gradient is caught', () => {
  const note = [
    'The Gaussian negative log-likelihood with a fixed variance, where $N$ is the number of points',
    'and $\\mu \\in \\mathbb{R}^d$:',
    '',
    '$$f(\\mu) = \\frac{N}{2}\\log(2\\pi) + \\frac12\\|\\mu\\|^2$$',
    '$$\\nabla_\\mu f = \\mu$$',
    '$$g(\\mu) = \\frac{N}{2}\\, \\mu^T \\mu$$',
    '$$\\nabla_\\mu g = N \\mu$$',
    '$$\\nabla_\\mu g = 2N\\mu$$',
  ].join('\n');
  assert.deepEqual(shapeErrors(note), []);
  const [f, g, wrong] = gradients(note);
  assert.equal(f.verdict, 'ok', f.message);
  assert.equal(g.verdict, 'ok', g.message);
  assert.equal(wrong.verdict, 'mismatch', wrong.message);
  assert.match(wrong.message, /factor 2/);
});

test('a sum limit elsewhere in the note makes \\frac{1}{N} a scalar in another formula', () => {
  const note =
    'Let $w \\in \\mathbb{R}^d$ and $L(w) = \\sum_{n=1}^N (y_n - w^T x_n)^2$.\n\n$$\\nabla_w \\frac{1}{N}L = -\\frac{2}{N}\\sum_{n=1}^N (y_n - w^T x_n)x_n$$\n';
  const [claim] = gradients(note);
  assert.equal(claim.verdict, 'ok', claim.message);
});

test('N ∈ ℕ declares a count; \\frac{1}{B} with B never used as a matrix is a count', () => {
  assert.deepEqual(
    shapeErrors(
      'Let $N \\in \\mathbb{N}$, $w\\in\\mathbb{R}^d$ and $f(w) = \\frac{N}{2}\\log(2\\pi) - \\frac{1}{2} w^\\top w$.',
    ),
    [],
  );
  const [claim] = gradients(
    '$W \\in \\mathbb{R}^{m\\times n}$.\n\n$$J(W) = \\frac{1}{B}\\|W\\|_F^2$$\n\n$$\\nabla_W J = \\frac{2}{B} W$$\n',
  );
  assert.equal(claim.verdict, 'ok', claim.message);
});

test('prose counts: samples, classes, batch size; never the rows of a matrix', () => {
  assert.deepEqual(countsInProse('We draw $N$ i.i.d. samples and $K$ classes.'), ['N', 'K']);
  assert.deepEqual(countsInProse('where $N$ is the number of points'), ['N']);
  assert.deepEqual(countsInProse('and B is the batch size'), ['B']);
  assert.deepEqual(countsInProse('the number of samples, $M$, is large'), ['M']);
  assert.deepEqual(
    countsInProse('the number of rows of $X$ equals the number of columns of $A$'),
    [],
  );
  assert.deepEqual(countsInProse('A matrix $A$ and I think'), []);
});

test('capitals used as matrices stay matrices: \\frac{A}{2} with Aᵀ elsewhere, X in \\frac{1}{N} X^T X', () => {
  const note =
    'Let $x \\in \\mathbb{R}^n$.\n\n$$f(x) = x^T \\frac{A}{2} x$$\n\n$$\\nabla_x f = \\frac{A + A^T}{2} x$$\n\n$$\\nabla_x f = A x$$\n';
  const [right, wrong] = gradients(note);
  assert.equal(right.verdict, 'ok', right.message);
  assert.equal(wrong.verdict, 'mismatch', wrong.message);
  const covariance = findings(
    'With $N$ samples as the rows of $X \\in \\mathbb{R}^{N \\times d}$:\n\n$$S = \\frac{1}{N} X^T X$$\n',
  );
  const definition = covariance.find((f) => f.kind === 'definition');
  assert.ok(definition);
  assert.match(definition.message, /d×d/);
});

test('a sum limit elsewhere does not make a kernel matrix K a count when K is inverted', () => {
  const note =
    'A mixture: $$\\pi = \\frac{1}{K}\\sum_{k=1}^K r_k$$\n\nand a GP with $\\mathbf{y} \\in \\mathbb{R}^n$: $$\\nabla_{\\mathbf y}\\, \\tfrac12 \\mathbf{y}^T K^{-1}\\mathbf{y} = K^{-1}\\mathbf{y}$$\n';
  const all = findings(note);
  const gradient = all.find((f) => f.kind === 'gradient')!;
  // K stays an n×n matrix, not symmetric: ∇ ½ yᵀK⁻¹y is ½(K⁻¹ + K⁻ᵀ)y, so K⁻¹y is a mistake
  assert.equal(gradient.verdict, 'mismatch', gradient.message);
});

// u · v between two column vectors is the dot product uᵀv; \cdot next to a scalar or between
// matrices stays an ordinary product; ⟨u, v⟩ and ⟨A, B⟩ are inner products.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';

function findings(text: string) {
  return analyzeDocument({ uri: 'note.md', version: 1, language: 'markdown', text }).findings;
}

const gradients = (text: string) => findings(text).filter((f) => f.kind === 'gradient');

test('bold vectors with \\cdot: physics-style energy, right gradient ok, doubled term caught', () => {
  const note = [
    'Physics style: $\\mathbf{r}, \\mathbf{p} \\in \\mathbb{R}^3$ and the energy',
    '$E(\\mathbf{r}) = \\tfrac12\\,\\mathbf{r}\\cdot\\mathbf{r} + \\mathbf{p}\\cdot\\mathbf{r}$.',
    '',
    '$$\\nabla_{\\mathbf r} E = \\mathbf{r} + \\mathbf{p}$$',
    '$$\\nabla_{\\mathbf r} E = 2\\mathbf{r} + \\mathbf{p}$$',
  ].join('\n');
  const all = findings(note);
  assert.ok(!all.some((f) => f.verdict === 'shape-error'), all.map((f) => f.message).join('\n'));
  const [right, wrong] = all.filter((f) => f.kind === 'gradient');
  assert.equal(right.verdict, 'ok', right.message);
  assert.equal(wrong.verdict, 'mismatch', wrong.message);
});

test('plain declared vectors u · v: a scalar whose gradient is v; 3 · u · v scales', () => {
  const note =
    'Let $u, v \\in \\mathbb{R}^n$ and $f(u) = u \\cdot v$, $k(u) = 3 \\cdot u\\cdot v$.\n\n$$\\nabla_u f = v$$\n$$\\nabla_u k = 3v$$\n$$\\nabla_u k = v$$\n';
  const [f, k, wrong] = gradients(note);
  assert.equal(f.verdict, 'ok', f.message);
  assert.equal(k.verdict, 'ok', k.message);
  assert.equal(wrong.verdict, 'mismatch', wrong.message);
  assert.match(wrong.message, /factor|times/);
});

test('a dot product of vectors of different lengths names both shapes', () => {
  const [error] = findings(
    'Mismatched: $a \\in \\mathbb{R}^n$, $b \\in \\mathbb{R}^m$, $s = a \\cdot b$.',
  ).filter((f) => f.verdict === 'shape-error');
  assert.ok(error);
  assert.match(
    error.message,
    /dot product needs vectors of one length, but a \(n×1, declared on line 1\) and b \(m×1/,
  );
});

test('\\cdot with a scalar or between matrices is still a product', () => {
  const scalar = gradients(
    '$c \\in \\mathbb{R}$, $q(x) = c \\cdot x^T x$, $\\nabla_x q = 2c \\cdot x$.',
  );
  assert.equal(scalar[0].verdict, 'ok', scalar[0].message);
  const matrices = gradients(
    '$A, B \\in \\mathbb{R}^{n\\times n}$ and $\\nabla_A \\operatorname{tr}(A\\cdot B) = B^T$, $\\nabla_A \\operatorname{tr}(A\\cdot B) = B$.',
  );
  assert.equal(matrices[0].verdict, 'ok', matrices[0].message);
  assert.equal(matrices[1].verdict, 'mismatch', matrices[1].message);
  assert.match(matrices[1].message, /transpose/);
});

test('⟨u, v⟩ and ⟨A, B⟩ are inner products', () => {
  const note =
    '$$g(u) = \\langle u, v \\rangle$$ with $u, v \\in \\mathbb{R}^n$, and $$h(A) = \\left\\langle A, B\\right\\rangle$$ with $A, B \\in \\mathbb{R}^{m\\times n}$.\n\n$$\\nabla_u g = v$$\n$$\\nabla_A h = B$$\n$$\\nabla_A h = B^T$$\n';
  const [g, h, wrong] = gradients(note);
  assert.equal(g.verdict, 'ok', g.message);
  assert.equal(h.verdict, 'ok', h.message);
  assert.equal(wrong.verdict, 'shape-error', wrong.message);
});

test('w · x_i under a sum with w a vector makes x_i a data vector; c · a_i with a scalar c does not', () => {
  const note =
    'Let $w \\in \\mathbb{R}^d$.\n\n$$L(w) = \\sum_{i=1}^n (y_i - w \\cdot x_i)^2$$\n\n$$\\nabla_w L = -2\\sum_{i=1}^n (y_i - w\\cdot x_i)\\, x_i$$\n\n$$\\nabla_w L = -2\\sum_{i=1}^n (y_i - w\\cdot x_i)\\, w$$\n';
  assert.deepEqual(
    gradients(note).map((f) => f.verdict),
    ['ok', 'mismatch'],
  );
  const scalar = findings(
    '$c \\in \\mathbb{R}$, $g(c) = \\sum_{i=1}^n c \\cdot a_i$, $\\nabla_c g = \\sum_{i=1}^n a_i$.',
  );
  assert.match(scalar.find((f) => f.kind === 'definition')!.message, /g\(c\) defined: scalar/);
  assert.equal(scalar.find((f) => f.kind === 'gradient')!.verdict, 'ok');
});

// Indexed families of vectors in sums: x_i as the i-th data point (not the i-th entry of x),
// declared or read from its use, sampled member by member so a sum over them is really checked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';

function findings(text: string) {
  return analyzeDocument({ uri: 'note.md', version: 1, language: 'markdown', text }).findings;
}

function gradients(text: string) {
  return findings(text).filter((f) => f.kind === 'gradient');
}

test('least squares over samples x_i declared in prose: right gradient ok, sign and factor caught', () => {
  const note = [
    '# Least squares by hand',
    '',
    'We have samples $(x_i, y_i)$ where $x_i \\in \\mathbb{R}^d$ and $y_i\\in\\mathbb R$, and weights $w \\in \\mathbb{R}^d$.',
    '',
    '$$L(w) = \\sum_{i=1}^n (y_i - w^T x_i)^2$$',
    '',
    'Differentiating term by term:',
    '$$\\nabla_w L = -2\\sum_{i=1}^n (y_i - w^T x_i) x_i$$',
    '',
    'My first try forgot the minus sign',
    '$$\\nabla_w L = 2\\sum_{i=1}^n (y_i - w^T x_i)\\, x_i$$',
    'and then the factor:',
    '$$\\nabla_w L = -\\sum_{i} (y_i - w^T x_i) x_i$$',
  ].join('\n');
  const [right, sign, factor] = gradients(note);
  assert.equal(right.verdict, 'ok', right.message);
  assert.match(right.message, /n=\d/);
  assert.equal(sign.verdict, 'mismatch', sign.message);
  assert.match(sign.message, /sign is wrong/);
  assert.equal(factor.verdict, 'mismatch', factor.message);
  assert.match(factor.message, /factor|times/);
});

test('a family read from its use (wᵀx_i) with no declaration: checked, half-factor note ok', () => {
  const note =
    'Let $w \\in \\mathbb{R}^d$.\n\n$$L(w)=\\frac12\\sum_{i=1}^{n}\\left(y_i-w^\\top x_i\\right)^2$$\n\n$$\\nabla_w L = -\\sum_i (y_i - w^\\top x_i)x_i$$\n';
  const [claim] = gradients(note);
  assert.equal(claim.verdict, 'ok', claim.message);
});

test('"x_1, …, x_n ∈ ℝ^d" declares the family; logistic loss with y_i ∈ {−1, 1}', () => {
  const note = [
    'Data points $x_1, \\dots, x_n \\in \\mathbb{R}^d$, labels $y_1,\\ldots,y_n \\in \\{-1, 1\\}$, weights $\\theta\\in\\mathbb R^d$.',
    '',
    '$$J(\\theta) = \\sum_{i=1}^{n} \\log\\left(1 + \\exp(-y_i \\theta^\\top x_i)\\right)$$',
    '',
    '$$\\nabla_\\theta J = -\\sum_{i=1}^n y_i \\sigma(-y_i \\theta^\\top x_i) x_i$$',
    '',
    'A classic slip drops the inner sign:',
    '$$\\nabla_\\theta J = -\\sum_{i=1}^n y_i \\sigma(y_i \\theta^\\top x_i) x_i$$',
  ].join('\n');
  const all = findings(note);
  assert.ok(
    !all.some((f) => f.verdict === 'shape-error' || f.verdict === 'parse-error'),
    all.map((f) => f.message).join('\n'),
  );
  const declaration = all.find((f) => f.kind === 'declaration' && /x₁/.test(f.message));
  assert.ok(declaration, 'the list declares x_1 … x_n');
  assert.match(declaration.message, /d×1/);
  const [right, wrong] = all.filter((f) => f.kind === 'gradient');
  assert.equal(right.verdict, 'ok', right.message);
  assert.equal(wrong.verdict, 'mismatch', wrong.message);
});

test('each member is its own sample: (Σx_i)(Σx_i)ᵀ is not Σ x_i x_iᵀ', () => {
  const note =
    'Let $w\\in\\mathbb{R}^d$ and $f(w) = \\sum_i (w^T x_i)^2$.\n\n$$\\nabla_w f = 2\\sum_i x_i x_i^T w$$\n\n$$\\nabla_w f = 2 \\Big(\\sum_i x_i\\Big)\\Big(\\sum_i x_i\\Big)^T w$$\n';
  const [right, wrong] = gradients(note);
  assert.equal(right.verdict, 'ok', right.message);
  assert.equal(wrong.verdict, 'mismatch', wrong.message);
});

test('a bold family under a sum with no upper limit: the sum runs over the family, not over entries', () => {
  const note =
    'Let $\\mathbf{w}\\in\\mathbb{R}^d$.\n\n$$f(\\mathbf{w}) = \\sum_i (\\mathbf{w}^T\\mathbf{x}_i)^2$$\n\n$$\\nabla_{\\mathbf w} f = 2\\Big(\\sum_i \\mathbf{x}_i\\mathbf{x}_i^T\\Big)\\mathbf{w}$$\n\n$$\\nabla_{\\mathbf w} f = 2\\Big(\\sum_i \\mathbf{x}_i\\Big)\\Big(\\sum_i \\mathbf{x}_i\\Big)^T\\mathbf{w}$$\n';
  const [right, wrong] = gradients(note);
  assert.equal(right.verdict, 'ok', right.message);
  assert.equal(wrong.verdict, 'mismatch', wrong.message);
});

test('x_i stays an entry when x itself is a vector, and y_i wᵀ does not make y a family', () => {
  const entries = gradients(
    'Let $x \\in \\mathbb{R}^n$ and $f(x) = \\sum_i x_i^2$.\n\n$$\\nabla_x f = 2x$$\n',
  );
  assert.equal(entries[0].verdict, 'ok', entries[0].message);
  const weighted = gradients(
    '$w \\in \\mathbb{R}^d$.\n\n$$g(w) = \\sum_{i=1}^n y_i\\, w^T x_i$$\n\n$$\\nabla_w g = \\sum_{i=1}^n y_i x_i$$\n\n$$\\nabla_w g = \\sum_{i=1}^n x_i$$\n',
  );
  assert.equal(weighted[0].verdict, 'ok', weighted[0].message);
  assert.equal(weighted[1].verdict, 'mismatch', weighted[1].message);
});

test('a family declared as a set, \\{x_i\\}_{i=1}^n ⊂ ℝ^d: logistic loss with labels in {0, 1}', () => {
  const note = [
    'Given data $\\{x_i\\}_{i=1}^n \\subset \\mathbb{R}^d$ and labels $y_i \\in \\{0, 1\\}$, the logistic loss is',
    '$$\\mathcal{L}(w) = -\\sum_{i=1}^n \\left[ y_i \\log \\sigma(w^\\top x_i) + (1 - y_i)\\log(1 - \\sigma(w^\\top x_i)) \\right]$$',
    '$$\\nabla_w \\mathcal{L} = \\sum_{i=1}^n (\\sigma(w^\\top x_i) - y_i)\\, x_i$$',
    '$$\\nabla_w \\mathcal{L} = \\sum_{i=1}^n (y_i - \\sigma(w^\\top x_i))\\, x_i$$',
  ].join('\n');
  const all = findings(note);
  assert.match(all[0].message, /x_i: d×1/);
  const [right, wrong] = all.filter((f) => f.kind === 'gradient');
  assert.equal(right.verdict, 'ok', right.message);
  assert.equal(wrong.verdict, 'mismatch', wrong.message);
  assert.match(wrong.message, /sign is wrong/);
});

test('eigenvectors u_k in Σ_k λ_k u_k u_kᵀ are a family; λ_k stays an entry', () => {
  const note =
    '$$A = \\sum_{k=1}^d \\lambda_k u_k u_k^T$$ so $$\\nabla_v\\, v^T\\Big(\\sum_{k=1}^d \\lambda_k u_k u_k^T\\Big) v = 2\\sum_{k=1}^d \\lambda_k u_k u_k^T v$$ and not $$\\nabla_v\\, v^T\\Big(\\sum_{k=1}^d \\lambda_k u_k u_k^T\\Big) v = 2\\sum_{k=1}^d \\lambda_k u_k^T v$$';
  const all = findings(note);
  assert.match(all.find((f) => f.kind === 'definition')!.message, /A defined: (\w)×\1/);
  const [right, wrong] = all.filter((f) => f.kind === 'gradient');
  assert.equal(right.verdict, 'ok', right.message);
  assert.notEqual(wrong.verdict, 'ok', wrong.message);
});

test('a per-sample definition r_i = y_i − wᵀx_i is read under the sum with its index', () => {
  const note = [
    'Let $w \\in \\mathbb{R}^d$ and the residuals $r_i = y_i - w^T x_i$.',
    '',
    '$$L(w) = \\sum_{i=1}^n r_i^2$$',
    '$$\\nabla_w L = -2\\sum_{i=1}^n r_i x_i$$',
    '$$\\nabla_w L = -2\\sum_{i=1}^n (y_i - w^T x_i)\\, x_i$$',
    '$$\\nabla_w L = 2\\sum_{i=1}^n r_i x_i$$',
  ].join('\n');
  const verdicts = gradients(note).map((f) => f.verdict);
  assert.deepEqual(verdicts, ['ok', 'ok', 'mismatch']);
});

test('x_i under Σ_i and x_j under Σ_j are the same family: one shape, one range, the same members', () => {
  const note =
    'Let $x_i \\in \\mathbb{R}^d$ and $w \\in \\mathbb{R}^d$.\n\n$$\\sum_i x_i = \\sum_j x_j$$\n\n$$\\sum_i x_i x_i^T w = \\sum_j (w^T x_j) x_j$$\n\n$$\\sum_i x_i x_i^T w = \\sum_j (w^T x_j) w$$\n';
  const verdicts = findings(note)
    .filter((f) => f.kind === 'equality')
    .map((f) => f.verdict);
  assert.deepEqual(verdicts, ['ok', 'ok', 'mismatch']);
});

test('course-notes style x^{(i)}, y^{(i)} and a subscripted hypothesis h_θ(x) defined first', () => {
  const declared = [
    'Let $\\theta \\in \\mathbb{R}^n$ and training examples $x^{(i)} \\in \\mathbb{R}^n$, $y^{(i)} \\in \\mathbb{R}$.',
    '$$J(\\theta) = \\frac{1}{2m}\\sum_{i=1}^m \\left(\\theta^T x^{(i)} - y^{(i)}\\right)^2$$',
    '$$\\nabla_\\theta J = \\frac{1}{m}\\sum_{i=1}^m \\left(\\theta^T x^{(i)} - y^{(i)}\\right) x^{(i)}$$',
    '$$\\nabla_\\theta J = \\frac{1}{m}\\sum_{i=1}^m \\left(\\theta^T x^{(i)} - y^{(i)}\\right)$$',
  ].join('\n');
  assert.deepEqual(
    gradients(declared).map((f) => f.verdict),
    ['ok', 'shape-error'],
  );
  const hypothesis = [
    'Linear hypothesis $h_\\theta(x) = \\theta^T x$ with $\\theta\\in\\mathbb{R}^{n}$, and',
    '$$J(\\theta) = \\frac{1}{2m}\\sum_{i=1}^m \\left(h_\\theta(x^{(i)}) - y^{(i)}\\right)^2$$',
    '$$\\frac{\\partial J}{\\partial \\theta} = \\frac{1}{m}\\sum_{i=1}^m \\left(h_\\theta(x^{(i)}) - y^{(i)}\\right)x^{(i)}$$',
    '$$\\frac{\\partial J}{\\partial \\theta} = \\frac{1}{m}\\sum_{i=1}^m \\left(h_\\theta(x^{(i)}) - y^{(i)}\\right)x^{(i)} + \\theta$$',
  ].join('\n');
  const [right, wrong] = gradients(hypothesis);
  assert.equal(right.verdict, 'ok', right.message);
  assert.equal(wrong.verdict, 'mismatch', wrong.message);
});

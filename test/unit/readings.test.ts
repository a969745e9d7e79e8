// How common but ambiguous writing is read: each case here was once read wrongly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';

function claimsOf(text: string) {
  return analyzeDocument({ uri: 't.md', version: 1, language: 'markdown', text }).findings.filter(
    (f) => f.kind !== 'declaration' && f.kind !== 'definition',
  );
}

test('juxtaposition binds tighter than ⊘ and ⊙: A ⊘ WH is A ⊘ (WH), y ⊙ Xw is y ⊙ (Xw)', () => {
  const [nmf] = claimsOf(
    '$$\\frac{\\partial}{\\partial W}\\sum_{i,j} A \\oslash WH = -\\frac{A}{(WH)\\odot(WH)}H^T$$',
  );
  assert.equal(nmf.verdict, 'ok', nmf.message);
  const [logistic] = claimsOf(
    '$$\\nabla_{\\mathbf{w}} \\mathbf{1}^T\\log(1+\\exp(-\\mathbf{y}\\odot X\\mathbf{w})) = -X^T(\\mathbf{y}\\odot\\sigma(-\\mathbf{y}\\odot X\\mathbf{w}))$$',
  );
  assert.equal(logistic.verdict, 'ok', logistic.message);
});

test('1/2 x reads as x/2, not 1/(2x)', () => {
  const [claim] = claimsOf('$$ \\frac{1}{2} x^T x = 1/2 x^T x $$');
  assert.equal(claim.verdict, 'ok', claim.message);
});

test('d \\log\\det X with a space is still a differential', () => {
  const [claim] = claimsOf('$$d \\log\\det X = \\operatorname{tr}(X^{-1}dX)$$');
  assert.equal(claim.kind, 'differential');
  assert.equal(claim.verdict, 'ok', claim.message);
});

test('a plain x used as a vector stays a vector: 2xA is a shape error, not an n×n x', () => {
  const [claim] = claimsOf('$$\\frac{\\partial}{\\partial x}\\, x^T A x = 2xA$$');
  assert.equal(claim.verdict, 'shape-error');
  assert.match(claim.message, /cannot multiply 2x \(m×1\) by A/);
});

test('an unsized I, 𝟏 takes the size the claim needs', () => {
  const [trace] = claimsOf('$$ \\nabla_X \\operatorname{tr}(X) = I $$');
  assert.equal(trace.verdict, 'ok', trace.message);
  const [ones] = claimsOf('$$\\frac{\\partial}{\\partial W}\\sum_{i,j} WH = \\mathbf{1}H^T$$');
  assert.equal(ones.verdict, 'ok', ones.message);
});

test('unknown sizes are not named like sizes the note writes (𝟏_m 𝟏_nᵀ against X)', () => {
  const [claim] = claimsOf(
    '$$\\frac{\\partial}{\\partial X}\\sum_{i,j} X = \\mathbf{1}_m\\mathbf{1}_n^T$$',
  );
  assert.doesNotMatch(claim.message, /m×n, but X is m×n/);
});

test('an equation to solve set off by a blank line: the sentence before it still says so, unless it ended', () => {
  const lead = 'Least squares.\n\nSetting the gradient to zero gives\n\n$$X^T X w = X^T y$$\n';
  assert.equal(claimsOf(lead)[0].verdict, 'skipped');
  const ended = 'Setting the gradient to zero is the usual route.\n\n$$X^T X w = X^T y$$\n';
  const [alone] = claimsOf(ended);
  // a finished sentence does not lead into the display; y, on one side only and never said,
  // still makes it no identity to check (and never an error)
  assert.notEqual(alone.verdict, 'skipped', 'a finished sentence does not lead into the display');
  assert.deepEqual(alone.diagnosisDetail, { kind: 'one-sided', names: ['y'] });
});

test('symmetry said in words or as S = Sᵀ makes the matrix symmetric (not a definition, not a claim)', () => {
  const forms = [
    'For symmetric $A$: $\\nabla_x x^T A x = 2Ax$.',
    'Here $A$ is symmetric, so $\\nabla_x x^T A x = 2Ax$.',
    'With $A$ symmetric positive definite, $\\nabla_x x^T A x = 2Ax$.',
    'Let $A$ be a symmetric matrix. Then $\\nabla_x x^T A x = 2Ax$.',
    'Since $B$ and $A$ are symmetric, $\\nabla_x x^T A x = 2Ax$.',
    'where $A$ is the (symmetric) covariance: $\\nabla_x x^T A x = 2Ax$.',
    'Where $A = A^T$, $$\\nabla_x x^T A x = 2Ax.$$',
    'Where $A^\\top = A$, $$\\nabla_x x^T A x = 2Ax.$$',
  ];
  for (const text of forms) {
    const found = analyzeDocument({ uri: 't.md', version: 1, language: 'markdown', text }).findings;
    const gradient = found.find((f) => f.kind === 'gradient');
    assert.equal(gradient?.verdict, 'ok', `${text}: ${gradient?.message}`);
    assert.ok(!found.some((f) => f.kind === 'definition'), `${text}: A = Aᵀ is not a definition`);
  }
  // Words about something else do not count.
  for (const text of [
    'The symmetric part of $A$ is not used: $\\nabla_x x^T A x = 2Ax$.',
    '$A$ is not symmetric: $\\nabla_x x^T A x = 2Ax$.',
  ]) {
    const [gradient] = claimsOf(text);
    assert.equal(gradient.verdict, 'mismatch', text);
  }
});

test('a claim right only for a symmetric matrix the note never called symmetric says so', () => {
  const [claim] = claimsOf('$$\\nabla_x \\, x^T A x = 2Ax$$');
  assert.equal(claim.verdict, 'mismatch');
  assert.equal(claim.diagnosis, 'assumes-symmetric');
  assert.match(claim.message, /holds only if A is symmetric/);
  // Through a definition, and not for a claim that is wrong either way.
  const [, viaDefinition] = claimsOf('$f(x) = x^T B x + c^T x$ so $\\nabla f = 2Bx + c$.').length
    ? [undefined, claimsOf('$f(x) = x^T B x + c^T x$ so $\\nabla f = 2Bx + c$.')[0]]
    : [];
  assert.equal(viaDefinition?.diagnosis, 'assumes-symmetric', viaDefinition?.message);
  const [wrong] = claimsOf('$$\\nabla_x \\, x^T C x = 3Cx$$');
  assert.equal(wrong.verdict, 'mismatch');
  assert.notEqual(wrong.diagnosis, 'assumes-symmetric');
});

test("σ'(Z) and tanh'(z) are the derivatives of the elementwise functions, as backprop notes write them", () => {
  const note = (claim: string) =>
    [
      'Forward: $Z = XW$, $A = \\sigma(Z)$, $L = \\frac{1}{2}\\|A - Y\\|_F^2$ with $X \\in \\mathbb{R}^{N \\times D}$, $W \\in \\mathbb{R}^{D \\times H}$, $Y \\in \\mathbb{R}^{N\\times H}$.',
      "Let $\\delta = (A - Y) \\odot \\sigma'(Z)$. Then",
      `$$${claim}$$`,
    ].join('\n\n');
  const [right] = claimsOf(note('\\frac{\\partial L}{\\partial W} = X^T \\delta'));
  assert.equal(right.verdict, 'ok', right.message);
  const [wrong] = claimsOf(note('\\frac{\\partial L}{\\partial W} = X^T (A - Y)'));
  assert.equal(wrong.verdict, 'mismatch', "forgetting σ' is caught");
  const [tanh] = claimsOf("$$\\nabla_z \\, \\mathbf{1}^T \\tanh(z) = \\tanh'(z)$$");
  assert.equal(tanh.verdict, 'ok', tanh.message);
  const [relu] = claimsOf("$$\\nabla_z \\, \\mathbf{1}^T \\relu(z) = \\relu'(z)$$");
  assert.equal(relu.verdict, 'unsupported');
  assert.match(relu.message, /not differentiable at 0/);
  const [unknown] = claimsOf("$$g'(x) = 2x$$");
  assert.equal(unknown.verdict, 'unsupported', 'a prime on an unknown function stays unsupported');
});

test('𝟏ᵀ f(z) sums the entries: a plain z under it is a vector', () => {
  const [sigmoid] = claimsOf(
    '$$\\nabla_z \\, \\mathbf{1}^T\\sigma(z) = \\sigma(z)\\odot(1-\\sigma(z))$$',
  );
  assert.equal(sigmoid.verdict, 'ok', sigmoid.message);
  assert.match(sigmoid.message, /sizes m=\d/);
  const [wrong] = claimsOf('$$\\nabla_z \\, \\mathbf{1}^T\\sigma(z) = \\sigma(z)$$');
  assert.equal(wrong.verdict, 'mismatch');
});

test('index ranges, label sets and tuples are notation: no definitions of i, no shape errors', () => {
  const all = (text: string) =>
    analyzeDocument({ uri: 't.md', version: 1, language: 'markdown', text }).findings;
  const list = all('Let $x_i \\in \\mathbb{R}^d$, $y_i \\in \\{0, 1\\}$ for $i = 1, \\dots, n$.');
  assert.ok(
    !list.some((f) => f.kind === 'definition'),
    `i = 1 in a range is not a definition: ${list.map((f) => f.message).join(' | ')}`,
  );
  const labels = list.find((f) => f.message.startsWith('y_i'));
  assert.equal(labels?.kind, 'declaration');
  assert.match(labels!.message, /scalar/);
  const [tuple] = all('Parameters $\\theta = (W, b)$ and a set $S = \\{1, 2\\}$.').filter(
    (f) => f.verdict !== 'skipped',
  );
  assert.equal(tuple, undefined, 'a tuple or a set is skipped, never a shape error');
  // A lone definition i = 1 outside a list is still read as one.
  assert.ok(all('Take $i = 1$.').some((f) => f.kind === 'definition'));
});

test('softmax cross-entropy as written: a one-hot label in words, ∂L/∂s of a defined intermediate, "= 0" conditions', () => {
  const note = [
    'Scores $s = W x$ where $W \\in \\mathbb{R}^{K \\times d}$, $x \\in \\mathbb{R}^d$, probabilities $p = \\operatorname{softmax}(s)$, and the loss for a one-hot label $y$ is $L = -y^\\top \\log p$.',
    'The gradient w.r.t. the scores is $\\frac{\\partial L}{\\partial s} = p - y$ (using $\\mathbf{1}^\\top y = 1$), hence',
    '$$\\frac{\\partial L}{\\partial W} = (p - y) x^\\top.$$',
  ].join('\n\n');
  const found = claimsOf(note);
  const scores = found.find((f) => f.kind === 'gradient' && f.latex.includes('\\partial s'));
  assert.equal(
    scores?.verdict,
    'ok',
    `∂L/∂s with s = Wx treated as the variable: ${scores?.message}`,
  );
  const weights = found.find((f) => f.kind === 'gradient' && f.latex.includes('\\partial W'));
  assert.equal(weights?.verdict, 'ok', weights?.message);
  const sum = found.find((f) => f.kind === 'equality');
  assert.notEqual(sum?.verdict, 'mismatch', 'a one-hot y sums to 1');
  const [wrong] = claimsOf(note.replace('= p - y$', '= y - p$')).filter((f) =>
    f.latex.includes('\\partial s'),
  );
  assert.equal(wrong.verdict, 'mismatch');
  assert.equal(wrong.diagnosis, 'sign');

  const stationarity = claimsOf(
    '$\\mathcal{L}(w, \\lambda) = w^\\top A w - \\lambda(w^\\top w - 1)$ gives $$\\nabla_w \\mathcal{L} = (A + A^T) w - 2\\lambda w = 0.$$',
  );
  assert.equal(stationarity[0].verdict, 'ok', stationarity[0].message);
  assert.equal(stationarity[1].verdict, 'skipped');
  assert.match(stationarity[1].message, /condition to solve/);
});

test('∇² is the Hessian: checked against central differences of the autodiff gradient', () => {
  const [quadratic] = claimsOf('$$\\nabla^2_w \\|Xw - y\\|^2 = 2X^TX$$');
  assert.equal(quadratic.verdict, 'ok', quadratic.message);
  assert.match(quadratic.message, /matches the Hessian/);
  const [half] = claimsOf('$$\\nabla^2_w \\|Xw - y\\|^2 = X^TX$$');
  assert.equal(half.verdict, 'mismatch');
  assert.equal(half.diagnosis, 'factor');
  const [logistic] = claimsOf(
    '$$\\nabla^2_w \\mathbf{1}^T\\log(1+\\exp(X w)) = X^T \\operatorname{diag}(\\sigma(Xw)\\odot(1-\\sigma(Xw))) X$$',
  );
  assert.equal(logistic.verdict, 'ok', logistic.message);
  const found = claimsOf(
    'For $f(x) = \\frac12 x^T Q x - b^T x$ with $Q$ symmetric, $\\nabla f(x) = Qx - b$ and $\\nabla^2 f(x) = Q$.',
  );
  assert.deepEqual(
    found.map((f) => f.verdict),
    ['ok', 'ok'],
    found.map((f) => f.message).join(' | '),
  );
  const [matrix] = claimsOf('$$\\nabla^2_X \\operatorname{tr}(X^TX) = 2I$$');
  assert.equal(matrix.verdict, 'unsupported', 'a Hessian by a matrix is a 4-tensor');
  const [cubic] = claimsOf('$$\\nabla^3_w \\|w\\|^2 = 0$$');
  assert.equal(cubic.verdict, 'unsupported');
});

test("a function's signature (f: ℝ^{m×n} → ℝ, x ↦ Ax) is notation, not a shape error", () => {
  const found = analyzeDocument({
    uri: 't.md',
    version: 1,
    language: 'markdown',
    text: 'For $f:\\mathbb{R}^{m\\times n}\\to\\mathbb{R}$ and the map $x \\mapsto Ax$, nothing to check.',
  }).findings;
  assert.deepEqual(
    found.filter((f) => f.verdict !== 'ok' && f.verdict !== 'skipped'),
    [],
  );
});

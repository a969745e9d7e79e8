// Notes written the way people write them (Math.SE answers, lecture notes, blog posts, ML
// appendices, a Jupyter homework), each with correct claims and some planted mistakes.
// Every correct claim must be checked ok, every planted mistake caught (with its diagnosis
// where it is a sign, factor, transpose or term), and nothing else may be an error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { languageOfPath } from '../../src/core/document';
import type { Finding } from '../../src/core/report';

const DIR = join(__dirname, '..', 'fixtures', 'realistic');

/** Positions are 1-based line:column, as the CLI prints them. */
type Planted = [line: number, column: number, verdict: Finding['verdict'], diagnosis?: string];

interface Expectation {
  /** Correct claims (gradient, equality step, differential): each must be ok. */
  ok: string[];
  /** The planted mistakes: exactly these are errors. */
  errors: Planted[];
}

const NOTES: Record<string, Expectation> = {
  // Math.SE least squares; 12: +b for −b, 14: the 2 forgotten; 16: normal equations (skipped)
  '01-mse-least-squares.md': {
    ok: ['7:17', '10:25'],
    errors: [
      [12, 70, 'mismatch'],
      [14, 56, 'mismatch', 'factor'],
    ],
  },
  // \bm, \mathrm{d}, aligned; 20: X where Xᵀ belongs, and the prose's own Xᵀw (which the author says does not typecheck)
  '02-ridge-differentials.md': {
    ok: ['13:24', '14:2', '18:35'],
    errors: [
      [20, 59, 'shape-error'],
      [20, 142, 'shape-error'],
    ],
  },
  // Gaussian NLL, Σ ∈ 𝕊₊₊, Mahalanobis Δ² = …; 14: the sign of the log-likelihood's gradient
  '03-gaussian-mle.md': {
    ok: ['10:49', '12:41', '16:143'],
    errors: [[14, 71, 'mismatch', 'sign']],
  },
  // softmax cross-entropy with a one-hot label; 14: y − p for p − y
  '04-softmax-xent.md': { ok: ['8:33', '10:45', '11:63'], errors: [[14, 63, 'mismatch', 'sign']] },
  // batched dense layer Y = XW + 𝟏bᵀ, shapes in prose with d_{in}; 13: GᵀX for XᵀG
  '05-linear-layer.md': {
    ok: ['9:33', '9:81', '9:138'],
    errors: [[13, 91, 'shape-error', 'transpose']],
  },
  // attention scores QKᵀ/√d; 11: GQ for GᵀQ
  '06-attention.md': { ok: ['9:33', '9:96'], errors: [[11, 61, 'shape-error']] },
  // matrix factorization with Frobenius regularizers; 12: (R − UVᵀ)U, 14: factor 2 dropped
  '07-matrix-factorization.md': {
    ok: ['9:14', '10:14'],
    errors: [
      [12, 58, 'shape-error'],
      [14, 37, 'mismatch', 'factor'],
    ],
  },
  // LaTeX, \newcommand{\tr}, s.t. constraints; 22: factor 2 dropped, 28: tr(XᵀXWᵀW)
  '08-pca-trace.tex': {
    ok: ['14:65', '26:27', '27:28'],
    errors: [
      [22, 65, 'mismatch', 'factor'],
      [28, 34, 'shape-error'],
    ],
  },
  // GP log marginal likelihood, log p(y | K) = …; 14: the data-fit term's sign
  '09-gp-marginal.md': {
    ok: ['7:27', '7:82', '9:109', '11:90'],
    errors: [[14, 109, 'mismatch', 'term-sign']],
  },
  // lecture notes with \dd, \mat{#1}, \DeclareMathOperator{\Tr}; 21: second step drops a Y⁻¹
  '10-lecture-chain-rule.tex': {
    ok: ['8:8', '9:8', '11:23', '11:44', '15:7', '15:56', '17:26', '21:7'],
    errors: [[21, 54, 'mismatch']],
  },
  // Jupyter homework, logistic regression; 30: the student's sign
  '11-homework.ipynb': { ok: ['13:46'], errors: [[30, 43, 'mismatch', 'sign']] },
  // ⟨·,·⟩ identities in a bullet list; 8: X for A
  '12-frobenius-inner.md': {
    ok: ['1:81', '5:33', '6:23', '7:29', '12:72'],
    errors: [[8, 36, 'mismatch']],
  },
  // econometrics primes, "A a symmetric k×k matrix"; 11: X'X'β, 13: 2Bx for a general B
  '13-econ-quadratic.md': {
    ok: ['3:38', '7:38', '10:37'],
    errors: [
      [11, 67, 'shape-error'],
      [13, 61, 'mismatch', 'assumes-symmetric'],
    ],
  },
  // MLP backprop with \newcommand inside $$ and tanh²; 14: tanh' forgotten
  '14-mlp-backprop.md': { ok: ['9:35', '11:35'], errors: [[14, 35, 'mismatch']] },
  // trace trick with split; 16: (XᵀX)⁻¹Xᵀ, the transpose
  '15-trace-tricks.md': {
    ok: ['6:3', '7:3', '11:96', '13:76'],
    errors: [[16, 76, 'shape-error', 'transpose']],
  },
  // plain x_n as the rows of X, N a count, w · w; 17: the data term's sign, 19: 2λw for λw
  '16-ridge-by-samples.md': {
    ok: ['9:14', '12:41', '14:16', '21:30', '25:17'],
    errors: [
      [17, 14, 'mismatch', 'term-sign'],
      [19, 67, 'mismatch'],
    ],
  },
  // bold family with \cdot, K clusters, pasted 𝐀 𝛍 ᵀ; 9: sign, 14: 2𝐀𝛍 for a general 𝐀, 17: s declared d-vector defined as Cμ
  '17-kmeans-dot-unicode.md': {
    ok: ['8:29', '12:102', '14:72'],
    errors: [
      [9, 72, 'mismatch', 'sign'],
      [14, 101, 'mismatch'],
      [17, 7, 'shape-error'],
    ],
  },
};

function analyze(file: string): Finding[] {
  const language = languageOfPath(file);
  assert.ok(language, file);
  return analyzeDocument({
    uri: file,
    version: 1,
    language,
    text: readFileSync(join(DIR, file), 'utf8'),
  }).findings;
}

const at = (f: Finding) => `${f.range.start.line + 1}:${f.range.start.character + 1}`;

for (const [file, expected] of Object.entries(NOTES)) {
  test(`realistic note ${file}`, () => {
    const findings = analyze(file);
    for (const position of expected.ok) {
      const claim = findings.find(
        (f) =>
          at(f) === position &&
          (f.kind === 'gradient' || f.kind === 'equality' || f.kind === 'differential'),
      );
      assert.ok(claim, `no claim at ${position}`);
      assert.equal(claim.verdict, 'ok', `${position}: ${claim.message}`);
    }
    const errors = findings.filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => at(f)),
      expected.errors.map(([line, column]) => `${line}:${column}`),
      errors.map((f) => `${at(f)} ${f.message}`).join('\n'),
    );
    expected.errors.forEach(([, , verdict, diagnosis], i) => {
      assert.equal(errors[i].verdict, verdict, errors[i].message);
      if (diagnosis) assert.equal(errors[i].diagnosis, diagnosis, errors[i].message);
    });
  });
}

// The readings these notes needed, one by one.
function claimsOf(text: string): Finding[] {
  return analyzeDocument({ uri: 't.md', version: 1, language: 'markdown', text }).findings;
}
const errorsOf = (text: string) => claimsOf(text).filter((f) => f.severity === 'error');

test('prose sizes: "$X$ is $B\\times d_{in}$", "$A$ a symmetric $k\\times k$ matrix", "is the $m\\times n$ design matrix"', () => {
  const sym = claimsOf(
    "Let $x$ be a $k\\times 1$ vector and $A$ a symmetric $k\\times k$ matrix.\n\n$$\\frac{\\partial (x'Ax)}{\\partial x} = 2Ax$$",
  );
  assert.equal(sym.find((f) => f.kind === 'gradient')?.verdict, 'ok');
  const sub = claimsOf(
    'Batch $X$ is $B\\times d_{in}$ and $W\\in\\mathbb{R}^{d_{in}\\times d_{out}}$.\n\n$$\\frac{\\partial}{\\partial W}\\operatorname{tr}(\\mathbf{1}^T XW\\mathbf{1}) = X^T\\mathbf{1}\\mathbf{1}^T$$',
  );
  assert.match(sub.find((f) => f.kind === 'gradient')!.message, /B=/);
  const the = claimsOf(
    'where $X$ is the $m \\times n$ design matrix.\n\n$$\\nabla_\\theta \\|X\\theta\\|^2 = 2X^TX\\theta$$',
  );
  assert.match(the.find((f) => f.kind === 'gradient')!.message, /m=.*n=|n=.*m=/);
});

test('placeholders, distributions and index ranges are notation, not errors', () => {
  assert.deepEqual(
    claimsOf('$\\|\\cdot\\|_F$, $\\langle\\cdot,\\cdot\\rangle$ and $f(\\cdot)$'),
    [],
  );
  assert.deepEqual(
    errorsOf(
      'with $\\epsilon_i \\sim \\mathcal{N}(0, \\sigma^2)$ for $i = 1, \\ldots, N$ and $\\mathbf{x}_1,\\dots,\\mathbf{x}_N \\in \\mathbb{R}^d$',
    ),
    [],
  );
  const indicator = claimsOf('$G \\odot \\mathbb{1}[Y>0]$');
  assert.deepEqual(
    indicator.map((f) => f.verdict),
    ['unsupported'],
  );
});

test('one-hot labels are sampled one-hot, so ∂L/∂z = p − y holds', () => {
  const text =
    'Logits $z \\in \\mathbb{R}^K$, one-hot label $y\\in\\{0,1\\}^K$, $p = \\operatorname{softmax}(z)$, $L = -y^\\top \\log p$.\n\n$$\\frac{\\partial L}{\\partial z} = p - y$$';
  assert.equal(claimsOf(text).find((f) => f.kind === 'gradient')?.verdict, 'ok');
  // without "one-hot" it is a mistake for a general y
  assert.equal(
    claimsOf(text.replace('one-hot ', '')).find((f) => f.kind === 'gradient')?.verdict,
    'mismatch',
  );
});

test('\\tanh^2(v) squares entrywise', () => {
  const [claim] = claimsOf(
    '$$\\frac{\\partial}{\\partial \\mathbf{v}} \\mathbf{1}^T\\tanh(\\mathbf{v}) = 1 - \\tanh^2(\\mathbf{v})$$',
  );
  assert.equal(claim.verdict, 'ok', claim.message);
});

test('log p(y | K) = … and Δ^2 = … define p and Δ', () => {
  const gp = claimsOf(
    '$K \\in \\mathbb{S}^n_{++}$, $\\mathbf{y}\\in\\mathbb{R}^n$.\n\n$$\\log p(\\mathbf{y}\\mid K) = -\\frac{1}{2}\\mathbf{y}^\\top K^{-1}\\mathbf{y} - \\frac{1}{2}\\log|K|$$\n\n$$\\nabla_K \\log p(\\mathbf{y}\\mid K) = \\frac12 K^{-1}\\mathbf{y}\\mathbf{y}^\\top K^{-1} - \\frac12 K^{-1}$$',
  );
  assert.deepEqual(
    gp.filter((f) => f.kind !== 'declaration').map((f) => f.verdict),
    ['ok', 'ok'],
  );
  const maha = claimsOf(
    '$\\Sigma\\in\\mathbb{S}^d_{++}$, $\\mathbf{x}, \\boldsymbol\\mu \\in \\mathbb{R}^d$, $\\Delta^2 = (\\mathbf{x}-\\boldsymbol\\mu)^\\top\\Sigma^{-1}(\\mathbf{x}-\\boldsymbol\\mu)$ and $\\nabla_{\\mathbf{x}}\\Delta^2 = 2\\Sigma^{-1}(\\mathbf{x}-\\boldsymbol\\mu)$.',
  );
  assert.equal(maha.find((f) => f.kind === 'gradient')?.verdict, 'ok');
});

test('G = ∂L/∂Y before L is defined names a variable (the upstream gradient)', () => {
  const text =
    '$W \\in \\mathbb{R}^{m\\times n}$, $X \\in \\mathbb{R}^{B\\times m}$, $Y = XW$, $G = \\partial L/\\partial Y$, $L = \\operatorname{tr}(G^\\top Y)$.\n\n$$\\frac{\\partial L}{\\partial W} = X^\\top G$$';
  assert.equal(claimsOf(text).find((f) => f.kind === 'gradient')?.verdict, 'ok');
});

test('relations between sizes and conditions are not identities', () => {
  const sizes = claimsOf('$X \\in \\mathbb{R}^{N\\times D}$: this needs $D = N$.');
  assert.deepEqual(
    sizes.filter((f) => f.kind !== 'declaration').map((f) => f.verdict),
    ['skipped'],
  );
  const condition = claimsOf(
    '$W\\in\\mathbb{R}^{D\\times K}$ with $W^\\top W = I$, and $\\max_W f(W) \\quad \\text{s.t.} \\quad W^\\top W = I_K$',
  );
  assert.deepEqual(
    condition.filter((f) => f.severity === 'error'),
    [],
  );
});

test('a gradient with the transposed shape is diagnosed as a transpose', () => {
  const [, claim] = claimsOf(
    '$X \\in \\mathbb{R}^{n\\times p}$\n\n$$\\nabla_X \\operatorname{tr}(AX) = A$$',
  );
  assert.equal(claim.verdict, 'shape-error');
  assert.equal(claim.diagnosis, 'transpose');
});

test('the upper limit of a sum is a count: 1/N Σ_{n=1}^N x_n x_nᵀ is a symmetric matrix, N a scalar', () => {
  const text =
    'For $\\mathbf{S} = \\frac{1}{N}\\sum_{n=1}^N (\\mathbf{x}_n - \\bar{\\mathbf{x}})(\\mathbf{x}_n - \\bar{\\mathbf{x}})^\\top$:\n\n$$\\mathcal{L}(\\mathbf{u}, \\lambda) = \\mathbf{u}^\\top \\mathbf{S}\\mathbf{u} + \\lambda(1 - \\mathbf{u}^\\top\\mathbf{u})$$\n$$\\frac{\\partial \\mathcal{L}}{\\partial \\mathbf{u}} = 2\\mathbf{S}\\mathbf{u} - 2\\lambda\\mathbf{u}$$';
  const findings = claimsOf(text);
  assert.match(findings.find((f) => f.kind === 'definition')!.message, /S defined: (\w)×\1/);
  assert.equal(findings.find((f) => f.kind === 'gradient')?.verdict, 'ok');
});

// The spellings people use (issue 11, item 2): each row is a short note in one spelling and the
// verdicts of its claims, in order. A correct claim is ok; a planted mistake is a mismatch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import type { Finding } from '../../src/core/report';

const CLAIMS = new Set<Finding['kind']>(['gradient', 'equality', 'differential']);
const X =
  'Let $X \\in \\mathbb{R}^{n\\times n}$, $A \\in \\mathbb{R}^{m\\times n}$, $B \\in \\mathbb{R}^{m\\times n}$, $x \\in \\mathbb{R}^n$, $M \\in \\mathbb{R}^{n\\times n}$.\n\n';

const ROWS: [spelling: string, note: string, verdicts: Finding['verdict'][]][] = [
  ['||·||_F, two bars', '$$\\frac{\\partial ||AX-B||_F^2}{\\partial X} = 2A^T(AX-B)$$', ['ok']],
  [
    '+ \\text{const}: an unnamed constant in a definition',
    '$\\ell(\\mu) = -\\frac12 \\|x - \\mu\\|^2 + \\text{const}$, so $$\\nabla_\\mu \\ell = x - \\mu$$',
    ['ok'],
  ],
  [
    '+ \\mathrm{const.}, and a planted sign',
    '$\\ell(\\mu) = -\\frac12 \\|x - \\mu\\|^2 + \\text{const.}$, so $$\\nabla_\\mu \\ell = \\mu - x$$',
    ['mismatch'],
  ],
  [
    'with $p = …$ after the claim that uses p',
    '$\\nabla_z \\log\\sum_i e^{z_i} = p$ with $p = \\operatorname{softmax}(z)$.',
    ['ok'],
  ],
  [
    '\\frac1d \\mathbf{1}: an unbraced letter is the whole denominator, not a differential',
    'For $x \\in \\mathbb{R}^d$, $$\\nabla_x \\frac1d \\mathbf{1}^T x = \\frac1d \\mathbf{1}$$',
    ['ok'],
  ],
  [
    '1 - h^2 of a vector h: squared entry by entry',
    '$h = \\tanh(Wx)$ and $$\\frac{\\partial}{\\partial W} \\mathbf{1}^T h = (1 - h^2) x^T$$',
    ['ok'],
  ],
  [
    '1 - h^2 of a vector h, a planted sign',
    '$h = \\tanh(Wx)$ and $$\\frac{\\partial}{\\partial W} \\mathbf{1}^T h = (h^2 - 1) x^T$$',
    ['mismatch'],
  ],
  [
    'Df(x) = 2x^T: the derivative of f at x as its matrix, a row',
    '$f(x) = x^T x$ and $$Df(x) = 2x^T$$',
    ['ok'],
  ],
  ['Df(x), a planted factor', '$f(x) = x^T x$ and $$Df(x) = x^T$$', ['mismatch']],
  [
    "ℓ'(r) after ℓ(r) = …: the derivative of the note's own function",
    "$\\ell(r) = \\sqrt{1 + r^2} - 1$ has $$\\ell'(r) = \\frac{r}{\\sqrt{1 + r^2}}$$",
    ['ok'],
  ],
  [
    "g'(t) after g(t) = …, a planted slip, and $\\tanh$ named in passing",
    "For $\\tanh$ and $g(t) = \\log(1 + e^t)$, $$g'(t) = 1 - \\sigma(t)$$",
    ['mismatch'],
  ],
  [
    'diag(w_1, \\dots, w_n): the diagonal matrix of a listed family',
    '$D = \\operatorname{diag}(w_1, \\dots, w_n)$ and $$\\nabla_x \\, x^T D x = 2Dx$$',
    ['ok'],
  ],
  [
    's(z)_i = …: a function defined entry by entry',
    '$s(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$ and $$\\frac{\\partial s_i}{\\partial z_j} = s_i(\\delta_{ij} - s_j)$$',
    ['ok'],
  ],
  [
    "\\sigma(z)_i = …: the softmax under the sigmoid's letter",
    '$\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$ and $$\\nabla_z \\, (-y^T \\log \\sigma) = \\sigma - y$$ for a one-hot $y$.',
    ['ok'],
  ],
  [
    '\\sigma(z)_i = …, a planted slip in its Jacobian',
    '$\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$ and $$\\frac{\\partial \\sigma_i}{\\partial z_j} = \\sigma_j(\\delta_{ij} - \\sigma_j)$$',
    ['mismatch'],
  ],
  ['||·||^2_F, script order', '$$\\nabla_X ||AX-B||^2_F = 2A^T(AX-B)$$', ['ok']],
  ['||·||_F, a planted factor', '$$\\nabla_X ||AX-B||_F^2 = A^T(AX-B)$$', ['mismatch']],
  ['bars inside bars stay bars', '$$||x_1| - |x_2|| = ||x_2| - |x_1||$$', ['ok']],
  [
    '\\det X \\, Y: a thin space ends the scope',
    '$$\\nabla_X \\det X = \\det X \\, X^{-T}$$',
    ['ok'],
  ],
  [
    '\\log(\\det X)^{-1}: the power inside the log',
    '$$\\nabla_X \\log(\\det X)^{-1} = -X^{-T}$$',
    ['ok'],
  ],
  [
    'd \\, X: a spaced differential',
    '$$d \\, \\operatorname{tr}(X) = \\operatorname{tr}(d \\, X)$$',
    ['ok'],
  ],
  [
    '\\mathbf{1_n}: the size inside the bold group',
    '$$\\nabla_x \\mathbf{1_n}^T x = \\mathbf{1}_n$$',
    ['ok'],
  ],
  [
    '\\mathbf{1}_{n\\times n}: a matrix of ones',
    '$$\\nabla_X \\operatorname{tr}(\\mathbf{1}_{n\\times n} X) = \\mathbf{1}_{n\\times n}$$',
    ['ok'],
  ],
  ["x^*: a mark, x's shape", '$$f(x) = x^T M x$$ so $$\\nabla f(x^*) = (M + M^T) x^*$$', ['ok']],
  [
    'x^-, P^-: marks, not a broken ^-1',
    '$$P^- = M P M^T$$ and, with a prior estimate $x^-$, $$\\nabla_x \\tfrac12 \\|x - x^-\\|^2 = x - x^-$$',
    ['ok'],
  ],
  [
    'x^+: the next iterate, not a pseudo-inverse',
    '$$x^+ = x - \\eta M x$$ and $$\\nabla_x \\tfrac12 \\|x^+\\|^2 = (I - \\eta M)^T x^+$$',
    ['ok'],
  ],
  ['DQ(x)(h): a linear map', '$$Q(x) = x^T M x$$ and $$DQ(x)(h) = x^T(M + M^T)h$$', ['ok']],
  [
    'Df(X)[H]: a linear map in brackets',
    '$$f(X) = \\operatorname{tr}(X^T X)$$ and $$Df(X)[H] = 2\\operatorname{tr}(X^T H)$$',
    ['ok'],
  ],
  [
    '[ΔX ↦ …]: a map literal of the direction ΔX',
    '$$f(X) = \\operatorname{tr}(X^T X)$$ and $$df = [\\Delta X \\mapsto 2\\operatorname{tr}(X^T \\Delta X)]$$',
    ['ok'],
  ],
  [
    '[ΔZ ↦ …] ∘ [ΔX ↦ …]: a composition of maps, a planted sign',
    '$$d\\|X\\|_F^2 = [\\Delta Z \\mapsto 2\\langle X \\mid \\Delta Z \\rangle_F] \\circ [\\Delta X \\mapsto -\\Delta X]$$',
    ['mismatch'],
  ],
  [
    '⟨A ∣ B⟩_F with a bar, and ∆ (U+2206) for Δ',
    '$$d\\|X\\|_F^2 = [{∆X} ⟼ 2⟨X ∣ {∆X}⟩_F]$$',
    ['ok'],
  ],
  [
    'a value against a map: not checked, never a shape error',
    '$$\\frac{\\|X\\|_F^2}{X} = [\\Delta X \\mapsto 2\\langle X \\mid \\Delta X \\rangle_F]$$',
    ['unsupported'],
  ],
  [
    '±: both sign readings hold',
    '$$\\operatorname{tr}(C \\pm D) = \\operatorname{tr}(C) \\pm \\operatorname{tr}(D)$$',
    ['ok'],
  ],
  [
    '±: only the upper reading holds, a mismatch',
    '$$\\operatorname{tr}(C \\pm D) = \\operatorname{tr}(C) + \\operatorname{tr}(D)$$',
    ['mismatch'],
  ],
  ['∓ against ±: both readings hold', '$$(x \\pm y)^T(x \\mp y) = x^T x - y^T y$$', ['ok']],
  ['± in a definition: not read, never half read', '$$C = A \\pm B$$', ['unsupported']],
  [
    'd\\left(⟨A, X⟩\\right): the comma inside ⟨⟩ does not make d a function of two things',
    '$$d\\left(\\langle M, X \\rangle\\right) = \\langle M, dX \\rangle$$',
    ['ok'],
  ],
  [
    'd X with a plain space before a capital: a differential',
    '$$d \\operatorname{tr}(X) = \\operatorname{tr}(d X)$$',
    ['ok'],
  ],
  [
    'n in ½ n log 2π: a number, not a matrix by use',
    '$$\\log p(x \\mid \\mu) = -\\frac{1}{2}n\\log{2\\pi} - \\frac12 \\|x - \\mu\\|^2$$ so $$\\nabla_\\mu \\log p(x \\mid \\mu) = x - \\mu$$',
    ['ok'],
  ],
  [
    'f(X + H) = f(X) + ⟨G, H⟩ + o(‖H‖): a first-order expansion',
    '$$f(X) = \\operatorname{tr}(X^T X)$$ and $$f(X + H) = f(X) + \\langle 2X, H \\rangle + o(\\|H\\|)$$',
    ['ok'],
  ],
  [
    'a first-order expansion with a planted factor',
    '$$f(X) = \\operatorname{tr}(X^T X)$$ and $$f(X + H) = f(X) + \\operatorname{tr}(X^T H) + O(\\|H\\|^2)$$',
    ['mismatch'],
  ],
  [
    '\\underbrace{…}_{=0}: a term the writer says is zero',
    '$$d(CXD) = \\underbrace{(dC)XD}_{=\\mathbf{0}\\text{, for }dC=\\mathbf{0}} + C\\,dX\\,D + \\underbrace{CX\\,dD}_{=0}$$',
    ['ok'],
  ],
  [
    'x^t on a vector: a transpose, and A^t beside it',
    '$$\\frac{\\partial}{\\partial x} x^t M x = (M + M^t) x$$',
    ['ok'],
  ],
  [
    'x^t with a planted mistake',
    '$$\\frac{\\partial}{\\partial x} x^t M x = 2 M^t x$$',
    ['mismatch'],
  ],
  [
    'd x_{11} after a pictured X = [x_{11} …]: the entry of dX',
    '$$Z = \\begin{bmatrix} z_{11} & z_{12} \\\\ z_{21} & z_{22} \\end{bmatrix}, \\quad d\\,\\sin(Z) = \\begin{bmatrix} \\cos(z_{11})\\, d z_{11} & \\cos(z_{12})\\, d z_{12} \\\\ \\cos(z_{21})\\, d z_{21} & \\cos(z_{22})\\, d z_{22} \\end{bmatrix} = \\cos(Z) \\odot dZ$$',
    ['ok', 'ok'],
  ],
  [
    'd x_{12} in the place of d x_{21}: a pictured entry out of place is caught',
    '$$Z = \\begin{bmatrix} z_{11} & z_{12} \\\\ z_{21} & z_{22} \\end{bmatrix}, \\quad d\\,\\sin(Z) = \\begin{bmatrix} \\cos(z_{11})\\, d z_{11} & \\cos(z_{12})\\, d z_{21} \\\\ \\cos(z_{21})\\, d z_{12} & \\cos(z_{22})\\, d z_{22} \\end{bmatrix}$$',
    ['mismatch'],
  ],
  [
    'pictured entries: sin where cos belongs',
    '$$Z = \\begin{bmatrix} z_{11} & z_{12} \\\\ z_{21} & z_{22} \\end{bmatrix}, \\quad \\begin{bmatrix} \\sin(z_{11})\\, d z_{11} & \\sin(z_{12})\\, d z_{12} \\\\ \\sin(z_{21})\\, d z_{21} & \\sin(z_{22})\\, d z_{22} \\end{bmatrix} = \\cos(Z) \\odot dZ$$',
    ['mismatch'],
  ],
  [
    'K^T_k: the transpose of K_k',
    '$$K_k = M$$ and $$\\nabla_x \\tfrac12 \\|K^T_k x\\|^2 = K_k K^T_k x$$',
    ['ok'],
  ],
  [
    'Df(X)[H]: a planted factor',
    '$$f(X) = \\operatorname{tr}(X^T X)$$ and $$Df(X)[H] = \\operatorname{tr}(X^T H)$$',
    ['mismatch'],
  ],
  // pattern matrices: the general entry the written corners share
  [
    '[x_1; \\vdots; x_n]: the vector of its entries',
    '$$\\begin{bmatrix} x_1 \\\\ \\vdots \\\\ x_n \\end{bmatrix} = x$$',
    ['ok'],
  ],
  [
    '[x_1 & x_2 & \\ldots & x_n]: a row, the transpose',
    '$$\\begin{pmatrix} x_1 & x_2 & \\ldots & x_n \\end{pmatrix} = x^T$$',
    ['ok'],
  ],
  [
    '[a_{11} \\cdots a_{1n}; \\vdots \\ddots \\vdots; a_{m1} \\cdots a_{mn}]: A by its lowercase entries',
    '$$\\begin{bmatrix} a_{11} & \\cdots & a_{1n} \\\\ \\vdots & \\ddots & \\vdots \\\\ a_{m1} & \\cdots & a_{mn} \\end{bmatrix}^T = A^T$$',
    ['ok'],
  ],
  [
    'a_{1,1} … a_{m,n}: comma subscripts and blank cells',
    '$$\\begin{bmatrix} a_{1,1} & \\dots & a_{1,n} \\\\ \\vdots & & \\vdots \\\\ a_{m,1} & \\dots & a_{m,n} \\end{bmatrix} = A$$',
    ['ok'],
  ],
  [
    '[\\partial f/\\partial x_1; \\vdots; \\partial f/\\partial x_n]: a gradient entry by entry',
    '$$\\nabla_x x^T M x = \\begin{bmatrix} \\frac{\\partial}{\\partial x_1} x^T M x \\\\ \\vdots \\\\ \\frac{\\partial}{\\partial x_n} x^T M x \\end{bmatrix}$$',
    ['ok'],
  ],
  [
    '[\\sum_j a_{1j} x_j; \\vdots; \\sum_j a_{mj} x_j]: Ax',
    '$$\\begin{bmatrix} \\sum_j a_{1j} x_j \\\\ \\vdots \\\\ \\sum_j a_{mj} x_j \\end{bmatrix} = Ax$$',
    ['ok'],
  ],
  [
    '[\\sum_j a_{1j} x_j; …]: a planted sign',
    '$$\\begin{bmatrix} \\sum_j a_{1j} x_j \\\\ \\vdots \\\\ \\sum_j a_{mj} x_j \\end{bmatrix} = -Ax$$',
    ['mismatch'],
  ],
  [
    'a vmatrix with ellipses: the determinant of the pattern',
    '$$\\begin{vmatrix} m_{11} & \\cdots & m_{1n} \\\\ \\vdots & \\ddots & \\vdots \\\\ m_{n1} & \\cdots & m_{nn} \\end{vmatrix} = \\det M$$',
    ['ok'],
  ],
  [
    'corners that share no general entry: not checked',
    '$$\\begin{bmatrix} x_1 \\\\ \\vdots \\\\ x_n^2 \\end{bmatrix} = x$$',
    ['unsupported'],
  ],
  [
    'x = [x_1 & \\cdots & x_n]^T: a picture of x, not a definition of x by itself',
    '$$x = \\begin{bmatrix} x_1 & \\cdots & x_n \\end{bmatrix}^T$$ so $$\\nabla_x x^T M x = (M + M^T) x$$',
    ['ok'],
  ],
  // lowercase entries of the note's matrices
  [
    '\\partial f/\\partial m_{ij} = 2 m_{ij}: entries of M',
    '$$\\frac{\\partial \\operatorname{tr}(M^T M)}{\\partial m_{ij}} = 2 m_{ij}$$',
    ['ok'],
  ],
  [
    '\\partial f/\\partial m_{ij}: a transpose left out',
    '$$\\frac{\\partial \\operatorname{tr}(M M)}{\\partial m_{ij}} = 2 m_{ij}$$',
    ['mismatch'],
  ],
  [
    'x_{ij} where the note has a vector x of its own: not read as an entry of X, not checked',
    '$$\\frac{\\partial \\operatorname{tr}(X^T X)}{\\partial x_{ij}} = 2 x_{ij}$$',
    ['unsupported'],
  ],
];

for (const [spelling, note, verdicts] of ROWS) {
  test(`spelling: ${spelling}`, () => {
    const { findings } = analyzeDocument(
      { uri: 'mem://spelling.md', version: 1, language: 'markdown', text: X + note },
      { numeric: { draws: 3, seed: 1 } },
    );
    const claims = findings.filter((f) => CLAIMS.has(f.kind));
    // and nothing else in the note is an error: not a definition, not an expression
    const errors = findings.filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => f.verdict),
      verdicts.filter((v) => v === 'mismatch' || v === 'shape-error'),
      errors.map((f) => f.message).join('\n'),
    );
    assert.deepEqual(
      claims.map((f) => f.verdict),
      verdicts,
      claims.map((f) => `${f.verdict}: ${f.message}`).join('\n'),
    );
  });
}

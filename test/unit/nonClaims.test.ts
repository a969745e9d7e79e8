// What is not a claim: definitions of new names, model equations, constraints, equations to
// solve, update rules, expectations and distributions, functions the note defines, placeholders,
// argmin/min, letters reused with another meaning, prose-style math. None of these may put an
// error or a warning in the Problems panel (issue "Quiet unless sure", item 1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import type { DocumentLanguage } from '../../src/core/document';
import { isProblem, levelOf } from '../../src/core/levels';

interface Row {
  /** What kind of non-claim it is. */
  what: string;
  text: string;
  language?: DocumentLanguage;
  /** Why the row cannot pass yet (a node:test todo). */
  todo?: string;
}

const ROWS: Row[] = [
  // definitions of new names
  { what: 'loss defined', text: 'We define the loss $L(w) = \\|Xw - y\\|^2$.' },
  { what: 'residual named', text: 'Let $r = y - Xw$ denote the residual.' },
  { what: 'coloneq definition', text: 'Write $A := X^T X + \\lambda I$ for short.' },
  { what: 'triangleq', text: '$$ S \\triangleq \\frac{1}{n} X^T X $$' },
  {
    what: 'equiv definition',
    text: 'Here $g \\equiv \\nabla f(x)$ is the gradient at the current point.',
  },
  { what: 'stacked matrix', text: 'Stack the inputs as rows: $X = [x_1, \\ldots, x_n]^T$.' },
  {
    what: 'centering matrix',
    text: 'The centering matrix is $H = I - \\frac{1}{n}\\mathbf{1}\\mathbf{1}^T$.',
  },
  { what: 'sigmoid defined', text: 'The sigmoid is $\\sigma(z) = \\frac{1}{1 + e^{-z}}$.' },
  {
    what: 'softmax defined',
    text: 'with $\\operatorname{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$.',
  },
  { what: 'precision', text: 'Let $\\Lambda = \\Sigma^{-1}$ be the precision matrix.' },
  { what: 'error term', text: 'Define $e_i = y_i - w^T x_i$ for each sample.' },
  {
    what: 'objective in display',
    text: 'The objective is\n\n$$J(\\theta) = \\frac{1}{2m}\\sum_{i=1}^m (h_\\theta(x_i) - y_i)^2$$\n',
  },
  { what: 'kernel matrix entries', text: 'Form the Gram matrix $K_{ij} = k(x_i, x_j)$.' },
  {
    what: 'hat matrix',
    text: 'The hat matrix $P = X(X^TX)^{-1}X^T$ projects onto the column space.',
  },
  { what: 'scalar product name', text: 'Let $z = w^T x + b$ be the logit.' },

  // model equations
  { what: 'linear model', text: 'Our model is $y = Xw + \\varepsilon$.' },
  {
    what: 'linear model display',
    text: 'Assume the data follow\n\n$$ \\mathbf{y} = \\mathbf{X}\\boldsymbol{\\beta} + \\boldsymbol{\\epsilon} $$\n',
  },
  {
    what: 'hidden layer',
    text: 'The hidden layer computes $\\mathbf{h} = \\sigma(W\\mathbf{x} + \\mathbf{b})$.',
  },
  { what: 'two layers', text: 'The network is $\\hat y = W_2 \\tanh(W_1 x + b_1) + b_2$.' },
  { what: 'state space', text: 'The state evolves as $x_{t+1} = A x_t + B u_t + w_t$.' },
  { what: 'observation', text: 'and we observe $y_t = C x_t + v_t$.' },
  { what: 'logistic model', text: 'In logistic regression, $p = \\sigma(Xw)$.' },
  { what: 'factor model', text: 'A factor model writes $x = \\Lambda z + \\mu + \\epsilon$.' },
  { what: 'residual block', text: 'A residual block outputs $y = x + F(x)$.' },
  { what: 'rnn cell', text: '$$ h_t = \\tanh(W_h h_{t-1} + W_x x_t + b) $$' },
  { what: 'low rank', text: 'We look for $M = UV^T$ with few columns.' },
  { what: 'pca reconstruction', text: 'The reconstruction is $\\hat{X} = X W W^T$.' },

  // constraints
  {
    what: 'subject to',
    text: '$$\\min_W \\|X - XWW^T\\|_F^2 \\quad \\text{s.t.} \\quad W^T W = I$$',
  },
  { what: 'subject to words', text: 'minimize $f(x)$ subject to $Ax = b$.' },
  { what: 'such that', text: 'Find $x$ such that $Ax = b$.' },
  { what: 'with orthogonal', text: 'with $W^T W = I$, the projection is idempotent.' },
  { what: 'orthogonal Q', text: 'Let $Q$ be orthogonal, i.e. $Q^T Q = I$.' },
  { what: 'orthonormal U', text: 'The columns of $U$ are orthonormal: $U^T U = I_k$.' },
  { what: 'unit norm', text: 'maximize $w^T S w$ subject to $w^T w = 1$.' },
  { what: 'simplex constraint', text: 'subject to $\\mathbf{1}^T p = 1$ and $p \\geq 0$.' },
  { what: 'st inline', text: '$\\max_{u} u^T A u \\;\\text{s.t.}\\; u^T u = 1$' },
  {
    what: 'equality constraint latex',
    text: '\\begin{equation}\n\\min_x \\tfrac12 x^T Q x \\quad \\text{subject to} \\quad Cx = d\n\\end{equation}\n',
    language: 'latex',
  },
  { what: 'assuming zero mean', text: 'assuming $\\mathbf{1}^T X = 0$ (centered columns).' },
  { what: 'symmetric', text: 'Since $A = A^T$, the quadratic form simplifies.' },
  { what: 'idempotent', text: 'A projection satisfies $P^2 = P$.' },

  // equations to solve
  { what: 'gradient to zero', text: 'Setting the gradient to zero gives $X^T X w = X^T y$.' },
  {
    what: 'normal equations',
    text: 'These are the normal equations:\n\n$$X^T X \\hat\\beta = X^T y$$\n',
  },
  { what: 'ridge solve', text: 'Solving for $w$ we get $(X^T X + \\lambda I) w = X^T y$.' },
  { what: 'stationary point', text: 'At a stationary point, $\\nabla f(x) = 0$.' },
  {
    what: 'optimality condition',
    text: 'The first-order optimality condition reads $A x - b = 0$.',
  },
  {
    what: 'lagrangian stationarity',
    text: 'At the optimum $S w = \\lambda w$, so $w$ is an eigenvector.',
  },
  { what: 'eigen equation', text: 'The eigenvectors solve $A v = \\lambda v$.' },
  { what: 'grad equals zero', text: 'We need $\\nabla_w L = 0$, that is $X^T(Xw - y) = 0$.' },
  { what: 'closed form', text: 'The minimizer is $w^* = (X^T X)^{-1} X^T y$.' },
  { what: 'lyapunov', text: 'Find $P$ with $A^T P + P A = -Q$.' },

  // update rules
  { what: 'leftarrow', text: '$w \\leftarrow w - \\eta \\nabla L(w)$' },
  {
    what: 'coloneq update',
    text: 'Repeat $\\theta := \\theta - \\alpha \\nabla_\\theta J(\\theta)$ until convergence.',
  },
  { what: 'indexed update', text: '$$w_{t+1} = w_t - \\eta \\nabla f(w_t)$$' },
  {
    what: 'momentum',
    text: '$v_{t+1} = \\beta v_t + (1 - \\beta) g_t$ and $w_{t+1} = w_t - \\eta v_{t+1}$',
  },
  { what: 'newton step', text: 'Newton: $x_{k+1} = x_k - H^{-1} g$.' },
  {
    what: 'k superscript update',
    text: 'Iterate $x^{(k+1)} = x^{(k)} - \\alpha A^T(Ax^{(k)} - b)$.',
  },
  { what: 'adam moment', text: '$m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t$' },
  { what: 'gets arrow', text: 'then $W \\gets W - \\eta \\, \\delta x^T$' },
  {
    what: 'update words',
    text: 'We update the weights: $W = W - \\eta \\frac{\\partial L}{\\partial W}$.',
  },
  {
    what: 'sgd latex',
    text: '\\[ \\theta_{k+1} = \\theta_k - \\eta_k g_k \\]\n',
    language: 'latex',
  },

  // expectations and distributions
  { what: 'expectation', text: 'The risk is $R(w) = \\mathbb{E}[(y - w^T x)^2]$.' },
  { what: 'E of Y', text: 'Then $E[Y] = X\\beta$.' },
  { what: 'variance', text: 'and $\\operatorname{Var}(x) = \\sigma^2 I$.' },
  {
    what: 'noise distribution',
    text: 'The noise is $\\varepsilon \\sim \\mathcal{N}(0, \\sigma^2 I)$.',
  },
  { what: 'gaussian sample', text: 'Draw $x \\sim \\mathcal{N}(\\mu, \\Sigma)$.' },
  {
    what: 'process noise',
    text: 'with $w_t \\sim \\mathcal N(0, Q)$ and $v_t \\sim \\mathcal N(0, R)$.',
  },
  { what: 'marginal', text: 'The marginal is $p(x) = \\int p(x \\mid z) p(z) \\, dz$.' },
  { what: 'covariance of Xb', text: 'Hence $\\operatorname{Cov}(Ax) = A \\Sigma A^T$.' },
  { what: 'expectation of outer', text: '$$\\mathbb{E}[x x^T] = \\Sigma + \\mu\\mu^T$$' },
  {
    what: 'likelihood product',
    text: 'The likelihood is $p(y \\mid X, w) = \\prod_i \\mathcal{N}(y_i \\mid w^T x_i, \\sigma^2)$.',
  },
  { what: 'bayes', text: 'By Bayes, $p(w \\mid D) \\propto p(D \\mid w) p(w)$.' },
  { what: 'prior', text: 'Put a prior $w \\sim \\mathcal{N}(0, \\alpha^{-1} I)$.' },
  {
    what: 'E of estimator',
    text: 'The estimator is unbiased: $\\mathbb{E}[\\hat\\beta] = \\beta$.',
  },
  {
    what: 'variance of estimator',
    text: '$\\operatorname{Var}(\\hat\\beta) = \\sigma^2 (X^T X)^{-1}$',
  },

  // named functions of several arguments defined in the note
  {
    what: 'attention',
    text: '$$\\operatorname{Attention}(Q, K, V) = \\operatorname{softmax}(QK^T/\\sqrt{d})V$$',
  },
  {
    what: 'rbf kernel',
    text: "The RBF kernel is $k(x, x') = \\exp(-\\|x - x'\\|^2)$.",
  },
  {
    what: 'lqr cost',
    text: 'The cost is $J(x_0, u) = \\sum_{t=0}^{T} x_t^T Q x_t + u_t^T R u_t$.',
  },
  {
    what: 'lagrangian',
    text: 'The Lagrangian is $\\mathcal{L}(x, \\lambda) = f(x) + \\lambda^T (Ax - b)$.',
  },
  { what: 'two arg loss', text: 'Let $\\ell(y, \\hat y) = \\frac12 (y - \\hat y)^2$.' },
  { what: 'bilinear', text: 'Define $B(u, v) = u^T A v$.' },
  { what: 'KL two args', text: '$D(p, q) = \\sum_i p_i \\log(p_i / q_i)$' },
  { what: 'mahalanobis', text: '$d(x, y) = \\sqrt{(x - y)^T \\Sigma^{-1} (x - y)}$' },
  { what: 'function later used', text: 'Let $f(x, y) = x^T A y$.\n\nThen $f(a, b)$ is a scalar.' },

  // placeholders
  { what: 'transpose placeholder', text: 'where $(\\cdot)^T$ denotes the transpose.' },
  { what: 'frobenius placeholder', text: 'and $\\|\\cdot\\|_F$ is the Frobenius norm.' },
  { what: 'f of dot', text: 'for any smooth $f(\\cdot)$.' },
  { what: 'dot paren', text: 'where $(.)^{-1}$ is the inverse.' },
  { what: 'star', text: 'The optimum is marked with $*$.' },
  { what: 'norm placeholder', text: 'Here $\\| \\cdot \\|$ is the Euclidean norm.' },
  { what: 'trace placeholder', text: '$\\operatorname{tr}(\\cdot)$ denotes the trace.' },
  {
    what: 'inner product placeholder',
    text: 'with $\\langle \\cdot, \\cdot \\rangle$ the Frobenius inner product.',
  },

  // rank, argmin, min
  { what: 'rank', text: 'Suppose $\\operatorname{rank}(X) = r$.' },
  { what: 'rank full', text: 'and $\\mathrm{rank}(A) = n$, so $A$ is invertible.' },
  { what: 'argmin', text: '$$\\hat w = \\arg\\min_w \\|Xw - y\\|^2 + \\lambda\\|w\\|^2$$' },
  { what: 'argmin operatorname', text: '$\\theta^* = \\operatorname*{argmin}_\\theta L(\\theta)$' },
  { what: 'min', text: 'We solve $\\min_{w} \\frac12 \\|Xw - y\\|^2$.' },
  { what: 'max', text: '$\\max_{\\|u\\| = 1} u^T A u$' },
  { what: 'min value', text: 'The value is $L^* = \\min_w L(w)$.' },

  // a letter reused with another meaning in a later section
  {
    what: 'letter reused',
    text: '## Regression\n\nLet $A = X^T X$.\n\n## Control\n\nNow $A$ is the state matrix, $A = \\begin{pmatrix} 0 & 1 \\\\ -1 & 0 \\end{pmatrix}$.\n',
  },
  {
    what: 'L reused',
    text: '## Loss\n\n$L = \\|y - Xw\\|^2$\n\n## Cholesky\n\nFactor $\\Sigma = L L^T$ with $L$ lower triangular.\n',
  },
  {
    what: 'x reused',
    text: 'Let $x = Aw$.\n\nIn the next part, $x \\in \\mathbb{R}^d$ is a new input and $y = w^T x$.\n',
  },
  {
    what: 'K reused',
    text: 'Take $K = 10$ classes.\n\nThe kernel matrix is $K = X X^T$.\n',
  },

  // prose-style math
  { what: 'n samples', text: 'We have $n$ samples and $d$ features.' },
  { what: 'x in R', text: 'Each $x_i \\in \\mathbb{R}^d$.' },
  { what: 'i range', text: 'for $i = 1, \\ldots, n$' },
  { what: 'dimension prose', text: 'where $X$ is $n \\times d$.' },
  { what: 'k classes', text: 'with $K$ classes and $N$ examples' },
  { what: 'lambda positive', text: 'for some $\\lambda > 0$' },
  { what: 'eta small', text: 'with a small step $\\eta = 0.01$' },
  { what: 'approx', text: 'so $f(x + h) \\approx f(x) + \\nabla f(x)^T h$' },
  { what: 'big O', text: 'The cost is $O(n^3)$.' },
  { what: 'tends to', text: 'as $n \\to \\infty$' },

  // some LaTeX
  {
    what: 'latex model and constraint',
    language: 'latex',
    text: '\\section{Model}\nWe assume $y = Xw + \\varepsilon$ with $\\varepsilon \\sim \\mathcal{N}(0, \\sigma^2 I)$.\n\\begin{align}\n\\hat w &= \\arg\\min_w \\|y - Xw\\|^2\n\\end{align}\n',
  },
  {
    what: 'latex update',
    language: 'latex',
    text: '\\begin{algorithmic}\n\\State $w \\gets w - \\eta g$\n\\end{algorithmic}\n',
  },
  {
    what: 'latex definition',
    language: 'latex',
    text: 'Let \\(\\Sigma = \\frac{1}{n} \\sum_i (x_i - \\mu)(x_i - \\mu)^T\\) be the sample covariance.\n',
  },
];

function problemsOf(row: Row) {
  const language = row.language ?? 'markdown';
  const { findings } = analyzeDocument({
    uri: `mem://nonclaim.${language === 'latex' ? 'tex' : 'md'}`,
    version: 1,
    language,
    text: row.text,
  });
  return findings.filter((f) => isProblem(levelOf(f, 'problems')));
}

for (const row of ROWS) {
  test(`not a claim: ${row.what}`, { todo: row.todo }, () => {
    const problems = problemsOf(row);
    assert.deepEqual(
      problems.map(
        (f) => `${f.verdict}${f.diagnosis ? `/${f.diagnosis}` : ''} ${f.latex}: ${f.message}`,
      ),
      [],
      row.text,
    );
  });
}

test('the table has at least 100 rows', () => {
  assert.ok(ROWS.length >= 100, `${ROWS.length} rows`);
});

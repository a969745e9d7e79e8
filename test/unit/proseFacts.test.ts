// The prose fact reader: sentences → what they say about which symbol. Every sentence goes
// through the real scanner and the prose view; expectations are data ("symbol: what"), never
// message text. Positive sentences are checked in Markdown and in a LaTeX body with $…$ and
// with \(…\); denials ("$A$ is not symmetric") are facts too, written "A: not symmetric";
// sentences that say nothing must say nothing in every form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DocumentLanguage } from '../../src/core/document';
import { proseView } from '../../src/core/facts/proseView';
import { readProse, RULES, type ProseFinding } from '../../src/core/facts/readers/prose';
import { scanDocument } from '../../src/core/scan';

function read(text: string, language: DocumentLanguage = 'markdown'): readonly ProseFinding[] {
  return readProse(proseView(text, scanDocument(text, language)));
}

function what(f: ProseFinding): string {
  const s = f.says;
  if (s.kind === 'property') return s.negated ? `not ${s.property}` : s.property;
  if (s.kind === 'role') return s.role;
  if (s.kind === 'rank') return `rank-${s.full}`;
  return s.kind;
}

/** "A: symmetric; B: diagonal", sorted, for comparison: what the note asserts. */
function facts(text: string, language: DocumentLanguage = 'markdown'): string {
  return read(text, language)
    .filter((f) => !f.condition)
    .map((f) => `${f.symbols.text}: ${what(f)}`)
    .sort()
    .join('; ');
}

const norm = (expected: string) =>
  expected
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .sort()
    .join('; ');

/** The same sentence in a LaTeX document body, with $…$ or with \(…\). */
const latexDollar = (s: string) =>
  `\\documentclass{article}\n\\begin{document}\n${s}\n\\end{document}\n`;
const latexParen = (s: string) =>
  latexDollar(s.replace(/\$([^$]+)\$/g, (_, m: string) => `\\(${m}\\)`));

// [sentence, expected facts]
const SAYS: [string, string][] = [
  // ---- adjective before the noun
  ['We use a symmetric weight matrix $W$ throughout.', 'W: symmetric'],
  ['$V$ has orthonormal columns.', 'V: orthogonal'],
  ['Let $Q$ be $n\\times k$ with orthonormal columns.', 'Q: orthogonal'],
  ['Here $U$ (orthonormal columns) spans the subspace.', 'U: orthogonal'],
  [
    'Let symmetric positive definite $\\Lambda \\in \\mathbb{R}^{n\\times n}$ be the precision.',
    '\\Lambda \\in \\mathbb{R}^{n\\times n}: positive-definite',
  ],
  ['Consider the diagonal matrix $D$.', 'D: diagonal'],
  ['The one-hot target $\\mathbf y$ is fixed.', '\\mathbf y: one-hot'],
  ['For symmetric $A$, the gradient is $2Ax$.', 'A: symmetric'],
  ['Take an orthogonal $Q$.', 'Q: orthogonal'],
  ['Let $B$ be given and take a symmetric matrix $A$.', 'A: symmetric'],
  ['A positive definite matrix $\\Sigma$ is the covariance.', '\\Sigma: positive-definite'],
  ['A positive-definite matrix $\\Sigma$ is the covariance.', '\\Sigma: positive-definite'],
  ['An SPD matrix $P$ preconditions the system.', 'P: positive-definite'],
  ['A p.d. kernel matrix $K$ is built from the data.', 'K: positive-definite'],
  ['The PSD matrix $M$ defines a seminorm.', 'M: positive-semidefinite'],
  ['A positive semi-definite kernel $K$ is assumed.', 'K: positive-semidefinite'],
  ['Let the positive semidefinite Gram matrix $G$ be given.', 'G: positive-semidefinite'],
  ['We need a symmetric positive semidefinite $S$ here.', 'S: positive-semidefinite'],
  ['A lower triangular matrix $L$ appears in the Cholesky factorization.', 'L: lower-triangular'],
  ['An upper triangular $R$ comes out of QR.', 'R: upper-triangular'],
  ['An upper-triangular $R$ comes out of QR.', 'R: upper-triangular'],
  ['A real orthogonal matrix $U$ rotates the data.', 'U: orthogonal'],
  ['Multiply by the orthonormal matrix $V$.', 'V: orthogonal'],
  ['A diagonal weight matrix $W$ reweights the residuals.', 'W: diagonal'],
  ['The diagonal scaling $D$ is applied first.', 'D: diagonal'],
  ['A positive scalar $\\lambda$ controls the penalty.', '\\lambda: positive'],
  ['A nonnegative vector $\\mathbf w$ of weights.', '\\mathbf w: nonnegative'],
  ['A non-negative vector $\\mathbf w$ of weights.', '\\mathbf w: nonnegative'],
  ['The binary mask $M$ zeroes out entries.', 'M: binary'],
  ['A one-hot encoded label $\\mathbf y$ is given.', '\\mathbf y: one-hot'],
  ['Each one-hot vector $\\mathbf y_i$ marks a class.', '\\mathbf y_i: one-hot'],
  ['A probability vector $\\mathbf p$ is predicted.', '\\mathbf p: probability'],
  ['The probability distribution $\\pi$ is stationary.', '\\pi: probability'],
  ['A column-stochastic matrix $P$ moves mass.', 'P: probability'],
  ['A row-stochastic matrix $T$ is a Markov kernel.', 'T: row-stochastic'],
  ['An integer vector $\\mathbf k$ indexes the table.', '\\mathbf k: integer'],
  ['Let the identity matrix $I$ be of size $n$.', 'I: identity'],
  ['The all-ones vector $\\mathbf 1$ sums entries.', '\\mathbf 1: ones'],
  ['The zero matrix $O$ is a fixed point.', 'O: zero'],
  ['A symmetric $n\\times n$ matrix $A$ is given.', 'A: symmetric'],
  ['Let a symmetric $n \\times n$ matrix $A$ be given.', 'A: symmetric'],
  ['Take a symmetric $n$ by $n$ matrix $A$.', 'A: symmetric'],
  ['A one-hot $K$-vector $\\mathbf y$ encodes the class.', '\\mathbf y: one-hot'],
  ['An orthogonal $n\\times n$ matrix $Q$ preserves norms.', 'Q: orthogonal'],
  ['For a real symmetric matrix $A$, the eigenvalues are real.', 'A: symmetric'],
  ['For any symmetric $A$ we have $x^TAx = x^T A^T x$.', 'A: symmetric'],
  [
    'A symmetric positive definite matrix $A$ and a diagonal matrix $D$ are given.',
    'A: positive-definite; D: diagonal',
  ],
  ['An entrywise positive matrix $A$ has a Perron vector.', 'A: positive'],
  ['A full-column-rank matrix $X$ gives a unique solution.', 'X: rank-column'],
  ['The *symmetric* matrix $W$ is learned.', 'W: symmetric'],
  ['The **positive definite** matrix $\\Sigma$ is fixed.', '\\Sigma: positive-definite'],
  ['An arbitrary symmetric $A$ will do.', 'A: symmetric'],
  [
    'A symmetric, positive definite matrix $H$ is the Hessian.',
    'H: positive-definite; H: symmetric',
  ],

  // ---- predicate
  ['Let $A\\in\\mathbb{R}^{n\\times n}$ be symmetric.', 'A\\in\\mathbb{R}^{n\\times n}: symmetric'],
  ['Suppose $W$ is orthogonal.', 'W: orthogonal'],
  ['$W$ is orthogonal.', 'W: orthogonal'],
  ['Here $f(x) = \\mathbf 1^T J x$, where $J$ is the $m\\times n$ matrix of ones.', 'J: ones'],
  ['Here $\\mathbf y$ is a probability vector.', '\\mathbf y: probability'],
  [
    'The entries of $\\mathbf y$ are nonnegative and sum to one.',
    '\\mathbf y: nonnegative; \\mathbf y: probability',
  ],
  ['$D$ is diagonal with positive entries.', 'D: diagonal; D: positive'],
  ['Assume $\\Sigma$ is SPD.', '\\Sigma: positive-definite'],
  ['Assume that $\\Sigma$ is s.p.d. and fixed.', '\\Sigma: positive-definite'],
  ['Let $W$ be a real symmetric matrix.', 'W: symmetric'],
  ['Let $P$ be an SPD matrix.', 'P: positive-definite'],
  ['The kernel matrix $K$ is p.d. by construction.', 'K: positive-definite'],
  ['Assume $H$ is positive-definite.', 'H: positive-definite'],
  ['$C$ is positive semi-definite.', 'C: positive-semidefinite'],
  ['The Gram matrix $G$ is PSD.', 'G: positive-semidefinite'],
  ['Let $M$ be symmetric positive semidefinite.', 'M: positive-semidefinite'],
  ['$U$ is upper triangular.', 'U: upper-triangular'],
  ['The Cholesky factor $L$ is lower-triangular.', 'L: lower-triangular'],
  ['$Q$ is orthonormal.', 'Q: orthogonal'],
  ['The matrix $A$ has positive entries.', 'A: positive'],
  ['$A$ is entrywise positive.', 'A: positive'],
  ['$x$ is elementwise positive.', 'x: positive'],
  ['$\\lambda$ is a positive scalar.', '\\lambda: positive'],
  ['$\\sigma$ is strictly positive.', '\\sigma: positive'],
  ['$w$ is nonnegative.', 'w: nonnegative'],
  ['$w$ is non-negative.', 'w: nonnegative'],
  ['The mask $M$ is binary.', 'M: binary'],
  ['$z$ is a binary vector.', 'z: binary'],
  ['$k$ is an integer.', 'k: integer'],
  ['$Z$ has integer entries.', 'Z: integer'],
  ['$\\mathbf y$ is one-hot.', '\\mathbf y: one-hot'],
  ['$Y$ is one-hot encoded.', 'Y: one-hot'],
  ['$\\mathbf p$ is a probability distribution over the classes.', '\\mathbf p: probability'],
  ['$\\mathbf p$ lies on the simplex.', '\\mathbf p: probability'],
  ['$\\mathbf p$ lies in the probability simplex.', '\\mathbf p: probability'],
  ['The vector $\\mathbf p$ sums to one.', '\\mathbf p: probability'],
  ['The vector $\\mathbf p$ sums to 1.', '\\mathbf p: probability'],
  ['$\\mathbf q$ has entries that sum to 1.', '\\mathbf q: probability'],
  [
    '$\\mathbf q$ has nonnegative entries that sum to one.',
    '\\mathbf q: nonnegative; \\mathbf q: probability',
  ],
  ['$P$ is column-stochastic.', 'P: probability'],
  ['$T$ is row-stochastic.', 'T: row-stochastic'],
  ['$\\mathbf 1$ denotes the all-ones vector.', '\\mathbf 1: ones'],
  ['$J$ is the all-ones matrix.', 'J: ones'],
  ['$E$ is a matrix of ones.', 'E: ones'],
  ['$I$ is the identity.', 'I: identity'],
  ['Let $I_n$ be the $n\\times n$ identity matrix.', 'I_n: identity'],
  ['$O$ is the zero matrix.', 'O: zero'],
  ['$b$ is zero.', 'b: zero'],
  ['$A$ is diagonal but not the identity.', 'A: diagonal'],
  ['Let $A$ be a symmetric $n\\times n$ matrix.', 'A: symmetric'],
  ['$A$ is $n \\times n$ and symmetric.', 'A: symmetric'],
  ['$A$ is symmetric and invertible.', 'A: symmetric'],
  ['$A$ is assumed symmetric.', 'A: symmetric'],
  ['$A$ is assumed to be symmetric.', 'A: symmetric'],
  ['We take $W$ to be orthogonal.', 'W: orthogonal'],
  ['Note that $\\Sigma$ is necessarily positive semidefinite.', '\\Sigma: positive-semidefinite'],
  ['The covariance $\\Sigma$ is always PSD.', '\\Sigma: positive-semidefinite'],
  ['$S$, the sample covariance, is symmetric positive semidefinite.', 'S: positive-semidefinite'],
  ['$A$ is symmetric, i.e. $A = A^T$.', 'A: symmetric'],
  ['$A$ is symmetric; $B$ is diagonal.', 'A: symmetric; B: diagonal'],
  ['Here $A$ is symmetric and $B$ is diagonal.', 'A: symmetric; B: diagonal'],
  [
    '$\\Sigma$ is symmetric and positive definite.',
    '\\Sigma: symmetric; \\Sigma: positive-definite',
  ],
  [
    'Let $X \\in \\mathbb{R}^{m\\times n}$ have full column rank.',
    'X \\in \\mathbb{R}^{m\\times n}: rank-column',
  ],
  ['$X$ has full column rank.', 'X: rank-column'],
  ['$X$ is of full row rank.', 'X: rank-row'],
  [
    'Let $X \\in \\mathbb{R}^{m\\times n}$ with $m > n$ and full column rank.',
    'X \\in \\mathbb{R}^{m\\times n}: rank-column',
  ],
  ['The weights $\\mathbf w$ are nonnegative.', '\\mathbf w: nonnegative'],
  ['The labels $\\mathbf y$ are binary.', '\\mathbf y: binary'],
  ['$\\mathbf y \\in \\{0, 1\\}^K$ is one-hot.', '\\mathbf y \\in \\{0, 1\\}^K: one-hot'],
  ['$D$ is a diagonal matrix with positive entries.', 'D: diagonal; D: positive'],
  ['$W$ remains orthogonal.', 'W: orthogonal'],
  ['$A$ is also symmetric.', 'A: symmetric'],
  ['Then $H$ is positive definite.', 'H: positive-definite'],
  ['Clearly $A^T A$ is PSD and $B$ is SPD.', 'B: positive-definite'],
  ['$\\mathbf x$ is a nonnegative vector.', '\\mathbf x: nonnegative'],
  ['The matrix $A$, which is symmetric, is fixed.', 'A: symmetric'],
  ['$P$ is a column stochastic matrix.', 'P: probability'],
  ['$L$ is unit lower triangular.', 'L: lower-triangular'],
  ['$N$ is a positive integer.', 'N: positive; N: integer'],
  ['Without loss of generality $D$ is diagonal.', 'D: diagonal'],
  ['$\\hat{\\mathbf y}$ is a probability vector.', '\\hat{\\mathbf y}: probability'],
  ['$\\Sigma_k$ is positive definite.', '\\Sigma_k: positive-definite'],
  ['$W^{(l)}$ is orthogonal.', 'W^{(l)}: orthogonal'],
  ['$\\boldsymbol{\\pi}$ is a probability vector.', '\\boldsymbol{\\pi}: probability'],

  // ---- verbless, after for / with / let … ,
  ['For $A$ symmetric, we have $\\nabla f = 2Ax$.', 'A: symmetric'],
  ['The result holds with $D$ diagonal and $W$ orthogonal.', 'D: diagonal; W: orthogonal'],
  ['Let $A$ be symmetric and $B$ diagonal.', 'A: symmetric; B: diagonal'],
  [
    'Let $x$ be a vector, $A$ a symmetric matrix and $D$ a diagonal matrix.',
    'A: symmetric; D: diagonal',
  ],
  ['Let $\\mathbf p$ sum to one.', '\\mathbf p: probability'],

  // ---- parenthesis
  [
    'the sample covariance $S$ (symmetric positive semidefinite) is estimated.',
    'S: positive-semidefinite',
  ],
  [
    'The target $\\mathbf{y}$ (nonnegative, entries summing to one) is given.',
    '\\mathbf{y}: nonnegative; \\mathbf{y}: probability',
  ],
  ['The rotation $R$ (orthogonal) is fixed.', 'R: orthogonal'],
  ['The precision $\\Lambda$ (assumed SPD) is known.', '\\Lambda: positive-definite'],
  ['The covariance $\\Sigma$ ($n \\times n$, symmetric) is known.', '\\Sigma: symmetric'],
  ['The mask $M$ (binary) is fixed.', 'M: binary'],
  ['The label $\\mathbf y$ (one-hot) is given.', '\\mathbf y: one-hot'],
  ['The design $X$ (full column rank) is fixed.', 'X: rank-column'],
  ['The transition matrix $T$ (row-stochastic) is known.', 'T: row-stochastic'],
  ['The matrix $J$ (the matrix of ones) is constant.', 'J: ones'],

  // ---- lists
  ['$A$ and $B$ are symmetric.', 'A: symmetric; B: symmetric'],
  ['$A$, $B$ and $C$ are diagonal.', 'A: diagonal; B: diagonal; C: diagonal'],
  ['$A$, $B$, and $C$ are diagonal.', 'A: diagonal; B: diagonal; C: diagonal'],
  ['Let $A, B$ be symmetric.', 'A, B: symmetric'],
  // a member with its own ∈ … ends the clause before: only Σ is SPD, only B symmetric
  ['Let $x \\in \\mathbb{R}^m$ and $\\Sigma$ be positive definite.', '\\Sigma: positive-definite'],
  ['Let $A \\in \\mathbb{R}^{n\\times n}$ and $B$ be symmetric.', 'B: symmetric'],
  ['Let $A$ and $B$ be symmetric.', 'A: symmetric; B: symmetric'],
  [
    'Suppose $A$ and $B$ are both symmetric positive definite.',
    'A: positive-definite; B: positive-definite',
  ],
  [
    'We assume $A, B \\in \\mathbb{R}^{n\\times n}$ are symmetric.',
    'A, B \\in \\mathbb{R}^{n\\times n}: symmetric',
  ],
  [
    '$\\mathbf p$ and $\\mathbf q$ are probability vectors.',
    '\\mathbf p: probability; \\mathbf q: probability',
  ],
  ['$U$ and $V$ are orthogonal matrices.', 'U: orthogonal; V: orthogonal'],
  ['We compute $f$, and $A$ is symmetric.', 'A: symmetric'],

  // ---- parts of a symbol
  ['The entries of $\\mathbf w$ are positive.', '\\mathbf w: positive'],
  ['All entries of $A$ are nonnegative.', 'A: nonnegative'],
  ['Each entry of $Z$ is an integer.', 'Z: integer'],
  ['The components of $\\mathbf p$ sum to one.', '\\mathbf p: probability'],
  ['The rows of $T$ sum to one.', 'T: row-stochastic'],
  ['The columns of $P$ sum to one.', 'P: probability'],
  ['Each row of $T$ is a probability vector.', 'T: row-stochastic'],
  ['Each column of $Y$ is one-hot.', ''],
  ['The entries of $B$ are binary.', 'B: binary'],
  ['The elements of $\\mathbf x$ are strictly positive.', '\\mathbf x: positive'],

  // ---- counts
  ['We have $N$ samples.', 'N: count'],
  ['We draw $N$ i.i.d. samples.', 'N: count'],
  ['Let $N$ denote the number of training examples.', 'N: count'],
  ['$K$ classes are used.', 'K: count'],
  ['The batch size $B$ is 32.', 'B: count'],
  ['The batch size is $B$.', 'B: count'],
  ['The number of samples, $N$, is large.', 'N: count'],
  ['If we have $N$ samples, the error is small.', 'N: count'],
  ['Let $K$ be the number of classes.', 'K: count'],
  ['Let the number of classes $K$ be fixed.', 'K: count'],
  ['$B$ is the batch size.', 'B: count'],
  ['where $N$ is the number of points.', 'N: count'],
  ['$K$ denotes the number of classes.', 'K: count'],
  ['A dataset of $N$ observations is given.', 'N: count'],
  ['We train on $N = 1000$ examples.', 'N = 1000: count'],
  ['There are $T$ time steps.', 'T: count'],
  ['The model has $L$ layers.', 'L: count'],
  ['$M$ is the mini-batch size.', 'M: count'],
  ['The total number of observations $N$ is known.', 'N: count'],
  ['the number of data points, denoted $N$, grows.', 'N: count'],

  // ---- more of the vocabulary, as notes write it
  ['The prediction $\\hat{\\mathbf y}$ lies on the simplex.', '\\hat{\\mathbf y}: probability'],
  ['The vector $\\mathbf p$ has entries summing to one.', '\\mathbf p: probability'],
  [
    '$\\mathbf p$ is nonnegative with entries that sum to 1.',
    '\\mathbf p: nonnegative; \\mathbf p: probability',
  ],
  ['Let $\\mathbf y$ be a one-hot encoded label vector.', '\\mathbf y: one-hot'],
  ['Let $A$ be an $n \\times n$ symmetric matrix.', 'A: symmetric'],
  [
    'Let $\\Sigma \\in \\mathbb{R}^{d\\times d}$ be symmetric positive definite.',
    '\\Sigma \\in \\mathbb{R}^{d\\times d}: positive-definite',
  ],
  [
    'Let $W \\in \\mathbb{R}^{n\\times n}$ be orthogonal, i.e. $W^TW = I$.',
    'W \\in \\mathbb{R}^{n\\times n}: orthogonal',
  ],
  ['We assume throughout that $\\Sigma$ is positive definite.', '\\Sigma: positive-definite'],
  ['The weight matrix $W$ is symmetric.', 'W: symmetric'],
  ['Throughout, $A$ denotes a symmetric matrix.', 'A: symmetric'],
  ['$H$, the Hessian, is positive semidefinite.', 'H: positive-semidefinite'],
  ['The matrix $K$ is symmetric positive definite (SPD).', 'K: positive-definite'],
  ['$\\mathbf{x}_i$ are the samples and $N$ is the sample size.', 'N: count'],
  [
    'Let $\\mathbf{1} \\in \\mathbb{R}^n$ denote the vector of ones.',
    '\\mathbf{1} \\in \\mathbb{R}^n: ones',
  ],
  ['$J = \\mathbf{1}\\mathbf{1}^T$ is the matrix of ones.', 'J = \\mathbf{1}\\mathbf{1}^T: ones'],
  ['Let $I$ denote the identity matrix.', 'I: identity'],
  ['Let $\\mathbf{0}$ be the zero vector.', '\\mathbf{0}: zero'],
  [
    'The probabilities $\\mathbf p$ are nonnegative and sum to one.',
    '\\mathbf p: nonnegative; \\mathbf p: probability',
  ],
  ['We use $K$-class one-hot targets $\\mathbf y$.', '\\mathbf y: one-hot'],
  ['The labels $y_i$ are integers.', 'y_i: integer'],
  ['Here $n$ is a positive integer.', 'n: positive; n: integer'],
  ['$\\Lambda$ is diagonal, with positive diagonal entries.', '\\Lambda: diagonal'],
  ['For a PSD matrix $A$, $x^TAx \\ge 0$.', 'A: positive-semidefinite'],
  ['The entries of $\\mathbf y$ sum to 1.', '\\mathbf y: probability'],
  [
    '$\\mathbf p$ is elementwise positive and sums to one.',
    '\\mathbf p: positive; \\mathbf p: probability',
  ],

  // ---- a verbless apposition with a participle
  [
    'Let $\\mu$ be the mean and $\\Sigma$ the $p\\times p$ covariance matrix, assumed positive definite.',
    '\\Sigma: positive-definite',
  ],
  [
    'The covariance matrix $\\Sigma$, assumed to be positive definite, is fixed.',
    '\\Sigma: positive-definite',
  ],
  [
    '$\\Sigma$, the sample covariance, assumed PSD, enters the bound.',
    '\\Sigma: positive-semidefinite',
  ],
  ['Let $W$ be the weights and $D$ the scaling, taken to be diagonal.', 'D: diagonal'],
  [
    'Fix $\\Lambda$ the precision matrix, supposed symmetric positive definite.',
    '\\Lambda: positive-definite',
  ],
  ['$A$ and $B$, assumed symmetric, enter the trace.', 'A: symmetric; B: symmetric'],
  ['With $Q$ assumed orthogonal, the norm is preserved.', 'Q: orthogonal'],

  // ---- a relative clause after the noun
  ['Let $M$ be an $n\\times n$ matrix that is positive semidefinite.', 'M: positive-semidefinite'],
  ['Consider a matrix $A$ which is symmetric.', 'A: symmetric'],
  ['$D$ is a matrix which is diagonal.', 'D: diagonal'],
  ['$A$ is a matrix, which is symmetric.', 'A: symmetric'],
  ['$U$ and $V$ are matrices that are orthogonal.', 'U: orthogonal; V: orthogonal'],
  [
    'Let $\\mathbf p$ be a vector that is nonnegative and sums to one.',
    '\\mathbf p: nonnegative; \\mathbf p: probability',
  ],

  // ---- a parenthesis that starts with a size, after the subject's noun phrase
  [
    'Let $S$ be the sample covariance of the data ($d \\times d$, symmetric positive semidefinite).',
    'S: positive-semidefinite',
  ],
  ['$K$ is the kernel matrix ($n\\times n$, positive definite).', 'K: positive-definite'],
  ['$W$ denotes the weight matrix of the layer ($m\\times m$, orthogonal).', 'W: orthogonal'],

  // ---- one-hot: the encoding of something, or said by its entries
  ['$\\mathbf{y}$ is the one-hot encoding of the true class.', '\\mathbf{y}: one-hot'],
  ['$Y$ is a one-hot representation of the labels.', 'Y: one-hot'],
  ['The one-hot encoding $\\mathbf y$ is fed to the loss.', '\\mathbf y: one-hot'],
  ['The target $\\mathbf t$ (the one-hot encoding of the class) is given.', '\\mathbf t: one-hot'],
  ['$\\mathbf y$ has exactly one entry equal to 1 (zeros elsewhere).', '\\mathbf y: one-hot'],
  ['$\\mathbf y$ has a single 1 and zeros elsewhere.', '\\mathbf y: one-hot'],
  [
    'The label vector $\\mathbf{y}$ has exactly one entry equal to 1 and all others 0.',
    '\\mathbf{y}: one-hot',
  ],
  ['The target $\\mathbf t$ (a single 1, zeros elsewhere) is given.', '\\mathbf t: one-hot'],
  ['$\\mathbf y$ has exactly one 1, all other entries zero.', '\\mathbf y: one-hot'],
  ['$\\mathbf e$ has one entry equal to one and the rest zero.', '\\mathbf e: one-hot'],

  // ---- restatements (i.e., that is) and rotations
  ['$R$ is a rotation, i.e. an orthogonal matrix.', 'R: orthogonal'],
  ['$Q$ is a $3\\times 3$ map, i.e. an orthogonal matrix.', 'Q: orthogonal'],
  [
    '$S$ is a covariance, that is, a symmetric positive semidefinite matrix.',
    'S: positive-semidefinite',
  ],
  ['$T$ is a transition matrix, i.e. row-stochastic.', 'T: row-stochastic'],
  ['$R$ is a $3\\times 3$ rotation.', 'R: orthogonal'],
  ['Let $R$ be a $3\\times 3$ rotation matrix.', 'R: orthogonal'],
  ['The rotation matrix $R$ is learned.', 'R: orthogonal'],
  ['The map $R$ (a rotation) is applied.', 'R: orthogonal'],

  // ---- a restriction ends with its clause
  ['This holds only for square matrices, and $A$ is symmetric.', 'A: symmetric'],

  // ---- several facts in one sentence
  [
    'Let $A$ be symmetric, $D$ a diagonal matrix, and $\\mathbf p$ a probability vector.',
    'A: symmetric; D: diagonal; \\mathbf p: probability',
  ],
  ['We have $N$ samples and $K$ classes.', 'N: count; K: count'],
  ['A symmetric matrix $A$ with positive entries is given.', 'A: symmetric; A: positive'],
  [
    'The one-hot target $\\mathbf y$ and the probability vector $\\mathbf p$ enter the loss.',
    '\\mathbf y: one-hot; \\mathbf p: probability',
  ],
  // decorated names (the prior estimate P_k^-, x^+) are names; a verbless list after "with"
  ['Here $P_k^-$ is symmetric.', 'P_k^-: symmetric'],
  // an apposition with "the" after a supposing word: "and $Y$ the one-hot labels"
  ['Let $Z = WX$ with $X$ given, and $Y$ the one-hot labels.', 'Y: one-hot'],
  ['The posterior is $P_k$, with $P_k^-$ and $R$ symmetric.', 'P_k^-: symmetric; R: symmetric'],
  ['for $A$ and $B$ symmetric, the identity holds.', 'A: symmetric; B: symmetric'],
];

// Denials: what the note says a symbol is not ("not X" below: a negated property fact).
SAYS.push(
  ['$A$ is not necessarily symmetric.', 'A: not symmetric'],
  ['$A$ is not symmetric.', 'A: not symmetric'],
  ['$A$ need not be symmetric.', 'A: not symmetric'],
  ['In general $A$ is not symmetric.', 'A: not symmetric'],
  ['$A$ and $B$ are not symmetric.', 'A: not symmetric; B: not symmetric'],
  ['$A$ is not a symmetric matrix.', 'A: not symmetric'],
  ['A non-symmetric matrix $A$ appears.', 'A: not symmetric'],
  ['A not necessarily symmetric matrix $A$ appears.', 'A: not symmetric'],
  ['$W$ is a general (non-symmetric) matrix.', 'W: not symmetric'],
  ['Take a nonsymmetric $A$.', 'A: not symmetric'],
  ['The matrix $A$ is asymmetric.', 'A: not symmetric'],
  ['$K$ is skew-symmetric.', 'K: not symmetric'],
  ['Let $M$ be a matrix that is not symmetric.', 'M: not symmetric'],
  ['$A$ is a matrix, i.e. not necessarily symmetric.', 'A: not symmetric'],
  [
    'Let $A\\in\\mathbb{R}^{n\\times n}$ (not necessarily symmetric) be given.',
    'A\\in\\mathbb{R}^{n\\times n}: not symmetric',
  ],
  ['$A$ is symmetric but not positive definite.', 'A: symmetric; A: not positive-definite'],
  ['$A$ is never positive definite.', 'A: not positive-definite'],
  ['$A$ cannot be orthogonal.', 'A: not orthogonal'],
  ['$D$ is non-diagonal.', 'D: not diagonal'],
  // signs: "can have negative entries" denies nonnegative (and so positive)
  ['$\\mathbf x$ can have negative entries.', '\\mathbf x: not nonnegative'],
  ['Here $\\mathbf x$ may have negative entries.', '\\mathbf x: not nonnegative'],
  ['The entries of $x$ may be negative.', 'x: not nonnegative'],
  ['The entries of $x$ are not necessarily positive.', 'x: not positive'],
  ['$x$ is not necessarily positive.', 'x: not positive'],
  ['Let $\\mathbf w$ of either sign be given.', '\\mathbf w: not nonnegative'],
  ['$x$ is of any sign.', 'x: not nonnegative'],
  ['The weights $\\mathbf w$ (of either sign) are learned.', '\\mathbf w: not nonnegative'],
  ['$\\mathbf v$ has entries of mixed sign.', '\\mathbf v: not nonnegative'],
  ['$\\mathbf v$ has positive and negative entries.', '\\mathbf v: not nonnegative'],
  ['$z$ can be negative.', 'z: not nonnegative'],
  // entries said by a verb: "need not sum to one"
  ['$\\mathbf y$ need not sum to one.', '\\mathbf y: not probability'],
  ['The rows of $P$ need not sum to one.', 'P: not row-stochastic'],
);

// Sentences that say nothing (hypotheticals, other things' properties, sizes, denials denied).
const SILENT: string[] = [
  'If $A$ were symmetric, we would be done.',
  'If $A$ were not symmetric, we would be done.',
  'If all entries of $\\mathbf x$ were positive we could write the gradient.',
  'If $\\mathbf x$ could have negative entries, the log would be undefined.',
  '$A$ can be symmetric.',
  '$A$ may be diagonal.',
  '$A$ is not only symmetric but also diagonal.',
  '$A$ is not non-symmetric.',
  '$x$ is not negative.',
  '$A$ is not symmetric or diagonal.',
  'The negative log-likelihood $L$ is minimized.',
  '$\\Sigma$ is negative definite.',
  '$H$ is negative semi-definite.',
  'When $A$ is symmetric, the formula simplifies.',
  'This fails unless $A$ is symmetric.',
  'This holds only if $A$ is symmetric.',
  '$B = A^T A$ iff $A$ is symmetric.',
  'Even if $A$ is symmetric, nothing changes.',
  'Then $A$ would be symmetric.',
  '$A$ could be symmetric.',
  'We ask whether $A$ is symmetric.',
  '$A$ is symmetric if and only if $A = A^T$.',
  '$A$ is symmetric whenever $B$ is.',
  'Provided $A$ is symmetric, the step is valid.',
  '$A$ is symmetric or skew-symmetric.',
  '$A$ is either symmetric or diagonal.',
  'We do not assume that $A$ is symmetric.',
  'It is not true that $A$ is symmetric.',
  'Neither $A$ nor $B$ is symmetric.',
  '$A$ is no longer diagonal.',
  'The Hessian of $f$ is positive definite.',
  'The gradient of $\\mathbf y$ is nonnegative.',
  'The $n\\times n$ matrix is symmetric.',
  '$n\\times n$ is symmetric.',
  'A symmetric $n\\times n$ matrix is square.',
  'Symmetric matrices are nice. $A$ is a matrix.',
  '$A$ is a matrix. It is symmetric.',
  '$A$ is a matrix.\n\nSymmetric ones are easier.',
  '$\\mu$ has zero mean.',
  'Let $d$ be the diagonal of $A$.',
  '$B$ is block diagonal.',
  '$u$ is orthogonal to $v$.',
  'A lower triangular system with positive diagonal.',
  'The identity $x^Ty = y^Tx$ holds.',
  'A one-hot encoding of the label $y$.',
  'The binary cross-entropy loss $L$ is minimized.',
  'Let $m$ be the number of rows of $X$.',
  'The diagonal entries of $A$ are positive.',
  '$A$ has positive eigenvalues.',
  'The matrix $A^T A$ is positive semidefinite.',
  '$x^T A x$ is positive.',
  'Is $A$ symmetric?',
  '$A$ might be diagonal.',
  'In the case where $A$ is diagonal, the inverse is cheap.',
  'Whenever $D$ is diagonal, the product commutes.',
  'Assume $A$ is invertible.',
  '$A$ is a square matrix.',
  'We compute $\\nabla f$.',
  'Code: `A is symmetric` and $A$ appears.',
  'The matrix $A$ `is symmetric` here.',
  '$A$ <!-- is symmetric --> appears.',
  '$A$ appears.\n\n```\n$A$ is symmetric\n```\n',
  '```python\n# W is orthogonal\nW = np.eye(3)\n```\n\nThe matrix $W$ is learned.',
  '<!-- $W$ is orthogonal -->\nThe matrix $W$ is learned.',
  '$A$ is shown.\n$$A \\text{ is symmetric}$$',
  '$A$ is given. Its transpose is symmetric.',
  'Let $A$ be a matrix.\n\nSymmetric positive definite matrices are invertible.',
  '$A$ is symmetric if $B$ is symmetric.',
  // an inverse is not a name
  'Here $A^{-1}$ is symmetric.',
  'Its entries sum to one, so $\\mathbf p$ is a distribution.',
  'The identity $x = y + z$ holds.',
  'The identity $a = b$ is used.',
  'We never assume $\\Sigma$ is diagonal.',
  'Without assuming $A$ is symmetric, we proceed.',
  // a restriction is not an assumption
  'That is only right for symmetric $X$.',
  '(Not $\\nabla_X \\operatorname{tr}(X^2) = 2X$: that is only right for symmetric $X$.)',
  'The formula is only valid for symmetric $A$.',
  'The identity holds only for diagonal $D$.',
  'The step is correct only when $A$ is symmetric.',
  'It would only hold for orthogonal $Q$.',
  'This shortcut works for symmetric $A$ only.',
  'The bound is valid only under positive definite $\\Sigma$.',
  'This is true only with $D$ diagonal.',
  // appositions and participles that are not the subject's, or not asserted
  'The Hessian of $f$, assumed positive definite, is inverted.',
  'If $\\Sigma$, assumed positive definite, is singular, the bound fails.',
  '$\\Sigma$, the covariance, not assumed positive definite, is estimated.',
  // relative clauses that suppose or belong to another noun
  'Let $M$ be a matrix that is symmetric or diagonal.',
  '$A$ is a matrix which is symmetric only if $B$ is.',
  'Let $\\mathbf x$ be the eigenvector of a matrix that is symmetric.',
  // a parenthesis after a noun phrase: only with a size, only after the subject's own phrase
  'Let $S$ be the covariance of the data (symmetric).',
  'The product of $A$ and the matrix ($n\\times n$, symmetric) is formed.',
  'Let $S$ be the covariance and the mean ($d\\times d$, symmetric).',
  '$S$ is not the covariance ($d\\times d$, symmetric).',
  '$\\mathbf x$ has the shape of the data ($n \\times d$, nonnegative).',
  // one-hot: of something else, or only one entry said
  '$E$ is the one-hot encoding layer.',
  'The one-hot encoding matrix $E$ maps labels.',
  '$\\mathbf y$ is the one-hot encoding of the label or its index.',
  '$\\mathbf y$ has exactly one entry equal to 1.',
  '$\\mathbf y$ has at least one entry equal to 1.',
  '$\\mathbf y$ does not have a single 1 and zeros elsewhere.',
  'If $\\mathbf y$ has a single 1 and zeros elsewhere, the loss simplifies.',
  // rotation: an angle, an action, a rotated vector
  'The rotation angle $\\theta$ is small.',
  '$\\theta$ is the rotation angle.',
  'The rotation $\\theta$ is applied.',
  '$\\mathbf v$ is a rotation of $\\mathbf u$.',
  'Let $R$ be a rotation by $\\theta$.',
  // a restatement that hesitates
  '$A$ is a matrix, i.e. a symmetric or diagonal one.',
];

for (const [sentence, expected] of SAYS) {
  test(`says: ${sentence}`, () => {
    assert.equal(facts(sentence), norm(expected), 'markdown');
    assert.equal(facts(latexDollar(sentence), 'latex'), norm(expected), 'LaTeX $…$');
    assert.equal(facts(latexParen(sentence), 'latex'), norm(expected), 'LaTeX \\(…\\)');
  });
}

for (const sentence of SILENT) {
  test(`silent: ${JSON.stringify(sentence)}`, () => {
    assert.equal(facts(sentence), '', 'markdown');
    if (!/`|<!--/.test(sentence)) {
      assert.equal(facts(latexDollar(sentence), 'latex'), '', 'LaTeX $…$');
      assert.equal(facts(latexParen(sentence), 'latex'), '', 'LaTeX \\(…\\)');
    }
  });
}

// Conditions: said of the sentence's own claims only ("… = 2Ax when $A$ is symmetric"). Each is
// [sentence, the conditions].
const CONDITIONS: [string, string][] = [
  ['$\\nabla_x x^TAx = 2Ax$ when $A$ is symmetric.', 'A: symmetric'],
  ['When $A$ is symmetric, $\\nabla_x x^TAx = 2Ax$.', 'A: symmetric'],
  ['If $A$ is symmetric, the gradient is $2Ax$.', 'A: symmetric'],
  ['Provided $A$ is symmetric, the step is valid.', 'A: symmetric'],
  ['Whenever $D$ is diagonal, the product commutes.', 'D: diagonal'],
  ['$\\nabla_x x^TAx = 2Ax$ if $A$ is not symmetric.', 'A: not symmetric'],
  ['$A$ is symmetric if $B$ is symmetric.', 'B: symmetric'],
  // a counterfactual is no condition; nor is "unless"; "only when" restricts (the writer says
  // the claim fails in general)
  ['$\\nabla_x x^TAx = 2Ax$ only when $A$ is symmetric.', ''],
  ['The formula $\\nabla_x x^TAx = 2Ax$ holds only if $A$ is symmetric.', ''],
  ['$\\nabla_x x^TAx = 2Ax$, which is only true when $A$ is symmetric.', ''],
  ['If $A$ were symmetric, the gradient would be $2Ax$.', ''],
  ['The gradient is $2Ax$ unless $A$ is symmetric.', ''],
  // a size or a count under a condition says nothing
  ['If $A$ is $n \\times n$, then $\\operatorname{tr}(A)$ is defined.', ''],
];

for (const [sentence, expected] of CONDITIONS) {
  test(`condition: ${sentence}`, () => {
    const found = read(sentence).filter((f) => f.condition);
    assert.equal(
      found
        .map((f) => `${f.symbols.text}: ${what(f)}`)
        .sort()
        .join('; '),
      norm(expected),
    );
    // over its own sentence: from its first word or formula to its last
    const end = sentence.length - (sentence.endsWith('.') ? 1 : 0);
    for (const f of found) assert.deepEqual(f.condition, { from: 0, to: end });
    assert.equal(facts(sentence), '', 'nothing asserted of the note');
  });
}

test("a display's words with math are a sentence of their own", () => {
  const text =
    'We get\n\n$$ \\nabla f = \\underbrace{2Aw}_{\\text{$\\nabla_w w^TAw = 2Aw$ when $A$ is symmetric}} $$\n';
  const found = read(text);
  assert.deepEqual(
    found.map((f) => `${f.symbols.text}: ${what(f)}`),
    ['A: symmetric'],
  );
  // the condition holds over the label's words, from its first formula to its last word
  const from = text.indexOf('$\\nabla_w');
  assert.deepEqual(found[0].condition, { from, to: text.indexOf('}}') });
  // what a display says in words is asserted like prose
  assert.equal(facts('$$ f(x) = x^TAx \\quad \\text{where $A$ is symmetric} $$'), 'A: symmetric');
  // words without math name nothing; a display without words says nothing
  assert.equal(facts('$$ A \\text{ is symmetric} $$'), '');
  assert.equal(facts('$$ \\text{$A$} = A^T $$'), '');
});

test('a condition holds over its own sentence, not the next', () => {
  const text = 'When $A$ is symmetric, $\\nabla_x x^TAx = 2Ax$. In general it is not.';
  const [found] = read(text).filter((f) => f.condition);
  assert.deepEqual(found.condition, { from: 0, to: text.indexOf('.') });
});

test('the tables are large enough to mean something', () => {
  assert.ok(SAYS.length + LATEX.length + NOTEBOOK.length >= 200, `${SAYS.length} sentences`);
  assert.ok(SILENT.length + LATEX_SILENT.length >= 40, `${SILENT.length} silent sentences`);
});

// LaTeX-only: markup, comments, \emph, sectioning.
const LATEX: [string, string][] = [
  ['Let \\(A\\) be \\emph{symmetric}.', 'A: symmetric'],
  ['Let $A$ be \\textbf{symmetric positive definite}.', 'A: positive-definite'],
  ['A \\textit{diagonal} matrix~$D$ scales the rows.', 'D: diagonal'],
  ['Let \\(A\\) be symmetric and $B$ \\emph{diagonal}.', 'A: symmetric; B: diagonal'],
  ['We take \\(W\\) to be orthogonal. % $C$ is symmetric', 'W: orthogonal'],
  ['The matrix $\\Sigma$ is SPD~\\cite{golub}.', '\\Sigma: positive-definite'],
  ['Let $X$ have full column rank \\label{ass:rank}.', 'X: rank-column'],
  ['We have $N$ samples\\footnote{After cleaning.}.', 'N: count'],
  ['The target \\(\\mathbf y\\) is one-hot.', '\\mathbf y: one-hot'],
  ['where \\(J\\) is the \\(m \\times n\\) matrix of ones', 'J: ones'],
  ['The matrix \\(A\\) is \\emph{not} symmetric.', 'A: not symmetric'],
];
const LATEX_SILENT: string[] = [
  'The matrix $A$ is used. % $A$ is symmetric',
  '% Let $A$ be symmetric.\nThe matrix $A$ is used.',
  'Let $A$ be given.\n\\section{Symmetric case}\nSymmetric matrices are used.',
  'Let $A$ be given\n\\begin{itemize}\\item symmetric matrices\\end{itemize}',
  '\\begin{equation} A \\text{ is symmetric} \\end{equation} and $A$ appears.',
  'Let $A$ be given.\n\n symmetric is a word.',
  'If \\(A\\) is \\emph{symmetric}, the result follows.',
  'If \\(A\\) were \\emph{not} symmetric, the result would fail.',
];

for (const [body, expected] of LATEX) {
  test(`LaTeX says: ${body}`, () => {
    assert.equal(facts(latexDollar(body), 'latex'), norm(expected));
  });
}
for (const body of LATEX_SILENT) {
  test(`LaTeX silent: ${JSON.stringify(body)}`, () => {
    assert.equal(facts(latexDollar(body), 'latex'), '');
  });
}

// Notebooks: markdown cells through the notebook scanner; code cells are never prose.
const notebook = (...cells: { type: 'markdown' | 'code'; lines: string[] }[]) =>
  JSON.stringify(
    {
      cells: cells.map((c) => ({ cell_type: c.type, metadata: {}, source: c.lines })),
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );

const NOTEBOOK: [string, string][] = [
  [
    notebook({ type: 'markdown', lines: ['Let $A$ be symmetric and $\\mathbf y$ one-hot.'] }),
    'A: symmetric; \\mathbf y: one-hot',
  ],
  [
    notebook(
      { type: 'markdown', lines: ['# Setup\n', '\n', 'The weights $W$ are orthogonal.'] },
      { type: 'code', lines: ['# D is diagonal\n', 'D = np.diag(d)'] },
    ),
    'W: orthogonal',
  ],
  [
    notebook(
      { type: 'code', lines: ['# the matrix $A$ is symmetric\n', 'A = A + A.T'] },
      { type: 'markdown', lines: ['We have $N$ samples and a diagonal matrix $D$.'] },
    ),
    'N: count; D: diagonal',
  ],
  [
    notebook({
      type: 'markdown',
      lines: ['The covariance $\\Sigma$ (symmetric positive semidefinite) is estimated.'],
    }),
    '\\Sigma: positive-semidefinite',
  ],
  [notebook({ type: 'markdown', lines: ['If $A$ is symmetric, the step is cheap.'] }), ''],
  [
    notebook(
      { type: 'markdown', lines: ['The matrix $B$ is used.'] },
      { type: 'code', lines: ['B is symmetric'] },
    ),
    '',
  ],
];

for (const [nb, expected] of NOTEBOOK) {
  test(`notebook: ${expected || 'nothing'}`, () => {
    assert.equal(facts(nb, 'notebook'), norm(expected));
  });
}

test('a finding points at its symbol region and spans the words it rests on', () => {
  const text = 'Intro.\n\nWe use a symmetric weight matrix $W$ throughout.';
  const [f] = read(text);
  assert.equal(text.slice(f.symbols.start, f.symbols.end), '$W$');
  assert.equal(text.slice(f.start, f.end), 'a symmetric weight matrix $W$');
  const text2 = 'Let $A \\in \\mathbb{R}^{n\\times n}$ be symmetric.';
  const [g] = read(text2);
  assert.equal(text2.slice(g.start, g.end), '$A \\in \\mathbb{R}^{n\\times n}$ be symmetric');
  const text3 = 'The sample covariance $S$ (symmetric positive semidefinite) is known.';
  const [h] = read(text3);
  assert.equal(text3.slice(h.start, h.end), '$S$ (symmetric positive semidefinite)');
  const text4 = 'Let $\\mu$ be the mean and $\\Sigma$ the covariance, assumed positive definite.';
  const [a] = read(text4);
  assert.equal(text4.slice(a.symbols.start, a.symbols.end), '$\\Sigma$');
  assert.equal(text4.slice(a.start, a.end), '$\\Sigma$ the covariance, assumed positive definite');
  const text5 = 'Let $S$ be the covariance of the data ($d \\times d$, symmetric).';
  const [b] = read(text5);
  assert.equal(
    text5.slice(b.start, b.end),
    '$S$ be the covariance of the data ($d \\times d$, symmetric)',
  );
});

test('LaTeX \\(…\\) regions keep their source offsets', () => {
  const text = latexParen('Suppose $W$ is orthogonal.');
  const [f] = read(text, 'latex');
  assert.equal(text.slice(f.symbols.start, f.symbols.end), '\\(W\\)');
  assert.equal(text.slice(f.start, f.end), '\\(W\\) is orthogonal');
});

test('a notebook sentence may run over two source lines; a cell ends a paragraph', () => {
  const cells = [
    { type: 'markdown' as const, lines: ['Let $A$ be\n', 'symmetric.\n', '\n', 'A diagonal\n'] },
    { type: 'markdown' as const, lines: ['$D$ is used.'] },
  ];
  assert.equal(facts(notebook(...cells), 'notebook'), 'A: symmetric');
  // the same notebook written on one line (no layout newlines at all)
  const compact = JSON.stringify({
    cells: cells.map((c) => ({ cell_type: c.type, metadata: {}, source: c.lines })),
  });
  assert.equal(facts(compact, 'notebook'), 'A: symmetric');
  // a blank line inside a cell is a paragraph break
  const split = notebook({ type: 'markdown', lines: ['A symmetric\n', '\n', '$B$ is used.'] });
  assert.equal(facts(split, 'notebook'), '');
});

test('notebook findings point into the JSON source', () => {
  const nb = notebook({ type: 'markdown', lines: ['We use a symmetric weight matrix $W$.'] });
  const [f] = read(nb, 'notebook');
  assert.equal(nb.slice(f.symbols.start, f.symbols.end), '$W$');
  assert.equal(nb.slice(f.start, f.end), 'a symmetric weight matrix $W$');
});

test('words never reach past a sentence end or a paragraph break', () => {
  assert.equal(facts('The matrix is symmetric. $A$ is used.'), '');
  assert.equal(facts('A symmetric\n\n$A$ is used.'), '');
  assert.equal(facts('$A$ is\n\nsymmetric.'), '');
  // a line break inside a sentence is not a break
  assert.equal(facts('Let $A$ be\nsymmetric.'), 'A: symmetric');
});

test('every rule names at least one phrase and one construction', () => {
  for (const rule of RULES) {
    assert.ok(rule.words.length > 0);
    assert.ok(rule.at.length > 0);
  }
});

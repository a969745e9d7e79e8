// The facts layer: what a note says about a symbol holds where a reader takes it to hold,
// is read from prose only, and does not depend on the order statements come in.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/core/analyze';
import type { DocumentLanguage } from '../../src/core/document';
import { readDocument } from '../../src/core/read';
import { memberIndex, symbolRef } from '../../src/core/facts/symbol';

const NUMERIC = { draws: 2, seed: 1 };

function verdicts(text: string, language: DocumentLanguage = 'markdown') {
  return analyzeDocument({ uri: 'mem://t', version: 1, language, text }, { numeric: NUMERIC })
    .findings;
}

/** The verdict of the claim whose `=` (or ∈) starts on the given 1-based line. */
function verdictOn(text: string, line: number, language: DocumentLanguage = 'markdown') {
  const found = verdicts(text, language).filter(
    (f) => f.range.start.line === line - 1 && f.kind !== 'declaration',
  );
  assert.ok(found.length > 0, `no finding on line ${line}`);
  return found.map((f) => f.verdict);
}

/** The verdicts of the claims on a line, each with the letters it had to read against convention. */
function readingsOn(text: string, line: number, language: DocumentLanguage = 'markdown') {
  return verdicts(text, language)
    .filter((f) => f.range.start.line === line - 1 && f.kind !== 'declaration')
    .map((f) => `${f.verdict} ${(f.readings ?? []).map((r) => `${r.name}:${r.as}`).join(',')}`);
}

function dimsAt(text: string, name: string, needle: string) {
  const read = readDocument({ uri: 'mem://t', version: 1, language: 'markdown', text });
  const at = text.indexOf(needle);
  assert.ok(at >= 0);
  return read.env
    .declarationAt(name, at)
    ?.dims?.map((d) => ('name' in d ? d.name : String(d.value)))
    .join('×');
}

const COUNT_CLAIM = String.raw`$$\nabla_{\mathbf{x}} (\mathbf{x}^T\mathbf{x} + N) = 2\mathbf{x}$$`;

describe('prose is read from prose only', () => {
  test('"N samples" in prose makes N a count: the claim checks', () => {
    assert.deepEqual(verdictOn(`We average over N samples.\n\n${COUNT_CLAIM}\n`, 3), ['ok']);
    // as a count, with no reading against the capital's convention
    assert.deepEqual(readingsOn(`We average over N samples.\n\n${COUNT_CLAIM}\n`, 3), ['ok ']);
  });
  for (const [where, text] of [
    ['a code fence', '```python\n# N samples per batch\n```\n\n'],
    ['an HTML comment', '<!-- N samples, fix later -->\n\n'],
    ['inline code', 'The loader yields `N samples` at a time.\n\n'],
  ] as const) {
    // a capital alone as a term may be a constant: the claim is read with N a scalar, and says so
    test(`"N samples" in ${where} says nothing: N is a matrix by convention, read as a scalar only to make the sum well-formed`, () => {
      const line = text.split('\n').length;
      assert.deepEqual(readingsOn(text + COUNT_CLAIM + '\n', line), ['ok N:scalar']);
    });
  }
  test('a LaTeX % comment says nothing either', () => {
    const tex = String.raw`% N samples
\begin{equation}
\nabla_{\mathbf{x}} (\mathbf{x}^T\mathbf{x} + N) = 2\mathbf{x}
\end{equation}
`;
    assert.deepEqual(readingsOn(tex, 3, 'latex'), ['ok N:scalar']);
  });
});

describe('a declaration holds where a reader takes it to hold', () => {
  const PART2 = String.raw`## Part 2

Let $S \in \mathbb{R}^{m\times n}$ be a data matrix with positive entries.

$$\nabla_S \mathbf{1}^T \log(S) \mathbf{1} = \mathbf{1}\mathbf{1}^T \oslash S$$
`;
  test('an SPD S in part 1 does not follow S into part 2, where S is rectangular', () => {
    const alone = verdicts(PART2).filter((f) => f.kind === 'gradient');
    const both = verdicts(`## Part 1\n\nLet $S \\in \\mathbb{S}^n_{++}$.\n\n${PART2}`).filter(
      (f) => f.kind === 'gradient',
    );
    assert.deepEqual(
      both.map((f) => f.verdict),
      alone.map((f) => f.verdict),
    );
    assert.notEqual(both[0].verdict, 'unsupported');
  });

  test('a declaration in an appendix leaves the generic identity before it generic', () => {
    const text = String.raw`# Trace identities

$$\frac{\partial}{\partial A} \operatorname{tr}(AB) = B^T$$

## Appendix

Define $A \in \mathbb{R}^{n\times m}$ and $B \in \mathbb{R}^{k\times n}$.
`;
    assert.deepEqual(verdictOn(text, 3), ['ok']);
    assert.equal(dimsAt(text, 'A', '\\operatorname{tr}'), undefined);
    assert.equal(dimsAt(text, 'A', 'Define'), 'n×m');
  });

  test('"where A ∈ ℝ^{m×n}" right after a display explains that display', () => {
    const text = String.raw`The gradient is
$$\frac{\partial}{\partial X} \operatorname{tr}(A X) = A^T$$
where $A \in \mathbb{R}^{m\times n}$.
`;
    assert.equal(dimsAt(text, 'A', '\\operatorname{tr}'), 'm×n');
  });

  test('"where …" after a blank line still explains the display before it', () => {
    const text = String.raw`$$\frac{\partial}{\partial X} \operatorname{tr}(A X) = A^T$$

where $A \in \mathbb{R}^{m\times n}$.
`;
    assert.equal(dimsAt(text, 'A', '\\operatorname{tr}'), 'm×n');
  });

  test('a letter redeclared in a later section is that section’s letter there, and only there', () => {
    const text = String.raw`Let $X \in \mathbb{R}^{n\times p}$.

$$\nabla_{\mathbf{w}} \|X\mathbf{w}\|^2 = 2X^TX\mathbf{w}$$

## Kernels

Now $X \in \mathbb{R}^{n\times n}$ is a kernel matrix.

$$\frac{\partial}{\partial X} \operatorname{tr}(X) = I$$
`;
    assert.equal(dimsAt(text, 'X', '\\|X'), 'n×p');
    assert.equal(dimsAt(text, 'X', '\\operatorname{tr}(X)'), 'n×n');
    assert.deepEqual(verdictOn(text, 3), ['ok']);
    assert.deepEqual(verdictOn(text, 9), ['ok']);
  });

  test('"would need μ ∈ ℝ^K" supposes; it declares nothing', () => {
    const text = String.raw`Let $\boldsymbol\mu \in \mathbb{R}^d$ and $C \in \mathbb{R}^{K\times d}$.
Then $C\boldsymbol\mu$ is fine, and $\boldsymbol\mu^T C$ would need $\boldsymbol\mu \in \mathbb{R}^K$.
`;
    assert.equal(dimsAt(text, '\\mu', 'would'), 'd');
  });
});

describe('facts are collected before claims are classified', () => {
  test('"m = n" relates sizes whether it comes before or after the declaration of A', () => {
    const after = verdicts(String.raw`Let $A \in \mathbb{R}^{m\times n}$. This needs $m = n$.`);
    const before = verdicts(String.raw`This needs $m = n$. Let $A \in \mathbb{R}^{m\times n}$.`);
    const kinds = (fs: typeof after) => fs.map((f) => `${f.kind}:${f.verdict}`).sort();
    assert.deepEqual(kinds(before), kinds(after));
    assert.ok(!before.some((f) => f.kind === 'definition'));
  });
});

describe('messages cite the facts they rest on', () => {
  const text = String.raw`Let $W \in \mathbb{R}^{n\times n}$ and $C \in \mathbb{R}^{m \times m}$.
Here $W$ is a symmetric weight matrix.

$$ V = W C $$
`;
  test('a shape error names where the note says what W is, as related places', () => {
    const error = verdicts(text).find((f) => f.verdict === 'shape-error');
    assert.ok(error);
    const lines = (error.related ?? []).map((r) => r.range.start.line);
    assert.ok(lines.includes(0), 'the declaration on line 1');
    assert.ok(lines.includes(1), 'the words on line 2');
  });
  test('the declaration finding lists what else is said of W there', () => {
    const read = readDocument({ uri: 'mem://t', version: 1, language: 'markdown', text });
    const w = read.env.declarationAt('W', text.indexOf('V ='));
    assert.deepEqual(w?.dims?.length, 2);
    assert.ok(w?.properties?.includes('symmetric'));
    assert.ok(w?.facts?.some((f) => f.source.via === 'prose' && f.source.line === 1));
  });
});

describe('a matrix written out by its own entries', () => {
  const text = String.raw`For example, take
$$
X = \begin{bmatrix} x_{11} & x_{12} \\ x_{21} & x_{22} \end{bmatrix}, \quad
\sin(X) = \begin{bmatrix} \sin x_{11} & \sin x_{12} \\ \sin x_{21} & \sin x_{22} \end{bmatrix}
$$

Now let $X \in \mathbb{R}^{m\times n}$ and $\mathbf{b} \in \mathbb{R}^n$.

$$\nabla_{\mathbf{b}} \mathbf{1}^T X \mathbf{b} = X^T \mathbf{1}$$
`;
  test('the columns of a matrix inside an aligned row are kept (& separates them)', () => {
    const read = readDocument({ uri: 'mem://t', version: 1, language: 'markdown', text });
    const matrix = read.statements
      .flatMap((s) => s.steps)
      .map((step) => step.rhs)
      .find((rhs) => rhs.type === 'matrix');
    assert.equal(matrix?.type, 'matrix');
    if (matrix?.type === 'matrix')
      assert.deepEqual(
        matrix.rows.map((r) => r.length),
        [2, 2],
      );
  });
  test('it pictures X; it does not define X as a 2×2 for the rest of the note', () => {
    const read = readDocument({ uri: 'mem://t', version: 1, language: 'markdown', text });
    assert.equal(read.env.definitionAt('X', text.indexOf('\\nabla')), undefined);
    assert.deepEqual(verdictOn(text, 9), ['ok']);
  });
});

describe('a definition written right to left', () => {
  const text = String.raw`$$ L^T L = \Sigma $$

$$ \nabla_{\mathbf{x}}\, \tfrac{1}{2} \mathbf{x}^T \Sigma \mathbf{x} = L^T L \mathbf{x} $$
`;
  test('LᵀL = Σ defines Σ, so a claim that needs Σ = LᵀL holds', () => {
    const read = readDocument({ uri: 'mem://t', version: 1, language: 'markdown', text });
    assert.ok(read.env.definitionAt('\\Sigma', text.indexOf('\\nabla')));
    assert.deepEqual(verdictOn(text, 3), ['ok']);
  });
  test('an equality whose right side is already in use stays a claim', () => {
    const claim = String.raw`Let $S = A^T A$.

$$ A^T A = S $$
`;
    const read = readDocument({ uri: 'mem://t', version: 1, language: 'markdown', text: claim });
    const kinds = read.statements.flatMap((s) => s.steps.map((step) => step.kind));
    assert.deepEqual(kinds, ['definition', 'equality']);
  });
});

describe('a symbol’s structured identity', () => {
  for (const [name, base, index] of [
    ['x_{i}', 'x', 'i'],
    ['\\mathbf{x}_{n}', '\\mathbf{x}', 'n'],
    ['x^{(i)}', 'x', 'i'],
    ['W_{1}', 'W', '1'],
    ['\\Sigma', '\\Sigma', undefined],
    ['W_{1}_{i}', 'W_{1}', 'i'],
  ] as const) {
    test(`${name}: base ${base}, index ${index ?? 'none'}`, () => {
      const ref = symbolRef(name);
      assert.equal(ref.base, base);
      assert.equal(memberIndex(ref), index);
    });
  }
});

describe('an answer that restates the problem in words', () => {
  const text = String.raw`How do I differentiate $\operatorname{tr}(X^T A X)$ when $X$ is $n \times p$ and $A$ is $n\times n$?

---

Write $X$ as an $m\times k$ matrix and $A$ as $m \times m$; then

$$\frac{\partial}{\partial X} \operatorname{tr}(X^T A X) = (A + A^T) X$$
`;
  test('starts a new scope for the sizes it restates', () => {
    const at = text.indexOf('\\frac');
    assert.equal(dimsAt(text, 'X', '\\frac'), 'm×k');
    assert.equal(dimsAt(text, 'A', '\\frac'), 'm×m');
    assert.equal(dimsAt(text, 'X', 'when'), 'n×p');
    assert.ok(at > 0);
    assert.deepEqual(verdictOn(text, 7), ['ok']);
  });
});

describe('d, e, I and σ are variables where the note declares them (one parse)', () => {
  const rhsOf = (text: string, needle: string) => {
    const read = readDocument({ uri: 'mem://t', version: 1, language: 'markdown', text });
    const at = text.indexOf(needle);
    const statement = read.statements.find(
      (s) => s.chain && s.chain.span.start <= at && at < s.chain.span.end,
    );
    return statement?.chain?.operands[1];
  };
  for (const [declaration, claim, needle, variable] of [
    ['$d \\in \\mathbb{R}$', '$$ y = dx $$', 'y =', true],
    ['$\\mathbf{d} \\in \\mathbb{R}^n$', '$$ y = dx $$', 'y =', true],
    ['$c, d \\in \\mathbb{R}$', '$$ y = dx $$', 'y =', true],
    ['$x + d \\in \\mathbb{R}$', '$$ y = dx $$', 'y =', false],
    ['$d_1 \\in \\mathbb{R}$', '$$ y = dx $$', 'y =', false],
    ['$I \\in \\mathbb{N}$', '$$ y = I x $$', 'y =', true],
  ] as const) {
    test(`${declaration}: ${variable ? 'a variable' : 'still the operator'}`, () => {
      const rhs = rhsOf(`${declaration}\n\n${claim}\n`, needle);
      assert.ok(rhs);
      const reserved = rhs.type === 'differential' || JSON.stringify(rhs).includes('"identity"');
      assert.equal(!reserved, variable);
    });
  }
});

describe('densities and likelihoods: p(x | θ) is a function of what is inside', () => {
  for (const [label, text] of [
    [
      'braced log',
      String.raw`$$\log{p(x \mid \mu, \sigma)} = -\frac{1}{2\sigma^{2}} (x-\mu)^2$$

$$\frac{\partial \log{p(x \mid \mu, \sigma)}}{\partial \mu} = \frac{1}{\sigma^2} (x-\mu)$$
`,
    ],
    [
      'a likelihood with a bar',
      String.raw`$$\ell(\theta | x) = -\frac{1}{2} (x - \theta)^2$$

$$\frac{\partial \ell(\theta | x)}{\partial \theta} = x - \theta$$
`,
    ],
  ] as const) {
    test(`${label}: defined, and its derivative checks`, () => {
      const found = verdicts(text);
      assert.ok(
        !found.some((f) => f.verdict === 'shape-error'),
        found.map((f) => f.message).join(' | '),
      );
      assert.deepEqual(verdictOn(text, 3), ['ok']);
    });
  }
  test('the same claim with the wrong sign is caught', () => {
    const text = String.raw`$$\log{p(x \mid \mu, \sigma)} = -\frac{1}{2\sigma^{2}} (x-\mu)^2$$

$$\frac{\partial \log{p(x \mid \mu, \sigma)}}{\partial \mu} = -\frac{1}{\sigma^2} (x-\mu)$$
`;
    assert.deepEqual(verdictOn(text, 3), ['mismatch']);
  });
});

describe('{\\rm sym}, {\\rm tr}: upright words written with a switch', () => {
  test('2 sym(XᵀdX) equals dXᵀX + XᵀdX, in a differential chain', () => {
    const text = String.raw`$$ d\,{\rm tr}(X^TX) = {\rm tr}(dX^TX + X^TdX) = {\rm tr}(2\,{\rm sym}(X^TdX)) $$
`;
    const found = verdicts(text).filter((f) => f.kind === 'differential' || f.kind === 'equality');
    assert.ok(found.length >= 2);
    assert.deepEqual(
      found.map((f) => f.verdict),
      found.map(() => 'ok'),
    );
  });
  test('a wrong factor on sym is caught', () => {
    const text = String.raw`$$ d\,{\rm tr}(X^TX) = {\rm tr}(dX^TX + X^TdX) = {\rm tr}({\rm sym}(X^TdX)) $$
`;
    assert.ok(verdicts(text).some((f) => f.verdict === 'mismatch'));
  });
});

describe('dA = 0 says A is held constant', () => {
  const text = String.raw`Let $A \in \mathbb{R}^{m\times n}$ be constant.

$$ dA = \mathbf{0}, \quad dB = 0 $$
`;
  test('a condition, not a claim; the fact is in the table', () => {
    const found = verdicts(text).filter((f) => f.range.start.line === 2);
    assert.deepEqual(
      found.map((f) => f.verdict),
      ['skipped', 'skipped'],
    );
    const read = readDocument({ uri: 'mem://t', version: 1, language: 'markdown', text });
    const roles = read.env.facts
      .resolve('A', text.indexOf('dA'))
      .facts.filter((f) => f.says.kind === 'role');
    assert.equal(roles.length, 1);
  });
  test('𝟎 without a size is the zero of the other side’s shape', () => {
    const claim = String.raw`Let $X \in \mathbb{R}^{m\times n}$.

$$ d(X - X) = \mathbf{0} $$`;
    assert.deepEqual(verdictOn(claim, 3), ['ok']);
  });
});

describe('L = L(a) says what L depends on', () => {
  const text = String.raw`Let $\mathbf{a} \in \mathbb{R}^m$ and $L = L(\mathbf{a})$ a scalar loss.

$$ \frac{\partial L}{\partial \mathbf{a}} \odot \mathbf{a} = \mathbf{a} \odot \frac{\partial L}{\partial \mathbf{a}} $$
`;
  test('neither a definition of L nor a claim: no finding, and L stays the abstract loss', () => {
    const found = verdicts(text);
    assert.ok(!found.some((f) => f.kind === 'definition' || f.verdict === 'shape-error'));
    const read = readDocument({ uri: 'mem://t', version: 1, language: 'markdown', text });
    assert.equal(read.env.definitionAt('L', text.length), undefined);
  });
});

describe('y ∈ Δ^K: a probability vector of K entries', () => {
  for (const space of ['\\Delta^{K}', '\\Delta^{K-1}', '\\Delta_K']) {
    test(`y ∈ ${space}`, () => {
      const text = `Let $\\mathbf{y} \\in ${space}$ and $\\mathbf{z} \\in \\mathbb{R}^K$.

$$\\nabla_{\\mathbf{z}} \\left(-\\mathbf{y}^T \\log \\operatorname{softmax}(\\mathbf{z})\\right) = \\operatorname{softmax}(\\mathbf{z}) - \\mathbf{y}$$
`;
      const read = readDocument({ uri: 'mem://t', version: 1, language: 'markdown', text });
      const y = read.env.declarationAt('y', text.indexOf('\\nabla'));
      assert.deepEqual(
        y?.dims?.map((d) => ('name' in d ? d.name : d.value)),
        ['K'],
      );
      assert.ok(y?.properties?.includes('probability'));
      assert.deepEqual(verdictOn(text, 3), ['ok']);
    });
  }
});

describe('a remark in the same row makes an equation one to solve', () => {
  test('"\\text{(at 0 derivative)}" after the equality: skipped, not a mismatch', () => {
    const text = String.raw`Let $X \in \mathbb{R}^{n\times d}$, $\mathbf{y} \in \mathbb{R}^n$, $\mathbf{w} \in \mathbb{R}^d$.

$$
\begin{aligned}
2X^T\mathbf{y} &= 2X^TX\mathbf{w} \text{ (at 0 derivative)}
\end{aligned}
$$
`;
    assert.deepEqual(verdictOn(text, 5), ['skipped']);
  });
  test('without the remark it is checked (and fails on random draws)', () => {
    const text = String.raw`Let $X \in \mathbb{R}^{n\times d}$, $\mathbf{y} \in \mathbb{R}^n$, $\mathbf{w} \in \mathbb{R}^d$.

$$
\begin{aligned}
2X^T\mathbf{y} &= 2X^TX\mathbf{w}
\end{aligned}
$$
`;
    assert.deepEqual(verdictOn(text, 5), ['mismatch']);
  });
});

describe('x^i under Σ_i: a superscript index, never a matrix power error', () => {
  test('not checked, and no error', () => {
    const text = String.raw`Let $X \in \mathbb{R}^{m\times n}$, $\mathbf{y} \in \mathbb{R}^m$, $\mathbf{w} \in \mathbb{R}^n$.

$$ J = \frac{1}{2} \sum_{i=1}^{m} (\mathbf{w}^T \mathbf{x}^i - \mathbf{y}^i)^2 $$
`;
    const found = verdicts(text);
    assert.ok(!found.some((f) => f.severity === 'error'), found.map((f) => f.message).join(' | '));
    assert.ok(found.some((f) => f.verdict === 'unsupported'));
  });
  test('a power of a square matrix is still a power', () => {
    const text = String.raw`Let $A \in \mathbb{R}^{n\times n}$.

$$ \frac{\partial}{\partial A} \operatorname{tr}(A^2) = 2A^T $$
`;
    assert.deepEqual(verdictOn(text, 3), ['ok']);
  });
});

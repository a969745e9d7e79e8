// Two declared size letters for one size (A ∈ ℝ^{n×m}, B ∈ ℝ^{k×n}, then tr(AB)): the claim is
// read with k = m, and ok only if the numbers then confirm it. Letters one symbol is declared
// with (W ∈ ℝ^{D×K}), or that the note orders (k < m), stay apart.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import type { Finding } from '../../src/core/report';

const DECLARED = String.raw`Let $A \in \mathbb{R}^{n \times m}$ and $B \in \mathbb{R}^{k \times n}$.`;

function claims(text: string, numeric: false | undefined = undefined): Finding[] {
  const { findings } = analyzeDocument(
    { uri: 'mem://sizes.md', version: 1, language: 'markdown', text },
    { numeric: numeric === false ? false : { draws: 3, seed: 1 } },
  );
  return findings.filter((f) => f.kind === 'gradient' || f.kind === 'equality');
}

const one = (text: string, numeric?: false) => {
  const found = claims(text, numeric);
  assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
  return found[0];
};

const sizesOf = (f: Finding) => (f.sizes ?? []).map(({ name, as }) => [name, as].sort().join('='));

describe('size letters read as one size', () => {
  test('a true identity whose declarations name one size twice is ok, read with k = m', () => {
    const f = one(`${DECLARED}\n\n$$\\nabla_A \\operatorname{tr}(AB) = B^T$$\n`);
    assert.equal(f.verdict, 'ok');
    assert.equal(f.severity, 'information');
    assert.deepEqual(sizesOf(f), ['k=m']);
    // the declarations behind the reading are pointed at
    assert.ok((f.related ?? []).length > 0);
  });

  test('the same identity as an equality of traces', () => {
    const f = one(`${DECLARED}\n\n$$\\operatorname{tr}(AB) = \\operatorname{tr}(BA)$$\n`);
    assert.equal(f.verdict, 'ok');
    assert.deepEqual(sizesOf(f), ['k=m']);
  });

  test('a claim wrong under the reading too keeps its shape error', () => {
    const f = one(`${DECLARED}\n\n$$\\nabla_A \\operatorname{tr}(AB) = 2B^T$$\n`);
    assert.equal(f.verdict, 'shape-error');
    assert.equal(f.sizes, undefined);
  });

  test('a claim ill-formed under the reading too keeps its shape error, no reading', () => {
    const f = one(`${DECLARED}\n\n$$\\nabla_A \\operatorname{tr}(AB) = B$$\n`);
    assert.equal(f.verdict, 'shape-error');
    assert.equal(f.sizes, undefined);
  });

  test('the two sizes of one symbol are never one: tr of an m×n matrix', () => {
    const f = one(
      String.raw`Let $C \in \mathbb{R}^{m \times n}$.` +
        '\n\n$$\\nabla_C \\operatorname{tr}(C) = I$$\n',
    );
    assert.equal(f.verdict, 'shape-error');
  });

  test('nor two letters some other symbol is declared with', () => {
    const f = one(
      `${DECLARED} Let $W \\in \\mathbb{R}^{k \\times m}$.\n\n$$\\nabla_A \\operatorname{tr}(AB) = B^T$$\n`,
    );
    assert.equal(f.verdict, 'shape-error');
  });

  test('nor sizes the note orders', () => {
    const f = one(`${DECLARED} Here $k < m$.\n\n$$\\nabla_A \\operatorname{tr}(AB) = B^T$$\n`);
    assert.equal(f.verdict, 'shape-error');
  });

  test('numbers are never read as one size', () => {
    const f = one(
      String.raw`Let $A \in \mathbb{R}^{3 \times 2}$ and $B \in \mathbb{R}^{4 \times 3}$.` +
        '\n\n$$\\nabla_A \\operatorname{tr}(AB) = B^T$$\n',
    );
    assert.equal(f.verdict, 'shape-error');
  });

  test('without the numeric check nothing confirms the reading: the shape error stands', () => {
    const f = one(`${DECLARED}\n\n$$\\nabla_A \\operatorname{tr}(AB) = B^T$$\n`, false);
    assert.equal(f.verdict, 'shape-error');
  });

  test('two pairs of letters, each from a different declaration', () => {
    const f = one(
      String.raw`Let $A \in \mathbb{R}^{p \times q}$, $X \in \mathbb{R}^{r \times s}$ and $B \in \mathbb{R}^{t \times p}$.` +
        '\n\n$$\\frac{\\partial}{\\partial X} \\operatorname{tr}(AXB) = A^T B^T$$\n',
    );
    assert.equal(f.verdict, 'ok', f.message);
    assert.deepEqual(sizesOf(f).sort(), ['q=r', 's=t']);
  });

  test('a note that needs three pairs read as one is not read that way', () => {
    const f = one(
      String.raw`Let $A \in \mathbb{R}^{p \times q}$, $X \in \mathbb{R}^{r \times s}$ and $B \in \mathbb{R}^{t \times u}$.` +
        '\n\n$$\\frac{\\partial}{\\partial X} \\operatorname{tr}(AXB) = A^T B^T$$\n',
    );
    assert.equal(f.verdict, 'shape-error');
  });
});

// Unicode that people paste into math: math letters (𝐱, 𝐀, 𝛉, 𝟏), script runs (x¹⁰, xᵢⱼ, ℝⁿˣᵈ),
// ⊤ without a caret, ℕ, ½, ′. Read as the LaTeX they stand for, so the checks run on them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { tokenize } from '../../src/core/latex/tokenize';

function findings(text: string) {
  return analyzeDocument({ uri: 'note.md', version: 1, language: 'markdown', text }).findings;
}
const texts = (math: string) =>
  tokenize({ text: math, contentStart: 0 })
    .map((t) => t.text)
    .join(' ');

test('math alphanumerics are their LaTeX spellings', () => {
  assert.equal(texts('𝐱'), '\\mathbf { x }');
  assert.equal(texts('𝐖'), '\\mathbf { W }');
  assert.equal(texts('𝑥'), 'x');
  assert.equal(texts('𝛉'), '\\boldsymbol { \\theta }');
  assert.equal(texts('𝚺'), '\\boldsymbol { \\Sigma }');
  assert.equal(texts('𝓛'), '\\mathcal { L }');
  assert.equal(texts('𝟏'), '\\mathbf { 1 }');
  assert.equal(texts('𝛁'), '\\nabla');
});

test('script runs become one group: x¹⁰, X⁻¹, Xᵀ, xᵢⱼ, W₁₂, ℝⁿˣᵈ, Aᴴ', () => {
  assert.equal(texts('x¹⁰'), 'x ^ { 1 0 }');
  assert.equal(texts('X⁻¹'), 'X ^ { - 1 }');
  assert.equal(texts('Xᵀ'), 'X ^ { \\top }');
  assert.equal(texts('xᵢⱼ'), 'x _ { i j }');
  assert.equal(texts('W₁₂'), 'W _ { 1 2 }');
  assert.equal(texts('ℝⁿˣᵈ'), '\\R ^ { n \\times d }');
  assert.equal(texts('X⊤'), 'X ^ \\top');
  assert.equal(texts('X^⊤'), 'X ^ \\top');
  assert.equal(texts('½'), '\\frac { 1 } { 2 }');
  assert.equal(texts('ℕ'), '\\mathbb { N }');
});

test('a pasted quadratic form: declarations, right gradient ok, missing transpose caught', () => {
  const note = [
    'Let $𝐱 ∈ ℝⁿ$, $𝐀 ∈ ℝⁿˣⁿ$.',
    '',
    '$$f(𝐱) = ½ 𝐱ᵀ𝐀𝐱$$',
    '$$∇_𝐱 f = ½(𝐀 + 𝐀ᵀ)𝐱$$',
    '$$∇_𝐱 f = 𝐀𝐱$$',
  ].join('\n');
  const all = findings(note);
  assert.ok(!all.some((f) => f.verdict === 'parse-error'), all.map((f) => f.message).join('\n'));
  const declared = all.filter((f) => f.kind === 'declaration').map((f) => f.message);
  assert.deepEqual(declared, ['x: n×1', 'A: n×n']);
  const [right, wrong] = all.filter((f) => f.kind === 'gradient');
  assert.equal(right.verdict, 'ok', right.message);
  assert.equal(wrong.verdict, 'mismatch', wrong.message);
});

test('Unicode everywhere: ‖W‖²_F, ∂g/∂W, ∑ᵢ xᵢ⁴, 𝛉ᵀ𝛉 − 𝟏ᵀ𝛉, x′x', () => {
  const note = [
    '$W ∈ ℝᵐˣⁿ$ and $g(W) = ‖W‖²_F$, so $∂g/∂W = 2W$ (and not $∂g/∂W = W$).',
    '',
    '$$k(x) = ∑ᵢ xᵢ⁴$$ with $x ∈ ℝⁿ$, and $∇ₓ k = 4 x^{∘3}$.',
    '',
    '$$q(𝛉) = 𝛉ᵀ𝛉 − 𝟏ᵀ𝛉$$ with $𝛉 ∈ ℝᵈ$, $∇_𝛉 q = 2𝛉 − 𝟏$.',
    '',
    '$r(x) = x′x$, $∇_x r = 2x$.',
  ].join('\n');
  const all = findings(note);
  assert.ok(
    !all.some((f) => f.verdict === 'parse-error' || f.verdict === 'shape-error'),
    all.map((f) => f.message).join('\n'),
  );
  const verdicts = all.filter((f) => f.kind === 'gradient').map((f) => f.verdict);
  assert.deepEqual(verdicts, ['ok', 'mismatch', 'ok', 'ok', 'ok']);
});

test('garbage Unicode never throws: unknown astral characters stay symbols', () => {
  assert.doesNotThrow(() => findings('$$ 🙂 + 𝔄 ⁽⁾ ₍₎ ˣ ᴴ $$'));
});

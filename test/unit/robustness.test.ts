// Bad input never crashes, hangs or passes silently: arbitrary text, unbalanced braces,
// deep nesting, binary junk and absurd sizes all finish with findings at valid positions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeDocument } from '../../src/core/analyze';
import type { DocumentLanguage } from '../../src/core/document';
import { LineIndex } from '../../src/core/document';

function analyze(text: string, language: DocumentLanguage = 'markdown') {
  return analyzeDocument({ uri: 'test', version: 1, language, text });
}

function assertRangesInside(text: string, language: DocumentLanguage = 'markdown') {
  const { findings } = analyze(text, language);
  const lines = new LineIndex(text);
  const last = lines.positionAt(text.length);
  for (const f of findings) {
    for (const p of [f.range.start, f.range.end]) {
      assert.ok(p.line >= 0 && p.character >= 0, `negative position in ${JSON.stringify(f)}`);
      assert.ok(
        p.line < last.line || (p.line === last.line && p.character <= last.character),
        `position past the end: ${JSON.stringify(f.range)}`,
      );
    }
    assert.ok(f.message.length > 0);
  }
  return findings;
}

const LATEX_PIECES = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '\\left(',
  '\\right)',
  '\\frac',
  '\\sqrt',
  '^',
  '_',
  '&',
  '\\\\',
  'A',
  'x',
  'X^T',
  '\\mathbf{x}',
  '=',
  '+',
  '-',
  ':',
  '\\odot',
  '\\|',
  '|',
  '\\sum_{i}',
  '\\partial',
  '\\nabla_X',
  'd',
  '\\def\\a{\\a}',
  '\\newcommand{\\b}[1]{#1#1}',
  '\\b',
  '#1',
  '%',
  '$',
  '\\begin{align}',
  '\\end{align}',
  '\\in',
  '\\mathbb{R}^{m\\times n}',
  '\\langle',
  '\\rangle',
  ',',
  '\\foo',
  '\\log',
  '2',
];

test('arbitrary strings in every language never throw', () => {
  for (const language of ['markdown', 'latex', 'notebook'] as const) {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => void assertRangesInside(s, language)),
      { numRuns: 300 },
    );
  }
});

test('arbitrary unicode inside math never throws', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
      assertRangesInside(`Text $${s}$ and\n$$${s}$$\n`);
      assertRangesInside(`\\begin{align}${s}\\end{align}`, 'latex');
    }),
    { numRuns: 300 },
  );
});

test('random LaTeX-like token soup (unbalanced braces, broken macros) never throws', () => {
  const soup = fc
    .array(fc.constantFrom(...LATEX_PIECES), { maxLength: 60 })
    .map((pieces) => pieces.join(' '));
  fc.assert(
    fc.property(soup, (s) => {
      assertRangesInside(`$$ ${s} $$\n`);
      assertRangesInside(`$${s}$`);
    }),
    { numRuns: 1000 },
  );
});

test('unbalanced braces give a parse error at the brace', () => {
  const text = '$$ \\frac{A}{B + C $$';
  const findings = analyze(text).findings;
  const error = findings.find((f) => f.verdict === 'parse-error');
  assert.ok(error, JSON.stringify(findings));
  assert.equal(error.range.start.line, 0);
  assert.equal(text[error.range.start.character], '{');
});

for (const [name, open, close] of [
  ['parentheses', '(', ')'],
  ['braces', '{', '}'],
  ['fractions', '\\frac{1}{', '}'],
  ['square roots', '\\sqrt{', '}'],
  ['\\left( \\right)', '\\left(', '\\right)'],
  ['norms', '\\|', '\\|'],
] as const) {
  test(`10,000-deep nesting of ${name} finishes with a finding`, { timeout: 20_000 }, () => {
    const depth = 10_000;
    const text = `$$ y = ${open.repeat(depth)}x${close.repeat(depth)} $$\n`;
    const findings = assertRangesInside(text);
    // too deep for the parser, or (20,000 tokens) too long for it to start: either is said
    assert.ok(
      findings.some(
        (f) =>
          (f.verdict === 'parse-error' && /nested/.test(f.message)) || f.verdict === 'unsupported',
      ),
      JSON.stringify(findings.slice(0, 3)),
    );
  });
}

test('10,000 unclosed braces finish with a parse error', { timeout: 20_000 }, () => {
  const findings = assertRangesInside(`$$ ${'{'.repeat(10_000)} x $$`);
  // past TOKENS_PER_STATEMENT the statement is reported unread, which is not a parse error
  assert.ok(findings.some((f) => f.verdict === 'parse-error' || f.verdict === 'unsupported'));
});

test('binary junk with NUL bytes never throws', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      const text = Buffer.from(bytes).toString('latin1');
      assertRangesInside(text);
      assertRangesInside(`$$${text}$$`);
      assertRangesInside(text, 'notebook');
    }),
    { numRuns: 300 },
  );
});

test('a recursive macro is a finding at its use, not a hang', { timeout: 10_000 }, () => {
  const text = '$\\def\\a{x\\a}$\n\n$$ y = \\a $$\n';
  const findings = analyze(text).findings;
  const problem = findings.find((f) => /recursive/.test(f.message));
  assert.ok(problem, JSON.stringify(findings));
  assert.equal(problem.range.start.line, 2);
  assert.equal(
    text.split('\n')[2].slice(problem.range.start.character, problem.range.end.character),
    '\\a',
  );
});

test('absurd declared sizes are read as shapes without allocating anything', () => {
  const text =
    '$X \\in \\mathbb{R}^{100000000 \\times 100000000}$\n\n$$ \\nabla_X \\operatorname{tr}(X) = I $$\n';
  const findings = analyze(text).findings;
  const claim = findings.find((f) => f.kind === 'gradient');
  assert.ok(claim);
  assert.equal(claim.shapes?.lhs, '100000000×100000000');
});

test('a very long single formula is read in one piece', { timeout: 20_000 }, () => {
  const terms = Array.from({ length: 150 }, (_, i) => `a_{${i}} X`).join(' + ');
  const findings = assertRangesInside(`$$ Y = ${terms} $$`);
  assert.ok(findings.some((f) => f.kind === 'definition'));
  // past the core's limits (src/core/limits.ts) it is one finding for the formula, not a crash
  const huge = Array.from({ length: 3000 }, (_, i) => `a_{${i}} X`).join(' + ');
  const over = assertRangesInside(`$$ Y = ${huge} $$`);
  assert.deepEqual(
    over.map((f) => [f.verdict, f.range.start.character]),
    [['unsupported', 3]],
  );
});

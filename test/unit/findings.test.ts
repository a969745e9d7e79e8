// Findings on in-memory documents: exact ranges (0-based line, UTF-16 character) and the
// content of the messages, for parse errors, unknown macros, shape errors and claims.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeDocument, type AnalyzeOptions } from '../../src/core/analyze';
import type { DocumentLanguage, Range } from '../../src/core/document';
import type { Finding } from '../../src/core/report';

/** Shape-level findings: claims whose shapes agree stay 'skipped' (no numeric check). */
const SHAPES_ONLY: AnalyzeOptions = { numeric: false };

function findingsOf(
  text: string,
  language: DocumentLanguage = 'markdown',
  options: AnalyzeOptions = SHAPES_ONLY,
): Finding[] {
  return analyzeDocument({ uri: 'mem://findings', version: 1, language, text }, options).findings;
}

/** The range of the `occurrence`-th (0-based) appearance of `needle` in `text`. */
function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' #${occurrence} not in the document`);
  }
  const position = (offset: number) => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, character: offset - (before.lastIndexOf('\n') + 1) };
  };
  return { start: position(at), end: position(at + needle.length) };
}

/** The one finding that is not about a declaration; fails if there are more or none. */
function only(
  findings: Finding[],
  filter: (f: Finding) => boolean = (f) => f.kind !== 'declaration',
): Finding {
  const chosen = findings.filter(filter);
  assert.equal(
    chosen.length,
    1,
    `expected one finding, got ${JSON.stringify(chosen.map((f) => f.message))}`,
  );
  return chosen[0];
}

const errors = (findings: Finding[]) => findings.filter((f) => f.severity === 'error');

// ── parse errors ────────────────────────────────────────────────────────────────────────

void test('parse error: unbalanced { points at the brace that is never closed', () => {
  const text = 'Intro\n\n$$ x = {a + b $$\n';
  const f = only(findingsOf(text));
  assert.equal(f.verdict, 'parse-error');
  // what GradLens cannot read is its limit, not the writer's mistake: no error
  assert.equal(f.severity, 'information');
  assert.deepEqual(f.range, { start: { line: 2, character: 7 }, end: { line: 2, character: 8 } });
  assert.equal(f.message, "unbalanced '{': no matching '}'");
});

void test('parse error: \\frac{1}{ with its second argument never closed', () => {
  const text = '$$ y = \\frac{1}{ $$';
  const f = only(findingsOf(text));
  assert.equal(f.verdict, 'parse-error');
  assert.deepEqual(f.range, rangeOf(text, '{', 1));
  assert.deepEqual(f.range, { start: { line: 0, character: 15 }, end: { line: 0, character: 16 } });
  assert.match(f.message, /unbalanced '\{'/);
});

void test('parse error: \\left( without \\right) covers `\\left(`', () => {
  const text = 'Let us see.\n$$ z = \\left( x + y $$';
  const f = only(findingsOf(text));
  assert.equal(f.verdict, 'parse-error');
  assert.deepEqual(f.range, rangeOf(text, '\\left('));
  assert.deepEqual(f.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 13 } });
  assert.equal(f.message, "unbalanced '(': no matching ')'");
});

void test('parse error: a stray } is pointed at', () => {
  const text = '$$\nx + y}\n$$';
  const f = only(findingsOf(text));
  assert.equal(f.verdict, 'parse-error');
  assert.deepEqual(f.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 6 } });
  assert.equal(f.message, "unbalanced '}'");
});

void test('parse error: `x + ` at the end points at the +', () => {
  const text = '$$ x + $$';
  const f = only(findingsOf(text));
  assert.equal(f.verdict, 'parse-error');
  assert.deepEqual(f.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 6 } });
  assert.equal(f.message, "'+' has no right operand");
});

void test('parse error: an operator before a closing parenthesis has no right operand', () => {
  // The + comes from a macro argument: it keeps its own position.
  const text = '$\\newcommand{\\h}[1]{\\left(#1\\right)}$\n$$ y = \\h{x + } $$';
  const f = only(findingsOf(text));
  assert.equal(f.verdict, 'parse-error');
  assert.deepEqual(f.range, rangeOf(text, '+'));
  assert.equal(f.message, "'+' has no right operand");
});

void test('parse error: ^-1 without braces says how to write it', () => {
  const text = '$$ y = X^-1 $$';
  const f = only(findingsOf(text));
  assert.equal(f.verdict, 'parse-error');
  assert.deepEqual(f.range, rangeOf(text, '-'));
  assert.equal(f.message, 'TeX reads ^-1 as ^{-}1: write ^{-1}');
});

void test('directive: a size that cannot be read is reported on the entry', () => {
  const text = '<!-- gradlens: X k by l, A m×n -->\n\n$$ A^T $$\n';
  const f = only(findingsOf(text), (x) => x.kind === 'declaration');
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.range, rangeOf(text, 'X k by l'));
  assert.equal(f.message, "gradlens directive: cannot read the size 'k by l' of X");
});

// ── unknown macros ──────────────────────────────────────────────────────────────────────

void test('unknown macro: named, and the range is exactly `\\foo`', () => {
  const text = 'Some prose.\n\n$$ y = 2\\foo x $$\n';
  const f = only(findingsOf(text));
  assert.equal(f.verdict, 'unsupported');
  assert.equal(f.severity, 'information');
  assert.deepEqual(f.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 12 } });
  assert.equal(f.message, 'unknown macro \\foo');
});

void test('unknown macro inside a user macro: points at the use of the user macro and names both', () => {
  const text = '$\\def\\g#1{\\foo #1}$\n\n$$ y = \\g{x} + 1 $$\n';
  const f = only(findingsOf(text));
  assert.equal(f.verdict, 'unsupported');
  assert.deepEqual(f.range, rangeOf(text, '\\g{x}'));
  assert.deepEqual(f.range, { start: { line: 2, character: 7 }, end: { line: 2, character: 12 } });
  assert.equal(f.message, 'unknown macro \\foo (in the expansion of \\g)');
});

void test('unknown macro in a .tex align environment', () => {
  const text = '\\begin{align}\n  a &= b \\\\\n  c &= \\bar d + \\qux\n\\end{align}\n';
  const f = only(findingsOf(text, 'latex'), (x) => x.verdict === 'unsupported');
  assert.deepEqual(f.range, rangeOf(text, '\\qux'));
  assert.deepEqual(f.range, { start: { line: 2, character: 16 }, end: { line: 2, character: 20 } });
  assert.equal(f.message, 'unknown macro \\qux');
});

void test('unknown macro in a notebook: the range is in the raw .ipynb text', () => {
  const text = JSON.stringify(
    {
      cells: [{ cell_type: 'markdown', metadata: {}, source: ['$$ y = \\foo x $$'] }],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
  const f = only(findingsOf(text, 'notebook'));
  // In the file the backslash is escaped: the range covers the five characters `\\foo`.
  assert.deepEqual(f.range, rangeOf(text, '\\\\foo'));
  assert.equal(f.message, 'unknown macro \\foo');
});

// ── shape errors ────────────────────────────────────────────────────────────────────────

const AB = '$A \\in \\mathbb{R}^{m\\times n}$\n\n$B \\in \\mathbb{R}^{k\\times l}$\n\n';

void test('shape error: A + B points at exactly `A + B`, names both shapes and both declarations', () => {
  const text = AB + '$$ C = A + B $$\n';
  const f = only(findingsOf(text));
  assert.equal(f.verdict, 'shape-error');
  assert.equal(f.severity, 'error');
  assert.equal(f.code, 'gradlens.shape');
  assert.deepEqual(f.range, rangeOf(text, 'A + B'));
  assert.deepEqual(f.range, { start: { line: 4, character: 7 }, end: { line: 4, character: 12 } });
  assert.equal(
    f.message,
    'cannot add A (m×n, declared on line 1) and B (k×l, declared on line 3): the shapes differ',
  );
  assert.deepEqual(
    f.related?.map((r) => [r.range.start.line, r.message]),
    [
      [0, 'A declared m×n here'],
      [2, 'B declared k×l here'],
    ],
  );
});

void test('shape error: a product with mismatched inner dimensions', () => {
  const text = AB + '$$ C = A B^T + 1 $$\n';
  const f = only(findingsOf(text));
  assert.equal(f.verdict, 'shape-error');
  assert.deepEqual(f.range, rangeOf(text, 'A B^T'));
  assert.equal(
    f.message,
    'cannot multiply A (m×n, declared on line 1) by Bᵀ (l×k): n columns against l rows',
  );
});

void test('shape error: the smallest offending subexpression, deep inside', () => {
  const text = AB + '$$ f = \\operatorname{tr}\\left(A^T (A + B)\\right) + 1 $$\n';
  const f = only(findingsOf(text));
  assert.deepEqual(f.range, rangeOf(text, 'A + B'));
  assert.match(
    f.message,
    /^cannot add A \(m×n, declared on line 1\) and B \(k×l, declared on line 3\)/,
  );
});

void test('shape error inside a macro argument points into the argument', () => {
  const text = '$\\def\\LR#1{\\left(#1\\right)}$\n' + AB + '$$ f = \\LR{A + B} $$\n';
  const f = only(findingsOf(text));
  assert.deepEqual(f.range, rangeOf(text, 'A + B'));
});

void test('shape error: an undeclared symbol says where its shape came from', () => {
  const text = '$A \\in \\mathbb{R}^{m\\times n}$\n\n$$ y = A x + A $$\n';
  const f = only(findingsOf(text));
  assert.deepEqual(f.range, rangeOf(text, 'A x + A'));
  assert.equal(f.message, 'cannot add Ax (m×1) and A (m×n, declared on line 1): the shapes differ');
});

// ── the seed question ───────────────────────────────────────────────────────────────────

const question = readFileSync(new URL('../fixtures/seed-question.md', import.meta.url), 'utf8');
const answer = readFileSync(new URL('../fixtures/seed-answer.md', import.meta.url), 'utf8');

void test('seed question: exactly one error, the gradient claim, at its = (numeric checks on)', () => {
  const findings = findingsOf(question, 'markdown', {});
  const [f, ...rest] = errors(findings);
  assert.equal(rest.length, 0, JSON.stringify(rest));
  assert.equal(f.kind, 'gradient');
  assert.equal(f.verdict, 'shape-error');
  assert.ok(f.message.startsWith('m×n, but X is k×l'), f.message);
  assert.match(f.message, /\(A ⊙ K\) ⊘ \(BᵀXC\) is m×n/);
  assert.deepEqual(f.shapes, { lhs: 'k×l', rhs: 'm×n' });
  assert.equal(f.wrt, 'X');
  const line = question.split('\n')[4];
  assert.deepEqual(f.range.start, { line: 4, character: line.indexOf(') = ') + 2 });
  assert.deepEqual(f.range.start, { line: 4, character: 123 });
  assert.deepEqual(f.range.end, { line: 4, character: line.lastIndexOf(' $$') });
});

void test('seed question: the \\leftarrow line is skipped, not an error', () => {
  const findings = findingsOf(question);
  const f = only(findings, (x) => x.range.start.line === 8);
  assert.equal(f.verdict, 'skipped');
  assert.equal(f.severity, 'information');
  assert.deepEqual(f.range.start, { line: 8, character: 14 });
  assert.match(f.message, /update rule/);
});

// ── the seed answer ─────────────────────────────────────────────────────────────────────

void test('seed answer: no errors or warnings at all, with or without the numeric checks', () => {
  for (const options of [SHAPES_ONLY, {}]) {
    const findings = findingsOf(answer, 'markdown', options);
    assert.deepEqual(
      findings.filter((f) => f.severity !== 'information').map((f) => f.message),
      [],
    );
  }
});

void test('seed answer: one finding per = step, each starting at its =', () => {
  const findings = findingsOf(answer);
  const lines = answer.split('\n');
  // Every `&=` and `\;=\;` of the \eqalign blocks is one step (the `=` of \sum_{i=1} is not).
  const expected: { line: number; character: number }[] = [];
  lines.forEach((text, line) => {
    for (const m of text.matchAll(/&=|\\;=\\;/g))
      expected.push({ line, character: m.index + m[0].indexOf('=') });
  });
  assert.equal(expected.length, 11);
  assert.deepEqual(
    findings.map((f) => f.range.start),
    expected,
  );
  // A few exact columns.
  assert.deepEqual(findings[0].range.start, { line: 8, character: 6 });
  assert.deepEqual(findings[2].range.start, { line: 10, character: 7 });
  assert.deepEqual(findings[5].range.start, { line: 13, character: 16 });
  assert.deepEqual(findings[7].range.start, { line: 19, character: 47 });
  assert.deepEqual(findings[10].range.start, { line: 27, character: 68 });
});

void test('seed answer: kinds and verdicts of the steps', () => {
  const findings = findingsOf(answer);
  assert.deepEqual(
    findings.map((f) => [f.kind, f.verdict]),
    [
      ['definition', 'ok'], //          \phi &= A:\log(…)
      ['equality', 'skipped'], //       &= A:\log(A) - A:\log(B^TXC)
      ['differential', 'skipped'], //   d\phi &= …
      ['differential', 'skipped'],
      ['differential', 'skipped'],
      ['gradient', 'skipped'], //       \grad{\phi}{X} &= …
      ['equality', 'skipped'], //       A:B = Σ A_ij B_ij
      ['equality', 'skipped'], //       = \trace{AB^T}
      ['equality', 'skipped'], //       A:A = ‖A‖²_F
      ['equality', 'skipped'],
      ['equality', 'skipped'],
    ],
  );
  const gradient = findings[5];
  assert.deepEqual(gradient.shapes, { lhs: 'k×l', rhs: 'k×l' });
  assert.equal(gradient.wrt, 'X');
  assert.match(gradient.message, /not checked numerically yet/);
  assert.equal(findings[0].message, 'φ defined: scalar');
  for (const f of findings.slice(1))
    if (f.kind !== 'gradient') assert.deepEqual(f.shapes, { lhs: 'scalar', rhs: 'scalar' });
});

// ── claims ──────────────────────────────────────────────────────────────────────────────

void test('align: a line `&= …` continues the chain, each step judged against the one before', () => {
  const text = [
    '$A \\in \\mathbb{R}^{m\\times n}$',
    '',
    '$$\\begin{align}',
    'f &= \\|A\\|_F^2 \\\\',
    '  &= A A^T \\\\',
    '  &= (A A^T)^T',
    '\\end{align}$$',
  ].join('\n');
  const findings = findingsOf(text).filter((f) => f.kind !== 'declaration');
  assert.deepEqual(
    findings.map((f) => [f.kind, f.verdict, f.range.start.line, f.range.start.character]),
    [
      ['definition', 'ok', 3, 3],
      ['equality', 'shape-error', 4, 3],
      ['equality', 'skipped', 5, 3],
    ],
  );
  assert.equal(findings[1].message.split(':')[0], 'm×m, but the left side is scalar');
  assert.deepEqual(findings[1].shapes, { lhs: 'scalar', rhs: 'm×m' });
  assert.deepEqual(findings[2].shapes, { lhs: 'm×m', rhs: 'm×m' });
});

void test('an inline claim in prose is checked where it is', () => {
  const text =
    '$W \\in \\mathbb{R}^{m\\times n}$\n\n$$ \\mathcal{L} = \\|W\\|_F^2 $$\n\nso the gradient $\\nabla_W \\mathcal{L} = 2W^T$ is wrong.\n';
  const f = only(findingsOf(text), (x) => x.kind === 'gradient');
  assert.equal(f.verdict, 'shape-error');
  assert.deepEqual(f.range, rangeOf(text, '= 2W^T'));
  assert.deepEqual(f.range.start, { line: 4, character: 38 });
  assert.ok(f.message.startsWith('n×m, but W is m×n'), f.message);
});

void test('f(W) defined in one region, \\nabla_W f(W) claimed in another', () => {
  const text =
    '$W \\in \\mathbb{R}^{m\\times n}$, $X \\in \\mathbb{R}^{n\\times k}$\n\n$$ f(W) = \\|WX\\|_F^2 $$\n\nThen\n\n$$ \\nabla_W f(W) = 2 W X X^T $$\n';
  const f = only(findingsOf(text), (x) => x.kind === 'gradient');
  assert.equal(f.verdict, 'skipped');
  assert.equal(f.wrt, 'W');
  assert.deepEqual(f.shapes, { lhs: 'm×n', rhs: 'm×n' });
  assert.deepEqual(f.range, rangeOf(text, '= 2 W X X^T'));
});

void test('\\mathcal{L} defined, then \\frac{\\partial \\mathcal{L}}{\\partial W} in another region', () => {
  const text =
    '$W \\in \\mathbb{R}^{m\\times n}$\n\n$$ \\mathcal{L} = \\tfrac12 \\|W\\|_F^2 $$\n\n$$ \\frac{\\partial \\mathcal{L}}{\\partial W} = W $$\n';
  const f = only(findingsOf(text), (x) => x.kind === 'gradient');
  assert.equal(f.verdict, 'skipped');
  assert.deepEqual(f.shapes, { lhs: 'm×n', rhs: 'm×n' });
});

void test('a definition finding starts at its =', () => {
  const text = '$$ \\phi := x^T x $$';
  const f = only(findingsOf(text));
  assert.equal(f.kind, 'definition');
  assert.deepEqual(f.range, rangeOf(text, ':= x^T x'));
});

void test('the gradient of an undefined objective is unsupported and names it', () => {
  const text = '$$ \\nabla_W g = W $$';
  const f = only(findingsOf(text));
  assert.equal(f.kind, 'gradient');
  assert.equal(f.verdict, 'unsupported');
  assert.equal(f.severity, 'information');
  assert.deepEqual(f.range, rangeOf(text, '= W'));
  assert.equal(
    f.message,
    'cannot check ∂g/∂W: g is not defined in this document (write g = … before it)',
  );
});

void test('undefined objective written as an application g(W): unsupported, not a product g·W', () => {
  const f = only(findingsOf('$$ \\nabla_W g(W) = W $$'));
  assert.equal(f.verdict, 'unsupported');
  assert.match(f.message, /^cannot check ∂g\/∂W: g is not defined/);
});

void test('undefined uppercase objective J: unsupported, not a tensor-order shape error', () => {
  const f = only(
    findingsOf(
      '$$ \\frac{\\partial J}{\\partial \\mathbf{w}} = 2\\mathbf{X}^T(\\mathbf{X}\\mathbf{w} - \\mathbf{y}) $$',
    ),
  );
  assert.equal(f.verdict, 'unsupported');
  assert.match(f.message, /J is not defined in this document/);
});

void test('a gradient without its variable is unsupported, not a shape error', () => {
  const text = '$$ f = x^T x \\qquad \\nabla f = 2x $$';
  const f = only(findingsOf(text), (x) => x.kind === 'gradient');
  assert.equal(f.verdict, 'unsupported');
  assert.deepEqual(f.range, rangeOf(text, '\\nabla f'));
  assert.equal(f.message, 'the variable of this derivative is not written: use ∇_X f or ∂f/∂X');
});

const QUADRATIC =
  '$x \\in \\mathbb{R}^n$, $A \\in \\mathbb{R}^{n\\times n}$\n\n$$ f = x^T A x $$\n\n';

void test('a derivative with respect to an entry x_i of a declared vector is a number at each i, not unsupported', () => {
  // checked numerically as an array over i: test/unit/indexNotation.test.ts
  const f = only(
    findingsOf(QUADRATIC + '$$ \\frac{\\partial f}{\\partial x_i} = 2x_i $$'),
    (x) => x.kind === 'equality',
  );
  assert.equal(f.verdict, 'skipped');
  assert.deepEqual(f.shapes, { lhs: 'scalar', rhs: 'scalar' });
});

void test('\\nabla_x f(x) after `f = …` written without its parameter is the gradient of f', () => {
  const f = only(
    findingsOf(QUADRATIC + '$$ \\nabla_x f(x) = (A + A^T) x $$'),
    (x) => x.kind === 'gradient',
  );
  assert.equal(f.verdict, 'skipped');
  assert.deepEqual(f.shapes, { lhs: 'n×1', rhs: 'n×1' });
});

void test('a matrix-by-matrix derivative is unsupported (a tensor), not a shape error', () => {
  const f = only(findingsOf('$$ \\frac{\\partial (AX)}{\\partial X} = A $$'));
  assert.equal(f.verdict, 'unsupported');
  assert.match(f.message, /tensor of order 4 or 3/);
});

const JAC = '$A \\in \\mathbb{R}^{m\\times n}$, $x \\in \\mathbb{R}^n$\n\n';

void test('Jacobian claim = A: accepted, numerator layout named', () => {
  const f = only(findingsOf(JAC + '$$ \\frac{\\partial (Ax)}{\\partial x} = A $$'));
  assert.equal(f.verdict, 'skipped');
  assert.equal(f.diagnosis, 'numerator-layout');
  assert.deepEqual(f.shapes, { lhs: 'm×n', rhs: 'm×n' });
  assert.match(f.message, /numerator layout/);
});

void test('Jacobian claim = A^T: accepted, reported as denominator layout', () => {
  const f = only(findingsOf(JAC + '$$ \\frac{\\partial (Ax)}{\\partial x} = A^T $$'));
  assert.equal(f.verdict, 'skipped');
  assert.equal(f.diagnosis, 'denominator-layout');
  assert.match(f.message, /denominator layout \(n×m/);
});

void test('Jacobian claim of the wrong shape names both layouts', () => {
  const f = only(findingsOf(JAC + '$$ \\frac{\\partial (Ax)}{\\partial x} = x $$'));
  assert.equal(f.verdict, 'shape-error');
  assert.equal(
    f.message,
    'n×1, but the Jacobian of Ax with respect to x is m×n (numerator layout) or n×m (denominator layout)',
  );
});

// ── no false alarms ─────────────────────────────────────────────────────────────────────

void test('A(B + C) = AB + AC: a product, not the definition of a function A', () => {
  const f = only(findingsOf('$$ A(B + C) = AB + AC $$'));
  assert.equal(f.kind, 'equality');
  assert.equal(f.verdict, 'skipped');
  assert.deepEqual(f.shapes, { lhs: 'm×k', rhs: 'm×k' });
});

void test('`A, B \\in \\mathbb{R}^{n\\times n}` and prose lists `$A, B$` are no errors', () => {
  const findings = findingsOf(
    'Let $A, B \\in \\mathbb{R}^{n\\times n}$ and take matrices $C, D$.\n\n$$ AB $$',
  );
  assert.deepEqual(errors(findings), []);
  const declaration = only(findings, (f) => f.kind === 'declaration');
  assert.equal(declaration.verdict, 'ok');
  assert.equal(declaration.message, 'A, B: n×n');
});

void test('vec(AXBᵀ) = (B ⊗ A) vec(X): Kronecker sizes in either order agree', () => {
  const text =
    '$A \\in \\mathbb{R}^{m\\times n}$, $X \\in \\mathbb{R}^{n\\times k}$, $B \\in \\mathbb{R}^{l\\times k}$\n\n$$ \\operatorname{vec}(AXB^T) = (B\\otimes A)\\operatorname{vec}(X) $$';
  const f = only(findingsOf(text));
  assert.equal(f.verdict, 'skipped');
  assert.deepEqual(f.shapes, { lhs: 'm·l×1', rhs: 'l·m×1' });
});

void test('a broken definition is reported where it is written, not at each claim that uses it', () => {
  const text = AB + '$$ f = \\|A + B\\|^2 $$\n\n$$ \\nabla_A f = 2A $$\n';
  const findings = findingsOf(text).filter((f) => f.kind !== 'declaration');
  assert.deepEqual(
    findings.map((f) => [f.kind, f.verdict, f.range.start.line]),
    [
      ['definition', 'shape-error', 4],
      ['gradient', 'skipped', 6],
    ],
  );
  assert.deepEqual(findings[0].range, rangeOf(text, 'A + B'));
});

void test('|x| of a vector is flagged as ambiguous, not as a determinant of a non-square matrix', () => {
  const text = '$x \\in \\mathbb{R}^n$\n\n$$ \\lvert x \\rvert $$';
  const f = only(findingsOf(text));
  assert.equal(f.verdict, 'unsupported');
  assert.deepEqual(f.range, rangeOf(text, '\\lvert x \\rvert'));
  assert.match(f.message, /ambiguous/);
});

void test('d\\|x\\|^2 is a differential claim', () => {
  const f = only(findingsOf('$x \\in \\mathbb{R}^n$\n\n$$ d\\|x\\|^2 = 2x^T dx $$'));
  assert.equal(f.kind, 'differential');
  assert.equal(f.verdict, 'skipped');
});

void test('a .tex file: preamble macros, equation, align* with \\intertext, split; dL of L(β) is a scalar', () => {
  const text = [
    '\\documentclass{article}',
    '\\newcommand{\\R}{\\mathbb{R}}',
    '\\newcommand{\\bX}{\\mathbf{X}}',
    '\\DeclareMathOperator{\\tr}{tr}',
    '% gradlens: y m',
    '\\begin{document}',
    'Let $\\bX \\in \\R^{m\\times n}$ and $\\beta \\in \\R^n$.',
    '\\begin{equation}\\label{eq:loss}',
    '  L(\\beta) = \\tfrac{1}{2}\\|y - \\bX\\beta\\|_2^2',
    '\\end{equation}',
    '\\begin{align*}',
    '  \\nabla_\\beta L(\\beta) &= -\\bX^\\top (y - \\bX\\beta) \\nonumber \\\\',
    '  \\intertext{and therefore}',
    '  \\nabla_\\beta L(\\beta) &= \\bX^\\top\\bX\\beta - \\bX^\\top y',
    '\\end{align*}',
    '\\begin{equation}',
    '\\begin{split}',
    '  dL &= -(y - \\bX\\beta)^\\top \\bX\\, d\\beta \\\\',
    '     &= \\tr\\left(-(y - \\bX\\beta)^\\top \\bX\\, d\\beta\\right)',
    '\\end{split}',
    '\\end{equation}',
    '\\end{document}',
  ].join('\n');
  const findings = findingsOf(text, 'latex');
  assert.deepEqual(errors(findings), []);
  assert.deepEqual(
    findings.map((f) => [f.kind, f.verdict, f.range.start.line, f.shapes?.rhs]),
    [
      ['declaration', 'ok', 6, undefined],
      ['declaration', 'ok', 6, undefined],
      ['definition', 'ok', 8, 'scalar'],
      ['gradient', 'skipped', 11, 'n×1'],
      ['gradient', 'skipped', 13, 'n×1'],
      ['differential', 'skipped', 17, 'scalar'],
      ['differential', 'skipped', 18, 'scalar'],
    ],
  );
  assert.deepEqual(findings[3].range.start, {
    line: 11,
    character: text.split('\n')[11].indexOf('&=') + 1,
  });
});

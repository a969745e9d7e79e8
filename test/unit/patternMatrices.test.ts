// Pattern matrices: a matrix written with ellipses is the matrix whose general entry its written
// corners share. The reading is data (its axes, sizes and general term); the checks are verdicts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import type { Expr } from '../../src/core/latex/ast';
import { LatexError } from '../../src/core/latex/errors';
import { normalizeTokens } from '../../src/core/latex/normalize';
import { defaultParseOptions, Parser } from '../../src/core/latex/parser';
import { printExpr } from '../../src/core/latex/print';
import { tokenize } from '../../src/core/latex/tokenize';

function parse(math: string): Expr {
  const tokens = normalizeTokens(tokenize({ text: math, contentStart: 0 }));
  return new Parser(tokens, defaultParseOptions()).parseChain().operands[0];
}

function axes(e: Expr) {
  assert.equal(e.type, 'pattern', printExpr(e));
  if (e.type !== 'pattern') return undefined;
  const size = (a: typeof e.down) =>
    !a ? 1 : !a.size ? undefined : 'name' in a.size ? a.size.name : a.size.value;
  return { rows: size(e.down), cols: size(e.across), term: printExpr(e.term) };
}

test('a column of x_1, x_2, ⋮, x_n: n rows, the general entry x_i', () => {
  assert.deepEqual(
    axes(parse('\\begin{bmatrix} x_1 \\\\ x_2 \\\\ \\vdots \\\\ x_n \\end{bmatrix}')),
    {
      rows: 'n',
      cols: 1,
      term: 'x_i',
    },
  );
});

test('a row with \\cdots: one row, n columns', () => {
  assert.deepEqual(axes(parse('\\begin{pmatrix} y_1 & \\cdots & y_n \\end{pmatrix}')), {
    rows: 1,
    cols: 'n',
    term: 'y_j',
  });
});

test('a_{11} … a_{mn}: m×n, the entry read as an entry with both indices', () => {
  const e = parse(
    '\\begin{bmatrix} a_{11} & \\cdots & a_{1n} \\\\ \\vdots & \\ddots & \\vdots \\\\ a_{m1} & \\cdots & a_{mn} \\end{bmatrix}',
  );
  assert.deepEqual(axes(e), { rows: 'm', cols: 'n', term: 'a_ij' });
  assert.equal(e.type === 'pattern' && e.term.type, 'entry');
});

test('a square pattern tells rows from columns by its off-diagonal corners', () => {
  const e = parse(
    '\\begin{bmatrix} S_{11} & \\cdots & S_{n1} \\\\ \\vdots & \\ddots & \\vdots \\\\ S_{1n} & \\cdots & S_{nn} \\end{bmatrix}',
  );
  assert.deepEqual(axes(e), { rows: 'n', cols: 'n', term: 'S_ji' });
});

test('an expression of the indices: sums keep their own index, the row index is new', () => {
  const e = parse(
    '\\begin{bmatrix} \\sum_j A_{1j} x_j \\\\ \\vdots \\\\ \\sum_j A_{mj} x_j \\end{bmatrix}',
  );
  assert.deepEqual(axes(e), { rows: 'm', cols: 1, term: 'Σ_j A_ij x_j' });
});

test('three written rows before the gap and a number at the end: a fixed size', () => {
  const e = parse('\\begin{bmatrix} z_1 \\\\ z_2 \\\\ \\vdots \\\\ z_9 \\end{bmatrix}');
  assert.deepEqual(axes(e), { rows: 9, cols: 1, term: 'z_i' });
});

const unreadable: [string, string][] = [
  [
    'the last corner breaks the pattern',
    '\\begin{bmatrix} x_1 \\\\ \\vdots \\\\ x_n^2 \\end{bmatrix}',
  ],
  [
    'the second entry breaks it',
    '\\begin{bmatrix} x_1 \\\\ x_3 \\\\ \\vdots \\\\ x_n \\end{bmatrix}',
  ],
  [
    'only the diagonal is written',
    '\\begin{bmatrix} d_1 & & \\\\ & \\ddots & \\\\ & & d_n \\end{bmatrix}',
  ],
  ['constant entries say no size', '\\begin{bmatrix} 1 \\\\ \\vdots \\\\ 1 \\end{bmatrix}'],
  [
    'a stack of vectors is a block matrix',
    '\\begin{bmatrix} \\mathbf{a}_1 \\\\ \\vdots \\\\ \\mathbf{a}_n \\end{bmatrix}',
  ],
];
for (const [why, math] of unreadable)
  test(`not read, unsupported (never an error): ${why}`, () => {
    assert.throws(
      () => parse(math),
      (error: unknown) => error instanceof LatexError && error.kind === 'unsupported',
    );
  });

test('x_1 … x_{100000}: a declared size of 100000, drawn small like any declared size', () => {
  const text =
    'Let $x \\in \\mathbb{R}^{100000}$.\n\n$$\\begin{bmatrix} x_1 \\\\ \\vdots \\\\ x_{100000} \\end{bmatrix} = x$$';
  const { findings } = analyzeDocument(
    { uri: 'mem://big.md', version: 1, language: 'markdown', text },
    { numeric: { draws: 1, seed: 1 } },
  );
  const claim = findings.find((f) => f.kind === 'equality')!;
  assert.equal(claim.verdict, 'ok', claim.message);
});

// Index notation: entries X_{ij}, (BX)_{pq}, [A]_{ij}, (A^T)_{kl}; explicit, excluded (k ≠ i) and
// implicit (Einstein) sums; the Kronecker delta; derivatives by one entry; claims in free indices
// checked as arrays over them; `… = (BA)_{pq} = BA`; cases with conditions (i = j, i ≠ j).
// A notation table of small notes, then whole notes in test/fixtures/notes-index.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { languageOfPath, type DocumentLanguage } from '../../src/core/document';
import type { Finding } from '../../src/core/report';
import { readDocument } from '../../src/core/read';
import { visit } from '../../src/core/latex/ast';
import { tokenize } from '../../src/core/latex/tokenize';
import { freeIndices } from '../../src/core/indices/free';
import { indexCondition } from '../../src/core/indices/conditions';
import { MAX_INDEX_CELLS } from '../../src/core/indices/grid';

const CLAIMS = new Set<Finding['kind']>(['equality', 'gradient', 'differential']);

function findingsOf(text: string, language: DocumentLanguage = 'markdown'): Finding[] {
  return analyzeDocument({ uri: 'mem://index', version: 1, language, text }).findings;
}

/** The claims' findings in order, conditions and other non-claims left out. */
function claims(text: string): Finding[] {
  return findingsOf(text).filter((f) => CLAIMS.has(f.kind) && f.verdict !== 'skipped');
}

const DECLARE =
  'Let $A \\in \\mathbb{R}^{m\\times n}$, $B \\in \\mathbb{R}^{p\\times m}$, $S \\in \\mathbb{R}^{n\\times n}$, $X \\in \\mathbb{R}^{n\\times m}$, $x \\in \\mathbb{R}^{n}$.\n\n';
const SOFTMAX = '$$a_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}}$$\n\n';

interface Row {
  name: string;
  /** Display math after the declarations (and the softmax definition with `softmax`). */
  math: string;
  softmax?: boolean;
  /** Verdict of each claim, in order. */
  verdicts: Finding['verdict'][];
  /** The diagnosis of the last claim. */
  diagnosis?: string;
  /** Rows × columns of the arrays compared (the first claim's evidence). */
  grid?: [number | 'any', number | 'any'];
  /** Shape labels of the first claim's sides. */
  shapes?: { lhs: string; rhs: string };
}

const TABLE: Row[] = [
  // entries and explicit sums
  {
    name: 'X_{ij} under a sum',
    math: '\\sum_{i}\\sum_{j} X_{ij} = \\mathbf{1}^T X \\mathbf{1}',
    verdicts: ['ok'],
  },
  {
    name: '(BA)_{pq} by its sum',
    math: '(BA)_{pq} = \\sum_k B_{pk} A_{kq}',
    verdicts: ['ok'],
    grid: ['any', 'any'],
  },
  {
    name: '[BA]_{pq} in brackets',
    math: '[BA]_{pq} = \\sum_{k=1}^{m} B_{pk} A_{kq}',
    verdicts: ['ok'],
  },
  {
    name: '(A^T)_{kl} = A_{lk}',
    math: '(A^T)_{kl} = A_{lk}',
    verdicts: ['ok'],
    shapes: { lhs: 'scalar', rhs: 'scalar' },
  },
  {
    name: 'swapped indices on a square matrix: a transpose',
    math: '(S^T)_{kl} = S_{kl}',
    verdicts: ['mismatch'],
    diagnosis: 'transpose',
  },
  {
    name: 'swapped indices on a non-square matrix: the ranges differ',
    math: '(A^T)_{kl} = A_{kl}',
    verdicts: ['shape-error'],
  },
  {
    name: '(Ax)_i: one free index',
    math: '(Ax)_i = \\sum_j A_{ij} x_j',
    verdicts: ['ok'],
    grid: ['any', 1],
  },
  // implicit sums
  {
    name: 'Einstein: a repeated index is summed',
    math: '(BA)_{pq} = B_{pk} A_{kq}',
    verdicts: ['ok'],
  },
  { name: 'Einstein: a trace S_{ii}', math: 'S_{ii} = \\operatorname{tr}(S)', verdicts: ['ok'] },
  {
    name: 'Einstein: a wrong pairing is caught',
    math: '(BA)_{pq} = B_{kq} A_{pk}',
    verdicts: ['shape-error'],
  },
  // Kronecker delta
  { name: 'δ picks a term', math: '\\sum_j S_{ij} \\delta_{jk} = S_{ik}', verdicts: ['ok'] },
  {
    name: 'δ with the wrong pair: a transpose',
    math: '\\sum_j \\delta_{ij} S_{jk} = S_{ki}',
    verdicts: ['mismatch'],
    diagnosis: 'transpose',
  },
  // derivatives by an entry
  {
    name: '∂f/∂X_{ij} of a trace',
    math: 'f = \\operatorname{tr}(AX)$$\n\n$$\\frac{\\partial f}{\\partial X_{ij}} = A_{ji}',
    verdicts: ['ok'],
    shapes: { lhs: 'scalar', rhs: 'scalar' },
  },
  {
    name: '∂/∂X_{pq} f, the operator form',
    math: 'f = \\operatorname{tr}(AX)$$\n\n$$\\frac{\\partial}{\\partial X_{pq}} f = (A^T)_{pq}',
    verdicts: ['ok'],
  },
  {
    name: '∂f/∂X_{ij} with the entry of the wrong matrix',
    math: 'f = \\operatorname{tr}(SXA)$$\n\n$$\\frac{\\partial f}{\\partial X_{ij}} = (SA^T)_{ij}',
    verdicts: ['mismatch'],
  },
  {
    name: '∂f/∂x_k of a quadratic form',
    math: 'f = x^T S x$$\n\n$$\\frac{\\partial f}{\\partial x_k} = (Sx)_k + (S^T x)_k',
    verdicts: ['ok'],
    grid: ['any', 1],
  },
  {
    name: '∂f/∂x_k = 2x_k of a quadratic form needs a symmetric S',
    math: 'f = x^T S x$$\n\n$$\\frac{\\partial f}{\\partial x_k} = 2 x_k',
    verdicts: ['mismatch'],
  },
  {
    name: 'w_1, w_2 named on their own are not the entries of a vector w: not checked',
    math: 'L = w_1^2 + w_2^2$$\n\n$$\\frac{\\partial L}{\\partial w_i} = 2 w_i',
    verdicts: ['unsupported'],
  },
  {
    name: 'the abstract f is not checked',
    math: '\\frac{\\partial g}{\\partial X_{ij}} = A_{ji}',
    verdicts: ['unsupported'],
  },
  // the chain that ends with the matrix itself
  {
    name: '… = (BA)_{pq} = BA',
    math: '[BA]_{pq} = \\sum_k B_{pk} A_{kq} = (BA)_{pq} = BA',
    verdicts: ['ok', 'ok', 'ok'],
  },
  {
    name: 'A_{kl} = A^T is judged on what it means',
    math: '(A^T)_{kl} = A_{lk} = A^T',
    verdicts: ['ok', 'ok'],
    shapes: { lhs: 'scalar', rhs: 'scalar' },
  },
  {
    name: '… = A ends a chain about Aᵀ: caught, never a scalar-vs-matrix error',
    math: '(S^T)_{kl} = S_{lk} = S',
    verdicts: ['ok', 'mismatch'],
    diagnosis: 'transpose',
  },
  // vector entries and cases
  {
    name: 'softmax Jacobian, case i = j',
    softmax: true,
    math: '\\frac{\\partial a_j}{\\partial z_i} = a_i(1 - a_i), \\quad i = j',
    verdicts: ['ok'],
    grid: ['any', 'any'],
  },
  {
    name: 'softmax Jacobian, case i ≠ j',
    softmax: true,
    math: '\\frac{\\partial a_j}{\\partial z_i} = -a_i a_j,\\quad i \\neq j.',
    verdicts: ['ok'],
  },
  {
    name: 'softmax Jacobian, case i ≠ j with the sign lost',
    softmax: true,
    math: '\\frac{\\partial a_j}{\\partial z_i} = a_i a_j,\\quad i \\neq j.',
    verdicts: ['mismatch'],
    diagnosis: 'sign',
  },
  {
    name: 'a case with \\text{if }',
    softmax: true,
    math: '\\frac{\\partial a_j}{\\partial z_i} = a_i(1 - a_i) \\text{ if } i = j',
    verdicts: ['ok'],
  },
  {
    name: 'a case with its condition in parentheses',
    softmax: true,
    math: '\\frac{\\partial a_j}{\\partial z_i} = -a_i a_j \\quad (i \\neq j)',
    verdicts: ['ok'],
  },
  {
    name: 'a cases environment on i = j and otherwise',
    softmax: true,
    math: '\\frac{\\partial a_j}{\\partial z_i} = \\begin{cases} a_i(1 - a_i) & \\text{if } i = j, \\\\ -a_i a_j & \\text{otherwise.} \\end{cases}',
    verdicts: ['ok'],
    grid: ['any', 'any'],
  },
  {
    name: 'a cases environment with a sign lost in one case',
    softmax: true,
    math: '\\frac{\\partial a_j}{\\partial z_i} = \\begin{cases} a_i(1 - a_i) & i = j \\\\ a_i a_j & i \\neq j \\end{cases}',
    verdicts: ['mismatch'],
  },
  {
    name: 'cases on anything but indices are not checked',
    softmax: true,
    math: '\\frac{\\partial a_j}{\\partial z_i} = \\begin{cases} a_i & i < j \\\\ a_j & i \\geq j \\end{cases}',
    verdicts: ['unsupported'],
  },
  {
    name: 'a case is not the whole claim',
    softmax: true,
    math: '\\frac{\\partial a_j}{\\partial z_i} = a_i(1 - a_i)',
    verdicts: ['mismatch'],
  },
  {
    name: '∂L/∂a_k by an entry of a vector defined by its entries',
    softmax: true,
    math: 'L = -\\sum_k y_k \\log a_k$$\n\n$$\\frac{\\partial L}{\\partial a_k} = -\\frac{y_k}{a_k}',
    verdicts: ['ok'],
  },
  {
    name: '∂L/∂a_k with the sign lost',
    softmax: true,
    math: 'L = -\\sum_k y_k \\log a_k$$\n\n$$\\frac{\\partial L}{\\partial a_k} = \\frac{y_k}{a_k}',
    verdicts: ['mismatch'],
    diagnosis: 'sign',
  },
  {
    name: 'the chain rule by entries, summed the Einstein way',
    softmax: true,
    math: 'L = -\\sum_k y_k \\log a_k$$\n\n$$\\frac{\\partial L}{\\partial z_i} = \\frac{\\partial L}{\\partial a_k}\\frac{\\partial a_k}{\\partial z_i} = \\sum_k \\frac{\\partial L}{\\partial a_k}\\frac{\\partial a_k}{\\partial z_i}',
    verdicts: ['ok', 'ok'],
    grid: ['any', 1],
  },
  {
    name: 'Σ_{k≠i} leaves one term out',
    softmax: true,
    math: '\\sum_{k \\neq i} a_k = 1 - a_i',
    verdicts: ['ok'],
  },
  {
    name: 'Σ_k without the exclusion is a different sum',
    softmax: true,
    math: '\\sum_{k} a_k = 1 - a_i',
    verdicts: ['mismatch'],
  },
];

for (const row of TABLE) {
  test(`index notation: ${row.name}`, () => {
    const text = `${DECLARE}${row.softmax ? SOFTMAX : ''}$$${row.math}$$\n`;
    const found = claims(text);
    assert.deepEqual(
      found.map((f) => f.verdict),
      row.verdicts,
      found.map((f) => f.message).join('\n'),
    );
    if (row.diagnosis) assert.equal(found[found.length - 1].diagnosis, row.diagnosis);
    if (row.grid) {
      const sample = found[0].evidence?.sample;
      assert.ok(sample, 'the first draw is kept as evidence');
      const [rows, cols] = row.grid;
      if (rows !== 'any') assert.equal(sample.claimed.length, rows);
      if (cols !== 'any') assert.equal(sample.claimed[0].length, cols);
      // an array over the free indices, not one number
      assert.ok(sample.claimed.length * sample.claimed[0].length > 1);
      assert.equal(sample.truth.length, sample.claimed.length);
    }
    if (row.shapes) assert.deepEqual(found[0].shapes, row.shapes);
  });
}

test('index notation: no error ever comes from the scalar entry against its matrix', () => {
  const found = claims(`${DECLARE}$$(A^T)_{kl} = A^T = (A_{lk})$$\n`);
  assert.ok(
    found.every((f) => f.verdict !== 'shape-error'),
    found.map((f) => f.message).join('\n'),
  );
});

const ROWS =
  'Let $Z \\in \\mathbb{R}^{n\\times d}$, where the $z_i$ are the rows of $Z$, $y \\in \\mathbb{R}^n$, $w \\in \\mathbb{R}^d$.\n\n$$L = \\sum_i (y_i - z_i^T w)^2$$\n\n';

test('index notation: a least-squares gradient by entries over the rows of a matrix', () => {
  const found = claims(
    `${ROWS}$$\\frac{\\partial L}{\\partial w_j} = -2 \\sum_i (y_i - z_i^T w) Z_{ij}$$\n`,
  );
  assert.deepEqual(
    found.map((f) => f.verdict),
    ['ok'],
    found.map((f) => f.message).join('\n'),
  );
});

test('index notation: x_{ij} left as a name in a claim about j is not compared (never a random scalar)', () => {
  // v_{ij}: no matrix V in the note, so not an entry of anything
  const found = claims(
    `${ROWS}$$\\frac{\\partial L}{\\partial w_j} = -2 \\sum_i (y_i - z_i^T w) v_{ij}$$\n`,
  );
  assert.deepEqual(
    found.map((f) => f.verdict),
    ['unsupported'],
  );
});

test("index notation: z_{ij} with the note's Z is the entry (i, j) of Z", () => {
  const found = claims(
    `${ROWS}$$\\frac{\\partial L}{\\partial w_j} = -2 \\sum_i (y_i - z_i^T w) z_{ij}$$\n`,
  );
  assert.deepEqual(
    found.map((f) => f.verdict),
    ['ok'],
  );
  const wrong = claims(
    `${ROWS}$$\\frac{\\partial L}{\\partial w_j} = 2 \\sum_i (y_i - z_i^T w) z_{ij}$$\n`,
  );
  assert.deepEqual(
    wrong.map((f) => f.verdict),
    ['mismatch'],
  );
});

test('index notation: three free indices are a tensor, not checked', () => {
  const found = claims(`${DECLARE}$$S_{ij} (Sx)_k = (Sx)_k S_{ij}$$\n`);
  assert.deepEqual(
    found.map((f) => f.verdict),
    ['unsupported'],
  );
});

// Whole notes, each correct claim ok and each planted mistake caught with its diagnosis.
const DIR = join(__dirname, '..', 'fixtures', 'notes-index');
type Planted = [line: number, column: number, verdict: Finding['verdict'], diagnosis?: string];
const NOTES: Record<string, { ok: string[]; errors: Planted[] }> = {
  // Q&A answer: tr(AXB) by entries, then the matrix; 19: the index pair read the wrong way round
  '01-qa-trace-by-entries.md': {
    ok: ['5:5', '9:38', '9:61', '13:38', '13:50', '15:33'],
    errors: [[19, 40, 'shape-error']],
  },
  // softmax Jacobian in two cases and with δ; 19: the off-diagonal sign lost
  '02-softmax-jacobian-cases.md': {
    ok: ['9:38', '11:38', '15:38'],
    errors: [[19, 38, 'mismatch', 'sign']],
  },
  // [BA]_{pq} = Σ … = (BA)_{pq} = BA, the transpose by entries; 14: the factors swapped
  '03-chain-of-entries.md': {
    ok: ['6:13', '6:44', '6:56', '10:17', '10:29', '10:60'],
    errors: [[14, 22, 'shape-error']],
  },
  // Einstein convention for xᵀMx; 17: 2(Mx)_k needs a symmetric M
  '04-einstein-quadratic.md': {
    ok: ['7:18', '9:35', '9:61', '13:14'],
    errors: [[17, 35, 'mismatch', 'assumes-symmetric']],
  },
  // the Kronecker delta; 11: the delta contracted on the wrong side
  '05-kronecker-delta.md': {
    ok: ['3:37', '5:35', '5:62', '9:29'],
    errors: [[11, 29, 'mismatch', 'transpose']],
  },
  // cross-entropy through softmax in an aligned chain with Σ_{k≠i}; 19: a sign slip
  '06-cross-entropy-by-entries.md': {
    ok: ['11:37', '12:2', '13:2'],
    errors: [[19, 38, 'mismatch']],
  },
  // LaTeX least squares by entries; 14: the factor 2 dropped
  '07-least-squares-entries.tex': {
    ok: ['9:6', '10:6'],
    errors: [[14, 38, 'mismatch', 'factor']],
  },
  // a blog post: a cases environment for a diagonal Jacobian, then the chain rule; 20: the square lost
  '09-blog-cases.md': {
    ok: ['7:35', '16:35', '16:82'],
    errors: [[20, 35, 'mismatch']],
  },
  // Jacobians by vector entries; 12: the indices of A swapped
  '08-vector-entry-jacobian.md': {
    ok: ['4:40', '8:37'],
    errors: [[12, 42, 'shape-error']],
  },
};

const at = (f: Finding) => `${f.range.start.line + 1}:${f.range.start.character + 1}`;

for (const [file, expected] of Object.entries(NOTES)) {
  test(`index notes: ${file}`, () => {
    const language = languageOfPath(file);
    assert.ok(language);
    const findings = findingsOf(readFileSync(join(DIR, file), 'utf8'), language);
    for (const position of expected.ok) {
      const claim = findings.find((f) => at(f) === position && CLAIMS.has(f.kind));
      assert.ok(claim, `no claim at ${position}`);
      assert.equal(claim.verdict, 'ok', `${position}: ${claim.message}`);
    }
    const errors = findings.filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => [f.range.start.line + 1, f.range.start.character + 1, f.verdict]),
      expected.errors.map(([line, column, verdict]) => [line, column, verdict]),
      errors.map((f) => `${at(f)} ${f.message}`).join('\n'),
    );
    expected.errors.forEach(([, , , diagnosis], k) => {
      if (diagnosis) assert.equal(errors[k].diagnosis, diagnosis);
    });
  });
}

// The pieces on their own: free indices, conditions, entries read from names.
function chainOf(math: string) {
  const read = readDocument({
    uri: 'mem://i',
    version: 1,
    language: 'markdown',
    text: `$$${math}$$\n`,
  });
  const chain = read.statements[0].chain;
  assert.ok(chain, math);
  return chain;
}

test('free indices: order of first appearance, sums bind, Σ_{k≠i} leaves i free', () => {
  const table: [string, string[][]][] = [
    [
      '(BA)_{pq} = \\sum_k B_{pk} A_{kq}',
      [
        ['p', 'q'],
        ['p', 'q'],
      ],
    ],
    [
      '\\frac{\\partial f}{\\partial X_{ji}} = A_{ij}',
      [
        ['j', 'i'],
        ['i', 'j'],
      ],
    ],
    ['\\sum_{k \\neq i} y_k = 1 - y_i', [['i'], ['i']]],
    ['\\sum_i \\sum_j X_{ij} = s', [[], []]],
  ];
  for (const [math, expected] of table)
    assert.deepEqual(chainOf(math).operands.map(freeIndices), expected, math);
});

test('names read as entries only where the statement is in index notation', () => {
  const entries = (math: string) => {
    const names: string[] = [];
    for (const operand of chainOf(math).operands)
      visit(operand, (n) => {
        if (n.type === 'entry' && n.base.type === 'symbol')
          names.push(`${n.base.name}_${n.indices.join('')}`);
      });
    return names;
  };
  // ∂a_j/∂z_i: both are entries, and so is a_i on the right
  assert.deepEqual(entries('\\frac{\\partial a_j}{\\partial z_i} = a_i(1 - a_i)'), [
    'a_j',
    'z_i',
    'a_i',
    'a_i',
  ]);
  // z_k under Σ_k makes z indexed, so z_j is an entry; the defined name a_j stays a name
  assert.deepEqual(entries('a_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}}'), ['z_j', 'z_k']);
  // nothing in index notation: x_i and w_1 are names
  assert.deepEqual(entries('y = w_1 x_i + w_0'), []);
  // bold x_i is a member of a family, not an entry
  assert.deepEqual(entries('\\frac{\\partial L}{\\partial w_i} = \\mathbf{x}_i'), ['w_i']);
});

test('conditions: i = j, i \\neq j, (i \\ne j), \\text{if } i = j; anything else is not one', () => {
  const condition = (math: string) => indexCondition(tokenize({ text: math, contentStart: 0 }));
  assert.deepEqual(condition('i = j'), { left: 'i', right: 'j', equal: true });
  assert.deepEqual(condition('i \\neq j'), { left: 'i', right: 'j', equal: false });
  assert.deepEqual(condition('(i \\ne j)'), { left: 'i', right: 'j', equal: false });
  assert.deepEqual(condition('\\text{if } k = l,'), { left: 'k', right: 'l', equal: true });
  assert.equal(condition('i < j'), undefined);
  assert.equal(condition('x = y'), undefined);
  assert.equal(condition('i = i'), undefined);
  assert.equal(condition('\\text{because } i = j'), undefined);
});

test('index notation: sizes written as numbers are drawn as small stand-ins, so 300×300 entries are compared on a small grid', () => {
  const text =
    'Let $A \\in \\mathbb{R}^{300\\times 300}$, $B \\in \\mathbb{R}^{300\\times 300}$.\n\n$$(BA)_{pq} = \\sum_k B_{pk} A_{kq}$$\n';
  const found = claims(text);
  assert.deepEqual(
    found.map((f) => f.verdict),
    ['ok'],
  );
  // the grid compared is the stand-ins' (core/limits.ts), within the bound on index values
  assert.ok(300 * 300 > MAX_INDEX_CELLS);
  const cells = found[0].evidence?.sample?.claimed.flat().length ?? 0;
  assert.ok(cells > 0 && cells <= MAX_INDEX_CELLS, `${cells} cells`);
});

// Differential steps (core/derive/differentialSteps.ts): dφ with d at the leaves, dX moved out
// one identity at a time, ∂φ/∂X = G; every row checked by GradLens in the note. Asserted on data:
// verdicts, row counts, forms, node counts, counted work; never on wording.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { blockInsertion, derivationBlock } from '../../src/core/derive/block';
import { isDerivation } from '../../src/core/derive/derive';
import { deriveAt, deriveTargetAt } from '../../src/core/derive/deriveAt';
import {
  deriveSteps,
  MAX_REWRITES,
  type DifferentialSteps,
} from '../../src/core/derive/differentialSteps';
import { nodeCount } from '../../src/core/derive/nodes';
import { checkedRows } from '../../src/core/derive/verify';
import { LineIndex } from '../../src/core/document';
import type { Expr } from '../../src/core/latex/ast';
import { readDocument, type ReadDocument } from '../../src/core/read';

const seedAnswer = readFileSync(new URL('../../examples/seed-answer.md', import.meta.url), 'utf8');

function note(text: string, language: 'markdown' | 'latex' = 'markdown'): ReadDocument {
  return readDocument({ uri: 'mem://steps', version: 1, language, text });
}

function stepsOf(result: ReturnType<typeof deriveAt>): DifferentialSteps {
  assert.equal(result.kind, 'derived', JSON.stringify(result));
  return (result as { steps: DifferentialSteps }).steps;
}

/** The note with the block inserted; the findings in the block and the ones outside it. */
function inserted(read: ReadDocument, steps: DifferentialSteps) {
  const text = read.document.text;
  const edited = text.slice(0, steps.insertAt) + steps.inserted + text.slice(steps.insertAt);
  const findings = analyzeDocument({ ...read.document, text: edited }).findings;
  const lines = new LineIndex(edited);
  const end = steps.insertAt + steps.inserted.length;
  const inBlock = findings.filter((f) => {
    const at = lines.offsetAt(f.range.start);
    return at >= steps.insertAt && at < end;
  });
  return { edited, inBlock, outside: findings.filter((f) => !inBlock.includes(f)) };
}

function parseLatex(latex: string): Expr {
  const chain = note(`$$ ${latex} $$\n`).statements[0]?.chain;
  assert.ok(chain, latex);
  return chain.operands[0];
}

void describe('differential steps: the seed answer', () => {
  const read = note(seedAnswer);
  const line = seedAnswer.split('\n').findIndex((l) => l.includes('\\phi &= A:'));

  void test('φ on its line: the name \\phi, and every matrix of it to choose from', () => {
    const target = deriveTargetAt(read, { line })!;
    assert.equal(target.name, '\\phi');
    assert.deepEqual(target.variables.map((v) => v.name).sort(), ['A', 'B', 'C', 'X']);
    assert.equal(target.preferred, undefined);
    assert.equal(deriveAt(read, { line }).kind, 'choose');
  });

  void test('dφ = −A : (BᵀdXC ⊘ BᵀXC) = −(A ⊘ BᵀXC) : BᵀdXC = −B(A ⊘ BᵀXC)Cᵀ : dX, each row ok', () => {
    const steps = stepsOf(deriveAt(read, { line }, 'X'));
    assert.equal(steps.stepsDropped, undefined);
    assert.equal(steps.form, 'colon');
    assert.equal(steps.rows.length, 4);
    assert.deepEqual(
      steps.rows.map((r) => r.verdict),
      ['ok', 'ok', 'ok', 'ok'],
    );
    assert.ok(steps.rows.every((r) => r.relError! < 1e-8));
    assert.equal(steps.rows[0].lhs, 'd\\phi');
    // the row before the gradient is G : dX, G the derived gradient (14 nodes, as the textbook)
    let last = parseLatex(steps.rows[2].rhs);
    let sign = 0;
    if (last.type === 'neg') [last, sign] = [last.arg, 1]; // −G : dX read as −(G : dX)
    assert.ok(last.type === 'binary' && last.op === 'frob');
    assert.equal(last.right.type, 'differential');
    assert.equal(nodeCount(last.left) + sign, 14);
    assert.equal(steps.gradient.nodes, 14);
    assert.ok(steps.checks === 1 && steps.rewrites <= MAX_REWRITES);
  });

  void test('the inserted block checks ok in the note, and nothing else in it changes', () => {
    const steps = stepsOf(deriveAt(read, { line }, 'X'));
    const { inBlock, outside } = inserted(read, steps);
    assert.equal(inBlock.length, steps.rows.length);
    assert.ok(inBlock.every((f) => f.verdict === 'ok'));
    assert.deepEqual(
      inBlock.map((f) => f.kind),
      ['differential', 'differential', 'differential', 'gradient'],
    );
    const before = analyzeDocument(read.document).findings;
    assert.deepEqual(
      outside.map((f) => [f.kind, f.verdict]),
      before.map((f) => [f.kind, f.verdict]),
    );
  });
});

const DECLARED =
  '$A, B, X \\in \\mathbb{R}^{n\\times n}$, $x, b\\in\\mathbb{R}^n$, $M \\in \\mathbb{R}^{m\\times n}$, $y \\in \\mathbb{R}^m$, $S \\in \\mathbb{S}^n$\n\n';

/** Objectives of every kind the steps handle, each with its variable. */
const OBJECTIVES: [string, string][] = [
  ['\\operatorname{tr}(A X B)', 'X'],
  ['\\operatorname{tr}(X^T A X) + \\operatorname{tr}(B X)', 'X'],
  ['\\log\\det X + \\operatorname{tr}(X^{-1} A)', 'X'],
  ['\\det X', 'X'],
  ['\\|M x - y\\|^2', 'x'],
  ['x^T S x - 2 b^T x', 'x'],
  ['\\|X \\odot A\\|_F^2', 'X'],
  ['\\sum_{i,j} \\left(A \\odot \\log X\\right)', 'X'],
  ['A : \\exp(X)', 'X'],
  ['\\mathbf{1}^T \\sqrt{A x \\odot A x}', 'x'],
  ['b^T \\sigma(A x)', 'x'],
  ['\\|x\\|_2', 'x'],
  ['\\operatorname{tr}\\left(A \\oslash X\\right)', 'X'],
  ['y^T M (X \\odot B) x', 'X'],
];

void describe('differential steps: products, sums, inverses, log det, traces, elementwise', () => {
  for (const [objective, wrt] of OBJECTIVES) {
    void test(`${objective} by ${wrt}`, () => {
      const read = note(`${DECLARED}$$ \\phi = ${objective} $$\n\nMore words.\n`);
      const steps = stepsOf(deriveAt(read, { line: 2 }, wrt));
      assert.equal(steps.stepsDropped, undefined, steps.stepsDropped);
      // dφ = … (= …), then the gradient
      assert.ok(steps.rows.length >= 2, JSON.stringify(steps.rows));
      assert.ok(steps.rows.every((r) => r.verdict === 'ok'));
      assert.equal(steps.rows[0].lhs, 'd\\phi');
      const { inBlock } = inserted(read, steps);
      assert.equal(inBlock.length, steps.rows.length);
      assert.ok(inBlock.every((f) => f.verdict === 'ok'));
      // each row a claim GradLens checks: differentials, then the gradient
      assert.deepEqual(
        inBlock.map((f) => f.kind),
        [...steps.rows.slice(1).map(() => 'differential'), 'gradient'],
      );
      assert.ok(steps.rewrites <= MAX_REWRITES);
    });
  }
});

void describe('differential steps: written as the note writes', () => {
  void test('a note that writes traces gets tr(Gᵀ dX) rows; one that writes ⟨,⟩ gets ⟨G, dX⟩', () => {
    const trace = note(
      `${DECLARED}$$ f(X) = \\operatorname{tr}(X^T A X) $$\n\nso $df = \\operatorname{tr}(G^T dX)$ for some $G$.\n`,
    );
    const t = stepsOf(deriveAt(trace, { line: 2 }, 'X'));
    assert.equal(t.form, 'trace');
    assert.equal(t.rows[0].lhs, 'df');
    const lastStep = parseLatex(t.rows[t.rows.length - 2].rhs);
    assert.ok(lastStep.type === 'call' && lastStep.fn === 'tr');
    const angle = note(
      `${DECLARED}We write $\\langle A, B\\rangle$ for the inner product.\n\n$$ \\phi = \\langle A, X^2\\rangle $$\n`,
    );
    const a = stepsOf(deriveAt(angle, { line: 4 }, 'X'));
    assert.equal(a.form, 'angle');
    assert.ok(a.rows.every((r) => r.verdict === 'ok'));
    assert.match(a.rows[1].rhs, /\\langle/);
  });

  void test('f(X) = … prefers X; the only matrix needs no choice', () => {
    const read = note(`${DECLARED}$$ f(X) = \\operatorname{tr}(A X) $$\n`);
    const target = deriveTargetAt(read, { line: 2 })!;
    assert.equal(target.preferred, 'X');
    assert.equal(target.name, 'f');
    const only = note(
      '$X \\in \\mathbb{R}^{n\\times n}$\n\n$$ \\phi = \\operatorname{tr}(X^T X) $$\n',
    );
    assert.equal(deriveAt(only, { line: 2 }).kind, 'derived');
  });

  void test('a selected expression is derived as d(…), with ∂/∂X (…) = G', () => {
    const text = `${DECLARED}We minimize $\\operatorname{tr}(X^T A X) + 3$ over $X$.\n`;
    const read = note(text);
    const start = text.indexOf('\\operatorname{tr}(X^T');
    const end = text.indexOf('+ 3') + 3;
    const target = deriveTargetAt(read, { start, end })!;
    assert.equal(target.objective.span.start, start);
    assert.equal(target.objective.span.end, end);
    const steps = stepsOf(deriveAt(read, { start, end }, 'X'));
    assert.ok(steps.rows[0].lhs.startsWith('d\\,\\left('));
    assert.ok(steps.rows.every((r) => r.verdict === 'ok'));
    const { inBlock } = inserted(read, steps);
    assert.equal(inBlock.length, steps.rows.length);
    assert.equal(inBlock[0].kind, 'differential');
    assert.equal(inBlock[inBlock.length - 1].kind, 'gradient');
  });

  void test('LaTeX: an align* block after the equation, checked there', () => {
    const text = `\\documentclass{article}\n\\begin{document}\nLet $A, X \\in \\mathbb{R}^{n\\times n}$.\n\\begin{equation}\n  f(X) = \\operatorname{tr}(X^T A X)\n\\end{equation}\nDone.\n\\end{document}\n`;
    const read = note(text, 'latex');
    const steps = stepsOf(deriveAt(read, { line: 4 }, 'X'));
    assert.match(steps.block, /^\\begin\{align\*\}/);
    // after the line where the equation ends
    assert.equal(steps.insertAt, text.indexOf('\\end{equation}') + '\\end{equation}'.length);
    const { inBlock } = inserted(read, steps);
    assert.equal(inBlock.length, steps.rows.length);
    assert.ok(inBlock.every((f) => f.verdict === 'ok'));
  });
});

void describe('differential steps: checked, or left out', () => {
  void test('a wrong row is a mismatch where it stands (the check is real)', () => {
    const read = note(`${DECLARED}$$ \\phi = \\operatorname{tr}(A X B) $$\n`);
    const rows = [
      { lhs: 'd\\phi', rhs: '\\operatorname{tr}(A\\, dX B)' },
      { lhs: '', rhs: 'A^T B^T : dX' },
      { lhs: '', rhs: 'B^T A^T : dX' }, // transposed: wrong
      { lhs: '\\frac{\\partial \\phi}{\\partial X}', rhs: 'A^T B^T' },
    ];
    const insertion = blockInsertion(
      read,
      read.document.text.indexOf('\\phi ='),
      derivationBlock(rows, 'markdown'),
    );
    const verdicts = checkedRows(read, insertion, rows);
    assert.deepEqual(
      verdicts.map((v) => v.verdict),
      ['ok', 'ok', 'mismatch', 'ok'],
    );
  });

  void test('what the steps cannot rewrite keeps the verified gradient line alone', () => {
    // softmax has a derived gradient but no differential steps
    const read = note(
      '$x, y \\in \\mathbb{R}^n$\n\n$$ \\phi = y^T \\operatorname{softmax}(x) $$\n',
    );
    const steps = deriveSteps(
      read,
      read.statements[1].steps[0].rhs,
      'x',
      read.statements[1].chain!.span.start,
      { name: '\\phi' },
    );
    assert.ok(!('unsupported' in steps), JSON.stringify(steps));
    assert.ok(steps.stepsDropped);
    assert.equal(steps.rows.length, 1);
    assert.equal(steps.rows[0].verdict, 'ok');
    assert.equal(steps.rows[0].lhs, '\\frac{\\partial \\phi}{\\partial x}');
  });

  void test('no gradient, no block: a reason instead', () => {
    const read = note(
      '$X \\in \\mathbb{R}^{n\\times n}$, $A \\in \\mathbb{R}^{n\\times n}$\n\n$$ \\phi = A X $$\n',
    );
    const result = deriveAt(read, { line: 2 }, 'X');
    assert.equal(result.kind, 'failed');
    const notAFormula = deriveAt(note('Just words.\n'), { line: 0 });
    assert.equal(notAFormula.kind, 'failed');
    assert.ok(
      isDerivation(
        stepsOf(
          deriveAt(note(`${DECLARED}$$ \\phi = \\operatorname{tr}(X) $$\n`), { line: 2 }, 'X'),
        ).gradient,
      ),
    );
  });
});

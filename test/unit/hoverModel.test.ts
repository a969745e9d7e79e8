// The hover's pure part: the smallest shaped subexpression at an offset, the finding at a
// position, and the Markdown they make. In-memory documents, no VS Code.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeDocument } from '../../src/core/analyze';
import type { Finding } from '../../src/core/report';
import {
  claimMarkdown,
  escapeMarkdown,
  findingAt,
  findingNear,
  hoverMarkdown,
  shapeAt,
} from '../../src/extension/hoverModel';

const QUESTION = readFileSync(new URL('../../examples/seed-question.md', import.meta.url), 'utf8');

function analyze(text: string) {
  return analyzeDocument(
    { uri: 'mem://hover', version: 1, language: 'markdown', text },
    { numeric: false },
  );
}

/** Offset of the `k`-th occurrence of `needle`, plus `into` characters. */
function offsetOf(text: string, needle: string, into = 0, k = 0): number {
  let at = -1;
  for (let i = 0; i <= k; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' #${k} not found`);
  }
  return at + into;
}

describe('a symbol’s facts in the hover', () => {
  const text = [
    'Let $W \\in \\mathbb{R}^{n\\times n}$ be a symmetric weight matrix.',
    '',
    '$$\\nabla_{\\mathbf{x}}\\, \\mathbf{x}^T W \\mathbf{x} = 2 W \\mathbf{x}$$',
    '',
    '## Part 2',
    '',
    'Now $W \\in \\mathbb{R}^{m\\times n}$ is a data matrix.',
    '',
    '$$ V = W^T W $$',
    '',
  ].join('\n');
  const analysis = analyze(text);

  test('lists the shape and the structure in force, each with its line and source', () => {
    const at = shapeAt(analysis, offsetOf(text, 'W \\mathbf{x}$$'));
    assert.equal(at?.text, 'W');
    const facts = at?.facts ?? [];
    assert.ok(
      facts.some((f) => f.startsWith('n×n (line 1, math')),
      facts.join(' | '),
    );
    assert.ok(
      facts.some((f) => f.startsWith('symmetric (line 1, prose')),
      facts.join(' | '),
    );
    assert.match(hoverMarkdown(at, undefined) ?? '', /symmetric/);
  });

  test('after a redeclaration only the new facts are in force', () => {
    const at = shapeAt(analysis, offsetOf(text, 'W^T W'));
    const facts = at?.facts ?? [];
    assert.deepEqual(
      facts.map((f) => f.split(' (')[0]),
      ['m×n'],
    );
  });
});

describe('shapeAt', () => {
  const text =
    'Let $A \\in \\mathbb{R}^{m\\times n}$, $B \\in \\mathbb{R}^{n \\times p}$.\n\n$$ C = A B + A B $$\n';
  const analysis = analyze(text);

  test('a symbol under the cursor has its declared shape', () => {
    const at = shapeAt(analysis, offsetOf(text, 'A B'));
    assert.equal(at?.text, 'A');
    assert.equal(at?.label, 'm×n');
  });

  test('between two factors, the smallest node holding the offset is their product', () => {
    // The space between A and B belongs to the product's span, not to either factor.
    const at = shapeAt(analysis, offsetOf(text, 'A B', 1));
    assert.equal(at?.text, 'AB');
    assert.equal(at?.label, 'm×p');
  });

  test('the operator of a sum gives the whole sum', () => {
    const at = shapeAt(analysis, offsetOf(text, '+'));
    assert.equal(at?.text, 'AB + AB');
    assert.equal(at?.label, 'm×p');
  });

  test('outside math there is no shape', () => {
    assert.equal(shapeAt(analysis, offsetOf(text, 'Let')), undefined);
  });

  test('spans are half-open: the offset just past a symbol is not on it', () => {
    const end = offsetOf(text, 'B +') + 1; // the space after B
    const at = shapeAt(analysis, end);
    assert.notEqual(at?.text, 'B');
  });

  test('the seed question: the claimed gradient is m×n, X inside it k×l', () => {
    const q = analyze(QUESTION);
    const rhs = offsetOf(QUESTION, '= \\frac') + 2;
    const claimed = shapeAt(q, rhs);
    assert.equal(claimed?.text, '(A ⊙ K) ⊘ (BᵀXC)');
    assert.equal(claimed?.label, 'm×n');
    const x = shapeAt(q, offsetOf(QUESTION, '\\mathbf{X}', '\\mathbf{'.length, 2));
    assert.equal(x?.text, 'X');
    assert.equal(x?.label, 'k×l');
    const bt = shapeAt(q, offsetOf(QUESTION, '^T', 0, 1));
    assert.equal(bt?.text, 'Bᵀ');
    assert.equal(bt?.label, 'm×k');
  });

  test('hoverMarkdown prints "expression : shape" in code', () => {
    const at = shapeAt(analysis, offsetOf(text, 'A B', 1));
    assert.equal(hoverMarkdown(at, undefined), '`AB : m×p`');
    assert.equal(hoverMarkdown(undefined, undefined), undefined);
  });
});

const range = (l1: number, c1: number, l2: number, c2: number) => ({
  start: { line: l1, character: c1 },
  end: { line: l2, character: c2 },
});

function finding(fields: Partial<Finding>): Finding {
  return {
    kind: 'gradient',
    verdict: 'ok',
    severity: 'information',
    range: range(0, 0, 0, 1),
    message: '',
    latex: '',
    ...fields,
  };
}

describe('findingAt / findingNear', () => {
  const wide = finding({ range: range(2, 0, 2, 40), message: 'wide' });
  const narrow = finding({ range: range(2, 10, 2, 20), message: 'narrow' });
  const other = finding({ kind: 'definition', range: range(5, 0, 5, 5), message: 'other' });

  test('the narrowest range holding the position wins', () => {
    assert.equal(findingAt([wide, narrow, other], { line: 2, character: 15 })?.message, 'narrow');
    assert.equal(findingAt([wide, narrow, other], { line: 2, character: 5 })?.message, 'wide');
  });

  test('range ends are inclusive, so the cursor right after a claim still finds it', () => {
    assert.equal(findingAt([narrow], { line: 2, character: 20 })?.message, 'narrow');
    assert.equal(findingAt([narrow], { line: 2, character: 21 }), undefined);
  });

  test('findingNear falls back to a claim on the same line', () => {
    assert.equal(findingNear([other, narrow], { line: 2, character: 30 })?.message, 'narrow');
    assert.equal(findingNear([other], { line: 3, character: 0 }), undefined);
  });
});

describe('claim Markdown', () => {
  test('a shape error: mark, verdict, what, message, shapes', () => {
    const md = claimMarkdown(
      finding({
        verdict: 'shape-error',
        wrt: 'X',
        shapes: { lhs: 'k×l', rhs: 'm×n' },
        message: 'm×n, but X is k×l: wrong',
      }),
    );
    assert.equal(
      md,
      '✗ **shape-error** · gradient with respect to X\n\nm×n, but X is k×l: wrong\n\nshapes: `k×l` vs `m×n`',
    );
  });

  test('an ok claim: relative error and diagnosis', () => {
    const md = claimMarkdown(
      finding({
        kind: 'equality',
        relError: 1.6e-16,
        diagnosis: 'numerator-layout',
        message: 'holds',
      }),
    );
    assert.equal(
      md,
      '✓ **ok** · equality\n\nholds\n\nrelative error 2e-16 · diagnosis: numerator-layout',
    );
  });

  test('Markdown in messages is escaped', () => {
    assert.equal(escapeMarkdown('A_{ij} *x* `y`'), 'A\\_\\{ij\\} \\*x\\* \\`y\\`');
  });

  test('shape and claim are separated by a rule', () => {
    const md = hoverMarkdown(
      {
        text: 'x',
        label: 'scalar',
      },
      finding({ message: 'ok' }),
    );
    assert.match(md!, /^`x : scalar`\n\n---\n\n✓ \*\*ok\*\*/);
  });
});

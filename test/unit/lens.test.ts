// CodeLens titles, "Explain Claim" lines and the status bar text: pure wording,
// checked on findings the core really produces (numeric checks on, seed 1) and on a few
// hand-made ones.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeDocument } from '../../src/core/analyze';
import type { Finding } from '../../src/core/report';
import {
  explainItems,
  formatRelError,
  isClaim,
  lensTitle,
  statusText,
  statusTooltip,
  tally,
} from '../../src/extension/lensModel';

function findingsOf(text: string): Finding[] {
  return analyzeDocument(
    { uri: 'mem://lens', version: 1, language: 'markdown', text },
    { numeric: { draws: 3, seed: 1, tolerance: 1e-8, maxDim: 9 } },
  ).findings;
}

const example = (name: string) =>
  readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');

const MISTAKES = [
  'Let $A, X \\in \\mathbb{R}^{n\\times n}$ and $x, b \\in \\mathbb{R}^n$.',
  '$$ f(X) = \\operatorname{tr}(A X) $$',
  '$$ \\nabla_X f = A $$',
  '$$ g(x) = x^T x $$',
  '$$ \\nabla_x g = x $$',
  '$$ \\nabla_x g = -2x $$',
  '$$ h(x) = \\|x - b\\|_2^2 $$',
  '$$ \\nabla_x h = 2(x - b) + x $$',
].join('\n\n');

describe('lens titles from real findings', () => {
  test('the seed question: the wrong shape, in the words of the message', () => {
    const claims = findingsOf(example('seed-question.md')).filter(isClaim);
    assert.deepEqual(claims.map(lensTitle), ['✗ m×n, but X is k×l']);
  });

  test('the seed answer: every claim holds, with its relative error', () => {
    const titles = findingsOf(example('seed-answer.md')).filter(isClaim).map(lensTitle);
    assert.ok(titles.length >= 8);
    assert.ok(titles.includes('✓ matches autodiff (1e-16)'), titles.join(' | '));
    for (const title of titles)
      assert.match(title, /^✓ (matches autodiff|step holds|differential holds) \((\de-1\d|0)\)$/);
  });

  test('mismatches are named by their diagnosis', () => {
    const titles = findingsOf(MISTAKES).filter(isClaim).map(lensTitle);
    assert.deepEqual(titles, [
      '✗ transpose of the true gradient',
      '✗ off by a factor 1/2',
      '✗ wrong sign: −1 times the true gradient',
      '✗ extra term x',
    ]);
  });

  test('definitions and declarations get no lens', () => {
    assert.ok(findingsOf(MISTAKES).some((f) => f.kind === 'definition'));
    assert.ok(
      findingsOf(MISTAKES)
        .filter(isClaim)
        .every((f) => f.kind === 'gradient'),
    );
  });
});

const range = { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } };
function finding(fields: Partial<Finding>): Finding {
  return {
    kind: 'equality',
    verdict: 'ok',
    severity: 'information',
    range,
    message: '',
    latex: '',
    ...fields,
  };
}

describe('lens titles, the other verdicts', () => {
  test('a mismatch without a diagnosis gives the relative error', () => {
    assert.equal(
      lensTitle(finding({ verdict: 'mismatch', relError: 0.4123 })),
      '✗ step does not hold (0.41)',
    );
    assert.equal(
      lensTitle(finding({ kind: 'differential', verdict: 'mismatch', relError: 2 })),
      '✗ differential does not hold (2)',
    );
  });

  test('a shape error whose first clause is long falls back to the shapes', () => {
    const message = `${'x'.repeat(70)}: details`;
    assert.equal(
      lensTitle(finding({ verdict: 'shape-error', message, shapes: { lhs: 'n×1', rhs: '1×n' } })),
      '✗ shapes differ: n×1 vs 1×n',
    );
  });

  test('layouts and symmetric conventions are said', () => {
    assert.equal(
      lensTitle(finding({ kind: 'gradient', relError: 0, diagnosis: 'denominator-layout' })),
      '✓ matches autodiff, denominator layout (0)',
    );
    assert.equal(
      lensTitle(finding({ kind: 'gradient', relError: 3e-17, diagnosis: 'symmetric-sym' })),
      '✓ matches autodiff as sym(G) (symmetric) (3e-17)',
    );
  });

  test('not checked: unsupported, timed out, skipped, unreadable; long messages are cut', () => {
    assert.equal(
      lensTitle(finding({ verdict: 'unsupported', code: 'gradlens.timeout', message: 'whatever' })),
      '⚠ not checked: the time budget ran out',
    );
    assert.equal(
      lensTitle(finding({ verdict: 'unsupported', message: 'not checked, domain: log of x − y' })),
      '⚠ not checked, domain: log of x − y',
    );
    assert.equal(
      lensTitle(finding({ verdict: 'skipped', message: 'shapes agree (m×n)' })),
      '○ shapes agree (m×n)',
    );
    assert.equal(
      lensTitle(finding({ verdict: 'parse-error', message: 'unknown macro \\foo' })),
      '✗ cannot read: unknown macro \\foo',
    );
    const long = lensTitle(finding({ verdict: 'skipped', message: 'y'.repeat(200) }));
    assert.equal(long.length, 90);
    assert.ok(long.endsWith('…'));
  });
});

describe('formatRelError', () => {
  test('one significant digit, exponent below 1e-3', () => {
    assert.equal(formatRelError(0), '0');
    assert.equal(formatRelError(1.6e-16), '2e-16');
    assert.equal(formatRelError(4.7e-4), '5e-4');
    assert.equal(formatRelError(0.5), '0.5');
    assert.equal(formatRelError(1.1824), '1.2');
    assert.equal(formatRelError(Number.NaN), 'NaN');
  });
});

describe('explain items', () => {
  test('verdict, shapes, numbers, related places, the panel', () => {
    const items = explainItems(
      finding({
        kind: 'gradient',
        verdict: 'shape-error',
        wrt: 'X',
        message: 'm×n, but X is k×l: …',
        shapes: { lhs: 'k×l', rhs: 'm×n' },
        code: 'gradlens.shape',
        related: [{ range, message: 'X is k×l from its use here' }],
      }),
    );
    assert.deepEqual(
      items.map((i) => i.label),
      [
        '✗ shape-error · gradient with respect to X',
        'shapes: left k×l, right m×n',
        'code: gradlens.shape',
        'X is k×l from its use here',
        'Open in the GradLens panel',
      ],
    );
    assert.deepEqual(items[3].action, { kind: 'reveal', range });
    assert.equal(items[3].detail, 'line 4');
    assert.deepEqual(items[4].action, { kind: 'panel' });
  });

  test('relative error and diagnosis when there are some', () => {
    const labels = explainItems(
      finding({ verdict: 'mismatch', relError: 1.18, diagnosis: 'transpose' }),
    ).map((i) => i.label);
    assert.ok(labels.includes('relative error 1.2'));
    assert.ok(labels.includes('diagnosis: transpose'));
  });
});

describe('status text', () => {
  test('claims that hold, problems, and not-checked only when there are some', () => {
    const t = tally(findingsOf(MISTAKES));
    assert.deepEqual(t, { holds: 0, problems: 4, unchecked: 0 });
    assert.equal(statusText(t), 'GradLens ✓ 0 · ✗ 4');
    const answer = tally(findingsOf(example('seed-answer.md')));
    assert.equal(
      statusText({ ...answer, unchecked: 2 }),
      `GradLens ✓ ${answer.holds} · ✗ 0 · 2 not checked`,
    );
    assert.match(
      statusTooltip({ holds: 1, problems: 2, unchecked: 0 }),
      /^GradLens: 1 claim holds, 2 problems, 0 claims not checked\./,
    );
  });

  test('ok definitions are not counted as claims that hold', () => {
    assert.deepEqual(tally([finding({ kind: 'definition' })]), {
      holds: 0,
      problems: 0,
      unchecked: 0,
    });
  });
});

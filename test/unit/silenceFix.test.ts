// "Don't check this claim", pure part: the comment line goes above the claim's line (above the
// start of its display region), keeps the indentation, and once applied the core flags the
// finding suppressed (and nothing else that was not on that line or in that region).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/core/analyze';
import type { DocumentLanguage } from '../../src/core/document';
import type { Finding } from '../../src/core/report';
import { tally } from '../../src/extension/lensModel';
import { applySilenceFix, SILENCE_TITLE, silenceFix } from '../../src/extension/silenceFix';

const WRONG = String.raw`\nabla_{\mathbf{x}} \mathbf{a}^T \mathbf{x} = -\mathbf{a}`;
const DECLARE = String.raw`Let $\mathbf{a}, \mathbf{x} \in \mathbb{R}^n$.`;

function analyze(text: string, language: DocumentLanguage): Finding[] {
  return analyzeDocument({ uri: `mem://fix.${language}`, version: 1, language, text }).findings;
}

/** Applies the fix for the first mismatch; returns the inserted line, the edited text and its mismatches. */
function fixFirst(text: string, language: DocumentLanguage) {
  const before = analyze(text, language).filter((f) => f.verdict === 'mismatch');
  assert.ok(before.length > 0, 'a mismatch to silence');
  const fix = silenceFix(text, language, before[0]);
  assert.ok(fix, 'a fix');
  assert.equal(fix.title, SILENCE_TITLE);
  const edited = applySilenceFix(text, fix);
  const after = analyze(edited, language).filter((f) => f.verdict === 'mismatch');
  return { fix, edited, before, after };
}

describe('Markdown', () => {
  test('inline math: above the claim line; that finding is suppressed, the next one is not', () => {
    const text = [DECLARE, '', `Then $${WRONG}$.`, '', `And $${WRONG}$.`].join('\n');
    const { fix, edited, after } = fixFirst(text, 'markdown');
    assert.equal(fix.line, 2);
    assert.equal(fix.text, '<!-- gradlens-disable-next-line -->\n');
    assert.equal(edited.split('\n')[2], '<!-- gradlens-disable-next-line -->');
    assert.deepEqual(
      after.map((f) => Boolean(f.suppressed)),
      [true, false],
    );
  });

  test('$$ display in a list item: above the line where the region starts, indented', () => {
    const text = [
      DECLARE,
      '',
      '- the gradient:',
      '',
      '  $$',
      `  \\nabla_{\\mathbf{x}} \\mathbf{a}^T \\mathbf{x}`,
      '  = -\\mathbf{a}',
      '  $$',
    ].join('\n');
    const { fix, after } = fixFirst(text, 'markdown');
    assert.equal(fix.line, 4);
    assert.equal(fix.text, '  <!-- gradlens-disable-next-line -->\n');
    assert.ok(after.length > 0 && after.every((f) => f.suppressed));
  });

  test('in a block quote the comment goes inside the quote', () => {
    const text = [DECLARE, '', `> Then $${WRONG}$.`].join('\n');
    const { fix, after } = fixFirst(text, 'markdown');
    assert.equal(fix.text, '> <!-- gradlens-disable-next-line -->\n');
    assert.ok(after.every((f) => f.suppressed));
  });

  test('CRLF documents get a CRLF line', () => {
    const text = [DECLARE, '', `$${WRONG}$`].join('\r\n');
    const { fix, after } = fixFirst(text, 'markdown');
    assert.equal(fix.text, '<!-- gradlens-disable-next-line -->\r\n');
    assert.ok(after.every((f) => f.suppressed));
  });
});

describe('LaTeX', () => {
  test('a step inside an indented align: above \\begin{align}, with its indentation', () => {
    const text = [
      String.raw`Let $\mathbf{a}, \mathbf{x} \in \mathbb{R}^n$.`,
      String.raw`    \begin{align}`,
      String.raw`    \nabla_{\mathbf{x}} \mathbf{a}^T \mathbf{x} &= \mathbf{a} \\`,
      String.raw`    \nabla_{\mathbf{x}} \mathbf{a}^T \mathbf{x} &= 2\mathbf{a}`,
      String.raw`    \end{align}`,
    ].join('\n');
    const { fix, after } = fixFirst(text, 'latex');
    assert.equal(fix.line, 1);
    assert.equal(fix.text, '    % gradlens-disable-next-line\n');
    assert.ok(after.length === 1 && after[0].suppressed);
  });

  test('inline $…$ in a paragraph: above its line', () => {
    const text = [
      String.raw`Let $\mathbf{a}, \mathbf{x} \in \mathbb{R}^n$.`,
      `Then $${WRONG}$.`,
    ].join('\n');
    const { fix, after } = fixFirst(text, 'latex');
    assert.equal(fix.line, 1);
    assert.equal(fix.text, '% gradlens-disable-next-line\n');
    assert.ok(after.every((f) => f.suppressed));
  });
});

test('no fix for raw notebook JSON (cells are edited as cells)', () => {
  assert.equal(
    silenceFix('{"cells": []}', 'notebook', {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    }),
    undefined,
  );
});

test('the status bar tally leaves suppressed findings out', () => {
  const text = [
    DECLARE,
    '<!-- gradlens-disable-next-line -->',
    `$${WRONG}$`,
    '',
    `$${WRONG}$`,
  ].join('\n');
  assert.equal(tally(analyze(text, 'markdown')).problems, 1);
});

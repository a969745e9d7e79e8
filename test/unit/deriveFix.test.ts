// The "Replace with the gradient" quick fix as data (src/extension/deriveFix.ts): the edit
// replaces exactly the claimed right-hand side, and the edited note checks ok. Suggestions
// come from the core, as the worker attaches them (core/derive/fix.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { withSuggestions } from '../../src/core/derive/fix';
import type { Finding } from '../../src/core/report';
import { applyFix, deriveFix } from '../../src/extension/deriveFix';
import { joinCells, splitFindings } from '../../src/extension/notebookText';

const question = readFileSync(join(__dirname, '..', 'fixtures', 'seed-question.md'), 'utf8');

function findingsOf(text: string, sections?: { line: number; name: string }[]): Finding[] {
  const analysis = analyzeDocument(
    { uri: 'note.md', version: 1, language: 'markdown', text },
    sections ? { sections } : {},
  );
  return withSuggestions(analysis.read, analysis.findings);
}

function gradientClaims(text: string): Finding[] {
  return findingsOf(text).filter((f) => f.kind === 'gradient');
}

test('seed question: the fix replaces exactly the claimed right-hand side, and the claim then checks ok', () => {
  const error = findingsOf(question).find((f) => f.verdict === 'shape-error')!;
  assert.equal(error.suggestion?.kind, 'derived');
  const fix = deriveFix(question, error)!;
  assert.ok(fix);
  // the right-hand side after "=", on the claim's line, up to the closing $$
  const line = question.split('\n')[4];
  assert.deepEqual(fix.range.start.line, 4);
  assert.deepEqual(fix.range.end.line, 4);
  assert.equal(
    line.slice(fix.range.start.character, fix.range.end.character).trim(),
    '\\frac{\\mathbf{A} \\odot \\mathbf{K}}{\\mathbf{B}^T\\mathbf{X}\\mathbf{C}}',
  );
  const edited = applyFix(question, fix);
  // only that line changed
  const before = question.split('\n');
  const after = edited.split('\n');
  assert.equal(after.length, before.length);
  assert.deepEqual(
    after.map((l, i) => l === before[i]),
    before.map((_, i) => i !== 4),
  );
  assert.ok(after[4].includes(fix.newText));
  const claims = gradientClaims(edited);
  assert.equal(claims.length, 1);
  assert.equal(claims[0].verdict, 'ok', claims[0].message);
  assert.equal(claims[0].shapes?.rhs, claims[0].shapes?.lhs);
});

test('a diagnosed sign or factor gets the minimal edit of the written side, which then holds', () => {
  const cases: [string, string][] = [
    ['$$ \\nabla_X \\operatorname{tr}(A X B) = -A^T B^T $$\n', 'negate'],
    ['$$ \\nabla_X \\operatorname{tr}(A X B) = 2A^T B^T $$\n', 'scale'],
  ];
  for (const [text, kind] of cases) {
    const [claim] = gradientClaims(text);
    assert.equal(claim.verdict, 'mismatch');
    assert.equal(claim.suggestion?.kind, kind);
    const fix = deriveFix(text, claim)!;
    // the range is the right side only: the left side is untouched
    assert.ok(text.slice(0, fix.range.start.character).includes('\\operatorname{tr}(A X B) ='));
    const [after] = gradientClaims(applyFix(text, fix));
    assert.equal(after.verdict, 'ok', `${kind}: ${after.message}`);
  }
});

test('no suggestion, or a range the current text does not have: no fix', () => {
  const text = '$$ \\nabla_X \\operatorname{tr}(A X B) = -A^T B^T $$\n';
  const [claim] = gradientClaims(text);
  assert.equal(deriveFix(text, { suggestion: undefined }), undefined);
  // the text was shortened since the finding was computed
  assert.equal(deriveFix(text.slice(0, 30), claim), undefined);
  // a right side that checks ok has no suggestion, so no fix
  const [ok] = gradientClaims('$$ \\nabla_X \\operatorname{tr}(A X B) = A^T B^T $$\n');
  assert.equal(ok.verdict, 'ok');
  assert.equal(deriveFix(text, ok), undefined);
});

test('notebook cells: the suggestion range moves into its cell with the finding, and the fix applies there', () => {
  const cells = [
    { uri: 'cell:1', text: '# Setup\n\nSome words.' },
    { uri: 'cell:2', text: `Claim:\n\n${question.split('\n')[4]}\n` },
  ];
  const joined = joinCells(cells);
  const sections = joined.parts.map((p, i) => ({ line: p.line, name: `cell ${i + 1}` }));
  const findings = findingsOf(joined.text, sections);
  const inCell = splitFindings(joined, findings).get('cell:2')!;
  const error = inCell.find((f) => f.verdict === 'shape-error')!;
  assert.equal(error.suggestion?.range.start.line, 2);
  const fix = deriveFix(cells[1].text, error)!;
  const edited = applyFix(cells[1].text, fix);
  const claims = gradientClaims(edited);
  assert.equal(claims.length, 1);
  assert.equal(claims[0].verdict, 'ok', claims[0].message);
});

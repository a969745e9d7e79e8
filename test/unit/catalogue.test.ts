// A catalogue of matrix-calculus identities, written the way people write them in notes,
// each checked numerically end to end (analyzeDocument), together with mutants of its
// claimed right-hand side made the way people get them wrong: a flipped sign, a transpose,
// a constant factor, two factors swapped, a term dropped. Every correct identity must come
// out 'ok'; every mutant must be caught, and sign, transpose and factor mutants must be
// diagnosed as such.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeDocument } from '../../src/core/analyze';
import type { Finding } from '../../src/core/report';
import {
  CATALOGUE,
  RHS,
  flipSign,
  mutantsOf,
  scaleBy,
  topLevelTerms,
  transposed,
  type Identity,
  type Mutant,
} from '../fixtures/catalogue';

export { topLevelTerms };

// ── checking ───────────────────────────────────────────────────────────────────────────

const CLAIM_KINDS = new Set(['gradient', 'equality', 'differential']);

function analyze(text: string): Finding[] {
  return analyzeDocument({ uri: 'mem://catalogue', version: 1, language: 'markdown', text })
    .findings;
}

function describeFindings(findings: Finding[]): string {
  return findings
    .map(
      (f) =>
        `  ${f.kind} ${f.verdict}${f.diagnosis ? ` [${f.diagnosis}]` : ''}: ${f.latex.replace(/\s+/g, ' ')} — ${f.message}`,
    )
    .join('\n');
}

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  return {
    line: before.split('\n').length - 1,
    character: offset - (before.lastIndexOf('\n') + 1),
  };
}

function before(
  a: { line: number; character: number },
  b: { line: number; character: number },
): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/**
 * The claim about the placeholder: the first claim finding whose range meets it (a shape
 * error points at the offending subexpression, a numeric finding covers the whole step).
 */
function claimAt(
  text: string,
  offset: number,
  length: number,
  findings: Finding[],
): Finding | undefined {
  const start = position(text, offset);
  const end = position(text, offset + length);
  return findings.find(
    (f) => CLAIM_KINDS.has(f.kind) && before(f.range.start, end) && before(start, f.range.end),
  );
}

function instantiate(identity: Identity, rhs: string): { text: string; offset: number } {
  const offset = identity.note.indexOf(RHS);
  assert.ok(
    offset >= 0 && identity.note.indexOf(RHS, offset + 1) < 0,
    `${identity.name}: the note needs ${RHS} exactly once`,
  );
  return { text: identity.note.replace(RHS, rhs), offset };
}

function checkCorrect(identity: Identity): void {
  const { text, offset } = instantiate(identity, identity.rhs);
  const findings = analyze(text);
  const report = `${identity.name}:\n${describeFindings(findings)}`;
  const claims = findings.filter((f) => CLAIM_KINDS.has(f.kind));
  assert.ok(claims.length > 0, `no claim found\n${report}`);
  for (const f of findings) assert.equal(f.verdict, 'ok', `every finding should be ok\n${report}`);
  const claim = claimAt(text, offset, identity.rhs.length, findings);
  assert.ok(claim, `no claim covers the right-hand side\n${report}`);
  if (identity.diagnosis) assert.equal(claim.diagnosis, identity.diagnosis, report);
}

function checkMutant(identity: Identity, mutant: Mutant): void {
  const { text, offset } = instantiate(identity, mutant.rhs);
  const findings = analyze(text);
  const report = `${identity.name}, ${mutant.kind} mutant ${mutant.rhs}:\n${describeFindings(findings)}`;
  const claim = claimAt(text, offset, mutant.rhs.length, findings);
  assert.ok(claim, `no claim covers the mutated right-hand side\n${report}`);
  assert.equal(claim.severity, 'error', report);
  switch (mutant.expect.verdict) {
    case 'mismatch':
      assert.equal(claim.verdict, 'mismatch', report);
      assert.equal(claim.diagnosis, mutant.expect.diagnosis, report);
      break;
    case 'shape-error':
      assert.equal(claim.verdict, 'shape-error', report);
      break;
    case 'caught':
      assert.ok(claim.verdict === 'mismatch' || claim.verdict === 'shape-error', report);
      break;
  }
}

// ── the catalogue ──────────────────────────────────────────────────────────────────────

for (const [group, identities] of CATALOGUE) {
  void describe(`catalogue: ${group}`, () => {
    for (const identity of identities) {
      void describe(identity.name, () => {
        void test(`correct: ${identity.rhs}`, () => checkCorrect(identity));
        for (const mutant of mutantsOf(identity)) {
          void test(`${mutant.kind} mutant: ${mutant.rhs}`, () => checkMutant(identity, mutant));
        }
      });
    }
  });
}

void test('the catalogue has at least 60 identities', () => {
  const count = CATALOGUE.reduce((n, [, identities]) => n + identities.length, 0);
  assert.ok(count >= 60, `only ${count} identities`);
});

void test('mutant generation: terms, signs, factors', () => {
  assert.deepEqual(topLevelTerms('2A - B^T(C + D)'), ['2A', '- B^T(C + D)']);
  assert.deepEqual(topLevelTerms('-X^{-T}A^TB^TX^{-T}'), ['-X^{-T}A^TB^TX^{-T}']);
  assert.deepEqual(topLevelTerms('\\left\\|A - B\\right\\|_F^2 + c'), [
    '\\left\\|A - B\\right\\|_F^2',
    '+ c',
  ]);
  assert.deepEqual(topLevelTerms('2\\|A\\|_F^2 X - \\frac{a - b}{c}'), [
    '2\\|A\\|_F^2 X',
    '- \\frac{a - b}{c}',
  ]);
  assert.equal(flipSign('-2X'), '2X');
  assert.equal(flipSign('A^T'), '-A^T');
  assert.equal(flipSign('A + B'), '-\\left(A + B\\right)');
  assert.equal(scaleBy('2X', '2'), '2\\left(2X\\right)');
  assert.equal(scaleBy('-X^{-T}', '2'), '-2X^{-T}');
  assert.equal(transposed('A'), 'A^T');
});

// ── the seed example and the cases around the catalogue ───────────────────────────────

void describe('catalogue: the seed example', () => {
  void test('seed answer: every finding ok, none mismatched, unsupported or a shape error', () => {
    const findings = analyze(
      readFileSync(new URL('../fixtures/seed-answer.md', import.meta.url), 'utf8'),
    );
    const report = describeFindings(findings);
    assert.ok(findings.length > 0);
    for (const f of findings) assert.equal(f.verdict, 'ok', report);
    assert.equal(findings.filter((f) => f.kind === 'definition').length, 1, report);
    assert.ok(
      findings.some((f) => f.kind === 'gradient'),
      report,
    );
    assert.ok(
      findings.some((f) => f.kind === 'differential'),
      report,
    );
  });

  void test('seed question: exactly one shape error, on the gradient claim', () => {
    const findings = analyze(
      readFileSync(new URL('../fixtures/seed-question.md', import.meta.url), 'utf8'),
    );
    const shapeErrors = findings.filter((f) => f.verdict === 'shape-error');
    assert.equal(shapeErrors.length, 1, describeFindings(findings));
    assert.equal(shapeErrors[0].kind, 'gradient');
    assert.equal(shapeErrors[0].severity, 'error');
    assert.ok(!findings.some((f) => f.verdict === 'mismatch'), describeFindings(findings));
  });
});

void describe('catalogue: domains', () => {
  void test('a log of a quantity of unknown sign is unsupported (domain), never a mismatch', () => {
    const findings = analyze('$$\\frac{\\partial}{\\partial x}\\log(x - y) = \\frac{1}{x - y}$$\n');
    const claim = findings.find((f) => f.kind === 'gradient');
    assert.ok(claim, describeFindings(findings));
    assert.equal(claim.verdict, 'unsupported', describeFindings(findings));
    assert.equal(claim.code, 'gradlens.domain');
  });

  void test('a wrong claim about such a log is not called a mismatch either', () => {
    const findings = analyze(
      '$$\\frac{\\partial}{\\partial X}\\sum_{i,j}\\log(X - A) = \\frac{2}{X - A}$$\n',
    );
    const claim = findings.find((f) => f.kind === 'gradient');
    assert.ok(claim, describeFindings(findings));
    assert.equal(claim.verdict, 'unsupported', describeFindings(findings));
    assert.equal(claim.code, 'gradlens.domain');
  });
});

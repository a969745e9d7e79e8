// Both kinds of fix for a wrong gradient (core/derive/fix.ts suggestionsFor, the quick fixes of
// src/extension/deriveFix.ts): every sign, transpose and factor mutant of the catalogue gets the
// smallest edit of the writer's own side that turns the claim ok AND the derived gradient as a
// full replacement that is ok. Asserted on verdicts and kinds, never on wording.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { suggestionsFor, withSuggestions, type Fix } from '../../src/core/derive/fix';
import { readDocument } from '../../src/core/read';
import { applyFix, deriveFixes } from '../../src/extension/deriveFix';
import { CATALOGUE, mutantsOf, RHS } from '../fixtures/catalogue';

const EXPECTED = { sign: 'negate', transpose: 'transpose', factor: 'scale' } as const;

/** The identities whose gradient the derivation does not handle (derive.test.ts NOT_DERIVED). */
const NOT_DERIVED = new Set([
  'logistic regression, a sum over examples',
  '‖A ⊗ X‖_F²',
  'vec(X)ᵀ(B ⊗ A)vec(X)',
  'vec(Y)ᵀ(Bᵀ ⊗ A)vec(X) = ⟨Y, AXB⟩',
]);

function wrongClaimsAfter(text: string, fix: Fix): number {
  const fixed = text.slice(0, fix.start) + fix.written + text.slice(fix.end);
  const findings = analyzeDocument({
    uri: 'mem://fixed',
    version: 1,
    language: 'markdown',
    text: fixed,
  }).findings;
  return findings.filter((f) => f.verdict === 'mismatch' || f.verdict === 'shape-error').length;
}

void describe('both fixes for every sign, transpose and factor mutant of the catalogue', () => {
  let mutants = 0;
  let gradients = 0;
  for (const [, identities] of CATALOGUE)
    for (const identity of identities)
      for (const mutant of mutantsOf(identity)) {
        if (mutant.expect.verdict !== 'mismatch' || !(mutant.kind in EXPECTED)) continue;
        mutants++;
        void test(`${identity.name}: ${mutant.kind} ${mutant.rhs}`, () => {
          const text = identity.note.replace(RHS, mutant.rhs);
          const read = readDocument({
            uri: 'mem://mutant',
            version: 1,
            language: 'markdown',
            text,
          });
          const offset = identity.note.indexOf(RHS);
          const finding = analyzeDocument(read.document).findings.find(
            (f) =>
              f.verdict === 'mismatch' &&
              read.lines.offsetAt(f.range.start) <= offset + mutant.rhs.length &&
              offset <= read.lines.offsetAt(f.range.end),
          );
          assert.ok(finding, 'the mutant is a mismatch');
          if (finding.kind !== 'gradient') return; // differentials: derive.test.ts
          gradients++;
          const { minimal, derived } = suggestionsFor(read, finding);
          assert.ok(minimal, `no smallest edit for ${finding.diagnosis}`);
          assert.equal(minimal.kind, EXPECTED[mutant.kind as keyof typeof EXPECTED]);
          assert.equal(wrongClaimsAfter(text, minimal), 0, minimal.latex);
          if (NOT_DERIVED.has(identity.name)) {
            assert.equal(derived, undefined);
            return;
          }
          assert.ok(derived, 'no derived replacement');
          assert.equal(derived.kind, 'derived');
          assert.deepEqual([derived.start, derived.end], [minimal.start, minimal.end]);
          assert.equal(wrongClaimsAfter(text, derived), 0, derived.latex);
        });
      }
  void test('the catalogue has enough mutants (this test runs after the others)', () => {
    assert.ok(mutants >= 100, `${mutants} mutants`);
    assert.ok(gradients >= 90, `${gradients} gradient mutants`);
  });
});

void test('the quick fixes offer both, smallest edit first, and each applied makes the claim ok', () => {
  const text = '$$ \\nabla_X \\operatorname{tr}(A X B) = -A^T B^T $$\n';
  const findings = withSuggestions(
    readDocument({ uri: 'note.md', version: 1, language: 'markdown', text }),
    analyzeDocument({ uri: 'note.md', version: 1, language: 'markdown', text }).findings,
  );
  const claim = findings.find((f) => f.kind === 'gradient')!;
  assert.equal(claim.suggestion?.kind, 'negate');
  assert.equal(claim.derivedSuggestion?.kind, 'derived');
  const fixes = deriveFixes(text, claim);
  assert.equal(fixes.length, 2);
  for (const fix of fixes) {
    const after = analyzeDocument({
      uri: 'note.md',
      version: 1,
      language: 'markdown',
      text: applyFix(text, fix),
    });
    const gradient = after.findings.find((f) => f.kind === 'gradient')!;
    assert.equal(gradient.verdict, 'ok', fix.newText);
  }
  // a wrong claim with no diagnosis has the derived gradient only
  const undiagnosed = '$$ \\nabla_X \\operatorname{tr}(A X B) = A^T B^T + A $$\n';
  const [only] = withSuggestions(
    readDocument({ uri: 'n.md', version: 1, language: 'markdown', text: undiagnosed }),
    analyzeDocument({ uri: 'n.md', version: 1, language: 'markdown', text: undiagnosed }).findings,
  ).filter((f) => f.kind === 'gradient');
  assert.equal(only.suggestion?.kind, 'derived');
  assert.equal(only.derivedSuggestion, undefined);
  assert.equal(deriveFixes(undiagnosed, only).length, 1);
});

// What shows where (src/core/levels.ts): every verdict × kind against a table written out here
// by hand, the report modes and gradlens.severity on top, and the counts of the status bar and
// the summary lens on the notes in examples/ and on test/fixtures/report-levels.md (one finding
// of every verdict), as the core really reports them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { languageOfPath } from '../../src/core/document';
import {
  isProblem,
  levelOf,
  tally,
  tallyText,
  treatmentOf,
  type Count,
  type Level,
} from '../../src/core/levels';
import { VERDICTS, type Finding, type FindingKind, type Verdict } from '../../src/core/report';
import { statusText, summaryLensTitle } from '../../src/extension/lensModel';

const KINDS: FindingKind[] = [
  'gradient',
  'equality',
  'differential',
  'expression',
  'declaration',
  'definition',
];

// [level in the Problems panel, count] per kind, in the order of KINDS.
type Cell = `${Level}/${Count}`;
const CLAIMS_AND_FACTS = (claim: Cell, fact: Cell): Cell[] => [
  claim,
  claim,
  claim,
  claim,
  fact,
  fact,
];
const EXPECTED: Record<Verdict | 'mismatch (assumes-…)', Cell[]> = {
  ok: CLAIMS_AND_FACTS('off/holds', 'off/none'),
  mismatch: CLAIMS_AND_FACTS('error/problem', 'error/problem'),
  'mismatch (assumes-…)': CLAIMS_AND_FACTS('warning/problem', 'warning/problem'),
  'shape-error': CLAIMS_AND_FACTS('error/problem', 'error/problem'),
  'parse-error': CLAIMS_AND_FACTS('hint/not-checked', 'hint/not-checked'),
  unsupported: CLAIMS_AND_FACTS('hint/not-checked', 'hint/not-checked'),
  skipped: CLAIMS_AND_FACTS('off/not-checked', 'off/not-checked'),
};

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const SEVERITY: Record<Verdict, Finding['severity']> = {
  ok: 'information',
  mismatch: 'error',
  'shape-error': 'error',
  'parse-error': 'error',
  unsupported: 'warning',
  skipped: 'information',
};
function finding(kind: FindingKind, verdict: Verdict, more: Partial<Finding> = {}): Finding {
  return { kind, verdict, severity: SEVERITY[verdict], range, message: 'm', latex: 'x', ...more };
}

describe('the table: every verdict × kind', () => {
  for (const verdict of VERDICTS) {
    test(verdict, () => {
      const got = KINDS.map((kind) => {
        const t = treatmentOf(finding(kind, verdict));
        return `${t.level}/${t.count}`;
      });
      assert.deepEqual(got, EXPECTED[verdict]);
      // with no setting, the level in `problems` is the table's
      assert.deepEqual(
        KINDS.map((kind) => levelOf(finding(kind, verdict))),
        EXPECTED[verdict].map((cell) => cell.split('/')[0]),
      );
    });
  }

  test('a mismatch that holds once the note states an assumption is a warning', () => {
    const got = KINDS.map((kind) => {
      const t = treatmentOf(finding(kind, 'mismatch', { diagnosis: 'assumes-symmetric' }));
      return `${t.level}/${t.count}`;
    });
    assert.deepEqual(got, EXPECTED['mismatch (assumes-…)']);
    // other diagnoses stay errors
    for (const diagnosis of ['sign', 'transpose', 'factor', 'symmetric-sym'])
      assert.equal(levelOf(finding('gradient', 'mismatch', { diagnosis })), 'error');
  });

  test('domain and timeout are unsupported: hints, not checked', () => {
    for (const code of ['gradlens.domain', 'gradlens.timeout', 'gradlens.unsupported']) {
      const f = finding('gradient', 'unsupported', { code });
      assert.equal(levelOf(f), 'hint');
      assert.equal(treatmentOf(f).count, 'not-checked');
    }
  });

  test('only errors and warnings are Problems entries', () => {
    assert.deepEqual(
      (['error', 'warning', 'information', 'hint', 'off'] as Level[]).filter(isProblem),
      ['error', 'warning'],
    );
  });
});

describe('gradlens.report and gradlens.severity', () => {
  test('everything: every finding at the severity of the report', () => {
    for (const verdict of VERDICTS)
      for (const kind of KINDS) {
        const f = finding(kind, verdict);
        assert.equal(levelOf(f, 'everything'), f.severity, `${kind} ${verdict}`);
      }
    const assumes = finding('gradient', 'mismatch', { diagnosis: 'assumes-symmetric' });
    assert.equal(levelOf(assumes, 'everything'), 'error');
  });

  test("the user's table wins in either mode, a code over its verdict; nonsense is ignored", () => {
    const domain = finding('gradient', 'unsupported', { code: 'gradlens.domain' });
    assert.equal(levelOf(domain, 'problems', { unsupported: 'warning' }), 'warning');
    assert.equal(
      levelOf(domain, 'problems', { unsupported: 'warning', 'gradlens.domain': 'off' }),
      'off',
    );
    assert.equal(levelOf(domain, 'everything', { unsupported: 'hint' }), 'hint');
    assert.equal(
      levelOf(finding('gradient', 'ok'), 'problems', { ok: 'information' }),
      'information',
    );
    assert.equal(
      levelOf(finding('gradient', 'mismatch'), 'problems', { mismatch: 'loud' }),
      'error',
    );
    assert.equal(
      levelOf(finding('gradient', 'mismatch'), 'problems', { mismatch: 'warning' }),
      'warning',
    );
  });

  test('under problems, declarations and definitions never become diagnostics, whatever ok says', () => {
    for (const kind of ['declaration', 'definition'] as const) {
      assert.equal(levelOf(finding(kind, 'ok'), 'problems', { ok: 'information' }), 'off');
      assert.equal(levelOf(finding(kind, 'ok'), 'everything'), 'information');
    }
  });
});

function findingsOfFile(path: string): Finding[] {
  return analyzeDocument(
    { uri: path, version: 1, language: languageOfPath(path)!, text: readFileSync(path, 'utf8') },
    { numeric: { draws: 3, seed: 1, tolerance: 1e-8, maxDim: 9 } },
  ).findings;
}
const EXAMPLES = join(__dirname, '..', '..', 'examples');
const example = (name: string) => findingsOfFile(join(EXAMPLES, name));
const MINE = join(__dirname, '..', 'fixtures', 'report-levels.md');

describe('on real notes', () => {
  test('the Problems panel of each example: its deliberate mistakes, nothing else', () => {
    const problems = (name: string) =>
      example(name)
        .filter((f) => isProblem(levelOf(f)))
        .map((f) => `${levelOf(f)} ${f.range.start.line + 1} ${f.kind}: ${f.verdict}`);
    assert.deepEqual(problems('seed-question.md'), ['error 5 gradient: shape-error']);
    assert.deepEqual(problems('seed-answer.md'), []);
    assert.deepEqual(problems('logistic-regression.md'), ['error 10 gradient: mismatch']);
    assert.deepEqual(problems('least-squares-ridge.md'), []);
    assert.deepEqual(problems('nmf-updates.md'), []);
    assert.deepEqual(problems('gaussian-logdet.tex'), []);
    assert.deepEqual(problems('trace-gradients.ipynb'), ['error 30 gradient: mismatch']);
  });

  test('status bar and summary lens counts of the examples', () => {
    assert.equal(
      statusText(tally(example('seed-question.md'))),
      'GradLens ✓ 0 · ✗ 1 · 1 not checked',
    );
    const answer = example('seed-answer.md');
    const held = answer.filter((f) => f.verdict === 'ok' && f.kind !== 'definition').length;
    assert.equal(held, 10);
    assert.deepEqual(tally(answer), { holds: 10, problems: 0, unchecked: 0 });
    assert.equal(summaryLensTitle(answer), 'GradLens ✓ 10 · ✗ 0');
    assert.equal(tallyText(tally(example('least-squares-ridge.md'))), '✓ 3 · ✗ 0 · 1 not checked');
    assert.equal(tallyText(tally(example('logistic-regression.md'))), '✓ 2 · ✗ 1');
  });

  test('a note of every verdict: one of each where it belongs', () => {
    const findings = findingsOfFile(MINE);
    const where = findings.map(
      (f) => `${f.range.start.line + 1} ${f.kind}: ${f.verdict} → ${levelOf(f)}`,
    );
    assert.deepEqual(where, [
      '3 declaration: ok → off',
      '3 declaration: ok → off',
      '3 definition: ok → off',
      '5 gradient: ok → off',
      '7 gradient: mismatch → error',
      '9 gradient: mismatch → warning',
      '11 gradient: shape-error → error',
      '13 gradient: unsupported → hint',
      '15 equality: parse-error → hint',
      '17 expression: skipped → off',
    ]);
    assert.equal(findings[5].diagnosis, 'assumes-symmetric');
    assert.deepEqual(tally(findings), { holds: 1, problems: 3, unchecked: 3 });
    assert.equal(summaryLensTitle(findings), 'GradLens ✓ 1 · ✗ 3 · 3 not checked');
  });

  test('no summary lens for a document with nothing to count', () => {
    assert.equal(summaryLensTitle([]), undefined);
    assert.equal(
      summaryLensTitle([finding('declaration', 'ok'), finding('definition', 'ok')]),
      undefined,
    );
  });
});

// Findings carry their diagnosis as data (`diagnosisDetail`): one claim per kind, checked for
// the data it carries, and over the realistic and assumption notes the invariants the JSON
// contract promises: `diagnosis` is the code of the detail, `assumption` follows from it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { languageOfPath, type DocumentLanguage } from '../../src/core/document';
import {
  assumptionOf,
  diagnosisCode,
  diagnosisDetailOf,
  type DiagnosisDetail,
  type Finding,
} from '../../src/core/report';
import { lensTitle } from '../../src/extension/lensModel';
import { toPanelClaim } from '../../src/protocol/panel';

const NUMERIC = { draws: 3, seed: 1, tolerance: 1e-8, maxDim: 9 };

function analyze(text: string, language: DocumentLanguage = 'markdown') {
  return analyzeDocument({ uri: 'mem://detail', version: 1, language, text }, { numeric: NUMERIC });
}

const seen = (f: Finding) =>
  `${f.verdict} [${f.diagnosis ?? ''}] ${JSON.stringify(f.diagnosisDetail)}: ${f.message}`;

/** The one finding on the claim written `claim` (the last display of the note). */
function claimOf(text: string): Finding {
  const findings = analyze(text).findings.filter(
    (f) => f.kind !== 'definition' && f.kind !== 'declaration',
  );
  const last = findings.at(-1);
  assert.ok(last, `no claim in ${text}`);
  return last;
}

/** The finding's detail, with the code and assumption it implies checked on the way. */
function detailOf(f: Finding, kind: DiagnosisDetail['kind']): DiagnosisDetail {
  assert.ok(f.diagnosisDetail, seen(f));
  assert.equal(f.diagnosisDetail.kind, kind, seen(f));
  assert.equal(f.diagnosis, diagnosisCode(f.diagnosisDetail), seen(f));
  return f.diagnosisDetail;
}

const VEC = 'Let $A, X \\in \\mathbb{R}^{n\\times n}$ and $x, b \\in \\mathbb{R}^n$.\n\n';

describe('each diagnosis, with its data', () => {
  test('sign', () => {
    const f = claimOf(VEC + '$$ g(x) = x^T x $$\n\n$$ \\nabla_x g = -2x $$');
    assert.deepEqual(detailOf(f, 'sign'), { kind: 'sign' });
    assert.equal(f.diagnosis, 'sign');
  });

  test('transpose, and minus the transpose', () => {
    const f = claimOf(VEC + '$$ f(X) = \\operatorname{tr}(A X) $$\n\n$$ \\nabla_X f = A $$');
    assert.deepEqual(detailOf(f, 'transpose'), { kind: 'transpose' });
    const g = claimOf(VEC + '$$ f(X) = \\operatorname{tr}(A X) $$\n\n$$ \\nabla_X f = -A $$');
    assert.deepEqual(detailOf(g, 'sign-transpose'), { kind: 'sign-transpose' });
    assert.equal(g.diagnosis, 'sign-transpose');
  });

  test('factor: its value and how the message writes it', () => {
    const f = claimOf(VEC + '$$ g(x) = x^T x $$\n\n$$ \\nabla_x g = 3x $$');
    const detail = detailOf(f, 'factor');
    assert.ok(detail.kind === 'factor');
    assert.ok(Math.abs(detail.value - 1.5) < 1e-9, String(detail.value));
    assert.equal(detail.text, '3/2');
    const half = claimOf(VEC + '$$ g(x) = x^T x $$\n\n$$ \\nabla_x g = x $$');
    const d = detailOf(half, 'factor');
    assert.ok(d.kind === 'factor' && d.text === '1/2' && Math.abs(d.value - 0.5) < 1e-9);
  });

  test('extra term: the term, its LaTeX and where it is', () => {
    const claim = '$$ \\nabla_x h = 2(x - b) + \\frac{x}{3} $$';
    const text = VEC + '$$ h(x) = \\|x - b\\|_2^2 $$\n\n' + claim;
    const f = claimOf(text);
    const detail = detailOf(f, 'extra-term');
    assert.ok(detail.kind === 'extra-term');
    assert.equal(detail.latex, '\\frac{x}{3}');
    assert.ok(detail.term.length > 0);
    const offset = text.lastIndexOf('\\frac{x}{3}');
    const line = text.slice(0, offset).split('\n').length - 1;
    const character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
    assert.deepEqual(detail.range, {
      start: { line, character },
      end: { line, character: character + '\\frac{x}{3}'.length },
    });
  });

  test('a term with the wrong sign: the term, without its sign', () => {
    const f = claimOf(VEC + '$$ h(x) = \\|x - b\\|_2^2 $$\n\n$$ \\nabla_x h = 2x + 2b $$');
    const detail = detailOf(f, 'term-sign');
    assert.ok(detail.kind === 'term-sign');
    assert.equal(detail.latex, '2b');
  });

  test('symmetric conventions: which one the claim follows', () => {
    const note = 'Let $X \\in \\mathbb{S}^n$ and $A \\in \\mathbb{R}^{n\\times n}$.\n\n';
    const sym = claimOf(
      note + '$$ f(X) = \\operatorname{tr}(A X) $$\n\n$$ \\nabla_X f = \\frac{1}{2}(A + A^T) $$',
    );
    assert.equal(sym.verdict, 'ok', seen(sym));
    assert.deepEqual(detailOf(sym, 'symmetric-convention'), {
      kind: 'symmetric-convention',
      convention: 'sym',
    });
    assert.equal(sym.diagnosis, 'symmetric-sym');
    const independent = claimOf(
      'For symmetric positive definite $\\Sigma \\in \\mathbb{S}^n_{++}$, counting each off-diagonal entry once,\n$$\\frac{\\partial \\log\\det\\Sigma}{\\partial \\Sigma} = 2\\Sigma^{-1} - \\Sigma^{-1}\\circ I$$\n',
    );
    assert.deepEqual(detailOf(independent, 'symmetric-convention'), {
      kind: 'symmetric-convention',
      convention: 'independent',
    });
    assert.equal(independent.diagnosis, 'symmetric-independent-entries');
  });

  test('a mistake against a symmetric convention says which convention', () => {
    const f = claimOf(
      'Let $X \\in \\mathbb{S}^n$ and $A \\in \\mathbb{R}^{n\\times n}$.\n\n' +
        '$$ f(X) = \\operatorname{tr}(A X) $$\n\n$$ \\nabla_X f = -\\frac{1}{2}(A + A^T) $$',
    );
    assert.equal(f.verdict, 'mismatch', seen(f));
    assert.deepEqual(detailOf(f, 'sign'), { kind: 'sign', against: 'sym' });
    assert.equal(f.diagnosis, 'sign', 'the code does not change with the convention');
  });

  test('assumes: the symbol and the property, and the assumption from them', () => {
    const f = claimOf(VEC + '$$ q(x) = x^T A x $$\n\n$$ \\nabla_x q = 2Ax $$');
    assert.deepEqual(detailOf(f, 'assumes'), {
      kind: 'assumes',
      symbol: 'A',
      display: 'A',
      property: 'symmetric',
    });
    assert.equal(f.diagnosis, 'assumes-symmetric');
    assert.deepEqual(f.assumption, { symbol: 'A', display: 'A', property: 'symmetric' });
  });

  test('contradicts: the property the note denies, where, and no assumption', () => {
    const f = claimOf(
      'Let $A \\in \\mathbb{R}^{n\\times n}$ and $\\mathbf x \\in \\mathbb{R}^n$; $A$ is not necessarily symmetric.\n\n' +
        '$$\\nabla_{\\mathbf x}\\, \\mathbf x^T A \\mathbf x = 2A\\mathbf x$$',
    );
    const detail = detailOf(f, 'contradicts');
    assert.ok(detail.kind === 'contradicts');
    assert.equal(detail.symbol, 'A');
    assert.equal(detail.property, 'symmetric');
    assert.equal(detail.denial?.line, 0);
    assert.equal(detail.denial?.via, 'prose');
    assert.match(detail.denial?.quote ?? '', /not necessarily symmetric/);
    assert.equal(f.diagnosis, 'contradicts-symmetric');
    assert.equal(f.assumption, undefined);
  });

  test('layout: numerator and denominator', () => {
    const jac = '$A \\in \\mathbb{R}^{m\\times n}$, $x \\in \\mathbb{R}^n$\n\n';
    const num = claimOf(jac + '$$ \\frac{\\partial (Ax)}{\\partial x} = A $$');
    assert.deepEqual(detailOf(num, 'layout'), { kind: 'layout', layout: 'numerator' });
    assert.equal(num.diagnosis, 'numerator-layout');
    const den = claimOf(jac + '$$ \\frac{\\partial (Ax)}{\\partial x} = A^T $$');
    assert.deepEqual(detailOf(den, 'layout'), { kind: 'layout', layout: 'denominator' });
    assert.equal(den.diagnosis, 'denominator-layout');
  });

  test('a transposed shape: a shape error diagnosed as a transpose', () => {
    const f = claimOf(
      'Let $A \\in \\mathbb{R}^{m\\times n}$, $x \\in \\mathbb{R}^n$, $b \\in \\mathbb{R}^m$.\n\n' +
        '$$ f(x) = b^T A x $$\n\n$$ \\nabla_x f = b^T A $$',
    );
    assert.equal(f.verdict, 'shape-error', seen(f));
    assert.deepEqual(detailOf(f, 'transpose'), { kind: 'transpose' });
  });
});

describe('consumers read the data', () => {
  test('the lens says the factor and the term from the detail, whatever the message', () => {
    const base: Finding = {
      kind: 'gradient',
      verdict: 'mismatch',
      severity: 'error',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      message: 'prose the host must not read: off by a constant factor 99: the term z',
      latex: '',
    };
    const factor: DiagnosisDetail = { kind: 'factor', value: 1.5, text: '3/2' };
    assert.equal(
      lensTitle({ ...base, diagnosis: 'factor', diagnosisDetail: factor }),
      '✗ off by a factor 3/2',
    );
    const extra: DiagnosisDetail = { kind: 'extra-term', term: 'x/3', latex: '\\frac{x}{3}' };
    assert.equal(
      lensTitle({ ...base, diagnosis: 'extra-term', diagnosisDetail: extra }),
      '✗ extra term x/3',
    );
    // a code without its data (JSON from before details): said in general, never parsed
    assert.equal(lensTitle({ ...base, diagnosis: 'factor' }), '✗ off by a constant factor');
    assert.equal(lensTitle({ ...base, diagnosis: 'term-sign' }), '✗ a term has the wrong sign');
  });

  test('codes without data read as their detail', () => {
    assert.deepEqual(diagnosisDetailOf({ diagnosis: 'symmetric-sym' }), {
      kind: 'symmetric-convention',
      convention: 'sym',
    });
    assert.deepEqual(diagnosisDetailOf({ diagnosis: 'numerator-layout' }), {
      kind: 'layout',
      layout: 'numerator',
    });
    assert.equal(diagnosisDetailOf({ diagnosis: 'factor' }), undefined);
    for (const code of ['sign', 'transpose', 'sign-transpose', 'symmetric-independent-entries'])
      assert.equal(diagnosisCode(diagnosisDetailOf({ diagnosis: code })!), code);
  });

  test('the panel gets the detail', () => {
    const f = claimOf(VEC + '$$ g(x) = x^T x $$\n\n$$ \\nabla_x g = 3x $$');
    const claim = toPanelClaim(f, 0);
    assert.deepEqual(claim.diagnosisDetail, f.diagnosisDetail);
    assert.equal(claim.diagnosis, 'factor');
  });
});

describe('the diagnosis code is the code of the detail, over the fixture notes', () => {
  const kinds = new Map<string, number>();
  for (const dir of ['realistic', 'assumptions']) {
    const root = join(__dirname, '..', 'fixtures', dir);
    for (const name of readdirSync(root).sort()) {
      const language = languageOfPath(name);
      if (!language) continue;
      test(`${dir}/${name}`, () => {
        const text = readFileSync(join(root, name), 'utf8');
        for (const f of analyze(text, language).findings) {
          if (f.diagnosisDetail) {
            assert.equal(f.diagnosis, diagnosisCode(f.diagnosisDetail), seen(f));
            kinds.set(f.diagnosisDetail.kind, (kinds.get(f.diagnosisDetail.kind) ?? 0) + 1);
          } else {
            assert.equal(f.diagnosis, undefined, `a code without its detail: ${seen(f)}`);
          }
          assert.deepEqual(f.assumption, assumptionOf(f.diagnosisDetail), seen(f));
          // the JSON round trip keeps it (no functions, no undefined that matters)
          assert.deepEqual(
            JSON.parse(JSON.stringify(f.diagnosisDetail ?? null)),
            f.diagnosisDetail ?? null,
          );
        }
      });
    }
  }
  test('the notes exercise many kinds (the invariant is not vacuous)', () => {
    for (const kind of ['sign', 'factor', 'assumes', 'transpose'])
      assert.ok((kinds.get(kind) ?? 0) > 0, `${kind}: ${JSON.stringify([...kinds])}`);
  });
});

// Numbers you can trust: a draw where a side overflows, both sides underflow or both are 0 is
// no evidence. Such claims are drawn again at other magnitudes; what stays degenerate is not
// checked. Never agreement by degeneracy, never "a GradLens bug" for values that overflowed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { degeneracyOf, UNDERFLOW_BELOW } from '../../src/core/numeric/degenerate';
import { Matrix } from '../../src/core/numeric/matrix';
import { Draw, MAGNITUDES } from '../../src/core/numeric/sample';
import { DomainMap } from '../../src/core/numeric/domain';
import { Rng } from '../../src/core/numeric/random';
import { checkShapes } from '../../src/core/check/shapeCheck';
import { selfCheckVerdict } from '../../src/core/check/numericCheck';
import { readDocument } from '../../src/core/read';
import type { Finding } from '../../src/core/report';
import { visit, type SymbolNode } from '../../src/core/latex/ast';

/** The finding of the one claim in `math` (display math), with the default options. */
function claim(math: string): Finding {
  const text = `$$ ${math} $$\n`;
  const findings = analyzeDocument({
    uri: 'mem://d',
    version: 1,
    language: 'markdown',
    text,
  }).findings;
  const claims = findings.filter((f) => f.kind !== 'declaration' && f.kind !== 'definition');
  assert.equal(claims.length, 1, JSON.stringify(claims));
  return claims[0];
}

/** What every degenerate class must never be: agreement without evidence, or the checker's bug. */
function assertHonest(f: Finding): void {
  assert.notEqual(f.diagnosisDetail?.kind, 'autodiff-disagrees', f.message);
  assert.notEqual(f.diagnosisDetail?.kind, 'internal-error', f.message);
  if (f.verdict === 'ok') {
    // agreement rests on draws whose values were evidence: a finite, nonzero side, or zeros
    // that held at every magnitude tried
    const draws = f.evidence?.draws ?? [];
    assert.ok(draws.length > 0);
    for (const d of draws) assert.ok(Number.isFinite(d.relError));
  }
}

const matrix = (rows: number, cols: number, values: number[]) =>
  new Matrix(rows, cols, Float64Array.from(values));

describe('which draws are evidence', () => {
  test('non-finite on either side is overflow', () => {
    assert.equal(degeneracyOf(matrix(1, 2, [Infinity, 1]), matrix(1, 2, [1, 1])), 'overflow');
    assert.equal(degeneracyOf(matrix(1, 1, [1]), matrix(1, 1, [NaN])), 'overflow');
  });
  test('both sides exactly 0 is zero; both below the float64 range is underflow', () => {
    assert.equal(degeneracyOf(matrix(2, 1, [0, 0]), matrix(2, 1, [0, -0])), 'zero');
    const tiny = UNDERFLOW_BELOW / 10;
    assert.equal(degeneracyOf(matrix(1, 1, [tiny]), matrix(1, 1, [0])), 'underflow');
  });
  test('one side finite and nonzero is evidence, however the other side looks', () => {
    assert.equal(degeneracyOf(matrix(1, 1, [0]), matrix(1, 1, [1e-10])), undefined);
    assert.equal(degeneracyOf(matrix(1, 1, [1e300]), matrix(1, 1, [-1e300])), undefined);
  });
});

describe('a draw at another magnitude', () => {
  const text = '$$ \\frac{d}{dx} x^{2} = 2x $$\n';
  const read = readDocument({ uri: 'mem://m', version: 1, language: 'markdown', text });
  const { context, step } = checkShapes(read).steps[0];
  let x: SymbolNode | undefined;
  visit(step.rhs, (node) => {
    if (node.type === 'symbol' && node.name === 'x') x = node;
  });
  const value = (magnitude?: (typeof MAGNITUDES)[number], kind = 'normal' as const) => {
    const domains = new DomainMap();
    domains.require('x', kind);
    return new Draw(context, domains, new Rng(5), { seed: 5, maxDim: 9, magnitude }).sample(x!)
      .data[0];
  };
  test('keeps the sign and moves the size: near ±1, or scaled', () => {
    const plain = value();
    const near = value({ near: 1e-4 });
    assert.equal(Math.sign(near), Math.sign(plain));
    assert.ok(Math.abs(Math.abs(near) - 1) < 1e-3, `${near}`);
    assert.ok(Math.abs(value({ times: 1e-3 }) - plain * 1e-3) <= 1e-18);
  });
  test('spans tiny to large magnitudes and values near ±1', () => {
    const factors = MAGNITUDES.flatMap((m) => ('times' in m ? [m.times] : []));
    assert.ok(Math.min(...factors) <= 1e-300 && Math.max(...factors) >= 1e3);
    assert.ok(MAGNITUDES.some((m) => 'near' in m && m.near <= 1e-6));
  });
});

describe('underflow: x^{1000000} is 0 for |x| < 1 and ∞ above', () => {
  test('a wrong claim is caught at values near 1, off by its factor', () => {
    const f = claim('\\frac{d}{dx} x^{1000000} = 5x^{999999}');
    assertHonest(f);
    assert.equal(f.verdict, 'mismatch');
    assert.equal(f.diagnosisDetail?.kind, 'factor');
    if (f.diagnosisDetail?.kind === 'factor') {
      assert.ok(Math.abs(f.diagnosisDetail.value - 5e-6) < 1e-9);
      assert.equal(Number(f.diagnosisDetail.text), 5e-6);
    }
    assert.ok(f.evidence!.draws.every((d) => d.relError > 0.5));
  });
  test('the right claim holds on draws whose values were moved near 1', () => {
    const f = claim('\\frac{d}{dx} x^{1000000} = 1000000 x^{999999}');
    assertHonest(f);
    assert.equal(f.verdict, 'ok');
    assert.ok(f.evidence!.draws.some((d) => d.magnitude !== undefined));
    assert.ok(f.evidence!.draws.every((d) => d.zeros === undefined));
  });
  test('exp(−1000x²) is 0 at |x| ≈ 1: a wrong factor is still found, on every draw', () => {
    const wrong = claim('\\frac{d}{dx} \\exp(-1000 x^2) = -1000 x \\exp(-1000 x^2)');
    assertHonest(wrong);
    assert.equal(wrong.verdict, 'mismatch');
    assert.ok(wrong.evidence!.draws.every((d) => d.relError > 0.25));
    const right = claim('\\frac{d}{dx} \\exp(-1000 x^2) = -2000 x \\exp(-1000 x^2)');
    assertHonest(right);
    assert.equal(right.verdict, 'ok');
  });
  test('a vector: exp(−1000 xᵀx)', () => {
    const wrong = claim(
      '\\frac{\\partial}{\\partial \\mathbf{x}} \\exp(-1000\\, \\mathbf{x}^T \\mathbf{x}) = 2000 \\exp(-1000\\, \\mathbf{x}^T \\mathbf{x}) \\mathbf{x}',
    );
    assertHonest(wrong);
    assert.equal(wrong.verdict, 'mismatch');
    assert.equal(wrong.diagnosisDetail?.kind, 'sign');
  });
  test('a constant at float64’s limit (exp(−10³⁰⁰x²)): not checked, never ok', () => {
    const f = claim('\\frac{d}{dx} \\exp(-10^{300} x^2) = -10^{300} x \\exp(-10^{300} x^2)');
    assertHonest(f);
    assert.notEqual(f.verdict, 'ok');
    assert.notEqual(f.verdict, 'mismatch');
  });
});

describe('overflow: exp(x⁴⁰) is ∞ for |x| > 1.2', () => {
  test('a right claim holds, never "a GradLens bug"', () => {
    const f = claim('\\frac{d}{dx} \\exp(x^{40}) = 40 x^{39} \\exp(x^{40})');
    assertHonest(f);
    assert.equal(f.verdict, 'ok');
  });
  test('a wrong claim is a mismatch', () => {
    const f = claim('\\frac{d}{dx} \\exp(x^{40}) = 39 x^{39} \\exp(x^{40})');
    assertHonest(f);
    assert.equal(f.verdict, 'mismatch');
  });
  test('a matrix: exp(tr(X)⁴⁰)', () => {
    const right = claim(
      '\\frac{\\partial}{\\partial X} \\exp(\\operatorname{tr}(X)^{40}) = 40 \\operatorname{tr}(X)^{39} \\exp(\\operatorname{tr}(X)^{40}) I',
    );
    assertHonest(right);
    assert.equal(right.verdict, 'ok');
    const wrong = claim(
      '\\frac{\\partial}{\\partial X} \\exp(\\operatorname{tr}(X)^{40}) = 40 \\operatorname{tr}(X)^{39} \\exp(\\operatorname{tr}(X)^{40}) X',
    );
    assertHonest(wrong);
    assert.equal(wrong.verdict, 'mismatch');
  });
  test('an equality step whose sides overflow holds where they are finite', () => {
    const f = claim('\\exp(x^{40}) \\exp(x^{40}) = \\exp(2 x^{40})');
    assertHonest(f);
    assert.equal(f.kind, 'equality');
    assert.equal(f.verdict, 'ok');
  });
  test('values that overflow at every magnitude: not checked, values degenerate', () => {
    const f = claim(
      '\\frac{d}{dx} \\exp(\\exp(\\exp(x^2 + 10))) = 2x \\exp(x^2+10) \\exp(\\exp(x^2+10)) \\exp(\\exp(\\exp(x^2 + 10)))',
    );
    assertHonest(f);
    assert.equal(f.verdict, 'unsupported');
    assert.deepEqual(f.diagnosisDetail, { kind: 'values-degenerate', cause: 'overflow' });
    assert.equal(f.diagnosis, 'values-degenerate');
  });
});

describe('all zero', () => {
  test('sides that are 0 at every magnitude are an identity of zeros, said so in the data', () => {
    const f = claim('\\frac{d}{dx} (x - x)^2 = 2(x - x)');
    assertHonest(f);
    assert.equal(f.verdict, 'ok');
    assert.ok(f.evidence!.draws.every((d) => d.zeros === true));
  });
  test('sides that are 0 only at the usual magnitudes are drawn again, never agreement', () => {
    // exp(−10⁶x²) is exactly 0 at |x| ≥ 0.03: both sides 0 on ordinary draws
    const f = claim('\\frac{d}{dx} \\exp(-1000000 x^2) = -1000000 x \\exp(-1000000 x^2)');
    assertHonest(f);
    assert.equal(f.verdict, 'mismatch');
    assert.ok(f.evidence!.draws.every((d) => d.zeros === undefined && d.relError > 0.25));
  });
});

describe('the self-check of the autodiff, over its steps (10⁻⁵, 10⁻⁷, 10⁻⁹)', () => {
  const step = (diff: number, rounding: number, agrees = false) => ({ diff, rounding, agrees });
  test('any step within tolerance agrees (a steep objective at a short step)', () => {
    assert.equal(
      selfCheckVerdict([step(1, 1e-9), step(1e-3, 1e-7), step(0, 1e-5, true)]),
      'agrees',
    );
  });
  test('a difference that does not shrink with the step is a wrong gradient, rounding or not', () => {
    assert.equal(selfCheckVerdict([step(1, 1e-4), step(1, 1e-2), step(1, 3.5)]), 'disagrees');
    assert.equal(
      selfCheckVerdict([step(0.5, 1e-9), step(0.4, 1e-7), step(0.5, 1e-5)]),
      'disagrees',
    );
  });
  test('a gradient hidden by rounding, from the start or once truncation shrank: unresolved', () => {
    assert.equal(
      selfCheckVerdict([step(5e-12, 3.5e-10), step(1e-10, 3.5e-8), step(1e-8, 3.5e-6)]),
      'unresolved',
    );
    assert.equal(
      selfCheckVerdict([step(1, 1e-9), step(1e-4, 1e-7), step(1e-6, 1e-5)]),
      'unresolved',
    );
  });
});

// What kind of mistake a mismatch is: a sign, a transpose, a constant factor, a term that
// should not be there, or another convention for symmetric variables. A diagnosis is given
// only when it holds on every draw.
import {
  add,
  diagOf,
  diagToMatrix,
  frobenius,
  neg,
  relativeError,
  scale,
  sub,
  transpose,
} from '../numeric/kernels';
import type { Matrix } from '../numeric/matrix';
import type { Property } from '../facts/kinds';
import { diagnosisCode, type DiagnosisDetail } from '../report';

export interface DrawComparison {
  claimed: Matrix;
  truth: Matrix;
  /** The claim's top-level terms (with their signs), evaluated in this draw. */
  terms: { text: string; value: Matrix }[];
}

export interface Diagnosis {
  code:
    | 'sign'
    | 'transpose'
    | 'sign-transpose'
    | 'factor'
    | 'extra-term'
    | 'term-sign'
    | 'symmetric-independent-entries'
    | 'symmetric-sym'
    | `assumes-${Property}`
    /** The claim holds only under a property the note denies where it stands. */
    | `contradicts-${Property}`;
  message: string;
  /** The same diagnosis as data; `code` is always `diagnosisCode(detail)`. */
  detail: DiagnosisDetail;
  /** extra-term, term-sign: the index of the term among the draws' `terms`. */
  termIndex?: number;
}

/** A diagnosis from its data and its words: the code derived from the data. */
export function diagnosisOf(
  detail: DiagnosisDetail,
  message: string,
  termIndex?: number,
): Diagnosis {
  return {
    code: diagnosisCode(detail) as Diagnosis['code'],
    message,
    detail,
    ...(termIndex !== undefined ? { termIndex } : {}),
  };
}

const TOLERANCE = 1e-8;

function close(a: Matrix, b: Matrix): boolean {
  return a.rows === b.rows && a.cols === b.cols && relativeError(a, b) < TOLERANCE;
}

/** A readable constant: 2, −1, 1/2, 0.37. */
export function formatFactor(alpha: number): string {
  for (const d of [1, 2, 3, 4, 6, 8]) {
    const n = alpha * d;
    // a tiny factor is not "0"
    if (Math.round(n) !== 0 && Math.abs(n - Math.round(n)) < 1e-6 * Math.max(1, Math.abs(n))) {
      const r = Math.round(n);
      const sign = r < 0 ? '−' : '';
      return d === 1 ? `${sign}${Math.abs(r)}` : `${sign}${Math.abs(r)}/${d}`;
    }
  }
  // 5.00e-6, not 0.00000500 (x^{1000000} against 5x^{999999})
  const size = Math.abs(alpha);
  return size < 1e-3 || size >= 1e5 ? alpha.toExponential(2) : alpha.toPrecision(3);
}

function holdsOnAll(draws: DrawComparison[], test: (d: DrawComparison) => boolean): boolean {
  return draws.length > 0 && draws.every(test);
}

/** The symmetric-gradient conventions: G + Gᵀ − diag(G) and (G + Gᵀ)/2. */
export function symmetricConventions(g: Matrix): { independent: Matrix; sym: Matrix } {
  const gt = transpose(g);
  const independent = sub(add(g, gt), diagToMatrix(diagOf(g)));
  const sym = scale(add(g, gt), 0.5);
  return { independent, sym };
}

export function diagnose(draws: DrawComparison[], what: string): Diagnosis | undefined {
  const square = draws.every((d) => d.truth.rows === d.truth.cols && d.truth.rows > 1);
  if (holdsOnAll(draws, (d) => close(d.claimed, neg(d.truth)))) {
    return diagnosisOf({ kind: 'sign' }, `the sign is wrong: the claim is −1 times ${what}`);
  }
  if (square && holdsOnAll(draws, (d) => close(d.claimed, transpose(d.truth)))) {
    return diagnosisOf({ kind: 'transpose' }, `the claim is the transpose of ${what}`);
  }
  if (square && holdsOnAll(draws, (d) => close(d.claimed, neg(transpose(d.truth))))) {
    return diagnosisOf({ kind: 'sign-transpose' }, `the claim is minus the transpose of ${what}`);
  }
  const alphas = draws.map((d) => {
    const gg = frobenius(d.truth, d.truth);
    return gg === 0 ? NaN : frobenius(d.claimed, d.truth) / gg;
  });
  const alpha = alphas[0];
  if (
    Number.isFinite(alpha) &&
    Math.abs(alpha - 1) > 1e-6 &&
    Math.abs(alpha) > 1e-12 &&
    alphas.every((a) => Math.abs(a - alpha) < 1e-6 * Math.abs(alpha)) &&
    holdsOnAll(draws, (d) => close(d.claimed, scale(d.truth, alpha)))
  ) {
    const text = formatFactor(alpha);
    return diagnosisOf(
      { kind: 'factor', value: alpha, text },
      `off by a constant factor ${text}: the claim is ${text} times ${what}`,
    );
  }
  const termCount = Math.min(...draws.map((d) => d.terms.length));
  if (termCount > 1) {
    for (let k = 0; k < termCount; k++) {
      const text = draws[0].terms[k].text;
      if (holdsOnAll(draws, (d) => close(sub(d.claimed, d.truth), d.terms[k].value))) {
        return diagnosisOf(
          { kind: 'extra-term', term: text },
          `the term ${text} should not be there: without it the claim matches ${what}`,
          k,
        );
      }
      if (holdsOnAll(draws, (d) => close(sub(d.claimed, d.truth), scale(d.terms[k].value, 2)))) {
        return diagnosisOf(
          { kind: 'term-sign', term: text },
          `the term ${text} has the wrong sign`,
          k,
        );
      }
    }
  }
  return undefined;
}

/** For a symmetric variable: which convention the claim matches, if not the plain gradient. */
export function symmetricConvention(draws: DrawComparison[], name = 'X'): Diagnosis | undefined {
  // only a square gradient has a symmetric convention (G + Gᵀ of a 9×3 G does not exist)
  if (!draws.every((d) => d.truth.rows === d.truth.cols && d.claimed.rows === d.claimed.cols))
    return undefined;
  if (holdsOnAll(draws, (d) => close(d.claimed, symmetricConventions(d.truth).independent))) {
    return diagnosisOf(
      { kind: 'symmetric-convention', convention: 'independent' },
      `${name} is symmetric and the claim is the gradient over its independent entries, G + Gᵀ − diag(G) (Harville; the Matrix Cookbook)`,
    );
  }
  if (holdsOnAll(draws, (d) => close(d.claimed, symmetricConventions(d.truth).sym))) {
    return diagnosisOf(
      { kind: 'symmetric-convention', convention: 'sym' },
      `${name} is symmetric and the claim is sym(G) = (G + Gᵀ)/2 (Srinivasan & Panda 2019)`,
    );
  }
  return undefined;
}

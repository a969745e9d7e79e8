// Names of symbols: identity keys and readable spellings for messages.

const GREEK_LOWER: Record<string, string> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  varepsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  vartheta: 'θ',
  iota: 'ι',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  pi: 'π',
  varpi: 'π',
  rho: 'ρ',
  varrho: 'ρ',
  sigma: 'σ',
  varsigma: 'σ',
  tau: 'τ',
  upsilon: 'υ',
  phi: 'φ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  ell: 'ℓ',
};
const GREEK_UPPER: Record<string, string> = {
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Xi: 'Ξ',
  Pi: 'Π',
  Sigma: 'Σ',
  Upsilon: 'Υ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
  varGamma: 'Γ',
  varDelta: 'Δ',
  varTheta: 'Θ',
  varLambda: 'Λ',
  varSigma: 'Σ',
  varPhi: 'Φ',
  varPsi: 'Ψ',
  varOmega: 'Ω',
};
/** Variant spellings that name the same letter. */
const CANONICAL: Record<string, string> = {
  varepsilon: 'epsilon',
  vartheta: 'theta',
  varpi: 'pi',
  varrho: 'rho',
  varsigma: 'sigma',
  varphi: 'phi',
};

export interface GreekLetter {
  key: string;
  display: string;
  upper: boolean;
}

/** Built once: the parser asks for every command it meets. */
const GREEK = new Map<string, GreekLetter>([
  ...Object.entries(GREEK_LOWER).map(([name, display]): [string, GreekLetter] => [
    '\\' + name,
    { key: '\\' + (CANONICAL[name] ?? name), display, upper: false },
  ]),
  ...Object.entries(GREEK_UPPER).map(([name, display]): [string, GreekLetter] => [
    '\\' + name,
    { key: '\\' + name.replace(/^var/, ''), display, upper: true },
  ]),
]);

export function greekLetter(command: string): GreekLetter | undefined {
  return GREEK.get(command);
}

const SCRIPT_HOLES: Record<string, string> = {
  B: 'ℬ',
  E: 'ℰ',
  F: 'ℱ',
  H: 'ℋ',
  I: 'ℐ',
  L: 'ℒ',
  M: 'ℳ',
  R: 'ℛ',
};

export function calligraphic(letter: string): string {
  if (letter in SCRIPT_HOLES) return SCRIPT_HOLES[letter];
  const code = letter.charCodeAt(0);
  if (code >= 65 && code <= 90) return String.fromCodePoint(0x1d49c + code - 65);
  return letter;
}

const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';

export function subscriptDisplay(text: string): string {
  if (/^\d+$/.test(text)) return [...text].map((d) => SUBSCRIPT_DIGITS[Number(d)]).join('');
  return '_' + (text.length > 1 ? `{${text}}` : text);
}

export const ACCENTS: Record<string, string> = {
  '\\hat': '\u0302',
  '\\widehat': '\u0302',
  '\\tilde': '\u0303',
  '\\widetilde': '\u0303',
  '\\bar': '\u0304',
  '\\overline': '\u0305',
  '\\dot': '\u0307',
  '\\ddot': '\u0308',
  '\\check': '\u030c',
  '\\breve': '\u0306',
  '\\vec': '',
};

// LaTeX math text → tokens with source offsets. Unicode math characters that people paste
// (ᵀ, ⊙, −, ×, Greek letters, ℝ) become the tokens of their LaTeX spelling.
import { sourceOffset } from '../scan/region';
import type { Token } from './token';
import { LETTERLIKE, mathAlphanumeric, scriptRun, type Piece } from './unicode';

interface Mappable {
  text: string;
  contentStart: number;
  sourceOffsets?: Int32Array;
}

const UNICODE: Record<string, string[]> = {
  ᵀ: ['^', '\\top'],
  '⊤': ['\\top'],
  '⁻': ['^', '-'],
  '¹': ['1'],
  '²': ['^', '2'],
  '³': ['^', '3'],
  '−': ['-'],
  '–': ['-'],
  '×': ['\\times'],
  '·': ['\\cdot'],
  '⋅': ['\\cdot'],
  '∙': ['\\cdot'],
  '⊙': ['\\odot'],
  '∘': ['\\circ'],
  '⊘': ['\\oslash'],
  '⊗': ['\\otimes'],
  '∂': ['\\partial'],
  '∇': ['\\nabla'],
  '∑': ['\\sum'],
  Σ: ['\\Sigma'],
  '‖': ['\\|'],
  '∈': ['\\in'],
  '≤': ['\\le'],
  '≥': ['\\ge'],
  '≈': ['\\approx'],
  '≠': ['\\neq'],
  '←': ['\\leftarrow'],
  '→': ['\\to'],
  '↦': ['\\mapsto'],
  '⟼': ['\\longmapsto'],
  '∣': ['\\mid'],
  '∆': ['\\Delta'],
  '≔': ['\\coloneqq'],
  '⟨': ['\\langle'],
  '⟩': ['\\rangle'],
  ℝ: ['\\R'],
  '≻': ['\\succ'],
  '⪰': ['\\succeq'],
  '∝': ['\\propto'],
  '∞': ['\\infty'],
  '±': ['\\pm'],
  ' ': [],
};

const GREEK = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'zeta',
  'eta',
  'theta',
  'iota',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'xi',
  'omicron',
  'pi',
  'rho',
  'sigma',
  'tau',
  'upsilon',
  'phi',
  'chi',
  'psi',
  'omega',
];
for (let i = 0; i < GREEK.length; i++) {
  const lower = String.fromCharCode(0x3b1 + i + (i >= 17 ? 1 : 0));
  UNICODE[lower] = ['\\' + GREEK[i]];
}
Object.assign(UNICODE, {
  Γ: ['\\Gamma'],
  Δ: ['\\Delta'],
  Θ: ['\\Theta'],
  Λ: ['\\Lambda'],
  Ξ: ['\\Xi'],
  Π: ['\\Pi'],
  Φ: ['\\Phi'],
  Ψ: ['\\Psi'],
  Ω: ['\\Omega'],
  ϕ: ['\\phi'],
  φ: ['\\varphi'],
  ε: ['\\varepsilon'],
  ϵ: ['\\epsilon'],
});

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Tokenizes a region (or any text with an offset map). Never throws; any input gives tokens. */
export function tokenize(source: Mappable, from = 0, to = source.text.length): Token[] {
  const text = source.text;
  const tokens: Token[] = [];
  let space = false;
  let i = from;
  const at = (k: number) => sourceOffset(source, k);
  const push = (kind: Token['kind'], value: string, s: number, e: number) => {
    tokens.push({ kind, text: value, start: at(s), end: at(e), spaceBefore: space });
    space = false;
  };
  const pushPieces = (pieces: Piece[], s: number, e: number) => {
    for (const piece of pieces) push(piece.kind, piece.text, s, e);
  };
  while (i < to) {
    const c = text.charCodeAt(i);
    const ch = text[i];
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xa0) {
      space = true;
      i++;
    } else if (ch === '%') {
      while (i < to && text[i] !== '\n') i++;
      space = true;
    } else if (ch === '\\') {
      let j = i + 1;
      if (j < to && isLetter(text.charCodeAt(j))) {
        while (j < to && isLetter(text.charCodeAt(j))) j++;
      } else if (j < to) {
        j++;
      }
      push('command', text.slice(i, j), i, j);
      i = j;
    } else if (isLetter(c)) {
      push('letter', ch, i, i + 1);
      i++;
    } else if (isDigit(c) || (ch === '.' && i + 1 < to && isDigit(text.charCodeAt(i + 1)))) {
      let j = i;
      while (j < to && isDigit(text.charCodeAt(j))) j++;
      if (text[j] === '.' && j + 1 < to && isDigit(text.charCodeAt(j + 1))) {
        j++;
        while (j < to && isDigit(text.charCodeAt(j))) j++;
      }
      push('number', text.slice(i, j), i, j);
      i = j;
    } else if (ch === '{') {
      push('lbrace', ch, i, i + 1);
      i++;
    } else if (ch === '}') {
      push('rbrace', ch, i, i + 1);
      i++;
    } else if (ch === '#' && i + 1 < to && isDigit(text.charCodeAt(i + 1))) {
      push('param', text.slice(i, i + 2), i, i + 2);
      i += 2;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      // 𝐱, 𝐖, 𝛉, 𝓛, 𝟏: pasted math letters are their LaTeX spellings
      const pieces = mathAlphanumeric(text.codePointAt(i)!);
      if (pieces) pushPieces(pieces, i, i + 2);
      else push('symbol', text.slice(i, i + 2), i, i + 2);
      i += 2;
    } else if (scriptRun(text, i, to)) {
      // X⁻¹, x¹⁰, xᵢⱼ, W₁₂: one ^{…} or _{…} group per run of script characters
      const run = scriptRun(text, i, to)!;
      push('symbol', run.caret, i, i + 1);
      push('lbrace', '{', i, i);
      for (let k = 0; k < run.pieces.length; k++)
        push(run.pieces[k].kind, run.pieces[k].text, i + k, i + k + 1);
      push('rbrace', '}', i + run.length, i + run.length);
      i += run.length;
    } else if (ch === '⊤' && tokens[tokens.length - 1]?.text !== '^') {
      // X⊤ written without a caret is still a transpose
      push('symbol', '^', i, i + 1);
      push('command', '\\top', i, i + 1);
      i++;
    } else if (LETTERLIKE[ch] !== undefined) {
      pushPieces(LETTERLIKE[ch], i, i + 1);
      i++;
    } else if (UNICODE[ch] !== undefined) {
      for (const piece of UNICODE[ch]) {
        const kind = piece.startsWith('\\') ? 'command' : /^\d/.test(piece) ? 'number' : 'symbol';
        push(kind, piece, i, i + 1);
      }
      if (UNICODE[ch].length === 0) space = true;
      i++;
    } else {
      push('symbol', ch, i, i + 1);
      i++;
    }
  }
  return tokens;
}

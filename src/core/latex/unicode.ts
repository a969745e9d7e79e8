// Unicode that people paste into math beyond single symbols: math alphanumerics (𝐱, 𝐖, 𝛉,
// 𝓛, 𝟏), runs of superscripts (X⁻¹, x¹⁰, Xᵀ) and subscripts (x₁, xᵢⱼ, W₁₂), ℕ ℤ ℓ ′ ∥ ….
// Each becomes the tokens of its LaTeX spelling, every token spanning the source character.

export interface Piece {
  kind: 'command' | 'letter' | 'number' | 'lbrace' | 'rbrace' | 'symbol';
  text: string;
}

const command = (text: string): Piece => ({ kind: 'command', text });
const letter = (text: string): Piece => ({ kind: 'letter', text });
const OPEN: Piece = { kind: 'lbrace', text: '{' };
const CLOSE: Piece = { kind: 'rbrace', text: '}' };

/** A piece for one plain character: a letter, a digit, a Greek letter's command, or a symbol. */
function pieceOf(ch: string): Piece {
  if (/^[A-Za-z]$/.test(ch)) return letter(ch);
  if (/^\d$/.test(ch)) return { kind: 'number', text: ch };
  const greek = GREEK_NAMES[ch];
  if (greek) return command(greek);
  return { kind: 'symbol', text: ch };
}

const GREEK_LOWER = [
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
  'varsigma',
  'sigma',
  'tau',
  'upsilon',
  'phi',
  'chi',
  'psi',
  'omega',
];
const GREEK_UPPER = [
  'Alpha',
  'Beta',
  'Gamma',
  'Delta',
  'Epsilon',
  'Zeta',
  'Eta',
  'Theta',
  'Iota',
  'Kappa',
  'Lambda',
  'Mu',
  'Nu',
  'Xi',
  'Omicron',
  'Pi',
  'Rho',
  'Theta',
  'Sigma',
  'Tau',
  'Upsilon',
  'Phi',
  'Chi',
  'Psi',
  'Omega',
];
const GREEK_NAMES: Record<string, string> = {};
GREEK_LOWER.forEach((name, k) => (GREEK_NAMES[String.fromCharCode(0x3b1 + k)] = '\\' + name));
// Capitals that look like Latin letters are Latin letters in LaTeX (there is no \Alpha).
GREEK_UPPER.forEach(
  (name, k) =>
    (GREEK_NAMES[String.fromCharCode(0x391 + k)] =
      /^(Alpha|Beta|Epsilon|Zeta|Eta|Iota|Kappa|Mu|Nu|Omicron|Rho|Tau|Chi)$/.test(name)
        ? name[0]
        : '\\' + name),
);

/** LaTeX style of each 52-letter alphabet of the Mathematical Alphanumeric Symbols block. */
const LATIN_STYLES: (string | undefined)[] = [
  '\\mathbf',
  undefined,
  '\\boldsymbol',
  '\\mathcal',
  '\\mathcal',
  undefined,
  '\\mathbb',
  undefined,
  undefined,
  '\\mathbf',
  undefined,
  '\\boldsymbol',
  undefined,
];

/** Bold, italic, bold italic, sans bold, sans bold italic Greek (each 58 characters). */
const GREEK_BLOCKS: [number, string | undefined][] = [
  [0x1d6a8, '\\boldsymbol'],
  [0x1d6e2, undefined],
  [0x1d71c, '\\boldsymbol'],
  [0x1d756, '\\boldsymbol'],
  [0x1d790, '\\boldsymbol'],
];

function styled(style: string | undefined, inner: Piece): Piece[] {
  return style ? [command(style), OPEN, inner, CLOSE] : [inner];
}

/** A character of the Mathematical Alphanumeric Symbols block (U+1D400–1D7FF) as LaTeX pieces. */
export function mathAlphanumeric(cp: number): Piece[] | undefined {
  if (cp >= 0x1d400 && cp < 0x1d400 + 52 * LATIN_STYLES.length) {
    const k = Math.floor((cp - 0x1d400) / 52);
    const n = (cp - 0x1d400) % 52;
    const ch = n < 26 ? String.fromCharCode(65 + n) : String.fromCharCode(97 + n - 26);
    return styled(LATIN_STYLES[k], letter(ch));
  }
  for (const [base, style] of GREEK_BLOCKS) {
    if (cp < base || cp >= base + 58) continue;
    const n = cp - base;
    let inner: Piece;
    if (n < 25) inner = pieceOf(String.fromCharCode(0x391 + n));
    else if (n === 25) inner = command('\\nabla');
    else if (n < 51) inner = pieceOf(String.fromCharCode(0x3b1 + n - 26));
    else if (n === 51) inner = command('\\partial');
    else
      inner = command(
        ['\\epsilon', '\\vartheta', '\\varkappa', '\\phi', '\\varrho', '\\varpi'][n - 52],
      );
    // ∇ and ∂ in any style are the operators.
    return n === 25 || n === 51 ? [inner] : styled(style, inner);
  }
  if (cp >= 0x1d7ce && cp <= 0x1d7ff) {
    const n = (cp - 0x1d7ce) % 10;
    const block = Math.floor((cp - 0x1d7ce) / 10);
    const digit: Piece = { kind: 'number', text: String(n) };
    return block === 0
      ? styled('\\mathbf', digit)
      : block === 1
        ? styled('\\mathbb', digit)
        : [digit];
  }
  return undefined;
}

/** Letters of the Letterlike Symbols block that stand for styled letters. */
export const LETTERLIKE: Record<string, Piece[]> = {
  ℕ: [command('\\mathbb'), OPEN, letter('N'), CLOSE],
  ℤ: [command('\\mathbb'), OPEN, letter('Z'), CLOSE],
  ℚ: [command('\\mathbb'), OPEN, letter('Q'), CLOSE],
  ℂ: [command('\\mathbb'), OPEN, letter('C'), CLOSE],
  ℒ: [command('\\mathcal'), OPEN, letter('L'), CLOSE],
  ℓ: [command('\\ell')],
  ℎ: [letter('h')],
  '∥': [command('\\|')],
  '′': [{ kind: 'symbol', text: "'" }],
  '″': [
    { kind: 'symbol', text: "'" },
    { kind: 'symbol', text: "'" },
  ],
  '√': [command('\\sqrt')],
  '∏': [command('\\prod')],
  '∫': [command('\\int')],
  '…': [command('\\ldots')],
  '⋯': [command('\\cdots')],
  '≡': [command('\\equiv')],
  '⩽': [command('\\le')],
  '⩾': [command('\\ge')],
  '≼': [command('\\preceq')],
  '≺': [command('\\prec')],
  '∼': [command('\\sim')],
  '⟹': [command('\\Rightarrow')],
  '⇒': [command('\\Rightarrow')],
  '∗': [{ kind: 'symbol', text: '*' }],
  '⁄': [{ kind: 'symbol', text: '/' }],
};
// ½ x, ¼‖x‖²: vulgar fractions are \frac{p}{q}
for (const [ch, p, q] of [
  ['½', 1, 2],
  ['⅓', 1, 3],
  ['⅔', 2, 3],
  ['¼', 1, 4],
  ['¾', 3, 4],
  ['⅕', 1, 5],
  ['⅙', 1, 6],
  ['⅛', 1, 8],
] as const) {
  LETTERLIKE[ch] = [
    command('\\frac'),
    OPEN,
    { kind: 'number', text: String(p) },
    CLOSE,
    OPEN,
    { kind: 'number', text: String(q) },
    CLOSE,
  ];
}

const SUPERSCRIPTS: Record<string, Piece> = {
  '⁰': { kind: 'number', text: '0' },
  '¹': { kind: 'number', text: '1' },
  '²': { kind: 'number', text: '2' },
  '³': { kind: 'number', text: '3' },
  '⁴': { kind: 'number', text: '4' },
  '⁵': { kind: 'number', text: '5' },
  '⁶': { kind: 'number', text: '6' },
  '⁷': { kind: 'number', text: '7' },
  '⁸': { kind: 'number', text: '8' },
  '⁹': { kind: 'number', text: '9' },
  '⁻': { kind: 'symbol', text: '-' },
  '⁺': { kind: 'symbol', text: '+' },
  ᵀ: command('\\top'),
  ⁱ: letter('i'),
  ʲ: letter('j'),
  ᵏ: letter('k'),
  ⁿ: letter('n'),
  ᵐ: letter('m'),
  '⁽': { kind: 'symbol', text: '(' },
  '⁾': { kind: 'symbol', text: ')' },
};
// Modifier letters: ℝⁿˣᵈ, Aᴴ, xᵗ. (ⁱ ʲ ᵏ ⁿ ᵐ are above.)
const MODIFIER_LETTERS =
  'aᵃbᵇcᶜdᵈeᵉfᶠgᵍhʰlˡoᵒpᵖrʳsˢtᵗuᵘvᵛwʷxˣyʸzᶻAᴬBᴮDᴰEᴱGᴳHᴴIᴵJᴶKᴷLᴸMᴹNᴺOᴼPᴾRᴿUᵁVⱽWᵂ';
for (let k = 0; k + 1 < MODIFIER_LETTERS.length; k += 2)
  SUPERSCRIPTS[MODIFIER_LETTERS[k + 1]] = letter(MODIFIER_LETTERS[k]);
const TIMES = command('\\times');

const SUBSCRIPTS: Record<string, Piece> = {
  '₀': { kind: 'number', text: '0' },
  '₁': { kind: 'number', text: '1' },
  '₂': { kind: 'number', text: '2' },
  '₃': { kind: 'number', text: '3' },
  '₄': { kind: 'number', text: '4' },
  '₅': { kind: 'number', text: '5' },
  '₆': { kind: 'number', text: '6' },
  '₇': { kind: 'number', text: '7' },
  '₈': { kind: 'number', text: '8' },
  '₉': { kind: 'number', text: '9' },
  ᵢ: letter('i'),
  ⱼ: letter('j'),
  ₖ: letter('k'),
  ₙ: letter('n'),
  ₘ: letter('m'),
  ₐ: letter('a'),
  ₑ: letter('e'),
  ₒ: letter('o'),
  ₓ: letter('x'),
  ₕ: letter('h'),
  ₗ: letter('l'),
  ₚ: letter('p'),
  ₛ: letter('s'),
  ₜ: letter('t'),
  ᵣ: letter('r'),
  ᵤ: letter('u'),
  ᵥ: letter('v'),
  '₊': { kind: 'symbol', text: '+' },
  '₋': { kind: 'symbol', text: '-' },
  '₍': { kind: 'symbol', text: '(' },
  '₎': { kind: 'symbol', text: ')' },
};

/**
 * A run of superscript or subscript characters starting at text[i]: `^{…}` / `_{…}` pieces,
 * one per character (the braces span the first and last characters). Undefined if none.
 */
export function scriptRun(
  text: string,
  i: number,
  to: number,
): { caret: '^' | '_'; pieces: Piece[]; length: number } | undefined {
  const table = SUPERSCRIPTS[text[i]] ? SUPERSCRIPTS : SUBSCRIPTS[text[i]] ? SUBSCRIPTS : undefined;
  if (!table) return undefined;
  const pieces: Piece[] = [];
  let j = i;
  while (j < to && table[text[j]]) {
    // ˣ between two script characters is ×: ℝⁿˣᵈ
    const times = text[j] === 'ˣ' && j > i && j + 1 < to && table[text[j + 1]] !== undefined;
    pieces.push(times ? TIMES : table[text[j]]);
    j++;
  }
  return { caret: table === SUPERSCRIPTS ? '^' : '_', pieces, length: j - i };
}

// Drops what only affects typesetting (spacing, delimiter sizes, labels, colours) so the
// parser sees the mathematics. A dropped spacing command marks the next token as spaced,
// which keeps `d\,X` apart from `dX`.
import type { Token } from './token';

const DROP = new Set([
  '\\left',
  '\\right',
  '\\middle',
  '\\big',
  '\\Big',
  '\\bigg',
  '\\Bigg',
  '\\bigl',
  '\\Bigl',
  '\\biggl',
  '\\Biggl',
  '\\bigr',
  '\\Bigr',
  '\\biggr',
  '\\Biggr',
  '\\bigm',
  '\\Bigm',
  '\\biggm',
  '\\Biggm',
  '\\displaystyle',
  '\\textstyle',
  '\\scriptstyle',
  '\\scriptscriptstyle',
  '\\limits',
  '\\nolimits',
  '\\nonumber',
  '\\notag',
  '\\allowbreak',
  '\\nobreak',
  '\\mathstrut',
  '\\strut',
  '\\relax',
  '\\protect',
  '\\ensuremath',
  '\\boldmath',
]);

const SPACES = new Set([
  '\\,',
  '\\;',
  '\\:',
  '\\!',
  '\\>',
  '\\ ',
  '\\quad',
  '\\qquad',
  '\\enspace',
  '\\thinspace',
  '\\medspace',
  '\\thickspace',
  '\\negthinspace',
  '\\enskip',
  '\\space',
]);

/** Commands whose braced arguments are dropped together with them. */
const DROP_WITH_ARGS: Record<string, number> = {
  '\\label': 1,
  '\\tag': 1,
  '\\tag*': 1,
  '\\hspace': 1,
  '\\hspace*': 1,
  '\\vspace': 1,
  '\\phantom': 1,
  '\\vphantom': 1,
  '\\hphantom': 1,
  '\\color': 1,
  '\\mkern': 0,
  '\\kern': 0,
  '\\eqref': 1,
  '\\ref': 1,
};

/** Commands that wrap their last argument and otherwise only decorate it. */
const UNWRAP: Record<string, number> = {
  '\\boxed': 1,
  '\\textcolor': 2,
  '\\colorbox': 2,
  '\\underbrace': 1,
  '\\overbrace': 1,
  '\\underset': 2,
  '\\overset': 2,
  '\\stackrel': 2,
  '\\cancel': 1,
  '\\mathclap': 1,
  '\\smash': 1,
  '\\mathop': 1,
  '\\mathrel': 1,
  '\\mathbin': 1,
  '\\mathord': 1,
};

const QUAD = new Set(['\\quad', '\\qquad']);

/** Size commands before a delimiter: \left( and \bigl( read as one token spanning both. */
const SIZERS = new Set([...DROP].filter((c) => /^\\(left|right|middle|[bB]igg?[lrm]?)$/.test(c)));

/** Index just past the balanced group starting at tokens[i] (a `{`), or i+1 for one token. */
export function skipArgument(tokens: Token[], i: number): number {
  if (i >= tokens.length) return i;
  if (tokens[i].kind !== 'lbrace') return i + 1;
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    if (tokens[j].kind === 'lbrace') depth++;
    else if (tokens[j].kind === 'rbrace' && --depth === 0) return j + 1;
  }
  return tokens.length;
}

function innerOf(tokens: Token[], from: number, to: number): Token[] {
  if (tokens[from]?.kind === 'lbrace' && tokens[to - 1]?.kind === 'rbrace') {
    return tokens.slice(from + 1, to - 1);
  }
  return tokens.slice(from, to);
}

/** The `$…$` pieces among tokens[from, to): math written inside words. */
export function dollarPieces(tokens: Token[], from: number, to: number): Token[][] {
  const found: Token[][] = [];
  let open = -1;
  for (let i = from; i < to; i++) {
    if (tokens[i].kind !== 'symbol' || tokens[i].text !== '$') continue;
    if (open >= 0) found.push(tokens.slice(open + 1, i));
    open = open >= 0 ? -1 : i;
  }
  return found;
}

/** `_{=0}`, `_{= \mathbf{0}, \text{for } dA = 0}` after an underbrace at `at`: the term is zero. */
function annotatedZero(tokens: Token[], at: number): boolean {
  if (tokens[at]?.text !== '_' && tokens[at]?.text !== '^') return false;
  let k = at + 1;
  if (tokens[k]?.kind === 'lbrace') k++;
  if (tokens[k]?.text !== '=') return false;
  k++;
  if (BOLD_COMMANDS.has(tokens[k]?.text ?? '')) k += tokens[k + 1]?.kind === 'lbrace' ? 2 : 1;
  return tokens[k]?.text === '0' || tokens[k]?.text === '\\mathbf{0}';
}

/** A `^` that the tokenizer made out of ⁻ or ᵀ: the next token comes from the same character. */
function isUnicodeSuperscript(tokens: Token[], i: number): boolean {
  const next = tokens[i + 1];
  return next !== undefined && next.start === tokens[i].start && next.end === tokens[i].end;
}

/**
 * X⁻¹, X⁻ᵀ: the tokenizer spells each character on its own (⁻ as `^ -`, ¹ as `1`), so a run of
 * superscript characters becomes one group, `^{-1}`. Returns the index after the run.
 */
function emitSuperscriptRun(tokens: Token[], i: number, emit: (t: Token) => void): number {
  const caret = tokens[i];
  const body: Token[] = [tokens[i + 1]];
  let j = i + 2;
  for (;;) {
    const t = tokens[j];
    const previous = tokens[j - 1];
    if (
      t?.kind === 'number' &&
      t.start === previous.end &&
      t.end - t.start === t.text.length &&
      t.text.length === 1
    ) {
      body.push(t); // ¹ right after ⁻
      j++;
    } else if (
      t?.kind === 'symbol' &&
      t.text === '^' &&
      t.start === previous.end &&
      isUnicodeSuperscript(tokens, j)
    ) {
      body.push(tokens[j + 1]); // ᵀ right after ⁻
      j += 2;
    } else {
      break;
    }
  }
  if (body.length === 1) {
    emit(caret);
    return i + 1;
  }
  const brace = (kind: 'lbrace' | 'rbrace', at: Token): Token => ({
    kind,
    text: kind === 'lbrace' ? '{' : '}',
    start: at.start,
    end: at.end,
    spaceBefore: false,
  });
  emit(caret);
  emit(brace('lbrace', caret));
  for (const t of body) emit(t);
  emit(brace('rbrace', body[body.length - 1]));
  return j;
}

const UPRIGHT_SWITCHES = new Set(['\\rm', '\\sf']);
const BOLD_COMMANDS = new Set(['\\mathbf', '\\boldsymbol', '\\bm', '\\bold', '\\mathbb']);

/**
 * `\mathbf{1_n}` at `i` (bold, a brace, the digit 1 or 0, a subscript, up to the closing brace):
 * the number of tokens it spans, else 0.
 */
function boldOnesWithSize(tokens: Token[], i: number): number {
  const t = tokens[i];
  if (t.kind !== 'command' || !BOLD_COMMANDS.has(t.text) || tokens[i + 1]?.kind !== 'lbrace')
    return 0;
  const digit = tokens[i + 2];
  if (!digit || (digit.text !== '1' && digit.text !== '0') || tokens[i + 3]?.text !== '_') return 0;
  let depth = 1;
  for (let k = i + 4; k < tokens.length && k < i + 40; k++) {
    if (tokens[k].kind === 'lbrace') depth++;
    else if (tokens[k].kind === 'rbrace' && --depth === 0) return k - i + 1;
  }
  return 0;
}

const WORD_COMMANDS = new Set(['\\text', '\\textrm', '\\textnormal', '\\mbox']);
/** `+ \text{const}`: the words for an additive constant a formula leaves unnamed. */
const CONSTANT_WORDS = new Set(['const', 'constant', 'cst', 'cte']);

/**
 * `\text{const}` at `i` (also `\text{const.}`, `\text{constant}`): the number of tokens it
 * spans, else 0. It is a value (`\mathrm{const}`), not words that end the formula.
 */
function constantWord(tokens: Token[], i: number): number {
  const t = tokens[i];
  if (t.kind !== 'command' || !WORD_COMMANDS.has(t.text) || tokens[i + 1]?.kind !== 'lbrace')
    return 0;
  let k = i + 2;
  let word = '';
  while (tokens[k]?.kind === 'letter' && word.length <= 8) word += tokens[k++].text;
  if (tokens[k]?.text === '.') k++;
  return CONSTANT_WORDS.has(word) && tokens[k]?.kind === 'rbrace' ? k - i + 1 : 0;
}

/**
 * `{ \rm w o r d }` at `i` (two letters or more, nothing else in the group): the number of
 * tokens it spans, else 0.
 */
function uprightWordGroup(tokens: Token[], i: number): number {
  if (tokens[i].kind !== 'lbrace' || !UPRIGHT_SWITCHES.has(tokens[i + 1]?.text ?? '')) return 0;
  let k = i + 2;
  while (tokens[k]?.kind === 'letter') k++;
  return k - (i + 2) >= 2 && tokens[k]?.kind === 'rbrace' ? k - i + 1 : 0;
}

/**
 * Typesetting dropped, spellings unified. `asides` collects the `$…$` formulas written in the
 * words of an underbrace's or overbrace's label (`\underbrace{2X^TXw}_{\text{$\nabla_w
 * w^TAw = 2Aw$ when …}}`): not part of the formula, but claims of their own.
 */
export function normalizeTokens(tokens: Token[], asides?: Token[][]): Token[] {
  const out: Token[] = [];
  let pendingSpace = false;
  let pendingSpacing = false;
  let sizerStart: number | undefined;
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    // Only the token right after \left takes its start.
    const sizer = sizerStart;
    sizerStart = undefined;
    const emit = (token: Token) => {
      if (pendingSpace && !token.spaceBefore) token = { ...token, spaceBefore: true };
      if (pendingSpacing && !token.spacedBefore) token = { ...token, spacedBefore: true };
      // The delimiter after \left takes its start: findings about it cover `\left(`.
      if (sizer !== undefined && sizer < token.start) token = { ...token, start: sizer };
      out.push(token);
      pendingSpace = false;
      pendingSpacing = false;
    };
    const word = uprightWordGroup(tokens, i);
    const onesSize = boldOnesWithSize(tokens, i);
    const constant = constantWord(tokens, i);
    if (constant > 0) {
      // + \text{const}: an unnamed constant, read as the upright name const
      emit({ ...t, text: '\\mathrm' });
      for (let k = i + 1; k < i + constant; k++) if (tokens[k].text !== '.') emit(tokens[k]);
      i += constant;
    } else if (onesSize > 0) {
      // \mathbf{1_n}: the subscript written inside the bold group is the vector's size
      emit(t);
      emit(tokens[i + 1]);
      emit(tokens[i + 2]);
      emit({ ...tokens[i + onesSize - 1], start: tokens[i + 3].start, end: tokens[i + 3].start });
      for (let k = i + 3; k < i + onesSize - 1; k++) emit(tokens[k]);
      i += onesSize;
    } else if (word > 0) {
      // {\rm tr}, {\rm sym}(X): an upright word written with a switch reads as \mathrm{tr}
      emit({ ...tokens[i + 1], kind: 'command', text: '\\mathrm', start: t.start });
      emit(t);
      for (let k = i + 2; k < i + word; k++) emit(tokens[k]);
      i += word;
    } else if (t.kind === 'command' && SPACES.has(t.text)) {
      // \quad may separate statements ("a = b \quad c = d"); keep it as a marker token.
      if (QUAD.has(t.text)) emit(t);
      pendingSpace = true;
      // \! is a negative space: it joins rather than separates
      pendingSpacing = t.text !== '\\!';
      i++;
    } else if (t.kind === 'symbol' && t.text === '^' && isUnicodeSuperscript(tokens, i)) {
      i = emitSuperscriptRun(tokens, i, emit);
    } else if (t.kind === 'symbol' && t.text === '~') {
      pendingSpace = true;
      i++;
    } else if (t.kind === 'command' && DROP.has(t.text)) {
      i++;
      // \left. and \right. are empty delimiters.
      if ((t.text === '\\left' || t.text === '\\right') && tokens[i]?.text === '.') i++;
      else if (SIZERS.has(t.text)) sizerStart = t.start;
    } else if (t.kind === 'command' && t.text in DROP_WITH_ARGS) {
      let j = i + 1;
      if (tokens[j]?.text === '*') j++;
      for (let k = 0; k < DROP_WITH_ARGS[t.text]; k++) j = skipArgument(tokens, j);
      i = j;
      pendingSpace = true;
    } else if (t.kind === 'command' && t.text in UNWRAP) {
      const n = UNWRAP[t.text];
      let j = i + 1;
      if (t.text === '\\overset' || t.text === '\\stackrel') {
        // \overset{def}{=} is still a relation: keep only the base.
      }
      for (let k = 0; k < n - 1; k++) j = skipArgument(tokens, j);
      const end = skipArgument(tokens, j);
      // \underbrace{(dA)XB}_{=\mathbf{0}}: the writer says the term is zero; it is read as 0
      const braced = t.text === '\\underbrace' || t.text === '\\overbrace';
      const saidZero = braced && annotatedZero(tokens, end);
      const inner = saidZero
        ? [{ ...tokens[j], kind: 'number' as const, text: '0', end: tokens[end - 1].end }]
        : normalizeTokens(innerOf(tokens, j, end), asides);
      out.push(
        ...inner.map((token, k) =>
          k === 0 && pendingSpace ? { ...token, spaceBefore: true } : token,
        ),
      );
      pendingSpace = false;
      i = end;
      // \underbrace{X}_{text}: the annotation is not part of the mathematics.
      if (
        (t.text === '\\underbrace' || t.text === '\\overbrace') &&
        (tokens[i]?.text === '_' || tokens[i]?.text === '^')
      ) {
        const label = i + 1;
        i = skipArgument(tokens, label);
        // a label's own labels are not read: each formula is copied once, however deep the nesting
        if (asides)
          for (const formula of dollarPieces(tokens, label, i))
            asides.push(normalizeTokens(formula));
      }
    } else {
      emit(t);
      i++;
    }
  }
  return out;
}

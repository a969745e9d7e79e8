// LaTeX scanner: math regions of a .tex file with exact source offsets.
//
// Regions: `$…$`, `$$…$$`, `\(…\)`, `\[…\]`, the display environments (equation, align,
// aligned, alignat, gather, multline, eqnarray, flalign, math, displaymath, split, … and their
// starred forms; `\begin{math}` is inline) and plain-TeX `\eqalign{…}` met outside math. A
// region is never scanned for nested math, so `aligned` inside `equation` is part of the
// outer region. For environments and \eqalign the region text is the whole
// `\begin{…}…\end{…}` / `\eqalign{…}` source; for the others it is the text between the
// delimiters. Region texts are exact source substrings (`%` comments inside math are left in
// place: the LaTeX tokenizer drops them).
//
// Skipped: `%` comments everywhere (`\%` is a literal percent), `\verb|…|`, `\lstinline`,
// `\mintinline`, and verbatim-like environments (verbatim, Verbatim, lstlisting, minted,
// comment, …). Macro definitions (\newcommand, \def, \DeclareMathOperator, \newenvironment…)
// are not searched for math, but stay in the prose/preamble text where they are collected.
//
// `$`, `$$`, `\(` and `\[` must close before a blank line (TeX's \par); an unclosed one is a
// problem and its opener is then read as text. Unclosed environments are problems too.
//
// prose and preamble hold the same segments: the text outside math, verbatim and comments.
// A segment runs between two regions / verbatim pieces; comments cut out of it leave gaps in
// its sourceOffsets. Regions carry proseBefore / proseAfter (see region.ts).
// directives: every `% gradlens: …` comment (also inside math), text after the colon to the
// end of the line. silencing: every `% gradlens-disable…` / `% gradlens-enable` comment, the
// same way (so `% gradlens-disable-next-line` works between the lines of an align).
//
// Known limitations: `\iffalse … \fi` is not skipped; definition bodies are found by
// argument shape (`\def` with delimited parameters containing a control sequence is not
// skipped); environment and brace pairs are matched over the whole text ignoring `\verb`.
import {
  BraceMatcher,
  EnvironmentMatcher,
  FailureMemo,
  LATEX_MATH_ENVIRONMENTS,
  ProseCollector,
  directiveIn,
  emptyResult,
  findClose,
  isBlankLine,
  isInlineEnvironment,
  isLetter,
  isWhite,
  lineEnd,
  makeRegion,
  readEnvCommand,
  silenceComment,
  silenceIn,
  sortDirectives,
  type CloseContext,
  type CloseKind,
} from './common';
import type { MathRegion, ScanResult } from './region';

const BACKSLASH = 92;
const DOLLAR = 36;
const LBRACE = 123;
const RBRACE = 125;
const PERCENT = 37;
const SPACE = 32;
const TAB = 9;

const VERBATIM_ENVIRONMENTS: ReadonlySet<string> = new Set(
  [
    'verbatim',
    'Verbatim',
    'BVerbatim',
    'LVerbatim',
    'lstlisting',
    'minted',
    'comment',
    'filecontents',
    'alltt',
  ].flatMap((n) => [n, `${n}*`]),
);

/** Definition commands: how many braced arguments follow the defined name. */
const DEFINITIONS: ReadonlyMap<string, number> = new Map([
  ['newcommand', 1],
  ['renewcommand', 1],
  ['providecommand', 1],
  ['DeclareRobustCommand', 1],
  ['DeclareMathOperator', 1],
  ['newenvironment', 2],
  ['renewenvironment', 2],
  ['NewDocumentCommand', 2],
  ['RenewDocumentCommand', 2],
  ['ProvideDocumentCommand', 2],
  ['DeclareDocumentCommand', 2],
  ['NewDocumentEnvironment', 3],
  ['RenewDocumentEnvironment', 3],
]);

const DEF_COMMANDS: ReadonlySet<string> = new Set(['def', 'gdef', 'edef', 'xdef']);

class LatexScanner implements CloseContext {
  private readonly n: number;
  private readonly result = emptyResult();
  private readonly prose: ProseCollector;
  readonly braces: BraceMatcher;
  readonly latexComments = true;
  private readonly envs: EnvironmentMatcher;
  private readonly memo = new FailureMemo();

  constructor(readonly text: string) {
    this.n = text.length;
    this.prose = new ProseCollector(text, this.result.prose, this.result.preamble);
    this.braces = new BraceMatcher(text, true);
    this.envs = new EnvironmentMatcher(text, {
      latexComments: true,
      verbatim: VERBATIM_ENVIRONMENTS,
    });
  }

  /** Math cannot run past a blank line (TeX's \par). */
  isBarrier(lineStart: number): boolean {
    return isBlankLine(this.text, lineStart);
  }

  run(): ScanResult {
    const text = this.text;
    const n = this.n;
    let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let piece = pos;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === PERCENT) {
        this.prose.add(piece, pos);
        const eol = lineEnd(text, pos);
        this.comment(pos, eol);
        pos = piece = eol;
        continue;
      }
      if (c === DOLLAR) {
        const double = text.charCodeAt(pos + 1) === DOLLAR;
        const end = double
          ? this.delimited(pos, piece, '$$', 2, 'double-dollar', true)
          : this.delimited(pos, piece, '$', 1, 'dollar', false);
        if (end >= 0) pos = piece = end;
        else pos += double ? 2 : 1;
        continue;
      }
      if (c !== BACKSLASH) {
        pos++;
        continue;
      }
      const d = text.charCodeAt(pos + 1);
      if (d === 91 /* [ */ || d === 40 /* ( */) {
        const end =
          d === 91
            ? this.delimited(pos, piece, '\\]', 2, 'bracket', true)
            : this.delimited(pos, piece, '\\)', 2, 'paren', false);
        if (end >= 0) pos = piece = end;
        else pos += 2;
        continue;
      }
      if (!isLetter(d)) {
        pos += 2; // \\, \%, \$, \{ …
        continue;
      }
      let k = pos + 2;
      while (k < n && isLetter(text.charCodeAt(k))) k++;
      const word = text.slice(pos + 1, k);
      let next = k;
      if (word === 'begin') {
        const r = this.begin(pos, piece);
        if (r.cut) piece = r.end;
        next = Math.max(r.end, k);
      } else if (word === 'verb' || word === 'lstinline' || word === 'mintinline') {
        const end = this.inlineVerbatim(word, k);
        if (end > k) {
          this.prose.add(piece, pos);
          this.prose.hardBreak();
          piece = end;
          next = end;
        }
      } else if (word === 'eqalign') {
        const end = this.eqalign(pos, k, piece);
        if (end > k) piece = next = end;
      } else if (DEFINITIONS.has(word)) {
        next = this.skipNewcommand(k, DEFINITIONS.get(word)!);
      } else if (DEF_COMMANDS.has(word)) {
        next = this.skipDef(k);
      }
      pos = next;
    }
    this.prose.add(piece, n);
    this.prose.finish();
    sortDirectives(this.result);
    return this.result;
  }

  private comment(pos: number, eol: number): void {
    let from = pos + 1;
    while (from < eol && this.text.charCodeAt(from) === PERCENT) from++;
    const d = directiveIn(this.text, from, eol);
    if (d) this.result.directives.push(d);
    const kind = silenceIn(this.text, from, eol);
    if (kind) this.result.silencing.push(silenceComment(this.text, kind, pos, eol));
  }

  /** Directives in `%` comments inside a math region's source. */
  private commentsIn(from: number, to: number): void {
    const text = this.text;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) i++;
      else if (c === PERCENT) {
        const eol = Math.min(lineEnd(text, i), to);
        this.comment(i, eol);
        i = eol;
      }
    }
  }

  private emit(region: MathRegion, piece: number): void {
    this.prose.add(piece, region.start);
    this.prose.region(region);
    this.result.regions.push(region);
    this.commentsIn(region.contentStart, region.contentStart + region.text.length);
  }

  /** `$…$`, `$$…$$`, `\(…\)`, `\[…\]` at `pos`: the end offset, or -1 (problem recorded). */
  private delimited(
    pos: number,
    piece: number,
    kind: CloseKind,
    width: number,
    delimiter: MathRegion['delimiter'],
    display: boolean,
  ): number {
    let close = -1;
    if (!this.memo.failedBefore(kind, pos)) {
      close = findClose(this, pos + width, kind, display);
      if (close < 0) this.memo.record(kind, pos, -1 - close);
    }
    if (close < 0) {
      const opener = kind === '$' || kind === '$$' ? kind : kind === '\\]' ? '\\[' : '\\(';
      this.result.problems.push({ start: pos, end: pos + width, message: `unclosed ${opener}` });
      return -1;
    }
    const region = makeRegion({
      text: this.text.slice(pos + width, close),
      display,
      delimiter,
      start: pos,
      end: close + width,
      contentStart: pos + width,
    });
    this.emit(region, piece);
    return close + width;
  }

  /**
   * `\begin{…}` at `pos`. Math environments become regions, verbatim ones are skipped.
   * `cut` tells the caller that the prose piece was consumed up to `end`.
   */
  private begin(pos: number, piece: number): { end: number; cut: boolean } {
    const text = this.text;
    const env = readEnvCommand(text, pos);
    if (!env) return { end: pos + 6, cut: false };
    if (LATEX_MATH_ENVIRONMENTS.has(env.name)) {
      const end = this.envs.endOf(pos);
      if (end < 0) {
        this.result.problems.push({
          start: pos,
          end: env.end,
          message: `unclosed \\begin{${env.name}}`,
        });
        return { end: env.end, cut: false };
      }
      const region = makeRegion({
        text: text.slice(pos, end),
        display: !isInlineEnvironment(env.name),
        delimiter: 'environment',
        environment: env.name,
        start: pos,
        end,
        contentStart: pos,
      });
      this.emit(region, piece);
      return { end, cut: true };
    }
    if (VERBATIM_ENVIRONMENTS.has(env.name)) {
      const closing = `\\end{${env.name}}`;
      const at = text.indexOf(closing, env.end);
      const end = at < 0 ? this.n : at + closing.length;
      this.prose.add(piece, pos);
      this.prose.hardBreak();
      return { end, cut: true };
    }
    return { end: env.end, cut: false };
  }

  /** `\verb|…|`, `\lstinline[…]{…}`, `\mintinline{lang}|…|`: the end, or `k` if malformed. */
  private inlineVerbatim(word: string, k: number): number {
    const text = this.text;
    let i = k;
    if (word === 'verb' && text.charCodeAt(i) === 42 /* * */) i++;
    if (word === 'lstinline' && text.charCodeAt(i) === 91 /* [ */) {
      const close = this.onLine(i + 1, 93 /* ] */);
      if (close < 0) return k;
      i = close + 1;
    }
    if (word === 'mintinline') {
      while (text.charCodeAt(i) === SPACE) i++;
      if (text.charCodeAt(i) !== LBRACE) return k;
      const close = this.onLine(i + 1, RBRACE);
      if (close < 0) return k;
      i = close + 1;
    }
    const delim = text.charCodeAt(i);
    if (Number.isNaN(delim) || isWhite(delim) || isLetter(delim)) return k;
    if (delim === LBRACE && word === 'verb') return k;
    const close = this.onLine(i + 1, delim === LBRACE ? RBRACE : delim);
    return close < 0 ? k : close + 1;
  }

  /** The first `char` from `from` on the same line, or -1. */
  private onLine(from: number, char: number): number {
    const text = this.text;
    for (let i = from; i < this.n; i++) {
      const c = text.charCodeAt(i);
      if (c === char) return i;
      if (c === 10 || c === 13) return -1;
    }
    return -1;
  }

  /** `\eqalign{…}` outside math: one display region with the whole command as its text. */
  private eqalign(pos: number, k: number, piece: number): number {
    const text = this.text;
    let m = k;
    while (m < this.n && isWhite(text.charCodeAt(m))) m++;
    if (text.charCodeAt(m) !== LBRACE) return k;
    const close = this.braces.closeOf(m);
    if (close < 0) {
      this.result.problems.push({ start: pos, end: m + 1, message: 'unclosed \\eqalign{' });
      return k;
    }
    const region = makeRegion({
      text: text.slice(pos, close + 1),
      display: true,
      delimiter: 'environment',
      environment: 'eqalign',
      start: pos,
      end: close + 1,
      contentStart: pos,
    });
    this.emit(region, piece);
    return close + 1;
  }

  private skipSpace(i: number): number {
    const text = this.text;
    while (i < this.n) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === TAB || c === 10 || c === 13) i++;
      else if (c === PERCENT) i = lineEnd(text, i);
      else break;
    }
    return i;
  }

  /** A braced group at `i` (after spaces): the offset after it, or -1. */
  private group(i: number): number {
    const at = this.skipSpace(i);
    if (this.text.charCodeAt(at) !== LBRACE) return -1;
    const close = this.braces.closeOf(at);
    return close < 0 ? -1 : close + 1;
  }

  /** Optional `[…]` arguments (no nesting) and a `*`. */
  private optionals(i: number): number {
    const text = this.text;
    for (let guard = 0; guard < 4; guard++) {
      const at = this.skipSpace(i);
      const c = text.charCodeAt(at);
      if (c === 42 /* * */) i = at + 1;
      else if (c === 91 /* [ */) {
        let close = at + 1;
        while (close < this.n && close - at <= 200 && text.charCodeAt(close) !== 93) close++;
        if (text.charCodeAt(close) !== 93) return i;
        i = close + 1;
      } else return i;
    }
    return i;
  }

  /** The defined control sequence `\name` or `{\name}` at `i`: the offset after it, or -1. */
  private definedName(i: number): number {
    const text = this.text;
    const at = this.skipSpace(i);
    if (text.charCodeAt(at) === LBRACE) return this.group(at);
    if (text.charCodeAt(at) !== BACKSLASH) return -1;
    let k = at + 1;
    if (isLetter(text.charCodeAt(k))) while (k < this.n && isLetter(text.charCodeAt(k))) k++;
    else k++;
    return k;
  }

  /** `\newcommand*{\name}[n][default]{body}` and friends: the offset after the definition. */
  private skipNewcommand(k: number, bodies: number): number {
    let i = this.optionals(k);
    const afterName = this.definedName(i);
    if (afterName < 0) return k;
    i = afterName;
    for (let b = 0; b < bodies; b++) {
      i = this.optionals(i);
      const end = this.group(i);
      if (end < 0) return i;
      i = end;
    }
    return i;
  }

  /** `\def\name#1#2{body}`: the offset after the body. */
  private skipDef(k: number): number {
    const text = this.text;
    const afterName = this.definedName(k);
    if (afterName < 0 || text.charCodeAt(this.skipSpace(k)) === LBRACE) return k;
    // Parameter text up to the body's `{` (short, on the same logical line).
    let i = afterName;
    while (i < this.n && i - afterName < 200) {
      const c = text.charCodeAt(i);
      if (c === LBRACE || c === 10 || c === 13 || c === BACKSLASH) break;
      i++;
    }
    if (text.charCodeAt(i) !== LBRACE) return afterName;
    const close = this.braces.closeOf(i);
    return close < 0 ? afterName : close + 1;
  }
}

/** Scans a LaTeX document; see the header of this file for the rules. */
export function scanLatex(text: string): ScanResult {
  return new LatexScanner(text).run();
}

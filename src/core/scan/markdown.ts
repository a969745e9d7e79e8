// Markdown scanner: finds math regions ($…$, $$…$$, \[…\], \(…\), ```math fences and bare
// \begin{align}-style environments) with exact source offsets, skipping code and HTML.
//
// It walks the text line by line for block structure (fenced code, indented code, HTML
// blocks, YAML front matter) and character by character inside paragraphs. A math region
// that opens in a paragraph swallows whatever lines its closer needs, so its content is never
// mistaken for code.
//
// Rules for `$` (pandoc / markdown-it-texmath, plus one MathJax-style extension):
//  - `$$` opens display math anywhere in a paragraph; the closer is the next unescaped `$$`
//    (blank lines allowed, a code-fence line stops the search). Unclosed → problem "unclosed $$".
//  - `$x…$` (no whitespace after the opener): closes at the next unescaped `$` if that one
//    follows a non-space and is not followed by a digit; otherwise the opener is plain text.
//    So "costs $5 and $6" is prose. Inline math stays inside its paragraph.
//  - padded `$ x $` (whitespace after the opener, as MathJax renders it, e.g. the macro line
//    of seed-answer.md): accepted only if the closer follows whitespace, no letter or digit
//    touches the outside of either delimiter, and the content is not blank and does not
//    start with a digit ("$ 5 and $ 6" stays prose; so does "$ x$ and $y $").
//  - `\$` is never a delimiter; inside math `\…` pairs are skipped, and `$` inside text-mode
//    groups (`\text{$x$}`) does not close the outer math.
//  - GitLab / GitHub `` $`…`$ ``: a `$` right before a backtick run opens inline math that
//    closes at the next run of the same length followed by `$`; the math is what the backticks
//    hold. A run closed without a `$` after it is an ordinary code span after a `$`.
//
// MathJax 2 pages keep their math in `<script type="math/tex">…</script>` (inline) and
// `<script type="math/tex; mode=display">…</script>` (display), at the start of a line or inside
// a paragraph: those are regions (delimiter 'script'); every other <script> is an HTML block.
//
// `\(…\)` is inline and paragraph-bound like `$`; `\[…\]` behaves like `$$`. Unclosed `\(`,
// `\[` are plain text (they may be escaped brackets). `\begin{env}` for the math environments
// (and matrices, cases, array) is a display region whose text is the whole environment;
// an unclosed one is a problem.
//
// Skipped (neither math nor prose): inline code spans (any backtick-run length), fenced
// code (``` / ~~~, any info string other than `math`), indented code (4+ columns after a
// non-paragraph line, not inside a list), HTML blocks (CommonMark kinds 1–7: comments,
// <script>/<pre>/…, block-level tags and lone tags up to a blank line), inline HTML comments.
//
// Directives: `<!-- gradlens: … -->` comments anywhere outside code; the segment is the text
// after `gradlens:` up to `-->`, untrimmed. Silencing comments (`<!-- gradlens-disable -->`,
// `-enable`, `-disable-next-line`, `-disable-file`) likewise, into `silencing`.
//
// Prose: segments are the stretches outside math, code and HTML blocks (inline HTML comments
// are cut out of a segment, leaving a gap in its sourceOffsets). Each region records the
// index of the segment directly before / after it in `proseBefore` / `proseAfter`.
// Math inside a block quote gets its `>` markers removed (the region then has sourceOffsets).
//
// Known limitations: lists and block quotes are approximated (list context ends at an
// unindented line after a blank line; no list-item-relative indentation); environment
// pairs are matched over the whole text without knowing about code (an `\end{align}` inside
// a later code span could close an environment); inline HTML tags are not skipped (a `$` in
// an attribute can start math); an unclosed code fence or HTML comment block runs to the end
// of the document, as in CommonMark; `%` comments inside math are left in the text.
import {
  BraceMatcher,
  EnvironmentMatcher,
  FailureMemo,
  MARKDOWN_MATH_ENVIRONMENTS,
  ProseCollector,
  directiveIn,
  emptyResult,
  extractQuoted,
  findClose,
  isBlankLine,
  isDigit,
  isInlineEnvironment,
  isLetter,
  isWhite,
  lineEnd,
  makeRegion,
  nextLineStart,
  readEnvCommand,
  silenceComment,
  silenceIn,
  skipQuoteMarkers,
  sortDirectives,
  type CloseContext,
} from './common';
import type { MathRegion, ScanResult } from './region';

const BACKSLASH = 92;
const DOLLAR = 36;
const NEWLINE = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const BACKTICK = 96;
const TILDE = 126;
const LT = 60;

/** CommonMark HTML block type 6 tag names. */
const BLOCK_TAGS = new Set(
  (
    'address article aside base basefont blockquote body caption center col colgroup dd ' +
    'details dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 ' +
    'h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav noframes ol ' +
    'optgroup option p param search section summary table tbody td tfoot th thead title tr ' +
    'track ul'
  ).split(' '),
);

const TYPE1_OPEN = /<(script|pre|style|textarea)(?=[\s>]|$)/iy;
/** MathJax 2's math scripts: `type="math/tex"`, with `; mode=display` for display math. */
const MATH_SCRIPT_OPEN =
  /<script\s+type\s*=\s*(["']?)math\/tex(\s*;\s*mode\s*=\s*display)?\1\s*>/iy;
const SCRIPT_CLOSE = /<\/script\s*>/gi;
const TYPE1_CLOSE = /<\/(script|pre|style|textarea)>/gi;
const TYPE6_OPEN = /<\/?([A-Za-z][A-Za-z0-9-]*)(?=[\s>]|\/>|$)/y;
const TYPE7_LINE =
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/;

function isAlnum(c: number): boolean {
  return isDigit(c) || isLetter(c);
}

function isAsciiPunctuation(c: number): boolean {
  return (
    (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)
  );
}

type LineKind = 'blank' | 'paragraph' | 'other';

class MarkdownScanner implements CloseContext {
  private readonly n: number;
  private readonly result = emptyResult();
  private readonly prose: ProseCollector;
  readonly braces: BraceMatcher;
  readonly latexComments = false;
  private readonly envs: EnvironmentMatcher;
  private readonly memo = new FailureMemo();
  private lineKind: LineKind = 'blank';
  private inList = false;
  private quoteDepth = 0;

  constructor(readonly text: string) {
    this.n = text.length;
    this.prose = new ProseCollector(text, this.result.prose);
    this.braces = new BraceMatcher(text, false);
    this.envs = new EnvironmentMatcher(text, { latexComments: false });
  }

  /** Inline math stays in its paragraph; display math only stops at a code fence. */
  isBarrier(lineStart: number, display: boolean): boolean {
    return display ? this.isFenceLine(lineStart) : this.isParagraphBreak(lineStart);
  }

  run(): ScanResult {
    let pos = this.text.charCodeAt(0) === 0xfeff ? 1 : 0;
    pos = this.frontMatter(pos);
    while (pos < this.n) pos = this.line(pos);
    this.prose.finish();
    sortDirectives(this.result);
    return this.result;
  }

  // ---- block structure ------------------------------------------------------------------

  /** YAML front matter (`---` … `---`/`...` at the very top) is neither prose nor math. */
  private frontMatter(pos: number): number {
    const text = this.text;
    if (!text.startsWith('---', pos)) return pos;
    const eol = lineEnd(text, pos);
    if (text.slice(pos + 3, eol).trim() !== '') return pos;
    let p = nextLineStart(text, eol);
    while (p < this.n) {
      const e = lineEnd(text, p);
      const line = text.slice(p, e).trimEnd();
      if (line === '---' || line === '...') return nextLineStart(text, e);
      p = nextLineStart(text, e);
    }
    return pos;
  }

  /** Indentation (tabs to multiples of 4) from `pos`, and where the content starts. */
  private indent(pos: number, eol: number): { ind: number; at: number } {
    let ind = 0;
    let at = pos;
    while (at < eol) {
      const c = this.text.charCodeAt(at);
      if (c === SPACE) ind++;
      else if (c === TAB) ind += 4 - (ind % 4);
      else break;
      at++;
    }
    return { ind, at };
  }

  private quoteMarkers(pos: number, eol: number): { depth: number; at: number } {
    let depth = 0;
    let at = pos;
    for (;;) {
      const next = skipQuoteMarkers(this.text, at, 1, eol);
      if (next === at) break;
      depth++;
      at = next;
    }
    return { depth, at };
  }

  private line(lineStart: number): number {
    const text = this.text;
    const eol = lineEnd(text, lineStart);
    const next = nextLineStart(text, eol);
    const quote = this.quoteMarkers(lineStart, eol);
    const { ind, at } = this.indent(quote.at, eol);
    if (at === eol) {
      this.prose.add(lineStart, next);
      this.lineKind = 'blank';
      return next;
    }
    if (ind >= 4 && this.lineKind !== 'paragraph' && !this.inList)
      return this.indentedCode(lineStart, quote.depth);
    if (ind <= 3 || this.inList) {
      const end = this.fence(lineStart, at, eol, ind, quote.depth);
      if (end >= 0) return end;
    }
    if (ind <= 3 && text.charCodeAt(at) === LT) {
      const end = this.htmlBlock(at, eol);
      if (end >= 0) return end;
    }
    if (ind <= 3 && this.isListMarker(at, eol)) this.inList = true;
    else if (this.lineKind === 'blank' && ind < 2 && quote.depth === 0) this.inList = false;
    const heading = ind <= 3 && text.charCodeAt(at) === 35; /* # */
    this.quoteDepth = quote.depth;
    const after = this.inline(lineStart);
    this.lineKind = heading ? 'other' : 'paragraph';
    return after;
  }

  private isListMarker(at: number, eol: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === 45 || c === 42 || c === 43) {
      /* - * + */
      return at + 1 === eol || text.charCodeAt(at + 1) === SPACE || text.charCodeAt(at + 1) === TAB;
    }
    let k = at;
    while (k < eol && k - at < 9 && isDigit(text.charCodeAt(k))) k++;
    if (k === at) return false;
    const d = text.charCodeAt(k);
    if (d !== 46 && d !== 41) return false; /* . ) */
    return k + 1 === eol || text.charCodeAt(k + 1) === SPACE || text.charCodeAt(k + 1) === TAB;
  }

  /** An indented code block whose first line starts at `lineStart` (always consumed). */
  private indentedCode(lineStart: number, depth: number): number {
    const text = this.text;
    this.prose.hardBreak();
    let codeEnd = nextLineStart(text, lineEnd(text, lineStart));
    let p = codeEnd;
    while (p < this.n) {
      const eol = lineEnd(text, p);
      const next = nextLineStart(text, eol);
      const q = skipQuoteMarkers(text, p, depth, eol);
      if (isBlankLine(text, q)) {
        p = next;
        continue;
      }
      if (this.indent(q, eol).ind < 4) break;
      codeEnd = next;
      p = next;
    }
    this.lineKind = 'other';
    return codeEnd;
  }

  /** A fenced block (``` or ~~~) at `at`; math fences become regions. -1 if not a fence. */
  private fence(lineStart: number, at: number, eol: number, ind: number, depth: number): number {
    const text = this.text;
    const ch = text.charCodeAt(at);
    if (ch !== BACKTICK && ch !== TILDE) return -1;
    let run = at;
    while (run < eol && text.charCodeAt(run) === ch) run++;
    const len = run - at;
    if (len < 3) return -1;
    const info = text.slice(run, eol);
    if (ch === BACKTICK && info.indexOf('`') >= 0) return -1;
    const lang =
      info
        .trim()
        .split(/[\s{}.,]+/)
        .find((w) => w !== '') ?? '';
    const isMath = lang.toLowerCase() === 'math';
    // Find the closing fence.
    const contentStart = nextLineStart(text, eol);
    let p = contentStart;
    let closeLine = -1;
    let closeEnd = -1;
    while (p < this.n) {
      const e = lineEnd(text, p);
      const q = skipQuoteMarkers(text, p, depth, e);
      const { ind: ind2, at: c2 } = this.indent(q, e);
      if (ind2 <= Math.max(3, ind) && text.charCodeAt(c2) === ch) {
        let r = c2;
        while (r < e && text.charCodeAt(r) === ch) r++;
        if (r - c2 >= len && text.slice(r, e).trim() === '') {
          closeLine = p;
          closeEnd = r;
          break;
        }
      }
      p = nextLineStart(text, e);
    }
    this.lineKind = 'other';
    if (closeLine < 0) {
      if (isMath) {
        this.result.problems.push({ start: at, end: run, message: 'unclosed math fence' });
      }
      this.prose.add(lineStart, at);
      this.prose.hardBreak();
      return this.n;
    }
    this.prose.add(lineStart, at);
    if (isMath) {
      let contentEnd = closeLine;
      if (contentEnd > contentStart && text.charCodeAt(contentEnd - 1) === NEWLINE) contentEnd--;
      if (contentEnd > contentStart && text.charCodeAt(contentEnd - 1) === CR) contentEnd--;
      const extracted = extractQuoted(
        text,
        contentStart,
        Math.max(contentStart, contentEnd),
        depth,
      );
      this.emit(
        makeRegion({
          text: extracted.text,
          sourceOffsets: extracted.sourceOffsets,
          display: true,
          delimiter: 'fence',
          start: at,
          end: closeEnd,
          contentStart,
        }),
      );
    } else {
      this.prose.hardBreak();
    }
    const afterClose = lineEnd(text, closeEnd);
    // The rest of the closing line (only whitespace) and its terminator are prose.
    this.prose.add(closeEnd, nextLineStart(text, afterClose));
    return nextLineStart(text, afterClose);
  }

  /** An HTML block starting at `at` (a `<` at the start of a line); -1 if none. */
  private htmlBlock(at: number, eol: number): number {
    const text = this.text;
    let end = -1;
    if (this.sticky(MATH_SCRIPT_OPEN, at)) return -1; // math, read by inline()
    if (text.startsWith('<!--', at)) {
      const close = text.indexOf('-->', at + 4);
      end = close < 0 ? this.n : nextLineStart(text, lineEnd(text, close + 3));
    } else if (this.sticky(TYPE1_OPEN, at)) {
      TYPE1_CLOSE.lastIndex = at;
      const m = TYPE1_CLOSE.exec(text);
      end = m ? nextLineStart(text, lineEnd(text, m.index + m[0].length)) : this.n;
    } else if (text.startsWith('<?', at)) {
      end = this.untilLineWith('?>', at + 2);
    } else if (text.startsWith('<![CDATA[', at)) {
      end = this.untilLineWith(']]>', at + 9);
    } else if (text.charCodeAt(at + 1) === 33 /* ! */ && /[A-Za-z]/.test(text.charAt(at + 2))) {
      end = this.untilLineWith('>', at + 2);
    } else {
      TYPE6_OPEN.lastIndex = at;
      const m = TYPE6_OPEN.exec(text);
      const isBlock = m !== null && BLOCK_TAGS.has(m[1].toLowerCase());
      const isLoneTag =
        !isBlock &&
        this.lineKind !== 'paragraph' &&
        eol - at < 4000 &&
        TYPE7_LINE.test(text.slice(at, eol));
      if (isBlock || isLoneTag) end = this.untilBlankLine(eol);
    }
    if (end < 0) return -1;
    this.collectHtmlComments(at, end);
    this.prose.hardBreak();
    if (!this.sticky(TYPE1_OPEN, at)) this.mathScriptsIn(at, end);
    this.lineKind = 'other';
    return end;
  }

  private sticky(re: RegExp, at: number): boolean {
    re.lastIndex = at;
    return re.test(this.text);
  }

  private untilLineWith(marker: string, from: number): number {
    const close = this.text.indexOf(marker, from);
    return close < 0 ? this.n : nextLineStart(this.text, lineEnd(this.text, close + marker.length));
  }

  /** The start of the first blank line after the line ending at `eol` (or the end). */
  private untilBlankLine(eol: number): number {
    let p = nextLineStart(this.text, eol);
    while (p < this.n && !isBlankLine(this.text, p))
      p = nextLineStart(this.text, lineEnd(this.text, p));
    return p;
  }

  private collectHtmlComments(from: number, to: number): void {
    const text = this.text;
    let p = from;
    for (;;) {
      const open = text.indexOf('<!--', p);
      if (open < 0 || open >= to) return;
      const close = text.indexOf('-->', open + 4);
      const bodyEnd = close < 0 ? to : Math.min(close, to);
      this.directive(open + 4, bodyEnd, close < 0 ? -1 : close + 3);
      if (close < 0) return;
      p = close + 3;
    }
  }

  /** The comment body text[from, to); `end`: just after its `-->` (-1 when unclosed). */
  private directive(from: number, to: number, end: number): void {
    const d = directiveIn(this.text, from, to);
    if (d) this.result.directives.push(d);
    const kind = end < 0 ? undefined : silenceIn(this.text, from, to);
    if (kind) this.result.silencing.push(silenceComment(this.text, kind, from - 4, end));
  }

  // ---- paragraph barriers -------------------------------------------------------------

  private isFenceLine(lineStart: number): boolean {
    const text = this.text;
    const eol = lineEnd(text, lineStart);
    const q = skipQuoteMarkers(text, lineStart, this.quoteDepth, eol);
    const { ind, at } = this.indent(q, eol);
    if (ind > 3) return false;
    const c = text.charCodeAt(at);
    return (
      (c === BACKTICK || c === TILDE) &&
      text.charCodeAt(at + 1) === c &&
      text.charCodeAt(at + 2) === c
    );
  }

  private isParagraphBreak(lineStart: number): boolean {
    const eol = lineEnd(this.text, lineStart);
    const q = skipQuoteMarkers(this.text, lineStart, this.quoteDepth, eol);
    return isBlankLine(this.text, q) || this.isFenceLine(lineStart);
  }

  // ---- inline -----------------------------------------------------------------------

  private emit(region: MathRegion): void {
    this.prose.region(region);
    this.result.regions.push(region);
  }

  private region(
    delimiter: MathRegion['delimiter'],
    display: boolean,
    start: number,
    contentStart: number,
    contentEnd: number,
    end: number,
    environment?: string,
  ): void {
    const extracted = extractQuoted(this.text, contentStart, contentEnd, this.quoteDepth);
    this.emit(
      makeRegion({
        text: extracted.text,
        sourceOffsets: extracted.sourceOffsets,
        display,
        delimiter,
        start,
        end,
        contentStart,
        environment,
      }),
    );
  }

  /** Scans one paragraph line (and the lines a construct spans); returns the next line start. */
  private inline(lineStart: number): number {
    const text = this.text;
    const n = this.n;
    let pos = lineStart;
    let piece = lineStart;
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === NEWLINE || c === CR) {
        const next = nextLineStart(text, pos);
        this.prose.add(piece, next);
        return next;
      }
      let end = -1;
      if (c === DOLLAR) {
        if (text.charCodeAt(pos + 1) === DOLLAR) {
          end = this.doubleDollar(pos, piece);
          if (end < 0) {
            pos += 2;
            continue;
          }
        } else {
          end = this.dollar(pos, piece);
        }
      } else if (c === BACKSLASH) {
        const d = text.charCodeAt(pos + 1);
        if (d === 91 /* [ */) end = this.bracketed(pos, piece, '\\]');
        else if (d === 40 /* ( */) end = this.bracketed(pos, piece, '\\)');
        else if (d === 98 /* b */) {
          const r = this.environment(pos, piece);
          if (r.region) end = r.end;
          else if (r.end > pos) {
            pos = r.end;
            continue;
          }
        }
        if (end < 0) {
          pos += isAsciiPunctuation(d) ? 2 : 1;
          continue;
        }
      } else if (c === BACKTICK) {
        const r = this.codeSpan(pos);
        if (r.code) {
          this.prose.add(piece, pos);
          this.prose.hardBreak();
          pos = piece = r.end;
        } else {
          pos = r.end;
        }
        continue;
      } else if (c === LT && (end = this.mathScript(pos, piece)) >= 0) {
        pos = piece = end;
        continue;
      } else if (c === LT && text.startsWith('<!--', pos)) {
        const close = this.inlineComment(pos);
        if (close >= 0) {
          this.prose.add(piece, pos);
          this.directive(pos + 4, close, close + 3);
          pos = piece = close + 3;
        } else {
          pos += 4;
        }
        continue;
      }
      if (end >= 0) {
        pos = piece = end;
      } else {
        pos++;
      }
    }
    this.prose.add(piece, n);
    return n;
  }

  /** `$$…$$`; returns the end offset, or -1 (a problem is recorded). */
  private doubleDollar(pos: number, piece: number): number {
    let close = -1;
    if (!this.memo.failedBefore('$$', pos)) {
      close = findClose(this, pos + 2, '$$', true);
      if (close < 0) this.memo.record('$$', pos, -1 - close);
    }
    if (close < 0) {
      this.result.problems.push({ start: pos, end: pos + 2, message: 'unclosed $$' });
      return -1;
    }
    this.prose.add(piece, pos);
    this.region('double-dollar', true, pos, pos + 2, close, close + 2);
    return close + 2;
  }

  /** `<p>… <script type="math/tex">x</script> …</p>`: MathJax reads math scripts in HTML too. */
  private mathScriptsIn(from: number, to: number): void {
    // searched in the block's own text, so many HTML blocks stay linear
    const block = this.text.slice(from, to).toLowerCase();
    let k = block.indexOf('<script');
    while (k >= 0) {
      const end = this.mathScript(from + k, from + k);
      k = block.indexOf('<script', end > from + k ? end - from : k + 7);
    }
    this.prose.hardBreak();
  }

  /** `<script type="math/tex…">…</script>` at `pos`: its end offset, or -1 if none. */
  private mathScript(pos: number, piece: number): number {
    MATH_SCRIPT_OPEN.lastIndex = pos;
    const open = MATH_SCRIPT_OPEN.exec(this.text);
    if (!open || this.memo.failedBefore('<script', pos)) return -1;
    const contentStart = pos + open[0].length;
    SCRIPT_CLOSE.lastIndex = contentStart;
    const close = SCRIPT_CLOSE.exec(this.text);
    if (!close) {
      this.memo.record('<script', pos, this.n);
      this.result.problems.push({ start: pos, end: contentStart, message: 'unclosed math script' });
      return -1;
    }
    this.prose.add(piece, pos);
    const end = close.index + close[0].length;
    this.region('script', open[2] !== undefined, pos, contentStart, close.index, end);
    return end;
  }

  /** GitLab's `` $`…`$ `` at `pos` (a `$` before a backtick): its end offset, or -1. */
  private backtickDollar(pos: number, piece: number): number {
    const text = this.text;
    let i = pos + 1;
    while (i < this.n && text.charCodeAt(i) === BACKTICK) i++;
    const len = i - pos - 1;
    const key = `$\`${len}`;
    if (this.memo.failedBefore(key, pos)) return -1;
    while (i < this.n) {
      const c = text.charCodeAt(i);
      if (c === BACKTICK) {
        let j = i;
        while (j < this.n && text.charCodeAt(j) === BACKTICK) j++;
        if (j - i === len) {
          // A run of the same length closes the code span: math only with a `$` after it.
          if (text.charCodeAt(j) !== DOLLAR) return -1;
          this.prose.add(piece, pos);
          this.region('dollar', false, pos, pos + 1 + len, i, j + 1);
          return j + 1;
        }
        i = j;
      } else if (c === NEWLINE || c === CR) {
        const next = nextLineStart(text, i);
        if (next < this.n && this.isParagraphBreak(next)) break;
        i = next;
      } else {
        i++;
      }
    }
    this.memo.record(key, pos, i);
    return -1;
  }

  /** `$…$` under the rules in the header; returns the end offset or -1. */
  private dollar(pos: number, piece: number): number {
    const text = this.text;
    if (pos + 1 >= this.n) return -1;
    if (text.charCodeAt(pos + 1) === BACKTICK) return this.backtickDollar(pos, piece);
    if (this.memo.failedBefore('$', pos)) return -1;
    const padded = isWhite(text.charCodeAt(pos + 1));
    const close = findClose(this, pos + 1, '$', false);
    if (close < 0) {
      this.memo.record('$', pos, -1 - close);
      return -1;
    }
    if (isDigit(text.charCodeAt(close + 1))) return -1;
    const before = text.charCodeAt(close - 1);
    if (padded) {
      if (
        !isWhite(before) ||
        isAlnum(text.charCodeAt(pos - 1)) ||
        isAlnum(text.charCodeAt(close + 1))
      ) {
        return -1;
      }
      let k = pos + 1;
      while (k < close && isWhite(text.charCodeAt(k))) k++;
      if (k === close || isDigit(text.charCodeAt(k))) return -1;
    } else if (isWhite(before)) {
      return -1;
    }
    this.prose.add(piece, pos);
    this.region('dollar', false, pos, pos + 1, close, close + 1);
    return close + 1;
  }

  /** `\[…\]` or `\(…\)`; unclosed ones are plain text (they may be escaped brackets). */
  private bracketed(pos: number, piece: number, kind: '\\]' | '\\)'): number {
    if (this.memo.failedBefore(kind, pos)) return -1;
    const close = findClose(this, pos + 2, kind, kind === '\\]');
    if (close < 0) {
      this.memo.record(kind, pos, -1 - close);
      return -1;
    }
    this.prose.add(piece, pos);
    if (kind === '\\]') this.region('bracket', true, pos, pos + 2, close, close + 2);
    else this.region('paren', false, pos, pos + 2, close, close + 2);
    return close + 2;
  }

  /** A `\begin{env}` at `pos`: a region for math environments, else just skips the command. */
  private environment(pos: number, piece: number): { region: boolean; end: number } {
    const env = readEnvCommand(this.text, pos);
    if (!env || !env.begin) return { region: false, end: pos };
    if (!MARKDOWN_MATH_ENVIRONMENTS.has(env.name)) return { region: false, end: env.end };
    const end = this.envs.endOf(pos);
    if (end < 0) {
      this.result.problems.push({
        start: pos,
        end: env.end,
        message: `unclosed \\begin{${env.name}}`,
      });
      return { region: false, end: env.end };
    }
    this.prose.add(piece, pos);
    this.region('environment', !isInlineEnvironment(env.name), pos, pos, end, end, env.name);
    return { region: true, end };
  }

  /** A code span opening at `pos`: its end, or (not code) the end of the backtick run. */
  private codeSpan(pos: number): { code: boolean; end: number } {
    const text = this.text;
    let i = pos;
    while (i < this.n && text.charCodeAt(i) === BACKTICK) i++;
    const len = i - pos;
    const key = `\`${len}`;
    if (this.memo.failedBefore(key, pos)) return { code: false, end: pos + len };
    while (i < this.n) {
      const c = text.charCodeAt(i);
      if (c === BACKTICK) {
        let j = i;
        while (j < this.n && text.charCodeAt(j) === BACKTICK) j++;
        if (j - i === len) return { code: true, end: j };
        i = j;
      } else if (c === NEWLINE || c === CR) {
        const next = nextLineStart(text, i);
        if (next < this.n && this.isParagraphBreak(next)) {
          this.memo.record(key, pos, next);
          return { code: false, end: pos + len };
        }
        i = next;
      } else {
        i++;
      }
    }
    this.memo.record(key, pos, this.n);
    return { code: false, end: pos + len };
  }

  /** Inline `<!-- … -->` within the paragraph: the offset of `-->`, or -1. */
  private inlineComment(pos: number): number {
    const text = this.text;
    if (this.memo.failedBefore('<!--', pos)) return -1;
    let i = pos + 4;
    while (i < this.n) {
      const c = text.charCodeAt(i);
      if (c === 45 /* - */ && text.startsWith('-->', i)) return i;
      if (c === NEWLINE || c === CR) {
        const next = nextLineStart(text, i);
        if (next < this.n && this.isParagraphBreak(next)) {
          this.memo.record('<!--', pos, next);
          return -1;
        }
        i = next;
      } else {
        i++;
      }
    }
    this.memo.record('<!--', pos, this.n);
    return -1;
  }
}

/** Scans a Markdown document; see the header of this file for the rules. */
export function scanMarkdown(text: string): ScanResult {
  return new MarkdownScanner(text).run();
}

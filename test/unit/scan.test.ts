import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { scanDocument } from '../../src/core/scan/index';
import { scanLatex } from '../../src/core/scan/latex';
import { scanMarkdown } from '../../src/core/scan/markdown';
import { scanNotebook } from '../../src/core/scan/notebook';
import {
  sourceOffset,
  type MathRegion,
  type ProseSegment,
  type ScanResult,
} from '../../src/core/scan/region';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** The fields of a region that the tests pin down exactly. */
function brief(r: MathRegion) {
  const out: Record<string, unknown> = {
    delimiter: r.delimiter,
    display: r.display,
    start: r.start,
    end: r.end,
    contentStart: r.contentStart,
    text: r.text,
  };
  if (r.environment !== undefined) out.environment = r.environment;
  return out;
}

const texts = (segments: ProseSegment[]) => segments.map((s) => s.text);

/** Every character of a segment maps back to the same character of the source. */
function assertMapsBack(
  source: string,
  seg: { text: string; contentStart: number; sourceOffsets?: Int32Array },
) {
  for (let i = 0; i < seg.text.length; i++) {
    assert.equal(
      source[sourceOffset(seg, i)],
      seg.text[i],
      `char ${i} of ${JSON.stringify(seg.text)}`,
    );
  }
}

describe('markdown: inline and display delimiters', () => {
  test('one inline region, code span ignored, exact offsets and prose', () => {
    const src = 'Let $A \\in \\mathbb{R}^{m}$ and `$x$` code';
    const r = scanMarkdown(src);
    assert.deepEqual(r.regions.map(brief), [
      {
        delimiter: 'dollar',
        display: false,
        start: 4,
        end: 26,
        contentStart: 5,
        text: 'A \\in \\mathbb{R}^{m}',
      },
    ]);
    assert.deepEqual(texts(r.prose), ['Let ', ' and ', ' code']);
    assert.deepEqual(
      r.prose.map((p) => p.contentStart),
      [0, 26, 36],
    );
    assert.equal(r.regions[0].proseBefore, 0);
    assert.equal(r.regions[0].proseAfter, 1);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.preamble, []);
  });

  test('"$A$ is $m\\times n$": the prose between two regions is shared', () => {
    const r = scanMarkdown('$A$ is $m\\times n$');
    assert.deepEqual(r.regions.map(brief), [
      { delimiter: 'dollar', display: false, start: 0, end: 3, contentStart: 1, text: 'A' },
      {
        delimiter: 'dollar',
        display: false,
        start: 7,
        end: 18,
        contentStart: 8,
        text: 'm\\times n',
      },
    ]);
    assert.equal(r.regions[0].proseBefore, undefined);
    assert.equal(r.regions[0].proseAfter, 0);
    assert.equal(r.regions[1].proseBefore, 0);
    assert.equal(r.regions[1].proseAfter, undefined);
    assert.deepEqual(texts(r.prose), [' is ']);
    assert.equal(r.prose[0].contentStart, 3);
  });

  test('$$ display math spanning lines', () => {
    const r = scanMarkdown('Then\n$$\nx = 1\n$$\nok');
    assert.deepEqual(r.regions.map(brief), [
      {
        delimiter: 'double-dollar',
        display: true,
        start: 5,
        end: 16,
        contentStart: 7,
        text: '\nx = 1\n',
      },
    ]);
    assert.deepEqual(texts(r.prose), ['Then\n', '\nok']);
  });

  test('\\[…\\] and \\(…\\)', () => {
    const r = scanMarkdown('\\[ x \\] and \\( y \\)');
    assert.deepEqual(r.regions.map(brief), [
      { delimiter: 'bracket', display: true, start: 0, end: 7, contentStart: 2, text: ' x ' },
      { delimiter: 'paren', display: false, start: 12, end: 19, contentStart: 14, text: ' y ' },
    ]);
  });

  test('```math and ~~~math fences are display regions', () => {
    assert.deepEqual(scanMarkdown('```math\na = b\n```').regions.map(brief), [
      { delimiter: 'fence', display: true, start: 0, end: 17, contentStart: 8, text: 'a = b' },
    ]);
    assert.deepEqual(scanMarkdown('text\n~~~ math\nx^2\ny\n~~~~\nafter').regions.map(brief), [
      { delimiter: 'fence', display: true, start: 5, end: 24, contentStart: 14, text: 'x^2\ny' },
    ]);
  });

  test('LaTeX environments written directly in markdown', () => {
    const src = 'a \\begin{align*} a &= b \\\\ &= c \\end{align*} b';
    const r = scanMarkdown(src);
    assert.deepEqual(r.regions.map(brief), [
      {
        delimiter: 'environment',
        display: true,
        start: 2,
        end: 44,
        contentStart: 2,
        text: '\\begin{align*} a &= b \\\\ &= c \\end{align*}',
        environment: 'align*',
      },
    ]);
    assert.deepEqual(texts(r.prose), ['a ', ' b']);
  });

  test('$…$ inside $$ is part of the display region; $a$$b$ is two inline regions', () => {
    assert.deepEqual(scanMarkdown('$a$$b$').regions.map(brief), [
      { delimiter: 'dollar', display: false, start: 0, end: 3, contentStart: 1, text: 'a' },
      { delimiter: 'dollar', display: false, start: 3, end: 6, contentStart: 4, text: 'b' },
    ]);
    assert.deepEqual(scanMarkdown('$$ \\text{if $x$} $$').regions.map(brief), [
      {
        delimiter: 'double-dollar',
        display: true,
        start: 0,
        end: 19,
        contentStart: 2,
        text: ' \\text{if $x$} ',
      },
    ]);
  });

  test('$ inside \\text{…} does not close the outer inline math', () => {
    assert.deepEqual(
      scanMarkdown('$a \\text{ for $x$ } b$').regions.map((r) => r.text),
      ['a \\text{ for $x$ } b'],
    );
  });
});

describe('markdown: the $ rules', () => {
  test('"costs $5 and $6" is not math', () => {
    const r = scanMarkdown('costs $5 and $6');
    assert.deepEqual(r.regions, []);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(texts(r.prose), ['costs $5 and $6']);
  });

  test('\\$ is not a delimiter; \\\\$ is an escaped backslash then a delimiter', () => {
    assert.deepEqual(scanMarkdown('\\$5 and \\$x$').regions, []);
    assert.deepEqual(scanMarkdown('\\\\$x$').regions.map(brief), [
      { delimiter: 'dollar', display: false, start: 2, end: 5, contentStart: 3, text: 'x' },
    ]);
    assert.deepEqual(
      scanMarkdown('$a\\$b$').regions.map((r) => r.text),
      ['a\\$b'],
    );
  });

  test('a closer after whitespace is not a closer', () => {
    const r = scanMarkdown('$x $y$ $z$');
    assert.deepEqual(
      r.regions.map((g) => [g.start, g.text]),
      [
        [3, 'y'],
        [7, 'z'],
      ],
    );
  });

  test('padded "$ … $" (MathJax style) is accepted unless it looks like money', () => {
    const r = scanMarkdown('$ \\def\\a{b} $ and $ 5 and $ 6');
    assert.deepEqual(r.regions.map(brief), [
      {
        delimiter: 'dollar',
        display: false,
        start: 0,
        end: 13,
        contentStart: 1,
        text: ' \\def\\a{b} ',
      },
    ]);
    assert.deepEqual(scanMarkdown('$ x$ and $y $').regions, []);
  });

  test('inline math does not cross a blank line', () => {
    assert.deepEqual(scanMarkdown('$a\n\nb$').regions, []);
    assert.deepEqual(
      scanMarkdown('$a\nb$').regions.map((r) => r.text),
      ['a\nb'],
    );
  });

  test('unclosed $$ is a problem at the opener; unclosed $ is just text', () => {
    const r = scanMarkdown('ok $$a$$ then $$ never closed');
    assert.deepEqual(
      r.regions.map((g) => g.text),
      ['a'],
    );
    assert.deepEqual(r.problems, [{ start: 14, end: 16, message: 'unclosed $$' }]);
    const single = scanMarkdown('unclosed $x here');
    assert.deepEqual(single.regions, []);
    assert.deepEqual(single.problems, []);
  });

  test('unclosed \\begin{align} is a problem', () => {
    const r = scanMarkdown('\\begin{align}\na\n');
    assert.deepEqual(r.regions, []);
    assert.deepEqual(r.problems, [{ start: 0, end: 13, message: 'unclosed \\begin{align}' }]);
  });
});

describe('markdown: code and HTML are skipped', () => {
  test('fenced code of other languages', () => {
    assert.deepEqual(scanMarkdown('```python\nx = "$x$"\n```\n').regions, []);
    assert.deepEqual(scanMarkdown('~~~ {.js}\n$x$\n~~~\n').regions, []);
    assert.deepEqual(scanMarkdown('````\n```math\n$x$\n```\n````\n').regions, []);
    const after = scanMarkdown('```\n$$\n```\nafter $y$');
    assert.deepEqual(
      after.regions.map((r) => [r.start, r.text]),
      [[17, 'y']],
    );
    assert.deepEqual(after.problems, []);
  });

  test('inline code spans, including multi-backtick spans', () => {
    const r = scanMarkdown('``$a$ ` b`` then $c$');
    assert.deepEqual(
      r.regions.map((g) => [g.start, g.end, g.text]),
      [[17, 20, 'c']],
    );
    assert.deepEqual(texts(r.prose), [' then ']);
    // An unmatched backtick run is literal text.
    assert.deepEqual(
      scanMarkdown('a ` b $c$').regions.map((g) => g.text),
      ['c'],
    );
  });

  test('indented code after a blank line, but not a paragraph continuation or list content', () => {
    assert.deepEqual(
      scanMarkdown('text\n\n    $code$\n\n$d$').regions.map((r) => [r.start, r.text]),
      [[18, 'd']],
    );
    assert.deepEqual(
      scanMarkdown('para\n    $not code$').regions.map((r) => r.text),
      ['not code'],
    );
    assert.deepEqual(
      scanMarkdown('- item\n\n    $in list$').regions.map((r) => r.text),
      ['in list'],
    );
  });

  test('HTML blocks and comments', () => {
    assert.deepEqual(
      scanMarkdown('<div>\n$x$\n</div>\n\n$y$').regions.map((r) => [r.start, r.text]),
      [[18, 'y']],
    );
    assert.deepEqual(
      scanMarkdown('<!--\n$x$\n\n$y$\n-->\n$z$').regions.map((r) => r.text),
      ['z'],
    );
    assert.deepEqual(
      scanMarkdown('a <!-- $x$ --> b $y$').regions.map((r) => r.text),
      ['y'],
    );
    // Inline HTML that is not a block keeps its math.
    assert.deepEqual(
      scanMarkdown('<span>$x$</span>').regions.map((r) => r.text),
      ['x'],
    );
  });

  test('inline HTML comments are cut out of the prose segment', () => {
    const r = scanMarkdown('$z$ <!-- c --> text');
    assert.deepEqual(texts(r.prose), ['  text']);
    assert.deepEqual(Array.from(r.prose[0].sourceOffsets!), [3, 14, 15, 16, 17, 18, 19]);
    assert.equal(r.regions[0].proseAfter, 0);
  });

  test('YAML front matter', () => {
    assert.deepEqual(
      scanMarkdown('---\ntitle: $x$\n---\n$y$').regions.map((r) => [r.start, r.text]),
      [[19, 'y']],
    );
  });
});

describe('markdown: directives, block quotes, line endings', () => {
  test('<!-- gradlens: … --> directives with offsets', () => {
    const src = '<!-- gradlens: A is m x n -->\n$A$ and <!--gradlens:off--> end';
    const r = scanMarkdown(src);
    assert.deepEqual(
      r.directives.map((d) => [d.contentStart, d.text]),
      [
        [14, ' A is m x n '],
        [51, 'off'],
      ],
    );
    for (const d of r.directives) assertMapsBack(src, d);
    assert.deepEqual(
      r.regions.map((g) => g.text),
      ['A'],
    );
  });

  test('math in a block quote drops the > markers and maps through sourceOffsets', () => {
    const src = '> $$\n> a = b\n> $$';
    const r = scanMarkdown(src);
    assert.equal(r.regions.length, 1);
    const [g] = r.regions;
    assert.equal(g.text, '\na = b\n');
    assert.deepEqual([g.start, g.end, g.contentStart], [2, 17, 4]);
    assert.deepEqual(Array.from(g.sourceOffsets!), [4, 7, 8, 9, 10, 11, 12, 15]);
    assertMapsBack(src, g);
  });

  test('\\r\\n line endings', () => {
    const r = scanMarkdown('A $x$\r\nB $y$\r\n\r\n```\r\n$z$\r\n```\r\n');
    assert.deepEqual(
      r.regions.map((g) => [g.start, g.text]),
      [
        [2, 'x'],
        [9, 'y'],
      ],
    );
  });
});

describe('markdown: the seed files', () => {
  test('seed-question.md has two $$ display regions', () => {
    const src = fixture('seed-question.md');
    const r = scanMarkdown(src);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.regions.map((g) => g.delimiter),
      ['double-dollar', 'double-dollar'],
    );
    assert.ok(r.regions[0].text.startsWith(' \\frac{\\partial}{\\partial\\mathbf{X}} \\sum_{i,j}'));
    assert.equal(
      r.regions[1].text,
      ' \\mathbf{K} \\leftarrow \\sum_j \\mathbf{C}^T \\otimes \\mathbf{B}^T ',
    );
    for (const g of r.regions)
      assert.equal(src.slice(g.contentStart, g.contentStart + g.text.length), g.text);
  });

  test('seed-answer.md: the macro line, six inline regions and three $$ blocks', () => {
    const src = fixture('seed-answer.md');
    const r = scanMarkdown(src);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.regions.map((g) => g.delimiter),
      [
        'dollar',
        'dollar',
        'dollar',
        'double-dollar',
        'dollar',
        'double-dollar',
        'dollar',
        'dollar',
        'double-dollar',
        'dollar',
      ],
    );
    const inline = r.regions.filter((g) => g.delimiter === 'dollar').map((g) => g.text);
    assert.ok(inline[0].startsWith(' \\def\\o{{\\tt1}}\\def\\p{\\partial}'));
    assert.ok(inline[0].endsWith('\\def\\grad#1#2{\\frac{\\p #1}{\\p #2}} '));
    assert.deepEqual(inline.slice(1), ['\\phi', 'X', '(:)', '(\\oslash)', '(\\odot)', 'X\\,']);
    assert.equal(r.regions[0].start, 46);
    for (const g of r.regions.filter((x) => x.delimiter === 'double-dollar')) {
      assert.ok(g.text.startsWith('\\eqalign{\n'));
      assert.ok(g.text.endsWith('\\\\\n}'));
    }
    for (const g of r.regions)
      assert.equal(src.slice(g.contentStart, g.contentStart + g.text.length), g.text);
    // "… the $X$ matrix": region 2 is followed by the prose " matrix.\n\n".
    assert.equal(r.prose[r.regions[2].proseAfter!].text, ' matrix.\n\n');
  });
});

describe('latex', () => {
  test('align* environment, and a $x$ inside a % comment is skipped', () => {
    const src = '\\begin{align*} a &= b \\\\ &= c \\end{align*} % $x$\ntext';
    const r = scanLatex(src);
    assert.deepEqual(r.regions.map(brief), [
      {
        delimiter: 'environment',
        display: true,
        start: 0,
        end: 42,
        contentStart: 0,
        text: '\\begin{align*} a &= b \\\\ &= c \\end{align*}',
        environment: 'align*',
      },
    ]);
    assert.deepEqual(texts(r.prose), [' \ntext']);
    assert.deepEqual(Array.from(r.prose[0].sourceOffsets!), [42, 48, 49, 50, 51, 52, 53]);
    assert.deepEqual(r.preamble, r.prose);
    assert.deepEqual(r.problems, []);
  });

  test('all four delimiters', () => {
    const r = scanLatex('\\[ a \\] \\( b \\) $$ c $$ $d$');
    assert.deepEqual(
      r.regions.map((g) => [g.delimiter, g.display, g.start, g.end, g.text]),
      [
        ['bracket', true, 0, 7, ' a '],
        ['paren', false, 8, 15, ' b '],
        ['double-dollar', true, 16, 23, ' c '],
        ['dollar', false, 24, 27, 'd'],
      ],
    );
  });

  test('% gradlens: directives, \\% is a literal percent', () => {
    const src = '% gradlens: assume A: m x n\n$x$ 100\\% sure $y$';
    const r = scanLatex(src);
    assert.deepEqual(
      r.directives.map((d) => [d.contentStart, d.text]),
      [[11, ' assume A: m x n']],
    );
    assert.deepEqual(
      r.regions.map((g) => [g.start, g.text]),
      [
        [28, 'x'],
        [43, 'y'],
      ],
    );
    assert.deepEqual(texts(r.prose), ['\n', ' 100\\% sure ']);
  });

  test('directives in comments inside math', () => {
    const r = scanLatex('x \\begin{equation}\n a % gradlens: skip\n\\end{equation}');
    assert.deepEqual(
      r.directives.map((d) => [d.contentStart, d.text]),
      [[33, ' skip']],
    );
    assert.equal(r.regions.length, 1);
  });

  test('\\verb and verbatim environments are skipped', () => {
    const r = scanLatex('\\verb|$x$| \\begin{verbatim}\n$y$\n\\end{verbatim} $z$ \\lstinline{$w$}');
    assert.deepEqual(
      r.regions.map((g) => [g.start, g.text]),
      [[47, 'z']],
    );
  });

  test('nested aligned inside equation is one region', () => {
    const src = '\\begin{equation}\\begin{aligned} a \\end{aligned}\\end{equation}';
    const r = scanLatex(src);
    assert.deepEqual(
      r.regions.map((g) => [g.environment, g.start, g.end]),
      [['equation', 0, 61]],
    );
    assert.equal(r.regions[0].text, src);
  });

  test('\\begin{math} is inline', () => {
    assert.deepEqual(scanLatex('a \\begin{math}x\\end{math} b').regions.map(brief), [
      {
        delimiter: 'environment',
        display: false,
        start: 2,
        end: 25,
        contentStart: 2,
        text: '\\begin{math}x\\end{math}',
        environment: 'math',
      },
    ]);
  });

  test('\\eqalign{…} outside math is a region; inside $$ it is part of the $$ region', () => {
    assert.deepEqual(scanLatex('x \\eqalign{a &= {b} \\cr}').regions.map(brief), [
      {
        delimiter: 'environment',
        display: true,
        start: 2,
        end: 24,
        contentStart: 2,
        text: '\\eqalign{a &= {b} \\cr}',
        environment: 'eqalign',
      },
    ]);
    assert.deepEqual(
      scanLatex('$$\\eqalign{a &= b \\cr}$$').regions.map((g) => g.delimiter),
      ['double-dollar'],
    );
  });

  test('macro definitions are preamble, not math', () => {
    const src = '\\newcommand{\\half}{$\\frac12$}\n\\def\\LR#1{\\left(#1\\right)} $x$';
    const r = scanLatex(src);
    assert.deepEqual(
      r.regions.map((g) => [g.start, g.text]),
      [[57, 'x']],
    );
    assert.deepEqual(texts(r.preamble), [
      '\\newcommand{\\half}{$\\frac12$}\n\\def\\LR#1{\\left(#1\\right)} ',
    ]);
  });

  test('unclosed $ before a blank line is a problem; scanning goes on', () => {
    const r = scanLatex('$unclosed\n\n$x$ \\begin{align} a');
    assert.deepEqual(
      r.regions.map((g) => [g.start, g.text]),
      [[11, 'x']],
    );
    assert.deepEqual(r.problems, [
      { start: 0, end: 1, message: 'unclosed $' },
      { start: 15, end: 28, message: 'unclosed \\begin{align}' },
    ]);
  });

  test('a commented-out \\end does not close the environment', () => {
    const src = '\\begin{align} a % \\end{align}\n\\end{align}';
    assert.deepEqual(
      scanLatex(src).regions.map((g) => [g.start, g.end]),
      [[0, 41]],
    );
  });

  test('$ inside \\text{…} nests', () => {
    assert.deepEqual(
      scanLatex('$a \\text{ if $x>0$ } b$').regions.map((g) => g.text),
      ['a \\text{ if $x>0$ } b'],
    );
  });
});

describe('notebook', () => {
  test('"$\\\\frac{a}{b}$" in a markdown cell maps to the raw characters', () => {
    const raw = '{"cells": [{"cell_type": "markdown", "source": ["Let ", "$\\\\frac{a}{b}$"]}]}';
    const r = scanNotebook(raw);
    assert.deepEqual(r.problems, []);
    assert.equal(r.regions.length, 1);
    const [g] = r.regions;
    assert.equal(g.text, '\\frac{a}{b}');
    assert.equal(g.delimiter, 'dollar');
    assert.deepEqual([g.start, g.end, g.contentStart], [57, 71, 58]);
    assert.deepEqual(
      Array.from(g.sourceOffsets!),
      [58, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70],
    );
    assert.equal(raw.slice(58, 60), '\\\\');
    assert.equal(raw[g.start], '$');
    assert.equal(raw[g.end - 1], '$');
    // The prose "Let " sits in the first string of the source array; its end entry is the
    // raw offset just after its last character (the closing quote of that string).
    assert.deepEqual(texts(r.prose), ['Let ']);
    assert.deepEqual(Array.from(r.prose[0].sourceOffsets!), [49, 50, 51, 52, 53]);
    assert.equal(g.proseBefore, 0);
  });

  test('string source, \\r\\n, \\u escapes; code cells ignored', () => {
    const raw =
      '{\r\n "cells": [\r\n  {"cell_type": "code", "source": ["$y$"]},\r\n' +
      '  {"cell_type": "markdown", "source": "caf\\u00e9 $x$\\n$$\\n\\\\alpha\\n$$"}\r\n ]\r\n}';
    const r = scanNotebook(raw);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.regions.map((g) => [g.delimiter, g.text]),
      [
        ['dollar', 'x'],
        ['double-dollar', '\n\\alpha\n'],
      ],
    );
    const x = raw.indexOf('$x$');
    assert.deepEqual(
      [r.regions[0].start, r.regions[0].end, r.regions[0].contentStart],
      [x, x + 3, x + 1],
    );
    const dd = r.regions[1];
    assert.equal(raw.slice(dd.start, dd.end), '$$\\n\\\\alpha\\n$$');
    assert.deepEqual(
      Array.from(dd.sourceOffsets!).map((o) => o - dd.start),
      [2, 4, 6, 7, 8, 9, 10, 11, 13],
    );
    assert.equal(r.prose[0].text, 'café ');
  });

  test('cells are scanned separately; prose indices continue across cells', () => {
    const raw = JSON.stringify({
      cells: [
        { cell_type: 'markdown', source: ['$A$ is $m\\times n$'] },
        { cell_type: 'markdown', source: 'so $B$' },
      ],
    });
    const r = scanNotebook(raw);
    assert.deepEqual(
      r.regions.map((g) => g.text),
      ['A', 'm\\times n', 'B'],
    );
    assert.deepEqual(texts(r.prose), [' is ', 'so ']);
    assert.deepEqual(
      r.regions.map((g) => [g.proseBefore, g.proseAfter]),
      [
        [undefined, 0],
        [0, undefined],
        [1, undefined],
      ],
    );
  });

  test('directives and unclosed $$ map into the raw file', () => {
    const raw = JSON.stringify({
      cells: [{ cell_type: 'markdown', source: '<!-- gradlens: x -->\n$$ open' }],
    });
    const r = scanNotebook(raw);
    assert.deepEqual(
      r.directives.map((d) => d.text),
      [' x '],
    );
    assert.equal(r.directives[0].contentStart, raw.indexOf(' x -->'));
    const opener = raw.indexOf('$$');
    assert.deepEqual(r.problems, [{ start: opener, end: opener + 2, message: 'unclosed $$' }]);
  });

  test('invalid JSON is one problem at offset 0', () => {
    const r = scanNotebook('{"cells": [');
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].start, 0);
    assert.match(r.problems[0].message, /^not a valid notebook: /);
    assert.deepEqual(r.regions, []);
    assert.match(scanNotebook('[1, 2]').problems[0].message, /^not a valid notebook: /);
  });
});

describe('scanDocument', () => {
  test('dispatches on the language', () => {
    assert.deepEqual(scanDocument('$5 and $6', 'markdown').regions, []);
    assert.deepEqual(
      scanDocument('$5 and $6', 'latex').regions.map((g) => g.text),
      ['5 and '],
    );
    const nb = JSON.stringify({ cells: [{ cell_type: 'markdown', source: ['$x$'] }] });
    assert.deepEqual(
      scanDocument(nb, 'notebook').regions.map((g) => g.text),
      ['x'],
    );
  });
});

// ---- properties ---------------------------------------------------------------------

/** Strings built from the pieces that matter to the scanners. */
const tricky = fc
  .array(
    fc.constantFrom(
      '$',
      '$$',
      '\\$',
      '\\',
      '`',
      '```',
      '~~~',
      '```math\n',
      '{',
      '}',
      '[',
      ']',
      '(',
      ')',
      '\\[',
      '\\]',
      '\\(',
      '\\)',
      'a',
      'x',
      '5',
      ' ',
      '  ',
      '    ',
      '\n',
      '\r\n',
      '\n\n',
      '%',
      '\\%',
      '<',
      '>',
      '> ',
      '<!--',
      '-->',
      '<div>',
      '- ',
      '\\begin{align}',
      '\\end{align}',
      '\\begin{verbatim}',
      '\\end{verbatim}',
      '\\text{',
      '\\eqalign{',
      '\\verb|',
      '|',
      '\\newcommand{',
      '\\def',
      '\u0000',
      'gradlens:',
      'é',
      '\ud83d',
      '\ude00',
      '"',
      '---\n',
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), tricky);

function checkInvariants(source: string, r: ScanResult) {
  let last = -1;
  for (const g of r.regions) {
    assert.ok(g.start >= last, 'regions are ordered and do not overlap');
    assert.ok(g.start <= g.contentStart && g.contentStart <= g.end && g.end <= source.length);
    last = g.end;
    if (g.sourceOffsets) {
      assert.equal(g.sourceOffsets.length, g.text.length + 1);
      assertMapsBack(source, g);
    } else {
      assert.equal(source.slice(g.contentStart, g.contentStart + g.text.length), g.text);
    }
  }
  for (const seg of [...r.prose, ...r.directives, ...r.preamble]) {
    if (seg.sourceOffsets) assert.equal(seg.sourceOffsets.length, seg.text.length + 1);
    assertMapsBack(source, seg);
  }
  // Prose never overlaps math.
  for (const p of r.prose) {
    for (let i = 0; i < p.text.length; i++) {
      const o = sourceOffset(p, i);
      for (const g of r.regions) assert.ok(o < g.start || o >= g.end, 'prose outside regions');
    }
  }
  for (const g of r.regions) {
    if (g.proseBefore !== undefined)
      assert.ok(g.proseBefore >= 0 && g.proseBefore < r.prose.length);
    if (g.proseAfter !== undefined) assert.ok(g.proseAfter >= 0 && g.proseAfter < r.prose.length);
  }
}

/** The JSON-decoded character whose escape (or plain char) starts at raw[o]. */
function decodeAt(raw: string, o: number): string {
  if (raw[o] !== '\\') return raw[o];
  const len = raw[o + 1] === 'u' ? 6 : 2;
  return JSON.parse(`"${raw.slice(o, o + len)}"`) as string;
}

describe('properties', () => {
  test('the scanners never throw, on anything, in any language', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        scanMarkdown(s);
        scanLatex(s);
        scanNotebook(s);
        for (const lang of ['markdown', 'latex', 'notebook'] as const) {
          assert.doesNotThrow(() => scanDocument(s, lang));
          assert.equal(
            scanDocument(s, lang).problems.every((p) => !p.message.startsWith('scanner failure')),
            true,
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  test('markdown and latex: region text is the source between the offsets', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        checkInvariants(s, scanMarkdown(s));
        checkInvariants(s, scanLatex(s));
      }),
      { numRuns: 500 },
    );
  });

  test('notebooks: every mapped offset decodes to the text character', () => {
    const cell = fc.record({
      cell_type: fc.constantFrom('markdown', 'markdown', 'code', 'raw'),
      source: fc.oneof(tricky, fc.array(tricky, { maxLength: 4 })),
    });
    fc.assert(
      fc.property(
        fc.array(cell, { maxLength: 4 }),
        fc.constantFrom(0, 1, '\t'),
        fc.boolean(),
        (cells, indent, crlf) => {
          let raw = JSON.stringify(
            { cells, metadata: { note: '$not$ a cell' }, nbformat: 4 },
            null,
            indent,
          );
          if (crlf) raw = raw.replace(/\n/g, '\r\n');
          const r = scanNotebook(raw);
          assert.deepEqual(
            r.problems.filter((p) => !/^unclosed /.test(p.message)),
            [],
          );
          for (const seg of [...r.regions, ...r.prose, ...r.directives]) {
            assert.ok(seg.sourceOffsets);
            for (let i = 0; i < seg.text.length; i++) {
              assert.equal(decodeAt(raw, seg.sourceOffsets[i]), seg.text[i]);
            }
          }
          // Same regions as scanning each markdown cell's text directly.
          const expected = cells
            .filter((c) => c.cell_type === 'markdown')
            .flatMap(
              (c) => scanMarkdown(Array.isArray(c.source) ? c.source.join('') : c.source).regions,
            )
            .map((g) => g.text);
          assert.deepEqual(
            r.regions.map((g) => g.text),
            expected,
          );
          for (const g of r.regions) {
            assert.equal(raw.slice(g.start, g.end).length > 0, true);
            assert.ok(g.start <= g.contentStart && g.contentStart <= g.end);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

// Scanning speed is measured in `npm run bench`; here only that large and pathological inputs
// are scanned to the right answer and never hang (the timeout is a guard, not a speed claim).
describe('large and pathological inputs', { timeout: 30_000 }, () => {
  test('5,000 lines with 1,000 regions: every region found', () => {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) {
      lines.push(
        i % 5 === 0
          ? `Let $A_{${i}} \\in \\mathbb{R}^{m\\times n}$ and \`code\`.`
          : 'Plain prose, a line of it.',
      );
    }
    const doc = lines.join('\n');
    assert.equal(scanMarkdown(doc).regions.length, 1000);
    assert.equal(scanLatex(doc).regions.length, 1000);
  });

  test('pathological inputs finish with at most one region per delimiter', () => {
    const inputs = [
      '$a '.repeat(50000),
      '$'.repeat(100001),
      'x $$ '.repeat(20000),
      '\\begin{align} '.repeat(20000),
      '`'.repeat(1) + ' ``'.repeat(30000),
      '$\\text{'.repeat(20000),
      '<!-- '.repeat(30000),
      'a <!-- \n'.repeat(30000),
      '\\verb'.repeat(30000),
      '\\[ \\( '.repeat(30000),
      '<a b="c" d e f g h i j k\n'.repeat(10000),
    ];
    for (const s of inputs) {
      for (const scan of [scanMarkdown, scanLatex]) {
        const { regions } = scan(s);
        assert.ok(
          regions.length <= s.length / 2,
          `${scan.name} on ${JSON.stringify(s.slice(0, 20))}…: ${regions.length} regions`,
        );
        for (const r of regions) assert.ok(r.start >= 0 && r.end <= s.length && r.start <= r.end);
      }
    }
  });
});

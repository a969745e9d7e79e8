// Silencing comments (core/silence.ts), as the CLI, the worker and the editor all see them:
// disable-next-line (a line, or the whole math region starting on it), disable … enable,
// disable-file, in Markdown, LaTeX and notebooks (raw .ipynb, and cells read as one text).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/core/analyze';
import { LineIndex, type DocumentLanguage, type Section } from '../../src/core/document';
import { summarize, type Finding } from '../../src/core/report';
import { scanDocument } from '../../src/core/scan';
import { isSilenced, markSuppressed, silencingOf, unsuppressed } from '../../src/core/silence';

// A wrong sign: a mismatch wherever it is written, and nothing else is wrong with it.
const WRONG = String.raw`\nabla_{\mathbf{x}} \mathbf{a}^T \mathbf{x} = -\mathbf{a}`;
const RIGHT = String.raw`\nabla_{\mathbf{x}} \mathbf{a}^T \mathbf{x} = \mathbf{a}`;
const DECLARE = String.raw`Let $\mathbf{a}, \mathbf{x} \in \mathbb{R}^n$.`;

function findings(text: string, language: DocumentLanguage, sections?: Section[]): Finding[] {
  return analyzeDocument(
    { uri: `mem://silence.${language}`, version: 1, language, text },
    sections ? { sections } : {},
  ).findings;
}

/** The lines (0-based) of the mismatches, and whether each is suppressed. */
function mismatches(text: string, language: DocumentLanguage, sections?: Section[]) {
  return findings(text, language, sections)
    .filter((f) => f.verdict === 'mismatch')
    .map((f) => `${f.range.start.line}${f.suppressed ? ' suppressed' : ''}`);
}

describe('Markdown', () => {
  test('the unsilenced note has the mismatches the tests below silence', () => {
    const text = [DECLARE, '', `$${WRONG}$`, '', `$${WRONG}$`].join('\n');
    assert.deepEqual(mismatches(text, 'markdown'), ['2', '4']);
  });

  test('disable-next-line silences the next line only', () => {
    const text = [
      DECLARE,
      '',
      '<!-- gradlens-disable-next-line -->',
      `$${WRONG}$ and again $${WRONG}$`,
      '',
      `$${WRONG}$`,
    ].join('\n');
    assert.deepEqual(mismatches(text, 'markdown'), ['3 suppressed', '3 suppressed', '5']);
  });

  test('disable-next-line above a multi-line $$ display silences the whole region', () => {
    const text = [
      DECLARE,
      '',
      '<!-- gradlens-disable-next-line -->',
      '$$',
      String.raw`\nabla_{\mathbf{x}} \mathbf{a}^T \mathbf{x}`,
      String.raw`= -\mathbf{a}`,
      String.raw`= 2\mathbf{a}`,
      '$$',
      '',
      `$${WRONG}$`,
    ].join('\n');
    const got = mismatches(text, 'markdown');
    assert.ok(got.length >= 3, `three mismatches: ${got}`);
    assert.deepEqual(
      got.slice(0, -1),
      got.slice(0, -1).map((m) => m.replace(/ .*/, '') + ' suppressed'),
    );
    assert.ok(
      got.slice(0, -1).some((m) => m.startsWith('6')),
      'a step two lines below is silenced',
    );
    assert.equal(got[got.length - 1], '9');
  });

  test('disable-next-line is strict: a blank line in between silences nothing', () => {
    const text = [DECLARE, '', '<!-- gradlens-disable-next-line -->', '', `$${WRONG}$`].join('\n');
    assert.deepEqual(mismatches(text, 'markdown'), ['4']);
  });

  test('an inline comment at the end of a line silences the line after it; a reason may follow', () => {
    const text = [
      DECLARE,
      '',
      `So <!-- gradlens-disable-next-line -- this one is a typo we keep -->`,
      `$${WRONG}$`,
    ].join('\n');
    assert.deepEqual(mismatches(text, 'markdown'), ['3 suppressed']);
    const glued = text.replace('-next-line --', '-next-lines');
    assert.deepEqual(mismatches(glued, 'markdown'), ['3'], 'the word must end there');
  });

  test('disable … enable, and a disable without an enable runs to the end', () => {
    const text = [
      DECLARE,
      `$${WRONG}$`,
      '',
      '<!-- gradlens-disable -->',
      `$${WRONG}$`,
      '',
      `Prose, then $${WRONG}$.`,
      '<!-- GradLens-Enable -->',
      `$${WRONG}$`,
      '',
      '<!-- gradlens-disable -->',
      '',
      `$${WRONG}$`,
    ].join('\n');
    assert.deepEqual(mismatches(text, 'markdown'), [
      '1',
      '4 suppressed',
      '6 suppressed',
      '8',
      '12 suppressed',
    ]);
  });

  test('disable-file anywhere silences every finding, and they are all still there', () => {
    const plain = [DECLARE, '', `$${WRONG}$`, '', `$${RIGHT}$`].join('\n');
    const off = plain + '\n\n<!-- gradlens-disable-file -->\n';
    const before = findings(plain, 'markdown');
    const after = findings(off, 'markdown');
    assert.equal(after.length, before.length);
    assert.ok(after.every((f) => f.suppressed === true));
    assert.deepEqual(
      after.map((f) => f.verdict),
      before.map((f) => f.verdict),
    );
    assert.ok(
      before.every((f) => !('suppressed' in f)),
      'no flag when not silenced',
    );
  });

  test('comments inside code are not silencing comments', () => {
    const text = [
      DECLARE,
      '',
      '```html',
      '<!-- gradlens-disable-file -->',
      '```',
      '`<!-- gradlens-disable-next-line -->`',
      `$${WRONG}$`,
    ].join('\n');
    assert.deepEqual(mismatches(text, 'markdown'), ['6']);
    assert.deepEqual(scanDocument(text, 'markdown').silencing, []);
  });

  test('an unclosed comment and a misspelt word silence nothing', () => {
    const text = [
      DECLARE,
      '<!-- gradlens-disabled -->',
      `$${WRONG}$`,
      '<!-- gradlens-disable',
    ].join('\n');
    assert.deepEqual(mismatches(text, 'markdown'), ['2']);
  });
});

describe('LaTeX', () => {
  const preamble = String.raw`Let $\mathbf{a}, \mathbf{x} \in \mathbb{R}^n$.`;

  test('% gradlens-disable-next-line above an align silences all of it', () => {
    const text = [
      preamble,
      '% gradlens-disable-next-line',
      String.raw`\begin{align}`,
      String.raw`\nabla_{\mathbf{x}} \mathbf{a}^T \mathbf{x} &= -\mathbf{a} \\`,
      String.raw`\nabla_{\mathbf{x}} \mathbf{a}^T \mathbf{x} &= 2\mathbf{a}`,
      String.raw`\end{align}`,
      `$${WRONG}$`,
    ].join('\n');
    assert.deepEqual(mismatches(text, 'latex'), ['3 suppressed', '4 suppressed', '6']);
  });

  test('% gradlens-disable-next-line inside an align silences the line after it only', () => {
    const text = [
      preamble,
      String.raw`\begin{align}`,
      String.raw`\nabla_{\mathbf{x}} \mathbf{a}^T \mathbf{x} &= -\mathbf{a} \\`,
      '  %gradlens-disable-next-line  (a factor 2 on purpose)',
      String.raw`\nabla_{\mathbf{x}} \mathbf{a}^T \mathbf{x} &= 2\mathbf{a}`,
      String.raw`\end{align}`,
    ].join('\n');
    assert.deepEqual(mismatches(text, 'latex'), ['2', '4 suppressed']);
  });

  test('% gradlens-disable … % gradlens-enable, %% and disable-file', () => {
    const text = [
      preamble,
      '%% gradlens-disable',
      `$${WRONG}$`,
      '% gradlens-enable',
      `$${WRONG}$`,
      String.raw`\% gradlens-disable-file is text, not a comment`,
      `$${WRONG}$`,
    ].join('\n');
    assert.deepEqual(mismatches(text, 'latex'), ['2 suppressed', '4', '6']);
    assert.deepEqual(mismatches(text + '\n% gradlens-disable-file', 'latex'), [
      '2 suppressed',
      '4 suppressed',
      '6 suppressed',
    ]);
  });
});

describe('notebooks', () => {
  const notebook = (cells: string[][]) =>
    JSON.stringify(
      {
        cells: cells.map((source) => ({ cell_type: 'markdown', metadata: {}, source })),
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    );

  test('.ipynb: next-line within a cell, a disable stops at the end of its cell', () => {
    const text = notebook([
      [`${DECLARE}\n`, '<!-- gradlens-disable-next-line -->\n', `$${WRONG}$\n`, '\n', `$${WRONG}$`],
      ['<!-- gradlens-disable -->\n', `$${WRONG}$`],
      [`$${WRONG}$`],
    ]);
    const got = findings(text, 'notebook').filter((f) => f.verdict === 'mismatch');
    assert.deepEqual(
      got.map((f) => Boolean(f.suppressed)),
      [true, false, true, false],
    );
  });

  test('.ipynb: a cell source that is one string (next line inside the JSON string)', () => {
    const text = notebook([
      [`${DECLARE}\n<!-- gradlens-disable-next-line -->\n$${WRONG}$\n\n$${WRONG}$`],
    ]);
    assert.equal(text.split('\n').filter((l) => l.includes('nabla')).length, 1, 'one raw line');
    const got = findings(text, 'notebook').filter((f) => f.verdict === 'mismatch');
    assert.deepEqual(
      got.map((f) => Boolean(f.suppressed)),
      [true, false],
    );
  });

  test('.ipynb: disable-file in any cell turns the whole notebook off', () => {
    const text = notebook([[`${DECLARE}\n`, `$${WRONG}$`], ['<!-- gradlens-disable-file -->']]);
    const got = findings(text, 'notebook');
    assert.ok(got.length > 0 && got.every((f) => f.suppressed));
  });

  test('cells read as one text (the editor): a disable stops at the next section', () => {
    // joinCells: cells separated by one blank line; sections name their first lines.
    const text = [DECLARE, '<!-- gradlens-disable -->', `$${WRONG}$`, '', `$${WRONG}$`].join('\n');
    const sections = [
      { line: 0, name: 'cell 1' },
      { line: 4, name: 'cell 2' },
    ];
    assert.deepEqual(mismatches(text, 'markdown', sections), ['2 suppressed', '4']);
    assert.deepEqual(mismatches(text, 'markdown'), ['2 suppressed', '4 suppressed']);
  });
});

describe('the range logic', () => {
  const scan = (
    silencing: ReturnType<typeof scanDocument>['silencing'],
    regions: { start: number; end: number }[] = [],
  ) => ({ silencing, regions: regions as ReturnType<typeof scanDocument>['regions'] });

  test('spans are half-open, a second disable changes nothing, enable without disable is harmless', () => {
    const s = silencingOf(
      scan([
        { kind: 'enable', start: 0, end: 5 },
        { kind: 'disable', start: 10, end: 20 },
        { kind: 'disable', start: 30, end: 40 },
        { kind: 'enable', start: 50, end: 60 },
      ]),
      100,
    );
    assert.deepEqual(s, { file: false, spans: [{ start: 20, end: 50 }] });
    assert.equal(isSilenced(s, 19), false);
    assert.equal(isSilenced(s, 20), true);
    assert.equal(isSilenced(s, 49), true);
    assert.equal(isSilenced(s, 50), false);
  });

  test('an open disable runs past the last offset; boundaries close it', () => {
    const open = silencingOf(scan([{ kind: 'disable', start: 0, end: 10 }]), 100);
    assert.equal(isSilenced(open, 100), true);
    const cut = silencingOf(scan([{ kind: 'disable', start: 0, end: 10 }]), 100, [40]);
    assert.deepEqual(cut.spans, [{ start: 10, end: 40 }]);
  });

  test('next-line: the line with its end, plus regions starting on it (not ones starting later)', () => {
    const s = silencingOf(
      scan(
        [{ kind: 'disable-next-line', start: 0, end: 10, next: { start: 11, end: 20 } }],
        [
          { start: 15, end: 90 },
          { start: 21, end: 95 },
        ],
      ),
      100,
    );
    assert.deepEqual(s.spans, [
      { start: 11, end: 21 },
      { start: 15, end: 90 },
    ]);
    assert.equal(isSilenced(s, 20), true);
    assert.equal(isSilenced(s, 89), true);
    assert.equal(isSilenced(s, 90), false);
  });

  test('markSuppressed clears a stale flag and keeps unchanged findings as they are', () => {
    const text = `${DECLARE}\n<!-- gradlens-disable-next-line -->\n$${WRONG}$\n\n$${WRONG}$\n`;
    const all = findings(text, 'markdown');
    // The same findings against a text without the comment (lines as before: a blank comment).
    const without = text.replace('gradlens-disable-next-line', 'a plain remark');
    const read = {
      scan: scanDocument(without, 'markdown'),
      lines: new LineIndex(without),
      document: { text: without },
    };
    const marked = markSuppressed(all, read);
    assert.ok(marked.every((f) => !f.suppressed));
    const kept = all.filter((f) => !f.suppressed);
    assert.ok(
      kept.every((f) => marked.includes(f)),
      'unchanged findings are the same objects',
    );
    assert.deepEqual(unsuppressed(all).length, all.length - all.filter((f) => f.suppressed).length);
  });

  test('the summary counts what is shown and how many were suppressed', () => {
    const text = `${DECLARE}\n<!-- gradlens-disable-next-line -->\n$${WRONG}$\n\n$${WRONG}$\n`;
    const summary = summarize([{ path: 'x.md', findings: findings(text, 'markdown') }]);
    assert.equal(summary.mismatch, 1);
    assert.equal(summary.suppressed, 1);
    const none = summarize([
      { path: 'x.md', findings: findings(text.replace(/<!--.*-->/, ''), 'markdown') },
    ]);
    assert.equal(none.suppressed, undefined);
  });
});

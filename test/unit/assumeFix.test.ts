// The "assume it" quick fix, pure part: the directive line it inserts reads back through
// GradLens's own directive reader as the same symbol and property, sits above the claim's
// math region with its indentation, and turns the claim's verdict from mismatch to ok.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../src/core/analyze';
import { parseDirective } from '../../src/core/claims/declarations';
import type { DocumentLanguage } from '../../src/core/document';
import { PROPERTY_NAMES, type Property } from '../../src/core/facts/kinds';
import { symbolsFromLatex } from '../../src/core/read';
import type { Finding } from '../../src/core/report';
import { scanDocument } from '../../src/core/scan';
import { applyAssumeFix, assumeFix, directiveText } from '../../src/extension/assumeFix';

function analyze(text: string, language: DocumentLanguage) {
  return analyzeDocument({ uri: `mem://fix.${language}`, version: 1, language, text });
}

function gradient(text: string, language: DocumentLanguage): Finding {
  const found = analyze(text, language).findings.find((f) => f.kind === 'gradient');
  assert.ok(found, 'a gradient claim');
  return found;
}

/** What the directives of `text` declare: symbol name → properties. */
function directivesOf(text: string, language: DocumentLanguage): Map<string, Property[]> {
  const out = new Map<string, Property[]>();
  for (const segment of scanDocument(text, language).directives) {
    const { entries, problems } = parseDirective(segment.text);
    assert.deepEqual(problems, []);
    for (const entry of entries) {
      const symbols = symbolsFromLatex(entry.symbol);
      assert.equal(symbols?.length, 1, `'${entry.symbol}' reads as one symbol`);
      out.set(symbols![0].name, entry.properties ?? []);
    }
  }
  return out;
}

/** A claim that holds only for a symmetric matrix written `m`, around vector `v`. */
function markdownNote(m: string, v: string): string {
  return [
    `Let $${m} \\in \\mathbb{R}^{n\\times n}$ and $${v} \\in \\mathbb{R}^n$.`,
    '',
    `$$\\nabla_{${v}}\\, ${v}^T ${m} ${v} = 2${m}${v}$$`,
    '',
  ].join('\n');
}

function latexNote(m: string, v: string): string {
  return [
    '\\documentclass{article}',
    '\\begin{document}',
    `Let $${m} \\in \\mathbb{R}^{n\\times n}$ and $${v} \\in \\mathbb{R}^n$.`,
    '\\begin{equation}',
    `  \\nabla_{${v}}\\, ${v}^T ${m} ${v} = 2${m}${v}`,
    '\\end{equation}',
    '\\end{document}',
    '',
  ].join('\n');
}

const CASES: { m: string; v: string }[] = [
  { m: 'A', v: '\\mathbf x' },
  { m: '\\Sigma', v: '\\mathbf{x}' },
  { m: '\\mathbf{M}', v: '\\mathbf{x}' },
  { m: 'W_1', v: '\\mathbf{x}' },
  { m: '\\Sigma_1', v: 'x' },
  { m: '\\hat{A}', v: '\\mathbf{x}' },
];

for (const language of ['markdown', 'latex'] as const) {
  describe(`assume it, ${language}`, () => {
    for (const { m, v } of CASES) {
      test(`${m}: the directive round-trips and the claim then holds`, () => {
        const text = language === 'latex' ? latexNote(m, v) : markdownNote(m, v);
        const before = gradient(text, language);
        assert.equal(before.verdict, 'mismatch');
        assert.ok(before.assumption, 'the finding carries its assumption');
        assert.equal(before.assumption.property, 'symmetric');
        const name = before.assumption.symbol;
        assert.equal(symbolsFromLatex(m)?.[0].name, name, 'the assumption names the matrix');

        const fix = assumeFix(text, language, before);
        assert.ok(fix, 'a fix is offered');
        assert.equal(directivesOf(text, language).size, 0);
        const edited = applyAssumeFix(text, fix);
        assert.deepEqual([...directivesOf(edited, language)], [[name, ['symmetric']]]);

        // The directive sits directly above the line where the math region starts.
        const lines = edited.split('\n');
        const claimLine = language === 'latex' ? '\\begin{equation}' : '$$';
        assert.ok(lines[fix.line + 1].startsWith(claimLine), lines[fix.line + 1]);
        assert.deepEqual(lines.slice(0, fix.line), text.split('\n').slice(0, fix.line));

        const after = gradient(edited, language);
        assert.equal(after.verdict, 'ok', after.message);
        assert.equal(after.assumption, undefined);
      });
    }
  });
}

test('display math $$ on its own, indented: above the $$ line, same indentation', () => {
  const text = [
    'Let $A \\in \\mathbb{R}^{n\\times n}$ and $\\mathbf{x} \\in \\mathbb{R}^n$.',
    '',
    '- the quadratic form:',
    '',
    '  $$',
    '  \\nabla_{\\mathbf x}\\, \\mathbf{x}^T A \\mathbf{x} = 2A\\mathbf{x}',
    '  $$',
    '',
  ].join('\n');
  const before = gradient(text, 'markdown');
  assert.equal(before.verdict, 'mismatch');
  assert.equal(before.range.start.line, 5);
  const fix = assumeFix(text, 'markdown', before);
  assert.ok(fix);
  assert.equal(fix.line, 4);
  const inserted = applyAssumeFix(text, fix).split('\n')[4];
  assert.equal(inserted.length - inserted.trimStart().length, 2);
  assert.equal(gradient(applyAssumeFix(text, fix), 'markdown').verdict, 'ok');
});

test('CRLF documents get a CRLF directive line', () => {
  const text = markdownNote('A', '\\mathbf{x}').replace(/\n/g, '\r\n');
  const before = gradient(text, 'markdown');
  const fix = assumeFix(text, 'markdown', before);
  assert.ok(fix);
  assert.ok(fix.text.endsWith('\r\n') && !fix.text.slice(0, -2).includes('\n'));
  assert.equal(gradient(applyAssumeFix(text, fix), 'markdown').verdict, 'ok');
});

test('no assumption, or a raw notebook file: no fix', () => {
  const text = markdownNote('A', '\\mathbf{x}');
  const finding = gradient(text, 'markdown');
  assert.equal(assumeFix(text, 'markdown', { ...finding, assumption: undefined }), undefined);
  assert.equal(assumeFix(text, 'notebook', finding), undefined);
});

test('every property: the first directive word reads back as that property', () => {
  for (const property of PROPERTY_NAMES) {
    for (const symbol of ['A', '\\Sigma', 'x_{i}', 'W_{1}', '\\Sigma_{1}', '\\hat{A}']) {
      const directive = directiveText({ symbol, display: symbol, property });
      assert.ok(directive, `${symbol} ${property}`);
      const { entries, problems } = parseDirective(directive);
      assert.deepEqual(problems, []);
      assert.equal(entries.length, 1);
      assert.ok(entries[0].properties?.includes(property), `${directive} says ${property}`);
      assert.equal(symbolsFromLatex(entries[0].symbol)?.[0].name, symbol);
    }
  }
});

test('a name no directive can spell: no fix rather than a directive about another symbol', () => {
  assert.equal(
    directiveText({ symbol: 'X^{(1)}', display: 'X(1)', property: 'symmetric' }),
    undefined,
  );
});

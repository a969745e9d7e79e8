// Notes of our own, written the way the field writes them (blog posts with `$ … $`, Q&A answers,
// lecture notes, backprop notes with a loss never written out, notebooks with a likelihood).
// Each says what it expects in a comment after its math, so a note reads as its own test:
//
//   <!-- expect: ok ok mismatch:sign -->     (Markdown; `% expect: …` in LaTeX)
//
// lists, in order, the verdicts of the claims (gradients, equality steps, differentials) since
// the previous expect comment, with the diagnosis after a colon where one is expected. Nothing
// else in a note may be an error or a warning.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { languageOfPath } from '../../src/core/document';
import type { Finding } from '../../src/core/report';

const DIR = join(__dirname, '..', 'fixtures', 'notes');
const CLAIM_KINDS = new Set<Finding['kind']>(['gradient', 'equality', 'differential']);
const EXPECT = /(?:<!--|%)\s*expect:\s*([^\n]*?)\s*(?:-->|$)/gm;

interface Block {
  /** Offset of the expect comment; claims before it (and after the previous one) are its. */
  at: number;
  line: number;
  expected: string[];
}

function blocksOf(text: string): Block[] {
  return [...text.matchAll(EXPECT)].map((m) => ({
    at: m.index!,
    line: text.slice(0, m.index).split('\n').length,
    expected: m[1].split(/\s+/).filter((w) => w && w !== '-'),
  }));
}

function offsetOf(text: string, line: number, character: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset + character;
}

const seen = (f: Finding) =>
  `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.verdict}${f.diagnosis ? `:${f.diagnosis}` : ''} ${f.message}`;

const files = readdirSync(DIR)
  .filter((f) => /\.(md|tex)$/.test(f))
  .sort();

describe('notes of our own: every claim as its note expects', () => {
  test('there are notes to read', () => assert.ok(files.length > 0));
  for (const file of files) {
    test(file, () => {
      const text = readFileSync(join(DIR, file), 'utf8');
      const { findings } = analyzeDocument(
        { uri: `file:///${file}`, version: 1, language: languageOfPath(file) ?? 'markdown', text },
        { numeric: { draws: 3, seed: 1 } },
      );
      const blocks = blocksOf(text);
      assert.ok(blocks.length > 0, `${file} has no expect comment`);
      const claims = findings
        .filter((f) => CLAIM_KINDS.has(f.kind))
        .map((f) => ({ f, at: offsetOf(text, f.range.start.line, f.range.start.character) }))
        .sort((a, b) => a.at - b.at);
      let from = 0;
      for (const block of blocks) {
        const mine = claims.filter((c) => c.at >= from && c.at < block.at).map((c) => c.f);
        const got = mine.map((f) => {
          const wanted = block.expected[mine.indexOf(f)] ?? '';
          return wanted.includes(':') && f.diagnosis ? `${f.verdict}:${f.diagnosis}` : f.verdict;
        });
        assert.deepEqual(
          got,
          block.expected,
          `${file}: the claims before line ${block.line}:\n  ${mine.map(seen).join('\n  ')}`,
        );
        from = block.at;
      }
      const expectedErrors = blocks.flatMap((b) =>
        b.expected.filter((e) => /^(mismatch|shape-error)/.test(e)),
      ).length;
      // what the Problems panel shows: errors, and a mismatch under a reading GradLens chose
      const errors = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.equal(
        errors.length,
        expectedErrors,
        `${file}: errors\n  ${errors.map(seen).join('\n  ')}`,
      );
    });
  }
});

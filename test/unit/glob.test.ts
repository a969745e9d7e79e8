// Exclude globs (core/glob.ts), as gradlens.exclude and `gradlens check --exclude` read them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globToRegExp, isExcluded } from '../../src/core/glob';

const cases: [glob: string, path: string, excluded: boolean][] = [
  ['drafts', 'drafts/a.md', true], // a folder: everything in it
  ['drafts', 'notes/drafts/a.md', false], // whole relative path, not a name anywhere
  ['**/drafts', 'notes/drafts/a.md', true],
  ['**/drafts/**', 'drafts/deep/a.md', true],
  ['drafts/**', 'drafts/a.md', true],
  ['drafts/**', 'draftsman.md', false],
  ['*.md', 'a.md', true],
  ['*.md', 'notes/a.md', false], // `*` stops at `/`
  ['**/*.md', 'notes/a.md', true],
  ['**/*.md', 'a.md', true], // `**/` is also no folder
  ['**/*.draft.md', 'x/y/z.draft.md', true],
  ['**/*.draft.md', 'x/y/z.md', false],
  ['notes/*.{tex,ipynb}', 'notes/a.ipynb', true],
  ['notes/*.{tex,ipynb}', 'notes/a.md', false],
  ['ch?.md', 'ch1.md', true],
  ['ch?.md', 'ch10.md', false],
  ['ch[0-4].md', 'ch3.md', true],
  ['ch[!0-4].md', 'ch3.md', false],
  ['./scratch/', 'scratch/x.tex', true],
  ['a.b', 'axb', false], // dots are literal
  ['(x)+', '(x)+', true], // regex characters are literal
  ['**', 'anything/at/all.md', true],
];

for (const [glob, path, excluded] of cases) {
  test(`${glob} ${excluded ? 'excludes' : 'keeps'} ${path}`, () => {
    assert.equal(isExcluded(path, [glob]), excluded);
  });
}

test('no globs exclude nothing; empty globs are ignored; any glob of several suffices', () => {
  assert.equal(isExcluded('a.md', []), false);
  assert.equal(isExcluded('a.md', ['', './']), false);
  assert.equal(isExcluded('x/a.tex', ['**/*.md', 'x']), true);
});

test('Windows separators in a path are read as /', () => {
  assert.equal(isExcluded('notes\\drafts\\a.md', ['notes/drafts']), true);
});

test('a broken pattern matches nothing instead of throwing', () => {
  assert.equal(isExcluded('a.md', ['[z-a].md']), false);
  assert.ok(globToRegExp('{a,b') instanceof RegExp);
});

// The note's own macros, handed to KaTeX so the panel typesets claims written with them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import katex from 'katex';
import { readDocument } from '../../src/core/read';
import { typesetMacros } from '../../src/core/latex/typesetMacros';
import { isHostMessage } from '../../src/protocol/panel';

const read = (text: string, macros?: Record<string, string>) =>
  readDocument({ uri: 't.md', version: 1, language: 'markdown', text }, { macros });

test('\\def, \\newcommand, \\DeclareMathOperator and settings macros come out as KaTeX macros', () => {
  const note = [
    '$\\def\\grad#1#2{\\frac{\\partial #1}{\\partial #2}}$',
    '$\\newcommand{\\LR}[1]{\\left(#1\\right)}$',
    '$\\DeclareMathOperator{\\Tr}{Tr}$',
    '$\\newcommand{\\opt}[1][x]{#1^*}$',
    '$$\\grad{\\phi}{X} = -B\\LR{A}C^T + \\Tr X + \\R$$',
  ].join('\n\n');
  const macros = typesetMacros(read(note, { '\\R': '\\mathbb{R}' }).macros!);
  assert.equal(macros['\\R'], '\\mathbb{R}');
  assert.equal(macros['\\grad'], '\\frac{\\partial #1}{\\partial #2}');
  assert.equal(macros['\\LR'], '\\left(#1\\right)');
  assert.ok('\\Tr' in macros);
  assert.ok(!('\\opt' in macros), 'an optional argument is something KaTeX macros cannot say');
  // KaTeX typesets the claim with them, and not without.
  const claim = '\\grad{\\phi}{X} = -B\\LR{A}C^T + \\Tr X + \\R';
  assert.doesNotThrow(() =>
    katex.renderToString(claim, { throwOnError: true, macros: { ...macros } }),
  );
  assert.throws(() => katex.renderToString(claim, { throwOnError: true }));
});

test('a later definition of a name wins; junk names are left out', () => {
  const macros = typesetMacros(read('$\\def\\a{x}$ then $\\def\\a{y}$').macros!);
  assert.equal(macros['\\a'], 'y');
  assert.deepEqual(Object.keys(typesetMacros(read('no math').macros!)), []);
});

test('the show message carries the macros; a malformed table is refused', () => {
  const show = (macros: unknown) => ({
    type: 'show',
    document: { uri: 'file:///a.md', name: 'a.md', macros },
    claims: [],
  });
  assert.ok(isHostMessage(show({ '\\grad': '\\frac{#1}{#2}' })));
  assert.ok(isHostMessage(show(undefined)));
  assert.ok(!isHostMessage(show({ grad: 'x' })), 'a name without a backslash');
  assert.ok(!isHostMessage(show({ '\\grad': 3 })), 'a body that is not text');
});

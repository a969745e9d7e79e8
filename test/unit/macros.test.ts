import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { tokenize } from '../../src/core/latex/tokenize';
import type { Token } from '../../src/core/latex/token';
import {
  MacroTable,
  collectDefinitions,
  expandMacros,
  macrosFromOptions,
  type MacroProblem,
} from '../../src/core/latex/macros';
import { MACRO_TOKENS_PER_USE } from '../../src/core/limits';

const SEED =
  '\\def\\o{{\\tt1}}\\def\\p{\\partial} \\def\\L{\\left}\\def\\R{\\right}\\def\\LR#1{\\L(#1\\R)} ' +
  '\\def\\trace#1{\\operatorname{Tr}\\LR{#1}} \\def\\grad#1#2{\\frac{\\p #1}{\\p #2}}';

function run(
  text: string,
  options?: Record<string, string>,
  limits?: { maxDepth?: number; maxTokens?: number },
) {
  const table = new MacroTable();
  if (options) macrosFromOptions(options, table);
  const problems: MacroProblem[] = [];
  const rest = collectDefinitions(tokenize({ text, contentStart: 0 }), table, problems);
  const out = expandMacros(rest, table, problems, limits);
  return { table, problems, rest, out };
}

const texts = (tokens: Token[]) => tokens.map((t) => t.text).join(' ');

function spanOf(text: string, piece: string): [number, number] {
  const at = text.indexOf(piece);
  assert.ok(at >= 0, `${piece} not in ${text}`);
  return [at, at + piece.length];
}

void test('seed-answer macro line: definitions are removed and recorded', () => {
  const { rest, problems, table } = run(SEED);
  assert.deepEqual(rest, []);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    table.definitions().map((d) => [d.name, d.params]),
    [
      ['\\o', 0],
      ['\\p', 0],
      ['\\L', 0],
      ['\\R', 0],
      ['\\LR', 1],
      ['\\trace', 1],
      ['\\grad', 2],
    ],
  );
  const grad = table.lookup('\\grad', 10_000)!;
  assert.equal(grad.kind, 'def');
  assert.equal(SEED.slice(grad.start, grad.end), '\\def\\grad#1#2{\\frac{\\p #1}{\\p #2}}');
});

void test('\\grad{\\phi}{X}: nested expansion, use span on macro tokens, argument spans kept', () => {
  const text = SEED + ' y = \\grad{\\phi}{X} + 1';
  const { out, problems } = run(text);
  assert.deepEqual(problems, []);
  assert.equal(texts(out), 'y = \\frac { \\partial \\phi } { \\partial X } + 1');
  const [s, e] = spanOf(text, '\\grad{\\phi}{X}');
  const frac = out.find((t) => t.text === '\\frac')!;
  assert.equal(frac.start, s);
  assert.equal(frac.end, e);
  assert.equal(frac.fromMacro, '\\grad');
  const partial = out.filter((t) => t.text === '\\partial');
  assert.equal(partial.length, 2);
  for (const t of partial) {
    assert.deepEqual([t.start, t.end, t.fromMacro], [s, e, '\\grad']);
  }
  const phi = out.find((t) => t.text === '\\phi')!;
  assert.deepEqual([phi.start, phi.end], spanOf(text, '\\phi'));
  assert.ok(phi.start > s && phi.end < e);
  assert.equal(phi.fromMacro, undefined);
  const x = out.find((t) => t.text === 'X')!;
  assert.equal(text.slice(x.start, x.end), 'X');
  assert.equal(x.fromMacro, undefined);
  // Unrelated tokens untouched.
  const y = out[0];
  assert.equal(text.slice(y.start, y.end), 'y');
});

void test('\\trace{AB^T} and \\LR{x}', () => {
  const text = SEED + ' \\trace{AB^T} = \\LR{x}';
  const { out, problems } = run(text);
  assert.deepEqual(problems, []);
  assert.equal(
    texts(out),
    '\\operatorname { T r } \\left ( A B ^ T \\right ) = \\left ( x \\right )',
  );
  const [ts, te] = spanOf(text, '\\trace{AB^T}');
  assert.deepEqual([out[0].start, out[0].end], [ts, te]);
  const left = out.filter((t) => t.text === '\\left');
  assert.deepEqual([left[0].start, left[0].end, left[0].fromMacro], [ts, te, '\\trace']);
  const [ls, le] = spanOf(text, '\\LR{x}');
  assert.deepEqual([left[1].start, left[1].end, left[1].fromMacro], [ls, le, '\\LR']);
  const right = out.filter((t) => t.text === '\\right')[1];
  assert.deepEqual([right.start, right.end], [ls, le]);
  const a = out.find((t) => t.text === 'A')!;
  assert.equal(a.start, text.indexOf('AB^T'));
  const x = out.find((t) => t.text === 'x')!;
  assert.equal(x.start, text.lastIndexOf('x'));
});

void test('the seed answer document: macros in one region, uses in later regions', () => {
  const table = new MacroTable();
  const problems: MacroProblem[] = [];
  const defs = collectDefinitions(tokenize({ text: SEED, contentStart: 2 }), table, problems);
  assert.deepEqual(defs, []);
  const use = '\\phi = A:\\log\\LR{\\frac{A}{B^TXC}} \\\\ \\grad{\\phi}{X} &= \\o';
  const out = expandMacros(tokenize({ text: use, contentStart: 500 }), table, problems);
  assert.deepEqual(problems, []);
  assert.equal(
    texts(out),
    '\\phi = A : \\log \\left ( \\frac { A } { B ^ T X C } \\right ) \\\\ ' +
      '\\frac { \\partial \\phi } { \\partial X } & = { \\tt 1 }',
  );
  for (const t of out) assert.ok(t.start >= 500 && t.end <= 500 + use.length);
});

void test('\\newcommand with braces, [n], and \\left\\| … \\right\\|', () => {
  const text = '\\newcommand{\\norm}[1]{\\left\\|#1\\right\\|} \\norm{Ax-b}^2';
  const { out, problems, rest } = run(text);
  assert.deepEqual(problems, []);
  assert.equal(texts(rest), '\\norm { A x - b } ^ 2');
  assert.equal(texts(out), '\\left \\| A x - b \\right \\| ^ 2');
  const [s, e] = spanOf(text, '\\norm{Ax-b}');
  assert.deepEqual([out[0].start, out[0].end, out[0].fromMacro], [s, e, '\\norm']);
});

void test('\\newcommand\\foo[2][1]{#1+#2} with and without the optional argument', () => {
  const text = '\\newcommand\\foo[2][1]{#1+#2} \\foo{x} ; \\foo[y]{z} ; \\foo[{a]b}]c';
  const { out, problems, table } = run(text);
  assert.deepEqual(problems, []);
  const def = table.lookup('\\foo', 100)!;
  assert.equal(def.kind, 'newcommand');
  assert.equal(def.params, 2);
  assert.equal(texts(def.defaultArg!), '1');
  assert.equal(texts(out), '1 + x ; y + z ; a ] b + c');
  // The default comes from the definition: it gets the use span.
  const [s, e] = spanOf(text, '\\foo{x}');
  assert.deepEqual([out[0].start, out[0].end], [s, e]);
  // An optional argument given at the use keeps its own span.
  const y = out.find((t) => t.text === 'y')!;
  assert.equal(text.slice(y.start, y.end), 'y');
  assert.equal(y.fromMacro, undefined);
});

void test('\\newcommand* and \\providecommand', () => {
  const { out, problems } = run(
    '\\newcommand*{\\v}{\\mathbf{v}} \\providecommand{\\v}{w} \\providecommand\\q{q} \\v \\q',
  );
  assert.deepEqual(problems, []);
  assert.equal(texts(out), '\\mathbf { v } q');
});

void test('\\renewcommand overrides for later uses only; a use before any definition expands', () => {
  const text = '\\x ; \\newcommand{\\x}{a} \\x ; \\renewcommand{\\x}{b} \\x ; \\x';
  const { out, problems, table } = run(text);
  assert.deepEqual(problems, []);
  assert.equal(texts(out), 'a ; a ; b ; b');
  assert.equal(table.lookup('\\x', 0)!.kind, 'newcommand');
  assert.equal(table.lookup('\\x', text.length)!.kind, 'renewcommand');
});

void test('definitions in separate calls are ordered by position, not by call order', () => {
  const table = new MacroTable();
  const problems: MacroProblem[] = [];
  collectDefinitions(tokenize({ text: '\\def\\x{b}', contentStart: 100 }), table, problems);
  collectDefinitions(tokenize({ text: '\\def\\x{a}', contentStart: 0 }), table, problems);
  const at = (offset: number) =>
    texts(expandMacros(tokenize({ text: '\\x', contentStart: offset }), table, problems));
  assert.equal(at(50), 'a');
  assert.equal(at(200), 'b');
  assert.equal(table.definitions()[0].start, 0);
});

void test('\\DeclareMathOperator and \\DeclareMathOperator*', () => {
  const { out, problems, table } = run(
    '\\DeclareMathOperator{\\Tr}{Tr} \\DeclareMathOperator*\\argmin{arg\\,min} \\Tr(A) \\argmin_x',
  );
  assert.deepEqual(problems, []);
  assert.equal(table.lookup('\\Tr', 99)!.kind, 'DeclareMathOperator');
  assert.equal(texts(out), '\\operatorname { T r } ( A ) \\operatorname * { a r g \\, m i n } _ x');
});

void test('\\let: alias of a primitive, copy of a macro, and with =', () => {
  const { out, problems } = run('\\def\\a{A}\\let\\b\\a \\let\\L=\\left \\def\\a{Z} \\b \\L( \\a');
  assert.deepEqual(problems, []);
  assert.equal(texts(out), 'A \\left ( Z');
});

void test('\\let to a primitive keeps its old meaning after a \\renewcommand', () => {
  const { out, problems } = run(
    '\\let\\oldvec\\vec \\renewcommand{\\vec}[1]{\\oldvec{\\mathbf{#1}}} \\vec{x}',
  );
  assert.deepEqual(problems, []);
  assert.equal(texts(out), '\\vec { \\mathbf { x } }');
});

void test('\\gdef, \\edef and \\global\\long\\def are definitions too', () => {
  const { out, problems, rest } = run(
    '\\gdef\\a{1}\\edef\\b{2}\\global\\long\\def\\c#1{[#1]} \\a\\b\\c x',
  );
  assert.deepEqual(problems, []);
  assert.equal(texts(rest), '\\a \\b \\c x');
  assert.equal(texts(out), '1 2 [ x ]');
});

void test('settings macros apply everywhere and lose to document definitions', () => {
  const opts = { '\\R': '\\mathbb{R}', '\\norm': '\\left\\|#1\\right\\|', E: '\\mathbb{E}' };
  const a = run('x \\in \\R^n, \\norm{x} \\E', opts);
  assert.deepEqual(a.problems, []);
  assert.equal(texts(a.out), 'x \\in \\mathbb { R } ^ n , \\left \\| x \\right \\| \\mathbb { E }');
  assert.equal(a.table.lookup('\\norm', 0)!.params, 1);
  const [s, e] = spanOf('x \\in \\R^n', '\\R');
  assert.deepEqual([a.out[2].start, a.out[2].end, a.out[2].fromMacro], [s, e, '\\R']);
  const b = run('\\R \\def\\R{\\mathbf{R}}', opts);
  assert.equal(texts(b.out), '\\mathbf { R }');
});

void test('delimited \\def parameters', () => {
  const { out, problems } = run(
    '\\def\\pair(#1,#2){\\langle #1|#2\\rangle} \\pair({a,b},c) \\pair x',
  );
  assert.equal(texts(out).startsWith('\\langle a , b | c \\rangle'), true);
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /does not match its definition/);
  const b = run('\\def\\foo#1.{[#1]} \\foo ab. c');
  assert.deepEqual(b.problems, []);
  assert.equal(texts(b.out), '[ a b ] c');
});

void test('unsupported parameter text is reported and skipped', () => {
  const { rest, problems } = run('\\def\\foo#2{x} \\def\\bar#1#{y} z');
  assert.equal(texts(rest), 'z');
  assert.equal(problems.length, 2);
  for (const p of problems) assert.match(p.message, /unsupported \\def parameter text/);
});

void test('## in bodies: nested definitions do not crash', () => {
  const { out } = run('\\def\\mk#1{\\def\\in##1{#1##1}} \\mk{a}');
  assert.equal(texts(out), '\\def \\in #1 { a #1 }');
});

void test('malformed definitions give problems and never throw', () => {
  for (const text of [
    '\\def',
    '\\def x{}',
    '\\def\\a',
    '\\def\\a{',
    '\\def\\a}',
    '\\newcommand',
    '\\newcommand{\\a}[x]{}',
    '\\newcommand{\\a}[1][',
    '\\newcommand{\\a}',
    '\\newcommand{\\a}{#2}',
    '\\DeclareMathOperator',
    '\\DeclareMathOperator{\\a}',
    '\\let',
    '\\let\\a',
  ]) {
    const { problems } = run(text);
    assert.ok(problems.length > 0, text);
    for (const p of problems)
      assert.ok(p.start >= 0 && p.end <= text.length && p.start <= p.end, text);
  }
});

void test('missing arguments at end of input or before } give a problem', () => {
  const a = run('\\def\\g#1#2{\\frac{#1}{#2}} \\g{x}');
  assert.equal(texts(a.out), '\\frac { x } { }');
  assert.equal(a.problems.length, 1);
  assert.match(a.problems[0].message, /missing argument #2 of \\g/);
  const b = run('\\def\\g#1{(#1)} {\\g} \\g{');
  assert.equal(b.problems.length, 2);
  assert.equal(texts(b.out), '{ ( ) } {');
});

// Runaway expansions must stop: a hang fails these tests through their timeout (a guard, not
// a speed claim; speed is measured in `npm run bench`).
const HANG_GUARD = { timeout: 20_000 };

void test('recursive macros stop with a problem at the use site', HANG_GUARD, () => {
  for (const defs of [
    '\\def\\a{\\a}',
    '\\def\\a{x\\a}',
    '\\def\\a{\\b}\\def\\b{\\a}',
    '\\def\\a{\\a\\a}',
  ]) {
    const text = defs + ' y + \\a + z';
    const { out, problems } = run(text);
    assert.equal(problems.length, 1, defs);
    assert.match(problems[0].message, /^macro \\[ab] expands recursively \(depth limit 64\)$/);
    const [s, e] = spanOf(text, '\\a + z');
    assert.deepEqual([problems[0].start, problems[0].end], [s, s + 2]);
    assert.ok(e > s);
    assert.equal(texts(out.filter((t) => t.fromMacro === undefined)), 'y + + z');
  }
  // A recursion that only passes its argument along: \def\a#1{#1#1} \a\a.
  const { problems } = run('\\def\\a#1{#1#1} \\a\\a');
  assert.equal(problems.length, 1);
});

void test('exponential growth stops at the token limit', HANG_GUARD, () => {
  let defs = '';
  for (let k = 0; k < 30; k++)
    defs += `\\def\\m${letters(k)}{\\m${letters(k + 1)}\\m${letters(k + 1)}}`;
  defs += `\\def\\m${letters(30)}{x}`;
  const { out, problems } = run(defs + ' \\m' + letters(0));
  assert.equal(problems.length, 1);
  assert.equal(problems[0].limit, 'MACRO_TOKENS_PER_USE');
  assert.ok(out.length <= MACRO_TOKENS_PER_USE);
  // Expanding to nothing, exponentially often, is bounded too.
  const empty = defs.replace('{x}', '{}');
  const r2 = run(empty + ' \\m' + letters(0));
  assert.equal(r2.problems.length, 1);
  // Smaller limits are honoured.
  const r3 = run(defs + ' \\m' + letters(0), undefined, { maxTokens: 1000, maxDepth: 10 });
  assert.equal(r3.problems.length, 1);
});

function letters(k: number): string {
  let s = '';
  do {
    s += String.fromCharCode(97 + (k % 26));
    k = Math.floor(k / 26);
  } while (k > 0);
  return s + 'z';
}

void test('many runaway uses in one formula stay bounded', HANG_GUARD, () => {
  const text =
    '\\def\\a{\\b\\b}\\def\\b{\\c\\c}\\def\\c{\\d\\d}\\def\\d{\\e\\e}\\def\\e{\\a}' +
    ' \\a'.repeat(200);
  const { problems } = run(text);
  assert.ok(problems.length >= 1);
});

void test('property: random token soup never throws and finishes quickly', () => {
  const alphabet = [
    '\\def',
    '\\gdef',
    '\\let',
    '\\newcommand',
    '\\renewcommand',
    '\\providecommand',
    '\\DeclareMathOperator',
    '\\a',
    '\\b',
    '\\c',
    '\\left',
    '{',
    '{',
    '}',
    '}',
    '#1',
    '#2',
    '#',
    '##',
    '[',
    ']',
    '[1]',
    '[2]',
    '*',
    '=',
    '.',
    'x',
    'y',
    ' ',
    '\\frac',
    '%\n',
  ];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }), (pieces) => {
      const text = pieces.join('');
      const { out, problems } = run(text, { '\\c': '\\a#1\\b' }, { maxTokens: 5000 });
      assert.ok(out.length <= 6 * 5000 + text.length);
      for (const t of out) {
        assert.ok(t.start >= -1 && t.end <= text.length && t.start <= t.end, JSON.stringify(t));
      }
      for (const p of problems) {
        assert.ok(p.start >= -1 && p.end <= text.length && p.start <= p.end, JSON.stringify(p));
      }
    }),
    { numRuns: 2000 },
  );
});

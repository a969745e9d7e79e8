// Hostile and huge input in the core (issue 12, item 1): each class ends with a finding at the
// right place, or completes, and the work the core counts (ReadDocument.work) stays within the
// limits of src/core/limits.ts. Never a timed assertion: the bench measures time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeDocument, type Analysis, type AnalyzeOptions } from '../../src/core/analyze';
import { LineIndex } from '../../src/core/document';
import {
  DRAWN_SIZE,
  DRAWS_PER_CLAIM,
  ELEMENTS_PER_DRAW,
  EXACT_SIZE,
  FORMULA_CHARS,
  MACRO_TOKENS_PER_USE,
  MACRO_WORK_PER_DOCUMENT,
  MACRO_WORK_PER_FORMULA,
  NESTING_DEPTH,
  NODES_PER_EXPRESSION,
  NUMERIC_CLAIMS_PER_DOCUMENT,
  TOKENS_PER_DOCUMENT,
  TOKENS_PER_STATEMENT,
} from '../../src/core/limits';
import { LONGEST_FUNCTION_WORD } from '../../src/core/latex/parser';
import { standInSizes } from '../../src/core/numeric/standIns';
import { checkPlainText } from '../../src/core/plaintext/check';
import type { Finding } from '../../src/core/report';
import {
  badSizes,
  deepNesting,
  defBomb,
  flatSum,
  hugeDeclared,
  hugeExponent,
  hugeIdentity,
  hugeKronecker,
  hugeSumRange,
  letterRun,
  longDerivation,
  longFormula,
  nestedSums,
  runawayDelimited,
} from '../../bench/hostile.inputs';

function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  return analyzeDocument({ uri: 'hostile.md', version: 1, language: 'markdown', text }, options);
}

/** The 0-based line of the first occurrence of `needle` (`from`: the occurrence to start at). */
function lineOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  assert.ok(at >= 0, `${needle} not in the text`);
  return new LineIndex(text).positionAt(at).line;
}

/** Bounds every hostile document must meet, whatever it is. */
function assertBounded(analysis: Analysis): void {
  const work = analysis.read.work;
  // one use may overshoot the document's budget by at most its own limit
  assert.ok(
    work.macroWork <= MACRO_WORK_PER_DOCUMENT + 2 * MACRO_TOKENS_PER_USE,
    `${work.macroWork}`,
  );
  assert.ok(work.tokensParsed <= TOKENS_PER_DOCUMENT, `${work.tokensParsed}`);
  // a statement stops one node past the limit (and a trial parse once more)
  assert.ok(
    work.nodesParsed <= work.statementsParsed * (NODES_PER_EXPRESSION + 2),
    `${work.nodesParsed} nodes in ${work.statementsParsed} statements`,
  );
  assert.ok(work.letterScan <= work.tokensParsed * (LONGEST_FUNCTION_WORD + 1));
  assert.ok(work.numericClaims <= NUMERIC_CLAIMS_PER_DOCUMENT);
}

const limitsOf = (findings: Finding[]) => new Set(findings.map((f) => f.limit).filter(Boolean));

test('a \\def doubling bomb stops at each use, and the document budget holds over many uses', () => {
  const three = defBomb(18, 3);
  const a = analyze(three);
  assertBounded(a);
  // 2¹⁸ x's per use are never produced: each use stops at its own limit
  assert.ok(a.read.work.macroWork < 3 * 2 ** 18);
  const index = new LineIndex(three);
  const useLines = [...three.matchAll(/\$\$f =/g)].map((m) => index.positionAt(m.index).line);
  assert.equal(useLines.length, 3);
  for (const line of useLines)
    assert.ok(
      a.findings.some((f) => f.range.start.line === line && f.verdict !== 'ok'),
      `no finding on line ${line}`,
    );
  assert.ok(limitsOf(a.findings).has('MACRO_TOKENS_PER_USE'));

  const uses = Math.ceil(MACRO_WORK_PER_DOCUMENT / MACRO_TOKENS_PER_USE) + 20;
  const many = analyze(defBomb(18, uses));
  assertBounded(many);
  assert.ok(limitsOf(many.findings).has('MACRO_WORK_PER_DOCUMENT'));
  // every use still gets a finding on its own line
  const lines = new Set(
    many.findings.filter((f) => f.verdict !== 'ok').map((f) => f.range.start.line),
  );
  assert.equal(lines.size, uses);
});

test('a runaway delimited macro used 2,000 times stops at the formula budget', () => {
  // each use scans to the formula's end: 2,000 uses would scan 14 million tokens
  const text = runawayDelimited(2000);
  const a = analyze(text);
  assertBounded(a);
  assert.ok(a.read.work.macroWork <= MACRO_WORK_PER_FORMULA + MACRO_TOKENS_PER_USE);
  assert.ok(limitsOf(a.findings).has('MACRO_WORK_PER_FORMULA'));
  const line = lineOf(text, '$$y');
  assert.ok(a.findings.every((f) => f.range.start.line === line || f.verdict === 'ok'));
});

test('a run of adjacent letters is scanned once, not once per letter', () => {
  // 400 letters parse (under the node limit): the look-ahead is bounded by a word per letter
  const short = analyze(letterRun(400), { numeric: false });
  assert.ok(short.read.work.letterScan <= 400 * (LONGEST_FUNCTION_WORD + 1));
  assert.ok(short.read.work.letterScan < 400 * 20); // quadratic would be ~80,000
  // 4,000 letters: a limit reached, said at the formula
  const long = analyze(letterRun(4000), { numeric: false });
  assertBounded(long);
  assert.ok(
    long.findings.some((f) => f.limit === 'TERMS_PER_SUM' || f.limit === 'NODES_PER_EXPRESSION'),
  );
  // 60,000 letters: too long a formula to read at all
  const huge = analyze(letterRun(60_000), { numeric: false });
  assert.deepEqual(
    huge.findings.map((f) => [f.limit, f.range.start.line, f.range.start.character]),
    [['FORMULA_CHARS', 0, 0]],
  );
  assert.equal(huge.read.work.tokensParsed, 0);
});

test('a flat sum: 450 terms are checked, 2,000 stop at a limit, 20,000 are not read', () => {
  const fine = analyze(`Let $x \\in \\mathbb{R}^n$.\n\n${flatSum(450)}`, { numeric: false });
  assertBounded(fine);
  assert.ok(fine.findings.every((f) => f.limit === undefined));
  // 2,000 terms: under the token limit, past the term limit
  const text = flatSum(2000);
  assert.ok(text.length < FORMULA_CHARS);
  const over = analyze(text);
  assertBounded(over);
  assert.equal(over.findings.length, 1);
  assert.ok(['TERMS_PER_SUM', 'NODES_PER_EXPRESSION'].includes(over.findings[0].limit ?? ''));
  assert.equal(over.findings[0].verdict, 'unsupported');
  // 20,000 terms (it used to overflow the stack): one finding, nothing parsed
  const huge = analyze(flatSum(20_000));
  assert.equal(huge.findings.length, 1);
  assert.equal(huge.findings[0].limit, 'FORMULA_CHARS');
  assert.equal(huge.read.work.nodesParsed, 0);
});

test('long formulas: a statement past the token limit is not parsed; 100 kB and 1 MB not read', () => {
  const tokens = analyze(longFormula(30_000));
  assertBounded(tokens);
  assert.deepEqual(
    tokens.findings.map((f) => f.limit),
    ['TOKENS_PER_STATEMENT'],
  );
  assert.ok(tokens.read.work.tokensParsed <= TOKENS_PER_STATEMENT);
  for (const size of [100_000, 1_000_000]) {
    const a = analyze(longFormula(size));
    assert.deepEqual(
      a.findings.map((f) => [f.limit, f.range.start.line]),
      [['FORMULA_CHARS', 0]],
    );
    assert.equal(a.read.work.tokensParsed, 0);
  }
});

test('a plain-text expression of 12,000 terms stops at the node limit, never the stack', () => {
  for (const op of ['+', '*']) {
    const expr = Array.from({ length: 12_000 }, () => 'x').join(op);
    const { findings } = checkPlainText({ expr, wrt: 'x' });
    assert.ok(findings.length >= 1);
    assert.ok(findings.every((f) => f.verdict === 'parse-error' || f.verdict === 'unsupported'));
    assert.ok(findings.every((f) => f.range.start.line === 0));
  }
});

test('deep nesting stops at the nesting limit with a finding, never a stack overflow', () => {
  const a = analyze(deepNesting(1000));
  assertBounded(a);
  assert.ok(a.findings.some((f) => f.limit === 'NESTING_DEPTH' && f.verdict === 'parse-error'));
  assert.ok(a.read.work.nodesParsed <= 2 * NESTING_DEPTH + 10);
  const deeper = analyze(deepNesting(50_000));
  assert.equal(deeper.findings.length, 1);
  assert.ok(deeper.findings[0].limit === 'FORMULA_CHARS');
});

test('a sum over 10⁹ terms is not evaluated: the claim gets a finding', () => {
  const text = hugeSumRange();
  const a = analyze(text);
  assertBounded(a);
  const claim = a.findings.find((f) => f.kind === 'gradient');
  assert.ok(claim);
  assert.equal(claim.verdict, 'unsupported');
  assert.equal(claim.range.start.line, lineOf(text, '\\nabla_w'));
  assert.equal(a.read.work.numericClaims, 1);
});

test('nested sums of 1,000 × 1,000 terms are not multiplied out: the claim gets a finding', () => {
  const text = nestedSums();
  const a = analyze(text);
  const claim = a.findings.find((f) => f.kind === 'gradient');
  assert.ok(claim);
  assert.equal(claim.verdict, 'unsupported');
  assert.equal(claim.range.start.line, lineOf(text, '\\nabla_w'));
});

test('a matrix power with exponent 10⁶ is not multiplied out: the claim gets a finding', () => {
  const text = hugeExponent();
  const a = analyze(text);
  const claim = a.findings.find((f) => f.kind === 'gradient');
  assert.ok(claim);
  assert.equal(claim.verdict, 'unsupported');
  assert.equal(claim.range.start.line, lineOf(text, '\\frac{\\partial}'));
});

test('stand-in sizes keep the order and the products of the declared ones', () => {
  const map = standInSizes([3, 2000, 4096, 1000, 1_000_000]);
  assert.equal(map.get(3), undefined); // small sizes stay as written
  assert.deepEqual([map.get(1000), map.get(2000), map.get(4096)], [13, 14, 15]);
  assert.equal(map.get(1_000_000), 13 * 13); // 1000 × 1000
  assert.ok(EXACT_SIZE < 13);
});

test('declared sizes up to 4096 are checked with small stand-ins', () => {
  // ∇ₓ xᵀ I₄₀₉₆ x = 2x: the sample's gradient has the stand-in size, not 4096
  const identity = analyze(hugeIdentity());
  const claim = identity.findings.find((f) => f.kind === 'gradient');
  assert.equal(claim?.verdict, 'ok');
  assert.equal(claim.evidence?.sample?.truth.length, EXACT_SIZE + 1);
  // A 4096×2000: x (2000) gets the smaller stand-in, b (4096) the larger, as declared
  const declared = analyze(hugeDeclared());
  const least = declared.findings.find((f) => f.kind === 'gradient');
  assert.equal(least?.verdict, 'ok');
  assert.equal(least.evidence?.sample?.truth.length, EXACT_SIZE + 1);
  // A ⊗ B of 1000×1000 matrices against x of 10⁶: the product relation is kept
  const kron = analyze(hugeKronecker());
  const kclaim = kron.findings.find((f) => f.kind === 'gradient');
  assert.equal(kclaim?.verdict, 'ok');
  assert.equal(kclaim.evidence?.sample?.truth.length, (EXACT_SIZE + 1) ** 2);
});

test('options past the limits (maxDim 3000, 10⁶ draws) are held to DRAWN_SIZE and DRAWS_PER_CLAIM', () => {
  const text =
    'Let $A \\in \\mathbb{R}^{n \\times n}$.\n\n$$\\nabla_A \\operatorname{tr}(A) = I$$\n';
  for (const seed of [1, 2, 3]) {
    const a = analyze(text, { numeric: { maxDim: 3000, draws: 1_000_000, seed } });
    const claim = a.findings.find((f) => f.kind === 'gradient');
    assert.equal(claim?.verdict, 'ok');
    assert.equal(claim.evidence?.draws.length, DRAWS_PER_CLAIM);
    // "n=17": every size drawn, as the evidence records it
    const sizes = claim.evidence!.draws.flatMap((d) => [...d.sizes.matchAll(/=(\d+)/g)]);
    assert.ok(sizes.length > 0);
    assert.ok(sizes.every((m) => Number(m[1]) <= DRAWN_SIZE));
  }
});

test('a Kronecker product past ELEMENTS_PER_DRAW is refused for its claim, never allocated', () => {
  // d/dA tr(A ⊗ B) = tr(B) I; with sizes up to 64, (nm)² entries exceed the limit on some draws
  const text =
    'Let $A \\in \\mathbb{R}^{n \\times n}$, $B \\in \\mathbb{R}^{m \\times m}$.\n\n$$\\nabla_A \\operatorname{tr}(A \\otimes B) = \\operatorname{tr}(B) I$$\n';
  const verdicts = [1, 2, 3, 4, 5, 6, 7, 8].map(
    (seed) =>
      analyze(text, { numeric: { maxDim: 64, seed } }).findings.find((f) => f.kind === 'gradient')!
        .verdict,
  );
  assert.ok(
    verdicts.every((v) => v === 'ok' || v === 'unsupported'),
    verdicts.join(),
  );
  assert.ok(verdicts.includes('unsupported'), verdicts.join());
  assert.ok(ELEMENTS_PER_DRAW < 64 ** 4);
});

test('sizes 0×3, −3 and 1.5 are rejected at the size', () => {
  const text = badSizes();
  const a = analyze(text);
  const rejected = a.findings.filter(
    (f) => f.kind === 'declaration' && f.verdict === 'parse-error',
  );
  const lines = text.split('\n');
  assert.deepEqual(
    rejected.map((f) =>
      lines[f.range.start.line].slice(f.range.start.character, f.range.end.character),
    ),
    ['0', '-3', '1.5'],
  );
});

test('a 10,000-step derivation: the document budget of numeric checks, then a finding per claim', () => {
  const text = longDerivation(10_000);
  const a = analyze(text);
  assertBounded(a);
  assert.equal(a.read.work.numericClaims, NUMERIC_CLAIMS_PER_DOCUMENT);
  const skipped = a.findings.filter((f) => f.limit === 'NUMERIC_CLAIMS_PER_DOCUMENT');
  const steps = a.findings.filter((f) => f.kind === 'equality');
  assert.ok(steps.length >= 10_000);
  assert.equal(skipped.length, steps.length - NUMERIC_CLAIMS_PER_DOCUMENT);
  assert.ok(skipped.every((f) => f.verdict === 'skipped' && f.severity === 'information'));
  // each at its own row
  assert.equal(new Set(skipped.map((f) => f.range.start.line)).size, skipped.length);
});

const PIECES = [
  '{',
  '}',
  '{{{{',
  '}}}}',
  '(',
  ')',
  'x',
  'ab',
  'X^{1000000}',
  '\\sum_{i=1}^{1000000000} x_i',
  '\\otimes',
  '\\mathbb{R}^{4096 \\times 0}',
  '\\def\\a{\\b\\b}',
  '\\def\\b{\\c\\c}',
  '\\def\\c{xx}',
  '\\def\\d#1.{#1}',
  '\\d',
  '\\a',
  '\\newcommand{\\e}[1]{#1#1#1}',
  '\\e',
  '+',
  '=',
  '^',
  '_',
  "'",
  '\\frac',
  '\\nabla_x',
  '\\in',
  '\\\\',
  '&',
  ' ',
];

test('random LaTeX-ish junk never throws and stays within the counted bounds', () => {
  const formula = fc
    .array(fc.constantFrom(...PIECES), { maxLength: 60 })
    .map((pieces) => pieces.join(''));
  fc.assert(
    fc.property(fc.array(formula, { minLength: 1, maxLength: 6 }), (formulas) => {
      const text = formulas.map((f) => `$$${f}$$`).join('\n\n');
      const a = analyze(text);
      assertBounded(a);
      const last = new LineIndex(text).positionAt(text.length);
      for (const f of a.findings) assert.ok(f.range.end.line <= last.line);
    }),
    { numRuns: 150 },
  );
});

test('a chain of map compositions that would grow fourfold each time is not expanded: one finding at the maps', () => {
  const quadruple = '[\\Delta Z \\mapsto \\Delta Z + \\Delta Z + \\Delta Z + \\Delta Z]';
  const maps = [...Array(30).fill(quadruple), '[\\Delta X \\mapsto \\Delta X]'].join(' \\circ ');
  const text = `Let $X$ be $n\\times n$.\n\n$$ d\\operatorname{tr}(X) = ${maps} $$\n`;
  const analysis = analyze(text);
  assertBounded(analysis);
  const claims = analysis.findings.filter((f) => f.range.start.line === 2);
  assert.deepEqual(
    claims.map((f) => f.verdict),
    ['unsupported'],
  );
  assert.ok(analysis.read.work.tokensParsed <= TOKENS_PER_STATEMENT);
  // three compositions of the same maps expand (4³ uses of ΔX) and are checked
  const three = [...Array(3).fill(quadruple), '[\\Delta X \\mapsto \\Delta X]'].join(' \\circ ');
  const small = analyze(`Let $X$ be $n\\times n$.\n\n$$ d(64 X) = ${three} $$\n`, {
    numeric: { draws: 3, seed: 1 },
  });
  assert.deepEqual(
    small.findings.filter((f) => f.range.start.line === 2).map((f) => f.verdict),
    ['ok'],
  );
});

test('labels that state formulas, nested deep or repeated many times, are read once each and stay bounded', () => {
  // each label holds the next underbrace: only the outermost label's formula is a claim
  let nested = 'x';
  for (let k = 0; k < 400; k++)
    nested = `\\underbrace{${nested}}_{\\text{$a_{${k}} = ${k}$ and \\text{$b$}}}`;
  const deep = analyze(`$$ y = ${nested} $$\n`);
  assertBounded(deep);
  // many sibling labels, each a claim that holds: every one gets its own finding
  const siblings = Array.from(
    { length: 300 },
    (_, k) => `\\underbrace{${k}}_{\\text{$${k} + 1 = ${k + 1}$ when $A$ is symmetric}}`,
  ).join(' + ');
  const many = analyze(`$$ s = ${siblings} $$\n`);
  assertBounded(many);
  const labelClaims = many.findings.filter((f) => f.kind === 'equality');
  assert.equal(labelClaims.length, 300);
  assert.ok(labelClaims.every((f) => f.verdict === 'ok' || f.verdict === 'skipped'));
  // unclosed words inside a display: read as far as they go, never past the display
  const unclosed = analyze(
    `$$ a = b ${'\\text{$x = 1$ '.repeat(2000)} $$\n\nLet $A$ be symmetric.\n`,
  );
  assertBounded(unclosed);
});

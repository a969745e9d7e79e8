// Where real notes keep their math, and how their rows split into statements: one row per form
// (issue 11, item 6). Each row pins the regions found (delimiter, display, exact source span,
// text) and, where the form holds claims, each claim's kind, verdict and the source character
// its finding starts on (the relation sign of the step).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import type { Finding } from '../../src/core/report';
import { scanMarkdown } from '../../src/core/scan/markdown';
import type { MathRegion } from '../../src/core/scan/region';

interface RegionRow {
  delimiter: MathRegion['delimiter'];
  display: boolean;
  /** The whole span, delimiters included, as it stands in the source. */
  source: string;
  text: string;
}

const regions = (src: string): RegionRow[] =>
  scanMarkdown(src).regions.map((r) => ({
    delimiter: r.delimiter,
    display: r.display,
    source: src.slice(r.start, r.end),
    text: r.text,
  }));

const CLAIMS = new Set<Finding['kind']>(['gradient', 'equality', 'differential']);

function offsetOf(src: string, line: number, character: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = src.indexOf('\n', offset) + 1;
  return offset + character;
}

/** Claims in source order: `kind verdict` and the 12 source characters the finding starts at. */
function claims(src: string): [string, string][] {
  const { findings } = analyzeDocument(
    { uri: 'file:///t.md', version: 1, language: 'markdown', text: src },
    { numeric: { draws: 3, seed: 1 } },
  );
  return findings
    .filter((f) => CLAIMS.has(f.kind))
    .map((f) => ({ f, at: offsetOf(src, f.range.start.line, f.range.start.character) }))
    .sort((a, b) => a.at - b.at)
    .map(({ f, at }) => [
      `${f.kind} ${f.verdict}${f.diagnosis ? `:${f.diagnosis}` : ''}`,
      src.slice(at, at + 12),
    ]);
}

const kinds = (src: string, kind: Finding['kind']) =>
  analyzeDocument({ uri: 'file:///t.md', version: 1, language: 'markdown', text: src }, {})
    .findings.filter((f) => f.kind === kind)
    .map((f) => f.latex);

const VEC = 'Let $\\mathbf{x} \\in \\mathbb{R}^n$ and $A \\in \\mathbb{R}^{n\\times n}$.\n\n';

describe('scanner notations: inline math with spaces inside the dollars', () => {
  test('`$ x $` padded on both sides is math, as Markdig, texmath and dollarmath read it', () => {
    assert.deepEqual(regions('Let $ f(x) = x^T x $ be given.'), [
      { delimiter: 'dollar', display: false, source: '$ f(x) = x^T x $', text: ' f(x) = x^T x ' },
    ]);
  });

  test('prices stay prose: "$5 and $10", "$ 5 and $ 6", "5$ or 6$", "costs $5 for $x$"', () => {
    assert.deepEqual(regions('It costs $5 and $10 to run.'), []);
    assert.deepEqual(regions('Between $ 5 and $ 6 each.'), []);
    assert.deepEqual(regions('It is 5$ or 6$ here.'), []);
    assert.deepEqual(
      regions('It costs $5 for $x$.').map((r) => r.source),
      ['$x$'],
    );
  });

  test('shell snippets stay prose: `$ PATH=$HOME` and `echo $ HOME $PATH`', () => {
    assert.deepEqual(regions('Run $ PATH=$HOME/bin and go.'), []);
    assert.deepEqual(regions('Type echo $ HOME $PATH now.'), []);
  });

  test('one padded side is not math: "$ x$ and $y $"', () => {
    assert.deepEqual(regions('Take $ x$ and $y $ here.'), []);
  });

  test('a padded formula is checked like any other', () => {
    assert.deepEqual(
      claims(`${VEC}So $ \\nabla_{\\mathbf{x}} \\mathbf{x}^T \\mathbf{x} = 2\\mathbf{x} $ holds.`),
      [['gradient ok', '= 2\\mathbf{x']],
    );
  });
});

describe("scanner notations: GitLab's $`…`$ and fenced math", () => {
  test('$`…`$ is inline math whose text is what the backticks hold', () => {
    assert.deepEqual(regions('A formula $`\\nabla_x \\|x\\|^2 = 2x`$ here.'), [
      {
        delimiter: 'dollar',
        display: false,
        source: '$`\\nabla_x \\|x\\|^2 = 2x`$',
        text: '\\nabla_x \\|x\\|^2 = 2x',
      },
    ]);
    assert.deepEqual(
      claims('A formula $`\\nabla_{\\mathbf x} \\|\\mathbf x\\|^2 = 2\\mathbf x`$.'),
      [['gradient ok', '= 2\\mathbf x']],
    );
  });

  test('longer backtick runs close on a run of their own length', () => {
    assert.deepEqual(
      regions('See $``a ` b = c``$ here.').map((r) => r.text),
      ['a ` b = c'],
    );
  });

  test('a code span right after a dollar is code, not math: "costs $`5` each"', () => {
    assert.deepEqual(regions('It costs $`5` each, and $`x` too.'), []);
  });

  test('```math fences are display regions and their claims are checked', () => {
    const src = `${VEC}\`\`\`math\n\\nabla_{\\mathbf x} \\mathbf{x}^T A \\mathbf{x} = A^T\\mathbf{x}\n\`\`\`\n`;
    assert.deepEqual(
      regions(src)
        .filter((r) => r.display)
        .map((r) => [r.delimiter, r.text]),
      [['fence', '\\nabla_{\\mathbf x} \\mathbf{x}^T A \\mathbf{x} = A^T\\mathbf{x}']],
    );
    assert.deepEqual(claims(src), [['gradient mismatch', '= A^T\\mathbf']]);
  });
});

describe('scanner notations: MathJax <script type="math/tex">', () => {
  test('an inline script inside a paragraph is an inline region', () => {
    const src = 'The vector <script type="math/tex">\\mathbf{w}</script> is fixed.';
    assert.deepEqual(regions(src), [
      {
        delimiter: 'script',
        display: false,
        source: '<script type="math/tex">\\mathbf{w}</script>',
        text: '\\mathbf{w}',
      },
    ]);
  });

  test('mode=display at the start of a line is a display region, over several lines', () => {
    const src =
      'Then\n\n<script type="math/tex; mode=display">\n\\nabla_{\\mathbf w} \\mathbf{w}^T \\mathbf{w} = 2\\mathbf{w}\n</script>\n\nand more.';
    assert.deepEqual(
      regions(src).map((r) => [r.delimiter, r.display, r.text]),
      [['script', true, '\n\\nabla_{\\mathbf w} \\mathbf{w}^T \\mathbf{w} = 2\\mathbf{w}\n']],
    );
    assert.deepEqual(claims(src), [['gradient ok', '= 2\\mathbf{w']]);
  });

  test("single quotes, upper case and a wrong claim: the verdict is the claim's", () => {
    const src =
      "<SCRIPT TYPE='math/tex; mode=display'>\\nabla_{\\mathbf w} \\mathbf{w}^T \\mathbf{w} = 3\\mathbf{w}</SCRIPT>\n";
    assert.deepEqual(claims(src), [['gradient mismatch:factor', '= 3\\mathbf{w']]);
  });

  test('other scripts stay HTML: a dollar pair in JavaScript is not math', () => {
    assert.deepEqual(
      regions('<script type="text/javascript">\nvar s = "$a = b$";\n</script>\n'),
      [],
    );
    assert.deepEqual(regions('<script>\nvar s = "$a = b$";\n</script>\n'), []);
  });

  test('an unclosed math script is a scan problem, not a region', () => {
    const r = scanMarkdown('<script type="math/tex">x = y\n');
    assert.equal(r.regions.length, 0);
    assert.equal(r.problems.length, 1);
  });
});

describe('scanner notations: arrows', () => {
  test('an arrow between two formulas separates two claims (neither is a step of the other)', () => {
    const src = `${VEC}$$ \\mathbf{x}^T \\mathbf{x} = \\sum_i x_i^2 \\Rightarrow \\nabla_{\\mathbf x} \\mathbf{x}^T\\mathbf{x} = 2\\mathbf{x} $$`;
    assert.deepEqual(claims(src), [
      ['equality ok', '= \\sum_i x_i'],
      ['gradient ok', '= 2\\mathbf{x'],
    ]);
  });

  test('\\to, \\rightarrow and \\implies between formulas do the same', () => {
    for (const arrow of ['\\to', '\\rightarrow', '\\implies', '\\longrightarrow']) {
      const src = `${VEC}$$ d(\\mathbf{x}^T\\mathbf{x}) = 2\\mathbf{x}^T d\\mathbf{x} ${arrow} \\nabla_{\\mathbf x} \\mathbf{x}^T\\mathbf{x} = 2\\mathbf{x} $$`;
      assert.deepEqual(
        claims(src).map((c) => c[0]),
        ['differential ok', 'gradient ok'],
        arrow,
      );
    }
  });

  test('an arrow inside a script stays in its formula: \\lim_{t \\to 0} is read, not dropped', () => {
    const src = `${VEC}$$ \\lim_{t \\to 0} \\frac{f(\\mathbf x + t \\mathbf h) - f(\\mathbf x)}{t} = \\mathbf{x}^T (A + A^T) \\mathbf h $$`;
    assert.deepEqual(claims(src), [['equality unsupported', '\\lim_{t \\to ']]);
  });

  test("a function's type or rule is notation: f: ℝ^n → ℝ, x ↦ Ax make no claim", () => {
    const src = `${VEC}$$ f: \\mathbb{R}^n \\to \\mathbb{R}, \\quad \\mathbf x \\mapsto \\mathbf{x}^T A \\mathbf{x} $$`;
    assert.deepEqual(claims(src), []);
  });
});

describe('scanner notations: math inside \\text{$…$}', () => {
  test('the outer math is one region; the inner formula is a statement of its own', () => {
    const src = `${VEC}$$ \\nabla_{\\mathbf x} \\|\\mathbf x\\|^2 = 2\\mathbf x \\quad \\text{since $\\|\\mathbf x\\|^2 = \\mathbf{x}^T\\mathbf{x}$} $$`;
    assert.equal(regions(src).filter((r) => r.display).length, 1);
    assert.deepEqual(claims(src), [
      ['gradient ok', '= 2\\mathbf x'],
      ['equality ok', '= \\mathbf{x}'],
    ]);
  });

  test('a declaration inside the words declares', () => {
    const src =
      '$$ \\mathbf y = W \\mathbf x \\quad \\text{where $W \\in \\mathbb{R}^{m \\times n}$} $$';
    assert.deepEqual(kinds(src, 'declaration'), ['W \\in \\mathbb{R}^{m \\times n}']);
  });

  test('words with math that relates nothing add no statement', () => {
    const src = `${VEC}$$ \\mathbf{x}^T \\mathbf{x} = \\sum_i x_i^2 \\quad \\text{for every $i$} $$`;
    assert.deepEqual(claims(src), [['equality ok', '= \\sum_i x_i']]);
  });
});

describe('scanner notations: matrices', () => {
  test('a \\vdots matrix it cannot read costs only its own steps: the rest of the chain is checked', () => {
    const src = `${VEC}$$ \\begin{bmatrix} x_1 \\\\ \\vdots \\\\ x_n^2 \\end{bmatrix}^T \\mathbf{x} = \\mathbf{x}^T\\mathbf{x} = \\sum_i x_i^2 $$`;
    assert.deepEqual(claims(src), [
      ['equality unsupported', '\\begin{bmatr'],
      ['equality ok', '= \\sum_i x_i'],
    ]);
  });

  test('a \\vdots matrix whose corners share one entry is read: every step is checked', () => {
    const src = `${VEC}$$ \\begin{bmatrix} x_1 \\\\ \\vdots \\\\ x_n \\end{bmatrix}^T \\mathbf{x} = \\mathbf{x}^T\\mathbf{x} = \\sum_i x_i^2 $$`;
    assert.deepEqual(claims(src), [
      ['equality ok', '= \\mathbf{x}'],
      ['equality ok', '= \\sum_i x_i'],
    ]);
  });

  test('\\cdots and \\ddots in the middle of a chain: both neighbouring steps, nothing else', () => {
    const src = `${VEC}$$ A\\mathbf x + A^T \\mathbf x = \\begin{pmatrix} a_{11} & \\cdots \\\\ \\vdots & \\ddots \\end{pmatrix}\\mathbf x = (A + A^T)\\mathbf x = (A^T + A)\\mathbf x $$`;
    assert.deepEqual(
      claims(src).map((c) => c[0]),
      ['equality unsupported', 'equality ok'],
    );
  });

  test('a one-row matrix times a column: read and checked', () => {
    const src =
      '$$ \\begin{bmatrix}1 & 1\\end{bmatrix} \\begin{bmatrix} a \\\\ b \\end{bmatrix} = a + b $$';
    assert.deepEqual(claims(src), [['equality ok', '= a + b $$']]);
  });

  test("a matrix's \\\\ inside an align is a row of the matrix, not of the alignment", () => {
    const src =
      '$$\n\\begin{align}\ng &= \\begin{bmatrix} 1 & 1 \\end{bmatrix} \\begin{bmatrix} a \\\\ b \\end{bmatrix} \\\\\n&= a + b \\\\\n&= b + a\n\\end{align}\n$$';
    assert.deepEqual(
      claims(src).map((c) => c[0]),
      ['equality ok', 'equality ok'],
    );
  });
});

describe('scanner notations: chains across rows, columns and blocks', () => {
  test('a $$ block starting with = continues the last expression of the block before it', () => {
    const src = `${VEC}$$ \\nabla_{\\mathbf x} \\mathbf{x}^T A \\mathbf{x} = A\\mathbf{x} + A^T\\mathbf{x} $$\n$$ = (A + A^T)\\mathbf{x} $$\n$$ = 2 A \\mathbf{x} $$\n`;
    assert.deepEqual(claims(src), [
      ['gradient ok', '= A\\mathbf{x'],
      ['equality ok', '= (A + A^T)\\'],
      ['equality mismatch:assumes-symmetric', '= 2 A \\mathb'],
    ]);
  });

  test('&= in the next block continues too, and prose between the blocks does not stop it', () => {
    const src = `${VEC}$$ \\mathbf{x}^T A \\mathbf{x} = \\mathrm{tr}(\\mathbf{x}^T A \\mathbf{x}) $$\nby the cyclic property\n$$ \\begin{aligned} &= \\mathrm{tr}(A \\mathbf{x}\\mathbf{x}^T) \\end{aligned} $$\n`;
    assert.deepEqual(
      claims(src).map((c) => c[0]),
      ['equality ok', 'equality ok'],
    );
  });

  test('a block starting with an arrow is a new statement, not a step from the block before', () => {
    const src = `${VEC}$$ d(\\mathbf{x}^T\\mathbf{x}) = 2\\mathbf{x}^T d\\mathbf{x} $$\n\n$$ \\Rightarrow \\nabla_{\\mathbf x} \\mathbf{x}^T\\mathbf{x} = 2\\mathbf{x} $$\n`;
    assert.deepEqual(claims(src), [
      ['differential ok', '= 2\\mathbf{x'],
      ['gradient ok', '= 2\\mathbf{x'],
    ]);
  });

  test('an inline formula is never continued: `= …` in $…$ stays without a left side', () => {
    const src = `${VEC}$$ \\mathbf{x}^T \\mathbf{x} = \\sum_i x_i^2 $$\nand $= 3$ here.\n`;
    assert.deepEqual(
      claims(src).map((c) => c[0]),
      ['equality ok', 'equality parse-error'],
    );
  });

  test('a text column between rows keeps the chain: A &= B && \\text{(why)} \\\\ &= C', () => {
    const src = `${VEC}$$\n\\begin{aligned}\n\\mathbf{x}^T A \\mathbf{x} &= \\mathrm{tr}(\\mathbf{x}^T A \\mathbf{x}) && \\text{(a scalar is its trace)} \\\\\n&= \\mathrm{tr}(A \\mathbf{x}\\mathbf{x}^T) && \\text{(cyclic)}\n\\end{aligned}\n$$`;
    assert.deepEqual(claims(src), [
      ['equality ok', '= \\mathrm{tr'],
      ['equality ok', '= \\mathrm{tr'],
    ]);
  });

  test('a row of words is a remark: the &= row after it continues the chain before it', () => {
    const src = `${VEC}$$\n\\begin{aligned}\n&\\mathbf{x}^T \\mathbf{x} \\\\\n&\\text{expand the product over $i$} \\\\\n&= \\sum_i x_i^2\n\\end{aligned}\n$$`;
    assert.deepEqual(claims(src), [['equality ok', '= \\sum_i x_i']]);
  });

  test('=& and &=& rows (eqnarray style)', () => {
    const src = `${VEC}$$\n\\begin{eqnarray}\n\\mathbf{x}^T A \\mathbf{x} &=& \\mathrm{tr}(A \\mathbf{x}\\mathbf{x}^T) \\\\\n&=& \\mathrm{tr}(\\mathbf{x}\\mathbf{x}^T A)\n\\end{eqnarray}\n$$\n\n$$\n\\begin{aligned}\nh =& \\mathbf{x}^T \\mathbf{x} \\\\\n=& \\sum_i x_i^2\n\\end{aligned}\n$$`;
    assert.deepEqual(
      claims(src).map((c) => c[0]),
      ['equality ok', 'equality ok', 'equality ok'],
    );
  });

  test('&= rows split with \\\\\\\\ (escaped for a Markdown renderer) are rows', () => {
    const src = `${VEC}$$\n\\begin{align*}\n\\nabla_{\\mathbf x} \\mathbf{x}^T A \\mathbf{x} &= (A + A^T)\\mathbf{x} \\\\\\\\\n&= A\\mathbf{x} + A^T\\mathbf{x} \\\\\\\\\n&= A^T\\mathbf{x} + A\\mathbf{x}\n\\end{align*}\n$$`;
    assert.deepEqual(claims(src), [
      ['gradient ok', '= (A + A^T)\\'],
      ['equality ok', '= A\\mathbf{x'],
      ['equality ok', '= A^T\\mathbf'],
    ]);
  });
});

describe('scanner notations: sizes said in prose around the new inline forms', () => {
  // "A is m×n" read from prose makes tr(A) ill-shaped; without it A is square and the claim holds
  const claim = '\n\n$$ \\frac{\\partial}{\\partial A} \\operatorname{tr}(A) = I $$\n';
  for (const [name, intro] of [
    ['GitLab', 'The matrix $`A`$ is $`m \\times n`$.'],
    [
      'MathJax script',
      'The matrix <script type="math/tex">A</script> is <script type="math/tex">m \\times n</script>.',
    ],
    ['padded dollars', 'The matrix $ A $ is $ m \\times n $.'],
  ]) {
    test(`${name}: "A is m×n" is read`, () => {
      assert.deepEqual(
        claims(intro + claim).map((c) => c[0]),
        ['gradient shape-error'],
      );
    });
  }
  test('the same claim with nothing said about A holds', () => {
    assert.deepEqual(
      claims('The matrix A is given.' + claim).map((c) => c[0]),
      ['gradient ok'],
    );
  });
});

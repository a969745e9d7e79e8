// The notation table: how people really write matrix calculus, and the shape GradLens must
// give it. Each row is a small document (declarations where the notation needs them, then
// `$$ … $$`) and the exact shape label of its first display expression, of the k-th one, or of
// a named subexpression (found by its source text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument, type Analysis } from '../../src/core/analyze';
import type { DocumentLanguage } from '../../src/core/document';
import { visit, type Expr } from '../../src/core/latex/ast';

interface Row {
  /** What the row shows. */
  name: string;
  text: string;
  expected: string;
  /** The k-th display expression (operands of display statements, in order); default 0. */
  k?: number;
  /** The first node (any statement, any region) whose source text is exactly this. */
  sub?: string;
  language?: DocumentLanguage;
}

function analyze(text: string, language: DocumentLanguage = 'markdown'): Analysis {
  // Shapes only: the numeric checks have their own tests.
  return analyzeDocument({ uri: 'mem://notation', version: 1, language, text }, { numeric: false });
}

/** The shape label of the k-th display expression, or of the subexpression spelled `sub`. */
function labelOf(row: Pick<Row, 'text' | 'k' | 'sub' | 'language'>): string {
  const analysis = analyze(row.text, row.language);
  const { read, shapes } = analysis;
  const errors = analysis.findings.filter((f) => f.severity === 'error');
  assert.deepEqual(
    errors.map((f) => f.message),
    [],
    'no error findings expected',
  );
  const source = (e: Expr) => read.document.text.slice(e.span.start, e.span.end);
  const candidates: { node: Expr; label: () => string }[] = [];
  for (const statement of read.statements) {
    const context = shapes.contextOf.get(statement);
    if (!statement.chain || !context) continue;
    const display = read.scan.regions[statement.region].display;
    for (const operand of statement.chain.operands) {
      if (operand.type === 'space') continue;
      const nodes: Expr[] = [];
      if (row.sub !== undefined)
        visit(operand, (n) => void (source(n) === row.sub && nodes.push(n)));
      else if (display) nodes.push(operand);
      for (const node of nodes) {
        candidates.push({
          node,
          label: () => {
            const shape = context.shapes.get(node);
            assert.ok(shape, `no shape for ${source(node)}`);
            return context.label(shape);
          },
        });
      }
    }
  }
  const k = row.k ?? 0;
  assert.ok(candidates.length > k, `no expression ${row.sub ?? `#${k}`} in ${row.text}`);
  return candidates[k].label();
}

/** `$A \in \mathbb{R}^{m\times n}$` declarations, one inline region each, on one line. */
function decl(...items: string[]): string {
  return items.map((item) => `$${item}$`).join(', ') + '\n\n';
}

const mn = decl('A \\in \\mathbb{R}^{m\\times n}');
const seed = decl(
  'A \\in \\mathbb{R}^{m\\times n}',
  'B \\in \\mathbb{R}^{k\\times m}',
  'X \\in \\mathbb{R}^{k\\times l}',
  'C \\in \\mathbb{R}^{l\\times n}',
);
const sq = decl('X \\in \\mathbb{R}^{n\\times n}');
const vec = decl('A \\in \\mathbb{R}^{m\\times n}', 'x \\in \\mathbb{R}^n', 'y \\in \\mathbb{R}^m');
const SEED_MACROS =
  '$ \\def\\o{{\\tt1}}\\def\\p{\\partial} \\def\\L{\\left}\\def\\R{\\right}\\def\\LR#1{\\L(#1\\R)} ' +
  '\\def\\trace#1{\\operatorname{Tr}\\LR{#1}} \\def\\grad#1#2{\\frac{\\p #1}{\\p #2}} $\n\n';

const ROWS: Row[] = [
  // ── symbols: bold, plain, Greek ─────────────────────────────────────────────────────────
  { name: 'plain uppercase is a matrix', text: '$$ X $$', expected: 'm×n' },
  { name: 'plain lowercase is a scalar', text: '$$ x $$', expected: 'scalar' },
  { name: '\\mathbf{X} is a matrix', text: '$$ \\mathbf{X} $$', expected: 'm×n' },
  { name: '\\mathbf{x} is a column vector', text: '$$ \\mathbf{x} $$', expected: 'm×1' },
  {
    name: '\\boldsymbol{\\theta} is a column vector',
    text: '$$ \\boldsymbol{\\theta} $$',
    expected: 'm×1',
  },
  {
    name: '\\boldsymbol{\\Sigma} is a matrix',
    text: '$$ \\boldsymbol{\\Sigma} $$',
    expected: 'm×n',
  },
  { name: '\\bm{x} is a column vector', text: '$$ \\bm{x} $$', expected: 'm×1' },
  { name: '\\bm{W} is a matrix', text: '$$ \\bm{W} $$', expected: 'm×n' },
  {
    name: '\\mathbf{X} and X are one symbol',
    text: decl('\\mathbf{X} \\in \\mathbb{R}^{k\\times l}') + '$$ X^T $$',
    expected: 'l×k',
  },
  { name: 'bold vector inner product', text: '$$ \\mathbf{x}^T\\mathbf{x} $$', expected: 'scalar' },
  { name: 'bold vector outer product', text: '$$ \\mathbf{x}\\mathbf{x}^T $$', expected: 'm×m' },

  // ── transpose and inverse ───────────────────────────────────────────────────────────────
  { name: '^T', text: mn + '$$ A^T $$', expected: 'n×m' },
  { name: '^{T}', text: mn + '$$ A^{T} $$', expected: 'n×m' },
  { name: '^\\top', text: mn + '$$ A^\\top $$', expected: 'n×m' },
  { name: '^{\\top}', text: mn + '$$ A^{\\top} $$', expected: 'n×m' },
  { name: '^{\\mathsf T}', text: mn + '$$ A^{\\mathsf T} $$', expected: 'n×m' },
  { name: '^{\\mathsf{T}}', text: mn + '$$ A^{\\mathsf{T}} $$', expected: 'n×m' },
  { name: '^\\intercal', text: mn + '$$ A^\\intercal $$', expected: 'n×m' },
  { name: "prime A'", text: mn + "$$ A' $$", expected: 'n×m' },
  { name: '^\\mathsf{T} without braces', text: mn + '$$ A^\\mathsf{T} $$', expected: 'n×m' },
  { name: '^\\text{T} without braces', text: mn + '$$ A^\\text{T} $$', expected: 'n×m' },
  { name: '^{\\textsf{T}}', text: mn + '$$ A^{\\textsf{T}} $$', expected: 'n×m' },
  { name: '^{\\rm T}', text: mn + '$$ A^{\\rm T} $$', expected: 'n×m' },
  { name: '^{-1}', text: sq + '$$ X^{-1} $$', expected: 'n×n' },
  { name: '^{-T}', text: sq + '$$ X^{-T} $$', expected: 'n×n' },
  { name: '^{-1} forces an undeclared matrix square', text: '$$ X^{-1} $$', expected: 'm×m' },
  {
    name: 'transpose of a product',
    text:
      decl('A \\in \\mathbb{R}^{m\\times n}', 'B \\in \\mathbb{R}^{n\\times p}') + '$$ (AB)^T $$',
    expected: 'p×m',
  },

  // ── products and scaling ────────────────────────────────────────────────────────────────
  {
    name: 'juxtaposition is the matrix product',
    text: decl('A \\in \\mathbb{R}^{m\\times n}', 'B \\in \\mathbb{R}^{n\\times p}') + '$$ AB $$',
    expected: 'm×p',
  },
  {
    name: '\\cdot is the matrix product',
    text:
      decl('A \\in \\mathbb{R}^{m\\times n}', 'B \\in \\mathbb{R}^{n\\times p}') +
      '$$ A \\cdot B $$',
    expected: 'm×p',
  },
  { name: 'matrix times vector', text: vec + '$$ Ax $$', expected: 'm×1' },
  { name: 'row vector times matrix', text: vec + '$$ y^T A $$', expected: '1×n' },
  { name: 'number scales', text: mn + '$$ 2A $$', expected: 'm×n' },
  { name: 'Greek letter scales', text: mn + '$$ \\lambda A $$', expected: 'm×n' },
  { name: '\\frac12 scales', text: mn + '$$ \\frac12 A $$', expected: 'm×n' },
  {
    name: '\\frac12 still scales when d is declared (the statement is read twice)',
    text: decl('d \\in \\mathbb{R}') + mn + '$$ \\frac12 A $$',
    sub: '\\frac12 A',
    expected: 'm×n',
  },
  {
    name: '\\frac12 when d is declared: 1/2, not 2/A',
    text: decl('d \\in \\mathbb{R}') + mn + '$$ \\frac12 A $$',
    sub: '\\frac12',
    expected: 'scalar',
  },
  { name: '\\frac{1}{2} scales', text: mn + '$$ \\frac{1}{2} A $$', expected: 'm×n' },
  { name: '\\tfrac{1}{2} scales', text: mn + '$$ \\tfrac{1}{2} A $$', expected: 'm×n' },
  { name: '\\dfrac{1}{2} scales', text: mn + '$$ \\dfrac{1}{2} A $$', expected: 'm×n' },
  {
    name: 'X\\beta: a Greek letter after a matrix is a coefficient vector',
    text: mn + '$$ y - A\\beta $$',
    sub: '\\beta',
    expected: 'n×1',
  },
  {
    name: 'Ax - b with plain x and b: usage makes them vectors',
    text: mn + '$$ Ax - b $$',
    expected: 'm×1',
  },
  { name: 'Ax - b: x is n×1', text: mn + '$$ Ax - b $$', sub: 'x', expected: 'n×1' },
  { name: 'x^\\top A x is a scalar', text: sq + '$$ x^\\top X x $$', expected: 'scalar' },
  { name: 'x^\\top A x: x is a vector', text: sq + '$$ x^\\top X x $$', sub: 'x', expected: 'n×1' },

  // ── elementwise ─────────────────────────────────────────────────────────────────────────
  { name: '\\odot', text: mn + '$$ A \\odot A $$', expected: 'm×n' },
  { name: '\\circ', text: mn + '$$ A \\circ A $$', expected: 'm×n' },
  { name: '\\oslash', text: mn + '$$ A \\oslash A $$', expected: 'm×n' },
  {
    name: '\\frac{A}{B} is elementwise division',
    text: mn + '$$ \\frac{A}{B} $$',
    expected: 'm×n',
  },
  {
    name: "\\frac{A}{B}: B takes A's shape",
    text: mn + '$$ \\frac{A}{B} $$',
    sub: 'B',
    expected: 'm×n',
  },
  { name: 'matrix over a number', text: mn + '$$ \\frac{A}{2} $$', expected: 'm×n' },
  { name: 'elementwise reciprocal', text: mn + '$$ \\frac{1}{A} $$', expected: 'm×n' },
  { name: 'Hadamard power', text: mn + '$$ A^{\\circ 2} $$', expected: 'm×n' },
  { name: '\\log is elementwise', text: mn + '$$ \\log(A) $$', expected: 'm×n' },
  { name: '\\log without parentheses', text: mn + '$$ \\log A $$', expected: 'm×n' },
  { name: '\\exp is elementwise', text: mn + '$$ \\exp(A) $$', expected: 'm×n' },
  { name: '\\sqrt is elementwise', text: mn + '$$ \\sqrt{A} $$', expected: 'm×n' },
  { name: '\\sigma(…) is the elementwise sigmoid', text: mn + '$$ \\sigma(A) $$', expected: 'm×n' },
  { name: '\\tanh is elementwise', text: mn + '$$ \\tanh(A) $$', expected: 'm×n' },
  { name: 'sloppy log( without a backslash', text: mn + '$$ log(A) $$', expected: 'm×n' },
  { name: 'sloppy exp( without a backslash', text: mn + '$$ exp(A) $$', expected: 'm×n' },
  {
    name: '1 - \\sigma(z) broadcasts the number',
    text: '$$ 1 - \\sigma(\\mathbf{z}) $$',
    expected: 'm×1',
  },
  { name: 'e^{X} is the elementwise exponential', text: mn + '$$ e^{A} $$', expected: 'm×n' },

  // ── trace, determinant ──────────────────────────────────────────────────────────────────
  { name: '\\operatorname{tr}', text: sq + '$$ \\operatorname{tr}(X) $$', expected: 'scalar' },
  { name: '\\mathrm{Tr}', text: sq + '$$ \\mathrm{Tr}(X) $$', expected: 'scalar' },
  { name: '\\text{tr}', text: sq + '$$ \\text{tr}(X) $$', expected: 'scalar' },
  {
    name: '\\operatorname{tr} of a product without parentheses',
    text: mn + '$$ \\operatorname{tr} A^T A $$',
    expected: 'scalar',
  },
  {
    name: 'the trace makes its argument square',
    text: mn + '$$ \\operatorname{Tr}\\left(AB\\right) $$',
    sub: 'B',
    expected: 'n×m',
  },
  { name: '\\det', text: sq + '$$ \\det(X) $$', expected: 'scalar' },
  { name: '\\log\\det', text: sq + '$$ \\log\\det X $$', expected: 'scalar' },
  { name: '\\log\\det(…)', text: sq + '$$ \\log\\det(X) $$', expected: 'scalar' },
  { name: '\\log|X|', text: sq + '$$ \\log|X| $$', expected: 'scalar' },
  { name: '|X| is the determinant of a matrix', text: sq + '$$ |X| $$', expected: 'scalar' },
  {
    name: '\\operatorname{logdet} is log det, not an elementwise log',
    text: sq + '$$ \\operatorname{logdet}(X) $$',
    expected: 'scalar',
  },
  { name: 'sloppy logdet(', text: sq + '$$ logdet(X) $$', expected: 'scalar' },
  {
    name: '\\log\\det makes an undeclared matrix square',
    text: '$$ \\log\\det X $$',
    sub: 'X',
    expected: 'm×m',
  },

  // ── norms ───────────────────────────────────────────────────────────────────────────────
  { name: '\\|x\\|_2^2', text: vec + '$$ \\|x\\|_2^2 $$', expected: 'scalar' },
  { name: '\\|X\\|_F^2', text: mn + '$$ \\|A\\|_F^2 $$', expected: 'scalar' },
  { name: '\\|A\\|^2_F (superscript first)', text: mn + '$$ \\|A\\|^2_F $$', expected: 'scalar' },
  { name: '\\lVert…\\rVert', text: vec + '$$ \\lVert x \\rVert_2 $$', expected: 'scalar' },
  {
    name: '\\left\\|…\\right\\|',
    text: vec + '$$ \\left\\| Ax - y \\right\\|_2^2 $$',
    expected: 'scalar',
  },
  { name: '\\big\\|…\\big\\|', text: mn + '$$ \\big\\|A\\big\\|^2_F $$', expected: 'scalar' },
  {
    name: '\\|X\\|_\\text{F} without braces',
    text: mn + '$$ \\|A\\|_\\text{F} $$',
    expected: 'scalar',
  },
  {
    name: '\\|X\\|_\\mathrm{F}^2 without braces',
    text: mn + '$$ \\|A\\|_\\mathrm{F}^2 $$',
    expected: 'scalar',
  },
  { name: '\\|X\\|_{\\textrm{F}}', text: mn + '$$ \\|A\\|_{\\textrm{F}} $$', expected: 'scalar' },
  {
    name: 'the norm of a plain x makes x a vector',
    text: '$$ \\|x\\|_2^2 $$',
    sub: 'x',
    expected: 'm×1',
  },

  // ── Frobenius product and precedence ───────────────────────────────────────────────────
  { name: 'A : B is a scalar', text: mn + '$$ A : A $$', expected: 'scalar' },
  {
    name: 'A:BC + D:E is a scalar (products tighter than :, : tighter than +)',
    text: '$$ A:BC + D:E $$',
    expected: 'scalar',
  },
  { name: "A : BC: BC has A's shape", text: mn + '$$ A:BC + D:E $$', sub: 'BC', expected: 'm×n' },
  {
    name: 'A:B \\odot C: the Hadamard product is one operand',
    text: mn + '$$ A : B \\odot C $$',
    sub: 'B \\odot C',
    expected: 'm×n',
  },
  { name: '\\langle A, B\\rangle', text: mn + '$$ \\langle A, B \\rangle $$', expected: 'scalar' },
  {
    name: '\\left\\langle A, B \\right\\rangle_F',
    text: mn + '$$ \\left\\langle A, B \\right\\rangle_F $$',
    expected: 'scalar',
  },
  {
    name: "\\langle A, B\\rangle: B has A's shape",
    text: mn + '$$ \\langle A, B \\rangle $$',
    sub: 'B',
    expected: 'm×n',
  },

  // ── sums and entries ────────────────────────────────────────────────────────────────────
  {
    name: '\\sum_{i,j} over a matrix is the full sum',
    text: mn + '$$ \\sum_{i,j} A \\odot A $$',
    expected: 'scalar',
  },
  { name: '\\sum_{ij} A_{ij}', text: mn + '$$ \\sum_{ij} A_{ij} $$', expected: 'scalar' },
  {
    name: 'double sum with limits',
    text: mn + '$$ \\sum_{i=1}^m\\sum_{j=1}^n A_{ij}B_{ij} $$',
    expected: 'scalar',
  },
  {
    name: 'double sum: B follows the index ranges',
    text: mn + '$$ \\sum_{i=1}^m\\sum_{j=1}^n A_{ij}B_{ij} $$',
    sub: 'B',
    expected: 'm×n',
  },
  {
    name: 'entry of a product (B^T X C)_{ij}',
    text: seed + '$$ (B^T X C)_{ij} $$',
    expected: 'scalar',
  },
  {
    name: 'sum over entries of a product',
    text: seed + '$$ \\sum_{i,j} A_{ij} (B^T X C)_{ij} $$',
    expected: 'scalar',
  },
  {
    name: '\\sum_i \\mathbf{x}_i \\mathbf{x}_i^T over a family of vectors is a matrix',
    text: '$$ \\sum_{i=1}^N \\mathbf{x}_i \\mathbf{x}_i^T $$',
    expected: 'm×m',
  },
  {
    name: '\\sum_i (y_i - \\mathbf{w}^T\\mathbf{x}_i)^2: \\mathbf{x}_i is a data vector',
    text: '$$ \\sum_i (y_i - \\mathbf{w}^T\\mathbf{x}_i)^2 $$',
    expected: 'scalar',
  },
  { name: '\\sum_i x_i makes x a vector', text: '$$ \\sum_i x_i $$', sub: 'x', expected: 'm×1' },

  // ── ones, identity, diag, Kronecker ────────────────────────────────────────────────────
  { name: '\\mathbf{1} is a ones vector', text: '$$ \\mathbf{1} $$', expected: 'm×1' },
  { name: '\\mathbf{1}_n', text: '$$ \\mathbf{1}_n $$', expected: 'n×1' },
  {
    name: '\\mathbf{1}^T A \\mathbf{1}',
    text: mn + '$$ \\mathbf{1}^T A \\mathbf{1} $$',
    expected: 'scalar',
  },
  {
    name: 'a bare \\mathbf{1} becomes the matrix of ones when its use says so',
    text: mn + '$$ \\mathbf{1} - A $$',
    sub: '\\mathbf{1}',
    expected: 'm×n',
  },
  { name: 'A\\mathbf{1} sums rows', text: mn + '$$ A\\mathbf{1} $$', expected: 'm×1' },
  { name: 'I takes its size from use', text: sq + '$$ X + I $$', sub: 'I', expected: 'n×n' },
  { name: 'I_n', text: '$$ I_n $$', expected: 'n×n' },
  { name: 'X + \\lambda I', text: sq + '$$ X + \\lambda I $$', expected: 'n×n' },
  {
    name: '\\operatorname{diag} of a vector is a matrix',
    text: vec + '$$ \\operatorname{diag}(x) $$',
    expected: 'n×n',
  },
  {
    name: '\\operatorname{diag} of a matrix is a vector',
    text: sq + '$$ \\operatorname{diag}(X) $$',
    expected: 'n×1',
  },
  {
    name: '\\mathrm{diag} of a bold vector',
    text: '$$ \\mathrm{diag}(\\mathbf{v}) $$',
    expected: 'm×m',
  },
  {
    name: '\\otimes (Kronecker) multiplies dims',
    text:
      decl('A \\in \\mathbb{R}^{m\\times n}', 'B \\in \\mathbb{R}^{p\\times q}') +
      '$$ A \\otimes B $$',
    expected: 'm·p×n·q',
  },
  {
    name: 'vec(AXBᵀ) = (B ⊗ A) vec(X): m·l and l·m are the same size',
    text:
      decl(
        'A \\in \\mathbb{R}^{m\\times n}',
        'X \\in \\mathbb{R}^{n\\times k}',
        'B \\in \\mathbb{R}^{l\\times k}',
      ) + '$$ \\operatorname{vec}(AXB^T) = (B\\otimes A)\\operatorname{vec}(X) $$',
    k: 1,
    expected: 'l·m×1',
  },
  { name: 'I_n \\otimes A', text: mn + '$$ I_k \\otimes A $$', expected: 'k·m×k·n' },

  // ── delimiters, spacing, fractions ─────────────────────────────────────────────────────
  {
    name: '\\left( \\right)',
    text:
      decl('A \\in \\mathbb{R}^{m\\times n}', 'B \\in \\mathbb{R}^{n\\times p}') +
      '$$ \\left( A B \\right)^T $$',
    expected: 'p×m',
  },
  {
    name: '\\bigl( \\bigr)',
    text:
      decl('A \\in \\mathbb{R}^{m\\times n}', 'B \\in \\mathbb{R}^{n\\times p}') +
      '$$ \\bigl( A B \\bigr)^T $$',
    expected: 'p×m',
  },
  {
    name: '\\Bigl[ \\Bigr]',
    text:
      decl('A \\in \\mathbb{R}^{m\\times n}', 'B \\in \\mathbb{R}^{n\\times p}') +
      '$$ \\Bigl[ A B \\Bigr]^T $$',
    expected: 'p×m',
  },
  {
    name: 'spacing \\, \\; \\quad inside a product',
    text:
      decl('A \\in \\mathbb{R}^{m\\times n}', 'B \\in \\mathbb{R}^{n\\times p}') +
      '$$ A\\,B \\; $$',
    expected: 'm×p',
  },
  {
    name: '\\quad\\text{and}\\quad separates two expressions',
    text:
      decl('A \\in \\mathbb{R}^{m\\times n}', 'B \\in \\mathbb{R}^{n\\times p}') +
      '$$ A\\;B \\quad\\text{and}\\quad B^T A^T $$',
    k: 1,
    expected: 'p×m',
  },
  { name: '\\! and ~ inside a product', text: vec + '$$ A\\!~x $$', expected: 'm×1' },
  { name: '\\frac of matrices', text: seed + '$$ \\frac{A}{B^TXC} $$', expected: 'm×n' },
  { name: '\\dfrac of matrices', text: seed + '$$ \\dfrac{A}{B^TXC} $$', expected: 'm×n' },
  { name: '\\tfrac of matrices', text: seed + '$$ \\tfrac{A}{B^TXC} $$', expected: 'm×n' },
  {
    name: 'the seed objective with \\LR',
    text: SEED_MACROS + seed + '$$ A:\\log\\LR{\\frac{A}{B^TXC}} $$',
    expected: 'scalar',
  },

  // ── derivatives ─────────────────────────────────────────────────────────────────────────
  {
    name: "\\nabla_X of a scalar has X's shape",
    text: decl('X \\in \\mathbb{R}^{k\\times l}') + '$$ \\nabla_X \\operatorname{tr}(AX) $$',
    expected: 'k×l',
  },
  {
    name: '\\frac{\\partial f}{\\partial X} with f defined earlier',
    text:
      decl('X \\in \\mathbb{R}^{k\\times l}') +
      '$$ f(X) = \\|X\\|_F^2 $$\n\n$$ \\frac{\\partial f}{\\partial X} $$',
    k: 2,
    expected: 'k×l',
  },
  {
    name: '\\nabla_X f with f defined earlier by name',
    text:
      decl('X \\in \\mathbb{R}^{k\\times l}') +
      '$$ f = \\operatorname{tr}(X^T X) $$\n\n$$ \\nabla_X f $$',
    k: 2,
    expected: 'k×l',
  },
  {
    name: '\\frac{\\partial}{\\partial X} f as an operator',
    text:
      decl('X \\in \\mathbb{R}^{k\\times l}') + '$$ \\frac{\\partial}{\\partial X} \\|X\\|_F^2 $$',
    expected: 'k×l',
  },
  {
    name: '\\frac{df}{dx} for a vector x',
    text: vec + '$$ f = x^T x $$\n\n$$ \\frac{df}{dx} $$',
    k: 2,
    expected: 'n×1',
  },
  {
    name: 'the seed gradient \\grad{\\phi}{X}',
    text:
      SEED_MACROS + seed + '$$ \\phi = A:\\log\\LR{\\frac{A}{B^TXC}} $$\n\n$$ \\grad{\\phi}{X} $$',
    k: 2,
    expected: 'k×l',
  },
  {
    name: 'Jacobian ∂(Ax)/∂x is m×n (numerator layout)',
    text: vec + '$$ \\frac{\\partial (Ax)}{\\partial x} $$',
    expected: 'm×n',
  },
  {
    name: 'Jacobian ∂(Ax)/∂x with a plain, undeclared x',
    text: mn + '$$ \\frac{\\partial (Ax)}{\\partial x} $$',
    expected: 'm×n',
  },
  {
    name: '\\operatorname{loss}(W) defined, then its gradient',
    text:
      decl('W \\in \\mathbb{R}^{k\\times l}') +
      '$$ \\operatorname{loss}(W) = \\|W\\|_F^2 $$\n\n$$ \\nabla_W \\operatorname{loss}(W) $$',
    k: 2,
    expected: 'k×l',
  },
  { name: "differential dX has X's shape", text: seed + '$$ B^T dX\\, C $$', expected: 'm×n' },
  {
    name: 'd\\phi is a scalar',
    text: SEED_MACROS + seed + '$$ \\phi = A:\\log\\LR{\\frac{A}{B^TXC}} $$\n\n$$ d\\phi $$',
    k: 2,
    expected: 'scalar',
  },
  {
    name: 'd\\phi / dX with a slash is a gradient',
    text: SEED_MACROS + seed + '$$ \\phi = A:\\log\\LR{\\frac{A}{B^TXC}} $$\n\n$$ d\\phi / dX $$',
    k: 2,
    expected: 'k×l',
  },
  { name: 'd(X^{-1})', text: sq + '$$ d(X^{-1}) $$', expected: 'n×n' },
  { name: 'd(Ax - b)^\\top is a row', text: vec + '$$ d(Ax - y)^\\top $$', expected: '1×m' },
  { name: '\\mathrm{d}X', text: sq + '$$ \\mathrm{d}X $$', expected: 'n×n' },
  {
    name: 'd\\|x\\|^2 is the differential of the squared norm',
    text: vec + '$$ d\\|x\\|^2 $$',
    sub: 'd\\|x\\|^2',
    expected: 'scalar',
  },
  {
    name: 'dL of a function L(β) defined earlier is a scalar',
    text:
      decl('X \\in \\mathbb{R}^{m\\times n}', '\\beta \\in \\mathbb{R}^n', 'y \\in \\mathbb{R}^m') +
      '$$ L(\\beta) = \\|y - X\\beta\\|^2 $$\n\n$$ dL $$',
    k: 2,
    expected: 'scalar',
  },

  // ── unicode input ───────────────────────────────────────────────────────────────────────
  { name: 'Xᵀ', text: mn + '$$ Aᵀ $$', expected: 'n×m' },
  { name: 'A ⊙ A', text: mn + '$$ A ⊙ A $$', expected: 'm×n' },
  { name: 'A − A (unicode minus)', text: mn + '$$ A − A $$', expected: 'm×n' },
  { name: 'Bᵀ X C with unicode transposes', text: seed + '$$ A ⊘ (BᵀXC) $$', expected: 'm×n' },
  {
    name: 'X⁻¹ (unicode superscripts read as one group)',
    text: sq + '$$ X⁻¹ $$',
    sub: 'X⁻¹',
    expected: 'n×n',
  },
  { name: 'A⁻ᵀ', text: sq + '$$ (X + X)⁻ᵀ $$', expected: 'n×n' },
  { name: '‖x‖² with unicode bars', text: vec + '$$ ‖Ax − y‖² $$', expected: 'scalar' },

  // ── macros ──────────────────────────────────────────────────────────────────────────────
  {
    name: '\\def\\RR to a space',
    text: '$\\def\\RR{\\mathbb{R}}$\n\n' + decl('A \\in \\RR^{m\\times n}') + '$$ A^T $$',
    expected: 'n×m',
  },
  {
    name: '\\newcommand for a bold symbol',
    text: '$\\newcommand{\\X}{\\mathbf{X}}$\n\n$$ \\X^T \\X $$',
    expected: 'n×n',
  },
  {
    name: '\\newcommand with an argument',
    text: '$\\newcommand{\\norm}[1]{\\left\\|#1\\right\\|}$\n\n' + vec + '$$ \\norm{Ax - y}_2^2 $$',
    expected: 'scalar',
  },
  {
    name: '\\DeclareMathOperator',
    text: '$\\DeclareMathOperator{\\trc}{tr}$\n\n' + sq + '$$ \\trc(X) $$',
    expected: 'scalar',
  },
  {
    name: 'the seed \\trace macro',
    text: SEED_MACROS + mn + '$$ \\trace{AB^T} $$',
    expected: 'scalar',
  },

  // ── shapes from prose and directives ───────────────────────────────────────────────────
  { name: '"$A$ is $m\\times n$"', text: '$A$ is $m\\times n$.\n\n$$ A^T $$', expected: 'n×m' },
  {
    name: '"$A$ ($m \\times n$)"',
    text: 'Let $A$ ($m \\times n$) be given.\n\n$$ A^T $$',
    expected: 'n×m',
  },
  { name: '"an $n$-vector $x$"', text: 'Take an $n$-vector $x$.\n\n$$ x $$', expected: 'n×1' },
  {
    name: '"a $k\\times l$ matrix $X$"',
    text: 'For a $k\\times l$ matrix $X$,\n\n$$ X^T $$',
    expected: 'l×k',
  },
  {
    name: '$A_{m\\times n}$ on the symbol',
    text: 'Let $A_{m\\times n}$ be given.\n\n$$ A^T $$',
    expected: 'n×m',
  },
  {
    name: '"let $X$ be an $n\\times n$ matrix"',
    text: 'Let $X$ be an $n\\times n$ matrix.\n\n$$ X $$',
    expected: 'n×n',
  },
  {
    name: '"$A, B$ are $n\\times n$"',
    text: 'Matrices $A, B$ are $n\\times n$.\n\n$$ AB $$',
    expected: 'n×n',
  },
  {
    name: '"$A$, $B$ and $C$ are $n\\times n$": a listed symbol gets the size',
    text: '$A$, $B$ and $C$ are $n\\times n$.\n\n$$ A $$',
    expected: 'n×n',
  },
  {
    name: '"$x$ and $A$ is $m\\times n$": only A',
    text: 'Take $x$ and $A$ is $m\\times n$.\n\n$$ x $$',
    expected: 'scalar',
  },
  {
    name: '`A, B \\in \\mathbb{R}^{n\\times n}` declares both',
    text: decl('A, B \\in \\mathbb{R}^{n\\times n}') + '$$ B $$',
    expected: 'n×n',
  },
  {
    name: '<!-- gradlens: X k×l -->',
    text: '<!-- gradlens: X k×l -->\n\n$$ X^T $$',
    expected: 'l×k',
  },
  {
    name: '<!-- gradlens: … --> with two entries',
    text: '<!-- gradlens: X k×l, A m×n -->\n\n$$ A^T $$',
    expected: 'n×m',
  },
  {
    name: '% gradlens: in .tex',
    text: '% gradlens: X k×l\n\\begin{equation}\n  X^T\n\\end{equation}\n',
    expected: 'l×k',
    language: 'latex',
  },
  {
    name: '\\mathbb{S}^n_{++}',
    text: decl('S \\in \\mathbb{S}^n_{++}') + '$$ S $$',
    expected: 'n×n',
  },
  {
    name: '\\succ 0 makes a matrix square',
    text: '$\\Sigma \\succ 0$\n\n$$ \\Sigma $$',
    expected: 'm×m',
  },
  {
    name: '\\mathbb{R}_+^{m\\times n}',
    text: decl('A \\in \\mathbb{R}_+^{m\\times n}') + '$$ A^T $$',
    expected: 'n×m',
  },
  {
    name: '\\mathbb{R}^{m\\times n}_{++}',
    text: decl('A \\in \\mathbb{R}^{m\\times n}_{++}') + '$$ A^T $$',
    expected: 'n×m',
  },
  {
    name: 'a declaration after the formula applies',
    text: '$$ A^T $$\n\nwhere $A \\in \\mathbb{R}^{m\\times n}$.',
    expected: 'n×m',
  },

  // ── LaTeX environments and notebooks ──────────────────────────────────────────────────
  {
    name: '.tex align with &= continuation',
    text: '$A \\in \\mathbb{R}^{m\\times n}$\n\\begin{align}\n  f &= \\|A\\|_F^2 \\\\\n    &= A : A\n\\end{align}\n',
    k: 2,
    expected: 'scalar',
    language: 'latex',
  },
  {
    name: '.tex equation',
    text: '$A \\in \\mathbb{R}^{m\\times n}$\n\\begin{equation}\n  A^T A\n\\end{equation}\n',
    expected: 'n×n',
    language: 'latex',
  },
  {
    name: '.tex \\eqalign',
    text: '$A \\in \\mathbb{R}^{m\\times n}$\n$$\\eqalign{\n  A A^T \\cr\n}$$\n',
    expected: 'm×m',
    language: 'latex',
  },
  {
    name: '.tex \\[ … \\]',
    text: '$A \\in \\mathbb{R}^{m\\times n}$\n\\[ A^T \\]\n',
    expected: 'n×m',
    language: 'latex',
  },
  {
    name: '.ipynb markdown cell',
    text: JSON.stringify({
      cells: [
        {
          cell_type: 'markdown',
          metadata: {},
          source: ['Let $A \\in \\mathbb{R}^{m\\times n}$.\n', '\n', '$$ A^\\top A $$\n'],
        },
        {
          cell_type: 'code',
          metadata: {},
          source: ['A.T @ A'],
          outputs: [],
          execution_count: null,
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    }),
    expected: 'n×n',
    language: 'notebook',
  },
];

void test('the notation table has at least 90 rows', () => {
  assert.ok(ROWS.length >= 90, `${ROWS.length} rows`);
});

for (const row of ROWS) {
  void test(`notation: ${row.name}`, () => {
    assert.equal(labelOf(row), row.expected);
  });
}

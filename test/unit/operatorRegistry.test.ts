// The operator registry (src/core/operators): every binary operator has every part, and each part
// does what the parser, the shape inference, the evaluator, derive and the printers rely on.
// Spellings parse to the operator; the shape rule gives the expected shape (and a problem where
// the operands cannot fit); the evaluation computes the value written out entry by entry, and
// its vector-Jacobian product agrees with central differences on random inputs; the symbolic adjoint is verified against autodiff by derive;
// the differential rule agrees with central differences along random directions; the LaTeX
// printing parses back to the same tree, in every style and beside every other operator.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Evaluator } from '../../src/core/autodiff/evaluate';
import { countEvidence } from '../../src/core/claims/counts';
import * as op from '../../src/core/autodiff/ops';
import { Tape, type Value } from '../../src/core/autodiff/tape';
import { deriveGradient, isDerivation, objectiveShapes } from '../../src/core/derive/derive';
import { differentiate } from '../../src/core/derive/differential';
import { DeriveUnsupported } from '../../src/core/derive/expand';
import { binary } from '../../src/core/derive/nodes';
import { printLatex } from '../../src/core/derive/printLatex';
import { DEFAULT_STYLE, type NoteStyle } from '../../src/core/derive/style';
import type { BinaryOp, Expr } from '../../src/core/latex/ast';
import type { OperatorEvaluationContext } from '../../src/core/operators/define';
import {
  ALL_OPERATORS,
  latexOperators,
  OPERATOR_NAMES,
  operatorNamed,
  PLAIN_OPERATOR_FUNCTIONS,
  PLAIN_OPERATORS,
} from '../../src/core/operators/registry';
import { add, frobenius, matrix, normFro, scale, sub } from '../../src/core/numeric/kernels';
import type { Matrix } from '../../src/core/numeric/matrix';
import { randomMatrix, Rng } from '../../src/core/numeric/random';
import { parsePlainText } from '../../src/core/plaintext/parse';
import { readDocument } from '../../src/core/read';
import { ShapeContext } from '../../src/core/shape/infer';

/** The symbols every note below declares. */
const DECLARATIONS =
  'Let $X \\in \\mathbb{R}^{n\\times n}$, $A \\in \\mathbb{R}^{m\\times n}$, $B \\in \\mathbb{R}^{m\\times n}$, $C \\in \\mathbb{R}^{m\\times n}$, $\\mathbf{x} \\in \\mathbb{R}^{n}$, $\\mathbf{c} \\in \\mathbb{R}^{n}$, $s \\in \\mathbb{R}$.\n\n';

/** Sizes drawn for the declared symbols (m = 3, n = 4), and how each is drawn. */
const SIZES: Record<string, Input> = {
  X: [4, 4, 'normal'],
  A: [3, 4, 'normal'],
  B: [3, 4, 'positive'],
  C: [3, 4, 'normal'],
  x: [4, 1, 'normal'],
  c: [4, 1, 'normal'],
  s: [1, 1, 'positive'],
};

type Draw = 'normal' | 'positive';
type Input = [rows: number, cols: number, draw: Draw];

interface Case {
  /** Operands (LaTeX over the declared symbols) and the shape the rule must give. */
  shape: { operands: [string, string]; dot?: true; expect: string }[];
  /** Operands the rule must refuse with a shape problem. */
  refuses?: [string, string];
  /** Inputs for the evaluation and the value's size; `dot`: read as u · v of two columns. */
  evaluate: { inputs: [Input, Input]; dot?: true; expect: [number, number] }[];
  /** Expressions using the operator whose differential must agree with central differences. */
  differential: { expr: string; wrt: string }[];
  /** Scalar objectives using the operator, `\nabla_{wrt}` of which derive must verify. */
  derive: { objective: string; wrt: string }[];
  /** Syntax that reads as the operator without an infix spelling (juxtaposition, \frac). */
  syntax?: string[];
  /** What derive cannot do with it yet: its adjoint and differential say so. */
  notDerived?: { objective: string; wrt: string };
}

/** One case per registered operator: an operator without one fails the first test. */
const CASES: Record<BinaryOp, Case> = {
  add: {
    shape: [
      { operands: ['A', 'B'], expect: 'm×n' },
      { operands: ['1', 'A'], expect: 'm×n' },
    ],
    refuses: ['A', 'X'],
    evaluate: [
      {
        inputs: [
          [3, 4, 'normal'],
          [3, 4, 'normal'],
        ],
        expect: [3, 4],
      },
      {
        inputs: [
          [1, 1, 'normal'],
          [3, 4, 'normal'],
        ],
        expect: [3, 4],
      },
    ],
    differential: [
      { expr: 'X \\mathbf{x} + \\mathbf{x}', wrt: 'x' },
      { expr: 'A + B', wrt: 'B' },
    ],
    derive: [
      { objective: '\\operatorname{tr}(C^T (A + B))', wrt: 'A' },
      { objective: '\\mathbf{c}^T (X \\mathbf{x} + \\mathbf{x})', wrt: 'x' },
    ],
  },
  sub: {
    shape: [{ operands: ['A', 'B'], expect: 'm×n' }],
    refuses: ['A', 'X'],
    evaluate: [
      {
        inputs: [
          [3, 4, 'normal'],
          [3, 4, 'normal'],
        ],
        expect: [3, 4],
      },
      {
        inputs: [
          [3, 4, 'normal'],
          [1, 1, 'normal'],
        ],
        expect: [3, 4],
      },
    ],
    differential: [{ expr: 'X - X^T', wrt: 'X' }],
    derive: [
      { objective: '\\operatorname{tr}(C^T (A - B))', wrt: 'B' },
      { objective: '\\mathbf{c}^T (\\mathbf{x} - X \\mathbf{x})', wrt: 'x' },
    ],
  },
  mul: {
    shape: [
      { operands: ['X', '\\mathbf{x}'], expect: 'n×1' },
      { operands: ['A', 'X'], expect: 'm×n' },
      { operands: ['s', 'A'], expect: 'm×n' },
      { operands: ['\\mathbf{x}', '\\mathbf{c}'], dot: true, expect: 'scalar' },
    ],
    refuses: ['X', 'A'],
    evaluate: [
      {
        inputs: [
          [3, 4, 'normal'],
          [4, 2, 'normal'],
        ],
        expect: [3, 2],
      },
      {
        inputs: [
          [1, 1, 'normal'],
          [3, 4, 'normal'],
        ],
        expect: [3, 4],
      },
      {
        inputs: [
          [4, 1, 'normal'],
          [4, 1, 'normal'],
        ],
        dot: true,
        expect: [1, 1],
      },
    ],
    differential: [
      { expr: 'X X', wrt: 'X' },
      { expr: 's A', wrt: 's' },
      { expr: '\\mathbf{x}^T X \\mathbf{x}', wrt: 'x' },
    ],
    derive: [
      { objective: '\\mathbf{c}^T X \\mathbf{x}', wrt: 'X' },
      { objective: 's \\, \\mathbf{c}^T X \\mathbf{x}', wrt: 's' },
      { objective: '\\mathbf{x}^T X \\mathbf{x}', wrt: 'x' },
    ],
    syntax: ['A X', 'A \\cdot X'],
  },
  hadamard: {
    shape: [
      { operands: ['A', 'B'], expect: 'm×n' },
      { operands: ['2', 'A'], expect: 'm×n' },
    ],
    refuses: ['A', 'X'],
    evaluate: [
      {
        inputs: [
          [3, 4, 'normal'],
          [3, 4, 'normal'],
        ],
        expect: [3, 4],
      },
    ],
    differential: [
      { expr: 'X \\odot X', wrt: 'X' },
      { expr: 'A \\odot C', wrt: 'A' },
    ],
    derive: [
      { objective: '\\operatorname{tr}(C^T (A \\odot B))', wrt: 'B' },
      { objective: '\\mathbf{c}^T (\\mathbf{x} \\odot \\mathbf{x})', wrt: 'x' },
    ],
  },
  div: {
    shape: [
      { operands: ['A', 'B'], expect: 'm×n' },
      { operands: ['A', 's'], expect: 'm×n' },
      { operands: ['1', 'A'], expect: 'm×n' },
    ],
    refuses: ['A', 'X'],
    evaluate: [
      {
        inputs: [
          [3, 4, 'normal'],
          [3, 4, 'positive'],
        ],
        expect: [3, 4],
      },
      {
        inputs: [
          [3, 4, 'normal'],
          [1, 1, 'positive'],
        ],
        expect: [3, 4],
      },
    ],
    differential: [
      { expr: 'A \\oslash B', wrt: 'B' },
      { expr: 'A \\oslash B', wrt: 'A' },
      { expr: 'A / s', wrt: 's' },
    ],
    derive: [
      { objective: '\\operatorname{tr}(C^T (A \\oslash B))', wrt: 'B' },
      { objective: '\\operatorname{tr}(C^T (A \\oslash B))', wrt: 'A' },
    ],
    syntax: ['\\frac{A}{B}'],
  },
  kron: {
    shape: [{ operands: ['A', '\\mathbf{x}'], expect: 'm·n×n' }],
    evaluate: [
      {
        inputs: [
          [2, 3, 'normal'],
          [3, 2, 'normal'],
        ],
        expect: [6, 6],
      },
    ],
    differential: [],
    derive: [],
    notDerived: { objective: '\\mathbf{1}^T (X \\otimes \\mathbf{x}) \\mathbf{c}', wrt: 'X' },
  },
  frob: {
    shape: [{ operands: ['A', 'B'], expect: 'scalar' }],
    refuses: ['A', 'X'],
    evaluate: [
      {
        inputs: [
          [3, 4, 'normal'],
          [3, 4, 'normal'],
        ],
        expect: [1, 1],
      },
    ],
    differential: [
      { expr: 'X : X^T', wrt: 'X' },
      { expr: 'C : A', wrt: 'A' },
    ],
    derive: [
      { objective: 'A : (B \\odot A)', wrt: 'A' },
      { objective: 'C : (A X)', wrt: 'X' },
    ],
    syntax: ['\\langle A, B \\rangle'],
  },
};

function note(text: string) {
  return readDocument({ uri: 'mem://operators.md', version: 1, language: 'markdown', text });
}

/** The expression of the last display of DECLARATIONS + `$$ latex $$`. */
function parseLatex(latex: string): Expr {
  const read = note(`${DECLARATIONS}$$ ${latex} $$\n`);
  const chain = read.statements[read.statements.length - 1]?.chain;
  assert.ok(chain, `cannot parse ${latex}`);
  return chain.operands[0];
}

const isBinaryOf = (e: Expr | undefined, o: BinaryOp) => e?.type === 'binary' && e.op === o;

/** Whether `o` is applied anywhere in `e`. */
function applies(e: Expr, o: BinaryOp): boolean {
  if (isBinaryOf(e, o)) return true;
  if (e.type === 'binary') return applies(e.left, o) || applies(e.right, o);
  if (e.type === 'call') return e.args.some((a) => applies(a, o));
  if (e.type === 'transpose' || e.type === 'neg') return applies(e.arg, o);
  return false;
}

/** A 1×1 operand broadcasts over the other's entries. */
function entrywise(a: Matrix, b: Matrix, f: (x: number, y: number) => number): Matrix {
  const [rows, cols] = a.isScalar() ? [b.rows, b.cols] : [a.rows, a.cols];
  const at = (m: Matrix, i: number, j: number) => (m.isScalar() ? m.get(0, 0) : m.get(i, j));
  const out: number[] = [];
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) out.push(f(at(a, i, j), at(b, i, j)));
  return matrix(rows, cols, out);
}

/** The value each operator must compute, written out entry by entry. */
const REFERENCE: Record<BinaryOp, (a: Matrix, b: Matrix, dot: boolean) => Matrix> = {
  add: (a, b) => entrywise(a, b, (x, y) => x + y),
  sub: (a, b) => entrywise(a, b, (x, y) => x - y),
  hadamard: (a, b) => entrywise(a, b, (x, y) => x * y),
  div: (a, b) => entrywise(a, b, (x, y) => x / y),
  mul: (a, b, dot) => {
    if (dot) return matrix(1, 1, [frobenius(a, b)]);
    if (a.isScalar() || b.isScalar()) return entrywise(a, b, (x, y) => x * y);
    const out: number[] = [];
    for (let i = 0; i < a.rows; i++)
      for (let j = 0; j < b.cols; j++) {
        let total = 0;
        for (let k = 0; k < a.cols; k++) total += a.get(i, k) * b.get(k, j);
        out.push(total);
      }
    return matrix(a.rows, b.cols, out);
  },
  kron: (a, b) => {
    const out: number[] = [];
    for (let i = 0; i < a.rows * b.rows; i++)
      for (let j = 0; j < a.cols * b.cols; j++)
        out.push(
          a.get(Math.floor(i / b.rows), Math.floor(j / b.cols)) * b.get(i % b.rows, j % b.cols),
        );
    return matrix(a.rows * b.rows, a.cols * b.cols, out);
  },
  frob: (a, b) => matrix(1, 1, [frobenius(a, b)]),
};

/** The operator's evaluation rule applied on the tape. */
function evaluateOperator(o: BinaryOp, t: Tape, a: Value, b: Value, dot = false): Value {
  const ctx: OperatorEvaluationContext = {
    tape: t,
    ops: op,
    finite: (value) => value,
    unsupported: (message) => {
      throw new Error(message);
    },
    isDotProduct: () => dot,
    printed: () => o,
  };
  return operatorNamed(o).evaluate(a, b, ctx);
}

describe('the registry', () => {
  test('every operator has its case here, and its key is its name', () => {
    assert.deepEqual([...OPERATOR_NAMES].sort(), Object.keys(CASES).sort());
    for (const name of OPERATOR_NAMES) assert.equal(operatorNamed(name).name, name);
    assert.equal(ALL_OPERATORS.length, OPERATOR_NAMES.length);
  });

  test('no spelling names two operators', () => {
    const latex = ALL_OPERATORS.flatMap((o) => o.latex);
    assert.equal(new Set(latex).size, latex.length);
    const levels = ['additive', 'inner', 'product'] as const;
    assert.equal(
      levels.reduce((n, level) => n + latexOperators(level).size, 0),
      latex.length,
    );
    for (const part of ['operators', 'functions'] as const) {
      const all = ALL_OPERATORS.flatMap((o) => o.plain[part]);
      assert.equal(new Set(all).size, all.length, part);
    }
    assert.equal(PLAIN_OPERATORS.size, ALL_OPERATORS.flatMap((o) => o.plain.operators).length);
    assert.equal(
      PLAIN_OPERATOR_FUNCTIONS.size,
      ALL_OPERATORS.flatMap((o) => o.plain.functions).length,
    );
  });

  test('every operator has a LaTeX spelling and a plain-text one', () => {
    for (const o of ALL_OPERATORS) {
      assert.ok(o.latex.length > 0, o.name);
      assert.ok(o.plain.operators.length + o.plain.functions.length > 0, o.name);
    }
  });
});

/**
 * Tables of operators outside the registry: a line mapping a spelling to an operator name
 * (`'\odot': 'hadamard',`), an object keyed by three operators or more (`add: 1,`), a list
 * literal naming three or more, or a switch with cases for three or more. Before the registry
 * this scan flagged twelve files (parser, plain text, print, printLatex, infer, evaluate, domain,
 * reverse, differential, and the three rewrites below); it fails if such a table comes back.
 *
 * The rewrites that walk a tree by its operators are not properties of an operator: simplify.ts
 * (collecting terms), coefficient.ts (the linear coefficient of v), moveOut.ts (dX out of a
 * Frobenius product). Each is listed here, and the test fails once its switch is gone, so the
 * list cannot outlive them.
 */
describe('no operator table outside the registry', () => {
  const names = new Set<string>(OPERATOR_NAMES);
  const REWRITES = ['simplify.ts', 'coefficient.ts', 'moveOut.ts'].map((f) =>
    join('src', 'core', 'derive', f),
  );
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? files(join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [join(dir, e.name)]
          : [],
    );
  const sources = files('src/core').filter((f) => !f.includes(join('src', 'core', 'operators')));

  /** What in `text` tables operators: empty when nothing does. */
  function tables(text: string) {
    // `op: 'add',` and `type: 'binary',` build a node: a field, not a spelling
    const mapping = [...text.matchAll(/^\s*'?([^'\s:]+)'?: '(\w+)',$/gm)]
      .filter((m) => m[1] !== 'op' && m[1] !== 'type' && names.has(m[2]))
      .map((m) => m[0].trim());
    const keyed = new Set(
      [...text.matchAll(/^\s*(\w+): [^,]+,$/gm)].map((m) => m[1]).filter((k) => names.has(k)),
    );
    const lists = [...text.matchAll(/\[([^\][]*)\]/g)]
      .filter((m) => [...m[1].matchAll(/'(\w+)'/g)].filter((q) => names.has(q[1])).length >= 3)
      .map((m) => m[0]);
    const cases = new Set(
      [...text.matchAll(/case '(\w+)':/g)].map((m) => m[1]).filter((n) => names.has(n)),
    );
    return {
      mapping,
      keyed: keyed.size >= 3 ? [...keyed] : [],
      lists,
      switch: cases.size >= 3 ? [...cases] : [],
    };
  }
  const none = { mapping: [], keyed: [], lists: [], switch: [] };

  test('the scan reads the core', () => assert.ok(sources.length > 50, `${sources.length}`));

  test('the scan finds a table: the parser before the registry', () => {
    const before = [
      'const PRODUCT_OPS: Record<string, BinaryOp> = {',
      "  '\\\\odot': 'hadamard',",
      "  '\\\\oslash': 'div',",
      '};',
      'const PRECEDENCE = {',
      '  add: 1,',
      '  frob: 2,',
      '  mul: 3,',
      '};',
      "switch (op) { case 'add': case 'sub': case 'mul': }",
    ].join('\n');
    const found = tables(before);
    assert.equal(found.mapping.length, 2);
    assert.equal(found.keyed.length, 3);
    assert.equal(found.switch.length, 3);
  });

  for (const file of sources) {
    const rewrite = REWRITES.includes(file);
    test(`${file}${rewrite ? ' (a rewrite: its switch is allowed)' : ''}`, () => {
      const found = tables(readFileSync(file, 'utf8'));
      if (rewrite) {
        assert.ok(found.switch.length >= 3, 'no switch left: take it off REWRITES');
        assert.deepEqual({ ...found, switch: [] }, none);
      } else assert.deepEqual(found, none);
    });
  }
});

describe('spellings parse to their operator', () => {
  for (const o of ALL_OPERATORS) {
    test(o.name, () => {
      for (const spelling of o.latex)
        assert.ok(isBinaryOf(parseLatex(`A ${spelling} B`), o.name), spelling);
      for (const spelling of CASES[o.name].syntax ?? [])
        assert.ok(isBinaryOf(parseLatex(spelling), o.name), spelling);
      for (const spelling of o.plain.operators) {
        const parsed = parsePlainText(`A ${spelling} B`);
        assert.ok(isBinaryOf(parsed.expr, o.name), spelling);
      }
      for (const name of o.plain.functions) {
        const parsed = parsePlainText(`${name}(A, B)`);
        assert.ok(isBinaryOf(parsed.expr, o.name), name);
      }
    });
  }
});

describe('what an operand says about its shape', () => {
  // a capital N beside ⊙, : or ⊗ is a matrix, not a count; a product has its own rule in
  // counts.ts (N is a matrix when its partner is), so it is left out here
  for (const o of ALL_OPERATORS.filter((x) => x.name !== 'mul'))
    test(`A ${o.latex[0]} N: N is ${o.operandsAre?.matrixWhenUppercase ? '' : 'not '}a matrix use`, () => {
      const read = note(`$$ A ${o.latex[0]} N $$\n`);
      const chain = read.statements[read.statements.length - 1].chain!;
      assert.ok(isBinaryOf(chain.operands[0], o.name));
      const { matrixUses } = countEvidence(chain);
      assert.equal(matrixUses.includes('N'), o.operandsAre?.matrixWhenUppercase === true);
    });
});

describe('shape rules', () => {
  /** The shape label and problem count of the operator applied to the parsed operands. */
  function inferBinary(o: BinaryOp, operands: [string, string], dot = false) {
    const read = note(`${DECLARATIONS}$$ ${operands.join(' + ')} $$\n`);
    const context = new ShapeContext(
      {
        env: read.env,
        lineOf: (offset: number) => read.lines.positionAt(offset).line,
        conventions: read.conventions,
        sections: read.sections,
      },
      read.document.text.length,
    );
    const [left, right] = operands.map((a) => parseLatex(a));
    const node: Expr = {
      type: 'binary',
      op: o,
      left,
      right,
      opSpan: left.span,
      span: left.span,
      ...(dot ? { dot: true } : {}),
    };
    const shape = context.infer(node);
    return {
      label: context.label(shape),
      problems: context.problems.length,
      dot: context.dotProducts.has(node),
    };
  }

  for (const o of ALL_OPERATORS) {
    const { shape, refuses } = CASES[o.name];
    for (const { operands, dot, expect } of shape)
      test(`${operands.join(` ${o.name} `)} is ${expect}`, () => {
        assert.deepEqual(inferBinary(o.name, operands, dot), {
          label: expect,
          problems: 0,
          dot: dot === true,
        });
      });
    if (refuses)
      test(`${refuses.join(` ${o.name} `)} is a shape problem`, () => {
        assert.ok(inferBinary(o.name, refuses).problems > 0);
      });
  }
});

describe('evaluation and its vector-Jacobian product against central differences', () => {
  const STEP = 1e-6;

  for (const o of ALL_OPERATORS) {
    for (const { inputs, dot, expect } of CASES[o.name].evaluate) {
      const sizes = inputs.map(([r, c, how]) => `${r}×${c} ${how}`).join(', ');
      test(`${o.name}(${sizes})${dot ? ' as a dot product' : ''}`, () => {
        for (let seed = 1; seed <= 20; seed++) {
          const rng = new Rng(seed);
          const xs = inputs.map(([r, c, how]) => randomMatrix(rng, r, c, how));
          const t = new Tape();
          const [a, b] = xs.map((x) => t.variable(x));
          const y = evaluateOperator(o.name, t, a, b, dot);
          assert.deepEqual([y.value.rows, y.value.cols], expect);
          const reference = REFERENCE[o.name](xs[0], xs[1], dot === true);
          assert.ok(normFro(sub(y.value, reference)) <= 1e-12 * normFro(reference), 'the value');
          const W = randomMatrix(rng, y.value.rows, y.value.cols, 'normal');
          const adjoint = t.backward(y, W);
          [a, b].forEach((v, k) => {
            const g = adjoint(v);
            const x = xs[k];
            assert.deepEqual([g.rows, g.cols], [x.rows, x.cols]);
            const V = randomMatrix(rng, x.rows, x.cols, 'direction');
            const h = STEP * Math.max(1, normFro(x));
            const at = (s: number) => {
              const c = new Tape();
              const [p, q] = xs.map((xi, i) => c.constant(i === k ? add(xi, scale(V, s)) : xi));
              return evaluateOperator(o.name, c, p, q, dot).value;
            };
            const dY = scale(sub(at(h), at(-h)), 1 / (2 * h));
            const fd = frobenius(W, dY);
            const ad = frobenius(g, V);
            const bound = 1e-6 * (normFro(W) * normFro(dY) + Math.abs(ad)) + 1e-8;
            assert.ok(Math.abs(fd - ad) <= bound, `seed ${seed}, input ${k}: ${fd} against ${ad}`);
          });
        }
      });
    }
  }
});

describe('differentials against central differences along random directions', () => {
  const STEP = 1e-6;

  function differentialOf(expr: string, wrt: string) {
    const read = note(`${DECLARATIONS}$$ ${expr} $$\n`);
    const chain = read.statements[read.statements.length - 1].chain!;
    const objective = chain.operands[0];
    const at = chain.span.start;
    const shapes = objectiveShapes(read, objective, at);
    const d = differentiate(objective, wrt, shapes, { steps: 1000 });
    return { read, objective, at, shapes, d };
  }

  for (const o of ALL_OPERATORS) {
    const cases = CASES[o.name].differential;
    test(`${o.name}: ${cases.map((c) => `d_${c.wrt}(${c.expr})`).join(', ') || 'none'}`, () => {
      for (const { expr, wrt } of cases) {
        const { read, objective, at, shapes, d } = differentialOf(expr, wrt);
        assert.ok(applies(objective, o.name), `${expr} does not apply ${o.name}`);
        assert.ok(d, `d(${expr}) is constant`);
        for (let seed = 1; seed <= 20; seed++) {
          const rng = new Rng(seed);
          const values = new Map(
            Object.entries(SIZES).map(([name, [r, c, how]]) => [
              name,
              randomMatrix(rng, r, c, how),
            ]),
          );
          const x = values.get(wrt)!;
          const v = randomMatrix(rng, x.rows, x.cols, 'direction');
          const evaluatorAt = (value: Matrix) =>
            new Evaluator({
              shapes: shapes.context,
              size: () => {
                throw new Error('no unsized 𝟏 or I is evaluated here');
              },
              env: read.env,
              at,
              sample: (symbol) => (symbol.name === wrt ? value : values.get(symbol.name)!),
              directions: new Map([[wrt, v]]),
            });
          const valueAt = (s: number) => evaluatorAt(add(x, scale(v, s))).evaluate(objective).value;
          const h = STEP * Math.max(1, normFro(x));
          const fd = scale(sub(valueAt(h), valueAt(-h)), 1 / (2 * h));
          const built: Matrix = evaluatorAt(x).evaluate(d).value;
          assert.deepEqual([built.rows, built.cols], [fd.rows, fd.cols], expr);
          const error = normFro(sub(built, fd));
          assert.ok(error <= 1e-6 * normFro(fd) + 1e-8, `${expr}, seed ${seed}: error ${error}`);
        }
      }
      const missing = CASES[o.name].notDerived;
      if (missing)
        assert.throws(() => differentialOf(missing.objective, missing.wrt), DeriveUnsupported);
    });
  }
});

describe('symbolic adjoints, verified against autodiff by derive', () => {
  for (const o of ALL_OPERATORS) {
    const { derive, notDerived } = CASES[o.name];
    test(`${o.name}: ${derive.map((c) => `∇_${c.wrt} ${c.objective}`).join(', ') || 'not derived'}`, () => {
      assert.ok(derive.length > 0 || notDerived, 'a case for the adjoint');
      for (const { objective: latex, wrt } of derive) {
        const read = note(`${DECLARATIONS}$$ ${latex} $$\n`);
        const statement = read.statements[read.statements.length - 1];
        const objective = statement.chain!.operands[0];
        assert.ok(applies(objective, o.name), `${latex} does not apply ${o.name}`);
        const result = deriveGradient(read, objective, wrt, statement.chain!.span.start);
        assert.ok(isDerivation(result), JSON.stringify(result));
        assert.ok(result.relError < 1e-8, `${latex}: relative error ${result.relError}`);
      }
      if (notDerived) {
        const read = note(`${DECLARATIONS}$$ ${notDerived.objective} $$\n`);
        const statement = read.statements[read.statements.length - 1];
        const objective = statement.chain!.operands[0];
        assert.ok(applies(objective, o.name));
        const result = deriveGradient(read, objective, notDerived.wrt, statement.chain!.span.start);
        assert.equal(isDerivation(result), false);
      }
    });
  }
});

describe('LaTeX printing parses back to the same tree', () => {
  /** The tree's structure: operators, calls and leaves; a chain of products as one list. */
  function structure(e: Expr): string {
    switch (e.type) {
      case 'binary': {
        if (e.op !== 'mul') return `${e.op}(${structure(e.left)}, ${structure(e.right)})`;
        const factors = (f: Expr): Expr[] =>
          f.type === 'binary' && f.op === 'mul' ? [...factors(f.left), ...factors(f.right)] : [f];
        return `mul(${factors(e).map(structure).join(', ')})`;
      }
      case 'symbol':
        return e.name;
      case 'number':
        return String(e.value);
      default:
        return e.type;
    }
  }

  const STYLES: NoteStyle[] = [
    DEFAULT_STYLE,
    { ...DEFAULT_STYLE, divide: 'frac', hadamard: '\\circ', frobenius: 'angle' },
  ];
  const [a, b, c] = ['A', 'B', 'C'].map((n) => parseLatex(n));

  for (const o of ALL_OPERATORS) {
    test(`${o.name}, alone and beside every operator, in both styles`, () => {
      const trees: Expr[] = [binary(o.name, a, b)];
      for (const other of OPERATOR_NAMES)
        trees.push(binary(o.name, binary(other, a, b), c), binary(o.name, a, binary(other, b, c)));
      for (const style of STYLES)
        for (const tree of trees) {
          const printed = printLatex(tree, style);
          assert.equal(structure(parseLatex(printed)), structure(tree), printed);
        }
    });
  }
});

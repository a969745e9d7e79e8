// The function registry (src/core/functions): every function has every part, and each part
// does what the readers, the shape inference, the evaluator, derive and the printers rely on.
// Spellings parse to the function; the shape rule gives the expected shape (and a problem where
// the argument cannot fit); the evaluation's vector-Jacobian product agrees with central
// differences on random inputs; the symbolic adjoint is verified against autodiff by derive;
// the differential rule agrees with central differences along random directions; a function
// said to be linear is; a derivative written with a prime is checked ok; the LaTeX printing
// parses back to the function.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../src/core/analyze';
import { Evaluator } from '../../src/core/autodiff/evaluate';
import * as op from '../../src/core/autodiff/ops';
import { Tape, type Value } from '../../src/core/autodiff/tape';
import { deriveGradient, isDerivation, objectiveShapes } from '../../src/core/derive/derive';
import { differentiate } from '../../src/core/derive/differential';
import { DeriveUnsupported } from '../../src/core/derive/expand';
import { call } from '../../src/core/derive/nodes';
import { printLatex } from '../../src/core/derive/printLatex';
import type { EvaluationContext } from '../../src/core/functions/define';
import {
  ALL_FUNCTIONS,
  FUNCTION_COMMANDS,
  FUNCTION_NAMES,
  FUNCTION_WORDS,
  functionNamed,
  PLAIN_FUNCTIONS,
  type FunctionName,
} from '../../src/core/functions/registry';
import type { Expr } from '../../src/core/latex/ast';
import { add, frobenius, map, normFro, scale, sub } from '../../src/core/numeric/kernels';
import type { Matrix } from '../../src/core/numeric/matrix';
import { randomMatrix, Rng } from '../../src/core/numeric/random';
import { parsePlainText } from '../../src/core/plaintext/parse';
import { readDocument } from '../../src/core/read';
import { ShapeContext } from '../../src/core/shape/infer';

/** The symbols every note below declares. */
const DECLARATIONS =
  'Let $X \\in \\mathbb{R}^{n\\times n}$, $A \\in \\mathbb{R}^{m\\times n}$, $B \\in \\mathbb{R}^{m\\times n}$, $C \\in \\mathbb{R}^{m\\times n}$, $\\mathbf{x} \\in \\mathbb{R}^{n}$, $\\mathbf{c} \\in \\mathbb{R}^{n}$, $s \\in \\mathbb{R}$.\n\n';

type Draw = 'normal' | 'positive' | 'awayFromZero' | 'wellConditioned' | 'spd';
type Input = [rows: number, cols: number, draw: Draw];

interface Case {
  /** Arguments (LaTeX over the declared symbols) and the shape the rule must give. */
  shape: { args: string[]; expect: string };
  /** An argument the rule must refuse with a problem (tr of a non-square A). */
  refuses?: string[];
  /** Inputs for the evaluation (rows×cols and how drawn) and the value's size. */
  evaluate: { inputs: Input[]; expect: [number, number] }[];
  /**
   * Uses of the function whose differential (derive/differential.ts with this function's rule)
   * must agree with central differences; `input` is how the variable `wrt` is drawn.
   */
  differential?: { expr: string; wrt: string; input: Input }[];
  /** A scalar objective using the function, `\nabla_{wrt}` of which derive must verify. */
  derive?: { objective: string; wrt: string };
  /** `f'(…)` in LaTeX, checked ok as the gradient of 𝟏ᵀ f(x). */
  prime?: string;
  /** LaTeX that reads as the function through the parser's own syntax (|X|, \sqrt{x}). */
  syntax?: string;
}

/** One case per registered function: a function without one fails the first test. */
const CASES: Record<FunctionName, Case> = {
  log: {
    shape: { args: ['A'], expect: 'm×n' },
    evaluate: [{ inputs: [[3, 4, 'positive']], expect: [3, 4] }],
    differential: [
      { expr: '\\log(A)', wrt: 'A', input: [3, 4, 'positive'] },
      { expr: '\\log(s)', wrt: 's', input: [1, 1, 'positive'] },
      { expr: '\\log\\det X', wrt: 'X', input: [4, 4, 'spd'] },
      { expr: '\\log |X|', wrt: 'X', input: [4, 4, 'wellConditioned'] },
    ],
    derive: { objective: '\\operatorname{tr}(C^T \\log(A))', wrt: 'A' },
    prime: "\\log'(\\mathbf{x})",
  },
  exp: {
    shape: { args: ['A'], expect: 'm×n' },
    evaluate: [{ inputs: [[3, 4, 'normal']], expect: [3, 4] }],
    differential: [
      { expr: '\\exp(A)', wrt: 'A', input: [3, 4, 'normal'] },
      { expr: '\\exp(s)', wrt: 's', input: [1, 1, 'normal'] },
    ],
    derive: { objective: '\\operatorname{tr}(C^T \\exp(A))', wrt: 'A' },
    prime: "\\exp'(\\mathbf{x})",
  },
  sqrt: {
    shape: { args: ['A'], expect: 'm×n' },
    evaluate: [{ inputs: [[3, 4, 'positive']], expect: [3, 4] }],
    differential: [
      { expr: '\\sqrt{A}', wrt: 'A', input: [3, 4, 'positive'] },
      { expr: '\\sqrt{s}', wrt: 's', input: [1, 1, 'positive'] },
    ],
    derive: { objective: '\\operatorname{tr}(C^T \\sqrt{A})', wrt: 'A' },
    syntax: '\\sqrt{A}',
  },
  sigmoid: {
    shape: { args: ['A'], expect: 'm×n' },
    evaluate: [{ inputs: [[3, 4, 'normal']], expect: [3, 4] }],
    differential: [
      { expr: '\\sigma(A)', wrt: 'A', input: [3, 4, 'normal'] },
      { expr: '\\sigma(s)', wrt: 's', input: [1, 1, 'normal'] },
    ],
    derive: { objective: '\\operatorname{tr}(C^T \\sigma(A))', wrt: 'A' },
    prime: "\\sigma'(\\mathbf{x})",
  },
  tanh: {
    shape: { args: ['A'], expect: 'm×n' },
    evaluate: [{ inputs: [[3, 4, 'normal']], expect: [3, 4] }],
    differential: [
      { expr: '\\tanh(A)', wrt: 'A', input: [3, 4, 'normal'] },
      { expr: '\\tanh(s)', wrt: 's', input: [1, 1, 'normal'] },
    ],
    derive: { objective: '\\operatorname{tr}(C^T \\tanh(A))', wrt: 'A' },
    prime: "\\tanh'(\\mathbf{x})",
  },
  sin: {
    shape: { args: ['A'], expect: 'm×n' },
    evaluate: [{ inputs: [[3, 4, 'normal']], expect: [3, 4] }],
    differential: [
      { expr: '\\sin(A)', wrt: 'A', input: [3, 4, 'normal'] },
      { expr: '\\sin(s)', wrt: 's', input: [1, 1, 'normal'] },
    ],
    derive: { objective: '\\operatorname{tr}(C^T \\sin(A))', wrt: 'A' },
    prime: "\\sin'(\\mathbf{x})",
  },
  cos: {
    shape: { args: ['A'], expect: 'm×n' },
    evaluate: [{ inputs: [[3, 4, 'normal']], expect: [3, 4] }],
    differential: [
      { expr: '\\cos(A)', wrt: 'A', input: [3, 4, 'normal'] },
      { expr: '\\cos(s)', wrt: 's', input: [1, 1, 'normal'] },
    ],
    derive: { objective: '\\operatorname{tr}(C^T \\cos(A))', wrt: 'A' },
    prime: "\\cos'(\\mathbf{x})",
  },
  abs: {
    shape: { args: ['A'], expect: 'm×n' },
    evaluate: [{ inputs: [[3, 4, 'awayFromZero']], expect: [3, 4] }],
  },
  bars: {
    shape: { args: ['X'], expect: 'scalar' },
    refuses: ['A'],
    evaluate: [
      { inputs: [[4, 4, 'wellConditioned']], expect: [1, 1] },
      { inputs: [[1, 1, 'awayFromZero']], expect: [1, 1] },
    ],
    differential: [{ expr: '\\left| X \\right|', wrt: 'X', input: [4, 4, 'wellConditioned'] }],
    derive: { objective: '\\log |X|', wrt: 'X' },
    syntax: '\\left| X \\right|',
  },
  tr: {
    shape: { args: ['X'], expect: 'scalar' },
    refuses: ['A'],
    evaluate: [{ inputs: [[4, 4, 'normal']], expect: [1, 1] }],
    differential: [{ expr: '\\operatorname{tr}(X)', wrt: 'X', input: [4, 4, 'normal'] }],
    derive: { objective: '\\operatorname{tr}(A^T B X)', wrt: 'X' },
  },
  det: {
    shape: { args: ['X'], expect: 'scalar' },
    refuses: ['A'],
    evaluate: [{ inputs: [[4, 4, 'wellConditioned']], expect: [1, 1] }],
    differential: [{ expr: '\\det X', wrt: 'X', input: [4, 4, 'wellConditioned'] }],
    derive: { objective: '\\det X', wrt: 'X' },
  },
  diag: {
    shape: { args: ['\\mathbf{x}'], expect: 'n×n' },
    refuses: ['A'],
    evaluate: [
      { inputs: [[4, 1, 'normal']], expect: [4, 4] },
      { inputs: [[4, 4, 'normal']], expect: [4, 1] },
    ],
    differential: [
      { expr: '\\operatorname{diag}(\\mathbf{x})', wrt: 'x', input: [4, 1, 'normal'] },
      { expr: '\\operatorname{diag}(X)', wrt: 'X', input: [4, 4, 'normal'] },
    ],
    derive: { objective: '\\operatorname{tr}(X \\operatorname{diag}(\\mathbf{x}))', wrt: 'x' },
  },
  vec: {
    shape: { args: ['A'], expect: 'm·n×1' },
    evaluate: [{ inputs: [[3, 4, 'normal']], expect: [12, 1] }],
  },
  softmax: {
    shape: { args: ['\\mathbf{x}'], expect: 'n×1' },
    evaluate: [{ inputs: [[5, 1, 'normal']], expect: [5, 1] }],
    derive: { objective: '\\mathbf{c}^T \\operatorname{softmax}(\\mathbf{x})', wrt: 'x' },
  },
  relu: {
    shape: { args: ['A'], expect: 'm×n' },
    evaluate: [{ inputs: [[3, 4, 'awayFromZero']], expect: [3, 4] }],
  },
  max: {
    shape: { args: ['A', 'B'], expect: 'm×n' },
    refuses: ['A', 'X'],
    evaluate: [
      {
        inputs: [
          [3, 4, 'awayFromZero'],
          [3, 4, 'positive'],
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
      {
        inputs: [
          [3, 4, 'normal'],
          [3, 4, 'normal'],
          [3, 4, 'normal'],
        ],
        expect: [3, 4],
      },
    ],
  },
  min: {
    shape: { args: ['A', 'B'], expect: 'm×n' },
    refuses: ['A', 'X'],
    evaluate: [
      {
        inputs: [
          [3, 4, 'awayFromZero'],
          [3, 4, 'positive'],
        ],
        expect: [3, 4],
      },
    ],
  },
  sum: {
    shape: { args: ['A'], expect: 'scalar' },
    evaluate: [{ inputs: [[3, 4, 'normal']], expect: [1, 1] }],
    differential: [{ expr: '\\operatorname{sum}(A)', wrt: 'A', input: [3, 4, 'normal'] }],
    derive: { objective: '\\operatorname{sum}(A \\odot C)', wrt: 'A' },
  },
};

function note(text: string) {
  return readDocument({ uri: 'mem://functions.md', version: 1, language: 'markdown', text });
}

/** The expression of the last display of DECLARATIONS + `$$ latex $$`. */
function parseLatex(latex: string): Expr {
  const read = note(`${DECLARATIONS}$$ ${latex} $$\n`);
  const chain = read.statements[read.statements.length - 1]?.chain;
  assert.ok(chain, `cannot parse ${latex}`);
  return chain.operands[0];
}

const isCallOf = (e: Expr, fn: FunctionName) => e.type === 'call' && e.fn === fn;

/** Whether `fn` is applied anywhere in `e` (through calls, operators, transposes, negations). */
function applies(e: Expr, fn: FunctionName): boolean {
  if (isCallOf(e, fn)) return true;
  if (e.type === 'call') return e.args.some((a) => applies(a, fn));
  if (e.type === 'binary') return applies(e.left, fn) || applies(e.right, fn);
  if (e.type === 'transpose' || e.type === 'neg') return applies(e.arg, fn);
  return false;
}

/** A value drawn as `how`; awayFromZero: entries at least 0.1 from 0. */
function drawMatrix(rng: Rng, [rows, cols, how]: Input): Matrix {
  if (how === 'awayFromZero')
    return map(
      randomMatrix(rng, rows, cols, 'normal'),
      (x) => (x >= 0 ? 1 : -1) * (0.1 + Math.abs(x)),
    );
  return randomMatrix(rng, rows, cols, how);
}

/** The function's evaluation rule applied on the tape. */
function evaluateCall(fn: FunctionName, t: Tape, args: Value[]): Value {
  const ctx: EvaluationContext = {
    tape: t,
    ops: op,
    finite: (value) => value,
    unsupported: (message) => {
      throw new Error(message);
    },
  };
  return functionNamed(fn).evaluate(args, ctx);
}

describe('the registry', () => {
  test('every function has its case here, and its key is its name', () => {
    assert.deepEqual([...FUNCTION_NAMES].sort(), Object.keys(CASES).sort());
    for (const name of FUNCTION_NAMES) assert.equal(functionNamed(name).name, name);
    assert.equal(ALL_FUNCTIONS.length, FUNCTION_NAMES.length);
  });

  test('no spelling names two functions', () => {
    for (const part of ['commands', 'words', 'plain'] as const) {
      const all = ALL_FUNCTIONS.flatMap((f) => f[part]);
      assert.equal(new Set(all).size, all.length, part);
    }
    const total = (part: 'commands' | 'words' | 'plain') =>
      ALL_FUNCTIONS.reduce((n, f) => n + f[part].length, 0);
    assert.equal(FUNCTION_COMMANDS.size, total('commands'));
    assert.equal(FUNCTION_WORDS.size, total('words'));
    assert.equal(PLAIN_FUNCTIONS.size, total('plain'));
  });

  test('every function can be written: a LaTeX spelling, the parser syntax, or plain text', () => {
    for (const f of ALL_FUNCTIONS) {
      const spellings = f.commands.length + f.words.length + f.plain.length;
      assert.ok(spellings > 0 || CASES[f.name].syntax, f.name);
    }
  });
});

/**
 * Tables of functions outside the registry: a line mapping a spelling to a function name
 * (`log: 'log',`), a list literal naming three functions or more, or a switch with cases for
 * three functions or more. Before the registry this scan flagged eleven files (parser,
 * statements, infer, evaluate, domain, reverse, derive shapes, simplify, prime derivatives,
 * plain text, counts); it fails if such a table comes back.
 */
describe('no function table outside the registry', () => {
  const names = new Set<string>(FUNCTION_NAMES);
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? files(join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [join(dir, e.name)]
          : [],
    );
  const sources = files('src/core').filter((f) => !f.includes(join('src', 'core', 'functions')));

  test('the scan reads the core', () => assert.ok(sources.length > 50, `${sources.length}`));

  for (const file of sources) {
    test(file, () => {
      const text = readFileSync(file, 'utf8');
      // `type: 'sum',` builds a Σ node: a field, not a spelling
      const mapping = [...text.matchAll(/^\s*'?\\{0,2}(\w+)'?: '(\w+)',$/gm)].filter(
        (m) => m[1] !== 'type' && names.has(m[2]),
      );
      assert.deepEqual(
        mapping.map((m) => m[0].trim()),
        [],
        'a spelling → function table',
      );
      const lists = [...text.matchAll(/\[([^\][]*)\]/g)].filter(
        (m) => [...m[1].matchAll(/'(\w+)'/g)].filter((q) => names.has(q[1])).length >= 3,
      );
      assert.deepEqual(
        lists.map((m) => m[0]),
        [],
        'a list of functions',
      );
      const cases = new Set(
        [...text.matchAll(/case '(\w+)':/g)].map((m) => m[1]).filter((n) => names.has(n)),
      );
      assert.ok(cases.size < 3, `a switch over functions: ${[...cases].join(', ')}`);
    });
  }
});

describe('spellings parse to their function', () => {
  for (const f of ALL_FUNCTIONS) {
    test(f.name, () => {
      const arg = '(X)';
      for (const command of f.commands)
        assert.ok(isCallOf(parseLatex(`${command}${arg}`), f.name), command);
      for (const word of f.words)
        for (const written of [
          word,
          `\\operatorname{${word}}`,
          `\\mathrm{${word}}`,
          `{\\rm ${word}}`,
        ])
          assert.ok(isCallOf(parseLatex(`${written}${arg}`), f.name), written);
      for (const name of f.plain) {
        const parsed = parsePlainText(`${name}(X)`);
        assert.ok(parsed.expr && isCallOf(parsed.expr, f.name), name);
      }
      const syntax = CASES[f.name].syntax;
      if (syntax) assert.ok(isCallOf(parseLatex(syntax), f.name), syntax);
    });
  }
});

describe('shape rules', () => {
  /** The shape label and problem count of f applied to the parsed arguments. */
  function inferCall(fn: FunctionName, args: string[]): { label: string; problems: number } {
    const read = note(`${DECLARATIONS}$$ ${args.join(' + ')} $$\n`);
    const context = new ShapeContext(
      {
        env: read.env,
        lineOf: (offset: number) => read.lines.positionAt(offset).line,
        conventions: read.conventions,
        sections: read.sections,
      },
      read.document.text.length,
    );
    const parsed = args.map((a) => parseLatex(a));
    const span = { start: 0, end: 0 };
    const node: Expr = { type: 'call', fn, args: parsed, span: parsed[0]?.span ?? span };
    const shape = context.infer(node);
    return { label: context.label(shape), problems: context.problems.length };
  }

  for (const f of ALL_FUNCTIONS) {
    const { shape, refuses } = CASES[f.name];
    test(`${f.name}(${shape.args.join(', ')}) is ${shape.expect}`, () => {
      const result = inferCall(f.name, shape.args);
      assert.deepEqual(result, { label: shape.expect, problems: 0 });
    });
    if (refuses)
      test(`${f.name}(${refuses.join(', ')}) is a shape problem`, () => {
        assert.ok(inferCall(f.name, refuses).problems > 0);
      });
    test(`${f.name} with a wrong number of arguments is a shape problem`, () => {
      // one too many, or for a function of any number of arguments one too few
      const count = f.arity.max < Infinity ? f.arity.max + 1 : f.arity.min - 1;
      assert.ok(count >= 0);
      assert.ok(inferCall(f.name, Array(count).fill('A')).problems > 0);
    });
  }
});

describe('evaluation and its vector-Jacobian product against central differences', () => {
  const STEP = 1e-6;

  for (const f of ALL_FUNCTIONS) {
    for (const { inputs, expect } of CASES[f.name].evaluate) {
      const sizes = inputs.map(([r, c, how]) => `${r}×${c} ${how}`).join(', ');
      test(`${f.name}(${sizes})`, () => {
        for (let seed = 1; seed <= 20; seed++) {
          const rng = new Rng(seed);
          const xs = inputs.map((i) => drawMatrix(rng, i));
          const t = new Tape();
          const vars = xs.map((x) => t.variable(x));
          const y = evaluateCall(f.name, t, vars);
          assert.deepEqual([y.value.rows, y.value.cols], expect);
          const W = randomMatrix(rng, y.value.rows, y.value.cols, 'normal');
          const adjoint = t.backward(y, W);
          xs.forEach((x, k) => {
            const g = adjoint(vars[k]);
            assert.deepEqual([g.rows, g.cols], [x.rows, x.cols]);
            const V = randomMatrix(rng, x.rows, x.cols, 'direction');
            const h = STEP * Math.max(1, normFro(x));
            const at = (s: number) => {
              const c = new Tape();
              const shifted = xs.map((xi, i) => c.constant(i === k ? add(xi, scale(V, s)) : xi));
              return evaluateCall(f.name, c, shifted).value;
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

  /** d(expr) by `wrt` as the differential steps build it, with what evaluating it needs. */
  function differentialOf(expr: string, wrt: string) {
    const read = note(`${DECLARATIONS}$$ ${expr} $$\n`);
    const chain = read.statements[read.statements.length - 1].chain!;
    const objective = chain.operands[0];
    const at = chain.span.start;
    const shapes = objectiveShapes(read, objective, at);
    const d = differentiate(objective, wrt, shapes, { steps: 1000 });
    return { read, objective, at, shapes, d };
  }

  for (const f of ALL_FUNCTIONS) {
    const cases = CASES[f.name].differential ?? [];
    test(`${f.name}: ${cases.map((c) => c.expr).join(', ') || 'no differential'}`, () => {
      assert.equal(f.differential !== undefined, cases.length > 0, 'a differential and its cases');
      for (const { expr, wrt, input } of cases) {
        const { read, objective, at, shapes, d } = differentialOf(expr, wrt);
        assert.ok(applies(objective, f.name), `${expr} does not apply ${f.name}`);
        assert.ok(d, `d(${expr}) is constant`);
        for (let seed = 1; seed <= 20; seed++) {
          const rng = new Rng(seed);
          const x = drawMatrix(rng, input);
          const v = randomMatrix(rng, input[0], input[1], 'direction');
          /** The variable at `value`, its differential along v. */
          const evaluatorAt = (value: Matrix) =>
            new Evaluator({
              shapes: shapes.context,
              size: () => {
                throw new Error('no unsized 𝟏 or I is evaluated here');
              },
              env: read.env,
              at,
              sample: (symbol) => {
                assert.equal(symbol.name, wrt);
                return value;
              },
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
    });
  }

  test('|s| of a scalar has none: not differentiable at 0', () => {
    assert.throws(() => differentialOf('|s|', 's'), DeriveUnsupported);
  });
});

describe('a function is said to be linear exactly when it is', () => {
  for (const f of ALL_FUNCTIONS) {
    test(`${f.name}: ${f.linear ? 'linear' : 'not linear'}`, () => {
      const [{ inputs }] = CASES[f.name].evaluate;
      let linearEverywhere = true;
      for (let seed = 1; seed <= 5; seed++) {
        const rng = new Rng(seed);
        const us = inputs.map((i) => drawMatrix(rng, i));
        const vs = inputs.map((i) => drawMatrix(rng, i));
        const at = (xs: Matrix[]) => {
          const t = new Tape();
          return evaluateCall(
            f.name,
            t,
            xs.map((x) => t.constant(x)),
          ).value;
        };
        // f(u + 2v) against f(u) + 2 f(v)
        const whole = at(us.map((u, k) => add(u, scale(vs[k], 2))));
        const parts = add(at(us), scale(at(vs), 2));
        if (normFro(sub(whole, parts)) > 1e-9 * (normFro(whole) + normFro(parts)) + 1e-12)
          linearEverywhere = false;
      }
      assert.equal(linearEverywhere, f.linear === true);
    });
  }
});

describe('symbolic adjoints, verified against autodiff by derive', () => {
  for (const f of ALL_FUNCTIONS) {
    const derive = CASES[f.name].derive;
    test(`${f.name}: ${derive ? derive.objective : 'no adjoint'}`, () => {
      assert.equal(f.adjoint !== undefined, derive !== undefined, 'an adjoint and its case');
      if (!derive) return;
      const read = note(`${DECLARATIONS}$$ ${derive.objective} $$\n`);
      const statement = read.statements[read.statements.length - 1];
      const objective = statement.chain!.operands[0];
      assert.ok(applies(objective, f.name), `the objective does not apply ${f.name}`);
      const result = deriveGradient(read, objective, derive.wrt, statement.chain!.span.start);
      assert.ok(isDerivation(result), JSON.stringify(result));
      assert.ok(result.relError < 1e-8, `relative error ${result.relError}`);
    });
  }
});

describe('derivatives written with a prime', () => {
  const check = (claim: string) =>
    analyzeDocument(
      {
        uri: 'mem://prime.md',
        version: 1,
        language: 'markdown',
        text: `${DECLARATIONS}$$ ${claim} $$\n`,
      },
      { numeric: { draws: 3, seed: 1 } },
    ).findings.filter((x) => x.kind === 'gradient');

  for (const f of ALL_FUNCTIONS) {
    const prime = CASES[f.name].prime;
    if (!prime) continue;
    test(prime, () => {
      assert.ok(typeof f.prime === 'function', `${f.name} has no prime rule`);
      const body = prime.replace(/'\(.*$/, '');
      const findings = check(`\\nabla_{\\mathbf x} \\mathbf{1}^T ${body}(\\mathbf{x}) = ${prime}`);
      assert.deepEqual(
        findings.map((x) => x.verdict),
        ['ok'],
      );
    });
  }

  test("relu'(x) is unsupported, not a verdict on a guess", () => {
    assert.ok(functionNamed('relu').prime && 'unsupported' in functionNamed('relu').prime!);
    const findings = check(
      "\\nabla_{\\mathbf x} \\mathbf{1}^T \\operatorname{relu}(\\mathbf{x}) = \\operatorname{relu}'(\\mathbf{x})",
    );
    assert.deepEqual(
      findings.map((x) => x.verdict),
      ['unsupported'],
    );
  });
});

describe('LaTeX printing parses back to the function', () => {
  for (const f of ALL_FUNCTIONS) {
    test(f.name, () => {
      if (!f.print.latex) {
        // |x| would read back as bars, a determinant on a matrix
        assert.equal(f.name, 'abs');
        assert.throws(() => printLatex(call(f.name, parseLatex('A'))));
        return;
      }
      const args = CASES[f.name].shape.args.map((a) => parseLatex(a));
      const back = parseLatex(printLatex(call(f.name, ...args)));
      if (f.name === 'sum') {
        // Σ_{i,j} over the entries: a sum node, the same value
        assert.equal(back.type, 'sum');
        return;
      }
      assert.ok(isCallOf(back, f.name), printLatex(call(f.name, ...args)));
      assert.equal(back.type === 'call' && back.args.length, args.length);
    });
  }
});

// Plain-text (matrixcalculus.org style) input: mathjs reads it, we map it into our tree with
// exact source spans, and nothing the user types is ever evaluated.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { children, visit, type Expr, type Span } from '../../src/core/latex/ast';
import { printExpr } from '../../src/core/latex/print';
import { limitedMath, parsePlainText } from '../../src/core/plaintext/parse';

/** The exact tree, as an S-expression: every node type, operator, name and value. */
function tree(e: Expr): string {
  switch (e.type) {
    case 'number':
      return String(e.value);
    case 'symbol':
      return e.name;
    case 'binary':
      return `(${e.op} ${tree(e.left)} ${tree(e.right)})`;
    case 'neg':
      return `(neg ${tree(e.arg)})`;
    case 'transpose':
      return `(T ${tree(e.arg)})`;
    case 'inverse':
      return `(inv ${tree(e.arg)})`;
    case 'power':
      return `(${e.elementwise ? '.^' : '^'} ${tree(e.arg)} ${tree(e.exponent)})`;
    case 'call':
      return `(${e.fn} ${e.args.map(tree).join(' ')})`;
    case 'norm':
      return `(norm_${e.kind} ${tree(e.arg)})`;
    case 'identity':
    case 'ones':
    case 'zero':
      return e.size ? `${e.type}_${'name' in e.size ? e.size.name : e.size.value}` : e.type;
    case 'matrix':
      return `[${e.rows.map((r) => r.map(tree).join(' ')).join('; ')}]`;
    default:
      return `<${e.type}>`;
  }
}

function parse(text: string): Expr {
  const result = parsePlainText(text);
  assert.equal(
    result.error,
    undefined,
    `unexpected error for ${text}: ${JSON.stringify(result.error)}`,
  );
  assert.ok(result.expr);
  return result.expr;
}

function errorOf(text: string): { message: string; start: number; end: number; source: string } {
  const result = parsePlainText(text);
  assert.equal(result.expr, undefined, `expected an error for ${JSON.stringify(text)}`);
  assert.ok(result.error, `expected an error for ${JSON.stringify(text)}`);
  return { ...result.error, source: text.slice(result.error.start, result.error.end) };
}

const source = (text: string, span: Span) => text.slice(span.start, span.end);

/** Every node, with the source text of its span. */
function nodes(text: string, root: Expr): { node: Expr; text: string }[] {
  const out: { node: Expr; text: string }[] = [];
  visit(root, (node) => out.push({ node, text: source(text, node.span) }));
  return out;
}

// ── the matrixcalculus.org inputs ───────────────────────────────────────────────────────

const CASES: { text: string; printed: string; tree: string }[] = [
  {
    text: "sum(A .* log(A ./ (B' * X * C)))",
    printed: 'sum(A ⊙ log(A ⊘ (BᵀXC)))',
    tree: '(sum (hadamard A (log (div A (mul (mul (T B) X) C)))))',
  },
  { text: "x'*A*x", printed: 'xᵀAx', tree: '(mul (mul (T x) A) x)' },
  {
    text: 'norm(A*x - b)^2',
    printed: '‖Ax − b‖^2',
    tree: '(^ (norm_default (sub (mul A x) b)) 2)',
  },
  { text: "trace(X'*A*X)", printed: 'tr(XᵀAX)', tree: '(tr (mul (mul (T X) A) X))' },
  { text: 'tr(X)', printed: 'tr(X)', tree: '(tr X)' },
  { text: 'log(det(X))', printed: 'log(det(X))', tree: '(log (det X))' },
  { text: 'logdet(X)', printed: 'log(det(X))', tree: '(log (det X))' },
  { text: "sigmoid(w'*x)", printed: 'σ(wᵀx)', tree: '(sigmoid (mul (T w) x))' },
  { text: "logistic(w'*x)", printed: 'σ(wᵀx)', tree: '(sigmoid (mul (T w) x))' },
  { text: 'sum(exp(X))', printed: 'sum(exp(X))', tree: '(sum (exp X))' },
  {
    text: "lambda * norm(W, 'fro')^2",
    printed: 'λ ‖W‖_F^2',
    tree: '(mul \\lambda (^ (norm_F W) 2))',
  },
  { text: 'inv(X)', printed: 'X⁻¹', tree: '(inv X)' },
  { text: 'X.^2', printed: 'X^∘2', tree: '(.^ X 2)' },
  { text: 'X^2', printed: 'X^2', tree: '(^ X 2)' },
  { text: 'X^-1', printed: 'X⁻¹', tree: '(inv X)' },
  { text: 'X^(-1)', printed: 'X⁻¹', tree: '(inv X)' },
  { text: 'A^T*B', printed: 'AᵀB', tree: '(mul (T A) B)' },
  { text: 'X^(-T)', printed: 'X⁻¹ᵀ', tree: '(T (inv X))' },
  { text: 'transpose(X)', printed: 'Xᵀ', tree: '(T X)' },
  { text: "(A*B)'", printed: '(AB)ᵀ', tree: '(T (mul A B))' },
  {
    text: 'exp(-x)./(1 + exp(-x))',
    printed: 'exp(−x) ⊘ (1 + exp(−x))',
    tree: '(div (exp (neg x)) (add 1 (exp (neg x))))',
  },
  { text: "0.5*x'*x", printed: '0.5xᵀx', tree: '(mul (mul 0.5 (T x)) x)' },
  {
    text: '1/2 * sum((X - Y).^2)',
    printed: '1/2 sum((X − Y)^∘2)',
    tree: '(mul (div 1 2) (sum (.^ (sub X Y) 2)))',
  },
  { text: 'tanh(W*x + b)', printed: 'tanh(Wx + b)', tree: '(tanh (add (mul W x) b))' },
  {
    text: 'sqrt(abs(x)) + sin(x) - cos(x)',
    printed: '(sqrt(abs(x)) + sin(x)) − cos(x)',
    tree: '(sub (add (sqrt (abs x)) (sin x)) (cos x))',
  },
  { text: 'diag(x)*A', printed: 'diag(x) A', tree: '(mul (diag x) A)' },
  { text: 'vec(X)', printed: 'vec(X)', tree: '(vec X)' },
  { text: 'softmax(W*x)', printed: 'softmax(Wx)', tree: '(softmax (mul W x))' },
  { text: 'relu(x) + max(x, 0)', printed: 'relu(x) + max(x, 0)', tree: '(add (relu x) (max x 0))' },
  { text: 'kron(A, B)', printed: 'A ⊗ B', tree: '(kron A B)' },
  { text: 'dot(a, b)', printed: 'a : b', tree: '(frob a b)' },
  {
    text: 'norm(x, 1) + norm(x, 2) + norm(x, Inf)',
    printed: '‖x‖_1 + ‖x‖_2 + ‖x‖_inf',
    tree: '(add (add (norm_1 x) (norm_2 x)) (norm_inf x))',
  },
  {
    text: "norm(X, 'nuc') + norm2(x) + norm1(x)",
    printed: '‖X‖_nuc + ‖x‖_2 + ‖x‖_1',
    tree: '(add (add (norm_nuc X) (norm_2 x)) (norm_1 x))',
  },
  { text: 'eye(n) + I', printed: 'I + I', tree: '(add identity_n identity)' },
  { text: "ones(n)'*x", printed: '𝟏ᵀx', tree: '(mul (T ones_n) x)' },
  { text: 'ones(n, 1)', printed: '𝟏', tree: 'ones_n' },
  { text: 'ones(1, 3)*x', printed: '𝟏ᵀx', tree: '(mul (T ones_3) x)' },
  { text: 'zeros(m) + x', printed: '0 + x', tree: '(add zero_m x)' },
  { text: '-x + +y', printed: '−x + y', tree: '(add (neg x) y)' },
  { text: '2x', printed: '2x', tree: '(mul 2 x)' },
  { text: '(A + B)(C + D)', printed: '(A + B) (C + D)', tree: '(mul (add A B) (add C D))' },
  { text: 'x .* y ./ z', printed: '(x ⊙ y) ⊘ z', tree: '(div (hadamard x y) z)' },
  { text: 'Sigma^-1 * (x - mu)', printed: 'Σ⁻¹ (x − μ)', tree: '(mul (inv \\Sigma) (sub x \\mu))' },
  { text: 'σ * x', printed: 'σx', tree: '(mul \\sigma x)' },
  {
    text: 'W1*x + b_1 + x_i',
    printed: 'W₁ x + b₁ + x_i',
    tree: '(add (add (mul W_{1} x) b_{1}) x_{i})',
  },
  { text: 'theta2', printed: 'θ₂', tree: '\\theta_{2}' },
  { text: 'alpha * beta', printed: 'αβ', tree: '(mul \\alpha \\beta)' },
  { text: '[a, b; c, d] * x', printed: '[a b; c d] x', tree: '(mul [a b; c d] x)' },
  { text: '[1, 2]', printed: '[1 2]', tree: '[1 2]' },
  { text: '[1; 2]', printed: '[1; 2]', tree: '[1; 2]' },
  { text: 'foo + 1', printed: 'foo + 1', tree: '(add foo 1)' },
  { text: '\n  x + y  # a comment\n', printed: 'x + y', tree: '(add x y)' },
  {
    text: "sum(A .* log(A ./ (B' * X * C)))\r\n",
    printed: 'sum(A ⊙ log(A ⊘ (BᵀXC)))',
    tree: '(sum (hadamard A (log (div A (mul (mul (T B) X) C)))))',
  },
];

for (const c of CASES) {
  test(`plain text: ${JSON.stringify(c.text)}`, () => {
    const expr = parse(c.text);
    assert.equal(tree(expr), c.tree);
    assert.equal(printExpr(expr), c.printed);
  });
}

test('symbols: names, displays, styles', () => {
  const symbols: Record<string, unknown> = {};
  visit(parse('A + x + lambda + Sigma + λ + W1 + foo + Bar + $z'), (n) => {
    if (n.type === 'symbol') symbols[n.display] = { name: n.name, style: n.style, bold: n.bold };
  });
  assert.deepEqual(symbols, {
    A: { name: 'A', style: 'latin-upper', bold: false },
    x: { name: 'x', style: 'latin-lower', bold: false },
    λ: { name: '\\lambda', style: 'greek-lower', bold: false },
    Σ: { name: '\\Sigma', style: 'greek-upper', bold: false },
    'W₁': { name: 'W_{1}', style: 'latin-upper', bold: false },
    foo: { name: 'foo', style: 'latin-lower', bold: false },
    Bar: { name: 'Bar', style: 'latin-upper', bold: false },
    $z: { name: '$z', style: 'other', bold: false },
  });
  // `I` is a symbol when asked.
  const plain = parsePlainText('I*x', { identityI: false }).expr;
  assert.ok(plain?.type === 'binary' && plain.left.type === 'symbol' && plain.left.name === 'I');
});

test('sizes of eye, ones and zeros', () => {
  const text = 'eye(n) * ones(3)';
  const expr = parse(text);
  assert.ok(expr.type === 'binary' && expr.left.type === 'identity' && expr.right.type === 'ones');
  assert.deepEqual(expr.left.size, { name: 'n', span: { start: 4, end: 5 } });
  assert.deepEqual(expr.right.size, { value: 3, span: { start: 14, end: 15 } });
  assert.equal(source(text, expr.left.span), 'eye(n)');
  assert.equal(source(text, expr.right.span), 'ones(3)');
});

// ── spans ───────────────────────────────────────────────────────────────────────────────

test('spans of the seed objective', () => {
  const text = "sum(A .* log(A ./ (B' * X * C)))";
  //            0123456789012345678901234567890 1
  const expr = parse(text);
  assert.deepEqual(
    nodes(text, expr).map((n) => [n.node.type, n.text]),
    [
      ['call', "sum(A .* log(A ./ (B' * X * C)))"],
      ['binary', "A .* log(A ./ (B' * X * C))"],
      ['symbol', 'A'],
      ['call', "log(A ./ (B' * X * C))"],
      ['binary', "A ./ (B' * X * C)"],
      ['symbol', 'A'],
      ['binary', "(B' * X * C)"],
      ['binary', "B' * X"],
      ['transpose', "B'"],
      ['symbol', 'B'],
      ['symbol', 'X'],
      ['symbol', 'C'],
    ],
  );
  assert.deepEqual(expr.span, { start: 0, end: 32 });
  assert.ok(expr.type === 'call');
  const had = expr.args[0];
  assert.ok(had.type === 'binary' && had.op === 'hadamard');
  assert.deepEqual(had.span, { start: 4, end: 31 });
  assert.deepEqual(had.opSpan, { start: 6, end: 8 });
  assert.deepEqual(had.left.span, { start: 4, end: 5 });
  const log = had.right;
  assert.ok(log.type === 'call' && log.fn === 'log');
  assert.deepEqual(log.span, { start: 9, end: 31 });
  const div = log.args[0];
  assert.ok(div.type === 'binary' && div.op === 'div');
  assert.deepEqual(div.opSpan, { start: 15, end: 17 });
  assert.deepEqual(div.right.span, { start: 18, end: 30 }); // the parentheses belong to it
  const symbols = nodes(text, expr).filter((n) => n.node.type === 'symbol');
  assert.deepEqual(
    symbols.map((s) => [s.text, s.node.span.start]),
    [
      ['A', 4],
      ['A', 13],
      ['B', 19],
      ['X', 24],
      ['C', 28],
    ],
  );
});

test("spans of x'*A*x and of operators", () => {
  const text = "x' * A*x";
  const expr = parse(text);
  assert.ok(expr.type === 'binary' && expr.left.type === 'binary');
  assert.deepEqual(expr.span, { start: 0, end: 8 });
  assert.deepEqual(expr.opSpan, { start: 6, end: 7 });
  assert.deepEqual(expr.left.span, { start: 0, end: 6 });
  assert.deepEqual(expr.left.opSpan, { start: 3, end: 4 });
  assert.deepEqual(expr.left.left.span, { start: 0, end: 2 }); // x'
  assert.ok(expr.left.left.type === 'transpose');
  assert.deepEqual(expr.left.left.arg.span, { start: 0, end: 1 });
});

test('spans of function calls, norms and powers', () => {
  const text = "lambda * norm(W, 'fro')^2 + inv( X )";
  const expr = parse(text);
  const by = (t: string) =>
    nodes(text, expr)
      .filter((n) => n.node.type === t)
      .map((n) => n.text);
  assert.deepEqual(by('power'), ["norm(W, 'fro')^2"]);
  assert.deepEqual(by('norm'), ["norm(W, 'fro')"]);
  assert.deepEqual(by('inverse'), ['inv( X )']);
  assert.deepEqual(by('symbol'), ['lambda', 'W', 'X']);
  assert.deepEqual(by('number'), ['2']);
  assert.ok(expr.type === 'binary');
  assert.equal(source(text, expr.opSpan), '+');
  assert.equal(expr.opSpan.start, 26);
});

test('implicit products point at the start of their right factor, as in LaTeX', () => {
  const text = '2 x';
  const expr = parse(text);
  assert.ok(expr.type === 'binary' && expr.op === 'mul');
  assert.deepEqual(expr.opSpan, { start: 2, end: 2 });
});

test('unary operators, numbers and strings keep their own spans', () => {
  const text = ' - 2.5e-3 * x.^ 2 ';
  const expr = parse(text);
  assert.deepEqual(
    nodes(text, expr).map((n) => [n.node.type, n.text]),
    [
      ['binary', '- 2.5e-3 * x.^ 2'],
      ['neg', '- 2.5e-3'],
      ['number', '2.5e-3'],
      ['power', 'x.^ 2'],
      ['symbol', 'x'],
      ['number', '2'],
    ],
  );
});

// ── errors ──────────────────────────────────────────────────────────────────────────────

test('unknown functions are reported by name', () => {
  assert.deepEqual(errorOf('log(foo(x))'), {
    message: 'unknown function foo',
    start: 4,
    end: 7,
    source: 'foo',
  });
  const product = errorOf('A(B + C)');
  assert.match(product.message, /unknown function A .*A\*\(…\)/);
  assert.equal(product.source, 'A');
});

test('constructs outside matrix calculus are reported where they are', () => {
  const cases: [string, RegExp, string][] = [
    ['x = 3', /assignment.*not supported in a plain-text expression/, 'x = 3'],
    ['f(x) = x^2', /function definition.*not supported/, 'f(x) = x^2'],
    ['x + A[1, 2]', /indexing.*not supported/, 'A[1, 2]'],
    ['log(a.b)', /property access.*not supported/, 'a.b'],
    ['x; y', /several statements.*not supported/, 'x; y'],
    ['x;', /several statements.*not supported/, 'x;'],
    ['x\n+ y', /several statements.*not supported/, 'x\n+ y'],
    ['{a: 1}', /object.*not supported/, '{a: 1}'],
    ['sum(1:3)', /range.*not supported/, '1:3'],
    ['a ? b : c', /conditional.*not supported/, 'a ? b : c'],
    ['a < b < c', /comparison.*not supported/, 'a < b < c'],
    ['x mod 2', /operator mod is not supported/, 'mod'],
    ['x!', /operator ! is not supported/, '!'],
    ['a + 10%', /percentage/, '10%'],
    ["log('abc')", /string/, "'abc'"],
    ['true', /not supported/, 'true'],
    ['1e400 * x', /not a finite number/, '1e400'],
    ['log(x, 2)', /log takes 1 argument, not 2/, 'log(x, 2)'],
    ['sum(X, 1)', /sum along a dimension/, 'sum(X, 1)'],
    ["norm(x, 'foo')", /kind of a norm/, "'foo'"],
    ['ones(m, n)', /two sizes/, 'ones(m, n)'],
    ['eye(m, n)', /square/, 'eye(m, n)'],
    ['ones(x + 1)', /size/, 'x + 1'],
    ['', /empty/, ''],
  ];
  for (const [text, message, spanText] of cases) {
    const e = errorOf(text);
    assert.match(e.message, message, text);
    assert.equal(e.source, spanText, `span of the error in ${JSON.stringify(text)}`);
  }
});

test('mathjs syntax errors point at the column mathjs names', () => {
  assert.deepEqual(errorOf('a // b'), { message: 'Value expected', start: 3, end: 4, source: '/' });
  const end = errorOf('log(x + ');
  assert.match(end.message, /Unexpected end of expression/);
  assert.equal(end.start, 8);
  const paren = errorOf('(x + y');
  assert.match(paren.message, /Parenthesis \) expected/);
  assert.equal(paren.start, 6);
  const bad = errorOf('x + @');
  assert.equal(bad.start, 4);
});

test('deep nesting and long input end in a finding, not a crash', () => {
  assert.match(errorOf('('.repeat(500) + 'x' + ')'.repeat(500)).message, /nested deeper/);
  assert.match(errorOf('-'.repeat(5000) + 'x').message, /nested/);
  assert.match(errorOf('a^'.repeat(3000) + 'a').message, /nested/);
  assert.match(errorOf('x+'.repeat(30000) + 'x').message, /longer than/);
  // A long flat chain parses up to the core's node limit (src/core/limits.ts): the tree it
  // makes is as deep as it is long, and later passes walk it recursively.
  const chain = parse('x + '.repeat(400) + 'x');
  assert.equal(chain.span.end, 400 * 4 + 1);
  const past = errorOf('x + '.repeat(5000) + 'x');
  assert.ok(past.start > 0 && past.end <= 5000 * 4 + 1);
  const nested = parse('log('.repeat(150) + 'x' + ')'.repeat(150));
  assert.equal(nested.type, 'call');
});

// ── security (https://mathjs.org/docs/expressions/security.html) ─────────────────────────

test('the mathjs instance has its dangerous functions disabled', () => {
  const calls: [string, () => unknown][] = [
    ['import', () => limitedMath.import({ gradlensInjected: 1 })],
    ['createUnit', () => limitedMath.createUnit('gradlensUnit')],
    ['evaluate', () => limitedMath.evaluate('1 + 1')],
    ['parse', () => limitedMath.parse('x')],
    ['simplify', () => limitedMath.simplify('x + x')],
    ['derivative', () => limitedMath.derivative('x^2', 'x')],
    ['resolve', () => limitedMath.resolve('x', { x: 1 })],
    ['compile', () => limitedMath.compile('x')],
    ['reviver', () => (limitedMath.reviver as () => unknown)()],
  ];
  for (const [name, call] of calls) assert.throws(call, new RegExp(`${name} is disabled`), name);
});

const ATTACKS = [
  'import({gradlensInjected: 1}, {override: true})',
  "import({matrix: 'x'})",
  "createUnit('gradlensUnit')",
  "createUnit('gradlensUnit', '1 m')",
  "evaluate('1+1')",
  "evaluate('gradlensVar = 1')",
  "parse('x')",
  "simplify('x')",
  "derivative('x^2', 'x')",
  'resolve(x, {x: 1})',
  "compile('x')",
  "reviver('x')",
  'cos.constructor("return process")()',
  'cos.constructor("globalThis.gradlensPwned = 1")',
  'f = cos.constructor; f("globalThis.gradlensPwned = 1")()',
  "[].map.constructor('globalThis.gradlensPwned = 1')()",
  '"".constructor.constructor("globalThis.gradlensPwned = 1")()',
  'sqrt.bind(1)',
  'x.__proto__',
  'x["__proto__"]',
  'x["constructor"]["constructor"]("globalThis.gradlensPwned = 1")()',
  '{}.constructor',
  'toString.constructor',
  'a = 1',
  'f(x) = cos.constructor("globalThis.gradlensPwned = 1")()',
  "config({number: 'BigNumber'})",
  'typed("x")',
  'chain(3).done()',
  'eval("1")',
  'Function("return process")()',
  'process.exit(1)',
  'require("fs")',
];

test('attacks from the mathjs security page are errors and never run', () => {
  for (const attack of ATTACKS) {
    let result: ReturnType<typeof parsePlainText> | undefined;
    assert.doesNotThrow(() => {
      result = parsePlainText(attack);
    }, attack);
    assert.ok(result?.error, `no error for ${attack}`);
    assert.equal(result.expr, undefined);
    assert.ok(
      result.error.start >= 0 &&
        result.error.end <= attack.length &&
        result.error.start <= result.error.end,
    );
  }
  assert.equal((globalThis as Record<string, unknown>).gradlensPwned, undefined);
  assert.equal('gradlensInjected' in limitedMath, false);
  assert.equal('gradlensVar' in limitedMath, false);
  assert.equal(limitedMath.Unit.isValuelessUnit('gradlensUnit'), false);
  assert.equal(limitedMath.config({}).number, 'number');
});

test('disabled functions are named as such', () => {
  for (const name of [
    'import',
    'createUnit',
    'evaluate',
    'parse',
    'simplify',
    'derivative',
    'resolve',
    'compile',
    'reviver',
  ]) {
    const e = errorOf(`${name}('x')`);
    assert.equal(e.message, `${name} is disabled in plain-text expressions`);
    assert.equal(e.source, name);
  }
});

// ── properties ──────────────────────────────────────────────────────────────────────────

/** Spans are inside the text and nested: every child lies within its parent. */
function assertWellFormed(text: string, result: ReturnType<typeof parsePlainText>): void {
  assert.ok(
    (result.expr === undefined) !== (result.error === undefined),
    'exactly one of expr and error',
  );
  if (result.error) {
    const { start, end, message } = result.error;
    assert.ok(
      Number.isInteger(start) &&
        Number.isInteger(end) &&
        0 <= start &&
        start <= end &&
        end <= text.length,
      JSON.stringify(result.error),
    );
    assert.ok(message.length > 0);
    return;
  }
  const stack: Expr[] = [result.expr!];
  while (stack.length) {
    const node = stack.pop()!;
    const { start, end } = node.span;
    assert.ok(
      0 <= start && start <= end && end <= text.length,
      `span ${start}..${end} outside ${JSON.stringify(text)}`,
    );
    for (const child of children(node)) {
      assert.ok(
        child.span.start >= start && child.span.end <= end,
        `child ${printExpr(child)} outside ${printExpr(node)} in ${JSON.stringify(text)}`,
      );
      stack.push(child);
    }
    if (node.type === 'binary') {
      // Infix: between the operands; kron(A, B), dot(a, b): the function's name, before them.
      const { opSpan, left, right } = node;
      const infix = opSpan.start >= left.span.end && opSpan.end <= right.span.start;
      const named = opSpan.start >= start && opSpan.end <= left.span.start;
      assert.ok(
        infix || named,
        `operator span ${opSpan.start}..${opSpan.end} of ${printExpr(node)} in ${JSON.stringify(text)}`,
      );
    }
  }
}

test('arbitrary strings never throw', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (text) => {
      assertWellFormed(text, parsePlainText(text));
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
      assertWellFormed(text, parsePlainText(text));
    }),
    { numRuns: 500 },
  );
});

const PIECES = [
  'A',
  'x',
  'X',
  'lambda',
  'W1',
  '2',
  '0.5',
  '1e3',
  "'",
  "'fro'",
  '"s"',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ';',
  ':',
  '?',
  '+',
  '-',
  '*',
  '/',
  '.*',
  './',
  '^',
  '.^',
  '%',
  '!',
  '=',
  '==',
  '<',
  '.',
  '?.',
  '#',
  '\n',
  ' ',
  'sum(',
  'log(',
  'norm(',
  'inv(',
  'eye(',
  'ones(',
  'kron(',
  'cos.constructor',
  'evaluate(',
  'import(',
  'mod',
  'to',
  'end',
  'I',
  'Infinity',
];

test('strings of plain-text pieces never throw, and spans stay nested', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 25 }), (pieces) => {
      const text = pieces.join('');
      assertWellFormed(text, parsePlainText(text));
    }),
    { numRuns: 3000 },
  );
});

/** Well-formed expressions, with the spelling of every symbol and operator recorded. */
const SYMBOLS = ['A', 'B', 'X', 'x', 'y', 'lambda', 'Sigma', 'W1', 'b_2'];
const exprArb = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SYMBOLS, '2', '0.5', '3e-2'),
    tie('expr').map((e) => `-${e}`),
    tie('expr').map((e) => `(${e})'`),
    tie('expr').map((e) => `( ${e} )`),
    tie('expr').map((e) => `(${e})^2`),
    tie('expr').map((e) => `(${e}).^3`),
    fc
      .tuple(
        tie('expr'),
        fc.constantFrom('+', '-', '*', '.*', './', '/'),
        fc.constantFrom('', ' ', '  '),
        tie('expr'),
      )
      .map(([a, op, sp, b]) => `${a}${sp}${op}${sp}${b}`),
    fc
      .tuple(
        fc.constantFrom('log', 'exp', 'sum', 'trace', 'norm', 'inv', 'sigmoid', 'det', 'diag'),
        tie('expr'),
      )
      .map(([f, a]) => `${f}(${a})`),
    fc
      .tuple(fc.constantFrom('kron', 'dot'), tie('expr'), tie('expr'))
      .map(([f, a, b]) => `${f}(${a}, ${b})`),
    tie('expr').map((e) => `norm(${e}, 'fro')`),
  ),
}));

test('generated expressions parse, with every symbol, number and operator at its place', () => {
  const spelled = new Set(['A', 'B', 'X', 'x', 'y', 'lambda', 'Sigma', 'W1', 'b_2']);
  fc.assert(
    fc.property(exprArb.expr, (text) => {
      const result = parsePlainText(text);
      assert.equal(result.error, undefined, `${text}: ${JSON.stringify(result.error)}`);
      assertWellFormed(text, result);
      visit(result.expr!, (node) => {
        const here = source(text, node.span);
        // `( A )`: a parenthesised node's span includes its parentheses.
        const bare = here.replace(/^[(\s]+|[)\s]+$/g, '');
        if (node.type === 'symbol')
          assert.ok(spelled.has(bare), `symbol ${node.name} spans ${JSON.stringify(here)}`);
        if (node.type === 'number') assert.equal(Number(bare), node.value);
        if (node.type === 'binary' && node.opSpan.end > node.opSpan.start) {
          const op = source(text, node.opSpan);
          assert.ok(
            ['+', '-', '*', '.*', './', '/', 'kron', 'dot'].includes(op),
            `operator ${JSON.stringify(op)} in ${text}`,
          );
        }
        if (node.type === 'call' || node.type === 'norm' || node.type === 'inverse')
          assert.match(here, /^[(\s]*[a-z]+\(.*\)$/s);
      });
    }),
    { numRuns: 1500 },
  );
});

// The CLI as users run it: the built bundle, real files, exit codes and the JSON contract.
import { parseArgs } from '../../src/cli/args';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const fixtures = join(__dirname, '..', 'fixtures');

function run(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(() => {
  // The tests exercise the bundle users run; build it once if it is missing or stale.
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'esbuild.mjs')], {
    cwd: join(__dirname, '..', '..'),
    stdio: 'ignore',
  });
});

test('the seed question: exit 1 and the shape error at its position', () => {
  const { code, stdout } = run(['check', join(fixtures, 'seed-question.md')]);
  assert.equal(code, 1);
  assert.match(stdout, /seed-question\.md:5:124 +error +m×n, but X is k×l/);
  assert.match(stdout, /1 file, 2 findings: 1 shape-error, 1 skipped/);
});

test('the seed answer: exit 0, every claim ok', () => {
  const { code, stdout } = run(['check', join(fixtures, 'seed-answer.md')]);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /1 file, 11 findings: 11 ok/);
  assert.doesNotMatch(stdout, /:\d+ +error +|\[\w+: mismatch\]/);
});

test('--json prints the version 1 report with a summary', () => {
  const { code, stdout } = run(['check', '--json', fixtures]);
  assert.equal(code, 1);
  const report = JSON.parse(stdout);
  assert.equal(report.version, 1);
  assert.deepEqual(Object.keys(report.summary).sort(), [
    'mismatch',
    'ok',
    'parse-error',
    'shape-error',
    'skipped',
    'unsupported',
  ]);
  const question = report.files.find((f: { path: string }) => f.path.endsWith('seed-question.md'));
  const error = question.findings.find((f: { verdict: string }) => f.verdict === 'shape-error');
  assert.deepEqual(error.range.start, { line: 4, character: 123 });
  assert.deepEqual(error.shapes, { lhs: 'k×l', rhs: 'm×n' });
  assert.equal(error.wrt, 'X');
  assert.equal(error.code, 'gradlens.shape');
});

test('a mismatch exits 1 with its diagnosis; --quiet hides information', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-cli-'));
  const file = join(dir, 'note.md');
  writeFileSync(
    file,
    '$A \\in \\mathbb{R}^{n\\times n}$\n\n$$ \\nabla_X \\operatorname{tr}(AX) = A $$\n\n$$ \\nabla_X \\operatorname{tr}(X) = I $$\n',
  );
  const { code, stdout } = run(['check', '--quiet', file]);
  assert.equal(code, 1);
  assert.match(
    stdout,
    /note\.md:3:\d+ +error +does not match autodiff: the claim is the transpose of the autodiff gradient/,
  );
  assert.doesNotMatch(stdout, /information/);
});

test('--expr checks a plain-text expression against a claimed gradient', () => {
  const ok = run([
    'check',
    '--expr',
    "sum(A .* log(A ./ (B' * X * C)))",
    '--wrt',
    'X',
    '--claim',
    "-B * (A ./ (B'*X*C)) * C'",
  ]);
  assert.equal(ok.code, 0, ok.stdout);
  assert.match(ok.stdout, /matches autodiff/);
  const wrong = run([
    'check',
    '--expr',
    "sum(A .* log(A ./ (B' * X * C)))",
    '--wrt',
    'X',
    '--claim',
    "(A .* K) ./ (B'*X*C)",
  ]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stdout, /m×n, but X is k×l/);
});

test('a .tex file and a notebook are read by their extension', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-cli-'));
  writeFileSync(join(dir, 'a.tex'), '\\begin{align}\n\\nabla_x \\|x\\|_2^2 &= 3x\n\\end{align}\n');
  const cell = { cell_type: 'markdown', metadata: {}, source: ['$$ \\nabla_x x^\\top x = 2x $$'] };
  writeFileSync(
    join(dir, 'b.ipynb'),
    JSON.stringify({ cells: [cell], metadata: {}, nbformat: 4, nbformat_minor: 5 }),
  );
  const { code, stdout } = run(['check', dir]);
  assert.equal(code, 1);
  assert.match(
    stdout,
    /a\.tex:2:\d+ +error +does not match autodiff: off by a constant factor 3\/2/,
  );
  assert.match(stdout, /b\.ipynb:1:\d+ +information +matches autodiff/);
});

test('bad usage exits 2 with the usage text', () => {
  for (const args of [
    [],
    ['check'],
    ['frobnicate'],
    ['check', '--nope', 'x'],
    ['check', '--wrt', 'X'],
  ]) {
    const { code, stderr } = run(args);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, /Usage: gradlens check/);
  }
  const missing = run(['check', '/no/such/path']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or folder/);
});

test('options take --name=value, and an option’s value is never read as an option', () => {
  const expr = parseArgs(['check', '--expr=sum(X)', '--wrt=X', '--draws=2'], false, {});
  assert.equal(expr.command, 'check');
  if (expr.command !== 'check') return;
  assert.equal(expr.expr, 'sum(X)');
  assert.equal(expr.wrt, 'X');
  assert.equal(expr.draws, 2);
  const claim = parseArgs(['check', '--expr', 'x - h', '--wrt', 'x', '--claim', '-h'], false, {});
  assert.equal(claim.command, 'check');
  if (claim.command === 'check') assert.equal(claim.claim, '-h');
  assert.equal(parseArgs(['check', 'a.md', '--help'], false, {}).command, 'help');
  assert.equal(parseArgs(['-h'], false, {}).command, 'help');
});

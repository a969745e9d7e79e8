// The CLI as users run it: the built bundle, real files, exit codes and the JSON contract.
import { parseArgs } from '../../src/cli/args';
import { MAX_NOTE_BYTES } from '../../src/cli/limits';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import type { Finding } from '../../src/core/report';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const fixtures = join(__dirname, '..', 'fixtures');

function run(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    // the JSON report of every fixture passes the default 1 MB
    maxBuffer: 64 * 1024 * 1024,
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

test('a mismatch exits 1 with its diagnosis; --quiet lists it', () => {
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
  assert.doesNotMatch(stdout, /b\.ipynb/);
  const verbose = run(['check', '--verbose', dir]);
  assert.equal(verbose.code, 1);
  assert.match(verbose.stdout, /b\.ipynb:1:\d+ +information +matches autodiff/);
});

test('bad usage exits 2 with the usage text', () => {
  for (const args of [
    [],
    ['check'],
    ['frobnicate'],
    ['check', '--nope', 'x'],
    ['check', '--wrt', 'X'],
    ['check', '--quiet', '--verbose', 'x.md'],
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

// What the lines show (src/core/levels.ts), on the examples and on a note with one finding of
// every verdict. --json is the report, whatever the lines show.
const examples = join(__dirname, '..', '..', 'examples');
const everyVerdict = join(fixtures, 'report-levels.md');
const where = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => /^\S+:\d+:\d+ /.test(l))
    .map((l) => {
      const [, at, level, tag] = /^\S+?([^/\s]+:\d+):\d+ +(\w+) .*\[(.+)\]$/.exec(l)!;
      return `${at} ${level} ${tag}`;
    });

test('the examples: by default and with --quiet, the three deliberate mistakes; exit 1', () => {
  const mistakes = [
    'logistic-regression.md:10 error gradient: mismatch',
    'seed-question.md:5 error gradient: shape-error',
    'trace-gradients.ipynb:30 error gradient: mismatch',
  ];
  const plain = run(['check', examples]);
  assert.equal(plain.code, 1);
  assert.deepEqual(where(plain.stdout), mistakes);
  assert.match(
    plain.stdout,
    /\n7 files, 47 findings: 41 ok, 2 mismatch, 1 shape-error, 3 skipped \(3 listed; --verbose lists every one\)\n$/,
  );
  const quiet = run(['check', '--quiet', examples]);
  assert.equal(quiet.code, 1);
  assert.deepEqual(where(quiet.stdout), mistakes);
});

test('--verbose lists every finding at the severity --json gives it; --json is unchanged', () => {
  for (const target of [examples, everyVerdict]) {
    const verbose = run(['check', '--verbose', target]);
    const json = run(['check', '--json', target]);
    assert.equal(verbose.code, json.code);
    const report = JSON.parse(json.stdout);
    const fromJson = report.files.flatMap((file: { path: string; findings: Finding[] }) =>
      file.findings.map(
        (f) =>
          `${file.path.split('/').pop()}:${f.range.start.line + 1} ${f.severity} ${f.kind}: ${f.verdict}`,
      ),
    );
    assert.deepEqual(where(verbose.stdout), fromJson);
    assert.doesNotMatch(verbose.stdout, /listed/);
    // the JSON holds everything the verbose lines do and more: messages, evidence, codes
    const total = Object.values(report.summary as Record<string, number>).reduce((a, b) => a + b);
    assert.equal(fromJson.length, total);
  }
  const json = JSON.parse(run(['check', '--json', examples]).stdout);
  const severities = json.files.flatMap((f: { findings: Finding[] }) =>
    f.findings.map((x) => x.severity),
  );
  assert.equal(severities.length, 47);
  assert.equal(severities.filter((s: string) => s === 'information').length, 44);
});

test('a note of every verdict: errors and the actionable warning by default, errors with --quiet', () => {
  const plain = run(['check', everyVerdict]);
  assert.equal(plain.code, 1);
  assert.deepEqual(where(plain.stdout), [
    'report-levels.md:7 error gradient: mismatch',
    'report-levels.md:9 warning gradient: mismatch',
    'report-levels.md:11 error gradient: shape-error',
  ]);
  assert.match(plain.stdout, /holds only if A is symmetric/);
  assert.match(plain.stdout, /\(3 listed; --verbose lists every one\)/);
  const quiet = run(['check', '--quiet', everyVerdict]);
  assert.deepEqual(where(quiet.stdout), [
    'report-levels.md:7 error gradient: mismatch',
    'report-levels.md:11 error gradient: shape-error',
  ]);
  const verbose = run(['check', '--verbose', everyVerdict]);
  assert.deepEqual(where(verbose.stdout), [
    'report-levels.md:3 information declaration: ok',
    'report-levels.md:3 information declaration: ok',
    'report-levels.md:3 information definition: ok',
    'report-levels.md:5 information gradient: ok',
    'report-levels.md:7 error gradient: mismatch',
    'report-levels.md:9 error gradient: mismatch',
    'report-levels.md:11 error gradient: shape-error',
    // what GradLens cannot read or check is information in the report itself
    'report-levels.md:13 information gradient: unsupported',
    'report-levels.md:15 information equality: parse-error',
    'report-levels.md:17 information expression: skipped',
  ]);
});

test('the exit code follows the errors only: warnings, hints and what was not read do not fail', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-cli-'));
  const file = join(dir, 'note.md');
  writeFileSync(
    file,
    [
      'Let $A \\in \\mathbb{R}^{n\\times n}$ and $\\mathbf{x} \\in \\mathbb{R}^n$.',
      '$$\\nabla_{\\mathbf x}\\, \\mathbf{x}^T A \\mathbf{x} = 2A\\mathbf{x}$$',
      '$$\\nabla_{\\mathbf x} \\foo(\\mathbf{x}) = \\mathbf{x}$$',
      '$$ g = \\frac{1}{2 $$',
    ].join('\n\n') + '\n',
  );
  const json = JSON.parse(run(['check', '--json', file]).stdout);
  assert.deepEqual(
    json.files[0].findings.map((f: Finding) => `${f.verdict}/${f.severity}`),
    [
      'ok/information',
      'ok/information',
      'mismatch/error',
      'unsupported/information',
      'parse-error/information',
    ],
  );
  const plain = run(['check', file]);
  assert.equal(plain.code, 0, plain.stdout);
  assert.deepEqual(where(plain.stdout), ['note.md:3 warning gradient: mismatch']);
  assert.equal(run(['check', '--json', file]).code, 0);
});

test('a file that cannot be read is an error in every output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-cli-'));
  const file = join(dir, 'huge.md');
  writeFileSync(file, Buffer.alloc(MAX_NOTE_BYTES + 1, 0x20));
  for (const flag of [[], ['--quiet'], ['--verbose']]) {
    const { code, stdout } = run(['check', ...flag, file]);
    assert.equal(code, 1, flag.join(' '));
    assert.match(stdout, /huge\.md:1:1 +error +/);
  }
  const report = JSON.parse(run(['check', '--json', file]).stdout);
  assert.deepEqual(
    report.files[0].findings.map((f: Finding) => [f.verdict, f.code]),
    [['parse-error', 'gradlens.unreadable']],
  );
});

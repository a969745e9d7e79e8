// `gradlens derive` and `gradlens check --suggest` / --json suggestions, run as users run them:
// the built bundle, real files, exit codes, and the LaTeX it prints read back by GradLens.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { nodeCount } from '../../src/core/derive/nodes';
import { readDocument } from '../../src/core/read';
import type { Finding, Report } from '../../src/core/report';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
const fixtures = join(__dirname, '..', 'fixtures');

function run(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function nodesOf(latex: string): number {
  const read = readDocument({
    uri: 'mem://t',
    version: 1,
    language: 'markdown',
    text: `$$ ${latex} $$\n`,
  });
  const chain = read.statements[0]?.chain;
  assert.ok(chain, `cannot read back ${latex}`);
  return nodeCount(chain.operands[0]);
}

function tempNote(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'gradlens-derive-')), 'note.md');
  writeFileSync(path, text);
  return path;
}

const SEED_EXPR = "sum(A .* log(A ./ (B' * X * C)))";
const SEED_SHAPES = 'X k×l, A m×n, B k×m, C l×n';

before(() => {
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'esbuild.mjs')], {
    cwd: join(__dirname, '..', '..'),
    stdio: 'ignore',
  });
});

test('derive --expr: the seed objective, verified, the textbook size', () => {
  const { code, stdout } = run([
    'derive',
    '--expr',
    SEED_EXPR,
    '--wrt',
    'X',
    '--shapes',
    SEED_SHAPES,
  ]);
  assert.equal(code, 0);
  const latex = stdout.split('\n')[0];
  assert.equal(nodesOf(latex), nodesOf('-B\\left(A \\oslash (B^TXC)\\right)C^T'));
});

test('derive --expr --json: derived, with its relative error', () => {
  const { code, stdout } = run([
    'derive',
    '--expr',
    SEED_EXPR,
    '--wrt',
    'X',
    '--shapes',
    SEED_SHAPES,
    '--json',
  ]);
  assert.equal(code, 0);
  const out = JSON.parse(stdout) as { derived: boolean; relError: number; nodes: number };
  assert.equal(out.derived, true);
  assert.ok(out.relError < 1e-12);
  assert.equal(out.nodes, 14);
});

test('derive FILE:LINE on the seed question: the note’s bold, and it verifies in the note', () => {
  const path = join(fixtures, 'seed-question.md');
  const { code, stdout } = run(['derive', `${path}:5`, '--json']);
  assert.equal(code, 0);
  const out = JSON.parse(stdout) as { derived: boolean; latex: string };
  assert.equal(out.derived, true);
  // as the claim's right side in the note itself, GradLens says ok
  const text = readFileSync(path, 'utf8');
  const line = text.split('\n')[4];
  const fixed = text.replace(line, line.slice(0, line.lastIndexOf('=') + 1) + ` ${out.latex} $$`);
  const findings = analyzeDocument({
    uri: 'mem://seed',
    version: 1,
    language: 'markdown',
    text: fixed,
  }).findings;
  const gradient = findings.find((f) => f.kind === 'gradient');
  assert.equal(gradient?.verdict, 'ok');
  assert.ok(
    readDocument({ uri: 'x', version: 1, language: 'markdown', text: `$$ ${out.latex} $$` })
      .statements[0].chain,
  );
  assert.ok(/\\mathbf\{X\}/.test(out.latex), out.latex);
});

test('derive FILE:LINE of a definition, --wrt given', () => {
  const path = tempNote(
    '$W \\in \\mathbb{R}^{m\\times k}$, $H \\in \\mathbb{R}^{k\\times n}$, $A \\in \\mathbb{R}^{m\\times n}$\n\n$$ f(W) = \\tfrac12\\|A - WH\\|_F^2 $$\n',
  );
  const { code, stdout } = run(['derive', `${path}:3`, '--wrt', 'W', '--json']);
  assert.equal(code, 0);
  const out = JSON.parse(stdout) as { latex: string };
  assert.equal(nodesOf(out.latex), nodesOf('(WH - A)H^T'));
});

test('derive: what it cannot derive is exit 1 with a typed reason; bad usage is exit 2', () => {
  const kron = run(['derive', '--expr', 'sum(kron(A, X))', '--wrt', 'X', '--json']);
  assert.equal(kron.code, 1);
  const out = JSON.parse(kron.stdout) as { derived: boolean; kind: string };
  assert.equal(out.derived, false);
  assert.ok(['unsupported', 'not-scalar', 'no-variable', 'not-verified'].includes(out.kind));
  assert.equal(run(['derive', '--expr', 'sum(X)']).code, 2);
  assert.equal(run(['derive']).code, 2);
  assert.equal(run(['derive', 'note.md']).code, 2);
  assert.equal(run(['check', '--expr', 'sum(X)', '--wrt', 'X', '--suggest']).code, 2);
});

test('check --suggest: a unified diff that fixes the claim, and the file is not written', () => {
  const text =
    'Let $A \\in \\mathbb{R}^{m\\times n}$ and $X \\in \\mathbb{R}^{n \\times m}$. Then\n$$\\frac{\\partial \\operatorname{tr}(AX)}{\\partial X} = -A^T$$\n\n$$\\nabla_X \\operatorname{tr}(X^T X) = X$$\n';
  const path = tempNote(text);
  const { code, stdout } = run(['check', '--suggest', path]);
  assert.equal(code, 1);
  assert.equal(readFileSync(path, 'utf8'), text);
  const diff = stdout.slice(stdout.indexOf('--- a/'));
  const removed = diff.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'));
  const added = diff.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'));
  assert.equal(removed.length, 2);
  assert.equal(added.length, 2);
  let patched = text;
  removed.forEach((line, i) => (patched = patched.replace(line.slice(1), added[i].slice(1))));
  const again = tempNote(patched);
  assert.equal(run(['check', again]).code, 0);
});

test('check --json: a wrong gradient claim carries a verified suggestion', () => {
  const { stdout } = run(['check', '--json', join(fixtures, 'seed-question.md')]);
  const report = JSON.parse(stdout) as Report;
  const findings: Finding[] = report.files[0].findings;
  const wrong = findings.find((f) => f.kind === 'gradient');
  assert.equal(wrong?.verdict, 'shape-error');
  assert.ok(wrong.suggestion);
  assert.equal(wrong.suggestion.kind, 'derived');
  assert.ok(wrong.suggestion.relError < 1e-12);
  assert.equal(wrong.suggestion.range.start.line, 4);
  assert.equal(wrong.suggestion.hessian, undefined); // a gradient, not a Hessian
  assert.ok(findings.filter((f) => f.verdict === 'ok').every((f) => f.suggestion === undefined));
});

test('--help describes derive and --suggest', () => {
  const { code, stdout } = run(['--help']);
  assert.equal(code, 0);
  assert.ok(stdout.includes('gradlens derive'));
  assert.ok(stdout.includes('--suggest'));
});

test('check --suggest on a notebook: the replacement is escaped as the cell’s JSON', () => {
  const source = [
    '$X \\in \\mathbb{R}^{n\\times m}$, $A \\in \\mathbb{R}^{m\\times n}$\n',
    '\n',
    '$$ \\nabla_{\\mathbf{X}} \\operatorname{tr}(A\\mathbf{X}) + \\|\\mathbf{X}\\|_F^2 = A + 2\\mathbf{X} $$\n',
  ];
  const notebook = {
    cells: [{ cell_type: 'markdown', metadata: {}, source }],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  const text = JSON.stringify(notebook, null, 1);
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-derive-'));
  const path = join(dir, 'note.ipynb');
  writeFileSync(path, text);
  const { code, stdout } = run(['check', '--suggest', path]);
  assert.equal(code, 1);
  const lines = stdout.slice(stdout.indexOf('--- a/')).split('\n');
  const removed = lines.find((l) => l.startsWith('-') && !l.startsWith('---'))!;
  const added = lines.find((l) => l.startsWith('+') && !l.startsWith('+++'))!;
  const patched = text.replace(removed.slice(1), added.slice(1));
  assert.doesNotThrow(() => JSON.parse(patched));
  const fixedPath = join(dir, 'fixed.ipynb');
  writeFileSync(fixedPath, patched);
  assert.equal(run(['check', fixedPath]).code, 0);
});

test('derive FILE:LINE --steps: the block the editor inserts, each row checked, and it checks ok in the note', () => {
  const note = tempNote(
    'Let $A \\in \\mathbb{R}^{m \\times n}$ and $X \\in \\mathbb{R}^{m \\times n}$.\n\n$$ \\phi = \\operatorname{tr}(A^T X) + \\frac{1}{2}\\|X\\|_F^2 $$\n',
  );
  const out = run(['derive', `${note}:3`, '--steps', '--wrt', 'X', '--json']);
  assert.equal(out.code, 0, out.stderr);
  const body = JSON.parse(out.stdout) as {
    derived: boolean;
    rows: { lhs: string; verdict: string }[];
    block: string;
  };
  assert.equal(body.derived, true);
  assert.ok(body.rows.length >= 2);
  assert.ok(body.rows.every((r) => r.verdict === 'ok'));
  // the block, put below the definition, is read back and every claim in it holds
  const text = readFileSync(note, 'utf8') + '\n' + body.block + '\n';
  const { findings } = analyzeDocument(
    { uri: 'mem://steps.md', version: 1, language: 'markdown', text },
    { numeric: { draws: 3, seed: 1 } },
  );
  const claims = findings.filter((f) => f.kind === 'differential' || f.kind === 'gradient');
  assert.equal(claims.length, body.rows.length);
  assert.ok(claims.every((f) => f.verdict === 'ok'));
  // the note itself is never written
  assert.ok(!readFileSync(note, 'utf8').includes('\\begin{aligned}'));
  // usage: --steps needs FILE:LINE, and a variable when the line names several
  assert.equal(run(['derive', '--expr', 'sum(X)', '--wrt', 'X', '--steps']).code, 2);
  assert.equal(run(['derive', `${note}:3`, '--steps']).code, 2);
});

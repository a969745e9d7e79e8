// The CLI and silencing: suppressed findings are in --json (flagged) but never a line, never
// an exit code 1; --exclude leaves files found in folders out; --help documents both.
import { parseArgs, USAGE, UsageError } from '../../src/cli/args';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { before, describe, test } from 'node:test';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

function run(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const WRONG = String.raw`$\nabla_{\mathbf{x}} \mathbf{a}^T \mathbf{x} = -\mathbf{a}$`;
const DECLARE = String.raw`Let $\mathbf{a}, \mathbf{x} \in \mathbb{R}^n$.`;
const note = (...lines: string[]) => [DECLARE, '', ...lines, ''].join('\n');

let folder: string;

before(() => {
  execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'ignore' });
  folder = mkdtempSync(join(tmpdir(), 'gradlens-silence-'));
  mkdirSync(join(folder, 'drafts', 'deep'), { recursive: true });
  writeFileSync(join(folder, 'wrong.md'), note(WRONG));
  writeFileSync(join(folder, 'silenced.md'), note('<!-- gradlens-disable-next-line -->', WRONG));
  writeFileSync(
    join(folder, 'off.tex'),
    ['% gradlens-disable-file', String.raw`\[ \nabla_x a^T x = -a \]`, ''].join('\n'),
  );
  writeFileSync(join(folder, 'drafts', 'a.md'), note(WRONG));
  writeFileSync(join(folder, 'drafts', 'deep', 'b.md'), note(WRONG));
  writeFileSync(join(folder, 'scratch.draft.md'), note(WRONG));
});

describe('suppressed findings', () => {
  test('a silenced note: no line, exit 0, the summary says how many were suppressed', () => {
    const { code, stdout } = run(['check', join(folder, 'silenced.md')]);
    assert.equal(code, 0, stdout);
    assert.doesNotMatch(stdout, /mismatch\]/);
    assert.match(stdout, /1 file, \d+ findings?: .*\(1 suppressed, not shown\)/);
  });

  test('--json carries them, flagged suppressed: true; the others have no flag', () => {
    const { code, stdout } = run(['check', '--json', join(folder, 'silenced.md')]);
    assert.equal(code, 0);
    const report = JSON.parse(stdout);
    const findings = report.files[0].findings;
    const mismatch = findings.find((f: { verdict: string }) => f.verdict === 'mismatch');
    assert.equal(mismatch.suppressed, true);
    assert.equal(mismatch.diagnosis, 'sign');
    assert.ok(
      findings
        .filter((f: { verdict: string }) => f.verdict !== 'mismatch')
        .every((f: object) => !('suppressed' in f)),
    );
    assert.equal(report.summary.mismatch, 0);
    assert.equal(report.summary.suppressed, 1);
  });

  test('% gradlens-disable-file: the LaTeX file reports nothing and exits 0', () => {
    const { code, stdout } = run(['check', join(folder, 'off.tex')]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^1 file, 0 findings \(\d+ suppressed, not shown\)$/m);
  });

  test('the same claim unsilenced is an error line', () => {
    const { code, stdout } = run(['check', join(folder, 'wrong.md')]);
    assert.equal(code, 1);
    assert.match(stdout, /wrong\.md:3:\d+ +error +does not match autodiff: the sign is wrong/);
  });
});

describe('--exclude', () => {
  const checked = (stdout: string) =>
    (JSON.parse(stdout).files as { path: string }[])
      .map((f) => relative(folder, f.path).replace(/\\/g, '/'))
      .sort();

  test('without it, every note in the folder', () => {
    assert.deepEqual(checked(run(['check', '--json', folder]).stdout), [
      'drafts/a.md',
      'drafts/deep/b.md',
      'off.tex',
      'scratch.draft.md',
      'silenced.md',
      'wrong.md',
    ]);
  });

  test('a folder, a name pattern, repeated, and --exclude=GLOB', () => {
    const { stdout } = run([
      'check',
      '--json',
      '--exclude',
      'drafts',
      `--exclude=**/*.draft.md`,
      folder,
    ]);
    assert.deepEqual(checked(stdout), ['off.tex', 'silenced.md', 'wrong.md']);
  });

  test('relative to the folder given, or as printed (from the current directory)', () => {
    const parent = join(folder, '..');
    const name = relative(parent, folder);
    const { stdout } = run(['check', '--json', '--exclude', `${name}/drafts/**`, name], parent);
    assert.deepEqual(checked(stdout.replaceAll(`"${name}/`, `"${folder}/`)), [
      'off.tex',
      'scratch.draft.md',
      'silenced.md',
      'wrong.md',
    ]);
  });

  test('a file named on the command line is checked anyway', () => {
    const { stdout } = run([
      'check',
      '--json',
      '--exclude',
      '**',
      join(folder, 'wrong.md'),
      folder,
    ]);
    assert.deepEqual(checked(stdout), ['wrong.md']);
  });

  test('parsing: repeatable, needs a value, not with --expr; documented in --help', () => {
    const request = parseArgs(['check', '--exclude', 'a', '--exclude=b/**', 'x'], false, {});
    assert.ok(request.command === 'check');
    assert.deepEqual(request.exclude, ['a', 'b/**']);
    assert.throws(() => parseArgs(['check', 'x', '--exclude'], false, {}), UsageError);
    assert.throws(
      () => parseArgs(['check', '--expr', 'x', '--exclude', 'a'], false, {}),
      UsageError,
    );
    assert.match(USAGE, /--exclude GLOB/);
    assert.match(USAGE, /gradlens-disable-next-line/);
    assert.match(run(['--help']).stdout, /--exclude GLOB/);
  });
});

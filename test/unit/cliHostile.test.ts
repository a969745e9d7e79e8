// The CLI against hostile files and folders (issue 12, item 6): the built CLI in a child
// process on real temp files. Each case asserts the outcome as data (--json): the bad path gets
// exactly one finding (code gradlens.unreadable or gradlens.internal), every other file's
// findings are still there, and the exit code is never 3. The child's timeout is only a hang
// guard (a FIFO used to block forever), never a performance assertion: npm run bench times.
import { parseArgs } from '../../src/cli/args';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Finding, Report } from '../../src/core/report';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const HANG_GUARD_MS = 60_000;

/** A wrong claim (the factor 3/2 is a mismatch) and a right one: findings to look for. */
const WRONG = String.raw`$$ \nabla_x x^T x = 3x $$`;
const RIGHT = String.raw`$$ \nabla_x x^T x = 2x $$`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  signal: NodeJS.Signals | null;
}

function run(
  args: string[],
  env: Record<string, string> = {},
  prefix: string[] = [],
  program = cli,
): Run {
  const [command, ...rest] = [...prefix, process.execPath, program, ...args];
  const result = spawnSync(command, rest, {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: HANG_GUARD_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    signal: result.signal,
  };
}

function json(
  args: string[],
  env: Record<string, string> = {},
  prefix: string[] = [],
  program = cli,
) {
  const result = run(['check', '--json', ...args], env, prefix, program);
  assert.equal(result.signal, null, `the CLI was stopped by the hang guard: ${result.stderr}`);
  assert.notEqual(result.code, 3, result.stderr);
  return { ...result, report: JSON.parse(result.stdout) as Report };
}

const fileOf = (report: Report, name: string) =>
  report.files.filter((f) => f.path === name || f.path.endsWith(`/${name}`));

/** The one finding of a path that was not checked, with its code. */
function notCheckedCode(report: Report, name: string): string | undefined {
  const files = fileOf(report, name);
  assert.equal(files.length, 1, `${name}: one entry, got ${files.length}`);
  assert.equal(files[0].findings.length, 1, `${name}: one finding (one line)`);
  assert.equal(files[0].findings[0].severity, 'error');
  return files[0].findings[0].code;
}

const verdicts = (findings: Finding[]) =>
  findings.map((f) => `${f.range.start.line}:${f.range.start.character} ${f.verdict}`);

let dir: string;
const temp = (...parts: string[]) => join(dir, ...parts);

before(() => {
  execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'gradlens-hostile-'));
});

after(() => {
  // rm copes with trees deeper than PATH_MAX, which fs.rmSync does not always
  spawnSync('rm', ['-rf', dir]);
});

describe('what is not a regular file is never opened', () => {
  test('a FIFO, named or found in a folder, and /dev/zero: one line each, the run goes on', () => {
    const folder = temp('fifo');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.md'), WRONG + '\n');
    execFileSync('mkfifo', [join(folder, 'pipe.md')]);
    symlinkSync('/dev/zero', join(folder, 'zero.md'));
    const named = json([join(folder, 'pipe.md'), '/dev/zero', join(folder, 'a.md')]);
    assert.equal(named.code, 1);
    assert.equal(notCheckedCode(named.report, 'pipe.md'), 'gradlens.unreadable');
    assert.equal(notCheckedCode(named.report, '/dev/zero'), 'gradlens.unreadable');
    assert.deepEqual(verdicts(fileOf(named.report, 'a.md')[0].findings), ['0:18 mismatch']);
    const walked = json([folder]);
    assert.equal(walked.code, 1);
    assert.equal(notCheckedCode(walked.report, 'pipe.md'), 'gradlens.unreadable');
    assert.equal(notCheckedCode(walked.report, 'zero.md'), 'gradlens.unreadable');
    assert.equal(walked.report.files.length, 3);
  });
});

describe('links are followed once', () => {
  test('a link to a note and a link to a folder already walked: each note once', () => {
    const folder = temp('links');
    mkdirSync(join(folder, 'notes'), { recursive: true });
    writeFileSync(join(folder, 'notes', 'a.md'), WRONG + '\n');
    symlinkSync(join(folder, 'notes', 'a.md'), join(folder, 'alias.md'));
    symlinkSync(join(folder, 'notes'), join(folder, 'same-notes'));
    const { report } = json([folder]);
    const all = report.files.map((f) => f.path);
    assert.equal(all.length, 1, all.join(', '));
    assert.equal(report.summary.mismatch, 1);
    // Named twice on the command line, or by a link and by its target: once.
    const named = json([join(folder, 'notes', 'a.md'), join(folder, 'alias.md'), folder]);
    assert.equal(named.report.files.length, 1);
  });

  test('a link only to a note outside the folder is checked (it used to be skipped)', () => {
    const folder = temp('outside');
    mkdirSync(folder);
    writeFileSync(temp('elsewhere.md'), WRONG + '\n');
    symlinkSync(temp('elsewhere.md'), join(folder, 'linked.md'));
    const { report } = json([folder]);
    assert.deepEqual(verdicts(fileOf(report, 'linked.md')[0].findings), ['0:18 mismatch']);
  });

  test('links in a loop (to the folder itself, to its parent): the walk ends, no duplicate', () => {
    const folder = temp('loop');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    writeFileSync(join(folder, 'a.md'), WRONG + '\n');
    writeFileSync(join(folder, 'sub', 'b.md'), RIGHT + '\n');
    symlinkSync('.', join(folder, 'self'));
    symlinkSync('..', join(folder, 'sub', 'up'));
    const { report, code } = json([folder]);
    assert.equal(code, 1);
    assert.equal(report.files.length, 2);
    assert.equal(report.summary.mismatch, 1);
    assert.equal(report.summary.ok, 1);
  });

  test('a dangling link named like a note: one line', () => {
    const folder = temp('dangling');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.md'), RIGHT + '\n');
    symlinkSync(join(folder, 'nowhere.md'), join(folder, 'broken.md'));
    symlinkSync(join(folder, 'nowhere.txt'), join(folder, 'broken.txt'));
    const { report } = json([folder]);
    assert.equal(notCheckedCode(report, 'broken.md'), 'gradlens.unreadable');
    assert.equal(report.files.length, 2); // broken.txt is no note: not listed
  });
});

describe('trees of any depth', () => {
  test('a tree nested past PATH_MAX: one line where it gets too deep, the rest checked', () => {
    const folder = temp('deep');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.md'), WRONG + '\n');
    // 90 levels of 60 characters: 5,490 characters, past Linux's PATH_MAX of 4,096. The shell
    // descends by relative paths, so it gets there where one absolute path could not.
    execFileSync('bash', [
      '-c',
      'cd "$1" && n=$(printf "d%.0s" $(seq 60)) && for i in $(seq 90); do mkdir $n && cd $n || exit 1; done && printf "%s\\n" "$2" > note.md',
      'bash',
      folder,
      RIGHT,
    ]);
    const { report, code } = json([folder]);
    assert.equal(code, 1);
    const tooDeep = report.files.filter((f) =>
      f.findings.some((x) => x.code === 'gradlens.unreadable'),
    );
    assert.equal(tooDeep.length, 1);
    assert.equal(tooDeep[0].findings.length, 1);
    assert.ok(tooDeep[0].path.length > 4096 - 61, 'the line names the first folder too deep');
    assert.deepEqual(verdicts(fileOf(report, 'a.md')[0].findings), ['0:18 mismatch']);
  });
});

describe('unreadable files and folders', () => {
  test('made unreadable through the CLI’s file layer: one line each, the others checked', () => {
    const folder = temp('locked');
    mkdirSync(join(folder, 'secret'), { recursive: true });
    writeFileSync(join(folder, 'secret', 'hidden.md'), WRONG + '\n');
    writeFileSync(join(folder, 'closed.md'), WRONG + '\n');
    writeFileSync(join(folder, 'open.md'), WRONG + '\n');
    const hooks = JSON.stringify({
      unreadable: [join(folder, 'secret'), join(folder, 'closed.md')],
    });
    const { report, code } = json([folder], { GRADLENS_CLI_TEST_HOOKS: hooks });
    assert.equal(code, 1);
    assert.equal(notCheckedCode(report, 'secret'), 'gradlens.unreadable');
    assert.equal(notCheckedCode(report, 'closed.md'), 'gradlens.unreadable');
    assert.deepEqual(verdicts(fileOf(report, 'open.md')[0].findings), ['0:18 mismatch']);
    assert.equal(fileOf(report, 'hidden.md').length, 0);
  });

  test('made unreadable by its permissions, the CLI run as another user', (t) => {
    // Root reads through chmod 000, so this needs an unprivileged user (setpriv to nobody).
    const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
    const probe = spawnSync(asNobody[0], [...asNobody.slice(1), process.execPath, '-e', '0']);
    if (process.getuid?.() !== 0 || probe.status !== 0) {
      t.skip('needs root and setpriv to run the CLI as nobody');
      return;
    }
    const folder = temp('perm');
    mkdirSync(join(folder, 'secret'), { recursive: true });
    writeFileSync(join(folder, 'secret', 'hidden.md'), WRONG + '\n');
    writeFileSync(join(folder, 'closed.md'), WRONG + '\n');
    writeFileSync(join(folder, 'open.md'), WRONG + '\n');
    chmodSync(dir, 0o755);
    chmodSync(folder, 0o755);
    chmodSync(join(folder, 'open.md'), 0o644);
    chmodSync(join(folder, 'closed.md'), 0o000);
    chmodSync(join(folder, 'secret'), 0o000);
    // the bundle is self-contained: a copy where nobody can read it, whatever the clone's folder allows
    const program = join(dir, 'cli.js');
    copyFileSync(cli, program);
    chmodSync(program, 0o644);
    const { report, code } = json([folder], {}, asNobody, program);
    assert.equal(code, 1);
    assert.equal(notCheckedCode(report, 'secret'), 'gradlens.unreadable');
    assert.equal(notCheckedCode(report, 'closed.md'), 'gradlens.unreadable');
    assert.deepEqual(verdicts(fileOf(report, 'open.md')[0].findings), ['0:18 mismatch']);
  });
});

describe('encodings', () => {
  const text = `Let $x \\in \\mathbb{R}^n$.\n\n${WRONG}\n\n${RIGHT}\n`;

  test('UTF-8 with a byte-order mark, UTF-16 LE and BE with one: the findings of UTF-8', () => {
    const folder = temp('encodings');
    mkdirSync(folder);
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    writeFileSync(join(folder, 'plain.md'), text);
    writeFileSync(
      join(folder, 'bom8.md'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    );
    writeFileSync(join(folder, 'le.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), le]));
    writeFileSync(join(folder, 'be.md'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    const { report } = json([folder]);
    const expected = verdicts(fileOf(report, 'plain.md')[0].findings);
    assert.ok(expected.includes('2:18 mismatch') && expected.includes('4:18 ok'), expected.join());
    for (const name of ['bom8.md', 'le.md', 'be.md'])
      assert.deepEqual(verdicts(fileOf(report, name)[0].findings), expected, name);
  });

  test('binary junk, invalid UTF-8, UTF-16 without a mark: one line each', () => {
    const folder = temp('junk');
    mkdirSync(folder);
    // bytes that are not UTF-8 whatever the seed: 0xff never occurs in UTF-8
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = ((i * 7919) % 256) | (i % 5 === 0 ? 0xff : 0);
    writeFileSync(join(folder, 'junk.md'), junk);
    writeFileSync(join(folder, 'latin1.md'), Buffer.from('caf\xe9 $x$\n', 'latin1'));
    writeFileSync(join(folder, 'nomark.md'), Buffer.from(text, 'utf16le'));
    writeFileSync(join(folder, 'fine.md'), text);
    const { report, code } = json([folder]);
    assert.equal(code, 1);
    for (const name of ['junk.md', 'latin1.md', 'nomark.md'])
      assert.equal(notCheckedCode(report, name), 'gradlens.unreadable', name);
    assert.equal(fileOf(report, 'fine.md')[0].findings.length, 3);
  });
});

describe('size', () => {
  test('a 5 MB one-line note: one line, not read; the other note checked', () => {
    const folder = temp('big');
    mkdirSync(folder);
    const unit = String.raw`Let $x_1 + y^T A x = \nabla_x f$ hold. `;
    writeFileSync(join(folder, 'huge.md'), unit.repeat(Math.ceil((5 * 1024 * 1024) / unit.length)));
    writeFileSync(join(folder, 'small.md'), WRONG + '\n');
    const { report, code } = json([folder]);
    assert.equal(code, 1);
    assert.equal(notCheckedCode(report, 'huge.md'), 'gradlens.unreadable');
    assert.deepEqual(verdicts(fileOf(report, 'small.md')[0].findings), ['0:18 mismatch']);
  });
});

describe('notebooks', () => {
  /** A notebook: a markdown claim, a code cell whose output is `image`, a markdown claim. */
  function notebook(image: string): string {
    const cells = [
      { cell_type: 'markdown', metadata: {}, source: ['# Gradients\n', '\n', RIGHT + '\n'] },
      {
        cell_type: 'code',
        execution_count: 1,
        metadata: {},
        outputs: [
          {
            data: { 'image/png': image, 'text/plain': ['<Figure size 640x480>'] },
            metadata: {},
            output_type: 'display_data',
          },
        ],
        source: ['plt.imshow(x)'],
      },
      { cell_type: 'markdown', metadata: {}, source: ['Then\n', WRONG] },
    ];
    return JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1) + '\n';
  }

  test('over 20 MB of image output: its markdown cells checked, at their lines and columns', () => {
    const folder = temp('notebooks');
    mkdirSync(folder);
    // The same notebook with a tiny image, read whole, says where the findings must be.
    writeFileSync(join(folder, 'small.ipynb'), notebook('iVBORw0KGgo='));
    const big = join(folder, 'big.ipynb');
    const fd = openSync(big, 'w');
    const [head, tail] = notebook('@').split('@');
    writeSync(fd, head);
    const block = Buffer.alloc(1024 * 1024, 'QUJDRA==');
    for (let i = 0; i < 21; i++) writeSync(fd, block);
    writeSync(fd, tail);
    closeSync(fd);
    const { report, code } = json([folder]);
    assert.equal(code, 1);
    const expected = verdicts(fileOf(report, 'small.ipynb')[0].findings);
    assert.deepEqual(expected.map((v) => v.split(' ')[1]).sort(), ['mismatch', 'ok']);
    assert.deepEqual(verdicts(fileOf(report, 'big.ipynb')[0].findings), expected);
    // and the line the finding names is the claim's line in the real file
    const mismatch = fileOf(report, 'big.ipynb')[0].findings.find((f) => f.verdict === 'mismatch')!;
    const line = readFileSync(big, 'utf8').split('\n')[mismatch.range.start.line];
    assert.ok(line.includes(JSON.stringify(WRONG).slice(1, -1)), line);
  });

  test('a notebook that is not JSON, over the size limit: one line', () => {
    const folder = temp('badnotebook');
    mkdirSync(folder);
    writeFileSync(join(folder, 'broken.ipynb'), '{"cells": [' + ' '.repeat(2 * 1024 * 1024));
    writeFileSync(join(folder, 'fine.md'), WRONG + '\n');
    const { report } = json([folder]);
    assert.equal(fileOf(report, 'broken.ipynb')[0].findings.length, 1);
    assert.equal(fileOf(report, 'broken.ipynb')[0].findings[0].code, 'gradlens.unreadable');
    assert.deepEqual(verdicts(fileOf(report, 'fine.md')[0].findings), ['0:18 mismatch']);
  });
});

describe('a crash while checking one file', () => {
  test('the core throws on one file: its one line, every other file reported, not exit 3', () => {
    const folder = temp('crash');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.md'), WRONG + '\n');
    writeFileSync(join(folder, 'b.md'), RIGHT + '\n');
    writeFileSync(join(folder, 'c.md'), WRONG + '\n');
    const hooks = JSON.stringify({ throwIn: [join(folder, 'b.md')] });
    const { report, code } = json([folder], { GRADLENS_CLI_TEST_HOOKS: hooks });
    assert.equal(code, 1);
    assert.equal(notCheckedCode(report, 'b.md'), 'gradlens.internal');
    assert.deepEqual(verdicts(fileOf(report, 'a.md')[0].findings), ['0:18 mismatch']);
    assert.deepEqual(verdicts(fileOf(report, 'c.md')[0].findings), ['0:18 mismatch']);
    // The lines too: one for the crashed file, one per mismatch.
    const lines = run(['check', folder], { GRADLENS_CLI_TEST_HOOKS: hooks });
    assert.equal(lines.code, 1);
    const listed = lines.stdout.split('\n').filter((l) => /^\S+:\d+:\d+ /.test(l));
    assert.equal(listed.length, 3);
    assert.equal(listed.filter((l) => l.includes('b.md:')).length, 1);
  });
});

describe('options before the files, without the word check', () => {
  test('gradlens --verbose FILE is gradlens check --verbose FILE', () => {
    const request = parseArgs(['--verbose', 'a.md'], false, {});
    assert.equal(request.command, 'check');
    assert.ok(request.command === 'check' && request.verbose);
    assert.deepEqual(request.command === 'check' && request.paths, ['a.md']);
    const file = temp('implicit.md');
    writeFileSync(file, RIGHT + '\n');
    const implicit = run(['--verbose', file]);
    const explicit = run(['check', '--verbose', file]);
    assert.equal(implicit.code, 0, implicit.stderr);
    assert.equal(implicit.stdout, explicit.stdout);
    assert.equal(run(['--json', file]).code, 0);
  });
});

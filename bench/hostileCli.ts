// Hostile input through the CLI (issue 12): wall time and peak memory of `gradlens check` on
// one input of each class, the built CLI in a child process, measured by /usr/bin/time -v
// (else by the child's own process.resourceUsage().maxRSS). Target: ≤ 2 s and ≤ 300 MB each.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_NOTE_BYTES } from '../src/cli/limits';
import { generateNote } from './generate';

const TARGET_SECONDS = 2;
const TARGET_MB = 300;
/** A child still running after this is stopped: the row then says so. */
const STOP_AFTER_SECONDS = 120;
const MB = 1024 * 1024;

interface Input {
  name: string;
  /** The path given to the CLI (made by `make` in `dir`). */
  make: (dir: string) => string;
}

const WRONG = String.raw`$$ \nabla_x x^T x = 3x $$`;

/** Text of about `bytes` bytes: `unit` repeated, on one line or one per line. */
function repeated(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / unit.length));
}

function macroBomb(): string {
  // 18 levels, each doubling the one before: 2^18 letters from a 200-character note.
  const names = Array.from({ length: 18 }, (_, i) => `\\m${String.fromCharCode(97 + i)}`);
  const defs = names.map((name, i) => `\\def${name}{${i === 0 ? 'x' : names[i - 1].repeat(2)}}`);
  return `$${defs.join('')}$\n\n$$ \\frac{d}{dx} ${names[17]} = 1 $$\n`;
}

function notebook(dir: string, imageBytes: number): string {
  const path = join(dir, 'images.ipynb');
  const cell = (type: string, source: string[], extra: object = {}) => ({
    cell_type: type,
    metadata: {},
    source,
    ...extra,
  });
  const cells = [
    cell('markdown', ['Let $x \\in \\mathbb{R}^n$.\n', '\n', WRONG]),
    cell('code', ['plt.imshow(x)'], {
      execution_count: 1,
      outputs: [{ data: { 'image/png': '@' }, metadata: {}, output_type: 'display_data' }],
    }),
    cell('markdown', [WRONG]),
  ];
  const [head, tail] = JSON.stringify(
    { cells, metadata: {}, nbformat: 4, nbformat_minor: 5 },
    null,
    1,
  ).split('@');
  const fd = openSync(path, 'w');
  writeSync(fd, head);
  const block = Buffer.alloc(MB, 'iVBORw0KGgoAAAANSUhEUgAA');
  for (let written = 0; written < imageBytes; written += MB) writeSync(fd, block);
  writeSync(fd, tail);
  closeSync(fd);
  return path;
}

function deepTree(dir: string): string {
  const root = join(dir, 'deep');
  mkdirSync(root);
  writeFileSync(join(root, 'top.md'), WRONG + '\n');
  // 90 levels of 60 characters: past PATH_MAX (4,096), made by relative steps.
  execFileSync('bash', [
    '-c',
    'cd "$1" && n=$(printf "d%.0s" $(seq 60)) && for i in $(seq 90); do mkdir $n && cd $n || exit 1; done && printf "%s\\n" "$2" > note.md',
    'bash',
    root,
    WRONG,
  ]);
  return root;
}

const INPUTS: Input[] = [
  {
    name: 'macro bomb (\\def doubling, 18 levels, in a claim)',
    make: (dir) => write(dir, 'bomb.md', macroBomb()),
  },
  {
    name: '60k adjacent letters',
    make: (dir) => write(dir, 'letters.md', `$$ ${'x'.repeat(60_000)} $$\n`),
  },
  {
    name: '100 kB formula (a flat sum in a claim)',
    make: (dir) =>
      write(dir, 'formula.md', `$$ \\frac{d}{dx} (${repeated('x + ', 100_000)}x) = 1 $$\n`),
  },
  {
    name: `realistic note at the limit (${MAX_NOTE_BYTES / MB} MB)`,
    make: (dir) => write(dir, 'limit.md', noteOfBytes(MAX_NOTE_BYTES - 1024)),
  },
  {
    name: `one-line note at the limit (${MAX_NOTE_BYTES / MB} MB)`,
    make: (dir) =>
      write(dir, 'limit-line.md', repeated('Let $x_1 + y^T A x$ hold. ', MAX_NOTE_BYTES - 1024)),
  },
  { name: '5 MB realistic note', make: (dir) => write(dir, 'five.md', noteOfBytes(5 * MB)) },
  {
    name: '5 MB one-line note',
    make: (dir) => write(dir, 'five-line.md', repeated('Let $x_1 + y^T A x$ hold. ', 5 * MB)),
  },
  { name: '20 MB notebook (image output)', make: (dir) => notebook(dir, 21 * MB) },
  {
    name: 'FIFO named on the command line',
    make: (dir) => {
      execFileSync('mkfifo', [join(dir, 'pipe.md')]);
      return join(dir, 'pipe.md');
    },
  },
  { name: '/dev/zero named on the command line', make: () => '/dev/zero' },
  {
    name: '/dev/zero linked as a note in a folder',
    make: (dir) => {
      mkdirSync(join(dir, 'zero'));
      symlinkSync('/dev/zero', join(dir, 'zero', 'zero.md'));
      return join(dir, 'zero');
    },
  },
  { name: 'tree nested past PATH_MAX', make: deepTree },
];

function write(dir: string, name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

function noteOfBytes(bytes: number): string {
  let lines = 5000;
  let text = generateNote(lines);
  while (text.length < bytes) {
    lines *= 2;
    text = generateNote(lines);
  }
  return text.slice(0, text.lastIndexOf('\n', bytes) + 1);
}

interface Measured {
  exit: string;
  seconds: number;
  peakMb: number | undefined;
}

const TIME = '/usr/bin/time';

/** One run of the CLI: exit code, wall time, peak resident memory. */
function measure(cli: string, path: string): Measured {
  const args = [cli, 'check', '--quiet', path];
  const started = process.hrtime.bigint();
  if (existsSync(TIME)) {
    const result = spawnSync(
      TIME,
      ['-v', 'timeout', '-s', 'KILL', String(STOP_AFTER_SECONDS), process.execPath, ...args],
      {
        encoding: 'utf8',
        maxBuffer: 256 * MB,
      },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
    const status = /Exit status: (\d+)/.exec(result.stderr);
    const signal = /Command terminated by signal (\d+)/.exec(result.stderr);
    return {
      exit: signal
        ? `killed (signal ${signal[1]})`
        : status?.[1] === '137'
          ? 'stopped'
          : (status?.[1] ?? '?'),
      seconds,
      peakMb: rss ? Number(rss[1]) / 1024 : undefined,
    };
  }
  // No /usr/bin/time: the child reports its own peak as its last words.
  const probe = `process.on('exit',()=>process.stderr.write('\\nmaxRSS '+process.resourceUsage().maxRSS+'\\n'));process.argv.splice(1,1);require(${JSON.stringify(cli)})`;
  const result = spawnSync(process.execPath, ['-e', probe, 'probe', ...args], {
    encoding: 'utf8',
    timeout: STOP_AFTER_SECONDS * 1000,
    maxBuffer: 256 * MB,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = /maxRSS (\d+)/.exec(result.stderr);
  return {
    exit: result.signal ? 'stopped' : String(result.status),
    seconds,
    peakMb: rss ? Number(rss[1]) / 1024 : undefined,
  };
}

export function hostileCliTable(root: string): string[][] {
  execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'ignore' });
  const cli = join(root, 'dist', 'cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'gradlens-bench-hostile-'));
  const rows = [
    ['class', 'exit', 'wall s', 'peak MB', `≤ ${TARGET_SECONDS} s`, `≤ ${TARGET_MB} MB`],
  ];
  try {
    for (const input of INPUTS) {
      const path = input.make(dir);
      const { exit, seconds, peakMb } = measure(cli, path);
      rows.push([
        input.name,
        exit,
        seconds.toFixed(2),
        peakMb === undefined ? '?' : peakMb.toFixed(0),
        seconds <= TARGET_SECONDS ? 'yes' : 'NO',
        peakMb !== undefined && peakMb <= TARGET_MB ? 'yes' : 'NO',
      ]);
    }
  } finally {
    spawnSync('rm', ['-rf', dir]); // rm copes with the tree deeper than PATH_MAX
  }
  return rows;
}

// The extension host's thread per edit on a 200,000-character note: what the host itself runs
// synchronously when a document changes (schedule the check, hash the text and post it to the
// worker; take the reply, store the findings and the panel's reading) and for a hover, against
// the real worker thread (dist/worker.js, from `npm run build`). The vscode-facing glue around
// these calls (getText, toDiagnostics) is not in the numbers. "Before" is what the host ran on
// every edit until reading moved off its thread: a shapes-only read of the whole note and the
// region plan (timed here on this thread for comparison).
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { deserialize, serialize } from 'node:v8';
import { analyzeDocument } from '../src/core/analyze';
import type { SourceDocument } from '../src/core/document';
import { DEFAULT_CONVENTIONS } from '../src/core/shape/conventions';
import { Checker, settingsKey, type CheckSettings } from '../src/extension/checker';
import { ReadingStore } from '../src/extension/readingStore';
import { PerKeyScheduler } from '../src/extension/scheduler';
import { LruCache } from '../src/worker/cache';
import { WorkerClient, type CheckOptions } from '../src/worker/client';
import { planReuse, type RegionCache } from '../src/worker/incremental';
import { generateNote } from './generate';

const TARGET_CHARS = 200_000;
const EDITS = 8;

const SETTINGS: CheckSettings = {
  macros: {},
  conventions: { ...DEFAULT_CONVENTIONS },
  numeric: { draws: 3, seed: 1, tolerance: 1e-8, maxDim: 9 },
};

function note(): string {
  let lines = 100;
  while (generateNote(lines + 10).length <= TARGET_CHARS) lines += 10;
  return generateNote(lines);
}

/** Edit i: one character typed into the i-th display formula (a claim region changes). */
function edited(text: string, i: number): string {
  let at = -1;
  for (let k = 0; k <= i * 7; k++) at = text.indexOf('\\nabla', at + 1);
  return `${text.slice(0, at)} ${text.slice(at)}`;
}

export async function hostThreadTable(): Promise<string[][] | string> {
  const workerPath = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (!existsSync(workerPath)) return `(skipped: ${workerPath} is missing; run npm run build)`;
  const base = note();
  const silent = { info() {}, warn() {}, error() {} };
  let lastReply: unknown;
  const client = new WorkerClient({
    workerPath,
    logger: silent,
    timeBudgetMs: 60_000,
    trace: (event) => {
      if (event.direction === 'received' && event.message.type === 'result')
        lastReply = event.message;
    },
  });
  const reader = new WorkerClient({ workerPath, logger: silent, timeBudgetMs: 60_000 });
  let replyAt = 0;
  const timedClient = {
    check: async (document: SourceDocument, options?: CheckOptions) => {
      const outcome = await client.check(document, options);
      replyAt = performance.now();
      return outcome;
    },
  };
  const checker = new Checker(() => timedClient, new ReadingStore());
  const scheduler = new PerKeyScheduler(() => {});
  const rows: string[][] = [
    [
      'edit',
      'schedule ms',
      'send ms',
      'receive ms',
      'reply clone ms',
      'longest block ms',
      'event loop max ms',
      'worker round trip ms',
      'before: host read + plan ms',
    ],
  ];
  const regions: RegionCache = new LruCache(5_000);
  const key = settingsKey(SETTINGS);
  try {
    // The first check fills the worker's caches, as opening the note would.
    await checker.check(
      { uri: 'bench://note.md', version: 0, language: 'markdown', text: base },
      SETTINGS,
    );
    const longestPerEdit: number[] = [];
    for (let i = 1; i <= EDITS; i++) {
      const document: SourceDocument = {
        uri: 'bench://note.md',
        version: i,
        language: 'markdown',
        text: edited(base, i),
      };
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const t0 = performance.now();
      scheduler.schedule(document.uri, 10_000, async () => {});
      const t1 = performance.now();
      scheduler.cancel(document.uri);
      const sending = checker.check(document, SETTINGS);
      const t2 = performance.now();
      await sending;
      const t3 = performance.now();
      loop.disable();
      const schedule = t1 - t0;
      const send = t2 - t1;
      const receive = t3 - replyAt;
      // Taking the reply off the port (a structured clone) happens before any of our code runs:
      // timed here by cloning the same message again on this thread, best of three.
      const bytes = serialize(lastReply);
      let clone = Infinity;
      for (let k = 0; k < 3; k++) {
        const c0 = performance.now();
        deserialize(bytes);
        clone = Math.min(clone, performance.now() - c0);
      }
      const longest = Math.max(schedule, send, receive + clone);
      longestPerEdit.push(longest);
      rows.push([
        String(i),
        schedule.toFixed(2),
        send.toFixed(2),
        receive.toFixed(2),
        `${clone.toFixed(2)} (${(bytes.length / 1024).toFixed(0)} kB)`,
        longest.toFixed(2),
        (loop.max / 1e6).toFixed(1),
        (replyAt - t1).toFixed(0),
      ]);
    }
    // The old path afterwards, so its garbage does not land in the new path's numbers.
    for (let i = 1; i <= EDITS; i++) {
      const document = {
        uri: 'bench://old.md',
        version: i,
        language: 'markdown' as const,
        text: edited(base, i),
      };
      const b0 = performance.now();
      planReuse(analyzeDocument(document, { numeric: false }).read, key, regions);
      rows[i].push((performance.now() - b0).toFixed(0));
    }
    // A hover: the host takes the text and posts the question; the reader answers.
    const hoverDocument: SourceDocument = {
      uri: 'bench://note.md',
      version: EDITS,
      language: 'markdown',
      text: edited(base, EDITS),
    };
    const offset = hoverDocument.text.indexOf('\\nabla') + 2;
    for (const label of ['hover (first: reads)', 'hover (cached reading)']) {
      const h0 = performance.now();
      const asking = reader.shapeAt(hoverDocument, { offset, settingsKey: key });
      const h1 = performance.now();
      await asking;
      const h2 = performance.now();
      rows.push([
        label,
        '',
        (h1 - h0).toFixed(2),
        '',
        '',
        (h1 - h0).toFixed(2),
        '',
        (h2 - h1).toFixed(0),
        '',
      ]);
    }
    // What the event-loop monitor shows with nothing to do, for as long as an edit took: on a
    // busy machine the thread also waits for a core, which no code of ours causes.
    const idle = monitorEventLoopDelay({ resolution: 1 });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    idle.disable();
    rows.push(['idle 1.5 s (baseline)', '', '', '', '', '', (idle.max / 1e6).toFixed(1), '', '']);
    const sorted = [...longestPerEdit].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    rows.push(['median edit', '', '', '', '', median.toFixed(2), '', '', '']);
    rows.push(['worst edit', '', '', '', '', sorted[sorted.length - 1].toFixed(2), '', '', '']);
    rows.push([`(load average ${loadavg()[0].toFixed(1)})`, '', '', '', '', '', '', '', '']);
  } finally {
    client.dispose();
    reader.dispose();
    scheduler.dispose();
  }
  return rows;
}

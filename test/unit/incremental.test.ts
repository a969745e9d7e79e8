// The checker's caches, with the worker's own check run in process: what is reused must be
// what a full check would say. No VS Code, no worker thread (the worker's own tests cover those).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeDocument } from '../../src/core/analyze';
import { attachSuggestions } from '../../src/worker/run';
import type { NumericOptions } from '../../src/core/check/numericCheck';
import type { DocumentLanguage } from '../../src/core/document';
import { readDocument } from '../../src/core/read';
import { generateNote } from '../../bench/generate';
import type { Finding } from '../../src/core/report';
import type { CheckOutcome } from '../../src/worker/client';
import { LruCache } from '../../src/worker/cache';
import { Checker, type CheckResult, type CheckSettings } from '../../src/extension/checker';
import { ReadingStore } from '../../src/extension/readingStore';
import { selfContainedRegions } from '../../src/worker/incremental';
import { InProcessWorker } from './inProcessWorker';
import { PerKeyScheduler } from '../../src/extension/scheduler';
import { DEFAULT_CONVENTIONS } from '../../src/core/shape/conventions';

const NUMERIC: NumericOptions = { draws: 2, seed: 1, tolerance: 1e-8, maxDim: 9 };
const SETTINGS: CheckSettings = {
  macros: {},
  conventions: { ...DEFAULT_CONVENTIONS },
  numeric: NUMERIC,
};
const ANSWER = readFileSync(new URL('../../examples/seed-answer.md', import.meta.url), 'utf8');

function setup() {
  const worker = new InProcessWorker();
  const checker = new Checker(() => worker, new ReadingStore());
  let version = 0;
  const check = async (text: string, language: DocumentLanguage = 'markdown') => {
    const result = await checker.check(
      { uri: 'mem://doc', version: ++version, language, text },
      SETTINGS,
    );
    assert.equal(result.kind, 'findings');
    return result as Extract<CheckResult, { kind: 'findings' }>;
  };
  return { worker, checker, check };
}

/** A full check as the worker does it: the core's findings, wrong gradients with their suggestion. */
function fullCheck(text: string, language: DocumentLanguage = 'markdown'): Finding[] {
  const analysis = analyzeDocument(
    { uri: 'mem://doc', version: 1, language, text },
    { numeric: NUMERIC },
  );
  return attachSuggestions(analysis.read, analysis.findings, () => false);
}

/** What a finding says apart from its sampled numbers (reused claims keep the draws they had). */
function withoutNumbers(findings: Finding[]): unknown[] {
  return findings.map((f) => ({
    ...f,
    relError: undefined,
    evidence: undefined,
    message: f.message.replace(/\d[\d.e+-]*/g, '#'),
    suggestion: f.suggestion && { ...f.suggestion, relError: undefined },
  }));
}

function replaceOnce(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `'${from}' not in the text`);
  return text.replace(from, to);
}

describe('region reuse', () => {
  test('the seed answer: two of its display regions are self-contained, the one with the definition is not', () => {
    const read = readDocument({ uri: 'mem://doc', version: 1, language: 'markdown', text: ANSWER });
    const regions = selfContainedRegions(read).map((r) => ANSWER.slice(r.start, r.end));
    assert.equal(regions.length, 2);
    assert.ok(regions[0].includes('A:B &= \\sum'));
    assert.ok(regions[1].includes('A:\\LR{B\\odot C}'));
  });

  test('the first check sends everything and equals a full check', async () => {
    const { worker, check } = setup();
    const result = await check(ANSWER);
    assert.deepEqual(result.findings, fullCheck(ANSWER));
    assert.equal(worker.sent[0], ANSWER);
    assert.deepEqual(result.reuse, { document: false, regionsReused: 0, regionsFresh: 2 });
  });

  test('editing the last region re-sends only it; the result is exactly a full check', async () => {
    const { worker, check } = setup();
    await check(ANSWER);
    const edited = replaceOnce(ANSWER, 'A:\\LR{B\\odot C} \\;=', 'A:\\LR{C\\odot B} \\;=');
    const result = await check(edited);
    assert.equal(result.reuse.regionsReused, 1);
    const sent = worker.sent[1];
    assert.equal(sent.length, edited.length);
    assert.ok(!sent.includes('A:B &= \\sum'), 'the unchanged region is blanked');
    assert.ok(sent.includes('A:\\LR{C\\odot B}'), 'the edited region is sent');
    assert.equal(sent.split('\n').length, edited.split('\n').length);
    assert.deepEqual(result.findings, fullCheck(edited));
  });

  test('a wrong step typed into the last region is found, the rest reused', async () => {
    const { check } = setup();
    await check(ANSWER);
    const broken = replaceOnce(
      ANSWER,
      '\\;=\\; \\LR{A\\odot B}:C',
      '\\;=\\; \\LR{A\\odot B}:C + A',
    );
    const result = await check(broken);
    assert.equal(result.reuse.regionsReused, 1);
    assert.deepEqual(result.findings, fullCheck(broken));
    assert.ok(result.findings.some((f) => f.verdict === 'mismatch' || f.verdict === 'shape-error'));
  });

  test('prose edited on a line of its own: both claim regions reused, the same verdicts and places', async () => {
    const { worker, check } = setup();
    await check(ANSWER);
    const edited = replaceOnce(
      ANSWER,
      'Note that this product commutes',
      'Note that this product also commutes',
    );
    const result = await check(edited);
    assert.equal(result.reuse.regionsReused, 2);
    assert.ok(!worker.sent[1].includes('\\odot C'));
    assert.deepEqual(withoutNumbers(result.findings), withoutNumbers(fullCheck(edited)));
  });

  test('words just before a region that make it an equation to solve: the region is checked again', async () => {
    const { worker, check } = setup();
    const before = 'Least squares.\n\nWe note that\n\n$$X^T X w = X^T y$$\n\nThe end.\n';
    const first = await check(before);
    // y on one side only, never said: no identity to check, and not yet an equation to solve
    assert.equal(
      first.findings.find((f) => f.kind === 'equality')?.diagnosisDetail?.kind,
      'one-sided',
    );
    assert.equal(first.reuse.regionsFresh, 1, 'the region is self-contained, so it is cached');
    const edited = replaceOnce(before, 'We note that', 'Setting the gradient to zero gives');
    const result = await check(edited);
    assert.equal(
      result.reuse.regionsReused,
      0,
      'the cached verdict depends on the words before it',
    );
    assert.ok(worker.sent[1].includes('X^T X w'), 'the region went to the worker again');
    assert.equal(result.findings.find((f) => f.kind === 'equality')?.verdict, 'skipped');
    assert.deepEqual(result.findings, fullCheck(edited));
  });

  test('a change to a definition: the regions that never mention it are reused, the rest re-checked', async () => {
    const { check } = setup();
    await check(ANSWER);
    const edited = replaceOnce(ANSWER, '\\phi &= A:\\log', '\\phi &= 2A:\\log');
    const result = await check(edited);
    // the two identities about A:B do not mention φ
    assert.equal(result.reuse.regionsReused, 2);
    assert.deepEqual(withoutNumbers(result.findings), withoutNumbers(fullCheck(edited)));
  });

  test('a new line above the claims moves them: they are checked again', async () => {
    const { check } = setup();
    await check(ANSWER);
    const edited = replaceOnce(
      ANSWER,
      'Write the objective',
      'A new first line.\nWrite the objective',
    );
    const result = await check(edited);
    assert.equal(result.reuse.regionsReused, 0);
    assert.deepEqual(result.findings, fullCheck(edited));
  });

  test('a declaration added after the claims changes their context', async () => {
    const { check } = setup();
    await check(ANSWER);
    const edited = `${ANSWER}\nHere $A \\in \\mathbb{R}^{3\\times 3}$.\n`;
    const result = await check(edited);
    assert.equal(result.reuse.regionsReused, 0);
    assert.deepEqual(result.findings, fullCheck(edited));
  });

  test('a symbol said to be n×p, far from the claim, keeps those sizes apart there', async () => {
    // A is m×n and B is p×m: tr(AB) is read with p = n until "W is n×p" says they differ (in
    // words, so no `\\in` changes the note's context)
    const { check } = setup();
    const note = [
      'Let $A \\in \\mathbb{R}^{m\\times n}$ and $B \\in \\mathbb{R}^{p\\times m}$.',
      '$$\\frac{\\partial}{\\partial A} \\operatorname{tr}(A B) = B^T$$',
      'Some words.',
      '',
    ].join('\n\n');
    const verdicts = (findings: Finding[]) =>
      findings.filter((f) => f.kind === 'gradient').map((f) => f.verdict);
    assert.deepEqual(verdicts((await check(note)).findings), ['ok']);
    const edited = note.replace('Some words.', 'The matrix $W$ is $n \\times p$.');
    const result = await check(edited);
    assert.deepEqual(verdicts(result.findings), ['shape-error']);
    assert.deepEqual(withoutNumbers(result.findings), withoutNumbers(fullCheck(edited)));
  });

  test('a display whose words say something is never blanked: what it says reaches the others', async () => {
    const { check } = setup();
    const note = [
      '$$\\frac{\\partial}{\\partial X} \\operatorname{tr}(A X) = A^T \\quad \\text{where $A$ is symmetric}$$',
      '$$\\nabla_x \\, x^TAx = 2Ax$$',
      '',
    ].join('\n\n');
    await check(note);
    const edited = note.replace('\\nabla_x \\, x^TAx', '\\nabla_x x^T A x');
    const result = await check(edited);
    assert.deepEqual(withoutNumbers(result.findings), withoutNumbers(fullCheck(edited)));
    assert.ok(
      result.findings.filter((f) => f.kind === 'gradient').every((f) => f.verdict === 'ok'),
    );
  });

  test('LaTeX environments are blanked and reused too', async () => {
    const tex = [
      '\\documentclass{article}',
      '\\begin{document}',
      'Let $A, B \\in \\mathbb{R}^{n\\times n}$.',
      '\\begin{align}',
      '\\operatorname{tr}(A B) &= \\operatorname{tr}(B A)',
      '\\end{align}',
      '\\begin{equation}',
      '(A B)^T = B^T A^T',
      '\\end{equation}',
      '\\end{document}',
      '',
    ].join('\n');
    const { check } = setup();
    await check(tex, 'latex');
    const edited = replaceOnce(tex, '(A B)^T = B^T A^T', '(A B)^T = A^T B^T');
    const result = await check(edited, 'latex');
    assert.equal(result.reuse.regionsReused, 1);
    assert.deepEqual(result.findings, fullCheck(edited, 'latex'));
    assert.ok(result.findings.some((f) => f.verdict === 'mismatch'));
  });

  test('regions that give the document something are never blanked', () => {
    const text = [
      '$$ \\def\\R{\\mathbb{R}} \\nabla_x (x^T x) = 2x $$',
      '$$ \\nabla_X \\operatorname{tr}(X) = I, \\quad Y \\in \\R^{n\\times n} $$',
      '$$ \\nabla_x \\|x\\|^2 = 2x $$',
      '$$ \\nabla_{W} \\operatorname{tr}(A_{m\\times n} W) = A^T $$',
      '$$ f = \\operatorname{tr}(X) $$',
      '$$ \\nabla_X \\operatorname{tr}(X^T X) = 2X $$',
    ].join('\n\n');
    const read = readDocument({ uri: 'mem://doc', version: 1, language: 'markdown', text });
    const kept = selfContainedRegions(read).map((r) => text.slice(r.start, r.end));
    assert.deepEqual(kept, ['$$ \\nabla_X \\operatorname{tr}(X^T X) = 2X $$']);
  });
});

describe('region reuse under random edits', () => {
  test('a sequence of small edits inside the math of a generated note: always what a full check says', async () => {
    const { check } = setup();
    let text = `${ANSWER}\n\n${generateNote(40)}`;
    await check(text);
    let state = 7;
    const random = (n: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    const inserts = [' ', 'x', ' + A', '2', '^T', '\\', '}', ' = B'];
    let reused = 0;
    for (let round = 0; round < 12; round++) {
      const read = readDocument({ uri: 'mem://doc', version: 1, language: 'markdown', text });
      const displays = read.scan.regions.filter((r) => r.display);
      const region = displays[random(displays.length)];
      const at = region.contentStart + random(region.text.length);
      text = text.slice(0, at) + inserts[random(inserts.length)] + text.slice(at);
      const result = await check(text);
      reused += result.reuse.regionsReused;
      assert.deepEqual(
        withoutNumbers(result.findings),
        withoutNumbers(fullCheck(text)),
        `round ${round}`,
      );
    }
    assert.ok(reused > 0, 'some regions were reused along the way');
  });
});

describe('document cache', () => {
  test('the same text again (an undo) does not reach the worker', async () => {
    const { worker, check } = setup();
    const first = await check(ANSWER);
    await check(replaceOnce(ANSWER, 'A:B &=', 'B:A &='));
    const again = await check(ANSWER);
    assert.equal(worker.sent.length, 2);
    assert.equal(again.reuse.document, true);
    assert.deepEqual(again.findings, first.findings);
  });

  test('answers cut short by the time budget are not cached', async () => {
    const { worker, check } = setup();
    worker.timeBudgetMs = 0;
    await check(ANSWER);
    await check(ANSWER);
    assert.equal(worker.sent.length, 2);
    worker.timeBudgetMs = 60_000;
    await check(ANSWER);
    await check(ANSWER);
    assert.equal(worker.sent.length, 3);
  });

  test('other settings, other answers', async () => {
    const worker = new InProcessWorker();
    const checker = new Checker(() => worker, new ReadingStore());
    const doc = { uri: 'mem://doc', version: 1, language: 'markdown' as const, text: ANSWER };
    await checker.check(doc, SETTINGS);
    await checker.check(doc, { ...SETTINGS, numeric: { ...NUMERIC, seed: 2 } });
    await checker.check(doc, { ...SETTINGS, macros: { '\\R': '\\mathbb{R}' } });
    assert.equal(worker.sent.length, 3);
  });

  test("the worker's other outcomes pass through untouched", async () => {
    const outcomes: CheckOutcome[] = [
      { kind: 'superseded' },
      { kind: 'timeout' },
      { kind: 'crashed', message: 'boom' },
      { kind: 'disposed' },
    ];
    for (const outcome of outcomes) {
      const checker = new Checker(() => ({ check: async () => outcome }), new ReadingStore());
      assert.deepEqual(
        await checker.check(
          { uri: 'mem://doc', version: 1, language: 'markdown', text: ANSWER },
          SETTINGS,
        ),
        outcome,
      );
    }
  });
});

describe('LruCache', () => {
  test('keeps the most recently used entries', () => {
    const cache = new LruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.get('a'), 1);
    cache.set('c', 3);
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 1);
    assert.equal(cache.size, 2);
  });
});

describe('PerKeyScheduler', () => {
  test('per key: a new schedule replaces the pending one; other keys are not touched', async () => {
    const ran: string[] = [];
    const scheduler = new PerKeyScheduler(() => {});
    scheduler.schedule('a', 20, async () => void ran.push('a1'));
    scheduler.schedule('b', 5, async () => void ran.push('b'));
    scheduler.schedule('a', 10, async () => void ran.push('a2'));
    assert.equal(scheduler.idle, false);
    await scheduler.whenIdle();
    assert.deepEqual(ran.sort(), ['a2', 'b']);
  });

  test('flush runs a pending task now; whenIdle waits for running tasks; errors are reported', async () => {
    const errors: unknown[] = [];
    const scheduler = new PerKeyScheduler((e) => errors.push(e));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    scheduler.schedule('a', 10_000, () => gate);
    assert.equal(scheduler.flush('a'), true);
    assert.equal(scheduler.flush('a'), false);
    let idle = false;
    const waiting = scheduler.whenIdle().then(() => (idle = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(idle, false);
    release();
    await waiting;
    await scheduler.run(async () => {
      throw new Error('boom');
    });
    assert.equal(errors.length, 1);
  });

  test('dispose drops pending tasks', async () => {
    const scheduler = new PerKeyScheduler(() => {});
    let ran = false;
    scheduler.schedule('a', 0, async () => void (ran = true));
    scheduler.dispose();
    await scheduler.whenIdle();
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(ran, false);
  });
});

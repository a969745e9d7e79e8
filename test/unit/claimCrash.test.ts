// No crashed documents: whatever is thrown while checking one claim becomes that claim's
// finding (internal-error, information), and every other claim is still checked. The failure is
// injected through AnalyzeOptions.onClaim, the seam the core calls before each claim's check;
// then the real crash that prompted this (a letter reused with two shapes) and the shipped
// examples concatenated into one note, in the core, in runCheck and through the worker thread.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { analyzeDocument, CancelledError, type AnalyzeOptions } from '../../src/core/analyze';
import { INTERNAL_ERROR_CODE, type ClaimPhase } from '../../src/core/check/internalError';
import type { Finding } from '../../src/core/report';
import type { CheckRequest } from '../../src/protocol/worker';
import { WorkerClient } from '../../src/worker/client';
import { runCheck } from '../../src/worker/run';

const root = join(__dirname, '..', '..');
const CLAIM_KINDS = new Set(['gradient', 'equality', 'differential']);

function analyze(text: string, options: AnalyzeOptions = {}): Finding[] {
  return analyzeDocument({ uri: 'mem://c', version: 1, language: 'markdown', text }, options)
    .findings;
}

const claims = (findings: Finding[]) => findings.filter((f) => CLAIM_KINDS.has(f.kind));
const isInternal = (f: Finding) => f.diagnosisDetail?.kind === 'internal-error';

/** Three claims: one holds, one is a sign error, one holds. */
const THREE = String.raw`Let $A \in \mathbb{R}^{n\times n}$ and $\mathbf{x} \in \mathbb{R}^n$.

$$ \nabla_{\mathbf{x}} \mathbf{x}^T A \mathbf{x} = (A + A^T)\mathbf{x} $$

$$ \frac{\partial}{\partial X} \operatorname{tr}(A X) = -A^T $$

$$ \frac{\partial}{\partial X} \operatorname{tr}(X^T X) = 2X $$
`;

/** A hook that throws `thrown` in `phase` for the claim whose region starts at `at`. */
function failing(phase: ClaimPhase, at: number, thrown: unknown = new Error('injected')) {
  let calls = 0;
  const onClaim = (p: ClaimPhase, start: number) => {
    if (p !== phase) return;
    calls++;
    if (start >= at && start < at + 40) throw thrown;
  };
  return { onClaim, calls: () => calls };
}

describe('one claim’s failure is that claim’s finding', () => {
  const plain = claims(analyze(THREE));
  const second = THREE.indexOf('\\frac{\\partial}{\\partial X} \\operatorname{tr}(A X)') - 1;

  test('the note without a failure: ok, mismatch, ok', () => {
    assert.deepEqual(
      plain.map((f) => f.verdict),
      ['ok', 'mismatch', 'ok'],
    );
  });

  for (const phase of ['numeric', 'shapes'] as const) {
    test(`thrown in the ${phase} pass: an internal-error finding there, the others as before`, () => {
      const hook = failing(phase, second - 5);
      const found = claims(analyze(THREE, { onClaim: hook.onClaim }));
      assert.ok(hook.calls() >= 3, 'the hook ran for every claim');
      assert.equal(found.length, 3);
      const [first, broken, third] = found;
      assert.equal(broken.verdict, 'unsupported');
      assert.equal(broken.severity, 'information');
      assert.equal(broken.code, INTERNAL_ERROR_CODE);
      assert.deepEqual(broken.diagnosisDetail, { kind: 'internal-error' });
      assert.equal(broken.diagnosis, 'internal-error');
      assert.deepEqual(broken.range, plain[1].range);
      assert.equal(broken.kind, plain[1].kind);
      for (const [f, before] of [
        [first, plain[0]],
        [third, plain[2]],
      ]) {
        assert.equal(f.verdict, before.verdict);
        assert.equal(f.relError !== undefined, true);
        assert.ok(!isInternal(f));
      }
    });
  }

  test('a value that is not an Error is caught as well', () => {
    const found = claims(analyze(THREE, { onClaim: failing('numeric', second - 5, 42).onClaim }));
    assert.deepEqual(
      found.map((f) => (isInternal(f) ? 'internal' : f.verdict)),
      ['ok', 'internal', 'ok'],
    );
  });

  test('cancellation is not a failure: it still stops the document', () => {
    const { onClaim } = failing('numeric', second - 5, new CancelledError());
    assert.throws(() => analyze(THREE, { onClaim }), CancelledError);
  });
});

/** Written for this test: K the keys (m×d) of attention, then the kernel of a GP, SPD. */
const REUSED_K = String.raw`# Attention

Let $Q \in \mathbb{R}^{m \times d}$ be the queries and $K \in \mathbb{R}^{m \times d}$ the keys.

$$ \frac{\partial}{\partial K} \operatorname{tr}(Q K^T) = 2Q $$

$$ \frac{\partial}{\partial Q} \operatorname{tr}(Q K^T) = K $$

# Gaussian process

The kernel matrix $K$ is symmetric positive definite, $K \in \mathbb{S}^n_{++}$, and $\mathbf{y} \in \mathbb{R}^n$.

$$ \frac{\partial}{\partial K} \log\det K = 2K^{-1} $$

$$ \frac{\partial}{\partial K} \mathbf{y}^T K^{-1} \mathbf{y} = -K^{-1} \mathbf{y} \mathbf{y}^T K^{-1} $$
`;

/** The same letter without its own declaration in the GP part: K stays m×d and is called SPD. */
const REUSED_K_PROSE = String.raw`# Attention

Let $Q \in \mathbb{R}^{m \times d}$ be the queries and $K \in \mathbb{R}^{m \times d}$ the keys.

$$\frac{\partial}{\partial K} \operatorname{tr}(Q K^T) = 2Q$$

# Gaussian process

The kernel matrix $K$ is symmetric positive definite.

$$\frac{\partial}{\partial K} \log\det K = 2K^{-1}$$
`;

describe('a letter reused with two shapes', () => {
  test('K as m×d keys, then an SPD kernel: every claim judged by its own K', () => {
    const found = claims(analyze(REUSED_K));
    assert.equal(found.length, 4);
    assert.ok(!found.some(isInternal));
    const [keys, queries, logdet, quadratic] = found;
    // m×d: no symmetric convention applies; the factor 2 is a plain mismatch
    assert.equal(keys.verdict, 'mismatch');
    assert.deepEqual(keys.diagnosisDetail, { kind: 'factor', value: 2, text: '2' });
    assert.equal(queries.verdict, 'ok');
    // n×n SPD: judged as a symmetric variable
    assert.equal(logdet.verdict, 'mismatch');
    assert.equal(quadratic.verdict, 'ok');
  });

  test('K called SPD where its shape in force is m×d: the diagnosis never adds G and Gᵀ', () => {
    // this note crashed the whole document (a 9×3 plus a 3×9 matrix)
    const found = claims(analyze(REUSED_K_PROSE));
    assert.equal(found.length, 2);
    assert.ok(!found.some(isInternal));
    assert.equal(found[0].verdict, 'mismatch');
    assert.equal(found[0].diagnosisDetail?.kind, 'factor');
    assert.notEqual(found[0].diagnosisDetail?.kind, 'symmetric-convention');
  });

  test('across seeds and sizes, never an internal error', () => {
    for (let seed = 1; seed <= 8; seed++)
      for (const maxDim of [4, 9]) {
        const found = analyze(REUSED_K_PROSE, { numeric: { seed, maxDim } });
        assert.ok(!found.some(isInternal), `seed ${seed}, maxDim ${maxDim}`);
      }
  });
});

/** The notes in examples/, one after another, notebooks by their markdown cells. */
function concatenatedExamples(): { text: string; parts: string[] } {
  const dir = join(root, 'examples');
  const parts = readdirSync(dir)
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      if (!name.endsWith('.ipynb')) return text;
      const notebook = JSON.parse(text) as { cells: { cell_type: string; source: string[] }[] };
      return notebook.cells
        .filter((c) => c.cell_type === 'markdown')
        .map((c) => c.source.join(''))
        .join('\n\n');
    });
  return { text: parts.join('\n\n'), parts };
}

describe('the examples concatenated into one note', () => {
  const { text, parts } = concatenatedExamples();

  test('a finding for every claim of every part, none an internal error', () => {
    const whole = claims(analyze(text));
    const separately = parts.flatMap((part) => claims(analyze(part)));
    assert.ok(separately.length >= 20);
    assert.equal(whole.length, separately.length);
    assert.ok(!whole.some(isInternal));
    assert.ok(whole.filter((f) => f.verdict === 'ok').length >= 20);
  });

  test('as LaTeX too', () => {
    const found = analyzeDocument({
      uri: 'mem://all.tex',
      version: 1,
      language: 'latex',
      text,
    }).findings;
    assert.ok(!found.some(isInternal));
  });
});

describe('the worker', () => {
  const request = (text: string): CheckRequest => ({
    type: 'check',
    id: 1,
    uri: 'mem://w',
    version: 1,
    language: 'markdown',
    text,
    options: { timeBudgetMs: 60_000 },
    slot: -1,
  });

  test('runCheck: the reused-letter note gets its findings, no internal error', () => {
    const reply = runCheck(request(REUSED_K_PROSE), () => true);
    assert.equal(reply.type, 'result');
    if (reply.type !== 'result') return;
    assert.equal(reply.timedOut, false);
    assert.equal(claims(reply.findings).length, 2);
    assert.ok(!reply.findings.some(isInternal));
  });

  test('runCheck: a failure outside any claim is a finding of the document, never a thrown error', () => {
    // the cancellation callback is asked between regions, outside every claim's own guard
    let asked = 0;
    const reply = runCheck(request(THREE), () => {
      if (++asked > 1) throw new Error('injected outside a claim');
      return true;
    });
    assert.equal(reply.type, 'result');
    if (reply.type !== 'result') return;
    assert.ok(reply.findings.length >= 1);
    assert.ok(reply.findings.some(isInternal));
    for (const f of reply.findings.filter(isInternal)) assert.equal(f.severity, 'information');
  });

  describe('through the worker thread', () => {
    let client: WorkerClient;
    const errors: string[] = [];
    before(() => {
      execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'ignore' });
      client = new WorkerClient({
        workerPath: join(root, 'dist', 'worker.js'),
        logger: {
          info: () => {},
          warn: (m) => errors.push(String(m)),
          error: (m) => errors.push(String(m)),
        },
      });
    });
    after(() => client.dispose());

    test('the reused-letter note and the concatenated examples: results, no error logged', async () => {
      for (const text of [REUSED_K_PROSE, concatenatedExamples().text]) {
        const outcome = await client.check(
          { uri: 'file:///note.md', version: 1, language: 'markdown', text },
          { timeBudgetMs: 60_000 },
        );
        assert.equal(outcome.kind, 'result', JSON.stringify(outcome).slice(0, 300));
        if (outcome.kind !== 'result') return;
        assert.ok(!outcome.findings.some(isInternal));
        assert.ok(claims(outcome.findings).length >= 2);
      }
      assert.deepEqual(errors, []);
    });
  });
});

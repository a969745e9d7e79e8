// Silencing in the editor's checker: a region answered from the region cache is marked
// again for the current text, so a comment that changes no region's key still silences it
// (and removing it brings the finding back).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NumericOptions } from '../../src/core/check/numericCheck';
import { DEFAULT_CONVENTIONS } from '../../src/core/shape/conventions';
import { Checker, type CheckResult, type CheckSettings } from '../../src/extension/checker';
import { ReadingStore } from '../../src/extension/readingStore';
import { InProcessWorker } from './inProcessWorker';

const NUMERIC: NumericOptions = { draws: 2, seed: 1, tolerance: 1e-8, maxDim: 9 };
const SETTINGS: CheckSettings = {
  macros: {},
  conventions: { ...DEFAULT_CONVENTIONS },
  numeric: NUMERIC,
};

const core = new InProcessWorker();

const note = (comment: string) =>
  [
    String.raw`Let $\mathbf{a}, \mathbf{x} \in \mathbb{R}^n$.`,
    `<!-- ${comment} -->`,
    '',
    'Some words in between.',
    '',
    String.raw`$$\nabla_{\mathbf{x}} \mathbf{a}^T \mathbf{x} = -\mathbf{a}$$`,
    '',
  ].join('\n');

test('a disable added above a cached region silences it; taking it back un-silences it', async () => {
  const checker = new Checker(() => core, new ReadingStore());
  let version = 0;
  const check = async (text: string) => {
    const result = await checker.check(
      { uri: 'mem://doc', version: ++version, language: 'markdown', text },
      SETTINGS,
    );
    assert.equal(result.kind, 'findings');
    const r = result as Extract<CheckResult, { kind: 'findings' }>;
    return {
      reused: r.reuse.regionsReused,
      mismatch: r.findings.find((f) => f.verdict === 'mismatch')!,
    };
  };
  // Same length, same lines: the region's cache key does not change.
  const on = note('gradlens-disable');
  const off = note('gradlens-enable ');
  assert.equal(on.length, off.length);
  const first = await check(off);
  assert.equal(first.mismatch.suppressed, undefined);
  const second = await check(on);
  assert.ok(second.reused > 0, 'the region came from the cache');
  assert.equal(second.mismatch.suppressed, true);
  const third = await check(off.replace('Some', 'Many'));
  assert.ok(third.reused > 0);
  assert.equal(third.mismatch.suppressed, undefined);
});

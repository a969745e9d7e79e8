// The editor's region cache against a full check, on generated notes and random edits: after
// any sequence of edits the incremental findings are exactly a full check's (apart from the
// sampled numbers a reused claim keeps). Notes are built from paragraphs that say things about
// symbols in every way the readers know (sizes in words and math, counts, sums, structure,
// families, code and comments that must not count), so an edit can add or remove a fact
// anywhere while claims elsewhere stay cached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeDocument } from '../../src/core/analyze';
import type { NumericOptions } from '../../src/core/check/numericCheck';
import type { SourceDocument } from '../../src/core/document';
import type { Finding } from '../../src/core/report';
import { Checker, type CheckSettings } from '../../src/extension/checker';
import { ReadingStore } from '../../src/extension/readingStore';
import { attachSuggestions } from '../../src/worker/run';
import { InProcessWorker } from './inProcessWorker';
import { DEFAULT_CONVENTIONS } from '../../src/core/shape/conventions';

const NUMERIC: NumericOptions = { draws: 1, seed: 1, tolerance: 1e-8, maxDim: 9 };
const SETTINGS: CheckSettings = {
  macros: {},
  conventions: { ...DEFAULT_CONVENTIONS },
  numeric: NUMERIC,
};

const PARAGRAPHS = [
  String.raw`$$\nabla_{\mathbf{x}} (\mathbf{x}^T\mathbf{x} + N) = 2\mathbf{x}$$`,
  String.raw`$$\frac{d}{dt} \sum_{n=1}^{N} t^2 = 2 t$$`,
  String.raw`where $N$ is the number of samples.`,
  String.raw`where $N$ is the number of apples.`,
  'We draw N samples.',
  '```python\n# N samples per batch\n```',
  '<!-- N samples -->',
  String.raw`$$\nabla_{\mathbf{x}}\, \mathbf{x}^T A \mathbf{x} = 2 A \mathbf{x}$$`,
  String.raw`Here $A$ is symmetric.`,
  String.raw`Here $A$ is not necessarily symmetric.`,
  String.raw`Let $A \in \mathbb{R}^{n\times n}$.`,
  String.raw`Let $A \in \mathbb{R}^{m\times n}$.`,
  String.raw`$$\nabla_{\mathbf{w}} \sum_i (y_i - \mathbf{w}^T \mathbf{x}_i)^2 = 2 X^T (X\mathbf{w} - \mathbf{y})$$`,
  String.raw`where the $\mathbf{x}_i$ are the rows of $X$.`,
  String.raw`where the $\mathbf{x}_i$ are the columns of $X$.`,
  String.raw`$$\frac{\partial}{\partial X} \operatorname{tr}(A X) = A^T$$`,
  String.raw`## Part 2`,
  String.raw`Let $S \in \mathbb{S}^n_{++}$.`,
  String.raw`$$\nabla_S \log\det S = S^{-1}$$`,
  String.raw`This needs $m = n$.`,
  'Some words in between.',
  // two size letters for one size (A is m×n, B is p×m, then AB: p read as n) unless some symbol
  // is declared with both, anywhere in the note
  String.raw`Let $B \in \mathbb{R}^{p\times m}$.`,
  String.raw`$$\frac{\partial}{\partial A} \operatorname{tr}(A B) = B^T$$`,
  String.raw`Let $W \in \mathbb{R}^{n\times p}$.`,
  String.raw`Let $W \in \mathbb{R}^{n\times n}$.`,
  // a display's words say something of A to the whole note; a label's formula is a claim
  String.raw`$$\frac{\partial}{\partial X} \operatorname{tr}(A X) = A^T \quad \text{where $A$ is symmetric}$$`,
  String.raw`$$\nabla_{\mathbf{x}}\, \mathbf{x}^T A \mathbf{x} = \underbrace{2 A \mathbf{x}}_{\text{$\nabla_{\mathbf{x}} \mathbf{x}^T A \mathbf{x} = 2A\mathbf{x}$ when $A$ is symmetric}}$$`,
];

/** Paragraphs that differ by a word that changes a fact: samples/apples, symmetric/not, … */
const TWINS: Record<number, number> = {
  2: 3,
  3: 2,
  8: 9,
  9: 8,
  10: 11,
  11: 10,
  13: 14,
  14: 13,
  23: 24,
  24: 23,
};

type Edit = { kind: 'replace' | 'insert' | 'delete' | 'twin'; at: number; paragraph: number };

const note = fc.array(fc.nat(PARAGRAPHS.length - 1), { minLength: 2, maxLength: 7 });
const edit = fc.record({
  kind: fc.constantFrom<Edit['kind']>('replace', 'insert', 'delete', 'twin', 'twin'),
  at: fc.nat(),
  paragraph: fc.nat(PARAGRAPHS.length - 1),
});

function apply(parts: number[], e: Edit): number[] {
  const next = [...parts];
  const at = e.at % (next.length + (e.kind === 'insert' ? 1 : 0) || 1);
  if (e.kind === 'twin') {
    const i = next.findIndex((p, k) => k >= at % next.length && TWINS[p] !== undefined);
    const j = i >= 0 ? i : next.findIndex((p) => TWINS[p] !== undefined);
    if (j >= 0) next[j] = TWINS[next[j]];
    else next.push(e.paragraph);
  } else if (e.kind === 'insert') next.splice(at, 0, e.paragraph);
  else if (e.kind === 'delete' && next.length > 1) next.splice(at, 1);
  else next[at % next.length] = e.paragraph;
  return next;
}

const render = (parts: number[]) => parts.map((p) => PARAGRAPHS[p]).join('\n\n') + '\n';

/** A finding apart from the numbers of its draws (a reused claim keeps the ones it had). */
const comparable = (findings: readonly Finding[]) =>
  findings.map((f) => ({
    ...f,
    relError: undefined,
    evidence: undefined,
    message: f.message.replace(/\d[\d.e+-]*/g, '#'),
    suggestion: f.suggestion && { ...f.suggestion, relError: undefined },
    derivedSuggestion: f.derivedSuggestion && { ...f.derivedSuggestion, relError: undefined },
  }));

test('after any sequence of edits, the incremental findings equal a full check', async () => {
  let reused = 0;
  await fc.assert(
    fc.asyncProperty(note, fc.array(edit, { minLength: 1, maxLength: 4 }), async (start, edits) => {
      const worker = new InProcessWorker();
      const checker = new Checker(() => worker, new ReadingStore());
      let parts = start;
      let version = 0;
      for (const e of [undefined, ...edits]) {
        if (e) parts = apply(parts, e);
        const document: SourceDocument = {
          uri: 'mem://note',
          version: ++version,
          language: 'markdown',
          text: render(parts),
        };
        const result = await checker.check(document, SETTINGS);
        assert.equal(result.kind, 'findings');
        if (result.kind !== 'findings') return;
        reused += result.reuse.regionsReused;
        // as the worker does it: wrong gradients carry their suggestion
        const analysis = analyzeDocument(document, { numeric: NUMERIC });
        const full = attachSuggestions(analysis.read, analysis.findings, () => false);
        assert.deepEqual(comparable(result.findings), comparable(full));
      }
    }),
    { numRuns: 120, seed: 20261204 },
  );
  // the property says something only if regions were in fact reused along the way
  assert.ok(reused > 50, `${reused} regions reused`);
});

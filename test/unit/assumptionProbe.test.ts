// What the numeric check assumes and redraws: the assumption probe (a claim right only under a
// property the note never states is diagnosed `assumes-<property>`, with the assumption as
// data), draws redrawn when a value leaves its domain before anything is called unsupported,
// and full column / row rank honoured by the sizes of a draw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { assumptionTrials, MAX_ASSUMPTION_TRIALS } from '../../src/core/check/numericCheck';
import type { Property } from '../../src/core/facts/kinds';
import type { Finding } from '../../src/core/report';

const CLAIM_KINDS: ReadonlySet<Finding['kind']> = new Set(['gradient', 'equality', 'differential']);

function claimsOf(text: string, seed = 1): Finding[] {
  return analyzeDocument(
    { uri: 'probe.md', version: 1, language: 'markdown', text },
    { numeric: { draws: 3, seed } },
  ).findings.filter((f) => CLAIM_KINDS.has(f.kind));
}

function only(text: string, seed = 1): Finding {
  const claims = claimsOf(text, seed);
  assert.equal(claims.length, 1, claims.map((c) => c.latex).join(' | '));
  return claims[0];
}

const seen = (f: Finding) => `${f.verdict}${f.diagnosis ? ` [${f.diagnosis}]` : ''}: ${f.message}`;

// ── the assumption probe ────────────────────────────────────────────────────────────────

interface Case {
  property: Property;
  /** The symbol the claim needs the property of, as GradLens names it. */
  symbol: string;
  /** Declarations that say nothing of the property. */
  setup: string;
  /** The same declarations, saying it. */
  stated: string;
  /** The same declarations, denying it. */
  denied: string;
  claim: string;
  /** Wrong even under the property. */
  mutants: string[];
}

const CASES: Case[] = [
  {
    property: 'symmetric',
    symbol: 'A',
    setup: 'Let $A \\in \\mathbb{R}^{n\\times n}$ and $\\mathbf x \\in \\mathbb{R}^n$.',
    stated:
      'Let $A \\in \\mathbb{R}^{n\\times n}$ be symmetric and $\\mathbf x \\in \\mathbb{R}^n$.',
    denied:
      'Let $A \\in \\mathbb{R}^{n\\times n}$ and $\\mathbf x \\in \\mathbb{R}^n$; $A$ is not necessarily symmetric.',
    claim: '\\nabla_{\\mathbf x}\\, \\mathbf x^T A \\mathbf x = 2A\\mathbf x',
    mutants: [
      '\\nabla_{\\mathbf x}\\, \\mathbf x^T A \\mathbf x = 3A\\mathbf x',
      '\\nabla_{\\mathbf x}\\, \\mathbf x^T A \\mathbf x = 2A\\mathbf x + \\mathbf x',
    ],
  },
  {
    property: 'orthogonal',
    symbol: 'Q',
    setup: 'Let $Q \\in \\mathbb{R}^{n\\times n}$ and $\\mathbf x \\in \\mathbb{R}^n$.',
    stated:
      'Let $Q \\in \\mathbb{R}^{n\\times n}$ be orthogonal and $\\mathbf x \\in \\mathbb{R}^n$.',
    denied:
      'Let $Q \\in \\mathbb{R}^{n\\times n}$ and $\\mathbf x \\in \\mathbb{R}^n$. Here $Q$ need not be orthogonal.',
    claim: '\\nabla_{\\mathbf x} \\|Q\\mathbf x\\|^2 = 2\\mathbf x',
    mutants: [
      '\\nabla_{\\mathbf x} \\|Q\\mathbf x\\|^2 = \\mathbf x',
      '\\nabla_{\\mathbf x} \\|Q\\mathbf x\\|^2 = 2Q\\mathbf x',
    ],
  },
  {
    property: 'diagonal',
    symbol: 'D',
    setup: 'Let $D \\in \\mathbb{R}^{n\\times n}$ and $\\mathbf x \\in \\mathbb{R}^n$.',
    stated:
      'Let $D \\in \\mathbb{R}^{n\\times n}$ be diagonal and $\\mathbf x \\in \\mathbb{R}^n$.',
    denied:
      'Let $D \\in \\mathbb{R}^{n\\times n}$ and $\\mathbf x \\in \\mathbb{R}^n$, where $D$ is not diagonal.',
    claim:
      '\\nabla_{\\mathbf x} \\tfrac12 \\mathbf x^T D \\mathbf x = \\operatorname{diag}(D)\\odot\\mathbf x',
    mutants: [
      '\\nabla_{\\mathbf x} \\tfrac12 \\mathbf x^T D \\mathbf x = 2\\operatorname{diag}(D)\\odot\\mathbf x',
      '\\nabla_{\\mathbf x} \\tfrac12 \\mathbf x^T D \\mathbf x = \\operatorname{diag}(D)\\odot\\mathbf x + \\mathbf x',
    ],
  },
  {
    property: 'probability',
    symbol: 'y',
    setup: 'Logits $\\mathbf z \\in \\mathbb{R}^K$ and a target $\\mathbf y \\in \\mathbb{R}^K$.',
    stated:
      'Logits $\\mathbf z \\in \\mathbb{R}^K$ and a target $\\mathbf y \\in \\mathbb{R}^K$. <!-- gradlens: \\mathbf{y} probability -->',
    denied:
      'Logits $\\mathbf z \\in \\mathbb{R}^K$ and a target $\\mathbf y \\in \\mathbb{R}^K$. The target $\\mathbf y$ need not sum to one.',
    claim:
      '\\nabla_{\\mathbf z} \\left(-\\mathbf y^T \\log \\operatorname{softmax}(\\mathbf z)\\right) = \\operatorname{softmax}(\\mathbf z) - \\mathbf y',
    mutants: [
      '\\nabla_{\\mathbf z} \\left(-\\mathbf y^T \\log \\operatorname{softmax}(\\mathbf z)\\right) = \\operatorname{softmax}(\\mathbf z) + \\mathbf y',
      '\\nabla_{\\mathbf z} \\left(-\\mathbf y^T \\log \\operatorname{softmax}(\\mathbf z)\\right) = 2\\operatorname{softmax}(\\mathbf z) - \\mathbf y',
    ],
  },
  {
    property: 'positive',
    symbol: 'a',
    setup: 'Let $\\mathbf a, \\mathbf x \\in \\mathbb{R}^n$.',
    stated: 'Let $\\mathbf a, \\mathbf x \\in \\mathbb{R}^n$. <!-- gradlens: \\mathbf{a} pos -->',
    denied:
      'Let $\\mathbf a, \\mathbf x \\in \\mathbb{R}^n$. The entries of $\\mathbf a$ may be negative.',
    claim: '\\nabla_{\\mathbf x}\\, \\operatorname{relu}(\\mathbf a)^T \\mathbf x = \\mathbf a',
    mutants: [
      '\\nabla_{\\mathbf x}\\, \\operatorname{relu}(\\mathbf a)^T \\mathbf x = 2\\mathbf a',
      '\\nabla_{\\mathbf x}\\, \\operatorname{relu}(\\mathbf a)^T \\mathbf x = \\mathbf a + \\mathbf x',
    ],
  },
];

const note = (declarations: string, claim: string) => `${declarations}\n\n$$${claim}$$\n`;

for (const c of CASES) {
  test(`assumes-${c.property}: a claim right only if ${c.symbol} is ${c.property}`, () => {
    const unstated = only(note(c.setup, c.claim));
    assert.equal(unstated.verdict, 'mismatch', seen(unstated));
    assert.equal(unstated.diagnosis, `assumes-${c.property}`, seen(unstated));
    assert.equal(unstated.assumption?.property, c.property);
    assert.equal(unstated.assumption?.symbol, c.symbol);
    // once the note says it, the claim holds
    const stated = only(note(c.stated, c.claim));
    assert.equal(stated.verdict, 'ok', seen(stated));
    assert.equal(stated.assumption, undefined);
  });

  test(`assumes-${c.property}: mutants wrong even under the assumption get no assumes- diagnosis`, () => {
    for (const mutant of c.mutants) {
      for (const declarations of [c.setup, c.stated]) {
        const f = only(note(declarations, mutant));
        assert.equal(f.verdict, 'mismatch', `${mutant}: ${seen(f)}`);
        assert.ok(!f.diagnosis?.startsWith('assumes-'), `${mutant}: ${seen(f)}`);
        assert.equal(f.assumption, undefined, mutant);
      }
    }
  });
}

for (const c of CASES) {
  test(`contradicts-${c.property}: a claim right only if ${c.symbol} is what the note denies`, () => {
    const f = only(note(c.denied, c.claim));
    assert.equal(f.verdict, 'mismatch', seen(f));
    assert.equal(f.diagnosis, `contradicts-${c.property}`, seen(f));
    // never proposed as an assumption (no quick fix to assume it), never "the note does not say"
    assert.equal(f.assumption, undefined, seen(f));
    assert.ok(!f.message.includes('which the note does not say'), seen(f));
    assert.ok(f.message.includes('which the note denies'), seen(f));
    // and mutants, wrong whatever the note says, are no contradiction of it
    for (const mutant of c.mutants) {
      const m = only(note(c.denied, mutant));
      assert.equal(m.verdict, 'mismatch', `${mutant}: ${seen(m)}`);
      assert.ok(!m.diagnosis?.startsWith('contradicts-'), `${mutant}: ${seen(m)}`);
    }
  });
}

test('a denial in force is tried after every assumption the note could make', () => {
  const symmetricDenied = new Map([['symmetric' as Property, {} as never]]);
  const trials = assumptionTrials(
    [
      { name: 'A', display: 'A', shape: 'square', denied: symmetricDenied },
      { name: 'B', display: 'B', shape: 'square' },
    ],
    () => 'normal',
  );
  const order = trials.map((t) => `${t.name} ${t.property}${t.denial ? ' (denied)' : ''}`);
  assert.deepEqual(order.slice(0, 2), ['B symmetric', 'A orthogonal']);
  assert.ok(order.includes('A symmetric (denied)'), order.join(', '));
  assert.equal(order.at(-1), 'A symmetric (denied)', order.join(', '));
});

test('a claim wrong under every assumption the probe tries stays a plain mismatch', () => {
  const f = only(
    note(
      'Let $A \\in \\mathbb{R}^{n\\times n}$ and $\\mathbf a, \\mathbf x \\in \\mathbb{R}^n$.',
      '\\nabla_{\\mathbf x}\\, (\\mathbf a^T\\mathbf x + \\mathbf x^T A\\mathbf x) = \\mathbf x',
    ),
  );
  assert.equal(f.verdict, 'mismatch', seen(f));
  assert.equal(f.diagnosis, undefined, seen(f));
  assert.equal(f.assumption, undefined);
});

test('the weakest assumption that makes a claim hold is the one reported', () => {
  // relu(a) = a needs a ≥ 0 only: a probability vector would also do, positive is asked for
  const relu = only(note(CASES[4].setup, CASES[4].claim));
  assert.equal(relu.diagnosis, 'assumes-positive');
  // 2Ax needs A symmetric, not diagonal
  const quadratic = only(note(CASES[0].setup, CASES[0].claim));
  assert.equal(quadratic.diagnosis, 'assumes-symmetric');
});

test('the variable of the derivative is never assumed anything', () => {
  // ∇_A tr(A) = I is right; ∇_A tr(A²) = 2A needs A symmetric, but A is the variable
  const f = only(
    note('Let $A \\in \\mathbb{R}^{n\\times n}$.', '\\nabla_A \\operatorname{tr}(AA) = 2A'),
  );
  assert.equal(f.verdict, 'mismatch', seen(f));
  assert.equal(f.assumption, undefined);
  assert.ok(!f.diagnosis?.startsWith('assumes-'), seen(f));
});

test('the probe is bounded: at most MAX_ASSUMPTION_TRIALS trials, symmetric first', () => {
  const candidates = [
    { name: 'A', display: 'A', shape: 'square' as const },
    { name: 'B', display: 'B', shape: 'square' as const },
    { name: 'C', display: 'C', shape: 'square' as const },
    { name: 'E', display: 'E', shape: 'square' as const },
    { name: 'y', display: 'y', shape: 'vector' as const },
    { name: 'u', display: 'u', shape: 'vector' as const },
  ];
  const trials = assumptionTrials(candidates, () => 'normal');
  assert.equal(trials.length, MAX_ASSUMPTION_TRIALS);
  assert.ok(MAX_ASSUMPTION_TRIALS <= 6);
  assert.deepEqual(
    trials.slice(0, 3).map((t) => [t.name, t.property]),
    [
      ['A', 'symmetric'],
      ['B', 'symmetric'],
      ['C', 'symmetric'],
    ],
  );
  // one square, one vector: every property that fits each shape is tried once
  const small = assumptionTrials([candidates[0], candidates[4]], () => 'normal');
  assert.deepEqual(
    small.map((t) => `${t.name}:${t.property}`),
    ['A:symmetric', 'y:positive', 'y:probability', 'A:orthogonal', 'A:diagonal'],
  );
  // a matrix drawn for its use (well conditioned under an inverse) keeps that draw; a positive
  // vector may still be a probability vector, but is not tried as positive again
  const kinds: Record<string, string> = { A: 'wellConditioned', y: 'positive' };
  const used = assumptionTrials(
    [candidates[0], candidates[4]],
    (n) => (kinds[n] ?? 'normal') as never,
  );
  assert.deepEqual(
    used.map((t) => `${t.name}:${t.property}`),
    ['y:probability'],
  );
});

// ── redraws before "unsupported" ────────────────────────────────────────────────────────

const RESIDUAL =
  '\\nabla_{\\mathbf b}\\tfrac12\\|\\mathbf b - X(X^TX)^{-1}X^T\\mathbf b\\|^2 = \\mathbf b - X(X^TX)^{-1}X^T\\mathbf b';

test('(XᵀX)⁻¹ of an undeclared-rank X: a draw that made X wide is redrawn, and the claim is checked', () => {
  const text = note(
    'Let $X \\in \\mathbb{R}^{m\\times n}$ and $\\mathbf b \\in \\mathbb{R}^m$.',
    RESIDUAL,
  );
  let redrawn = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const f = only(text, seed);
    assert.equal(f.verdict, 'ok', `seed ${seed}: ${seen(f)}`);
    const draws = f.evidence!.draws;
    assert.equal(draws.length, 3);
    redrawn += draws.filter((d) => (d.redraws ?? 0) > 0).length;
    // the same seed gives the same draws, redraws and all
    assert.deepEqual(only(text, seed).evidence, f.evidence);
  }
  // seed 1's first draw was unsupported before redraws (X wide on its first sizes)
  assert.ok(redrawn > 0);
  assert.ok((only(text, 1).evidence!.draws[0].redraws ?? 0) > 0);
  // the sign mutant is a mismatch, not "unsupported"
  const mutant = only(
    note(
      'Let $X \\in \\mathbb{R}^{m\\times n}$ and $\\mathbf b \\in \\mathbb{R}^m$.',
      RESIDUAL.replace('= \\mathbf b - X', '= \\mathbf b + X'),
    ),
  );
  assert.equal(mutant.verdict, 'mismatch', seen(mutant));
});

test('a domain no redraw can satisfy stays unsupported (domain)', () => {
  // xxᵀ has rank one whatever the values and sizes
  const rankOne = only(
    note(
      'Let $\\mathbf x, \\mathbf b \\in \\mathbb{R}^n$.',
      '\\nabla_{\\mathbf b}\\, \\mathbf b^T(\\mathbf x\\mathbf x^T)^{-1}\\mathbf b = 2(\\mathbf x\\mathbf x^T)^{-1}\\mathbf b',
    ),
  );
  assert.equal(rankOne.verdict, 'unsupported', seen(rankOne));
  assert.equal(rankOne.code, 'gradlens.domain');
  // m < n said in the note: every redraw keeps X wide, so XᵀX stays singular
  const wide = only(
    note(
      'Let $X \\in \\mathbb{R}^{m\\times n}$ with $m < n$, and $\\mathbf b \\in \\mathbb{R}^m$.',
      RESIDUAL,
    ),
  );
  assert.equal(wide.verdict, 'unsupported', seen(wide));
  assert.equal(wide.code, 'gradlens.domain');
});

test('the static positivity check still answers first: log(x − y) stays unsupported (domain)', () => {
  for (let seed = 1; seed <= 3; seed++) {
    const f = only(
      note(
        'Let $\\mathbf x, \\mathbf y \\in \\mathbb{R}^n$.',
        '\\nabla_{\\mathbf x}\\, \\mathbf 1^T\\log(\\mathbf x - \\mathbf y) = \\mathbf 1 \\oslash (\\mathbf x + \\mathbf y)',
      ),
      seed,
    );
    assert.equal(f.verdict, 'unsupported', seen(f));
    assert.equal(f.code, 'gradlens.domain');
  }
});

// ── full column / row rank ──────────────────────────────────────────────────────────────

/** "m=7, n=6" → { m: 7, n: 6 }. */
function sizesOf(draw: { sizes: string }): Record<string, number> {
  return Object.fromEntries(
    draw.sizes.split(', ').map((s) => {
      const [label, value] = s.split('=');
      return [label, Number(value)];
    }),
  );
}

test('full column rank: every draw gives X more rows than columns, no redraw needed', () => {
  const text = note(
    'Let $X \\in \\mathbb{R}^{m\\times n}$ and $\\mathbf b \\in \\mathbb{R}^m$, and assume $X$ has full column rank.',
    RESIDUAL,
  );
  for (let seed = 1; seed <= 8; seed++) {
    const f = only(text, seed);
    assert.equal(f.verdict, 'ok', `seed ${seed}: ${seen(f)}`);
    for (const draw of f.evidence!.draws) {
      const { m, n } = sizesOf(draw);
      assert.ok(m > n, `seed ${seed}: ${draw.sizes}`);
      assert.equal(draw.redraws, undefined);
    }
  }
});

test('full row rank: every draw gives X more columns than rows', () => {
  const text = note(
    'Let $X \\in \\mathbb{R}^{m\\times n}$ and $\\mathbf b \\in \\mathbb{R}^n$, and assume $X$ has full row rank.',
    '\\nabla_{\\mathbf b}\\tfrac12\\|X^T(XX^T)^{-1}X\\mathbf b\\|^2 = X^T(XX^T)^{-1}X\\mathbf b',
  );
  for (let seed = 1; seed <= 8; seed++) {
    const f = only(text, seed);
    assert.equal(f.verdict, 'ok', `seed ${seed}: ${seen(f)}`);
    for (const draw of f.evidence!.draws) {
      const { m, n } = sizesOf(draw);
      assert.ok(n > m, `seed ${seed}: ${draw.sizes}`);
      assert.equal(draw.redraws, undefined);
    }
  }
});

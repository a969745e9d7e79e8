// Denials: what the note says a symbol is not ("$A$ is not necessarily symmetric", "$\mathbf x$
// can have negative entries") is a negated property fact. In force, it cancels the property and
// everything that implies it, whatever use suggests; a statement in a later scope is unaffected;
// a directive still beats it. Domains never make a denied sign positive, so log x of such an x
// is "unsupported (domain)".
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import type { Fact, FactVia } from '../../src/core/facts/fact';
import type { Property } from '../../src/core/facts/kinds';
import { FactTable } from '../../src/core/facts/table';
import { inferDomains, undeterminedArguments } from '../../src/core/numeric/domain';
import type { Finding } from '../../src/core/report';

const NUMERIC = { draws: 3, seed: 1 };

function analyze(text: string) {
  return analyzeDocument(
    { uri: 'mem://denials.md', version: 1, language: 'markdown', text },
    {
      numeric: NUMERIC,
    },
  );
}

/** The claim whose display starts on the given 1-based line. */
function claimOn(text: string, line: number): Finding {
  const found = analyze(text).findings.filter(
    (f) =>
      f.range.start.line === line - 1 && ['gradient', 'equality', 'differential'].includes(f.kind),
  );
  assert.equal(found.length, 1, `claims on line ${line}: ${found.map((f) => f.latex).join(' | ')}`);
  return found[0];
}

const seen = (f: Finding) => `${f.verdict}${f.diagnosis ? ` [${f.diagnosis}]` : ''}: ${f.message}`;

// ── the table, fact by fact ─────────────────────────────────────────────────────────────

function fact(property: Property, start: number, via: FactVia, negated = false): Fact {
  return {
    subject: { symbol: 'A', display: 'A' },
    says: negated ? { kind: 'property', property, negated: true } : { kind: 'property', property },
    source: { via, start, end: start + 5, line: 0, quote: '' },
  };
}

const sorted = (keys: Iterable<Property>) => [...keys].sort();

describe('the table: a denial in force', () => {
  const text = 'x'.repeat(400);

  test('cancels the property and everything that implies it', () => {
    const table = new FactTable(text);
    table.add(fact('symmetric', 10, 'prose', true));
    const r = table.resolve('A', 200);
    assert.deepEqual(
      sorted(r.denied.keys()),
      sorted(['symmetric', 'positive-definite', 'positive-semidefinite', 'diagonal', 'identity']),
    );
    assert.equal(r.properties.size, 0);
  });

  test('beats use, with everything use would have implied', () => {
    const table = new FactTable(text);
    table.add(fact('positive', 300, 'use'));
    table.add(fact('nonnegative', 10, 'prose', true));
    const r = table.resolve('A', 200);
    // the use of positive is gone, and so is the nonnegative it implied
    assert.deepEqual(sorted(r.properties.keys()), []);
    assert.ok(r.denied.has('positive') && r.denied.has('nonnegative'));
    assert.ok(r.facts.every((f) => f.source.via !== 'use'));
  });

  test('leaves what it does not deny: not positive definite keeps symmetric', () => {
    const table = new FactTable(text);
    table.add(fact('symmetric', 10, 'prose'));
    table.add(fact('positive-definite', 50, 'prose', true));
    const r = table.resolve('A', 200);
    assert.deepEqual(sorted(r.properties.keys()), ['symmetric']);
    assert.deepEqual(sorted(r.denied.keys()), sorted(['positive-definite', 'identity']));
  });

  test('a statement of a property that implies the denied one loses to it whole', () => {
    const table = new FactTable(text);
    table.add(fact('positive-definite', 10, 'math'));
    table.add(fact('symmetric', 50, 'prose', true));
    const r = table.resolve('A', 200);
    // Σ ≻ 0 then "not symmetric", both said: the last word before the place asked wins
    assert.equal(r.properties.has('positive-definite'), false);
    assert.equal(r.properties.has('symmetric'), false);
    assert.ok(r.denied.has('symmetric'));
    // asked between the two, the statement is the last word
    const between = table.resolve('A', 30);
    assert.ok(between.properties.has('positive-definite') && between.properties.has('symmetric'));
    assert.equal(between.denied.size, 0);
  });

  test('a directive beats a denial in prose', () => {
    const table = new FactTable(text);
    table.add(fact('symmetric', 10, 'directive'));
    table.add(fact('symmetric', 50, 'prose', true));
    const r = table.resolve('A', 200);
    assert.ok(r.properties.has('symmetric'));
    assert.equal(r.denied.size, 0);
  });
});

describe('the table, from a note', () => {
  const NOTE = [
    'Let $A \\in \\mathbb{R}^{n\\times n}$ and $\\mathbf x \\in \\mathbb{R}^n$; $A$ is not necessarily symmetric.', // 1
    '',
    '$$\\nabla_{\\mathbf x}\\, \\mathbf x^T A \\mathbf x = (A + A^T)\\mathbf x$$', // 3
    '',
    '## Part 2',
    '',
    'Now let $A \\in \\mathbb{R}^{n\\times n}$ be symmetric.', // 7
    '',
    '$$\\nabla_{\\mathbf x}\\, \\mathbf x^T A \\mathbf x = 2A\\mathbf x$$', // 9
    '',
  ].join('\n');

  test('the denial holds in its scope, exposed on the declaration', () => {
    const { read } = analyze(NOTE);
    const at = NOTE.indexOf('$$');
    const d = read.env.declarationAt('A', at);
    assert.ok(d?.denied?.includes('symmetric'), JSON.stringify(d?.denied));
    assert.equal(d?.symmetric, undefined);
    assert.ok(!d?.properties?.includes('symmetric'));
  });

  test('a later statement in a new scope is unaffected', () => {
    const { read } = analyze(NOTE);
    const at = NOTE.lastIndexOf('$$\\nabla');
    const d = read.env.declarationAt('A', at);
    assert.equal(d?.symmetric, true);
    assert.equal(d?.denied, undefined);
    assert.equal(claimOn(NOTE, 9).verdict, 'ok', seen(claimOn(NOTE, 9)));
    assert.equal(claimOn(NOTE, 3).verdict, 'ok', seen(claimOn(NOTE, 3)));
  });

  test('in its scope, the claim that needs what is denied says so', () => {
    const text = NOTE.replace('(A + A^T)\\mathbf x', '2A\\mathbf x');
    const f = claimOn(text, 3);
    assert.equal(f.verdict, 'mismatch', seen(f));
    assert.equal(f.diagnosis, 'contradicts-symmetric', seen(f));
    assert.match(
      f.message,
      /which the note denies \(line 1, prose: ".*not necessarily symmetric"\)/,
    );
  });

  test('the hover cites the denial as one', () => {
    const { read } = analyze(NOTE);
    const d = read.env.declarationAt('A', NOTE.indexOf('$$'));
    const denial = d?.facts?.find((f) => f.says.kind === 'property' && f.says.negated);
    assert.ok(denial, JSON.stringify(d?.facts));
  });
});

// ── domains ─────────────────────────────────────────────────────────────────────────────

const LOG_CLAIM =
  '$$\\nabla_{\\mathbf x}\\, \\mathbf 1^T\\log\\mathbf x = \\mathbf 1\\oslash\\mathbf x$$';

describe('domains: use never makes a denied sign positive', () => {
  test('log x with x said to have negative entries: unsupported (domain)', () => {
    const text = `Let $\\mathbf x \\in \\mathbb{R}^n$; here $\\mathbf x$ can have negative entries.\n\n${LOG_CLAIM}\n`;
    const f = claimOn(text, 3);
    assert.equal(f.verdict, 'unsupported', seen(f));
    assert.equal(f.code, 'gradlens.domain', seen(f));
  });

  test('the same claim without the denial is drawn positive and holds', () => {
    const text = `Let $\\mathbf x \\in \\mathbb{R}^n$.\n\n${LOG_CLAIM}\n`;
    assert.equal(claimOn(text, 3).verdict, 'ok');
  });

  /** The domains of the log claim's symbols, and the arguments whose sign they leave open. */
  function domainsOf(text: string) {
    const { read, shapes } = analyze(text);
    const checked = shapes.steps.find((s) => s.step.kind === 'gradient');
    assert.ok(checked);
    const at = checked.statement.chain!.span.start;
    const roots = [checked.step.lhs, checked.step.rhs];
    const domains = inferDomains(roots, read.env, at);
    return { domains, undetermined: undeterminedArguments(roots, { domains, env: read.env, at }) };
  }

  test('control: without a denial, use under the log draws x positive', () => {
    const { domains, undetermined } = domainsOf(
      `Let $\\mathbf x \\in \\mathbb{R}^n$.\n\n${LOG_CLAIM}\n`,
    );
    assert.equal(domains.kindOf('x'), 'positive');
    assert.equal(undetermined.length, 0);
  });

  for (const words of [
    'The entries of $\\mathbf x$ may be negative.',
    '$\\mathbf x$ is not necessarily positive.',
    '$\\mathbf x$ is of either sign.',
  ]) {
    test(`inferDomains and the positivity check: "${words}"`, () => {
      const text = `Let $\\mathbf x \\in \\mathbb{R}^n$. ${words}\n\n${LOG_CLAIM}\n`;
      const { domains, undetermined } = domainsOf(text);
      assert.equal(domains.kindOf('x'), 'normal');
      assert.equal(undetermined.length, 1);
      assert.equal(claimOn(text, 3).verdict, 'unsupported');
    });
  }

  test('a hypothetical denial says nothing: use stays in charge', () => {
    const text = `Let $\\mathbf x \\in \\mathbb{R}^n$. If $\\mathbf x$ could have negative entries we would stop.\n\n${LOG_CLAIM}\n`;
    assert.equal(claimOn(text, 3).verdict, 'ok');
  });
});

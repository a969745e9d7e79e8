// The panel's facts column, data path: the shapes table of a claim lists, for each symbol, the
// facts in force for it at the claim (describeFacts), and they survive the panel's JSON
// channel and its guards. In-memory documents, no VS Code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { describeFacts } from '../../src/core/facts/describe';
import { shapeTable } from '../../src/extension/panelExpression';
import { isHostMessage, MAX_FACTS, sanitizeDetail, toPanelClaim } from '../../src/protocol/panel';

const TEXT = [
  'Let $W \\in \\mathbb{R}^{n\\times n}$ be a symmetric weight matrix and $\\mathbf{x} \\in \\mathbb{R}^n$.',
  '',
  '$$\\nabla_{\\mathbf{x}}\\, \\mathbf{x}^T W \\mathbf{x} = 2 W \\mathbf{x}$$',
  '',
].join('\n');

function analyze(text: string) {
  return analyzeDocument({ uri: 'mem://facts.md', version: 1, language: 'markdown', text });
}

test('a symbol with a prose fact: its row carries the facts describeFacts gives at the claim', () => {
  const analysis = analyze(TEXT);
  const gradient = analysis.findings.find((f) => f.kind === 'gradient');
  assert.ok(gradient);
  assert.equal(gradient.verdict, 'ok', 'the prose fact makes W symmetric');
  const rows = shapeTable(analysis, gradient);
  const w = rows.find((r) => r.text === 'W');
  assert.ok(w, 'W has a row');
  assert.equal(w.shape, 'n×n');
  const at = analysis.read.lines.offsetAt(gradient.range.start);
  const expected = describeFacts(analysis.read, 'W', at);
  assert.deepEqual(w.facts, expected);
  // The prose fact is among them, read from line 1 (as data: the fact table's own record).
  const resolved = analysis.read.env.facts.resolve('W', at);
  const prose = resolved.facts.find(
    (f) =>
      f.source.via === 'prose' && f.says.kind === 'property' && f.says.property === 'symmetric',
  );
  assert.ok(prose, 'W is symmetric by prose');
  assert.equal(prose.source.line, 0);
  assert.equal(w.facts!.length, resolved.facts.length);

  // Subexpressions carry no facts; the bold x has its declared size among its facts.
  for (const row of rows)
    if (row.text !== 'W' && row.text !== 'x') assert.equal(row.facts, undefined);
  const x = rows.find((r) => r.text === 'x');
  assert.deepEqual(x?.facts, describeFacts(analysis.read, 'x', at));
});

test('no facts said: the row has no facts field', () => {
  const analysis = analyze(
    '$$\\nabla_{\\mathbf{x}}\\, \\mathbf{x}^T \\mathbf{x} = 2\\mathbf{x}$$\n',
  );
  const gradient = analysis.findings.find((f) => f.kind === 'gradient');
  const rows = shapeTable(analysis, gradient);
  assert.ok(rows.length > 0);
  assert.ok(rows.every((r) => r.facts === undefined));
});

test('facts cross the panel channel: toPanelClaim, JSON, guards', () => {
  const analysis = analyze(TEXT);
  const index = analysis.findings.findIndex((f) => f.kind === 'gradient');
  const finding = analysis.findings[index];
  const symbols = shapeTable(analysis, finding);
  const claim = toPanelClaim(finding, index, { symbols });
  assert.deepEqual(claim.detail?.symbols, symbols);
  const wire = JSON.parse(JSON.stringify({ type: 'show', document: null, claims: [claim] }));
  assert.ok(isHostMessage(wire) && wire.type === 'show');
  const detail = sanitizeDetail(wire.claims[0].detail);
  assert.deepEqual(detail?.symbols, symbols);

  // Malformed facts are dropped, not trusted; too many are cut.
  const bad = sanitizeDetail({
    symbols: [
      { text: 'A', shape: 'n×n', facts: 'symmetric' },
      { text: 'B', shape: 'n×n', facts: [1, 'symmetric (line 1, directive)', null] },
      { text: 'C', shape: 'n×n', facts: Array.from({ length: 50 }, (_, i) => `f${i}`) },
    ],
  });
  assert.deepEqual(
    bad?.symbols.map((s) => s.facts),
    [
      undefined,
      ['symmetric (line 1, directive)'],
      Array.from({ length: MAX_FACTS }, (_, i) => `f${i}`),
    ],
  );
});

// A notebook's markdown cells read as one document, findings split back to their cells.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { joinCells, partAtLine, splitFindings } from '../../src/extension/notebookText';

const CELLS = [
  {
    uri: 'cell:1',
    text: '# Setup\n\nLet $A \\in \\mathbb{R}^{m\\times n}$ and $X \\in \\mathbb{R}^{n\\times m}$.',
  },
  { uri: 'cell:2', text: 'Some words, no math.' },
  {
    uri: 'cell:3',
    text: 'The trace rule:\n\n$$\\frac{\\partial}{\\partial X} \\operatorname{tr}(A X) = A$$\n',
  },
];

test('joinCells: each cell starts on its own line after a blank line, with its offset and line', () => {
  const joined = joinCells(CELLS);
  assert.deepEqual(
    joined.parts.map((p) => [p.uri, p.line, p.lineCount]),
    [
      ['cell:1', 0, 3],
      ['cell:2', 4, 1],
      ['cell:3', 6, 4],
    ],
  );
  for (const [i, part] of joined.parts.entries())
    assert.equal(joined.text.slice(part.offset, part.offset + CELLS[i].text.length), CELLS[i].text);
  assert.equal(
    partAtLine(joined.parts, 3)?.uri,
    'cell:1',
    'a separator line belongs to the cell before it',
  );
  assert.equal(partAtLine(joined.parts, 8)?.uri, 'cell:3');
  assert.deepEqual(joinCells([]), { text: '', parts: [] });
});

test('a declaration in one cell sizes a claim in another; the finding lands in its cell, related in the first', () => {
  const joined = joinCells(CELLS);
  const sections = joined.parts.map((p, i) => ({ line: p.line, name: `cell ${i + 1}` }));
  const { findings } = analyzeDocument(
    { uri: 'nb', version: 1, language: 'markdown', text: joined.text },
    { numeric: false, sections },
  );
  const byCell = splitFindings(joined, findings);
  assert.deepEqual(
    [...byCell.keys()],
    ['cell:1', 'cell:2', 'cell:3'],
    'every cell gets an entry, so an emptied cell is cleared',
  );
  assert.equal(byCell.get('cell:2')!.length, 0);
  const [claim] = byCell.get('cell:3')!.filter((f) => f.kind === 'gradient');
  assert.equal(claim.verdict, 'shape-error', claim.message);
  assert.match(claim.message, /m×n, but X is n×m/);
  assert.match(claim.message, /declared on line 3 of cell 1/, 'line numbers name the cell');
  assert.equal(claim.range.start.line, 2, 'line 3 of its own cell');
  assert.equal(
    CELLS[2].text.split('\n')[2][claim.range.start.character],
    '=',
    "at the claim's = in its cell",
  );
  const related = claim.related ?? [];
  const declaration = related.find((r) => /X declared n×m/.test(r.message));
  assert.ok(declaration, `a related place names X's declaration: ${JSON.stringify(related)}`);
  assert.equal(declaration.uri, 'cell:1', 'in the first cell');
  assert.equal(declaration.range.start.line, 2);
  const own = related.find((r) => /claimed gradient/.test(r.message));
  assert.ok(
    own && own.uri === undefined && own.range.start.line === 2,
    "a place in the claim's own cell carries no URI",
  );
});

test('splitFindings cuts a range that runs past its cell at the cell end', () => {
  const joined = joinCells([
    { uri: 'a', text: 'x' },
    { uri: 'b', text: 'y' },
  ]);
  const finding = {
    kind: 'expression' as const,
    verdict: 'parse-error' as const,
    severity: 'error' as const,
    message: 'm',
    latex: '',
    range: { start: { line: 0, character: 0 }, end: { line: 2, character: 1 } },
  };
  const [moved] = splitFindings(joined, [finding]).get('a')!;
  assert.deepEqual(moved.range.start, { line: 0, character: 0 });
  assert.equal(moved.range.end.line, 0);
});

// A matrix written with ellipses, [x_1; x_2; ⋮; x_n] or [a_{11} ⋯ a_{1n}; ⋮ ⋱ ⋮; a_{m1} ⋯ a_{mn}],
// means the matrix whose general entry the written corners share. The corners are unified: they
// must agree everywhere except in subscripts that follow their position (1, 2, … from the start,
// the size from the end), and those subscripts become the pattern's row or column index. The
// written cells are then exactly the general term at their positions, so nothing is guessed.
import { children, type DimSpec, type Expr, type PatternAxis, type SymbolNode } from '../latex/ast';
import { mapExpr } from '../latex/mapExpr';
import { subscriptDisplay } from '../latex/names';
import { INDEX_LETTERS } from './free';

export type EllipsisKind = 'across' | 'down' | 'diagonal';

/** A cell of a matrix environment as written: an expression, an ellipsis, or nothing (`& &`). */
export type PatternCell = Expr | { ellipsis: EllipsisKind } | undefined;

export const ELLIPSIS_CELLS: Readonly<Record<string, EllipsisKind>> = {
  '\\cdots': 'across',
  '\\ldots': 'across',
  '\\dots': 'across',
  '\\dotsc': 'across',
  '\\dotsb': 'across',
  '\\vdots': 'down',
  '\\ddots': 'diagonal',
};

/** Where a written row or column sits: k-th from the start (0 = first) or from the end (0 = last). */
type Position = { from: 'start' | 'end'; k: number };

interface Written {
  cell: Expr;
  row: Position;
  col: Position;
}

/** Index letters the term may use, in the order a writer picks them. */
const PREFERRED = ['i', 'j', 'k', 'l', 'p', 'q', 'r', 's', 't'];

/**
 * The pattern a grid with ellipsis cells denotes, or undefined when its corners do not unify to
 * one general term (then nothing is checked rather than something guessed).
 */
export function readPattern(grid: PatternCell[][], span: Expr['span']): Expr | undefined {
  const width = Math.max(...grid.map((r) => r.length));
  const at = (r: number, c: number) => grid[r][c];
  const isEllipsis = (x: PatternCell): x is { ellipsis: EllipsisKind } =>
    x !== undefined && 'ellipsis' in x;
  const onlyEllipses = (cells: PatternCell[]) =>
    cells.some(isEllipsis) && cells.every((x) => x === undefined || isEllipsis(x));
  const ellipsisRows = grid.map((_, r) => r).filter((r) => onlyEllipses(grid[r]));
  const columns = Array.from({ length: width }, (_, c) => grid.map((row) => row[c]));
  const ellipsisCols = columns.map((_, c) => c).filter((c) => onlyEllipses(columns[c]));
  if (ellipsisRows.length > 1 || ellipsisCols.length > 1) return undefined;
  if (ellipsisRows.length + ellipsisCols.length === 0) return undefined;
  const rowPositions = positions(grid.length, ellipsisRows[0]);
  const colPositions = positions(width, ellipsisCols[0]);
  const written: Written[] = [];
  for (let r = 0; r < grid.length; r++) {
    if (r === ellipsisRows[0]) continue;
    for (let c = 0; c < width; c++) {
      if (c === ellipsisCols[0]) continue;
      const cell = at(r, c);
      if (cell === undefined) continue; // left blank: not written, so no evidence either way
      if (isEllipsis(cell)) return undefined;
      written.push({ cell, row: rowPositions[r], col: colPositions[c] });
    }
  }
  if (written.length < 2) return undefined;
  const rowsWritten = grid.length - ellipsisRows.length;
  const colsWritten = width - ellipsisCols.length;
  const letters = unusedIndexLetters(written.map((w) => w.cell));
  if (letters.length < 2) return undefined;
  const down: Axis = {
    index: letters[0],
    open: ellipsisRows.length > 0,
    count: rowsWritten,
    used: false,
  };
  const across: Axis = {
    index: letters[1],
    open: ellipsisCols.length > 0,
    count: colsWritten,
    used: false,
  };
  const term = unify(written, down, across);
  if (!term) return undefined;
  const downAxis = axisOf(down);
  const acrossAxis = axisOf(across);
  if (downAxis === null || acrossAxis === null) return undefined;
  const indices = new Set([down.index, across.index]);
  const general = entriesOfIndices(term, indices);
  if (namesIndexedBy(general, indices)) return undefined;
  return {
    type: 'pattern',
    term: general,
    ...(downAxis ? { down: downAxis } : {}),
    ...(acrossAxis ? { across: acrossAxis } : {}),
    span,
  };
}

/** Row (or column) positions around the ellipsis at `gap`: before it from the start, after it from the end. */
function positions(count: number, gap: number | undefined): Position[] {
  return Array.from({ length: count }, (_, i) =>
    gap === undefined || i < gap ? { from: 'start', k: i } : { from: 'end', k: count - 1 - i },
  );
}

interface Axis {
  index: string;
  /** Written with an ellipsis: its size is read from the last subscript. */
  open: boolean;
  /** Rows (columns) written. */
  count: number;
  /** The size, as the last row's (column's) subscripts spell it. */
  size?: DimSpec;
  used: boolean;
}

/** The axis of the pattern; undefined for a single row (column); null when its size is unknown. */
function axisOf(axis: Axis): PatternAxis | undefined | null {
  if (!axis.open) {
    if (axis.count === 1) return undefined;
    if (!axis.used) return null; // rows written out whose index no subscript follows
    return { index: axis.index, size: { value: axis.count, span: { start: 0, end: 0 } } };
  }
  if (!axis.size) return null;
  return { index: axis.index, size: axis.size };
}

function unusedIndexLetters(cells: Expr[]): string[] {
  const used = new Set<string>();
  for (const cell of cells)
    mapExpr(cell, (node) => {
      if (node.type === 'symbol') for (const ch of node.name) used.add(ch);
      if (node.type === 'entry') for (const i of node.indices) used.add(i);
      if (node.type === 'sum') for (const i of node.indices) used.add(i.name);
      return node;
    });
  return PREFERRED.filter((l) => !used.has(l) && INDEX_LETTERS.has(l));
}

/** The general term: the first cell with every position-following subscript made an index. */
function unify(written: Written[], down: Axis, across: Axis): Expr | undefined {
  const fail = Symbol('fail');
  const walk = (nodes: Expr[]): Expr => {
    const first = nodes[0];
    if (nodes.some((n) => n.type !== first.type)) throw fail;
    if (first.type === 'symbol') return unifySymbols(nodes as SymbolNode[]);
    if (first.type === 'number') {
      if (nodes.some((n) => n.type === 'number' && n.value !== first.value)) throw fail;
      return first;
    }
    const head = headKey(first);
    if (nodes.some((n) => headKey(n) !== head)) throw fail;
    const kids = nodes.map(children);
    if (kids.some((k) => k.length !== kids[0].length)) throw fail;
    const unified = kids[0].map((_, i) => walk(kids.map((k) => k[i])));
    return replaceChildren(first, unified);
  };
  const unifySymbols = (nodes: SymbolNode[]): Expr => {
    // x_1 … x_{100000}: letter by letter the subscripts differ in length, whole they agree
    const byLetter = nodes.map((n) => splitSubscript(n));
    const agree = (s: typeof byLetter) =>
      s.every((x) => x.base === s[0].base && x.parts.length === s[0].parts.length);
    const split = agree(byLetter) ? byLetter : nodes.map((n) => splitSubscript(n, true));
    const first = split[0];
    if (!agree(split)) throw fail;
    if (split.every((s) => s.parts.join() === first.parts.join())) return nodes[0];
    const parts = first.parts.map((_, p) => {
      const values = split.map((s) => s.parts[p]);
      if (values.every((v) => v === values[0])) return values[0];
      const fits = (axis: Axis, along: (w: Written) => Position) =>
        sizeFollowed(values, written.map(along), axis);
      const byRow = fits(down, (w) => w.row);
      const byCol = fits(across, (w) => w.col);
      // every written cell on the diagonal: the subscript follows rows and columns alike
      if ((byRow === undefined) === (byCol === undefined)) throw fail;
      const role = byRow ? down : across;
      const size = byRow ?? byCol;
      if (size !== true && size !== undefined) role.size = size;
      role.used = true;
      return role.index;
    });
    const sub = parts.join(first.commas ? ',' : '');
    const node = nodes[0];
    return {
      ...node,
      name: `${first.base}_{${sub}}`,
      display: first.display + subscriptDisplay(sub),
    };
  };
  try {
    return walk(written.map((w) => subscriptsAsNames(w.cell)));
  } catch (error) {
    if (error === fail) return undefined;
    throw error;
  }
}

/**
 * Whether each subscript is what its cell's position writes for this axis: k + 1 from the start,
 * the size at the end (n, or a number past the written start), n-1 before it. The size they spell
 * (true when no cell is at the end), or undefined when they do not follow the positions.
 */
function sizeFollowed(values: string[], at: Position[], axis: Axis): DimSpec | true | undefined {
  let size = axis.size ? sizeKey(axis.size) : undefined;
  for (let c = 0; c < values.length; c++) {
    const value = values[c];
    const position = at[c];
    if (position.from === 'start') {
      if (value !== String(position.k + 1)) return undefined;
      continue;
    }
    if (!axis.open) {
      if (value !== String(axis.count - position.k)) return undefined;
      continue;
    }
    const m = /^([a-zA-Z]|\d+)(?:-(\d+))?$/.exec(value);
    if (!m || Number(m[2] ?? 0) !== position.k) return undefined;
    if (/^\d+$/.test(m[1]) && Number(m[1]) <= axis.count) return undefined;
    if (size !== undefined && size !== m[1]) return undefined;
    size = m[1];
  }
  if (size === undefined || !axis.open) return true;
  const span = { start: 0, end: 0 };
  return /^\d+$/.test(size) ? { value: Number(size), span } : { name: size, span };
}

function sizeKey(size: DimSpec): string {
  return 'name' in size ? size.name : String(size.value);
}

/**
 * A_{nj} (read as an entry) next to A_{1j} (read as a name, its subscript has a digit): both as
 * names, so the corners compare subscript by subscript; entriesOfIndices reads them back.
 */
function subscriptsAsNames(cell: Expr): Expr {
  return mapExpr(cell, (node) => {
    if (node.type !== 'entry' || node.base.type !== 'symbol') return node;
    if (node.indices.some((i) => i.length !== 1)) return node;
    const sub = node.indices.join('');
    return {
      ...node.base,
      name: `${node.base.name}_{${sub}}`,
      display: node.base.display + subscriptDisplay(sub),
      span: node.span,
    };
  });
}

/**
 * x_{1} → x and [1]; a_{mn} → a and [m, n]; A_{1,j} → A and [1, j]; n-1 stays one part.
 * `whole`: the subscript as one part (x_{10} → [10]).
 */
function splitSubscript(
  node: SymbolNode,
  whole = false,
): {
  base: string;
  display: string;
  parts: string[];
  commas: boolean;
} {
  const m = /^(.+)_\{([^{}]*)\}$/.exec(node.name);
  if (!m) return { base: node.name, display: node.display, parts: [], commas: false };
  const sub = m[2];
  const shown = subscriptDisplay(sub);
  const display = node.display.endsWith(shown)
    ? node.display.slice(0, -shown.length)
    : node.display;
  const commas = sub.includes(',');
  const pieces = whole ? [sub] : (sub.match(/[a-zA-Z](?:-\d+)?|\d/g) ?? []);
  const parts = commas ? sub.split(',') : pieces;
  if (parts.join(commas ? ',' : '') !== sub) return { base: node.name, display, parts: [], commas };
  return { base: m[1], display, parts, commas };
}

/** What a node is apart from its children and where it was written. */
function headKey(node: Expr): string {
  const kids = new Set<unknown>(children(node));
  return JSON.stringify(node, (key, value: unknown) => {
    if (key === 'span' || key === 'opSpan') return undefined;
    if (kids.has(value)) return 0;
    return value;
  });
}

function replaceChildren(node: Expr, kids: Expr[]): Expr {
  let k = 0;
  return mapOnce(node, () => kids[k++]);
}

/** The node with each direct child replaced, in children() order. */
function mapOnce(node: Expr, next: () => Expr): Expr {
  switch (node.type) {
    case 'entry':
      return { ...node, base: next() };
    case 'sum': {
      const indices = node.indices.map((i) => ({
        ...i,
        ...(i.lower ? { lower: next() } : {}),
        ...(i.upper ? { upper: next() } : {}),
      }));
      return { ...node, indices, body: next() };
    }
    case 'binary':
      return { ...node, left: next(), right: next() };
    case 'neg':
    case 'transpose':
    case 'inverse':
    case 'norm':
    case 'differential':
      return { ...node, arg: next() };
    case 'power':
      return { ...node, arg: next(), exponent: next() };
    case 'call':
    case 'apply':
      return { ...node, args: node.args.map(() => next()) };
    case 'grad': {
      const f = next();
      return { ...node, f, wrt: node.wrt ? next() : undefined };
    }
    case 'matrix':
      return { ...node, rows: node.rows.map((r) => r.map(() => next())) };
    case 'pattern':
      return { ...node, term: next() };
    case 'tuple':
      return { ...node, items: node.items.map(() => next()) };
    default:
      return node;
  }
}

/**
 * x_{i}, A_{ki} in the general term: entries, as they would be under a sum binding the pattern's
 * indices (a bold lowercase x_i stays a member of a family of vectors, as under a sum).
 */
function entriesOfIndices(term: Expr, patternIndices: ReadonlySet<string>): Expr {
  const rewrite = (node: Expr, bound: ReadonlySet<string>): Expr => {
    if (node.type === 'sum') {
      const inner = new Set([...bound, ...node.indices.map((i) => i.name)]);
      return {
        ...node,
        indices: node.indices.map((i) => ({
          ...i,
          ...(i.lower ? { lower: rewrite(i.lower, bound) } : {}),
          ...(i.upper ? { upper: rewrite(i.upper, bound) } : {}),
        })),
        body: rewrite(node.body, inner),
      };
    }
    if (node.type === 'symbol') return asEntry(node, bound) ?? node;
    const kids = children(node).map((kid) => rewrite(kid, bound));
    return kids.length ? replaceChildren(node, kids) : node;
  };
  return rewrite(term, patternIndices);
}

/**
 * [a_1; ⋮; a_n] of bold a_i: a stack of vectors (rows or columns of a matrix), a block
 * matrix, not a matrix of entries; which matrix they build is not read here.
 */
function namesIndexedBy(term: Expr, indices: ReadonlySet<string>): boolean {
  let found = false;
  mapExpr(term, (node) => {
    if (node.type === 'symbol' && splitSubscript(node).parts.some((p) => indices.has(p)))
      found = true;
    return node;
  });
  return found;
}

function asEntry(node: SymbolNode, bound: ReadonlySet<string>): Expr | undefined {
  const { base, display, parts } = splitSubscript(node);
  if (parts.length === 0 || parts.length > 2) return undefined;
  if (!parts.every((p) => bound.has(p))) return undefined;
  const family =
    node.bold &&
    (node.style === 'latin-lower' || node.style === 'greek-lower') &&
    parts.length === 1;
  if (family) return undefined;
  const baseNode: SymbolNode = {
    ...node,
    name: base,
    display,
    span: { start: node.span.start, end: node.span.start + 1 },
  };
  return { type: 'entry', base: baseNode, indices: parts, span: node.span };
}

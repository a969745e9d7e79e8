// The expression tree. Every node carries the source span it was parsed from, so a finding
// about any subexpression points at the right characters of the user's file.
import type { FunctionName } from '../functions/registry';
import type { OperatorName } from '../operators/registry';

// Function names: one entry each in src/core/functions (spellings, shape, evaluation, printing).
export type { FunctionName };

export interface Span {
  start: number;
  end: number;
}

// Binary operators: one entry each in src/core/operators (spellings, shape, evaluation, printing).
export type BinaryOp = OperatorName;

export type NormKind = '2' | 'F' | '1' | 'inf' | 'nuc' | 'default';

export interface SymbolNode {
  type: 'symbol';
  /** Identity key: bold and plain spellings of a letter are the same symbol (X, \mathbf{X}). */
  name: string;
  /** Human-readable spelling for messages, e.g. "X", "φ", "ℒ", "W₁". */
  display: string;
  bold: boolean;
  /** Naming class used by the shape conventions. */
  style: 'latin-upper' | 'latin-lower' | 'greek-upper' | 'greek-lower' | 'calligraphic' | 'other';
  /** A shape written on the symbol itself, A_{m\times n}. */
  sizeHint?: DimSpec[];
  span: Span;
}

/** A dimension as written: a name (n) or a number (3). */
export type DimSpec = { name: string; span: Span } | { value: number; span: Span };

export type Expr =
  | { type: 'number'; value: number; span: Span }
  | SymbolNode
  | { type: 'entry'; base: Expr; indices: string[]; span: Span }
  | { type: 'sum'; indices: SumIndex[]; body: Expr; span: Span }
  | {
      type: 'binary';
      op: BinaryOp;
      left: Expr;
      right: Expr;
      opSpan: Span;
      span: Span;
      dot?: boolean;
    } // dot: written \cdot
  | { type: 'neg'; arg: Expr; span: Span }
  | { type: 'transpose'; arg: Expr; span: Span }
  | { type: 'inverse'; arg: Expr; span: Span }
  | { type: 'power'; arg: Expr; exponent: Expr; elementwise: boolean; span: Span }
  | { type: 'call'; fn: FunctionName; args: Expr[]; span: Span }
  | { type: 'norm'; kind: NormKind; arg: Expr; span: Span }
  | { type: 'apply'; name: string; display: string; args: Expr[]; span: Span }
  | {
      type: 'grad';
      f: Expr;
      wrt: Expr | undefined;
      /** 'D': Df(x), the derivative as a linear map, so its matrix is the Jacobian (numerator layout). */
      notation: 'partial' | 'nabla' | 'd' | 'D';
      /** ∇² f, read as ∇(∇f) */ hessian?: boolean;
      span: Span;
    }
  | { type: 'differential'; arg: Expr; notation: 'd' | 'partial'; span: Span }
  // cols: 𝟏_{m×n}, 0_{m×n}, a matrix of ones or zeros sized where it is written
  | { type: 'ones'; size?: DimSpec; cols?: DimSpec; span: Span }
  | { type: 'identity'; size?: DimSpec; span: Span }
  | { type: 'zero'; size?: DimSpec; cols?: DimSpec; span: Span }
  | { type: 'matrix'; rows: Expr[][]; span: Span }
  // [x_1; ⋮; x_n], [a_{11} ⋯ a_{1n}; ⋮ ⋱ ⋮; a_{m1} ⋯ a_{mn}]: the matrix whose (i, j) entry is term
  | { type: 'pattern'; term: Expr; down?: PatternAxis; across?: PatternAxis; span: Span }
  | { type: 'tuple'; items: Expr[]; span: Span }
  | SpaceNode;

export interface SumIndex {
  name: string;
  lower?: Expr;
  upper?: Expr;
  /** \sum_{k \neq i}: the values of these indices are left out. */
  except?: string[];
  span: Span;
}

/** One direction of a pattern matrix: its index runs from 1 to size. down: rows, across: columns; absent: a single row (column). */
export interface PatternAxis {
  index: string;
  /** Absent: as long as what the index runs over (s(z)_i = …: the length of z). */
  size?: DimSpec;
}

/** ℝ^{m×n}, 𝕊^n_{++}: the right-hand side of a declaration. */
export interface SpaceNode {
  type: 'space';
  field: 'R' | 'S';
  dims: DimSpec[];
  positive?: 'nonnegative' | 'positive';
  definite?: 'pd' | 'psd';
  span: Span;
}

export type RelationOp =
  | '='
  | ':='
  | '\\leftarrow'
  | '\\in'
  | '\\approx'
  | '\\propto'
  | '\\equiv'
  | '\\neq'
  | '<'
  | '>'
  | '\\le'
  | '\\ge'
  | '\\succ'
  | '\\succeq'
  | '\\prec'
  | '\\preceq'
  | '\\to'
  | '\\sim'
  | '\\Rightarrow';

export interface Relation {
  op: RelationOp;
  span: Span;
}

/** One statement: operands joined by relations (a = b = c, X ∈ ℝ^{k×l}, K ← …). */
export interface Chain {
  operands: Expr[];
  relations: Relation[];
  span: Span;
  /** `…, \quad i = j`: the claim holds for these values of its free indices only. */
  where?: IndexCondition[];
}

/** i = j or i ≠ j, said after a claim in index notation. */
export interface IndexCondition {
  left: string;
  right: string;
  equal: boolean;
}

export function children(node: Expr): Expr[] {
  switch (node.type) {
    case 'entry':
      return [node.base];
    case 'sum':
      return [
        ...node.indices.flatMap((i) => [i.lower, i.upper].filter((x): x is Expr => !!x)),
        node.body,
      ];
    case 'binary':
      return [node.left, node.right];
    case 'neg':
    case 'transpose':
    case 'inverse':
    case 'norm':
    case 'differential':
      return [node.arg];
    case 'power':
      return [node.arg, node.exponent];
    case 'call':
    case 'apply':
      return node.args;
    case 'grad':
      return node.wrt ? [node.f, node.wrt] : [node.f];
    case 'matrix':
      return node.rows.flat();
    case 'pattern':
      return [node.term];
    case 'tuple':
      return node.items;
    default:
      return [];
  }
}

/** Depth-first visit, parents before children. Iterative so that deep trees cannot overflow. */
export function visit(root: Expr, fn: (node: Expr) => void): void {
  const stack: Expr[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    fn(node);
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

// Chains → claims: each relation of a chain is one step, judged against the operand just
// before it. The first step decides what the chain is: a gradient (∂φ/∂X = …), a differential
// (dφ = …), a definition (φ = …, f(W) := …), a declaration (X ∈ ℝ^{k×l}), or an equality.
import { visit, type Chain, type Expr, type Relation } from '../latex/ast';

export type StepKind =
  | 'gradient'
  | 'equality'
  | 'differential'
  | 'definition'
  | 'declaration'
  | 'update' //   K ← …: an assignment, not a claim
  | 'relation' // ≈, ≤, ∝, →: not checked
  | 'condition' // dA = 0, QᵀQ = I said as a condition: a fact about a symbol, not a claim
  | 'sizes'; //    D = N, m = n: a relation between dimensions, not between values

type Grad = Extract<Expr, { type: 'grad' }>;

interface StepOf<K extends StepKind, L extends Expr> {
  kind: K;
  /** 1-based position of the relation in its chain. */
  index: number;
  lhs: L;
  rhs: Expr;
  relation: Relation;
}

/** A gradient step's left side is the derivative itself (∂φ/∂X, ∇_X φ): typed, never cast. */
export type GradientStep = StepOf<'gradient', Grad>;

export type Step = GradientStep | StepOf<Exclude<StepKind, 'gradient'>, Expr>;

/** The same step read as another kind (a condition, a relation between sizes). */
export function asKind(step: Step, kind: Exclude<StepKind, 'gradient'>): Step {
  return { ...step, kind };
}

/** The name a definition defines: φ in `φ = …`, f in `f(W) = …`, with its parameters. */
export function definitionHead(
  expr: Expr,
): { name: string; display: string; params: string[] } | undefined {
  if (expr.type === 'symbol') return { name: expr.name, display: expr.display, params: [] };
  if (expr.type === 'apply' && expr.args.every((a) => a.type === 'symbol')) {
    return {
      name: expr.name,
      display: expr.display,
      params: expr.args.map((a) => (a as { name: string }).name),
    };
  }
  // D(V ‖ WH) = …: the arguments only label what D is; D itself is what is defined.
  if (expr.type === 'apply') return { name: expr.name, display: expr.display, params: [] };
  // s(z)_i = e^{z_i} / Σ_j e^{z_j}, C_{ij} = A_{ik}B_{kj}: defined entry by entry
  const entry = definingEntry(expr);
  if (entry) return definitionHead(entry.base);
  // log p(y | K) = …: a log-density written out defines p (as exp of the right side).
  if (isLogOfApply(expr)) return definitionHead(expr.args[0]);
  // Δ^2 = (x − μ)ᵀ Σ⁻¹ (x − μ), σ^2 = …: a squared name defines the name (as the root).
  if (isSquareOfSymbol(expr)) return definitionHead(expr.arg);
  return undefined;
}

function isSquareOfSymbol(expr: Expr): expr is Extract<Expr, { type: 'power' }> {
  return (
    expr.type === 'power' &&
    expr.arg.type === 'symbol' &&
    expr.exponent.type === 'number' &&
    expr.exponent.value === 2
  );
}

function isLogOfApply(expr: Expr): expr is Extract<Expr, { type: 'call' }> {
  return (
    expr.type === 'call' &&
    expr.fn === 'log' &&
    expr.args.length === 1 &&
    expr.args[0].type === 'apply'
  );
}

type Entry = Extract<Expr, { type: 'entry' }>;

/**
 * An entry that defines what it is an entry of: s(z)_i (one entry of a function of symbols) or
 * C_{ij} (an entry of a matrix named by a letter; one index may be a vector's or a family's).
 */
function definingEntry(expr: Expr): Entry | undefined {
  if (expr.type !== 'entry') return undefined;
  const { base, indices } = expr;
  const ofApply =
    indices.length === 1 && base.type === 'apply' && base.args.every((a) => a.type === 'symbol');
  const ofMatrix = indices.length === 2 && base.type === 'symbol';
  return ofApply || ofMatrix ? expr : undefined;
}

/**
 * The value a definition gives its name: the right side, exp of it for `log p(…) = …`, its root
 * for `Δ^2 = …`, the matrix of its entries for `s(z)_i = …` and `C_{ij} = …`.
 */
export function definedValue(lhs: Expr, rhs: Expr): Expr {
  const entry = definingEntry(lhs);
  if (entry) {
    const [down, across] = entry.indices;
    return {
      type: 'pattern',
      term: rhs,
      down: { index: down },
      ...(across ? { across: { index: across } } : {}),
      span: rhs.span,
    };
  }
  if (isSquareOfSymbol(lhs)) return { type: 'call', fn: 'sqrt', args: [rhs], span: rhs.span };
  return isLogOfApply(lhs) ? { type: 'call', fn: 'exp', args: [rhs], span: rhs.span } : rhs;
}

function isZero(expr: Expr): boolean {
  return (expr.type === 'number' && expr.value === 0) || expr.type === 'zero';
}

/** {0,1}^N, {−1,1}^n: vectors of a finite set, declared like ℝ^N. */
export function isFiniteSetPower(expr: Expr): boolean {
  return (
    expr.type === 'power' &&
    expr.arg.type === 'tuple' &&
    (expr.exponent.type === 'symbol' || expr.exponent.type === 'number')
  );
}

/**
 * The probability simplex: Δ^K, Δ^{K−1} (the (K−1)-simplex of ℝ^K), Δ_K. Its dimension (the
 * length of its vectors), else undefined.
 */
export function simplexDimension(expr: Expr): Expr | undefined {
  if (expr.type === 'symbol') {
    const m = /^\\Delta_\{(.+)\}$/.exec(expr.name);
    return m
      ? { type: 'symbol', name: m[1], display: m[1], bold: false, style: 'other', span: expr.span }
      : undefined;
  }
  if (expr.type !== 'power' || expr.arg.type !== 'symbol' || expr.arg.name !== '\\Delta')
    return undefined;
  const e = expr.exponent;
  if (e.type === 'symbol' || e.type === 'number') return e;
  // Δ^{K−1}: vectors of K entries
  if (
    e.type === 'binary' &&
    e.op === 'sub' &&
    e.left.type === 'symbol' &&
    e.right.type === 'number' &&
    e.right.value === 1
  )
    return e.left;
  return undefined;
}

/** `S = S^T` (either way round): never an identity to check, it says S is symmetric. */
export function isSymmetryStatement(lhs: Expr, rhs: Expr): boolean {
  const transposeOf = (t: Expr, s: Expr) =>
    t.type === 'transpose' &&
    t.arg.type === 'symbol' &&
    s.type === 'symbol' &&
    t.arg.name === s.name;
  return transposeOf(rhs, lhs) || transposeOf(lhs, rhs);
}

/** N ∈ ℕ, K ∈ \mathbb{Z}_{+}: a count, so a scalar. */
export function isIntegerSet(expr: Expr): boolean {
  return expr.type === 'symbol' && /^\\mathbb\{[NZ]\}/.test(expr.name);
}

/** y ∈ \{-1, 1\}: a label from a finite set of numbers, so a scalar. */
export function isFiniteSet(expr: Expr): boolean {
  return (
    expr.type === 'tuple' &&
    expr.items.every((i) => i.type === 'number' || (i.type === 'neg' && i.arg.type === 'number'))
  );
}

function isDeclarationTarget(expr: Expr): boolean {
  if (expr.type === 'symbol') return true;
  return expr.type === 'tuple' && expr.items.every((i) => i.type === 'symbol');
}

/**
 * Classifies the steps of a chain. `isDefined(name)` tells whether a name already has a
 * definition earlier in the document: then `φ = …` is a claim about it, not a new definition.
 */
/** `LᵀL = Σ`: one equality, a bare new name on the right that the left does not mention. */
function definesRightToLeft(
  chain: Chain,
  lhs: Expr,
  rhs: Expr,
  isDefined: (name: string) => boolean,
): boolean {
  if (chain.relations.length !== 1 || rhs.type !== 'symbol' || lhs.type === 'symbol') return false;
  if (isDefined(rhs.name)) return false;
  let mentioned = false;
  visit(lhs, (node) => {
    if (node.type === 'symbol' && node.name === rhs.name) mentioned = true;
  });
  return !mentioned;
}

export function classifySteps(
  chain: Chain,
  isDefined: (name: string, params?: readonly string[]) => boolean,
): Step[] {
  const steps: Step[] = [];
  const first = chain.operands[0];
  for (let i = 0; i < chain.relations.length; i++) {
    const relation = chain.relations[i];
    const lhs = chain.operands[i];
    const rhs = chain.operands[i + 1];
    let kind: Exclude<StepKind, 'gradient'>;
    switch (relation.op) {
      case '\\in':
        kind =
          isDeclarationTarget(lhs) &&
          (rhs.type === 'space' ||
            isFiniteSetPower(rhs) ||
            isFiniteSet(rhs) ||
            isIntegerSet(rhs) ||
            simplexDimension(rhs) !== undefined)
            ? 'declaration'
            : 'relation';
        break;
      case '\\succ':
      case '\\succeq':
        kind = isDeclarationTarget(lhs) && isZero(rhs) ? 'declaration' : 'relation';
        break;
      case '\\leftarrow':
        kind = 'update';
        break;
      case '=':
      case ':=': {
        if (relation.op === '=' && isSymmetryStatement(lhs, rhs)) kind = 'declaration';
        // ∂f/∂X_{pq} = …: a claim about entries, compared entry by entry like any equality
        else if (i === 0 && first.type === 'grad' && first.wrt?.type === 'entry') kind = 'equality';
        else if (i === 0 && first.type === 'grad') {
          steps.push({ kind: 'gradient', index: i + 1, lhs: first, rhs, relation });
          continue;
        } else if (first.type === 'differential') kind = 'differential';
        else if (i === 0) {
          const head = definitionHead(first);
          kind =
            head && (relation.op === ':=' || !isDefined(head.name, head.params))
              ? 'definition'
              : 'equality';
          // LᵀL = Σ: an expression equal to a new name defines the name, read right to left
          if (kind === 'equality' && definesRightToLeft(chain, lhs, rhs, isDefined)) {
            steps.push({ kind: 'definition', index: i + 1, lhs: rhs, rhs: lhs, relation });
            continue;
          }
        } else kind = 'equality';
        break;
      }
      default:
        kind = 'relation';
    }
    steps.push({ kind, index: i + 1, lhs, rhs, relation });
  }
  return steps;
}

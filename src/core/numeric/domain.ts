// Which values each symbol may take, read off how it is used: positive under log, sqrt and
// denominators; symmetric positive definite under log det or where declared; well
// conditioned under an inverse; symmetric where declared. What the note denies where the claim
// stands is never inferred from use ("$\mathbf x$ can have negative entries": log x does not make
// x positive, and the positivity check below then finds log x undetermined).
import type { SymbolEnvironment } from '../claims/environment';
import type { Sign } from '../functions/define';
import { functionNamed } from '../functions/registry';
import { bothSigns, type OperatorSignRules } from '../operators/define';
import { operatorNamed } from '../operators/registry';
import { children, type Expr, type FunctionName } from '../latex/ast';
import { printExpr } from '../latex/print';
import { propertyInfo, SAMPLE_RANK as RANK, type Property, type SampleKind } from '../facts/kinds';

export type { SampleKind };

export class DomainMap {
  private readonly kinds = new Map<string, SampleKind>();

  require(name: string, kind: SampleKind): void {
    const prior = this.kinds.get(name) ?? 'normal';
    // a symmetric matrix under a division stays symmetric: positive entries, mirrored
    const both = new Set([prior, kind]);
    if (both.has('symmetric') && both.has('positive')) this.kinds.set(name, 'symmetricPositive');
    else if (RANK[kind] > RANK[prior]) this.kinds.set(name, kind);
  }

  kindOf(name: string): SampleKind {
    return this.kinds.get(name) ?? 'normal';
  }

  /** A copy with `name` sampled as `kind` (whatever its rank). */
  with(name: string, kind: SampleKind): DomainMap {
    const copy = new DomainMap();
    for (const [k, v] of this.kinds) copy.kinds.set(k, v);
    copy.kinds.set(name, kind);
    return copy;
  }
}

/** Draws whose entries are all positive, or all nonnegative. */
const POSITIVE_KINDS: ReadonlySet<SampleKind> = new Set([
  'positive',
  'symmetricPositive',
  'ones',
  'simplex',
  'rowSimplex',
]);
const NONNEGATIVE_KINDS: ReadonlySet<SampleKind> = new Set([
  'nonnegative',
  'oneHot',
  'binary',
  'identity',
  'zero',
]);

/** A function whose value is positive whatever its argument: its inside needs nothing. */
function positiveValued(fn: FunctionName): boolean {
  const range = functionNamed(fn).range;
  return range === 'positive' || range === 'unit';
}

const isDeterminant = (node: Expr): node is Extract<Expr, { type: 'call' }> =>
  node.type === 'call' && functionNamed(node.fn).domain?.determinant === true;

export function inferDomains(roots: Expr[], env: SymbolEnvironment, at: number): DomainMap {
  const domains = new DomainMap();
  // what the note says of each symbol where this claim stands (a letter redeclared in a later
  // part is that part's letter there, and only there)
  for (const name of new Set([...env.declaredNames(), ...env.facts.names()])) {
    const d = env.declarationAt(name, at);
    for (const property of d?.properties ?? [])
      domains.require(name, propertyInfo(property).sample);
  }
  const denied = (name: string, property: Property) =>
    env.declarationAt(name, at)?.denied?.includes(property) === true;
  const expanded = new Set<string>();
  const walk = (node: Expr, positive: boolean) => {
    switch (node.type) {
      case 'symbol': {
        if (positive && !denied(node.name, 'positive')) domains.require(node.name, 'positive');
        // a declared name is a variable even when the note also defines it
        const definition = env.declarationAt(node.name, at)?.dims
          ? undefined
          : env.definitionAt(node.name, at + 1);
        if (definition && !expanded.has(node.name)) {
          expanded.add(node.name);
          walk(definition.expr, positive);
        }
        return;
      }
      case 'apply': {
        const definition = env.definitionAt(node.name, at + 1);
        if (definition && !expanded.has(node.name)) {
          expanded.add(node.name);
          walk(definition.expr, positive);
        }
        for (const a of node.args) walk(a, positive);
        return;
      }
      case 'call':
        if (functionNamed(node.fn).domain?.argument) {
          // log det S and log |S| need det S > 0, not positive entries: a symmetric S is
          // sampled positive definite; any other S invertible with det > 0 but not symmetric,
          // so that a transposed claim (X⁻¹ for X⁻ᵀ) cannot hide behind a symmetric sample
          const inner = node.args[0];
          if (isDeterminant(inner) && inner.args[0].type === 'symbol') {
            const name = inner.args[0].name;
            const kind = domains.kindOf(name);
            const definite =
              (kind === 'symmetric' || kind === 'spd') && !denied(name, 'positive-definite');
            domains.require(name, definite ? 'spd' : 'wellConditioned');
            return;
          }
          for (const a of node.args) walk(a, true);
          return;
        }
        if (isDeterminant(node)) {
          if (node.args[0].type === 'symbol') domains.require(node.args[0].name, 'wellConditioned');
        }
        for (const a of node.args) walk(a, positiveValued(node.fn) ? false : positive);
        return;
      case 'norm':
        walk(node.arg, false);
        return;
      case 'binary': {
        // ÷ and ⊘ need a positive right side; − and : pass nothing to theirs
        const right = operatorNamed(node.op).domain?.right;
        walk(node.left, positive);
        walk(node.right, right === 'positive' ? true : right === 'free' ? false : positive);
        return;
      }
      case 'inverse':
        if (node.arg.type === 'symbol') domains.require(node.arg.name, 'wellConditioned');
        walk(node.arg, false);
        return;
      case 'power': {
        const p =
          node.exponent.type === 'number'
            ? node.exponent.value
            : node.exponent.type === 'neg' && node.exponent.arg.type === 'number'
              ? -node.exponent.arg.value
              : NaN;
        const needsPositive = !Number.isInteger(p) || p < 0;
        if (!node.elementwise && node.arg.type === 'symbol' && p < 0)
          domains.require(node.arg.name, 'wellConditioned');
        walk(
          node.arg,
          positive ||
            (needsPositive && node.elementwise) ||
            (needsPositive && !Number.isNaN(p) && !Number.isInteger(p)),
        );
        walk(node.exponent, false);
        return;
      }
      case 'neg':
        walk(node.arg, false);
        return;
      default:
        for (const c of children(node)) walk(c, positive);
    }
  };
  for (const root of roots) walk(root, false);
  return domains;
}

// ── positivity ──────────────────────────────────────────────────────────────────────────
// Sampling by domain makes symbols positive, positive definite or well conditioned; whether
// that makes the argument of a log or a square root positive is a separate question
// (log(x − y) stays undefined on half of the samples whatever x and y are). Arguments whose
// positivity does not follow from the domains are reported, and their claims are not checked:
// "unsupported (domain)" is the honest answer, a mismatch found on lucky draws is not.

/** Entrywise sign of a value under the sampled domains (nonzero almost surely counts as positive). */
export type { Sign };

export interface PositivityContext {
  domains: DomainMap;
  env: SymbolEnvironment;
  at: number;
  /** Whether a node is 1×1, when the shapes know it. */
  isScalar?: (node: Expr) => boolean;
}

function key(node: Expr): string {
  return printExpr(node);
}

/** The factors of a product chain A B C (juxtaposition only). */
function factorsOf(node: Expr): Expr[] {
  if (node.type === 'binary' && node.op === 'mul')
    return [...factorsOf(node.left), ...factorsOf(node.right)];
  return [node];
}

function exponentOf(node: Extract<Expr, { type: 'power' }>): number {
  const e = node.exponent;
  if (e.type === 'number') return e.value;
  if (e.type === 'neg' && e.arg.type === 'number') return -e.arg.value;
  return NaN;
}

class Positivity {
  private readonly expanding = new Set<string>();

  constructor(private readonly ctx: PositivityContext) {}

  private definitionOf(name: string) {
    if (this.expanding.has(name) || this.ctx.env.declarationAt(name, this.ctx.at)?.dims)
      return undefined;
    return this.ctx.env.definitionAt(name, this.ctx.at + 1);
  }

  private expand<T>(name: string, fn: () => T): T {
    this.expanding.add(name);
    try {
      return fn();
    } finally {
      this.expanding.delete(name);
    }
  }

  sign(node: Expr): Sign {
    switch (node.type) {
      case 'number':
        return node.value > 0 ? 'positive' : node.value === 0 ? 'nonnegative' : 'unknown';
      case 'symbol': {
        const definition = this.definitionOf(node.name);
        if (definition) return this.expand(node.name, () => this.sign(definition.expr));
        const kind = this.ctx.domains.kindOf(node.name);
        if (POSITIVE_KINDS.has(kind)) return 'positive';
        if (NONNEGATIVE_KINDS.has(kind)) return 'nonnegative';
        if (kind === 'spd' && this.ctx.isScalar?.(node)) return 'positive';
        return 'unknown';
      }
      case 'ones':
        return 'positive';
      case 'identity':
      case 'zero':
        return 'nonnegative';
      case 'transpose':
      case 'entry':
        return this.sign(node.type === 'transpose' ? node.arg : node.base);
      case 'sum':
        return this.sign(node.body);
      case 'norm':
        return 'positive';
      case 'inverse':
        return this.ctx.isScalar?.(node.arg) ? this.sign(node.arg) : 'unknown';
      case 'power': {
        const p = exponentOf(node);
        const base = this.sign(node.arg);
        const scalarLike = node.elementwise || this.ctx.isScalar?.(node.arg) === true;
        if (scalarLike) {
          if (base === 'positive') return 'positive';
          if (Number.isInteger(p) && p % 2 === 0) return 'positive';
          return base === 'nonnegative' && p > 0 ? 'nonnegative' : 'unknown';
        }
        // a matrix power: a product of copies of the base
        if (Number.isInteger(p) && p >= 1) return base;
        return 'unknown';
      }
      case 'binary':
        return this.binary(node);
      case 'call':
        return this.call(node);
      case 'apply': {
        const definition = this.definitionOf(node.name);
        if (!definition) return 'unknown';
        return this.expand(node.name, () => this.sign(definition.expr));
      }
      case 'pattern':
        return this.sign(node.term);
      case 'matrix':
        return node.rows
          .flat()
          .map((c) => this.sign(c))
          .reduce(bothSigns, 'positive');
      default:
        return 'unknown';
    }
  }

  private binary(node: Extract<Expr, { type: 'binary' }>): Sign {
    return operatorNamed(node.op).sign(node, this.rules);
  }

  /** uᵀu, uᵀPu with P positive definite: positive (almost surely). */
  private quadraticForm(node: Expr): boolean {
    const factors = factorsOf(node);
    if (factors.length < 2) return false;
    const first = factors[0];
    const last = factors[factors.length - 1];
    if (first.type !== 'transpose' || key(first.arg) !== key(last)) return false;
    const middle = factors.slice(1, -1);
    if (middle.length === 0) return true;
    return middle.length === 1 && this.definite(middle[0]);
  }

  private call(node: Extract<Expr, { type: 'call' }>): Sign {
    const fn = functionNamed(node.fn);
    if (fn.range === 'positive' || fn.range === 'unit') return 'positive';
    if (fn.range === 'nonnegative') return 'nonnegative';
    return fn.sign?.(node.args, this.rules) ?? 'unknown';
  }

  /** What a function's or an operator's sign rule (src/core/functions, operators) may ask of the prover. */
  private readonly rules: OperatorSignRules = {
    sign: (e) => this.sign(e),
    definite: (e) => this.definite(e),
    positiveDeterminant: (e) => this.positiveDeterminant(e),
    isScalar: (e) => this.ctx.isScalar?.(e) === true,
    quadraticForm: (e) => this.quadraticForm(e),
    belowOne: (e) => this.belowOne(e),
  };

  /** Entries in (0, 1): a call of a function whose range is the unit interval, or a name defined as one. */
  private belowOne(node: Expr): boolean {
    if (node.type === 'call') return functionNamed(node.fn).range === 'unit';
    if (node.type !== 'symbol' && node.type !== 'apply') return false;
    const definition = this.definitionOf(node.name);
    return !!definition && this.expand(node.name, () => this.belowOne(definition.expr));
  }

  /** Symmetric positive definite (almost surely): Σ ≻ 0, I, AᵀA, AΣAᵀ, sums, inverses, scalings. */
  definite(node: Expr): boolean {
    switch (node.type) {
      case 'symbol': {
        const definition = this.definitionOf(node.name);
        if (definition) return this.expand(node.name, () => this.definite(definition.expr));
        return this.ctx.domains.kindOf(node.name) === 'spd';
      }
      case 'identity':
        return true;
      case 'transpose':
      case 'inverse':
        return this.definite(node.arg);
      case 'binary':
        if (node.op === 'add')
          return (
            (this.definite(node.left) && this.semidefinite(node.right)) ||
            (this.semidefinite(node.left) && this.definite(node.right))
          );
        if (node.op === 'mul') {
          if (this.sign(node.left) === 'positive' && this.ctx.isScalar?.(node.left))
            return this.definite(node.right);
          const factors = factorsOf(node);
          const first = factors[0];
          const last = factors[factors.length - 1];
          // AᵀA, AAᵀ, AᵀPA, APAᵀ
          const gram = (a: Expr, b: Expr) =>
            (a.type === 'transpose' && key(a.arg) === key(b)) ||
            (b.type === 'transpose' && key(b.arg) === key(a));
          if (factors.length >= 2 && gram(first, last)) {
            const middle = factors.slice(1, -1);
            return middle.length === 0 || (middle.length === 1 && this.definite(middle[0]));
          }
        }
        return false;
      default:
        return false;
    }
  }

  private semidefinite(node: Expr): boolean {
    if (this.definite(node)) return true;
    return node.type === 'number' && node.value >= 0;
  }

  /** det M > 0: M positive definite, sampled with det > 0, an even power, or a product of such. */
  private positiveDeterminant(node: Expr): boolean {
    if (this.definite(node)) return true;
    switch (node.type) {
      case 'symbol': {
        const definition = this.definitionOf(node.name);
        if (definition)
          return this.expand(node.name, () => this.positiveDeterminant(definition.expr));
        const kind = this.ctx.domains.kindOf(node.name);
        return kind === 'spd' || kind === 'wellConditioned';
      }
      case 'transpose':
      case 'inverse':
        return this.positiveDeterminant(node.arg);
      case 'power': {
        const p = exponentOf(node);
        if (!Number.isInteger(p)) return false;
        return p % 2 === 0 || this.positiveDeterminant(node.arg);
      }
      case 'binary':
        if (node.op === 'mul')
          return this.positiveDeterminant(node.left) && this.positiveDeterminant(node.right);
        return false;
      default:
        return false;
    }
  }
}

/** An argument that must be positive (log, fractional power) or nonnegative (sqrt). */
export interface UndeterminedArgument {
  /** The function or power that needs it. */
  node: Expr;
  arg: Expr;
  needs: 'positive' | 'nonnegative';
}

/**
 * The arguments of logs, square roots and fractional powers in `roots` (definitions
 * expanded) whose positivity does not follow from the domains.
 */
export function undeterminedArguments(
  roots: Expr[],
  ctx: PositivityContext,
): UndeterminedArgument[] {
  const prover = new Positivity(ctx);
  const found: UndeterminedArgument[] = [];
  const expanded = new Set<string>();
  const check = (node: Expr, arg: Expr, needs: 'positive' | 'nonnegative') => {
    const sign = prover.sign(arg);
    if (sign === 'positive' || (needs === 'nonnegative' && sign === 'nonnegative')) return;
    found.push({ node, arg, needs });
  };
  const walk = (node: Expr) => {
    if (node.type === 'symbol' || node.type === 'apply') {
      const definition = ctx.env.definitionAt(node.name, ctx.at + 1);
      if (definition && !expanded.has(node.name)) {
        expanded.add(node.name);
        walk(definition.expr);
      }
    }
    const needs = node.type === 'call' ? functionNamed(node.fn).domain?.argument : undefined;
    if (node.type === 'call' && needs) check(node, node.args[0], needs);
    if (node.type === 'power') {
      const p = exponentOf(node);
      const scalarLike = node.elementwise || ctx.isScalar?.(node.arg) === true;
      if (scalarLike && !Number.isNaN(p) && !Number.isInteger(p)) check(node, node.arg, 'positive');
    }
    for (const c of children(node)) walk(c);
  };
  for (const root of roots) walk(root);
  return found;
}

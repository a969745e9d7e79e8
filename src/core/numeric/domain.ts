// Which values each symbol may take, read off how it is used: positive under log, sqrt and
// denominators; symmetric positive definite under log det or where declared; well
// conditioned under an inverse; symmetric where declared.
import type { SymbolEnvironment } from '../claims/environment';
import { children, type Expr } from '../latex/ast';

export type SampleKind = 'normal' | 'positive' | 'symmetric' | 'spd' | 'wellConditioned';

const RANK: Record<SampleKind, number> = { normal: 0, symmetric: 1, wellConditioned: 2, positive: 3, spd: 4 };

export class DomainMap {
  private readonly kinds = new Map<string, SampleKind>();

  require(name: string, kind: SampleKind): void {
    const prior = this.kinds.get(name) ?? 'normal';
    if (RANK[kind] > RANK[prior]) this.kinds.set(name, kind);
  }

  kindOf(name: string): SampleKind {
    return this.kinds.get(name) ?? 'normal';
  }
}

/** Functions whose value is positive whatever their argument: their inside needs nothing. */
const POSITIVE_VALUED = new Set(['exp', 'sigmoid', 'abs', 'softmax']);

export function inferDomains(roots: Expr[], env: SymbolEnvironment, at: number): DomainMap {
  const domains = new DomainMap();
  for (const d of env.allDeclarations()) {
    if (d.definite) domains.require(d.name, 'spd');
    else if (d.positive) domains.require(d.name, 'positive');
    else if (d.symmetric) domains.require(d.name, 'symmetric');
  }
  const expanded = new Set<string>();
  const walk = (node: Expr, positive: boolean) => {
    switch (node.type) {
      case 'symbol': {
        if (positive) domains.require(node.name, 'positive');
        const definition = env.definitionAt(node.name, at + 1);
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
        if (node.fn === 'log' || node.fn === 'sqrt') {
          // log det S and log |S| need S positive definite, not positive entries
          const inner = node.args[0];
          if (inner.type === 'call' && (inner.fn === 'det' || inner.fn === 'bars') && inner.args[0].type === 'symbol') {
            domains.require(inner.args[0].name, 'spd');
            return;
          }
          for (const a of node.args) walk(a, true);
          return;
        }
        if (node.fn === 'det' || node.fn === 'bars') {
          if (node.args[0].type === 'symbol') domains.require(node.args[0].name, 'wellConditioned');
        }
        for (const a of node.args) walk(a, POSITIVE_VALUED.has(node.fn) ? false : positive);
        return;
      case 'norm':
        walk(node.arg, false);
        return;
      case 'binary':
        if (node.op === 'div') {
          walk(node.left, positive);
          walk(node.right, true);
          return;
        }
        if (node.op === 'sub' || node.op === 'frob') {
          walk(node.left, positive);
          walk(node.right, false);
          return;
        }
        walk(node.left, positive);
        walk(node.right, positive);
        return;
      case 'inverse':
        if (node.arg.type === 'symbol') domains.require(node.arg.name, 'wellConditioned');
        walk(node.arg, false);
        return;
      case 'power': {
        const p = node.exponent.type === 'number' ? node.exponent.value : node.exponent.type === 'neg' && node.exponent.arg.type === 'number' ? -node.exponent.arg.value : NaN;
        const needsPositive = !Number.isInteger(p) || p < 0;
        if (!node.elementwise && node.arg.type === 'symbol' && p < 0) domains.require(node.arg.name, 'wellConditioned');
        walk(node.arg, positive || (needsPositive && node.elementwise) || (needsPositive && !Number.isNaN(p) && !Number.isInteger(p)));
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

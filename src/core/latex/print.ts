// Expression trees → readable text for messages and hovers: (A ⊙ K) ⊘ (BᵀXC).
import { functionNamed } from '../functions/registry';
import { PRINT_LEVEL } from '../operators/define';
import { operatorNamed } from '../operators/registry';
import type { BinaryOp, Expr } from './ast';

/** How tightly an operator binds: the registry's level as a number (additive 1, inner 2, product 3). */
const precedence = (op: BinaryOp): number => PRINT_LEVEL[operatorNamed(op).level];

function precedenceOf(node: Expr): number {
  if (node.type === 'binary') return precedence(node.op);
  if (node.type === 'neg') return 1;
  if (node.type === 'sum' || node.type === 'grad') return 0;
  if (node.type === 'transpose' || node.type === 'inverse' || node.type === 'power') return 5;
  return 6;
}

function wrap(node: Expr, min: number, depth = 0): string {
  const text = printExpr(node, depth + 1);
  return precedenceOf(node) < min ? `(${text})` : text;
}

function isAtomic(node: Expr): boolean {
  return (
    node.type === 'symbol' ||
    node.type === 'number' ||
    node.type === 'identity' ||
    node.type === 'ones'
  );
}

/** BᵀXC prints without spaces: a product of single letters and their transposes. */
function isTight(node: Expr): boolean {
  if (isAtomic(node)) return node.type !== 'symbol' || [...node.display].length === 1;
  if (node.type === 'transpose' || node.type === 'inverse') return isAtomic(node.arg);
  return node.type === 'binary' && node.op === 'mul' && isTight(node.left) && isTight(node.right);
}

export function printExpr(node: Expr, depth = 0): string {
  if (depth > 200) return '…';
  switch (node.type) {
    case 'number':
      return String(node.value);
    case 'symbol':
      return node.display;
    case 'entry':
      // δ_{ij} is read as an entry of an identity; it prints as written
      if (node.base.type === 'identity') return `δ_${node.indices.join('')}`;
      return `${wrap(node.base, 6, depth)}_${node.indices.join('')}`;
    case 'sum':
      return `Σ${node.indices.length ? '_' + node.indices.map((i) => i.name).join('') : ''} ${wrap(node.body, 3, depth)}`;
    case 'binary': {
      const p = precedence(node.op);
      // (A ⊙ K) ⊘ B, (B ⊗ A) vec(X): mixed operators of equal precedence keep their parentheses.
      // A number over a number reads as one factor: 1/2 A.
      const fraction =
        node.left.type === 'binary' &&
        node.left.op === 'div' &&
        node.left.left.type === 'number' &&
        node.left.right.type === 'number';
      const mixed =
        node.left.type === 'binary' &&
        node.left.op !== node.op &&
        precedence(node.left.op) === p &&
        !(node.op === 'mul' && fraction);
      const left = mixed ? `(${printExpr(node.left, depth + 1)})` : wrap(node.left, p, depth);
      const right = wrap(node.right, p + 1, depth);
      const text = operatorNamed(node.op).print.text;
      if (typeof text === 'string') return `${left}${text}${right}`;
      return text(node, left, right, { tight: () => isTight(node.left) && isTight(node.right) });
    }
    case 'neg':
      return `−${wrap(node.arg, 2, depth)}`;
    case 'transpose':
      return `${wrap(node.arg, 5, depth)}ᵀ`;
    case 'inverse':
      return `${wrap(node.arg, 5, depth)}⁻¹`;
    case 'power':
      return `${wrap(node.arg, 5, depth)}${node.elementwise ? '^∘' : '^'}${wrap(node.exponent, 5, depth)}`;
    case 'call': {
      const text = functionNamed(node.fn).print.text ?? node.fn;
      const args = node.args.map((a) => printExpr(a, depth + 1)).join(', ');
      return typeof text === 'string'
        ? `${text}(${args})`
        : `${text.around[0]}${args}${text.around[1]}`;
    }
    case 'norm':
      return `‖${printExpr(node.arg, depth + 1)}‖${node.kind === 'default' ? '' : node.kind === 'F' ? '_F' : '_' + node.kind}`;
    case 'apply':
      return `${node.display}(${node.args.map((a) => printExpr(a, depth + 1)).join(', ')})`;
    case 'grad':
      return `∂(${printExpr(node.f, depth + 1)})/∂${node.wrt ? printExpr(node.wrt, depth + 1) : '?'}`;
    case 'differential':
      return `d${wrap(node.arg, 5, depth)}`;
    case 'ones':
      return '𝟏';
    case 'identity':
      return 'I';
    case 'zero':
      return '0';
    case 'matrix':
      return `[${node.rows.map((r) => r.map((c) => printExpr(c, depth + 1)).join(' ')).join('; ')}]`;
    case 'pattern': {
      // [x_i]_{i=1…n}, [a_ij]_{i=1…m, j=1…n}
      const axes = [node.down, node.across].filter((a) => a !== undefined);
      const ranges = axes.map((a) =>
        !a.size ? a.index : `${a.index}=1…${'name' in a.size ? a.size.name : a.size.value}`,
      );
      return `[${printExpr(node.term, depth + 1)}]_{${ranges.join(', ')}}`;
    }
    case 'tuple':
      return node.items.map((i) => printExpr(i, depth + 1)).join(', ');
    case 'space':
      return `${node.field === 'R' ? 'ℝ' : '𝕊'}${node.dims.length ? '^' + node.dims.map((d) => ('name' in d ? d.name : d.value)).join('×') : ''}`;
  }
}

// Shapes of the nodes of a derivation: those of the objective come from shape inference
// (shape/infer.ts); those the derivation builds are worked out here from their children.
import type { ShapeRules } from '../functions/define';
import { functionNamed } from '../functions/registry';
import type { Expr } from '../latex/ast';
import { printExpr } from '../latex/print';
import type { Shape } from '../shape/dims';
import type { ShapeContext } from '../shape/infer';

export class DerivationShapes {
  private readonly built = new WeakMap<Expr, Shape>();

  constructor(readonly context: ShapeContext) {}

  /** Records the shape of a node that cannot tell it (an unsized 𝟏 or I). */
  give<E extends Expr>(node: E, shape: Shape): E {
    this.built.set(node, shape);
    return node;
  }

  of(node: Expr): Shape {
    const known = this.built.get(node) ?? this.context.shapes.get(node);
    if (known) return known;
    const shape = this.compute(node);
    this.built.set(node, shape);
    return shape;
  }

  /** 1×1, or spelled like a scalar and never used as more (λ, N): it scales. */
  isScalar(node: Expr): boolean {
    return this.context.maybeScalar(this.of(node));
  }

  /** A column vector (n×1, n not 1). */
  isVector(node: Expr): boolean {
    const { rows, cols } = this.of(node);
    return this.context.store.isOne(cols) && !this.context.store.isOne(rows);
  }

  scalarShape(): Shape {
    return this.context.scalar();
  }

  /**
   * A function's shape rule (src/core/functions) without its checks: a derived node is built
   * from parts inference has checked already, so nothing is unified or reported again.
   */
  private get quietRules(): ShapeRules {
    return {
      store: this.context.store,
      scalar: () => this.scalarShape(),
      maybeScalar: (shape) => this.context.maybeScalar(shape),
      needSquare: () => {},
      promoteToVector: () => {},
      unifyShapes: () => true,
      isLiteral: (e) => e.type === 'number',
      describe: (e) => printExpr(e),
      problem: () => {},
    };
  }

  private compute(node: Expr): Shape {
    switch (node.type) {
      case 'symbol':
        return this.context.symbol(node.name)?.shape ?? this.scalarShape();
      case 'binary': {
        const l = this.of(node.left);
        const r = this.of(node.right);
        if (node.op === 'frob') return this.scalarShape();
        // λ, spelled like a scalar and never used as more, scales (λw is a vector)
        if (node.op === 'mul') {
          if (this.context.maybeScalar(l)) return r;
          if (this.context.maybeScalar(r)) return l;
          return { rows: l.rows, cols: r.cols };
        }
        return this.context.maybeScalar(l) ? r : l;
      }
      case 'neg':
      case 'inverse':
      case 'power':
        return this.of(node.arg);
      case 'transpose': {
        const s = this.of(node.arg);
        return { rows: s.cols, cols: s.rows };
      }
      case 'call':
        return functionNamed(node.fn).shape(
          node,
          node.args.map((a) => this.of(a)),
          this.quietRules,
        );
      default:
        return this.scalarShape();
    }
  }
}

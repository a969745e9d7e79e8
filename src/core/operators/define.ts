// What GradLens knows of one binary operator (+, −, products, ⊙, ⊘, ⊗, :), in one object: how it
// is spelled in LaTeX and in plain text, how tightly it binds, its shape rule, how it evaluates
// and back-propagates on the tape, what it needs of its right side, the sign of its value, its
// symbolic adjoint and differential, and how both printers write it. The twin of
// functions/define.ts: adding an operator is one file here and one line in registry.ts.
//
// Precedence climbing stays in the parser (it is syntax); the parser asks the registry which
// token spells which operator at each level. As for functions, each consumer lends the rule the
// small context it needs, so this folder imports only types from the layers that use it.
import type { Value } from '../autodiff/tape';
import type { Expr } from '../latex/ast';
import type { Shape } from '../shape/dims';
import type {
  AdjointContext,
  EvaluationContext,
  ShapeRules,
  Sign,
  SignRules,
} from '../functions/define';
import type { NoteStyle } from '../derive/style';
import type { OperatorName } from './registry';

export type BinaryNode = Extract<Expr, { type: 'binary' }>;

/**
 * How tightly an operator binds, loosest first: + and − (additive), then : (inner), then the
 * products (⊙, ⊘, ⊗, ·, and juxtaposition, which the parser reads a step tighter still).
 */
export type Level = 'additive' | 'inner' | 'product';

/** What shape inference (shape/infer.ts) lends an operator's shape rule, at the node. */
export interface OperatorShapeRules extends ShapeRules {
  isScalar(shape: Shape): boolean;
  isColumnVector(shape: Shape): boolean;
  /** "3 columns", "n": a dimension for messages. */
  label(d: Shape['rows']): string;
  /** u · v between two column vectors was read as their dot product (the evaluator asks). */
  markDotProduct(): void;
}

/** What the evaluator (autodiff/evaluate.ts) lends an operator's evaluation. */
export interface OperatorEvaluationContext extends EvaluationContext {
  /** Shape inference read this product as a dot product of two column vectors. */
  isDotProduct(): boolean;
  /** The node printed, for messages. */
  printed(): string;
}

/** What symbolic reverse mode (derive/reverse.ts) lends an operator's adjoint rule. */
export interface OperatorAdjointContext extends AdjointContext {
  /** A scalar operand of an elementwise operation with a matrix: its adjoint is a full sum. */
  reduceTo(child: Expr, parent: Expr, adjoint: Expr): Expr;
  /** Whether `e` depends on the variable derived by. */
  dependsOn(e: Expr): boolean;
}

/** What the differential builder (derive/differential.ts) lends an operator's rule. */
export interface OperatorDifferentialContext {
  isScalar(e: Expr): boolean;
  /** a ⊙ b, or the plain product when both are scalars. */
  times(a: Expr, b: Expr): Expr;
  /** a + b (or a − b), either side possibly constant (undefined). */
  sum(a: Expr | undefined, b: Expr | undefined, minus?: boolean): Expr | undefined;
  unsupported(message: string): never;
}

/** What the positivity prover (numeric/domain.ts) lends an operator's sign rule. */
export interface OperatorSignRules extends SignRules {
  /** uᵀu, uᵀPu with P positive definite. */
  quadraticForm(e: Expr): boolean;
  /** Entries in (0, 1): σ(z), softmax(z), and names the note defines as one (h_θ(x) = σ(θᵀx)). */
  belowOne(e: Expr): boolean;
}

/** Both printers' binding levels, loosest first (an operand below its slot's level is wrapped). */
export const PRINT_LEVEL = {
  additive: 1,
  inner: 2,
  product: 3,
  unary: 4,
  postfix: 5,
  atom: 6,
} as const;

/** A printed operand: its text and how tightly it binds. */
export interface Printed {
  text: string;
  level: number;
}

/** What the plain-text printer (latex/print.ts) lends an operator's printing. */
export interface TextPrintContext {
  /** Both operands print as single letters (BᵀXC prints without spaces). */
  tight(): boolean;
}

/** What the LaTeX printer (derive/printLatex.ts) lends an operator's printing. */
export interface LatexPrintContext {
  readonly style: NoteStyle;
  /** `p`'s text, parenthesized with \left( \right) when it binds looser than `min`. */
  wrap(p: Printed, min: number): string;
  /** ⊙, ⊘ and ⊗ (not ½'s fraction) get their own parentheses inside a matrix product. */
  boxedInProduct(e: Expr): boolean;
}

export interface OperatorDefinition {
  name: OperatorName;
  level: Level;
  /** Infix LaTeX spellings: commands (`\odot`) and symbols (`*`, `/`, `:`). Syntax (juxtaposition, \frac, \langle) is the parser's. */
  latex: readonly string[];
  /** Plain-text (mathjs) infix operators (`.*`) and function names (`dotMultiply(A, B)`). */
  plain: { operators: readonly string[]; functions: readonly string[] };
  /** What a plain symbol as operand says about its shape: A ⊙ N, A : N, A ⊗ N make N a matrix. */
  operandsAre?: { matrixWhenUppercase?: true };
  /** Result shape from the operand shapes; problems go through `rules`. */
  shape(node: BinaryNode, left: Shape, right: Shape, rules: OperatorShapeRules): Shape;
  /**
   * What the operands' values must be: `positive` (÷, ⊘: sampled away from zero, and positive),
   * `free` (−, :, whose value stays unsigned whatever the right side is). Absent: what the
   * value needs passes to both sides (a log of A ⊙ B needs A and B positive).
   */
  domain?: { right: 'positive' | 'free' };
  /** The sign of the value from the operands' signs. */
  sign(node: BinaryNode, rules: OperatorSignRules): Sign;
  /** Value and vector-Jacobian product on the tape, both operands evaluated already. */
  evaluate(a: Value, b: Value, ctx: OperatorEvaluationContext): Value;
  /** Sends the node's adjoint `g` to its operands. */
  adjoint(node: BinaryNode, g: Expr, ctx: OperatorAdjointContext): void;
  /** d(a ∘ b) from a, b, da and db (undefined when that operand is constant; not both). */
  differential(
    node: BinaryNode,
    da: Expr | undefined,
    db: Expr | undefined,
    ctx: OperatorDifferentialContext,
  ): Expr | undefined;
  print: {
    /** Plain text for messages: the operator between the operands, or a rule. */
    text:
      string | ((node: BinaryNode, left: string, right: string, ctx: TextPrintContext) => string);
    /** LaTeX from the printed operands. */
    latex(node: BinaryNode, l: Printed, r: Printed, ctx: LatexPrintContext): Printed;
    /** Parenthesized inside a matrix product (an elementwise or Kronecker product in A (B ⊙ C)). */
    boxedInProduct?: true;
  };
}

/** Identity at run time: it types an entry, so a missing part is a compile error. */
export function defineOperator(definition: OperatorDefinition): OperatorDefinition {
  return definition;
}

/** The sign of a value that is positive when both parts are. */
export function bothSigns(a: Sign, b: Sign): Sign {
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return a === 'positive' && b === 'positive' ? 'positive' : 'nonnegative';
}

/** The sign of a sum. */
export function sumSign(a: Sign, b: Sign): Sign {
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return a === 'positive' || b === 'positive' ? 'positive' : 'nonnegative';
}

/** The sign rule of ⊙, ⊘, ⊗ and ':' (the last two only when both sides are positive entrywise). */
export const signOfBoth = (node: BinaryNode, rules: OperatorSignRules): Sign =>
  bothSigns(rules.sign(node.left), rules.sign(node.right));

/** Shapes of an elementwise operation (⊙, ⊘): equal, or a scalar that broadcasts. */
export function elementwiseProblem(
  node: BinaryNode,
  name: string,
  left: Shape,
  right: Shape,
  rules: OperatorShapeRules,
): Shape {
  if (!rules.unifyShapes(left, right)) {
    rules.problem(
      () =>
        `${name} needs equal shapes, but ${rules.describe(node.left)} and ${rules.describe(node.right)} differ`,
      [node.left, node.right],
    );
  }
  return left;
}

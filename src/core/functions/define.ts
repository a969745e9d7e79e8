// What GradLens knows of one function (log, softmax, tr, …), in one object: how it is spelled,
// its arity, its shape rule, what its argument needs and what its value is, how it evaluates
// and back-propagates on the tape, its symbolic adjoint and differential, its derivative written
// with a prime, and how it prints. In the spirit of KaTeX's defineFunction: adding a function is one file.
//
// The consumers (parser, shape inference, evaluator, domains, derive, printers) sit in other
// layers; each lends the rule it calls a small context (the interfaces below), so this folder
// imports only types from them and the registry can sit below the parser.
import type { Tape, Value } from '../autodiff/tape';
import type * as Ops from '../autodiff/ops';
import type { BinaryOp, Expr } from '../latex/ast';
import type { Dim, Shape } from '../shape/dims';
import { call, hadamard, mul } from '../derive/nodes';
import type { FunctionName } from './registry';

export type CallNode = Extract<Expr, { type: 'call' }>;

/** What shape inference (shape/infer.ts) lends a shape rule. */
export interface ShapeRules {
  readonly store: {
    one(): Dim;
    isOne(d: Dim): boolean;
    product(a: Dim, b: Dim): Dim;
    unify(a: Dim, b: Dim): boolean;
  };
  scalar(): Shape;
  /** 1×1, or spelled like a scalar and not yet made bigger by its use. */
  maybeScalar(shape: Shape): boolean;
  /** Says that `what` needs a square matrix when `arg` (of `shape`) cannot be square. */
  needSquare(arg: Expr, shape: Shape, what: string): void;
  /** A scalar-spelled symbol used where only a vector makes sense becomes a vector. */
  promoteToVector(arg: Expr, shape: Shape): void;
  unifyShapes(a: Shape, b: Shape): boolean;
  /** A number, or arithmetic on numbers only. */
  isLiteral(e: Expr): boolean;
  /** "X (k×l, declared on line 3)", for messages. */
  describe(e: Expr): string;
  /** A shape problem at the call; `unsupported` when it is ambiguity rather than error. */
  problem(render: () => string, related?: Expr[], unsupported?: boolean): void;
}

/** What the evaluator (autodiff/evaluate.ts) lends an evaluation. */
export interface EvaluationContext {
  readonly tape: Tape;
  /** The primitive ops with their vector-Jacobian products (autodiff/ops.ts). */
  readonly ops: typeof Ops;
  /** The value, or a domain error naming `what` when it is not finite (log of a negative). */
  finite(value: Value, what: string): Value;
  /** Stops: this use of the function cannot be computed. */
  unsupported(message: string): never;
  /**
   * How a function of a vector applies to a matrix (softmax row by row or column by column):
   * notes rarely say, so a claim is checked along one and, when it fails, along the other.
   */
  readonly matrixAxis?: 'rows' | 'columns';
  /** Says that the axis mattered here (the argument was a matrix). */
  axisUsed?(): void;
}

/** What symbolic reverse mode (derive/reverse.ts) lends an adjoint rule. */
export interface AdjointContext {
  /** Sends adjoint `g` on to `node` (which must be a child of the call, or built from one). */
  back(node: Expr, g: Expr): void;
  isScalar(e: Expr): boolean;
  /** A 𝟏 or an I with the shape of `e`. */
  onesLike(e: Expr): Expr;
  identityLike(e: Expr): Expr;
  /** M in det M and |M| (M a matrix), else undefined. */
  determinantOf(e: Expr): Expr | undefined;
  unsupported(message: string): never;
}

/** What the differential builder (derive/differential.ts) lends a differential rule. */
export interface DifferentialContext {
  /** d of a subexpression (the argument, or M in log det M); undefined when it is constant. */
  d(e: Expr): Expr | undefined;
  isScalar(e: Expr): boolean;
  /** a ⊙ b, or the plain product when both are scalars. */
  times(a: Expr, b: Expr): Expr;
  /** `built` with the shape of `like`: a derived node that cannot tell its shape. */
  keep<E extends Expr>(built: E, like: Expr): E;
  /** M in log det M and log |M| (M a matrix), else undefined. */
  determinantOf(e: Expr): Expr | undefined;
  unsupported(message: string): never;
}

export type Sign = 'positive' | 'nonnegative' | 'unknown';

/** What the positivity prover (numeric/domain.ts) lends a sign rule. */
export interface SignRules {
  sign(e: Expr): Sign;
  /** Symmetric positive definite (almost surely). */
  definite(e: Expr): boolean;
  positiveDeterminant(e: Expr): boolean;
  isScalar(e: Expr): boolean;
}

/** Builds the derivative written with a prime (σ′(z)) at the call's place. */
export interface PrimeBuilder {
  /** The argument. */
  readonly x: Expr;
  readonly one: Expr;
  /** `fn` applied to the argument. */
  call(fn: FunctionName): Expr;
  binary(op: Extract<BinaryOp, 'sub' | 'hadamard' | 'div'>, left: Expr, right: Expr): Expr;
  square(e: Expr): Expr;
  neg(e: Expr): Expr;
}

export interface FunctionDefinition {
  name: FunctionName;
  /** LaTeX commands: `\log`, `\softmax`. `\sqrt` and bars are read by the parser's own syntax. */
  commands: readonly string[];
  /** Words: `log` with no backslash, `\operatorname{tr}`, `\text{diag}`, `{\rm softmax}`. */
  words: readonly string[];
  /** Names in plain-text (mathjs) input: sum(A .* log(B)). */
  plain: readonly string[];
  arity: { min: number; max: number };
  /** Applied entry by entry: a power on its value is entrywise, a transpose passes through. */
  entrywise?: true;
  /** Result shape from the argument shapes; problems go through `rules`. */
  shape(node: CallNode, shapes: Shape[], rules: ShapeRules): Shape;
  /** What a plain symbol as argument says about its shape (diag(x): x a vector, tr(X): a matrix). */
  argumentIs?: { vectorWhenLowercase?: true; matrixWhenUppercase?: true };
  /** What the argument's values must be: log needs positive entries, sqrt nonnegative ones. */
  domain?: {
    argument?: 'positive' | 'nonnegative';
    /** A determinant: its matrix argument is sampled invertible (det > 0 under a log). */
    determinant?: true;
  };
  /** What the value is whatever the argument: 'unit' is strictly between 0 and 1. */
  range?: 'positive' | 'nonnegative' | 'unit';
  /** The sign of the value when `range` does not settle it. */
  sign?(args: Expr[], rules: SignRules): Sign;
  /** Value and vector-Jacobian product on the tape. */
  evaluate(args: Value[], ctx: EvaluationContext): Value;
  /** Sends the call's adjoint `g` to its arguments; absent: not derived. */
  adjoint?(node: CallNode, g: Expr, ctx: AdjointContext): void;
  /**
   * d f(u) in terms of u and du (asked of `ctx.d`), d pushed to the leaves as Magnus & Neudecker
   * do; undefined when the argument is constant. Absent: no differential steps.
   */
  differential?(node: CallNode, ctx: DifferentialContext): Expr | undefined;
  /**
   * Linear in its argument: d f(u) = f(du), and C : f(L) = f*(C) : L with f* the adjoint rule,
   * which is how dX is moved out of it (derive/moveOut.ts).
   */
  linear?: true;
  /** f′ applied to the argument, or why it cannot be written. */
  prime?: ((b: PrimeBuilder) => Expr) | { unsupported: string };
  print: {
    /** Plain text for messages: a name before parentheses (σ), or text around the argument. */
    text?: string | { around: [string, string] };
    /**
     * LaTeX: a command before \left(…\right), or text around the argument (`loose`: it binds
     * like a unary minus, Σ …, and is parenthesized in products); absent: not printable.
     */
    latex?: { command: string } | { around: [string, string]; loose?: true };
  };
}

/** Identity at run time: it types an entry, so a missing part is a compile error. */
export function defineFunction(definition: FunctionDefinition): FunctionDefinition {
  return definition;
}

/** The shape rule of an entrywise function: its argument's shape. */
export const sameShape = (_node: CallNode, shapes: Shape[]): Shape => shapes[0];

/** The adjoint of an entrywise function whose derivative at the argument is `local`. */
export function backEntrywise(node: CallNode, g: Expr, local: Expr, ctx: AdjointContext): void {
  const [arg] = node.args;
  ctx.back(arg, ctx.isScalar(arg) && ctx.isScalar(g) ? mul(g, local) : hadamard(g, local));
}

/** d f(u) of a one-argument function, `rule(du)`; undefined when u is constant. */
export function differentialOfArgument(
  node: CallNode,
  ctx: DifferentialContext,
  rule: (du: Expr) => Expr,
): Expr | undefined {
  const du = ctx.d(node.args[0]);
  return du && rule(du);
}

/** d f(u) = f(du): the differential of a linear function (tr, diag, sum). */
export const linearDifferential = (node: CallNode, ctx: DifferentialContext): Expr | undefined =>
  differentialOfArgument(node, ctx, (du) => ctx.keep(call(node.fn, du), node));

export const ONE_ARGUMENT = { min: 1, max: 1 };

// Simplification to the form a textbook prints. An expression is read as a sum of terms, each
// a coefficient times scalar factors times a chain of matrices; transposes are pushed to the
// leaves on the way ((AB)ᵀ = BᵀAᵀ, Xᵀᵀ = X, Sᵀ = S for a symmetric S), like terms are
// collected, numbers and signs are pulled out of elementwise operations, I and 𝟏 ⊙ disappear.
import { isEntrywise } from '../functions/registry';
import { visit, type Expr } from '../latex/ast';
import { printExpr } from '../latex/print';
import {
  binary,
  call,
  div,
  hadamard,
  inverse,
  neg,
  nodeCount,
  num,
  power,
  product,
  sub,
  transpose,
} from './nodes';
import { flattenProduct } from './reverse';
import type { DerivationShapes } from './shapes';

interface Term {
  coef: number;
  /** 1×1 factors, in no particular order. */
  scalars: Expr[];
  /** Matrix factors, in order. */
  chain: Expr[];
}

/** A term as coefficient and scalars, and what is left (a matrix expression), if anything. */
interface Split {
  coef: number;
  scalars: Expr[];
  rest?: Expr;
}

export class Simplifier {
  constructor(
    private readonly shapes: DerivationShapes,
    /** Whether the note says this symbol is symmetric. */
    private readonly symmetric: (name: string) => boolean,
  ) {}

  simplify(expr: Expr): Expr {
    return this.rebuild(this.terms(expr));
  }

  private scalar(e: Expr): boolean {
    return this.shapes.isScalar(e);
  }

  private atom(e: Expr): Term[] {
    if (e.type === 'number')
      return e.value === 0 ? [] : [{ coef: e.value, scalars: [], chain: [] }];
    // a 1×1 matrix of ones (the sum of a column's entries: 𝟏ᵀu𝟏) is the number 1
    if (e.type === 'ones' && this.shapes.context.isScalar(this.shapes.of(e)))
      return [{ coef: 1, scalars: [], chain: [] }];
    return [
      this.scalar(e) ? { coef: 1, scalars: [e], chain: [] } : { coef: 1, scalars: [], chain: [e] },
    ];
  }

  private terms(e: Expr): Term[] {
    switch (e.type) {
      case 'number':
        return this.atom(e);
      case 'neg':
        return scale(this.terms(e.arg), -1);
      case 'transpose':
        return this.terms(e.arg).map((t) => this.transposeTerm(t));
      case 'inverse': {
        const arg = this.simplify(e.arg);
        if (arg.type === 'inverse') return this.terms(arg.arg);
        if (arg.type === 'number') return this.atom(num(1 / arg.value));
        // (Mᵏ)⁻¹ = M⁻¹ ⋯ M⁻¹: the factors can then cancel against M
        if (
          arg.type === 'power' &&
          !arg.elementwise &&
          arg.exponent.type === 'number' &&
          [2, 3, 4].includes(arg.exponent.value)
        ) {
          const one = this.keepShape(inverse(arg.arg), arg.arg);
          return [{ coef: 1, scalars: [], chain: Array<Expr>(arg.exponent.value).fill(one) }];
        }
        return this.atom(this.keepShape(inverse(arg), e));
      }
      case 'binary':
        return this.binaryTerms(e);
      case 'power': {
        const arg = this.simplify(e.arg);
        const p = e.exponent.type === 'number' ? e.exponent.value : undefined;
        if (p === 1) return this.terms(arg);
        if (p === 0) return this.atom(num(1));
        if (arg.type === 'number' && p !== undefined) return this.atom(num(arg.value ** p));
        return this.atom(this.keepShape({ ...e, arg }, e));
      }
      case 'call': {
        let args = e.args.map((a) => this.simplify(a));
        // diag(Mᵀ) = diag(M); a number comes out of diag and tr, which are linear
        if (e.fn === 'diag' && args[0].type === 'transpose' && !this.shapes.isVector(args[0]))
          args = [args[0].arg];
        // diag(𝟏uᵀ) = u, diag(u𝟏ᵀ) = u
        if (e.fn === 'diag' && !this.shapes.isVector(args[0])) {
          const [only, ...more] = this.terms(args[0]);
          const chain = only?.chain ?? [];
          if (!more.length && chain.length >= 2 && only.scalars.length === 0) {
            if (chain[0].type === 'ones')
              return scale(this.terms(transpose(product(chain.slice(1)))), only.coef);
            const last = chain[chain.length - 1];
            if (last.type === 'transpose' && last.arg.type === 'ones')
              return scale(this.terms(product(chain.slice(0, -1))), only.coef);
          }
        }
        if ((e.fn === 'diag' || e.fn === 'tr') && args.length === 1) {
          const split = this.split(args[0]);
          if (split.rest && split.scalars.length === 0 && split.coef !== 1)
            return scale(this.atom(this.keepShape({ ...e, args: [split.rest] }, e)), split.coef);
        }
        return this.atom(this.keepShape({ ...e, args }, e));
      }
      case 'norm':
        return this.atom(this.keepShape({ ...e, arg: this.simplify(e.arg) }, e));
      default:
        return this.atom(e);
    }
  }

  /** A rebuilt node keeps the shape of the node it replaces (an unsized 𝟏 inside tells none). */
  private keepShape<E extends Expr>(rebuilt: E, original: Expr): E {
    return this.shapes.give(rebuilt, this.shapes.of(original));
  }

  private binaryTerms(e: Extract<Expr, { type: 'binary' }>): Term[] {
    switch (e.op) {
      case 'add':
        return collect([...this.terms(e.left), ...this.terms(e.right)]);
      case 'sub':
        return collect([...this.terms(e.left), ...scale(this.terms(e.right), -1)]);
      case 'mul':
        return this.productTerms(e);
      case 'frob': {
        if (this.scalar(e.left) || this.scalar(e.right))
          return this.productTerms(binary('mul', e.left, e.right));
        const l = this.split(this.simplify(e.left));
        const r = this.split(this.simplify(e.right));
        if (!l.rest || !r.rest) return [];
        return [
          this.termOf(
            l.coef * r.coef,
            [...l.scalars, ...r.scalars],
            binary('frob', l.rest, r.rest),
          ),
        ];
      }
      case 'hadamard':
        return this.elementwiseTerms(e, 'hadamard');
      case 'div':
        return this.elementwiseTerms(e, 'div');
      case 'kron':
        return this.atom(e);
    }
  }

  /** Scalars times a chain of matrices: factors that are sums stay whole, in parentheses. */
  private productTerms(e: Expr): Term[] {
    const factors = flattenProduct(e, (x) => this.scalar(x));
    let coef = 1;
    const scalars: Expr[] = [];
    const chain: Expr[] = [];
    for (const factor of factors) {
      const ts = this.terms(factor);
      if (ts.length === 0) return [];
      let parts: Term;
      if (ts.length === 1) parts = ts[0];
      else parts = { coef: 1, scalars: [], chain: [this.keepShape(this.rebuild(ts), factor)] };
      coef *= parts.coef;
      scalars.push(...parts.scalars);
      if (parts.chain.length === 0) continue;
      if (this.scalar(factor)) scalars.push(product(parts.chain));
      else chain.push(...parts.chain);
    }
    // I in a chain of other matrices changes nothing
    const kept = this.tidyChain(chain.filter((f) => f.type !== 'identity'));
    return [{ coef, scalars, chain: kept.length ? kept : chain }];
  }

  /** M⁻¹M = I, diag(v)𝟏 = v, 𝟏ᵀdiag(v) = vᵀ, until nothing changes. */
  private tidyChain(chain: Expr[]): Expr[] {
    const out = [...chain];
    for (let i = 0; i + 1 < out.length;) {
      const [a, b] = [out[i], out[i + 1]];
      if (inverseOf(a, b) || inverseOf(b, a)) {
        out.splice(i, 2);
        i = Math.max(0, i - 1);
      } else if (isDiagOfVector(a, this.shapes) && isDiagOfVector(b, this.shapes)) {
        let j = i;
        while (j < out.length && isDiagOfVector(out[j], this.shapes)) j++;
        out.splice(i, j - i, this.diagOfRun(out.slice(i, j) as DiagNode[]));
      } else if (isDiagOfVector(a, this.shapes) && b.type === 'ones') {
        out.splice(i, 2, ...this.factorsOf(a.args[0]));
      } else if (isOnes(a) && a.type === 'transpose' && isDiagOfVector(b, this.shapes)) {
        out.splice(i, 2, ...this.factorsOf(this.transposeAtom(b.args[0])));
      } else i++;
    }
    return out;
  }

  /**
   * diag(a) diag(b) ⋯ = diag(a ⊙ b ⊙ ⋯), its factors in the order a textbook writes them:
   * equal ones side by side, sums last (y ⊙ y ⊙ σ ⊙ (1 − σ)).
   */
  private diagOfRun(run: DiagNode[]): Expr {
    const factors: Expr[] = [];
    const spread = (e: Expr) => {
      if (e.type === 'binary' && e.op === 'hadamard') {
        spread(e.left);
        spread(e.right);
      } else factors.push(e);
    };
    for (const d of run) spread(d.args[0]);
    const keys = factors.map(keyOf);
    const rank = (k: number) =>
      (isSumNode(factors[k]) ? factors.length : 0) + keys.indexOf(keys[k]);
    const order = factors.map((_, k) => k).sort((x, y) => rank(x) - rank(y) || x - y);
    const inner = this.simplify(order.map((k) => factors[k]).reduce((x, y) => hadamard(x, y)));
    return this.keepShape(call('diag', inner), run[0]);
  }

  /** A product's matrix factors, as a chain holds them (so that terms can share them). */
  private factorsOf(e: Expr): Expr[] {
    return flattenProduct(e, (x) => this.scalar(x));
  }

  /** ⊙ and ⊘: numbers, signs and scalars come out; 𝟏 ⊙ M = M; a scalar divisor divides. */
  private elementwiseTerms(e: Extract<Expr, { type: 'binary' }>, op: 'hadamard' | 'div'): Term[] {
    const left = this.simplify(e.left);
    const right = this.simplify(e.right);
    const l = this.split(left);
    const r = this.split(right);
    if (op === 'hadamard') {
      if (isOnes(l.rest)) l.rest = undefined;
      if (isOnes(r.rest)) r.rest = undefined;
      const coef = l.coef * r.coef;
      const scalars = [...l.scalars, ...r.scalars];
      if (coef === 0) return [];
      if (!l.rest || !r.rest) {
        const rest = l.rest ?? r.rest;
        return [this.termOf(coef, scalars, rest)];
      }
      return [this.termOf(coef, scalars, this.keepShape(this.monomial([l.rest, r.rest], []), e))];
    }
    if (r.coef === 0) return this.atom(e);
    const coef = l.coef / r.coef;
    const scalars = [...l.scalars, ...r.scalars.map((s) => div(num(1), s))];
    if (!r.rest) return [this.termOf(coef, scalars, l.rest)];
    // a scalar divisor (𝟏ᵀ exp x) divides the whole term
    if (this.scalar(right)) {
      const divisor = r.scalars.length ? right : r.rest;
      const by = [...l.scalars, div(num(1), this.keepShape(divisor, right))];
      return [this.termOf(r.scalars.length ? l.coef : coef, by, l.rest)];
    }
    const numerator = isOnes(l.rest) || !l.rest ? [] : [l.rest];
    return [this.termOf(coef, scalars, this.keepShape(this.monomial(numerator, [r.rest]), e))];
  }

  /**
   * An elementwise monomial: factors over factors, equal ones cancelled ((y ⊘ s) ⊙ s = y),
   * exp(v) ⊘ (1 + exp(v)) read as σ(v).
   */
  private monomial(over: Expr[], under: Expr[]): Expr {
    const top: Expr[] = [];
    const bottom: Expr[] = [];
    const spread = (e: Expr, up: boolean) => {
      if (e.type === 'binary' && e.op === 'hadamard') {
        spread(e.left, up);
        spread(e.right, up);
      } else if (e.type === 'binary' && e.op === 'div' && !this.scalar(e.right)) {
        if (!(e.left.type === 'number' && e.left.value === 1)) spread(e.left, up);
        spread(e.right, !up);
      } else if (smallElementwisePower(e)) {
        // p^∘2 is p ⊙ p: it cancels against p (p ⊙ y ⊘ p^∘2 = y ⊘ p)
        for (let k = 0; k < e.exponent.value; k++) spread(e.arg, up);
      } else (up ? top : bottom).push(e);
    };
    over.forEach((e) => spread(e, true));
    under.forEach((e) => spread(e, false));
    for (let i = top.length - 1; i >= 0; i--) {
      const j = bottom.findIndex((b) => elementwiseKey(b) === elementwiseKey(top[i]));
      if (j >= 0) {
        top.splice(i, 1);
        bottom.splice(j, 1);
      }
    }
    for (let i = top.length - 1; i >= 0; i--) {
      const t = top[i];
      if (t.type !== 'call' || t.fn !== 'exp') continue;
      const j = bottom.findIndex((b) => isOnePlus(b, t));
      if (j < 0) continue;
      top[i] = this.keepShape(call('sigmoid', t.args[0]), t);
      bottom.splice(j, 1);
    }
    const ups = this.powersOf(top);
    const downs = this.powersOf(bottom);
    const numerator = ups.length ? ups.reduce((a, b) => hadamard(a, b)) : num(1);
    if (!downs.length) return numerator;
    return div(
      numerator,
      downs.reduce((a, b) => hadamard(a, b)),
    );
  }

  /** Equal elementwise factors as one power, in the order they first appear: x ⊙ x → x^∘2. */
  private powersOf(factors: Expr[]): Expr[] {
    const counts = new Map<string, { e: Expr; k: number }>();
    for (const e of factors) {
      const key = elementwiseKey(e);
      const seen = counts.get(key);
      if (seen) seen.k++;
      else counts.set(key, { e, k: 1 });
    }
    return [...counts.values()].map(({ e, k }) =>
      k === 1 ? e : this.keepShape(power(e, k, true), e),
    );
  }

  /** One term's pieces; a sum is one piece of its own. */
  private split(e: Expr): Split {
    const ts = this.terms(e);
    if (ts.length === 0) return { coef: 0, scalars: [] };
    if (ts.length > 1) return { coef: 1, scalars: [], rest: e };
    const [t] = ts;
    const rest = t.chain.length ? product(t.chain) : undefined;
    return { coef: t.coef, scalars: t.scalars, rest };
  }

  private termOf(coef: number, scalars: Expr[], rest: Expr | undefined): Term {
    if (!rest) return { coef, scalars, chain: [] };
    if (this.scalar(rest)) return { coef, scalars: [...scalars, rest], chain: [] };
    return { coef, scalars, chain: [rest] };
  }

  private transposeTerm(t: Term): Term {
    return {
      coef: t.coef,
      scalars: t.scalars,
      chain: [...t.chain].reverse().map((f) => this.transposeAtom(f)),
    };
  }

  /** Aᵀ of a simplified factor, pushed as far down as it goes. */
  private transposeAtom(a: Expr): Expr {
    if (this.scalar(a)) return a;
    switch (a.type) {
      case 'symbol':
        return this.symmetric(a.name) ? a : transpose(a);
      case 'transpose':
        return a.arg;
      case 'identity':
        return a;
      case 'inverse':
        return inverse(this.transposeAtom(a.arg));
      case 'neg':
        return neg(this.transposeAtom(a.arg));
      case 'binary':
        if (a.op === 'hadamard' || a.op === 'div')
          return binary(a.op, this.transposeAtom(a.left), this.transposeAtom(a.right));
        if (a.op === 'add' || a.op === 'sub' || a.op === 'mul')
          return this.rebuild(this.terms(a).map((t) => this.transposeTerm(t)));
        return transpose(a);
      case 'call':
        if (isEntrywise(a.fn)) return call(a.fn, this.transposeAtom(a.args[0]));
        if (a.fn === 'diag' && this.shapes.isVector(a.args[0])) return a;
        return transpose(a);
      case 'power':
        if (a.elementwise) return { ...a, arg: this.transposeAtom(a.arg) };
        return transpose(a);
      default:
        return transpose(a);
    }
  }

  private distributing = false;

  /**
   * Terms back to one expression, in the order a textbook writes them; with ⊙ distributed over
   * sums instead when that comes out smaller (−y ⊙ (1 − σ) − (y − 1) ⊙ σ = σ − y).
   */
  rebuild(terms: Term[]): Expr {
    const plain = this.rebuildOnce(terms);
    if (this.distributing || !hasHadamardOverSum(plain)) return plain;
    this.distributing = true;
    try {
      const spread = distribute(plain);
      if (nodeCount(spread) > 4 * nodeCount(plain)) return plain;
      const alternative = this.rebuildOnce(this.terms(spread));
      return nodeCount(alternative) < nodeCount(plain) ? alternative : plain;
    } finally {
      this.distributing = false;
    }
  }

  private rebuildOnce(terms: Term[]): Expr {
    const collected = collect(terms);
    const factored = this.factorOut(collected);
    if (factored) return factored;
    // c A − c B → c(A − B), c a scalar every term has
    const shared = collected.length > 1 ? sharedScalar(collected) : undefined;
    if (shared) {
      const key = keyOf(shared);
      const inner = this.rebuild(
        collected.map((t) => {
          const at = t.scalars.findIndex((x) => keyOf(x) === key);
          return { ...t, scalars: t.scalars.filter((_, i) => i !== at) };
        }),
      );
      const parts = this.scalar(inner)
        ? { scalars: [shared, inner], chain: [] }
        : { scalars: [shared], chain: [inner] };
      return this.rebuild([{ coef: 1, ...parts }]);
    }
    // ½A − ½B → ½(A − B)
    const c = Math.abs(collected[0]?.coef ?? 1);
    if (collected.length > 1 && c !== 1 && collected.every((t) => Math.abs(t.coef) === c)) {
      const inner = this.rebuild(scale(collected, 1 / c));
      const parts = this.scalar(inner)
        ? { scalars: [inner], chain: [] }
        : { scalars: [], chain: [inner] };
      return this.rebuild([{ coef: c, ...parts }]);
    }
    const built = collected.map((t) => this.termExpr(t));
    if (built.length === 0) return num(0);
    const first = built.findIndex((b) => b.positive);
    if (first > 0) built.unshift(...built.splice(first, 1));
    let acc = built[0].positive ? built[0].expr : neg(built[0].expr);
    for (const b of built.slice(1)) acc = binary(b.positive ? 'add' : 'sub', acc, b.expr);
    return acc;
  }

  /**
   * AX + AᵀX → (A + Aᵀ)X: a matrix factor that every term ends (or starts) with is written
   * once, outside the parentheses, as a textbook does.
   */
  private factorOut(terms: Term[]): Expr | undefined {
    if (terms.length < 2 || terms.some((t) => t.chain.length < 2)) return undefined;
    const sameAt = (pick: (t: Term) => Expr) => {
      const key = keyOf(pick(terms[0]));
      return terms.every((t) => keyOf(pick(t)) === key);
    };
    if (sameAt((t) => t.chain[t.chain.length - 1])) {
      const last = terms[0].chain[terms[0].chain.length - 1];
      const inner = this.rebuild(terms.map((t) => ({ ...t, chain: t.chain.slice(0, -1) })));
      return this.rebuild([{ coef: 1, scalars: [], chain: [inner, last] }]);
    }
    if (sameAt((t) => t.chain[0])) {
      const first = terms[0].chain[0];
      const inner = this.rebuild(terms.map((t) => ({ ...t, chain: t.chain.slice(1) })));
      return this.rebuild([{ coef: 1, scalars: [], chain: [first, inner] }]);
    }
    return undefined;
  }

  /** A term as an expression without its sign. */
  private termExpr(t: Term): { positive: boolean; expr: Expr } {
    let positive = t.coef > 0;
    const magnitude = Math.abs(t.coef);
    let chain = t.chain;
    // −(A − WH)Hᵀ reads better as (WH − A)Hᵀ
    const flippable = chain.findIndex((f) => f.type === 'binary' && f.op === 'sub');
    if (!positive && flippable >= 0) {
      const d = chain[flippable] as Extract<Expr, { type: 'binary' }>;
      chain = chain.map((f, i) => (i === flippable ? this.keepShape(sub(d.right, d.left), d) : f));
      positive = true;
    }
    const denominators: Expr[] = [];
    const numerators: Expr[] = [];
    for (const s of [...t.scalars].sort((a, b) => keyOf(a).localeCompare(keyOf(b)))) {
      if (s.type === 'binary' && s.op === 'div' && s.left.type === 'number' && s.left.value === 1)
        denominators.push(s.right);
      else numerators.push(s);
    }
    const factors = [...numerators, ...chain];
    if (magnitude !== 1 || factors.length === 0) factors.unshift(num(magnitude));
    let expr = product(factors);
    if (denominators.length) expr = div(expr, product(denominators));
    return { positive, expr };
  }
}

/** 𝟏, 𝟏ᵀ, 𝟏𝟏ᵀ: the matrix of ones, neutral in ⊙. */
function isOnes(e: Expr | undefined): boolean {
  if (!e) return false;
  if (e.type === 'ones') return true;
  if (e.type === 'transpose') return isOnes(e.arg);
  return e.type === 'binary' && e.op === 'mul' && isOnes(e.left) && isOnes(e.right);
}

/** a = b⁻¹ (a, b simplified: the same spelling under the inverse). */
function inverseOf(a: Expr, b: Expr): boolean {
  return a.type === 'inverse' && keyOf(a.arg) === keyOf(b);
}

type DiagNode = Extract<Expr, { type: 'call' }>;

function isDiagOfVector(e: Expr, shapes: DerivationShapes): e is DiagNode {
  return e.type === 'call' && e.fn === 'diag' && shapes.isVector(e.args[0]);
}

/** x^∘k for k = 2, 3, 4: spread into k factors of an elementwise monomial. */
function smallElementwisePower(
  e: Expr,
): e is Extract<Expr, { type: 'power' }> & { exponent: { type: 'number'; value: number } } {
  return (
    e.type === 'power' &&
    e.elementwise &&
    e.exponent.type === 'number' &&
    [2, 3, 4].includes(e.exponent.value)
  );
}

/** 1 + exp(v) or 𝟏 + exp(v), for the exp(v) given. */
function isOnePlus(e: Expr, exp: Expr): boolean {
  return (
    e.type === 'binary' &&
    e.op === 'add' &&
    ((e.left.type === 'number' && e.left.value === 1) || e.left.type === 'ones') &&
    keyOf(e.right) === keyOf(exp)
  );
}

/** A scalar factor that every term has (by its spelling). */
function sharedScalar(terms: Term[]): Expr | undefined {
  return terms[0].scalars.find((x) => {
    const key = keyOf(x);
    return terms.every((t) => t.scalars.some((y) => keyOf(y) === key));
  });
}

function scale(terms: Term[], by: number): Term[] {
  return terms.map((t) => ({ ...t, coef: t.coef * by }));
}

function keyOf(e: Expr): string {
  return printExpr(e);
}

/** Elementwise, the matrix of ones and the number 1 are the same: 1 − σ and 𝟏 − σ cancel. */
function elementwiseKey(e: Expr): string {
  return keyOf(e).replace(/𝟏/g, '1');
}

/** Some ⊙ has a sum for a side: distributing it may let terms cancel. */
function hasHadamardOverSum(e: Expr): boolean {
  let found = false;
  visit(e, (n) => {
    if (n.type === 'binary' && n.op === 'hadamard' && (isSumNode(n.left) || isSumNode(n.right)))
      found = true;
  });
  return found;
}

function isSumNode(e: Expr): e is Extract<Expr, { type: 'binary' }> {
  return e.type === 'binary' && (e.op === 'add' || e.op === 'sub');
}

/** a ⊙ (b − c) → a ⊙ b − a ⊙ c, everywhere. */
function distribute(e: Expr): Expr {
  switch (e.type) {
    case 'neg':
      return neg(distribute(e.arg));
    case 'binary': {
      const left = distribute(e.left);
      const right = distribute(e.right);
      if (e.op === 'hadamard' && isSumNode(right))
        return binary(
          right.op,
          distribute(hadamard(left, right.left)),
          distribute(hadamard(left, right.right)),
        );
      if (e.op === 'hadamard' && isSumNode(left))
        return binary(
          left.op,
          distribute(hadamard(left.left, right)),
          distribute(hadamard(left.right, right)),
        );
      return binary(e.op, left, right);
    }
    default:
      return e;
  }
}

function termKey(t: Term): string {
  return `${t.scalars.map(keyOf).sort().join('·')}|${t.chain.map(keyOf).join('·')}`;
}

/** Like terms added up; terms that cancel dropped. */
function collect(terms: Term[]): Term[] {
  const byKey = new Map<string, Term>();
  for (const t of terms) {
    const key = termKey(t);
    const seen = byKey.get(key);
    if (seen) seen.coef += t.coef;
    else byKey.set(key, { ...t });
  }
  return [...byKey.values()].filter((t) => Math.abs(t.coef) > 1e-12);
}

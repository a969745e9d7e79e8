// Expression trees → LaTeX in the note's own style (style.ts). What it prints must parse back
// through GradLens to the same expression: parentheses wherever GradLens's precedence
// (products bind tighter than :, and : tighter than + and −) or a reader could doubt.
import { functionNamed } from '../functions/registry';
import type { Expr, SymbolNode } from '../latex/ast';
import { DEFAULT_STYLE, type NoteStyle } from './style';

const SUM = 1;
const FROB = 2;
const PRODUCT = 3;
const UNARY = 4;
const POSTFIX = 5;
const ATOM = 6;

export function printLatex(expr: Expr, style: NoteStyle = DEFAULT_STYLE): string {
  return new LatexPrinter(style).print(expr).text;
}

interface Printed {
  text: string;
  level: number;
}

class LatexPrinter {
  constructor(private readonly style: NoteStyle) {}

  private wrap(p: Printed, min: number): string {
    return p.level >= min ? p.text : `\\left(${p.text}\\right)`;
  }

  private symbol(node: SymbolNode): string {
    const own = this.style.spelling.get(node.name);
    if (own) return own;
    if (node.bold || this.style.bold.has(node.name)) {
      return /^\\[a-z]/i.test(node.name) && !/^\\[A-Z]$/.test(node.name)
        ? `\\boldsymbol{${node.name}}`
        : `\\mathbf{${node.name}}`;
    }
    return node.name;
  }

  private postfix(base: Expr, suffix: string): Printed {
    return { text: `${this.wrap(this.print(base), ATOM)}${suffix}`, level: POSTFIX };
  }

  private transposeSuffix(): string {
    return this.style.transpose;
  }

  print(node: Expr): Printed {
    switch (node.type) {
      case 'number':
        return {
          text: numberLatex(node.value),
          level: Number.isInteger(node.value) ? ATOM : PRODUCT,
        };
      case 'symbol':
        return { text: this.symbol(node), level: ATOM };
      case 'ones':
        return { text: '\\mathbf{1}', level: ATOM };
      case 'identity':
        return { text: 'I', level: ATOM };
      case 'zero':
        return { text: '0', level: ATOM };
      case 'neg':
        return { text: `-${this.wrap(this.print(node.arg), PRODUCT)}`, level: UNARY };
      case 'transpose':
        if (node.arg.type === 'inverse') return this.inverseTransposed(node.arg.arg);
        return this.postfix(node.arg, this.transposeSuffix());
      case 'inverse':
        if (node.arg.type === 'transpose') return this.inverseTransposed(node.arg.arg);
        return this.postfix(node.arg, '^{-1}');
      case 'power': {
        const exponent = this.print(node.exponent).text;
        return this.postfix(
          node.arg,
          node.elementwise ? `^{\\circ ${exponent}}` : `^{${exponent}}`,
        );
      }
      case 'norm': {
        const sub =
          node.kind === 'default' ? '' : `_${node.kind === 'inf' ? '\\infty' : node.kind}`;
        return { text: `\\left\\|${this.print(node.arg).text}\\right\\|${sub}`, level: ATOM };
      }
      case 'differential':
        // dX (an atom: dX^T is the differential transposed either way it is read)
        return { text: `d${this.wrap(this.print(node.arg), ATOM)}`, level: ATOM };
      case 'call':
        return this.call(node);
      case 'binary':
        return this.binary(node);
      default:
        throw new Error(`cannot print a ${node.type}`);
    }
  }

  private inverseTransposed(base: Expr): Printed {
    const t = this.style.transpose === '^\\top' ? '\\top' : 'T';
    if (this.style.transpose === "'" || this.style.transpose === '^{\\mathsf T}')
      return {
        text: `\\left(${this.postfix(base, this.transposeSuffix()).text}\\right)^{-1}`,
        level: POSTFIX,
      };
    return this.postfix(base, `^{-${t}}`);
  }

  private call(node: Extract<Expr, { type: 'call' }>): Printed {
    const form = functionNamed(node.fn).print.latex;
    if (!form) throw new Error(`cannot print ${node.fn}`);
    const args = node.args.map((a) => this.print(a).text).join(', ');
    if ('command' in form) return { text: `${form.command}\\left(${args}\\right)`, level: ATOM };
    const [before, after] = form.around;
    return { text: `${before}${args}${after}`, level: form.loose ? UNARY : ATOM };
  }

  private binary(node: Extract<Expr, { type: 'binary' }>): Printed {
    const l = this.print(node.left);
    const r = this.print(node.right);
    switch (node.op) {
      case 'add':
        return {
          text: `${l.text} + ${this.wrap(r, r.level === UNARY ? ATOM : PRODUCT)}`,
          level: SUM,
        };
      case 'sub':
        return {
          text: `${l.text} - ${this.wrap(r, r.level === UNARY ? ATOM : PRODUCT)}`,
          level: SUM,
        };
      case 'frob':
        if (this.style.frobenius === 'angle')
          return { text: `\\left\\langle ${l.text}, ${r.text}\\right\\rangle`, level: ATOM };
        return { text: `${this.wrap(l, PRODUCT)} : ${this.wrap(r, PRODUCT)}`, level: FROB };
      case 'mul': {
        // an elementwise product inside a matrix product gets its own parentheses
        const left = isElementwise(node.left) ? `\\left(${l.text}\\right)` : this.wrap(l, PRODUCT);
        const right =
          isElementwise(node.right) || r.level <= UNARY ? `\\left(${r.text}\\right)` : r.text;
        const space = /[A-Za-z0-9]$/.test(left) && /^[A-Za-z0-9]/.test(right) ? ' ' : '';
        // 2·3, and X' (…) which would read as a derivative X′(…)
        const dot =
          (/\d$/.test(left) && /^\d/.test(right)) ||
          (left.endsWith("'") && /^\\left\(|^\(/.test(right));
        return { text: `${left}${dot ? ' \\cdot ' : space}${right}`, level: PRODUCT };
      }
      case 'hadamard':
        return {
          // ⊙ is associative: a ⊙ b ⊙ c needs no parentheses on the left
          text: `${isHadamard(node.left) ? l.text : this.wrap(l, ATOM - 1)} ${this.style.hadamard} ${this.wrap(r, POSTFIX)}`,
          level: PRODUCT,
        };
      case 'div':
        if (this.style.divide === 'frac' || node.left.type === 'number')
          return { text: `\\frac{${l.text}}{${r.text}}`, level: ATOM - 1 };
        return {
          text: `${this.wrap(l, ATOM - 1)} \\oslash ${this.wrap(r, POSTFIX)}`,
          level: PRODUCT,
        };
      case 'kron':
        return {
          text: `${this.wrap(l, POSTFIX)} \\otimes ${this.wrap(r, POSTFIX)}`,
          level: PRODUCT,
        };
    }
  }
}

function isHadamard(e: Expr): boolean {
  return e.type === 'binary' && e.op === 'hadamard';
}

/** ⊙, ⊘ (not a number's fraction: ½X needs no parentheses), ⊗. */
function isElementwise(e: Expr): boolean {
  if (e.type !== 'binary') return false;
  if (e.op === 'div') return e.left.type !== 'number' || e.right.type !== 'number';
  return e.op === 'hadamard' || e.op === 'kron';
}

/** Integers as they are, simple fractions as \frac{p}{q}. */
function numberLatex(value: number): string {
  if (Number.isInteger(value)) return String(value);
  for (let q = 2; q <= 64; q++) {
    const p = value * q;
    if (Math.abs(p - Math.round(p)) < 1e-12)
      return `${p < 0 ? '-' : ''}\\frac{${Math.abs(Math.round(p))}}{${q}}`;
  }
  return String(value);
}

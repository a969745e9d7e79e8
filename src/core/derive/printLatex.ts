// Expression trees → LaTeX in the note's own style (style.ts). What it prints must parse back
// through GradLens to the same expression: parentheses wherever GradLens's precedence
// (products bind tighter than :, and : tighter than + and −) or a reader could doubt.
import { functionNamed } from '../functions/registry';
import { PRINT_LEVEL, type Printed } from '../operators/define';
import { operatorNamed } from '../operators/registry';
import type { Expr, SymbolNode } from '../latex/ast';
import { DEFAULT_STYLE, type NoteStyle } from './style';

const { product: PRODUCT, unary: UNARY, postfix: POSTFIX, atom: ATOM } = PRINT_LEVEL;

export function printLatex(expr: Expr, style: NoteStyle = DEFAULT_STYLE): string {
  return new LatexPrinter(style).print(expr).text;
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
    return operatorNamed(node.op).print.latex(node, l, r, {
      style: this.style,
      wrap: (p, min) => this.wrap(p, min),
      boxedInProduct,
    });
  }
}

/** ⊙, ⊘ (not a number's fraction: ½X needs no parentheses), ⊗. */
function boxedInProduct(e: Expr): boolean {
  if (e.type !== 'binary' || !operatorNamed(e.op).print.boxedInProduct) return false;
  return e.op !== 'div' || e.left.type !== 'number' || e.right.type !== 'number';
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

// Declarations, wherever people write them: X ∈ ℝ^{k×l} and X ≻ 0 in math, A_{m×n} on a
// symbol, a `gradlens:` directive, and shapes in prose ("$A$ is $m\times n$").
import { functionNamed } from '../functions/registry';
import type { Chain, DimSpec, Expr, SpaceNode, SymbolNode } from '../latex/ast';
import { visit } from '../latex/ast';
import type { Declaration } from './environment';
import { simplexDimension, type Step } from './steps';
import { propertyOfWord, type Property } from '../facts/kinds';

function symbolsOf(expr: Expr): SymbolNode[] {
  if (expr.type === 'symbol') return [expr];
  if (expr.type === 'tuple') return expr.items.filter((i): i is SymbolNode => i.type === 'symbol');
  return [];
}

/** The declarations a declaration step makes (one per symbol in `A, B ∈ ℝ^{n×n}`). */
export function declarationsOfStep(step: Step, lineOf: (offset: number) => number): Declaration[] {
  const targets = symbolsOf(step.lhs);
  const start = step.lhs.span.start;
  const end = step.rhs.span.end;
  const simplex = step.relation.op === '\\in' ? simplexDimension(step.rhs) : undefined;
  if (simplex) {
    // y ∈ Δ^K: a probability vector of K entries
    const dim: DimSpec =
      simplex.type === 'number'
        ? { value: simplex.value, span: simplex.span }
        : { name: (simplex as SymbolNode).name, span: simplex.span };
    return targets.map((t) => ({
      name: t.name,
      display: t.display,
      dims: [dim],
      properties: ['probability'],
      offset: start,
      end,
      line: lineOf(start),
    }));
  }
  if (step.relation.op === '\\in' && step.rhs.type === 'power') {
    // y ∈ {0,1}^N: a vector of N entries
    const exponent = step.rhs.exponent;
    const dim: DimSpec =
      exponent.type === 'number'
        ? { value: exponent.value, span: exponent.span }
        : { name: (exponent as SymbolNode).name, span: exponent.span };
    return targets.map((t) => ({
      name: t.name,
      display: t.display,
      dims: [dim],
      offset: start,
      end,
      line: lineOf(start),
    }));
  }
  if (step.relation.op === '\\in' && (step.rhs.type === 'tuple' || step.rhs.type === 'symbol')) {
    // y ∈ {−1, 1}: a scalar label; N ∈ ℕ: a count
    return targets.map((t) => ({
      name: t.name,
      display: t.display,
      dims: [],
      offset: start,
      end,
      line: lineOf(start),
    }));
  }
  if (step.relation.op === '\\in') {
    const space = step.rhs as SpaceNode;
    return targets.map((t) => ({
      name: t.name,
      display: t.display,
      dims: space.dims,
      symmetric: space.field === 'S' || undefined,
      definite: space.definite,
      positive: space.positive,
      offset: start,
      end,
      line: lineOf(start),
    }));
  }
  if (step.relation.op === '=') {
    // S = Sᵀ
    const symbol = step.lhs.type === 'symbol' ? step.lhs : (step.rhs as SymbolNode);
    return [
      {
        name: symbol.name,
        display: symbol.display,
        symmetric: true,
        offset: start,
        end,
        line: lineOf(start),
      },
    ];
  }
  const definite = step.relation.op === '\\succ' ? 'pd' : 'psd';
  return targets.map((t) => ({
    name: t.name,
    display: t.display,
    symmetric: true,
    definite,
    offset: start,
    end,
    line: lineOf(start),
  }));
}

/** A_{m×n} written on a symbol anywhere declares its shape. */
export function declarationsFromSizeHints(
  chain: Chain,
  lineOf: (offset: number) => number,
): Declaration[] {
  const found: Declaration[] = [];
  for (const operand of chain.operands) {
    visit(operand, (node) => {
      if (node.type === 'symbol' && node.sizeHint) {
        found.push({
          name: node.name,
          display: node.display,
          dims: node.sizeHint,
          offset: node.span.start,
          end: node.span.end,
          line: lineOf(node.span.start),
        });
      }
    });
  }
  return found;
}

/** Symbols spelled like scalars whose use shows they are vectors: xᵀ, ‖x‖, x_i, diag(x). */
export function vectorHints(chain: Chain): string[] {
  const names: string[] = [];
  const plain = (e: Expr) =>
    e.type === 'symbol' && !e.bold && (e.style === 'latin-lower' || e.style === 'greek-lower');
  for (const operand of chain.operands) {
    visit(operand, (node) => {
      if ((node.type === 'transpose' || node.type === 'norm') && plain(node.arg))
        names.push((node.arg as SymbolNode).name);
      if (node.type === 'entry' && node.indices.length === 1 && plain(node.base))
        names.push((node.base as SymbolNode).name);
      if (
        node.type === 'call' &&
        functionNamed(node.fn).argumentIs?.vectorWhenLowercase &&
        plain(node.args[0])
      )
        names.push((node.args[0] as SymbolNode).name);
    });
  }
  return names;
}

export interface DirectiveEntry {
  /** The symbol as written (LaTeX or plain: X, \mathbf{x}, \Sigma). */
  symbol: string;
  dims?: DimSpec[];
  /** What the property words say (sym, spd, diagonal, orthogonal, ones…: see facts/kinds.ts). */
  properties?: Property[];
  /** Offsets within the directive text. */
  start: number;
  end: number;
}

export interface DirectiveProblem {
  start: number;
  end: number;
  message: string;
}

/**
 * `X k×l, A m×n, S n×n spd, x n, a scalar`: entries separated by `,` or `;`; each is a symbol,
 * its dims (×, x, * or \times between them; `scalar` or `1` for a scalar) and optional flags.
 */
export function parseDirective(text: string): {
  entries: DirectiveEntry[];
  problems: DirectiveProblem[];
} {
  const entries: DirectiveEntry[] = [];
  const problems: DirectiveProblem[] = [];
  const pattern = /[^,;]+/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const part = raw.trim().replace(/\$/g, '');
    if (!part) continue;
    const start = m.index + lead;
    const end = start + raw.trim().length;
    const symbolMatch =
      /^(\\[a-zA-Z]+\s*\{[^}]*\}|\\[a-zA-Z]+|[A-Za-z](?:_\{[^}]*\}|_[A-Za-z0-9])?)\s*:?\s*(.*)$/.exec(
        part,
      );
    if (!symbolMatch) {
      problems.push({
        start,
        end,
        message: `gradlens directive: cannot read '${part}' (write e.g. "X k×l")`,
      });
      continue;
    }
    const entry: DirectiveEntry = { symbol: symbolMatch[1], start, end };
    const words = symbolMatch[2].split(/\s+/).filter(Boolean);
    const dimWords: string[] = [];
    for (const word of words) {
      const property = propertyOfWord(word);
      if (property) (entry.properties ??= []).push(property);
      else dimWords.push(word);
    }
    // Words are kept apart: `k × l` is a size, `k by l` is not one (it is not `kbyl`).
    const dimText = dimWords.join(' ').replace(/\\times/g, '×');
    const compact = dimText.replace(/\s+/g, '');
    if (/^scalar$/i.test(compact) || compact === '1' || compact === '1×1') {
      entry.dims = [];
    } else if (dimText) {
      const parts = dimText.split(/\s*[×x*]\s*/).filter((p) => p.length > 0);
      if (
        parts.length === 0 ||
        parts.length > 2 ||
        parts.some((p) => !/^[A-Za-z][A-Za-z0-9_]*$|^\d+$/.test(p))
      ) {
        problems.push({
          start,
          end,
          message: `gradlens directive: cannot read the size '${dimWords.join(' ')}' of ${entry.symbol}`,
        });
        continue;
      }
      const span = { start, end };
      entry.dims = parts.map((p) =>
        /^\d+$/.test(p) ? { value: Number(p), span } : { name: p, span },
      );
      if (parts.length === 2 && parts[1] === '1') entry.dims = [entry.dims[0]];
    } else if (!entry.properties) {
      problems.push({
        start,
        end,
        message: `gradlens directive: no size given for ${entry.symbol}`,
      });
      continue;
    }
    entries.push(entry);
  }
  return { entries, problems };
}

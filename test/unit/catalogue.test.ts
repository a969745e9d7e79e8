// A catalogue of matrix-calculus identities, written the way people write them in notes,
// each checked numerically end to end (analyzeDocument), together with mutants of its
// claimed right-hand side made the way people get them wrong: a flipped sign, a transpose,
// a constant factor, two factors swapped, a term dropped. Every correct identity must come
// out 'ok'; every mutant must be caught, and sign, transpose and factor mutants must be
// diagnosed as such.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeDocument } from '../../src/core/analyze';
import type { Finding } from '../../src/core/report';

/** The placeholder for the claimed right-hand side in a note. */
const RHS = '%RHS%';

interface Identity {
  name: string;
  /** The note, with %RHS% where the claimed right-hand side goes (exactly once). */
  note: string;
  /** The correct right-hand side. */
  rhs: string;
  /**
   * What the claimed side is: 'square' (a transpose is a different matrix of the same shape),
   * 'rect' (a transpose changes the shape: a shape error), 'symmetric' (a transpose changes
   * nothing: no transpose mutant).
   */
  result: 'square' | 'rect' | 'symmetric';
  /** Factors people swap: [from, to] substitutions on the right-hand side. */
  swaps?: [string, string][];
  /** The diagnosis the correct claim carries (e.g. a symmetric convention). */
  diagnosis?: string;
}

// ── mutants ────────────────────────────────────────────────────────────────────────────

type MutantKind = 'sign' | 'transpose' | 'factor' | 'swap' | 'drop';

interface Mutant {
  kind: MutantKind;
  rhs: string;
  /** 'mismatch' with this diagnosis, or a shape error, or either ('caught'). */
  expect:
    { verdict: 'mismatch'; diagnosis: string } | { verdict: 'shape-error' } | { verdict: 'caught' };
}

/**
 * Top-level terms of a LaTeX sum, each with its leading sign: `2A - B^T(C + D)` →
 * ['2A', '- B^T(C + D)']. Braces, parentheses, brackets, \left…\right and norm bars nest.
 */
export function topLevelTerms(latex: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let bars = 0;
  let start = 0;
  for (let i = 0; i < latex.length; i++) {
    const rest = latex.slice(i);
    const command = /^\\[A-Za-z]+|^\\./.exec(rest)?.[0];
    if (command) {
      if (command === '\\left') depth++;
      else if (command === '\\right') depth--;
      else if (command === '\\|' && depth === 0) bars ^= 1;
      i += command.length - 1;
      if (command === '\\left' || command === '\\right') {
        // skip the delimiter that follows: ( ) [ ] . | or a command like \| \lbrace
        const delimiter = /^\\[A-Za-z]+|^\\.|^./.exec(latex.slice(i + 1))?.[0] ?? '';
        i += delimiter.length;
      }
      continue;
    }
    const c = latex[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (c === '|' && depth === 0) bars ^= 1;
    else if (
      (c === '+' || c === '-') &&
      depth === 0 &&
      bars === 0 &&
      latex.slice(start, i).trim() !== ''
    ) {
      terms.push(latex.slice(start, i).trim());
      start = i;
    }
  }
  terms.push(latex.slice(start).trim());
  return terms;
}

function flipSign(rhs: string): string {
  const terms = topLevelTerms(rhs);
  if (terms.length > 1) return `-\\left(${rhs}\\right)`;
  return rhs.startsWith('-') ? rhs.slice(1).trim() : `-${rhs}`;
}

function scaleBy(rhs: string, factor: string): string {
  const terms = topLevelTerms(rhs);
  const bare = rhs.replace(/^-\s*/, '');
  // "2X" times ½ is not "\frac{1}{2}2X": a leading number (or fraction) gets parentheses
  if (terms.length > 1 || /^(\d|\\[td]?frac)/.test(bare)) return `${factor}\\left(${rhs}\\right)`;
  return rhs.startsWith('-') ? `-${factor}${bare}` : `${factor}${rhs}`;
}

function transposed(rhs: string): string {
  return /^[A-Za-z]$/.test(rhs) ? `${rhs}^T` : `\\left(${rhs}\\right)^T`;
}

function mutantsOf(identity: Identity): Mutant[] {
  const { rhs } = identity;
  const mutants: Mutant[] = [
    { kind: 'sign', rhs: flipSign(rhs), expect: { verdict: 'mismatch', diagnosis: 'sign' } },
    {
      kind: 'factor',
      rhs: scaleBy(rhs, '2'),
      expect: { verdict: 'mismatch', diagnosis: 'factor' },
    },
    {
      kind: 'factor',
      rhs: scaleBy(rhs, '\\frac{1}{2}'),
      expect: { verdict: 'mismatch', diagnosis: 'factor' },
    },
  ];
  if (identity.result === 'square')
    mutants.push({
      kind: 'transpose',
      rhs: transposed(rhs),
      expect: { verdict: 'mismatch', diagnosis: 'transpose' },
    });
  if (identity.result === 'rect')
    mutants.push({ kind: 'transpose', rhs: transposed(rhs), expect: { verdict: 'shape-error' } });
  for (const [from, to] of identity.swaps ?? []) {
    assert.ok(rhs.includes(from), `${identity.name}: swap ${from} is not in ${rhs}`);
    mutants.push({ kind: 'swap', rhs: rhs.replace(from, to), expect: { verdict: 'caught' } });
  }
  const terms = topLevelTerms(rhs);
  if (terms.length > 1) {
    for (let k = 0; k < terms.length; k++) {
      const kept = terms
        .filter((_, j) => j !== k)
        .join(' ')
        .replace(/^\+\s*/, '');
      mutants.push({ kind: 'drop', rhs: kept, expect: { verdict: 'caught' } });
    }
  }
  return mutants;
}

// ── checking ───────────────────────────────────────────────────────────────────────────

const CLAIM_KINDS = new Set(['gradient', 'equality', 'differential']);

function analyze(text: string): Finding[] {
  return analyzeDocument({ uri: 'mem://catalogue', version: 1, language: 'markdown', text })
    .findings;
}

function describeFindings(findings: Finding[]): string {
  return findings
    .map(
      (f) =>
        `  ${f.kind} ${f.verdict}${f.diagnosis ? ` [${f.diagnosis}]` : ''}: ${f.latex.replace(/\s+/g, ' ')} — ${f.message}`,
    )
    .join('\n');
}

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  return {
    line: before.split('\n').length - 1,
    character: offset - (before.lastIndexOf('\n') + 1),
  };
}

function before(
  a: { line: number; character: number },
  b: { line: number; character: number },
): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/**
 * The claim about the placeholder: the first claim finding whose range meets it (a shape
 * error points at the offending subexpression, a numeric finding covers the whole step).
 */
function claimAt(
  text: string,
  offset: number,
  length: number,
  findings: Finding[],
): Finding | undefined {
  const start = position(text, offset);
  const end = position(text, offset + length);
  return findings.find(
    (f) => CLAIM_KINDS.has(f.kind) && before(f.range.start, end) && before(start, f.range.end),
  );
}

function instantiate(identity: Identity, rhs: string): { text: string; offset: number } {
  const offset = identity.note.indexOf(RHS);
  assert.ok(
    offset >= 0 && identity.note.indexOf(RHS, offset + 1) < 0,
    `${identity.name}: the note needs ${RHS} exactly once`,
  );
  return { text: identity.note.replace(RHS, rhs), offset };
}

function checkCorrect(identity: Identity): void {
  const { text, offset } = instantiate(identity, identity.rhs);
  const findings = analyze(text);
  const report = `${identity.name}:\n${describeFindings(findings)}`;
  const claims = findings.filter((f) => CLAIM_KINDS.has(f.kind));
  assert.ok(claims.length > 0, `no claim found\n${report}`);
  for (const f of findings) assert.equal(f.verdict, 'ok', `every finding should be ok\n${report}`);
  const claim = claimAt(text, offset, identity.rhs.length, findings);
  assert.ok(claim, `no claim covers the right-hand side\n${report}`);
  if (identity.diagnosis) assert.equal(claim.diagnosis, identity.diagnosis, report);
}

function checkMutant(identity: Identity, mutant: Mutant): void {
  const { text, offset } = instantiate(identity, mutant.rhs);
  const findings = analyze(text);
  const report = `${identity.name}, ${mutant.kind} mutant ${mutant.rhs}:\n${describeFindings(findings)}`;
  const claim = claimAt(text, offset, mutant.rhs.length, findings);
  assert.ok(claim, `no claim covers the mutated right-hand side\n${report}`);
  assert.equal(claim.severity, 'error', report);
  switch (mutant.expect.verdict) {
    case 'mismatch':
      assert.equal(claim.verdict, 'mismatch', report);
      assert.equal(claim.diagnosis, mutant.expect.diagnosis, report);
      break;
    case 'shape-error':
      assert.equal(claim.verdict, 'shape-error', report);
      break;
    case 'caught':
      assert.ok(claim.verdict === 'mismatch' || claim.verdict === 'shape-error', report);
      break;
  }
}

// ── the catalogue ──────────────────────────────────────────────────────────────────────

const TRACES: Identity[] = [
  {
    name: 'tr(AX) (Cookbook 100)',
    note: 'Let $A \\in \\mathbb{R}^{m\\times n}$ and $X \\in \\mathbb{R}^{n \\times m}$. Then\n$$\\frac{\\partial \\operatorname{tr}(AX)}{\\partial X} = %RHS%$$\n',
    rhs: 'A^T',
    result: 'rect',
  },
  {
    name: 'tr(AX), square',
    note: 'For square $A, X \\in \\mathbb{R}^{n\\times n}$:\n$$\\nabla_X \\operatorname{tr}(AX) = %RHS%$$\n',
    rhs: 'A^T',
    result: 'square',
  },
  {
    name: 'tr(XᵀA)',
    note: 'With $X, A \\in \\mathbb{R}^{m \\times n}$, $\\nabla_X \\operatorname{tr}(X^TA) = %RHS%$.\n',
    rhs: 'A',
    result: 'rect',
  },
  {
    name: 'tr(AXB) (Cookbook 101)',
    note: '$$\\frac{\\partial}{\\partial X}\\operatorname{tr}(AXB) = %RHS%$$\nwhere $A$ is $m\\times p$, $X$ is $p\\times q$ and $B$ is $q\\times m$.\n',
    rhs: 'A^T B^T',
    result: 'rect',
    swaps: [['A^T B^T', 'B^T A^T']],
  },
  {
    name: 'tr(AXᵀB) (Cookbook 102)',
    note: '$$\\frac{\\partial}{\\partial X}\\operatorname{tr}(AX^TB) = %RHS%$$\nwith $A$ ($m\\times p$), $X$ ($q\\times p$), $B$ ($q\\times m$).\n',
    rhs: 'BA',
    result: 'rect',
    swaps: [['BA', 'AB']],
  },
  {
    name: 'tr(XᵀAX) = (A + Aᵀ)X',
    note: 'Let $X\\in\\mathbb{R}^{n\\times k}$ and $A\\in\\mathbb{R}^{n\\times n}$.\n$$\\frac{\\partial}{\\partial X}\\operatorname{tr}(X^TAX) = %RHS%$$\n',
    rhs: '(A + A^T)X',
    result: 'rect',
    swaps: [['(A + A^T)X', 'X(A + A^T)']],
  },
  {
    name: 'tr(XᵀAX) written as two terms, square',
    note: '\\newcommand{\\tr}{\\operatorname{tr}}\nFor $X, A \\in \\mathbb{R}^{n\\times n}$:\n$$\\nabla_{X}\\, \\tr\\left(X^\\top A X\\right) = %RHS%$$\n',
    rhs: 'AX + A^\\top X',
    result: 'square',
    swaps: [['AX', 'XA']],
  },
  {
    name: 'tr(XAXᵀ) (Cookbook 106 with B = I)',
    note: 'Let $X \\in \\mathbb{R}^{m\\times n}$, $A\\in\\mathbb{R}^{n\\times n}$.\n$$\\frac{\\partial}{\\partial X}\\operatorname{Tr}(XAX^T) = %RHS%$$\n',
    rhs: 'XA^T + XA',
    result: 'rect',
    swaps: [['XA^T', 'A^TX']],
  },
  {
    name: 'tr(X²)',
    note: '$$\\frac{\\partial}{\\partial X}\\operatorname{tr}(X^2) = %RHS%$$ for a square $X$.\n',
    rhs: '2X^T',
    result: 'square',
  },
  {
    name: 'tr(X³)',
    note: 'For $X \\in \\mathbb{R}^{n\\times n}$, $$\\frac{\\partial \\operatorname{tr}(X^3)}{\\partial X} = %RHS%$$\n',
    rhs: '3(X^2)^T',
    result: 'square',
  },
  {
    name: 'tr(AXBX) (Cookbook 107)',
    note: 'Here $A, B, X \\in \\mathbb{R}^{n\\times n}$.\n$$\\frac{\\partial}{\\partial X} \\operatorname{tr}(AXBX) = %RHS%$$\n',
    rhs: 'A^TX^TB^T + B^TX^TA^T',
    result: 'square',
    swaps: [['A^TX^TB^T', 'X^TA^TB^T']],
  },
  {
    name: 'tr(BᵀXᵀCXB) (Cookbook 117)',
    note: 'Let $X\\in\\mathbb{R}^{m\\times n}$, $B \\in \\mathbb{R}^{n\\times p}$, $C\\in\\mathbb{R}^{m\\times m}$.\n$$\\frac{\\partial}{\\partial X}\\operatorname{tr}(B^TX^TCXB) = %RHS%$$\n',
    rhs: 'C^TXBB^T + CXBB^T',
    result: 'rect',
    swaps: [['CXBB^T', 'XCBB^T']],
  },
  {
    name: '⟨A, X⟩',
    note: 'The Frobenius product $\\langle A, X\\rangle = \\operatorname{tr}(A^TX)$ is linear in $X$:\n$$\\frac{\\partial}{\\partial X}\\langle A, X\\rangle = %RHS%$$\n',
    rhs: 'A',
    result: 'rect',
  },
  {
    name: 'A : (X ⊙ B)',
    note: '$$\\frac{\\partial}{\\partial X} A : (X \\odot B) = %RHS%$$\n',
    rhs: 'A \\odot B',
    result: 'rect',
  },
];

const DETERMINANTS: Identity[] = [
  {
    name: 'det X (Cookbook 49)',
    note: 'Let $X\\in\\mathbb{R}^{n\\times n}$ be invertible.\n$$\\frac{\\partial \\det(X)}{\\partial X} = %RHS%$$\n',
    rhs: '\\det(X) X^{-T}',
    result: 'square',
  },
  {
    name: 'log det X',
    note: '$$\\frac{\\partial \\log\\det X}{\\partial X} = %RHS%$$\n',
    rhs: 'X^{-T}',
    result: 'square',
  },
  {
    name: 'log |X| (Cookbook 57)',
    note: 'For a square invertible $X$: $$\\frac{\\partial \\log|X|}{\\partial X} = %RHS%$$\n',
    rhs: 'X^{-T}',
    result: 'square',
  },
  {
    name: 'det(AXB) (Cookbook 51)',
    note: 'With $A$, $X$, $B$ square: $A, X, B \\in \\mathbb{R}^{n\\times n}$,\n$$\\frac{\\partial}{\\partial X}\\det(AXB) = %RHS%$$\n',
    rhs: '\\det(AXB)\\,X^{-T}',
    result: 'square',
  },
  {
    name: 'det(X²)',
    note: '$$\\frac{\\partial}{\\partial X}\\det(X^2) = %RHS%$$\n',
    rhs: '2\\det(X^2)X^{-T}',
    result: 'square',
  },
  {
    name: 'log det(XᵀX) (Cookbook 55, tall X)',
    note: 'Let $X \\in \\mathbb{R}^{6\\times 3}$ have full column rank.\n$$\\frac{\\partial}{\\partial X}\\log\\det(X^TX) = %RHS%$$\n',
    rhs: '2X(X^TX)^{-1}',
    result: 'rect',
    swaps: [['X(X^TX)^{-1}', '(X^TX)^{-1}X']],
  },
  {
    name: 'd log det X, differential',
    note: 'The differential of the log-determinant: $$d\\log\\det X = \\operatorname{tr}\\left(%RHS%\\, dX\\right)$$\n',
    rhs: 'X^{-1}',
    result: 'square',
  },
];

const INVERSES: Identity[] = [
  {
    name: 'tr(AX⁻¹B) (Cookbook 63)',
    note: 'Let $A\\in\\mathbb{R}^{m\\times n}$, $X\\in\\mathbb{R}^{n\\times n}$, $B \\in\\mathbb{R}^{n\\times m}$.\n$$\\frac{\\partial}{\\partial X}\\operatorname{tr}(AX^{-1}B) = %RHS%$$\n',
    rhs: '-X^{-T}A^TB^TX^{-T}',
    result: 'square',
    swaps: [['A^TB^T', 'B^TA^T']],
  },
  {
    name: 'tr(X⁻¹)',
    note: '$$\\frac{\\partial}{\\partial X}\\operatorname{tr}(X^{-1}) = %RHS%$$\n',
    rhs: '-X^{-T}X^{-T}',
    result: 'square',
  },
  {
    name: 'aᵀX⁻¹b (Cookbook 61)',
    note: 'Let $X$ be $n\\times n$ and $\\mathbf{a}, \\mathbf{b} \\in \\mathbb{R}^n$.\n$$\\frac{\\partial\\, \\mathbf{a}^TX^{-1}\\mathbf{b}}{\\partial X} = %RHS%$$\n',
    rhs: '-X^{-T}\\mathbf{a}\\mathbf{b}^TX^{-T}',
    result: 'square',
    swaps: [['\\mathbf{a}\\mathbf{b}^T', '\\mathbf{b}\\mathbf{a}^T']],
  },
  {
    name: 'd(X⁻¹), differential',
    note: '$$d(X^{-1}) = %RHS%$$\n',
    rhs: '-X^{-1}\\,dX\\,X^{-1}',
    result: 'square',
    swaps: [['X^{-1}\\,dX', 'dX\\,X^{-1}']],
  },
];

const QUADRATIC: Identity[] = [
  {
    name: 'xᵀAx',
    note: 'Let $\\mathbf{x}\\in\\mathbb{R}^n$ and $A \\in \\mathbb{R}^{n\\times n}$.\n$$\\nabla_{\\mathbf{x}}\\, \\mathbf{x}^T A \\mathbf{x} = %RHS%$$\n',
    rhs: '(A + A^T)\\mathbf{x}',
    result: 'rect',
    swaps: [['(A + A^T)\\mathbf{x}', '\\mathbf{x}(A + A^T)']],
  },
  {
    name: 'xᵀAx, A symmetric',
    note: 'Let $A \\in \\mathbb{S}^n$ be symmetric and let $x \\in \\mathbb{R}^n$.\n$$\\frac{\\partial}{\\partial x}\\, x^T A x = %RHS%$$\n',
    rhs: '2Ax',
    result: 'rect',
    swaps: [['Ax', 'xA']],
  },
  {
    name: 'bᵀXc (Cookbook 70)',
    note: '$$\\frac{\\partial \\mathbf{b}^T X \\mathbf{c}}{\\partial X} = %RHS%$$\n',
    rhs: '\\mathbf{b}\\mathbf{c}^T',
    result: 'rect',
    swaps: [['\\mathbf{b}\\mathbf{c}^T', '\\mathbf{c}^T\\mathbf{b}']],
  },
  {
    name: 'aᵀXᵀb (Cookbook 71)',
    note: 'For $X\\in\\mathbb{R}^{m\\times n}$: $$\\frac{\\partial}{\\partial X}\\mathbf{a}^TX^T\\mathbf{b} = %RHS%$$\n',
    rhs: '\\mathbf{b}\\mathbf{a}^T',
    result: 'rect',
    swaps: [['\\mathbf{b}\\mathbf{a}^T', '\\mathbf{a}\\mathbf{b}^T']],
  },
  {
    name: 'aᵀXa, square X',
    note: 'For a square $X$ ($n\\times n$) and $\\mathbf{a}\\in\\mathbb{R}^n$: $\\nabla_X\\,\\mathbf{a}^TX\\mathbf{a} = %RHS%$.\n',
    rhs: '\\mathbf{a}\\mathbf{a}^T',
    result: 'symmetric',
  },
  {
    name: 'bᵀXᵀXc (Cookbook 77)',
    note: 'Let $X\\in\\mathbb{R}^{m\\times n}$ and $\\mathbf{b},\\mathbf{c}\\in\\mathbb{R}^n$.\n$$\\frac{\\partial}{\\partial X}\\mathbf{b}^TX^TX\\mathbf{c} = %RHS%$$\n',
    rhs: 'X\\mathbf{b}\\mathbf{c}^T + X\\mathbf{c}\\mathbf{b}^T',
    result: 'rect',
  },
  {
    name: 'bᵀXᵀDXc (Cookbook 78)',
    note: 'Let $X\\in\\mathbb{R}^{m\\times n}$, $D\\in\\mathbb{R}^{m\\times m}$, $\\mathbf{b},\\mathbf{c}\\in\\mathbb{R}^n$.\n$$\\frac{\\partial}{\\partial X}\\mathbf{b}^TX^TDX\\mathbf{c} = %RHS%$$\n',
    rhs: 'D^TX\\mathbf{b}\\mathbf{c}^T + DX\\mathbf{c}\\mathbf{b}^T',
    result: 'rect',
    swaps: [['DX\\mathbf{c}\\mathbf{b}^T', 'DX\\mathbf{b}\\mathbf{c}^T']],
  },
  {
    name: '(Xb + c)ᵀD(Xb + c) (Cookbook 79)',
    note: 'Let $X\\in\\mathbb{R}^{m\\times n}$, $\\mathbf{b}\\in\\mathbb{R}^{n}$, $\\mathbf{c}\\in\\mathbb{R}^m$, $D \\in \\mathbb{R}^{m\\times m}$.\n$$\\frac{\\partial}{\\partial X}(X\\mathbf{b}+\\mathbf{c})^TD(X\\mathbf{b}+\\mathbf{c}) = %RHS%$$\n',
    rhs: '(D + D^T)(X\\mathbf{b} + \\mathbf{c})\\mathbf{b}^T',
    result: 'rect',
  },
  {
    name: 'aᵀx, with df/dx notation',
    note: '$$f = \\mathbf{a}^T\\mathbf{x}$$\n$$\\frac{d f}{d \\mathbf{x}} = %RHS%$$\n',
    rhs: '\\mathbf{a}',
    result: 'rect',
  },
  {
    name: 'xᵀAx, differential df = gᵀdx',
    note: '$$f(\\mathbf{x}) = \\mathbf{x}^T A\\mathbf{x}$$\nso that\n$$df = %RHS%\\, d\\mathbf{x}$$\n',
    rhs: '\\mathbf{x}^T(A + A^T)',
    result: 'rect',
    swaps: [['\\mathbf{x}^T(A + A^T)', '(A + A^T)\\mathbf{x}^T']],
  },
  {
    name: 'Gaussian mean, Σ ≻ 0',
    note: '$$\\frac{\\partial}{\\partial \\boldsymbol{\\mu}} \\left(-\\frac{1}{2}(\\mathbf{x}-\\boldsymbol{\\mu})^T\\Sigma^{-1}(\\mathbf{x}-\\boldsymbol{\\mu})\\right) = %RHS%$$\nwhere $\\Sigma \\succ 0$.\n',
    rhs: '\\Sigma^{-1}(\\mathbf{x}-\\boldsymbol{\\mu})',
    result: 'rect',
    swaps: [
      [
        '\\Sigma^{-1}(\\mathbf{x}-\\boldsymbol{\\mu})',
        '(\\mathbf{x}-\\boldsymbol{\\mu})\\Sigma^{-1}',
      ],
    ],
  },
];

const NORMS: Identity[] = [
  {
    name: '‖x‖²',
    note: '$$\\frac{\\partial \\|\\mathbf{x}\\|_2^2}{\\partial \\mathbf{x}} = %RHS%$$\n',
    rhs: '2\\mathbf{x}',
    result: 'rect',
  },
  {
    name: '‖x‖',
    note: 'Away from the origin, $$\\nabla_{\\mathbf{x}}\\|\\mathbf{x}\\|_2 = %RHS%$$\n',
    rhs: '\\frac{\\mathbf{x}}{\\|\\mathbf{x}\\|_2}',
    result: 'rect',
  },
  {
    name: '‖X‖_F²',
    note: '$$\\frac{\\partial \\|X\\|_F^2}{\\partial X} = %RHS%$$\n',
    rhs: '2X',
    result: 'rect',
  },
  {
    name: '‖X‖_F, square',
    note: 'For $X \\in \\mathbb{R}^{n\\times n}$: $$\\frac{\\partial \\|X\\|_F}{\\partial X} = %RHS%$$\n',
    rhs: '\\frac{X}{\\|X\\|_F}',
    result: 'square',
  },
  {
    name: '‖Ax − b‖²',
    note: '$$\\nabla_{\\mathbf{x}} \\|A\\mathbf{x}-\\mathbf{b}\\|_2^2 = %RHS%$$\n',
    rhs: '2A^T(A\\mathbf{x}-\\mathbf{b})',
    result: 'rect',
    swaps: [['A^T(A\\mathbf{x}-\\mathbf{b})', '(A\\mathbf{x}-\\mathbf{b})A^T']],
  },
  {
    name: '‖Ax − b‖², expanded',
    note: 'Expanding the square, $$\\frac{\\partial}{\\partial \\mathbf{x}}\\|A\\mathbf{x}-\\mathbf{b}\\|^2 = %RHS%$$\n',
    rhs: '2A^TA\\mathbf{x} - 2A^T\\mathbf{b}',
    result: 'rect',
    swaps: [['A^TA', 'AA^T']],
  },
  {
    name: '‖AXB − C‖_F²',
    note: 'Let $A\\in\\mathbb{R}^{m\\times n}$, $X\\in\\mathbb{R}^{n\\times p}$, $B\\in\\mathbb{R}^{p\\times q}$, $C\\in\\mathbb{R}^{m\\times q}$.\n$$\\frac{\\partial}{\\partial X}\\left\\|AXB - C\\right\\|_F^2 = %RHS%$$\n',
    rhs: '2A^T(AXB - C)B^T',
    result: 'rect',
    swaps: [['A^T(AXB - C)B^T', 'B^T(AXB - C)A^T']],
  },
  {
    name: '½‖Xw − y‖² with a definition',
    note: '$$J(\\mathbf{w}) = \\tfrac{1}{2}\\|X\\mathbf{w} - \\mathbf{y}\\|_2^2$$\n$$\\nabla J(\\mathbf{w}) = %RHS%$$\n',
    rhs: 'X^T(X\\mathbf{w} - \\mathbf{y})',
    result: 'rect',
  },
];

const NMF: Identity[] = [
  {
    name: 'NMF Euclidean, ∂/∂W',
    note: 'The Euclidean NMF objective\n$$f(W, H) = \\|A - WH\\|_F^2$$\nwith $A \\in \\mathbb{R}^{m\\times n}$, $W\\in\\mathbb{R}^{m\\times r}$, $H\\in\\mathbb{R}^{r\\times n}$ has\n$$\\nabla_W f = %RHS%$$\n',
    rhs: '-2(A - WH)H^T',
    result: 'rect',
    swaps: [['(A - WH)H^T', 'H^T(A - WH)']],
  },
  {
    name: 'NMF Euclidean, ∂/∂H',
    note: 'The Euclidean NMF objective\n$$f(W, H) = \\|A - WH\\|_F^2$$\nwith $A \\in \\mathbb{R}^{m\\times n}$, $W\\in\\mathbb{R}^{m\\times r}$, $H\\in\\mathbb{R}^{r\\times n}$ has\n$$\\nabla_H f = %RHS%$$\n',
    rhs: '2W^TWH - 2W^TA',
    result: 'rect',
    swaps: [['W^TWH', 'WW^TH']],
  },
  {
    name: 'NMF Euclidean, the multiplicative-update split',
    note: '$$\\frac{\\partial}{\\partial W}\\|V - WH\\|_F^2 = %RHS%$$\nwhere $V$ is $m\\times n$ and $W$ is $m\\times k$.\n',
    rhs: '2WHH^T - 2VH^T',
    result: 'rect',
    swaps: [['WHH^T', 'HH^TW']],
  },
  {
    name: 'NMF KL, the seed answer’s gradient',
    note: '$$\\phi = A:\\log\\left(\\frac{A}{B^TXC}\\right)$$\n$$\\frac{\\partial\\phi}{\\partial X} = %RHS%$$\n',
    rhs: '-B\\left(\\frac{A}{B^TXC}\\right)C^T',
    result: 'rect',
    swaps: [['-B\\left(\\frac{A}{B^TXC}\\right)C^T', '-C^T\\left(\\frac{A}{B^TXC}\\right)B']],
  },
  {
    name: 'NMF KL, the seed answer’s differential',
    note: 'With a square $X \\in \\mathbb{R}^{k\\times k}$,\n$$\\phi = A:\\log\\left(\\frac{A}{B^TXC}\\right)$$\n$$d\\phi = %RHS% : dX$$\n',
    rhs: '-B\\left(\\frac{A}{B^TXC}\\right)C^T',
    result: 'square',
  },
  {
    name: 'NMF KL (generalized divergence), ∂/∂W',
    note: 'The generalized KL divergence\n$$D = \\sum_{i,j}\\left(A\\odot\\log\\frac{A}{WH} - A + WH\\right)$$\nhas, with $\\mathbf{1}$ the matrix of ones,\n$$\\frac{\\partial D}{\\partial W} = %RHS%$$\n',
    rhs: '\\mathbf{1}H^T - \\frac{A}{WH}H^T',
    result: 'rect',
  },
  {
    name: 'NMF KL (generalized divergence), ∂/∂H',
    note: '$$D = \\sum_{i,j}\\left(A\\odot\\log\\frac{A}{WH} - A + WH\\right)$$\n$$\\frac{\\partial D}{\\partial H} = %RHS%$$\n',
    rhs: 'W^T\\left(1 - \\frac{A}{WH}\\right)',
    result: 'rect',
    swaps: [['W^T\\left(1 - \\frac{A}{WH}\\right)', '\\left(1 - \\frac{A}{WH}\\right)W^T']],
  },
  {
    name: 'Itakura–Saito, ∂/∂W',
    note: 'The Itakura–Saito divergence of $V$ from $WH$,\n$$D_{IS} = \\sum_{i,j}\\left(\\frac{V}{WH} - \\log\\frac{V}{WH} - 1\\right),$$\nhas\n$$\\nabla_W D_{IS} = %RHS%$$\n',
    rhs: '\\frac{WH - V}{(WH)\\odot(WH)}H^T',
    result: 'rect',
  },
  {
    name: 'Itakura–Saito, ∂/∂H',
    note: '$$D_{IS} = \\sum_{i,j}\\left(\\frac{V}{WH} - \\log\\frac{V}{WH} - 1\\right)$$\n$$\\nabla_H D_{IS} = %RHS%$$\n',
    rhs: 'W^T\\left(\\frac{1}{WH} - \\frac{V}{(WH)\\odot(WH)}\\right)',
    result: 'rect',
  },
];

const REGRESSION: Identity[] = [
  {
    name: 'least squares',
    note: '$$L(\\boldsymbol{\\beta}) = \\|\\mathbf{y} - X\\boldsymbol{\\beta}\\|^2$$\n$$\\frac{\\partial L}{\\partial \\boldsymbol{\\beta}} = %RHS%$$\n',
    rhs: '-2X^T(\\mathbf{y} - X\\boldsymbol{\\beta})',
    result: 'rect',
  },
  {
    name: 'ridge regression',
    note: '$$L(\\mathbf{w}) = \\|X\\mathbf{w} - \\mathbf{y}\\|^2 + \\lambda\\|\\mathbf{w}\\|^2$$\n$$\\nabla L(\\mathbf{w}) = %RHS%$$\n',
    rhs: '2X^T(X\\mathbf{w}-\\mathbf{y}) + 2\\lambda\\mathbf{w}',
    result: 'rect',
    swaps: [['X^T(X\\mathbf{w}-\\mathbf{y})', '(X\\mathbf{w}-\\mathbf{y})X^T']],
  },
  {
    name: 'multi-output ridge',
    note: 'Let $X\\in\\mathbb{R}^{n\\times p}$, $W \\in\\mathbb{R}^{p \\times c}$, $Y \\in \\mathbb{R}^{n\\times c}$.\n$$\\nabla_W \\left(\\|XW - Y\\|_F^2 + \\lambda\\|W\\|_F^2\\right) = %RHS%$$\n',
    rhs: '2X^T(XW - Y) + 2\\lambda W',
    result: 'rect',
  },
  {
    name: 'logistic regression, labels in {0, 1}',
    note: '$$\\ell(\\mathbf{w}) = -\\mathbf{y}^T\\log\\sigma(X\\mathbf{w}) - (\\mathbf{1}-\\mathbf{y})^T\\log(\\mathbf{1}-\\sigma(X\\mathbf{w}))$$\n$$\\nabla_{\\mathbf{w}}\\ell = %RHS%$$\n',
    rhs: 'X^T(\\sigma(X\\mathbf{w}) - \\mathbf{y})',
    result: 'rect',
  },
  {
    name: 'logistic regression, labels ±1, vectorised',
    note: 'With labels in $\\{-1, 1\\}$ stacked in $\\mathbf{y}$:\n$$\\ell(\\mathbf{w}) = \\mathbf{1}^T\\log\\left(1 + \\exp(-\\mathbf{y}\\odot (X\\mathbf{w}))\\right)$$\n$$\\nabla_{\\mathbf{w}}\\ell = %RHS%$$\n',
    rhs: '-X^T(\\mathbf{y}\\odot\\sigma(-\\mathbf{y}\\odot (X\\mathbf{w})))',
    result: 'rect',
  },
  {
    name: 'logistic regression, a sum over examples',
    note: '$$\\ell(\\mathbf{w}) = \\sum_{i=1}^n \\log\\left(1 + \\exp(-y_i \\mathbf{w}^T\\mathbf{x}_i)\\right)$$\n$$\\nabla\\ell(\\mathbf{w}) = %RHS%$$\n',
    rhs: '-\\sum_{i=1}^n y_i\\,\\sigma(-y_i\\mathbf{w}^T\\mathbf{x}_i)\\,\\mathbf{x}_i',
    result: 'rect',
  },
  {
    name: 'softmax cross-entropy, any y',
    note: 'For a target $\\mathbf{y}$ (not necessarily summing to one),\n$$\\ell(W) = -\\mathbf{y}^T\\log\\operatorname{softmax}(W\\mathbf{x})$$\n$$\\nabla_W \\ell = %RHS%$$\n',
    rhs: '\\left(\\mathbf{1}^T\\mathbf{y}\\,\\operatorname{softmax}(W\\mathbf{x}) - \\mathbf{y}\\right)\\mathbf{x}^T',
    result: 'rect',
    swaps: [
      [
        '\\left(\\mathbf{1}^T\\mathbf{y}\\,\\operatorname{softmax}(W\\mathbf{x}) - \\mathbf{y}\\right)\\mathbf{x}^T',
        '\\mathbf{x}^T\\left(\\mathbf{1}^T\\mathbf{y}\\,\\operatorname{softmax}(W\\mathbf{x}) - \\mathbf{y}\\right)',
      ],
    ],
  },
  {
    name: 'softmax cross-entropy, wrt the logits',
    note: '$$\\frac{\\partial}{\\partial \\mathbf{z}}\\left(-\\mathbf{y}^T\\log\\operatorname{softmax}(\\mathbf{z})\\right) = %RHS%$$\n',
    rhs: '(\\mathbf{1}^T\\mathbf{y})\\operatorname{softmax}(\\mathbf{z}) - \\mathbf{y}',
    result: 'rect',
  },
  {
    name: 'log-sum-exp',
    note: '$$\\frac{\\partial}{\\partial \\mathbf{x}}\\log(\\mathbf{1}^T\\exp(\\mathbf{x})) = %RHS%$$\n',
    rhs: '\\frac{\\exp(\\mathbf{x})}{\\mathbf{1}^T\\exp(\\mathbf{x})}',
    result: 'rect',
  },
];

const SPD: Identity[] = [
  {
    name: 'log det Σ, Σ ≻ 0 (plain gradient)',
    note: 'Let $\\Sigma \\succ 0$. $$\\frac{\\partial \\log\\det\\Sigma}{\\partial \\Sigma} = %RHS%$$\n',
    rhs: '\\Sigma^{-1}',
    result: 'symmetric',
  },
  {
    name: 'log det Σ, over the independent entries of a symmetric Σ',
    note: 'For symmetric positive definite $\\Sigma \\in \\mathbb{S}^n_{++}$, counting each off-diagonal entry once,\n$$\\frac{\\partial \\log\\det\\Sigma}{\\partial \\Sigma} = %RHS%$$\n',
    rhs: '2\\Sigma^{-1} - \\Sigma^{-1}\\circ I',
    result: 'symmetric',
    diagnosis: 'symmetric-independent-entries',
  },
  {
    name: 'Gaussian log-likelihood in Σ',
    note: 'Let $\\Sigma \\in \\mathbb{S}^n_{++}$ and $\\mathbf{x}\\in\\mathbb{R}^n$.\n$$\\ell(\\Sigma) = -\\frac{1}{2}\\log\\det\\Sigma - \\frac{1}{2}\\mathbf{x}^T\\Sigma^{-1}\\mathbf{x}$$\n$$\\frac{\\partial \\ell}{\\partial\\Sigma} = %RHS%$$\n',
    rhs: '-\\frac{1}{2}\\Sigma^{-1} + \\frac{1}{2}\\Sigma^{-1}\\mathbf{x}\\mathbf{x}^T\\Sigma^{-1}',
    result: 'symmetric',
    swaps: [
      [
        '\\Sigma^{-1}\\mathbf{x}\\mathbf{x}^T\\Sigma^{-1}',
        '\\mathbf{x}\\mathbf{x}^T\\Sigma^{-1}\\Sigma^{-1}',
      ],
    ],
  },
  {
    name: 'Gaussian log-likelihood, N samples with a scatter matrix',
    note: 'Let $\\Sigma \\succ 0$ be $n\\times n$ and $S \\in \\mathbb{S}^n$ the scatter matrix of $N \\in \\mathbb{R}$ samples.\n$$\\mathcal{L}(\\Sigma) = -\\frac{N}{2}\\log\\det\\Sigma - \\frac{1}{2}\\operatorname{tr}(\\Sigma^{-1}S)$$\n$$\\nabla_\\Sigma \\mathcal{L} = %RHS%$$\n',
    rhs: '-\\frac{N}{2}\\Sigma^{-1} + \\frac{1}{2}\\Sigma^{-1}S\\Sigma^{-1}',
    result: 'symmetric',
    swaps: [['\\Sigma^{-1}S\\Sigma^{-1}', 'S\\Sigma^{-1}\\Sigma^{-1}']],
  },
];

const ELEMENTWISE: Identity[] = [
  {
    name: 'tr(Aᵀ(X ⊙ X))',
    note: '$$\\frac{\\partial}{\\partial X} \\operatorname{tr}(A^T(X\\odot X)) = %RHS%$$\n',
    rhs: '2A\\odot X',
    result: 'rect',
  },
  {
    name: '‖A ⊙ X − B‖_F²',
    note: '$$\\frac{\\partial}{\\partial X}\\left\\|A\\odot X - B\\right\\|_F^2 = %RHS%$$\n',
    rhs: '2A\\odot(A\\odot X - B)',
    result: 'rect',
  },
  {
    name: 'Σ exp(X)',
    note: '$$\\frac{\\partial}{\\partial X} \\sum_{i,j} \\exp(X) = %RHS%$$ with $X$ an $m\\times n$ matrix.\n',
    rhs: '\\exp(X)',
    result: 'rect',
  },
  {
    name: '1ᵀ log x',
    note: 'For $\\mathbf{x} \\in \\mathbb{R}^n_{++}$: $$\\frac{\\partial}{\\partial \\mathbf{x}} \\mathbf{1}^T\\log\\mathbf{x} = %RHS%$$\n',
    rhs: '\\frac{\\mathbf{1}}{\\mathbf{x}}',
    result: 'rect',
  },
  {
    name: 'Σ σ(X)',
    note: '$$\\frac{\\partial}{\\partial X} \\sum_{i,j} \\sigma(X) = %RHS%$$\n',
    rhs: '\\sigma(X)\\odot(1 - \\sigma(X))',
    result: 'rect',
  },
  {
    name: '‖tanh X‖_F²',
    note: '$$\\frac{\\partial}{\\partial X} \\|\\tanh(X)\\|_F^2 = %RHS%$$\n',
    rhs: '2\\tanh(X)\\odot(1 - \\tanh(X)\\odot\\tanh(X))',
    result: 'rect',
  },
  {
    name: 'A : log(X), positive X',
    note: 'Let $X \\in \\mathbb{R}_{++}^{m\\times n}$. $$\\nabla_X\\, A : \\log X = %RHS%$$\n',
    rhs: '\\frac{A}{X}',
    result: 'rect',
  },
  {
    name: '1ᵀ√x',
    note: '$$\\frac{\\partial}{\\partial \\mathbf{x}}\\mathbf{1}^T\\sqrt{\\mathbf{x}} = %RHS%$$\n',
    rhs: '\\frac{1}{2}\\frac{\\mathbf{1}}{\\sqrt{\\mathbf{x}}}',
    result: 'rect',
  },
  {
    name: 'a one-layer network ‖σ(Wx) − y‖²',
    note: '$$E(W) = \\|\\sigma(W\\mathbf{x}) - \\mathbf{y}\\|^2$$\n$$\\frac{\\partial E}{\\partial W} = %RHS%$$\n',
    rhs: '2\\left((\\sigma(W\\mathbf{x}) - \\mathbf{y})\\odot\\sigma(W\\mathbf{x})\\odot(1 - \\sigma(W\\mathbf{x}))\\right)\\mathbf{x}^T',
    result: 'rect',
  },
];

const KRONECKER_DIAG: Identity[] = [
  {
    name: '‖A ⊗ X‖_F²',
    note: '$$\\frac{\\partial}{\\partial X} \\|A\\otimes X\\|_F^2 = %RHS%$$\n',
    rhs: '2\\|A\\|_F^2 X',
    result: 'rect',
  },
  {
    name: 'vec(X)ᵀ(B ⊗ A)vec(X)',
    note: 'For square $A$, $B$, $X$ ($n\\times n$), since $(B\\otimes A)\\operatorname{vec}(X)$ stacks the columns of $AXB^T$,\n$$\\frac{\\partial}{\\partial X} \\operatorname{vec}(X)^T(B\\otimes A)\\operatorname{vec}(X) = %RHS%$$\n',
    rhs: 'AXB^T + A^TXB',
    result: 'square',
    swaps: [['AXB^T', 'B^TXA']],
  },
  {
    name: 'vec(Y)ᵀ(Bᵀ ⊗ A)vec(X) = ⟨Y, AXB⟩',
    note: 'Let $A\\in\\mathbb{R}^{m\\times n}$, $X\\in\\mathbb{R}^{n\\times p}$, $B\\in\\mathbb{R}^{p\\times q}$, $Y\\in\\mathbb{R}^{m\\times q}$.\n$$\\frac{\\partial}{\\partial X}\\operatorname{vec}(Y)^T(B^T\\otimes A)\\operatorname{vec}(X) = %RHS%$$\n',
    rhs: 'A^TYB^T',
    result: 'rect',
    swaps: [['A^TYB^T', 'B^TYA^T']],
  },
  {
    name: 'tr(A diag(x))',
    note: '$$\\frac{\\partial}{\\partial \\mathbf{x}} \\operatorname{tr}(A\\operatorname{diag}(\\mathbf{x})) = %RHS%$$\n',
    rhs: '\\operatorname{diag}(A)',
    result: 'rect',
  },
  {
    name: 'xᵀ diag(a) x',
    note: '$$\\frac{\\partial}{\\partial \\mathbf{x}} \\mathbf{x}^T\\operatorname{diag}(\\mathbf{a})\\mathbf{x} = %RHS%$$\n',
    rhs: '2\\mathbf{a}\\odot\\mathbf{x}',
    result: 'rect',
  },
  {
    name: '‖diag(X)‖²',
    note: '$$\\frac{\\partial}{\\partial X} \\|\\operatorname{diag}(X)\\|^2 = %RHS%$$\n',
    rhs: '2 X\\odot I',
    result: 'symmetric',
  },
  {
    name: 'diag(x) A diag(x), a quadratic form',
    note: 'Let $\\mathbf{x}\\in\\mathbb{R}^n$, $A\\in\\mathbb{R}^{n\\times n}$. $$\\nabla_{\\mathbf{x}}\\,\\mathbf{1}^T\\operatorname{diag}(\\mathbf{x})A\\operatorname{diag}(\\mathbf{x})\\mathbf{1} = %RHS%$$\n',
    rhs: '(A + A^T)\\mathbf{x}',
    result: 'rect',
  },
];

const CHAINS: Identity[] = [
  {
    name: 'an align chain for tr(XᵀAX), step by step',
    note: [
      '\\def\\tr{\\operatorname{tr}}',
      'Let $X \\in \\mathbb{R}^{n\\times k}$, $A \\in \\mathbb{R}^{n\\times n}$ and $\\phi = \\tr(X^TAX)$.',
      '\\begin{align}',
      'd\\phi &= \\tr(dX^T AX) + \\tr(X^TA\\,dX) \\\\',
      '&= \\tr(X^TA^TdX) + \\tr(X^TA\\,dX) \\\\',
      '&= \\tr\\left(%RHS%\\,dX\\right)',
      '\\end{align}',
      '',
    ].join('\n'),
    rhs: 'X^T(A + A^T)',
    result: 'rect',
    swaps: [['X^T(A + A^T)', '(A + A^T)X^T']],
  },
  {
    name: 'least squares by differentials, df = gᵀdx',
    note: [
      'Let $f(\\mathbf{x}) = \\|A\\mathbf{x} - \\mathbf{b}\\|^2 = (A\\mathbf{x}-\\mathbf{b})^T(A\\mathbf{x}-\\mathbf{b})$.',
      '$$\\eqalign{',
      'df &= 2(A\\mathbf{x}-\\mathbf{b})^T A\\,d\\mathbf{x} \\\\',
      '   &= \\left(%RHS%\\right)^T d\\mathbf{x} \\\\',
      '}$$',
      '',
    ].join('\n'),
    rhs: '2A^T(A\\mathbf{x} - \\mathbf{b})',
    result: 'rect',
  },
  {
    name: 'NMF Euclidean by differentials, df = tr(Gᵀ dW)',
    note: [
      'With $A, W, H \\in \\mathbb{R}^{n\\times n}$, $f = \\|A - WH\\|_F^2$ and $E = A - WH$:',
      '$$\\begin{aligned}',
      'df &= -2E : dW\\,H \\\\',
      '   &= \\operatorname{tr}\\left((%RHS%)^T dW\\right)',
      '\\end{aligned}$$',
      '',
    ].join('\n'),
    rhs: '-2EH^T',
    result: 'square',
    swaps: [['EH^T', 'H^TE']],
  },
  {
    name: 'a definition, then ∇f(W) in a chain',
    note: '$$f(W) = \\operatorname{tr}(W^TAW) + \\mathbf{b}^TW\\mathbf{c}$$\n$$\\nabla f(W) = AW + A^TW + \\mathbf{b}\\mathbf{c}^T = %RHS%$$\nwith $W \\in \\mathbb{R}^{n\\times p}$.\n',
    rhs: '(A + A^T)W + \\mathbf{b}\\mathbf{c}^T',
    result: 'rect',
    swaps: [['(A + A^T)W', 'W(A + A^T)']],
  },
  {
    name: 'chain rule through a definition',
    note: '$$\\mathbf{z} = W\\mathbf{x} + \\mathbf{b}$$\n$$\\frac{\\partial}{\\partial W}\\frac{1}{2}\\|\\mathbf{z}\\|^2 = %RHS%$$\n',
    rhs: '(W\\mathbf{x} + \\mathbf{b})\\mathbf{x}^T',
    result: 'rect',
    swaps: [
      ['(W\\mathbf{x} + \\mathbf{b})\\mathbf{x}^T', '\\mathbf{x}^T(W\\mathbf{x} + \\mathbf{b})'],
    ],
  },
];

const CATALOGUE: [string, Identity[]][] = [
  ['traces', TRACES],
  ['determinants', DETERMINANTS],
  ['inverses', INVERSES],
  ['quadratic forms', QUADRATIC],
  ['norms', NORMS],
  ['NMF and divergences', NMF],
  ['regression and classification', REGRESSION],
  ['symmetric positive definite', SPD],
  ['elementwise', ELEMENTWISE],
  ['Kronecker and diag', KRONECKER_DIAG],
  ['derivation chains', CHAINS],
];

for (const [group, identities] of CATALOGUE) {
  void describe(`catalogue: ${group}`, () => {
    for (const identity of identities) {
      void describe(identity.name, () => {
        void test(`correct: ${identity.rhs}`, () => checkCorrect(identity));
        for (const mutant of mutantsOf(identity)) {
          void test(`${mutant.kind} mutant: ${mutant.rhs}`, () => checkMutant(identity, mutant));
        }
      });
    }
  });
}

void test('the catalogue has at least 60 identities', () => {
  const count = CATALOGUE.reduce((n, [, identities]) => n + identities.length, 0);
  assert.ok(count >= 60, `only ${count} identities`);
});

void test('mutant generation: terms, signs, factors', () => {
  assert.deepEqual(topLevelTerms('2A - B^T(C + D)'), ['2A', '- B^T(C + D)']);
  assert.deepEqual(topLevelTerms('-X^{-T}A^TB^TX^{-T}'), ['-X^{-T}A^TB^TX^{-T}']);
  assert.deepEqual(topLevelTerms('\\left\\|A - B\\right\\|_F^2 + c'), [
    '\\left\\|A - B\\right\\|_F^2',
    '+ c',
  ]);
  assert.deepEqual(topLevelTerms('2\\|A\\|_F^2 X - \\frac{a - b}{c}'), [
    '2\\|A\\|_F^2 X',
    '- \\frac{a - b}{c}',
  ]);
  assert.equal(flipSign('-2X'), '2X');
  assert.equal(flipSign('A^T'), '-A^T');
  assert.equal(flipSign('A + B'), '-\\left(A + B\\right)');
  assert.equal(scaleBy('2X', '2'), '2\\left(2X\\right)');
  assert.equal(scaleBy('-X^{-T}', '2'), '-2X^{-T}');
  assert.equal(transposed('A'), 'A^T');
});

// ── the seed example and the cases around the catalogue ───────────────────────────────

void describe('catalogue: the seed example', () => {
  void test('seed answer: every finding ok, none mismatched, unsupported or a shape error', () => {
    const findings = analyze(
      readFileSync(new URL('../fixtures/seed-answer.md', import.meta.url), 'utf8'),
    );
    const report = describeFindings(findings);
    assert.ok(findings.length > 0);
    for (const f of findings) assert.equal(f.verdict, 'ok', report);
    assert.equal(findings.filter((f) => f.kind === 'definition').length, 1, report);
    assert.ok(
      findings.some((f) => f.kind === 'gradient'),
      report,
    );
    assert.ok(
      findings.some((f) => f.kind === 'differential'),
      report,
    );
  });

  void test('seed question: exactly one shape error, on the gradient claim', () => {
    const findings = analyze(
      readFileSync(new URL('../fixtures/seed-question.md', import.meta.url), 'utf8'),
    );
    const shapeErrors = findings.filter((f) => f.verdict === 'shape-error');
    assert.equal(shapeErrors.length, 1, describeFindings(findings));
    assert.equal(shapeErrors[0].kind, 'gradient');
    assert.equal(shapeErrors[0].severity, 'error');
    assert.ok(!findings.some((f) => f.verdict === 'mismatch'), describeFindings(findings));
  });
});

void describe('catalogue: domains', () => {
  void test('a log of a quantity of unknown sign is unsupported (domain), never a mismatch', () => {
    const findings = analyze('$$\\frac{\\partial}{\\partial x}\\log(x - y) = \\frac{1}{x - y}$$\n');
    const claim = findings.find((f) => f.kind === 'gradient');
    assert.ok(claim, describeFindings(findings));
    assert.equal(claim.verdict, 'unsupported', describeFindings(findings));
    assert.equal(claim.code, 'gradlens.domain');
  });

  void test('a wrong claim about such a log is not called a mismatch either', () => {
    const findings = analyze(
      '$$\\frac{\\partial}{\\partial X}\\sum_{i,j}\\log(X - A) = \\frac{2}{X - A}$$\n',
    );
    const claim = findings.find((f) => f.kind === 'gradient');
    assert.ok(claim, describeFindings(findings));
    assert.equal(claim.verdict, 'unsupported', describeFindings(findings));
    assert.equal(claim.code, 'gradlens.domain');
  });
});

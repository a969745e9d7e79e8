// Second order (core/derive/hessian.ts): for each objective family the derived Hessian verifies
// as the claim ∇²_w f = H (central differences of the autodiff gradient), is no larger than the
// textbook form, prints in the note's notation and parses back to the same expression; a
// wrong Hessian claim gets the derived Hessian as its verified suggestion (core, worker, CLI);
// a Hessian that is a tensor says so with a typed reason. Asserted on data, never on wording.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import { HESSIAN_TOLERANCE } from '../../src/core/check/numericCheck';
import { objectiveAtLine } from '../../src/core/derive/atLine';
import { DERIVE_STEPS, gradientClaimParts, isDerivation } from '../../src/core/derive/derive';
import { suggestionFor, withSuggestions } from '../../src/core/derive/fix';
import { applyFix, deriveFixes } from '../../src/extension/deriveFix';
import {
  deriveHessian,
  hessianClaimParts,
  type HessianResult,
} from '../../src/core/derive/hessian';
import { nodeCount } from '../../src/core/derive/nodes';
import { printLatex } from '../../src/core/derive/printLatex';
import { DEFAULT_STYLE, type NoteStyle } from '../../src/core/derive/style';
import { verifyGradient } from '../../src/core/derive/verify';
import type { Expr } from '../../src/core/latex/ast';
import { readDocument, type ReadDocument } from '../../src/core/read';
import type { Finding, Report } from '../../src/core/report';
import { attachSuggestions } from '../../src/worker/run';
import { CATALOGUE, RHS } from '../fixtures/catalogue';
import { HESSIAN_FAMILIES, objectiveOf } from '../fixtures/hessians';

function note(text: string): ReadDocument {
  return readDocument({ uri: 'mem://hessian.md', version: 1, language: 'markdown', text });
}

function parseLatex(latex: string): Expr {
  const chain = note(`$$ ${latex} $$\n`).statements[0]?.chain;
  assert.ok(chain, `cannot parse ${latex}`);
  return chain.operands[0];
}

function derive(text: string, wrt = 'w'): { read: ReadDocument; result: HessianResult } {
  const read = note(text);
  const found = objectiveOf(read);
  assert.ok(found, 'the note defines an objective');
  return { read, result: deriveHessian(read, found.objective, wrt, found.at) };
}

const OTHER_STYLE: NoteStyle = {
  ...DEFAULT_STYLE,
  transpose: '^\\top',
  divide: 'frac',
  hadamard: '\\circ',
  frobenius: 'angle',
};

void describe('Hessian: each objective family', () => {
  for (const family of HESSIAN_FAMILIES) {
    void test(family.name, () => {
      const { read, result } = derive(family.note);
      assert.ok(isDerivation(result), JSON.stringify(result));
      assert.ok(result.relError < HESSIAN_TOLERANCE, `relative error ${result.relError}`);
      assert.ok(result.steps > 0 && result.steps <= DERIVE_STEPS);
      // no larger than the textbook form (tanh − tanh^∘3 is smaller than tanh ⊙ (1 − tanh^∘2)),
      // and the textbook form is itself a true claim
      assert.ok(result.nodes <= nodeCount(parseLatex(family.textbook)), result.latex);
      const found = objectiveOf(read)!;
      const lhs = `\\nabla^2_{w} \\left(${read.document.text.slice(found.objective.span.start, found.objective.span.end)}\\right)`;
      assert.equal(verifyGradient(read, found.at, lhs, family.textbook).verdict, 'ok');
      // printed, parsed back and printed again: the same LaTeX, the same tree size
      const printed = printLatex(result.expr);
      assert.equal(printLatex(parseLatex(printed)), printed);
      assert.equal(nodeCount(parseLatex(result.latex)), result.nodes);
      // in another notation it still verifies: the printer's spellings agree in value
      const other = verifyGradient(read, found.at, lhs, printLatex(result.expr, OTHER_STYLE));
      assert.equal(other.verdict, 'ok', other.message);
      // the derived Hessian is no single-point accident: in the note, as a claim, it holds
      const claimed = `${read.document.text}\n$$ ${lhs.replace('\\nabla^2_{w}', '\\nabla^2_w')} = ${result.latex} $$\n`;
      const hessians = analyzeDocument({ ...read.document, text: claimed }).findings.filter(
        (f) => f.kind === 'gradient',
      );
      assert.deepEqual(
        hessians.map((f) => f.verdict),
        ['ok'],
      );
    });
  }
});

void describe('Hessian: written as the note writes', () => {
  test('the logistic-regression example: bold w, ^T, σ(Xw) ⊙ (1 − σ(Xw)) inside diag', () => {
    const text = readFileSync(
      join(__dirname, '..', '..', 'examples', 'logistic-regression.md'),
      'utf8',
    );
    const read = note(text);
    const found = objectiveAtLine(read, 5)!;
    const result = deriveHessian(read, found.objective, 'w', found.at);
    assert.ok(isDerivation(result), JSON.stringify(result));
    assert.ok(result.latex.includes('\\mathbf{w}'));
    assert.ok(!result.latex.includes('^\\top'));
    const diag = result.expr;
    // Xᵀ · diag(…) · X
    assert.ok(diag.type === 'binary' && diag.op === 'mul' && diag.right.type === 'symbol');
    const middle = (diag.left as Extract<Expr, { type: 'binary' }>).right;
    assert.ok(middle.type === 'call' && middle.fn === 'diag');
    assert.ok(middle.args[0].type === 'binary' && middle.args[0].op === 'hadamard');
  });

  test('the ridge example (^\\top): XᵀX + λI', () => {
    const text = readFileSync(
      join(__dirname, '..', '..', 'examples', 'least-squares-ridge.md'),
      'utf8',
    );
    const read = note(text);
    const found = objectiveAtLine(read, 5)!;
    const result = deriveHessian(read, found.objective, 'w', found.at);
    assert.ok(isDerivation(result), JSON.stringify(result));
    assert.ok(result.latex.includes('^\\top'));
    assert.equal(result.nodes, nodeCount(parseLatex('X^\\top X + \\lambda I')));
  });

  test('a symmetric A (the note says so) gives 2A, an A of no stated kind A + Aᵀ', () => {
    const plain = derive('<!-- gradlens: A n×n, w n -->\n\n$$ f(w) = w^T A w $$\n').result;
    const symmetric = derive(
      '<!-- gradlens: A n×n, w n, A symmetric -->\n\n$$ f(w) = w^T A w $$\n',
    ).result;
    assert.ok(isDerivation(plain) && isDerivation(symmetric));
    assert.equal(plain.nodes, nodeCount(parseLatex('A + A^T')));
    assert.equal(symmetric.nodes, nodeCount(parseLatex('2A')));
  });
});

void describe('Hessian: what is not a matrix expression says so', () => {
  test('a matrix variable: a tensor of order 4', () => {
    const { result } = derive(
      'With $X \\in \\mathbb{R}^{n \\times d}$,\n\n$$ f(X) = \\operatorname{tr}(X^T X) $$\n',
      'X',
    );
    assert.ok(!isDerivation(result));
    assert.equal(result.unsupported.kind, 'tensor');
  });

  test('a vector objective: its second derivative is a tensor', () => {
    const { result } = derive(
      'With $A \\in \\mathbb{R}^{n \\times d}$, $w \\in \\mathbb{R}^d$,\n\n$$ f(w) = A\\exp(w) $$\n',
    );
    assert.ok(!isDerivation(result));
    assert.equal(result.unsupported.kind, 'tensor');
  });

  test('a Hessian that is no product of matrices (‖w‖²w) is unsupported, never a guess', () => {
    const { result } = derive('With $a, w \\in \\mathbb{R}^d$,\n\n$$ f(w) = (w^T w)(a^T w) $$\n');
    // either it derives and verifies, or it says it could not; it never returns a wrong matrix
    if (isDerivation(result)) assert.ok(result.relError < HESSIAN_TOLERANCE);
    else assert.ok(['unsupported', 'not-verified'].includes(result.unsupported.kind));
  });

  test('a linear objective: the Hessian is 0, reported, not printed as a matrix', () => {
    const { result } = derive('With $a, w \\in \\mathbb{R}^d$,\n\n$$ f(w) = a^T w $$\n');
    assert.ok(!isDerivation(result));
    assert.equal(result.unsupported.kind, 'unsupported');
  });
});

void describe('Hessian: every gradient objective of the catalogue', () => {
  test('derives a verified Hessian or says why (tensor, unsupported); never a wrong one', () => {
    const kinds: Record<string, number> = {};
    for (const [, identities] of CATALOGUE)
      for (const identity of identities) {
        const read = note(identity.note.replace(RHS, identity.rhs));
        for (const statement of read.statements)
          for (const step of statement.steps) {
            if (step.kind !== 'gradient') continue;
            const parts = gradientClaimParts(step.lhs);
            if (!parts) continue;
            const at = statement.chain!.span.start;
            const result = deriveHessian(read, parts.objective, parts.wrt, at);
            const kind = isDerivation(result) ? 'derived' : result.unsupported.kind;
            kinds[kind] = (kinds[kind] ?? 0) + 1;
            if (isDerivation(result)) assert.ok(result.relError < HESSIAN_TOLERANCE);
          }
      }
    // a derivation that does not verify would be a wrong Hessian caught only by the check
    assert.equal(kinds['not-verified'], undefined, JSON.stringify(kinds));
    assert.ok((kinds.derived ?? 0) >= 18, JSON.stringify(kinds));
    assert.ok((kinds.tensor ?? 0) >= 50, JSON.stringify(kinds));
  });
});

const WRONG = `With $X \\in \\mathbb{R}^{n \\times d}$, $y \\in \\mathbb{R}^n$ and $w \\in \\mathbb{R}^d$,

$$L(w) = -y^T \\log \\sigma(Xw) - (\\mathbf{1} - y)^T \\log(\\mathbf{1} - \\sigma(Xw))$$

$$\\nabla^2_w L = X^T \\operatorname{diag}(\\sigma(Xw)) X$$
`;

function hessianClaims(text: string): Finding[] {
  return analyzeDocument({ uri: 'n.md', version: 1, language: 'markdown', text }).findings.filter(
    (f) => f.kind === 'gradient',
  );
}

void describe('Hessian: a wrong Hessian claim gets the derived Hessian', () => {
  test('core: the suggestion is derived and verified, and applied the claim holds', () => {
    const read = note(WRONG);
    const claims = read.statements.flatMap((s) => s.steps).filter((s) => s.kind === 'gradient');
    assert.equal(claims.length, 1);
    assert.ok(claims[0].kind === 'gradient' && hessianClaimParts(claims[0].lhs));
    const [finding] = hessianClaims(WRONG);
    assert.equal(finding.verdict, 'mismatch');
    const fix = suggestionFor(read, finding);
    assert.ok(fix);
    assert.equal(fix.kind, 'derived');
    assert.ok(fix.relError < HESSIAN_TOLERANCE);
    const fixed = WRONG.slice(0, fix.start) + fix.written + WRONG.slice(fix.end);
    assert.deepEqual(
      hessianClaims(fixed).map((f) => f.verdict),
      ['ok'],
    );
    // withSuggestions (the CLI's --json) carries the same suggestion
    const [withOne] = withSuggestions(read, [finding]);
    assert.equal(withOne.suggestion?.latex, fix.latex);
  });

  test('a diagnosed factor gets the smallest edit, which holds', () => {
    const text = '$$\\nabla^2_w \\|Xw - y\\|^2 = 4X^TX$$\n';
    const [finding] = hessianClaims(text);
    assert.equal(finding.verdict, 'mismatch');
    const fix = suggestionFor(note(text), finding);
    assert.equal(fix?.kind, 'scale');
    const fixed = text.slice(0, fix.start) + fix.written + text.slice(fix.end);
    assert.deepEqual(
      hessianClaims(fixed).map((f) => f.verdict),
      ['ok'],
    );
  });

  test("worker: the suggestion is attached as the editor's quick fix reads it", () => {
    const read = note(WRONG);
    const findings = attachSuggestions(read, hessianClaims(WRONG), () => false);
    assert.equal(findings[0].suggestion?.kind, 'derived');
    assert.equal(findings[0].suggestion?.range.start.line, 4);
    // marked a Hessian, so the quick fix names what it replaces the claim with
    assert.equal(findings[0].suggestion?.hessian, true);
    const fixes = deriveFixes(WRONG, findings[0]);
    assert.equal(fixes.length, 1);
    assert.equal(applyFix(WRONG, fixes[0]).includes(findings[0].suggestion!.written), true);
  });
});

void describe('Hessian: the CLI', () => {
  const root = join(__dirname, '..', '..');
  const cli = join(root, 'dist', 'cli.js');
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, stdout: r.stdout };
  };
  before(() => {
    execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'ignore' });
  });

  test('derive --expr --hessian: ridge, XᵀX + λI, verified', () => {
    const { code, stdout } = run([
      'derive',
      '--expr',
      '0.5 * norm(X*w - y)^2 + lambda/2 * norm(w)^2',
      '--wrt',
      'w',
      '--shapes',
      'X n×d, w d, y n',
      '--hessian',
      '--json',
    ]);
    assert.equal(code, 0);
    const out = JSON.parse(stdout) as { derived: boolean; order: number; latex: string };
    assert.equal(out.derived, true);
    assert.equal(out.order, 2);
    assert.equal(nodeCount(parseLatex(out.latex)), nodeCount(parseLatex('X^TX + \\lambda I')));
  });

  test('derive FILE:LINE --hessian, and a Hessian claim’s line asks for the Hessian itself', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gradlens-hessian-')), 'note.md');
    writeFileSync(path, WRONG);
    const byFlag = run(['derive', `${path}:3`, '--wrt', 'w', '--hessian', '--json']);
    const byClaim = run(['derive', `${path}:5`, '--json']);
    assert.equal(byFlag.code, 0);
    assert.equal(byClaim.code, 0);
    const a = JSON.parse(byFlag.stdout) as { latex: string; order: number };
    const b = JSON.parse(byClaim.stdout) as { latex: string; order: number };
    assert.equal(a.order, 2);
    assert.equal(b.latex, a.latex);
    // the gradient of the same line without --hessian is a vector, of another size
    const gradient = JSON.parse(run(['derive', `${path}:3`, '--wrt', 'w', '--json']).stdout) as {
      order: number;
    };
    assert.equal(gradient.order, 1);
  });

  test('derive --hessian of a matrix variable: exit 1, kind tensor', () => {
    const { code, stdout } = run([
      'derive',
      '--expr',
      "trace(X' * X)",
      '--wrt',
      'X',
      '--hessian',
      '--json',
    ]);
    assert.equal(code, 1);
    assert.equal((JSON.parse(stdout) as { kind: string }).kind, 'tensor');
  });

  test('check --json and --suggest: the wrong Hessian claim’s replacement, verified', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gradlens-hessian-')), 'note.md');
    writeFileSync(path, WRONG);
    const report = JSON.parse(run(['check', '--json', path]).stdout) as Report;
    const wrong = report.files[0].findings.filter((f) => f.verdict === 'mismatch');
    assert.equal(wrong.length, 1);
    assert.equal(wrong[0].suggestion?.kind, 'derived');
    const diff = run(['check', '--suggest', path]).stdout;
    const added = diff.split('\n').filter((l) => l.startsWith('+$$'));
    assert.equal(added.length, 1);
    // the diff's new line, checked: the Hessian claim now holds
    const lines = WRONG.split('\n');
    lines[4] = added[0].slice(1);
    assert.deepEqual(
      hessianClaims(lines.join('\n')).map((f) => f.verdict),
      ['ok'],
    );
  });
});

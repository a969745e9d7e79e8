// The naming-conventions option: what an undeclared symbol's spelling means, from the CLI,
// the settings and the worker, and that declarations always beat it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDocument } from '../../src/core/analyze';
import {
  DEFAULT_CONVENTIONS,
  resolveConventions,
  type NamingConventions,
} from '../../src/core/shape/conventions';
import { parseArgs, UsageError } from '../../src/cli/args';

function claims(text: string, conventions?: Partial<NamingConventions>) {
  return analyzeDocument(
    { uri: 't.md', version: 1, language: 'markdown', text },
    { conventions },
  ).findings.filter((f) => f.kind !== 'definition' && f.kind !== 'declaration');
}

test('resolveConventions keeps known keys with known values and names everything else', () => {
  assert.deepEqual(resolveConventions(undefined), {
    conventions: DEFAULT_CONVENTIONS,
    problems: [],
  });
  const { conventions, problems } = resolveConventions({
    lowercase: 'vector',
    uppercase: 'tensor',
    colour: 'blue',
  });
  assert.equal(conventions.lowercase, 'vector');
  assert.equal(conventions.uppercase, 'matrix', 'a bad value keeps the default');
  assert.deepEqual(problems, [
    'convention uppercase: "tensor" is not one of matrix, from-use',
    "unknown convention 'colour' (known: uppercase, greekUppercase, boldLowercase, lowercase)",
  ]);
  assert.match(resolveConventions('vector').problems[0], /must be an object/);
  assert.match(resolveConventions([1]).problems[0], /must be an object/);
});

test('lowercase=vector: a plain u is sampled as a vector, so ∇ of an elementwise map is a Jacobian', () => {
  const text = '$$\\nabla_u \\, u^T u = 2u$$ and $$\\nabla_v \\, v \\odot v = 2v$$';
  const [sum, map] = claims(text);
  assert.equal(sum.verdict, 'ok', sum.message);
  assert.equal(map.verdict, 'ok', 'from use, v ⊙ v with a scalar v is a scalar function');
  const [vecSum, vecMap] = claims(text, { lowercase: 'vector' });
  assert.equal(vecSum.verdict, 'ok', vecSum.message);
  assert.match(vecSum.message, /sizes m=\d/, 'checked on a vector, not a scalar');
  assert.equal(vecMap.verdict, 'shape-error');
  assert.match(vecMap.message, /Jacobian of v ⊙ v with respect to v is m×m/);
});

test('lowercase=vector: the origin of a shape says which convention set it', () => {
  const [claim] = claims('$$\\nabla_v \\, \\operatorname{tr}(v) = 1$$', { lowercase: 'vector' });
  assert.equal(claim.verdict, 'shape-error');
  assert.match(claim.message, /plain lowercase, so a vector \(conventions: lowercase=vector\)/);
});

test('uppercase=from-use: a capital used only as a scalar is a scalar', () => {
  const text = '$$f(N) = N^2 + 3N$$ so $$\\frac{\\partial f}{\\partial N} = 2N + 3$$';
  const [byDefault] = claims(text);
  assert.notEqual(byDefault.verdict, 'ok', 'by default N is a matrix, and f is matrix-valued');
  const [fromUse] = claims(text, { uppercase: 'from-use' });
  assert.equal(fromUse.verdict, 'ok', fromUse.message);
  const [wrong] = claims(text.replace('2N + 3', '2N - 3'), { uppercase: 'from-use' });
  assert.equal(wrong.verdict, 'mismatch');
});

test('greekUppercase=from-use only changes Greek capitals', () => {
  const text =
    '$$\\frac{\\partial}{\\partial \\Theta} \\Theta^2 = 2\\Theta$$ and $$\\frac{\\partial}{\\partial X} \\mathrm{tr}(X^T X) = 2X$$';
  const [greek, latin] = claims(text, { greekUppercase: 'from-use' });
  assert.equal(greek.verdict, 'ok', greek.message);
  assert.equal(latin.verdict, 'ok', latin.message);
  assert.match(latin.message, /sizes m=\d+, n=\d+/, 'X is still a matrix');
});

test('declarations beat every convention', () => {
  const text =
    'Let $x \\in \\mathbb{R}$ and $A \\in \\mathbb{R}$. $$\\frac{\\partial}{\\partial x} (A x^2) = 2Ax$$';
  const [claim] = claims(text, { lowercase: 'vector' });
  assert.equal(claim.verdict, 'ok', claim.message);
  assert.match(claim.message, /sizes scalar/);
});

test('the CLI takes --convention NAME=VALUE and refuses unknown names or values', () => {
  const request = parseArgs(
    ['check', '--convention', 'lowercase=vector', '--convention=uppercase=from-use', 'notes.md'],
    false,
    {},
  );
  assert.equal(request.command, 'check');
  if (request.command !== 'check') return;
  assert.deepEqual(request.conventions, { lowercase: 'vector', uppercase: 'from-use' });
  assert.throws(
    () => parseArgs(['check', '--convention', 'lowercase=vectors', 'a.md'], false, {}),
    (e: unknown) => e instanceof UsageError && /not one of from-use, vector/.test(e.message),
  );
  assert.throws(
    () => parseArgs(['check', '--convention', 'case=vector', 'a.md'], false, {}),
    UsageError,
  );
  assert.throws(
    () => parseArgs(['check', '--convention', 'lowercase', 'a.md'], false, {}),
    UsageError,
  );
});

// Hostile notes, one per class of issue 12's "budgets in the core": the bench measures them and
// test/unit/hostile.core.test.ts checks each ends with a finding within the core's limits.

/** An n-level \def doubling bomb: the last macro expands to 2ⁿ x's. `uses`: claims using it. */
export function defBomb(levels = 18, uses = 1): string {
  const names = Array.from({ length: levels + 1 }, (_, k) => `\\m${letters(k)}`);
  const defs = [`\\def${names[0]}{x}`];
  for (let k = 1; k <= levels; k++) defs.push(`\\def${names[k]}{${names[k - 1]}${names[k - 1]}}`);
  const claims = Array.from({ length: uses }, () => `$$f = ${names[levels]}$$`).join('\n\n');
  return `$${defs.join('')}$\n\n${claims}\n`;
}

/** \mA, \mB, … \mAB: macro names of letters only (TeX reads digits as the end of a name). */
function letters(k: number): string {
  let s = '';
  do {
    s = String.fromCharCode(65 + (k % 26)) + s;
    k = Math.floor(k / 26) - 1;
  } while (k >= 0);
  return s;
}

/** A delimited macro whose delimiter never comes, used many times. */
export function runawayDelimited(uses = 2000): string {
  return `$\\def\\foo#1.{#1}$\n\n$$y = ${'\\foo a '.repeat(uses)}$$\n`;
}

/** Two nested sums of 1,000 terms each over a family: a million terms if multiplied out. */
export function nestedSums(): string {
  return `Let $w \\in \\mathbb{R}^d$ and $x_i \\in \\mathbb{R}^d$.\n\n$$\\nabla_w \\sum_{i=1}^{1000} \\sum_{j=1}^{1000} (w^T x_i)(w^T x_j) = \\sum_{i=1}^{1000} \\sum_{j=1}^{1000} ((w^T x_j) x_i + (w^T x_i) x_j)$$\n`;
}

/** `count` adjacent letters in one formula. */
export function letterRun(count = 60_000): string {
  return `$$f = ${'ab'.repeat(count / 2)}$$\n`;
}

/** A flat sum of `terms` terms. */
export function flatSum(terms = 20_000): string {
  return `$$f = ${Array.from({ length: terms }, () => 'x').join(' + ')}$$\n`;
}

/** One formula of about `chars` characters (a product of parenthesized sums). */
export function longFormula(chars = 100_000): string {
  const unit = '(a + b) ';
  return `$$f = ${unit.repeat(Math.ceil(chars / unit.length))}$$\n`;
}

/** Brackets nested `depth` deep. */
export function deepNesting(depth = 50_000): string {
  return `$$f = ${'('.repeat(depth)}x${')'.repeat(depth)}$$\n`;
}

/** A sum over a family with a literal upper bound of 10⁹: each term is evaluated. */
export function hugeSumRange(): string {
  return `Let $w \\in \\mathbb{R}^d$ and $x_i \\in \\mathbb{R}^d$.\n\n$$\\nabla_w \\sum_{i=1}^{1000000000} (w^T x_i)^2 = \\sum_{i=1}^{1000000000} 2 (w^T x_i) x_i$$\n`;
}

export function hugeExponent(): string {
  return `Let $X \\in \\mathbb{R}^{n \\times n}$.\n\n$$\\frac{\\partial}{\\partial X} \\operatorname{tr}(X^{1000000}) = 1000000 (X^{999999})^T$$\n`;
}

export function hugeKronecker(): string {
  return `Let $A \\in \\mathbb{R}^{1000 \\times 1000}$, $B \\in \\mathbb{R}^{1000 \\times 1000}$, $x \\in \\mathbb{R}^{1000000}$.\n\n$$\\nabla_x x^T (A \\otimes B) x = (A \\otimes B + A^T \\otimes B^T) x$$\n`;
}

export function hugeIdentity(): string {
  return `Let $x \\in \\mathbb{R}^{4096}$.\n\n$$\\nabla_x x^T I_{4096} x = 2x$$\n`;
}

/** Declared sizes 2,000–4,096 with a relation between them (m > n). */
export function hugeDeclared(): string {
  return `Let $A \\in \\mathbb{R}^{4096 \\times 2000}$, $x \\in \\mathbb{R}^{2000}$, $b \\in \\mathbb{R}^{4096}$.\n\n$$\\nabla_x \\|Ax - b\\|^2 = 2A^T(Ax - b)$$\n`;
}

/** Sizes that are no sizes: 0×3, −3, 1.5. */
export function badSizes(): string {
  return [
    'Let $A \\in \\mathbb{R}^{0 \\times 3}$.',
    '',
    'Let $b \\in \\mathbb{R}^{-3}$.',
    '',
    'Let $c \\in \\mathbb{R}^{1.5}$.',
    '',
    '$$\\nabla_c c^T c = 2c$$',
    '',
  ].join('\n');
}

/** A derivation of `steps` equality steps, 50 to an align environment (each one short). */
export function longDerivation(steps = 10_000): string {
  const blocks: string[] = [];
  for (let done = 0; done < steps; done += 50) {
    const rows = Array.from({ length: Math.min(50, steps - done) }, () => '&= x^T x \\\\').join(
      '\n',
    );
    blocks.push(`\\begin{align}\nf &= x^T x \\\\\n${rows}\n\\end{align}`);
  }
  return `Let $x \\in \\mathbb{R}^n$.\n\n${blocks.join('\n\n')}\n`;
}

/** Every class, by name: what the bench and the tests run. */
export const HOSTILE_CLASSES: Record<string, () => string> = {
  'def bomb (18 levels, 3 uses)': () => defBomb(18, 3),
  'def bomb (18 levels, 120 uses)': () => defBomb(18, 120),
  'runaway delimited macro': () => runawayDelimited(),
  '400 adjacent letters (under the limits)': () => letterRun(400),
  '60,000 adjacent letters': () => letterRun(),
  'flat sum, 450 terms (under the limits)': () => flatSum(450),
  'flat sum, 2,000 terms': () => flatSum(2000),
  'flat sum, 20,000 terms': () => flatSum(),
  '100 kB formula': () => longFormula(100_000),
  '1 MB formula': () => longFormula(1_000_000),
  'nesting 50,000 deep': () => deepNesting(),
  'sum range 10^9': hugeSumRange,
  'nested sums, 1,000 × 1,000': nestedSums,
  'exponent 10^6': hugeExponent,
  'Kronecker of 1000×1000': hugeKronecker,
  'I_{4096}': hugeIdentity,
  'declared 4096 × 2000': hugeDeclared,
  'sizes 0×3, −3, 1.5': badSizes,
  'derivation, 10,000 steps': () => longDerivation(),
};

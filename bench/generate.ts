// A synthetic note in the style of real ones: prose, inline declarations, macros and
// display derivations, so the benchmark exercises scan, macros, parse and shapes together.

const BLOCKS = [
  (i: number) => [
    `Let $A_${i} \\in \\mathbb{R}^{m\\times n}$ and $x_${i} \\in \\mathbb{R}^n$ be given, and write`,
    `$$ f_${i}(x) = \\frac12 \\|A_${i} x - b\\|_2^2 + \\lambda \\|x\\|_2^2 $$`,
    `so that the gradient is $\\nabla f_${i}(x) = A_${i}^T(A_${i}x - b) + 2\\lambda x$.`,
  ],
  (i: number) => [
    `$$\\eqalign{`,
    `\\phi_${i} &= A:\\log\\LR{\\frac{A}{B^TXC}} \\\\`,
    `d\\phi_${i} &= -A:\\LR{\\frac{B^TdX\\,C}{B^TXC}} \\\\`,
    `&= -B\\LR{\\frac{A}{B^TXC}}C^T:dX \\\\`,
    `\\grad{\\phi_${i}}{X} &= -B\\LR{\\frac{A}{B^TXC}}C^T \\\\`,
    `}$$`,
  ],
  (i: number) => [
    `The identity $\\trace{AB^T} = A:B$ holds, and for $\\Sigma_${i} \\succ 0$ we have`,
    `$$ \\nabla_{\\Sigma_${i}} \\log\\det \\Sigma_${i} = \\Sigma_${i}^{-1} $$`,
    `which is symmetric. Here \`code $x$\` is not math.`,
  ],
  (i: number) => [
    `\`\`\`python`,
    `y = x${i} * 2  # $not math$`,
    `\`\`\``,
    `The loss $\\mathcal{L}_${i} = -\\sum_{i} y_i \\log \\sigma(w^\\top x_i)$ is convex.`,
  ],
];

const PROSE = 'Some prose about the derivation, with no math in it at all, as notes have.';

/** About `lines` lines with about lines / 5 math regions (5,000 lines → about 1,000 regions). */
export function generateNote(lines: number): string {
  const out: string[] = [
    '$ \\def\\LR#1{\\left(#1\\right)} \\def\\trace#1{\\operatorname{Tr}\\LR{#1}} \\def\\grad#1#2{\\frac{\\partial #1}{\\partial #2}} $',
    '',
  ];
  let i = 0;
  while (out.length < lines) {
    out.push(...BLOCKS[i % BLOCKS.length](i));
    out.push(PROSE, PROSE, PROSE, PROSE, PROSE, '');
    i++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

// Claims for the numeric benchmark: the kinds of identities notes are made of.
export const BENCH_NOTES: string[] = [
  '$A \\in \\mathbb{R}^{m\\times n}$, $X \\in \\mathbb{R}^{n\\times m}$\n\n$$ \\nabla_X \\operatorname{tr}(AX) = A^T $$',
  '$A \\in \\mathbb{R}^{n\\times n}$, $X \\in \\mathbb{R}^{n\\times k}$\n\n$$ \\frac{\\partial}{\\partial X} \\operatorname{tr}(X^T A X) = (A + A^T) X $$',
  '$X \\in \\mathbb{R}^{n\\times n}$\n\n$$ \\nabla_X \\log\\det(X^T X + I) = 2X(X^TX + I)^{-1} $$',
  '$A \\in \\mathbb{R}^{m\\times n}$, $x \\in \\mathbb{R}^n$, $b \\in \\mathbb{R}^m$\n\n$$ \\nabla_x \\|Ax - b\\|_2^2 = 2A^T(Ax - b) $$',
  '$$ \\frac{\\partial}{\\partial\\mathbf{X}} \\sum_{i,j}\\mathbf{A} \\odot \\log\\left(\\frac{\\mathbf{A}}{\\mathbf{B}^T\\mathbf{X}\\mathbf{C}}\\right) = -\\mathbf{B}\\left(\\frac{\\mathbf{A}}{\\mathbf{B}^T\\mathbf{X}\\mathbf{C}}\\right)\\mathbf{C}^T $$',
  '$A \\in \\mathbb{R}^{m\\times n}$, $W \\in \\mathbb{R}^{m\\times k}$, $H \\in \\mathbb{R}^{k\\times n}$\n\n$$ \\nabla_W \\tfrac12\\|A - WH\\|_F^2 = (WH - A)H^T $$',
  '$\\Sigma \\in \\mathbb{S}^n_{++}$, $S \\in \\mathbb{S}^n$\n\n$$ \\nabla_\\Sigma \\left(\\log\\det\\Sigma + \\operatorname{tr}(\\Sigma^{-1} S)\\right) = \\Sigma^{-1} - \\Sigma^{-1} S \\Sigma^{-1} $$',
  '$X \\in \\mathbb{R}^{n\\times p}$, $y \\in \\mathbb{R}^n$, $w \\in \\mathbb{R}^p$\n\n$$ \\nabla_w \\mathbf{1}^T \\log(1 + \\exp(-y \\odot Xw)) = -X^T(y \\odot \\sigma(-y \\odot Xw)) $$',
  '$$\\eqalign{ \\phi &= A:\\log\\left(\\frac{A}{B^TXC}\\right) \\\\ &= A:\\log(A) - A:\\log(B^TXC) \\\\ d\\phi &= -A:\\left(\\frac{B^TdX\\,C}{B^TXC}\\right) \\\\ &= -B\\left(\\frac{A}{B^TXC}\\right)C^T:dX }$$',
  '$A, B \\in \\mathbb{R}^{m\\times n}$\n\n$$ A:B = \\sum_{i=1}^m\\sum_{j=1}^n A_{ij}B_{ij} = \\operatorname{Tr}(AB^T) $$',
  // index notation: every entry of the gradient, one derivative by an entry per (p, q)
  '$A \\in \\mathbb{R}^{p\\times n}$, $X \\in \\mathbb{R}^{n\\times m}$, $B \\in \\mathbb{R}^{m\\times p}$\n\n$$ f = \\operatorname{tr}(AXB) $$\n\n$$ \\frac{\\partial f}{\\partial X_{pq}} = \\sum_i A_{ip} B_{qi} = (BA)_{qp} = (BA)^T $$',
  // sizes written as numbers: 900 index values, (BA) computed once rather than per (p, q)
  '$A \\in \\mathbb{R}^{30\\times 30}$, $B \\in \\mathbb{R}^{30\\times 30}$\n\n$$ (BA)_{pq} = \\sum_k B_{pk} A_{kq} $$\n\n$$ \\sum_p \\sum_q (BA)_{pq} = \\mathbf{1}^T B A \\mathbf{1} $$',
  '$$ a_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}} $$\n\n$$ \\frac{\\partial a_j}{\\partial z_i} = -a_i a_j, \\quad i \\neq j $$',
];

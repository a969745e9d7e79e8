// Float64 dense matrices, row-major in a Float64Array. Scalars are 1×1 matrices, so every
// value in GradLens has one type. Kernels are small pure functions; elementwise kernels
// broadcast a 1×1 operand.
//
// API CONTRACT (implemented by the numeric-kernels work; the autodiff relies on it):

export class Matrix {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly data: Float64Array,
  ) {}

  get size(): number {
    return this.rows * this.cols;
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  isScalar(): boolean {
    return this.rows === 1 && this.cols === 1;
  }

  /** The value of a 1×1 matrix. */
  scalar(): number {
    return this.data[0];
  }
}

export class ShapeMismatchError extends Error {}
export class SingularMatrixError extends Error {}

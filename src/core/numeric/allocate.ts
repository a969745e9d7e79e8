// The one place numeric code gets a Float64Array. A worker thread's resourceLimits bound its
// JavaScript heap but not ArrayBuffers, so an array sized by a hostile note (a declared
// 10⁸, a Kronecker product of large factors) would grow the whole process until it aborts:
// the allocation itself must be refused, before any memory is taken.

/**
 * Most elements one matrix may hold: 2²² (32 MB of float64), a 2048×2048 matrix. The core
 * checks claims on small draws (sizes up to gradlens.maxDimSize, at most 32), so only a size
 * written in the note or a product of sizes comes near it.
 */
export const MAX_MATRIX_ELEMENTS = 2 ** 22;

/** An allocation above MAX_MATRIX_ELEMENTS (or not a count at all) was refused. */
export class AllocationRefusedError extends RangeError {
  constructor(readonly elements: number) {
    super(
      `refused to allocate ${elements} float64 values: more than the ${MAX_MATRIX_ELEMENTS} one matrix may hold`,
    );
  }
}

/** A zero-filled Float64Array of `length` elements, or AllocationRefusedError. */
export function allocateFloat64(length: number): Float64Array {
  if (!Number.isSafeInteger(length) || length < 0 || length > MAX_MATRIX_ELEMENTS)
    throw new AllocationRefusedError(length);
  return new Float64Array(length);
}

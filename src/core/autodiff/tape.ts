// Reverse-mode autodiff on a tape. A value is a node: constants have id −1 and are never
// recorded; an operation is recorded only when one of its inputs is tracked, so evaluating
// a claim's right-hand side (all constants) costs no more than plain arithmetic.
import type { Matrix } from '../numeric/matrix';
import { add, zeros } from '../numeric/kernels';

export interface Value {
  value: Matrix;
  /** Position on the tape; −1 for a constant. */
  id: number;
}

/** Vector-Jacobian product: the output's adjoint → each input's adjoint (null: no flow). */
export type Vjp = (adjoint: Matrix) => (Matrix | null)[];

interface Entry {
  inputs: Value[];
  vjp: Vjp;
  value: Matrix;
}

export class Tape {
  private readonly entries: Entry[] = [];

  constant(value: Matrix): Value {
    return { value, id: -1 };
  }

  variable(value: Matrix): Value {
    this.entries.push({ inputs: [], vjp: () => [], value });
    return { value, id: this.entries.length - 1 };
  }

  record(value: Matrix, inputs: Value[], vjp: Vjp): Value {
    if (inputs.every((i) => i.id < 0)) return { value, id: -1 };
    this.entries.push({ inputs, vjp, value });
    return { value, id: this.entries.length - 1 };
  }

  get length(): number {
    return this.entries.length;
  }

  /**
   * Adjoints of every node with respect to `output`, seeded with `seed` (1 for a scalar
   * output). Returns a lookup; nodes that do not influence the output get zeros.
   */
  backward(output: Value, seed: Matrix): (node: Value) => Matrix {
    const adjoints: (Matrix | undefined)[] = new Array(this.entries.length);
    if (output.id >= 0) adjoints[output.id] = seed;
    for (let id = output.id; id >= 0; id--) {
      const adjoint = adjoints[id];
      if (!adjoint) continue;
      const entry = this.entries[id];
      if (entry.inputs.length === 0) continue;
      const contributions = entry.vjp(adjoint);
      entry.inputs.forEach((input, k) => {
        const c = contributions[k];
        if (input.id < 0 || !c) return;
        const prior = adjoints[input.id];
        adjoints[input.id] = prior ? add(prior, c) : c;
      });
    }
    return (node: Value) => {
      const found = node.id >= 0 ? adjoints[node.id] : undefined;
      return found ?? zeros(node.value.rows, node.value.cols);
    };
  }
}

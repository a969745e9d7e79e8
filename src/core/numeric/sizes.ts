// The sizes a draw gives its dimensions: 2…maxDim in a random order, each new dimension the
// next one, so a transpose or a wrong dimension cannot hide behind two equal sizes. What the
// note says about their order (m > n) is kept: the dimensions it names get sizes in that order.
import type { Rng } from './random';

/** `larger` is bigger than `smaller`, both by dimension label (the `DimStore.label` name). */
export interface SizeOrder {
  larger: string;
  smaller: string;
}

export class SizePool {
  /** Sizes 2…max(3, maxDim), shuffled. */
  private readonly pool: number[];
  /** Sizes set aside for the labels a size order names. */
  private readonly reserved: ReadonlyMap<string, number>;
  /** What the other dimensions take, in turn. */
  private readonly free: number[];
  private taken = 0;

  constructor(rng: Rng, maxDim: number, order: readonly SizeOrder[] = []) {
    const sizes: number[] = [];
    for (let s = 2; s <= Math.max(3, maxDim); s++) sizes.push(s);
    for (let i = sizes.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [sizes[i], sizes[j]] = [sizes[j], sizes[i]];
    }
    this.pool = sizes;
    // its own stream: the order's tie-breaks leave the parent's draws as they were
    this.reserved = order.length > 0 ? reserve(sizes, order, rng.fork('sizeOrder')) : new Map();
    const used = new Set(this.reserved.values());
    this.free = sizes.filter((s) => !used.has(s));
  }

  /** The size of a dimension seen for the first time, by its label. */
  next(label: string): number {
    const kept = this.reserved.get(label);
    if (kept !== undefined) return kept;
    const from = this.free.length > 0 ? this.free : this.pool;
    return from[this.taken++ % from.length];
  }
}

/**
 * Sizes for the labels named in `order`, larger where the order says larger. The labels are
 * put in a random order that respects every `smaller < larger` (a topological order, ties
 * broken by `rng`) and given the first pool sizes sorted ascending, so they stay distinct.
 * With more labels than sizes, each gets 2 + the length of the longest chain below it (still
 * in order, no longer distinct). Pairs on a cycle (m > n > m) cannot hold; they are ignored
 * once nothing else is left.
 */
function reserve(
  pool: readonly number[],
  order: readonly SizeOrder[],
  rng: Rng,
): Map<string, number> {
  const labels: string[] = [];
  const above = new Map<string, string[]>();
  const below = new Map<string, number>();
  const note = (label: string) => {
    if (above.has(label)) return;
    labels.push(label);
    above.set(label, []);
    below.set(label, 0);
  };
  for (const { larger, smaller } of order) {
    note(smaller);
    note(larger);
    if (larger === smaller) continue;
    above.get(smaller)!.push(larger);
    below.set(larger, below.get(larger)! + 1);
  }

  const sorted: string[] = [];
  const level = new Map<string, number>(labels.map((l) => [l, 0]));
  const placed = new Set<string>();
  const waiting = new Map(below);
  while (sorted.length < labels.length) {
    const ready = labels.filter((l) => !placed.has(l) && waiting.get(l) === 0);
    // a cycle: nothing is ready, so take the first label left as if it were
    const pick =
      ready.length > 0 ? ready[rng.int(0, ready.length - 1)] : labels.find((l) => !placed.has(l))!;
    placed.add(pick);
    sorted.push(pick);
    for (const up of above.get(pick)!) {
      waiting.set(up, waiting.get(up)! - 1);
      if (!placed.has(up)) level.set(up, Math.max(level.get(up)!, level.get(pick)! + 1));
    }
  }

  const sizes = new Map<string, number>();
  if (labels.length <= pool.length) {
    const chosen = pool.slice(0, labels.length).sort((a, b) => a - b);
    sorted.forEach((label, k) => sizes.set(label, chosen[k]));
  } else {
    for (const label of labels) sizes.set(label, 2 + level.get(label)!);
  }
  return sizes;
}

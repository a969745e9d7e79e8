// Findings cross the thread as a delta against the last list sent for the same URI. A long
// note has a thousand findings and an edit changes a few; rebuilding a thousand objects on the
// extension host costs it tens of milliseconds per edit (npm run bench), an index array next
// to the few new findings almost nothing. Both ends see every result in the order it was sent
// and keep the same bounded memory of them, so a delta always names a list the host holds.
// No `vscode` import.
import type { Finding } from '../core/report';

/** In a ResultReply: where each finding comes from (≥ 0: the base list, < 0: −1 − k into the new ones). */
export interface FindingsLayout {
  /** The request id of the result the indices refer to. */
  base: number;
  order: Int32Array;
}

/** URIs remembered by the worker; the host remembers more, so it never lacks a base. */
const WORKER_KEPT = 32;
const HOST_KEPT = 2 * WORKER_KEPT;

/** A map that forgets its oldest key past a capacity (insertion order, refreshed on set). */
class Recent<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity)
      this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** Worker side: the last list sent per URI, by content. */
export class SentFindings {
  private readonly last = new Recent<{ id: number; index: Map<string, number> }>(WORKER_KEPT);

  encode(
    uri: string,
    id: number,
    findings: Finding[],
  ): { findings: Finding[]; layout?: FindingsLayout } {
    const keys = findings.map((f) => JSON.stringify(f));
    const previous = this.last.get(uri);
    this.last.set(uri, { id, index: new Map(keys.map((key, i) => [key, i])) });
    if (!previous) return { findings };
    const fresh: Finding[] = [];
    const order = new Int32Array(findings.length);
    keys.forEach((key, i) => {
      const j = previous.index.get(key);
      // push returns the new length L: the finding's index is L − 1, stored as −1 − (L − 1).
      order[i] = j ?? -fresh.push(findings[i]);
    });
    return { findings: fresh, layout: { base: previous.id, order } };
  }
}

/** Host side: the last list received per URI; undefined when a delta names a list it lacks. */
export class ReceivedFindings {
  private readonly last = new Recent<{ id: number; findings: Finding[] }>(HOST_KEPT);

  decode(
    uri: string,
    id: number,
    findings: Finding[],
    layout?: FindingsLayout,
  ): Finding[] | undefined {
    let full = findings;
    if (layout) {
      const previous = this.last.get(uri);
      if (previous?.id !== layout.base) return undefined;
      full = Array.from(layout.order, (j) => (j >= 0 ? previous.findings[j] : findings[-1 - j]));
    }
    this.last.set(uri, { id, findings: full });
    return full;
  }
}

// A small least-recently-used map and the content hash its keys are made of. Pure (no
// `vscode` import): the checker's caches use it and the tests exercise it directly.
import { createHash } from 'node:crypto';

export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Map keeps insertion order: re-inserting marks the entry as the most recent.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A key for any list of strings; lengths go in too, so ["ab", "c"] and ["a", "bc"] differ. */
export function contentKey(parts: readonly string[]): string {
  const hash = createHash('sha1');
  for (const part of parts) {
    hash.update(String(part.length));
    hash.update(':');
    hash.update(part);
  }
  return hash.digest('base64url');
}

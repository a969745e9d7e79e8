// The panel's reading of each checked document (its macros and a shapes table per claim), as
// the worker sent it with the findings: the host keeps it, never works it out. Kept per URI
// for the one version it was given for. Pure (no `vscode` import).
import type { Position } from '../core/document';
import type { ClaimReading, DocumentReading } from '../protocol/worker';

interface Stored {
  version: number;
  reading: DocumentReading;
}

export class ReadingStore {
  private readonly byUri = new Map<string, Stored>();

  set(uri: string, version: number, reading: DocumentReading): void {
    this.byUri.set(uri, { version, reading });
  }

  /** The reading of exactly this version, or undefined (not checked yet, or an older one). */
  get(uri: string, version: number): DocumentReading | undefined {
    const stored = this.byUri.get(uri);
    return stored?.version === version ? stored.reading : undefined;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  clear(): void {
    this.byUri.clear();
  }
}

/** The shapes table of the statement a finding starting at `at` is in. */
export function claimReadingAt(
  reading: DocumentReading,
  at: Position,
): ClaimReading['symbols'] | undefined {
  return reading.claims.find((c) => c.at.line === at.line && c.at.character === at.character)
    ?.symbols;
}

// The panel's reading of each checked document (its macros and a shapes table per claim), as
// the worker sent it with the findings: the host keeps it, never works it out. Kept per URI
// for the one version it was given for, as the JSON it came in, parsed the first time the
// panel asks (most versions are never shown in the panel). Pure (no `vscode` import).
import type { Position } from '../core/document';
import type { ClaimReading, DocumentReading } from '../protocol/worker';

interface Stored {
  version: number;
  json: string;
  reading?: DocumentReading;
}

export class ReadingStore {
  private readonly byUri = new Map<string, Stored>();

  set(uri: string, version: number, json: string): void {
    this.byUri.set(uri, { version, json });
  }

  /** The reading of exactly this version, or undefined (not checked yet, or an older one). */
  get(uri: string, version: number): DocumentReading | undefined {
    const stored = this.byUri.get(uri);
    if (stored?.version !== version) return undefined;
    stored.reading ??= JSON.parse(stored.json) as DocumentReading;
    return stored.reading;
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

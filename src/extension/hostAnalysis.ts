// The extension host's own reading of a document: shapes only (no numeric work, which belongs
// to the worker), cached by URI and version. Hovers read shapes from it, and the checker uses
// it to plan which regions the worker may skip. Pure (no `vscode` import).
import { analyzeDocument, type Analysis } from '../core/analyze';
import type { SourceDocument } from '../core/document';
import type { ReadOptions } from '../core/read';
import type { Logger } from '../protocol/logger';

/**
 * Above this size the host does not read a document at all (no shape hovers, no region reuse;
 * the worker still checks it). Reading costs roughly 0.1 ms per line of math-heavy notes, and
 * the host thread must never stall for long.
 */
export const HOST_ANALYSIS_MAX_CHARS = 200_000;

interface Entry {
  version: number;
  settingsKey: string;
  analysis: Analysis | undefined;
}

export class HostAnalyses {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly logger: Logger,
    private readonly maxChars = HOST_ANALYSIS_MAX_CHARS,
  ) {}

  /** The shapes-only analysis of this version, or undefined when the document is too large or unreadable. */
  get(document: SourceDocument, reading: ReadOptions, settingsKey: string): Analysis | undefined {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.settingsKey === settingsKey)
      return cached.analysis;
    const analysis = this.analyze(document, reading);
    this.entries.set(document.uri, { version: document.version, settingsKey, analysis });
    return analysis;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }

  private analyze(document: SourceDocument, reading: ReadOptions): Analysis | undefined {
    if (document.text.length > this.maxChars) return undefined;
    try {
      return analyzeDocument(document, {
        numeric: false,
        macros: reading.macros,
        conventions: reading.conventions,
        sections: reading.sections,
      });
    } catch (error) {
      // The core is written not to throw; if it does, hovers go quiet and the worker still checks.
      this.logger.error(
        `GradLens: reading ${document.uri} on the host failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return undefined;
    }
  }
}

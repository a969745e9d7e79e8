// Which text stands behind an editor document: the document's own, or for a notebook cell all
// markdown cells read together (so shapes agree with the diagnostics, which come from the
// joined text), with the cell's place in it. Cheap: no reading, only the text.
import type * as vscode from 'vscode';
import type { Section, SourceDocument } from '../core/document';
import type { DiagnosticsManager } from './diagnostics';
import { toSourceDocument } from './sourceDocument';

export interface HostSource {
  /** What the worker reads: the document, or a notebook's joined markdown cells. */
  source: SourceDocument;
  sections?: Section[];
  /** Where the document starts in the source (0 and 0 unless it is a notebook cell). */
  offset: number;
  line: number;
}

export function hostSource(
  document: vscode.TextDocument,
  diagnostics: Pick<DiagnosticsManager, 'notebookReading'>,
): HostSource {
  const notebook = diagnostics.notebookReading(document);
  const part = notebook?.joined.parts.find((p) => p.uri === document.uri.toString());
  if (notebook && part)
    return {
      source: notebook.source,
      sections: notebook.sections,
      offset: part.offset,
      line: part.line,
    };
  return { source: toSourceDocument(document), offset: 0, line: 0 };
}

/** Like hostSource without taking the text (for lookups by URI and version). */
export function hostSourceKey(
  document: vscode.TextDocument,
  diagnostics: Pick<DiagnosticsManager, 'notebookReading'>,
): { uri: string; version: number; line: number } {
  const notebook = diagnostics.notebookReading(document);
  const part = notebook?.joined.parts.find((p) => p.uri === document.uri.toString());
  if (notebook && part)
    return { uri: notebook.source.uri, version: notebook.source.version, line: part.line };
  return { uri: document.uri.toString(), version: document.version, line: 0 };
}

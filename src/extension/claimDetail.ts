// The panel's table of symbols and subexpressions for a claim of an open document, and the
// document's macros: from the reading the worker sent with the findings of this very version
// (readingStore.ts), so the panel never waits, never reads on the host and never shows shapes
// of a different text.
import * as vscode from 'vscode';
import type { ClaimDetail } from '../protocol/panel';
import type { DiagnosticsManager } from './diagnostics';
import { hostSourceKey } from './hostReading';
import { claimReadingAt, type ReadingStore } from './readingStore';

export interface ClaimDetailDeps {
  diagnostics: DiagnosticsManager;
  readings: ReadingStore;
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

export function claimDetail(
  uri: vscode.Uri,
  index: number,
  deps: ClaimDetailDeps,
): Partial<ClaimDetail> | undefined {
  const document = openDocument(uri);
  const published = deps.diagnostics.resultFor(uri);
  const finding = published?.findings[index];
  if (!document || !finding) return undefined;
  // Ranges of findings for an older version may have moved: no table rather than a wrong one.
  if (published.version !== undefined && published.version !== document.version) return undefined;
  const source = hostSourceKey(document, deps.diagnostics);
  const reading = deps.readings.get(source.uri, source.version);
  if (!reading) return undefined;
  // A notebook cell's finding is in cell lines; the reading is of all cells together.
  const start = finding.range.start;
  const symbols = claimReadingAt(reading, {
    line: start.line + source.line,
    character: start.character,
  });
  return symbols && symbols.length > 0 ? { symbols } : undefined;
}

/** The macros of an open document (and the settings') in the form KaTeX takes. */
export function documentMacros(
  uri: vscode.Uri,
  deps: ClaimDetailDeps,
): Record<string, string> | undefined {
  const document = openDocument(uri);
  if (!document) return undefined;
  const source = hostSourceKey(document, deps.diagnostics);
  return deps.readings.get(source.uri, source.version)?.macros;
}

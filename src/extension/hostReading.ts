// The host's shapes-only reading behind a document, as hovers and the panel need it: the
// document's own, or for a notebook cell the reading of all markdown cells together (so the
// shapes agree with the diagnostics, which come from the joined text), with the cell's place
// in it.
import type * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import { settingsKey } from './checker';
import type { Config } from './config';
import type { DiagnosticsManager } from './diagnostics';
import type { HostAnalyses } from './hostAnalysis';
import { toSourceDocument } from './sourceDocument';

export interface HostReading {
  analysis: Analysis;
  /** Where the document starts in the analysed text (0 and 0 unless it is a notebook cell). */
  offset: number;
  line: number;
}

export interface HostReadingDeps {
  config: Config;
  analyses: HostAnalyses;
  diagnostics: DiagnosticsManager;
}

export function hostReading(
  document: vscode.TextDocument,
  deps: HostReadingDeps,
): HostReading | undefined {
  const settings = deps.config.checkSettings;
  const key = settingsKey(settings);
  const notebook = deps.diagnostics.notebookReading(document);
  const part = notebook?.joined.parts.find((p) => p.uri === document.uri.toString());
  if (notebook && part) {
    const analysis = deps.analyses.get(
      notebook.source,
      { ...settings, sections: notebook.sections },
      key,
    );
    return analysis ? { analysis, offset: part.offset, line: part.line } : undefined;
  }
  const analysis = deps.analyses.get(toSourceDocument(document), settings, key);
  return analysis ? { analysis, offset: 0, line: 0 } : undefined;
}

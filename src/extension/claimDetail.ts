// The panel's table of symbols and subexpressions for a claim of an open document: read from
// the host's cached shapes-only analysis of the version the findings were given for, so the
// panel never waits for the worker and never shows shapes of a different text.
import * as vscode from 'vscode';
import type { ClaimDetail } from '../protocol/panel';
import { settingsKey } from './checker';
import type { Config } from './config';
import type { DiagnosticsManager } from './diagnostics';
import type { HostAnalyses } from './hostAnalysis';
import { shapeTable } from './panelExpression';
import { toSourceDocument } from './sourceDocument';

export function claimDetail(
  uri: vscode.Uri,
  index: number,
  parts: { config: Config; analyses: HostAnalyses; diagnostics: DiagnosticsManager },
): Partial<ClaimDetail> | undefined {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const published = parts.diagnostics.resultFor(uri);
  const finding = published?.findings[index];
  if (!document || !finding) return undefined;
  // Ranges of findings for an older version may have moved: no table rather than a wrong one.
  if (published.version !== undefined && published.version !== document.version) return undefined;
  const settings = parts.config.checkSettings;
  const analysis = parts.analyses.get(toSourceDocument(document), settings, settingsKey(settings));
  if (!analysis) return undefined;
  const symbols = shapeTable(analysis, finding);
  return symbols.length > 0 ? { symbols } : undefined;
}

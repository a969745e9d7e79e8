// The panel's table of symbols and subexpressions for a claim of an open document: read from
// the host's cached shapes-only analysis of the version the findings were given for, so the
// panel never waits for the worker and never shows shapes of a different text.
import * as vscode from 'vscode';
import type { ClaimDetail } from '../protocol/panel';
import { hostReading, type HostReadingDeps } from './hostReading';
import { shapeTable } from './panelExpression';
import { typesetMacros } from '../core/latex/typesetMacros';

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

export function claimDetail(
  uri: vscode.Uri,
  index: number,
  deps: HostReadingDeps,
): Partial<ClaimDetail> | undefined {
  const document = openDocument(uri);
  const published = deps.diagnostics.resultFor(uri);
  const finding = published?.findings[index];
  if (!document || !finding) return undefined;
  // Ranges of findings for an older version may have moved: no table rather than a wrong one.
  if (published.version !== undefined && published.version !== document.version) return undefined;
  const reading = hostReading(document, deps);
  if (!reading) return undefined;
  // A notebook cell's finding is in cell lines; the reading is of all cells together.
  const shift = (p: { line: number; character: number }) => ({
    line: p.line + reading.line,
    character: p.character,
  });
  const symbols = shapeTable(reading.analysis, {
    ...finding,
    range: { start: shift(finding.range.start), end: shift(finding.range.end) },
  });
  return symbols.length > 0 ? { symbols } : undefined;
}

/** The macros of an open document (and the settings') in the form KaTeX takes. */
export function documentMacros(
  uri: vscode.Uri,
  deps: HostReadingDeps,
): Record<string, string> | undefined {
  const document = openDocument(uri);
  const table = document ? hostReading(document, deps)?.analysis.read.macros : undefined;
  return table ? typesetMacros(table) : undefined;
}

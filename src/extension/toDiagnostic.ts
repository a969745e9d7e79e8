// Finding → vscode.Diagnostic: the level from src/core/levels.ts (gradlens.report and
// gradlens.severity),
// a stable code whose link opens the panel on the claim, related places, source "GradLens".
import * as vscode from 'vscode';
import type { Finding } from '../core/report';
import { claimRef, showPanelUri } from './panelHook';
import { levelOf, type Level, type ReportMode, type SeverityTable } from '../core/levels';
import { toVsRange } from './sourceDocument';

const SEVERITY: Record<Exclude<Level, 'off'>, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toDiagnostics(
  uri: vscode.Uri,
  findings: readonly Finding[],
  display: { mode: ReportMode; severity: SeverityTable },
): vscode.Diagnostic[] {
  const diagnostics: vscode.Diagnostic[] = [];
  for (const finding of findings) {
    // Silenced by a comment in the note: kept with the findings, never a diagnostic.
    if (finding.suppressed) continue;
    const level = levelOf(finding, display.mode, display.severity);
    if (level === 'off') continue;
    diagnostics.push(toDiagnostic(uri, finding, SEVERITY[level]));
  }
  return diagnostics;
}

function toDiagnostic(
  uri: vscode.Uri,
  finding: Finding,
  severity: vscode.DiagnosticSeverity,
): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toVsRange(finding.range), finding.message, severity);
  diagnostic.source = 'GradLens';
  diagnostic.code = {
    value: finding.code ?? `gradlens.${finding.verdict}`,
    target: showPanelUri(claimRef(uri.toString(), finding)),
  };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map(
      (r) =>
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(r.uri ? vscode.Uri.parse(r.uri) : uri, toVsRange(r.range)),
          r.message,
        ),
    );
  }
  return diagnostic;
}

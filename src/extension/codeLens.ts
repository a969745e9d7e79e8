// A CodeLens above each claim with the worker's last verdict; clicking it opens the panel on
// that claim. One more on the first line of a document (not a notebook cell: the status bar
// counts the whole notebook) with the status bar's counts. Titles come from lensModel.ts.
import * as vscode from 'vscode';
import type { DiagnosticsManager } from './diagnostics';
import { isClaim, lensTitle, summaryLensTitle } from './lensModel';
import { notebookOf } from './notebooks';
import { claimRef } from './panelHook';
import { toVsRange } from './sourceDocument';

export const SUMMARY_TOOLTIP =
  'GradLens: claims that hold, problems, and claims not checked in this document. Click to open the panel.';

export class ClaimLenses implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly diagnostics: DiagnosticsManager) {
    this.onDidChangeCodeLenses = (listener, thisArg, disposables) =>
      diagnostics.onDidChangeFindings(() => listener.call(thisArg), undefined, disposables);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const published = this.diagnostics.resultFor(document.uri);
    if (!published) return [];
    // Lenses of the last result stay while the next one is computed (validateRange keeps them
    // inside the document); they would otherwise blink out on every keystroke.
    const uri = document.uri.toString();
    const lenses = published.findings
      .filter((finding) => isClaim(finding) && !finding.suppressed)
      .map(
        (finding) =>
          new vscode.CodeLens(document.validateRange(toVsRange(finding.range)), {
            title: lensTitle(finding),
            tooltip: finding.message,
            command: 'gradlens.showPanel',
            arguments: [claimRef(uri, finding)],
          }),
      );
    const summary = notebookOf(document) ? undefined : summaryLensTitle(published.findings);
    if (summary)
      lenses.unshift(
        new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
          title: summary,
          tooltip: SUMMARY_TOOLTIP,
          command: 'gradlens.showPanel',
          arguments: [],
        }),
      );
    return lenses;
  }
}

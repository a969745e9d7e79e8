// A CodeLens above each claim with the worker's last verdict; clicking it opens the panel on
// that claim. Titles come from lensModel.ts.
import * as vscode from 'vscode';
import type { DiagnosticsManager } from './diagnostics';
import { isClaim, lensTitle } from './lensModel';
import { claimRef } from './panelHook';
import { toVsRange } from './sourceDocument';

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
    return published.findings
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
  }
}

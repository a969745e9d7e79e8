// "GradLens ✓ 5 · ✗ 1 · 2 not checked" for the active document (or all markdown cells of the
// active notebook; counts: src/core/levels.ts); clicking it opens the panel. Hidden when the
// active editor is not something GradLens reads.
import * as vscode from 'vscode';
import type { Finding } from '../core/report';
import type { Config } from './config';
import type { DiagnosticsManager } from './diagnostics';
import { statusText, statusTooltip, tally } from './lensModel';
import { markdownCells } from './notebooks';
import { isCheckable } from './sourceDocument';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'gradlens.status',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly config: Config,
    private readonly diagnostics: DiagnosticsManager,
  ) {
    this.item.name = 'GradLens';
    this.item.command = 'gradlens.showPanel';
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.update()),
      diagnostics.onDidChangeFindings(() => this.update()),
    ];
    this.update();
  }

  update(): void {
    const documents = this.activeDocuments();
    if (documents.length === 0) {
      this.item.hide();
      return;
    }
    const findings: Finding[] = documents.flatMap(
      (d) => this.diagnostics.resultFor(d.uri)?.findings ?? [],
    );
    const counts = tally(findings);
    this.item.text = statusText(counts);
    this.item.tooltip = statusTooltip(counts);
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }

  private activeDocuments(): vscode.TextDocument[] {
    const scope = this.config.scope;
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    if (notebook) return markdownCells(notebook).filter((d) => isCheckable(d, scope));
    const document = vscode.window.activeTextEditor?.document;
    return document && isCheckable(document, scope) ? [document] : [];
  }
}

// The "assume it" quick fix in the editor: on a GradLens diagnostic whose finding holds only
// under an assumption the note does not make (A symmetric), offer to add the directive that
// makes it (assumeFix.ts builds the line). Nothing is written unless the user picks the action.
import * as vscode from 'vscode';
import { assumeFix } from './assumeFix';
import type { DiagnosticsManager } from './diagnostics';
import { languageOf } from './sourceDocument';

export class AssumeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly diagnostics: DiagnosticsManager) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const actions: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      const finding = this.diagnostics.findingOf(document, diagnostic);
      if (!finding?.assumption) continue;
      const fix = assumeFix(document.getText(), languageOf(document.languageId), finding);
      // Two claims under one region may want the same line: offer it once.
      if (!fix || seen.has(`${fix.line}:${fix.text}`)) continue;
      seen.add(`${fix.line}:${fix.text}`);
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      action.edit = new vscode.WorkspaceEdit();
      action.edit.insert(document.uri, new vscode.Position(fix.line, 0), fix.text);
      actions.push(action);
    }
    return actions;
  }
}

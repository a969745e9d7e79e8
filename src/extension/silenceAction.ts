// "Don't check this claim": a quick fix (not preferred) on every GradLens diagnostic, which
// adds a gradlens-disable-next-line comment above the claim (silenceFix.ts builds the line).
// Nothing is written unless the user picks it.
import * as vscode from 'vscode';
import type { DiagnosticsManager } from './diagnostics';
import { silenceFix } from './silenceFix';
import { languageOf } from './sourceDocument';

export class SilenceActions implements vscode.CodeActionProvider {
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
    const byLine = new Map<number, vscode.CodeAction>();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'GradLens') continue;
      const finding = this.diagnostics.findingOf(document, diagnostic);
      if (!finding) continue;
      const fix = silenceFix(document.getText(), languageOf(document.languageId), finding);
      if (!fix) continue;
      // Several diagnostics on one claim (or region): one comment silences them all.
      const known = byLine.get(fix.line);
      if (known) {
        known.diagnostics!.push(diagnostic);
        continue;
      }
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.isPreferred = false;
      action.edit = new vscode.WorkspaceEdit();
      action.edit.insert(document.uri, new vscode.Position(fix.line, 0), fix.text);
      byLine.set(fix.line, action);
    }
    return [...byLine.values()];
  }
}

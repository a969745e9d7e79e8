// "GradLens: Explain Claim at Cursor": the finding at the cursor laid out in a quick pick:
// verdict and message, shapes, relative error, diagnosis, the places it refers to (selecting
// one goes there) and a way into the panel.
import * as vscode from 'vscode';
import type { DiagnosticsManager } from './diagnostics';
import { findingNear } from './hoverModel';
import { explainItems, lensTitle, type ExplainItem } from './lensModel';
import { claimRef, type PanelRegistry } from './panelHook';
import { toVsRange } from './sourceDocument';

type Item = vscode.QuickPickItem & { action?: ExplainItem['action'] };

export async function explainClaimAtCursor(
  diagnostics: DiagnosticsManager,
  panels: PanelRegistry,
): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(
      'GradLens: open a document and put the cursor on a claim first.',
    );
    return;
  }
  const document = editor.document;
  const published = diagnostics.resultFor(document.uri);
  const cursor = editor.selection.active;
  const finding = published
    ? findingNear(published.findings, { line: cursor.line, character: cursor.character })
    : undefined;
  if (!finding) {
    const why = published
      ? 'There is no GradLens finding at the cursor.'
      : 'This document has not been checked (is its language in gradlens.languages?).';
    void vscode.window.showInformationMessage(`GradLens: ${why}`);
    return;
  }
  const items: Item[] = explainItems(finding).map((item) => ({
    label: item.label,
    detail: item.detail,
    action: item.action,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `GradLens: ${lensTitle(finding)}`,
    matchOnDetail: true,
  });
  if (!picked?.action) return;
  if (picked.action.kind === 'panel') {
    await panels.show(claimRef(document.uri.toString(), finding));
    return;
  }
  const range = toVsRange(picked.action.range);
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

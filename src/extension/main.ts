// Extension entry (bundled to dist/extension.js). Everything lives in one Ctx; activation
// failures are logged and shown, then rethrown so VS Code marks the extension as failed.
import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { showFailure } from './errors';
import type { GradLensExports } from './exports';
import { GradLensPanel } from './panel';

export function activate(extension: vscode.ExtensionContext): GradLensExports {
  const log = vscode.window.createOutputChannel('GradLens', { log: true });
  extension.subscriptions.push(log);
  try {
    const ctx = new Ctx(extension, log);
    extension.subscriptions.push(ctx);
    const exports = ctx.exports();
    // The panel reads the findings the diagnostics manager keeps; "Show Panel" and the
    // CodeLens reach it through the panel hook.
    const panel = GradLensPanel.register(extension, {
      getFindings: (uri) => exports.getFindings(uri),
      onDidChangeFindings: exports.onDidChangeFindings,
      log,
    });
    extension.subscriptions.push(panel, exports.registerPanel({ show: (claim) => panel.showClaim(claim) }));
    return exports;
  } catch (error) {
    void showFailure(log, 'activation', error);
    throw error;
  }
}

export function deactivate(): void {
  // Ctx is disposed through extension.subscriptions.
}

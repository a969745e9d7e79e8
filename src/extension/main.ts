// Extension entry (bundled to dist/extension.js). Everything lives in one Ctx; activation
// failures are logged and shown, then rethrown so VS Code marks the extension as failed.
import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { showFailure } from './errors';
import type { GradLensExports } from './exports';

export function activate(extension: vscode.ExtensionContext): GradLensExports {
  const log = vscode.window.createOutputChannel('GradLens', { log: true });
  extension.subscriptions.push(log);
  try {
    const ctx = new Ctx(extension, log);
    extension.subscriptions.push(ctx);
    return ctx.exports();
  } catch (error) {
    void showFailure(log, 'activation', error);
    throw error;
  }
}

export function deactivate(): void {
  // Ctx is disposed through extension.subscriptions.
}

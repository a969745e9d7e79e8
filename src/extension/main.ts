// Extension entry (bundled to dist/extension.js). Everything lives in one Ctx; activation
// failures are logged and shown, then rethrown so VS Code marks the extension as failed.
import * as vscode from 'vscode';
import { claimDetail, documentMacros } from './claimDetail';
import { Ctx } from './ctx';
import { showFailure } from './errors';
import type { GradLensExports } from './exports';
import { GradLensPanel } from './panel';
import { deriveClaim } from './panelDerivation';
import { checkExpressionShapesOnly } from './panelExpression';

export function activate(extension: vscode.ExtensionContext): GradLensExports {
  const log = vscode.window.createOutputChannel('GradLens', { log: true });
  extension.subscriptions.push(log);
  try {
    const ctx = new Ctx(extension, log);
    extension.subscriptions.push(ctx);
    const exports = ctx.exports();
    // The panel reads the findings the diagnostics manager keeps; "Show Panel" and the
    // CodeLens reach it through the panel hook.
    let expressionCount = 0;
    const panel = GradLensPanel.register(extension, {
      getFindings: (uri) => exports.getFindings(uri),
      onDidChangeFindings: exports.onDidChangeFindings,
      getDetail: (uri, index) => claimDetail(uri, index, ctx),
      getMacros: (uri) => documentMacros(uri, ctx),
      deriveClaim: (uri, claim) => deriveClaim(ctx, uri, claim),
      log,
      // The input box: shapes and symbol tables on the host (cheap), numbers in the worker.
      checkExpression: async (request) => {
        const shapes = await checkExpressionShapesOnly(request, ctx.config.conventions);
        const id = ++expressionCount;
        const document = {
          uri: `gradlens-expression:${id}`,
          version: id,
          language: 'markdown' as const,
          text: '',
        };
        const outcome = await ctx.worker.check(document, {
          expression: request,
          conventions: ctx.config.conventions,
          numeric: ctx.config.numeric,
        });
        if (outcome.kind !== 'result') return shapes;
        return { ...shapes, findings: outcome.findings, numeric: 'done' };
      },
    });
    extension.subscriptions.push(
      panel,
      exports.registerPanel({
        show: (claim) => panel.showClaim(claim),
        snapshot: () => panel.snapshot(),
      }),
    );
    return exports;
  } catch (error) {
    void showFailure(log, 'activation', error);
    throw error;
  }
}

export function deactivate(): void {
  // Ctx is disposed through extension.subscriptions.
}

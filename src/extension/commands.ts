// The command table: one entry per command in package.json's contributes.commands. The context
// registers them all, each wrapped so that a failure is shown and logged, never lost.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { deriveGradientCommand } from './deriveCommand';
import { explainClaimAtCursor } from './explain';
import { tally, statusText } from './lensModel';
import { markdownCells } from './notebooks';
import { isClaimRef } from './panelHook';
import { isCheckable } from './sourceDocument';

export type Command = (ctx: Ctx, ...args: unknown[]) => unknown;

export const COMMANDS: Record<string, Command> = {
  'gradlens.checkFile': checkCurrentFile,
  'gradlens.checkWorkspace': (ctx) => ctx.checkWorkspace(),
  'gradlens.showPanel': (ctx, claim) => ctx.panels.show(isClaimRef(claim) ? claim : undefined),
  'gradlens.explainClaim': (ctx) => explainClaimAtCursor(ctx.diagnostics, ctx.panels),
  'gradlens.deriveGradient': (ctx, args) => deriveGradientCommand(ctx, args),
  'gradlens.restartWorker': async (ctx) => {
    await ctx.restartWorker();
    void vscode.window.showInformationMessage(
      'GradLens: the worker was restarted; open documents are being checked again.',
    );
  },
};

/** The active text document, or every markdown cell of the active notebook. */
async function checkCurrentFile(ctx: Ctx): Promise<void> {
  const notebook = vscode.window.activeNotebookEditor?.notebook;
  const documents = notebook
    ? markdownCells(notebook)
    : vscode.window.activeTextEditor
      ? [vscode.window.activeTextEditor.document]
      : [];
  const scope = ctx.config.scope;
  const checkable = documents.filter((d) => isCheckable(d, scope));
  if (checkable.length === 0) {
    const what = documents.length
      ? `documents of language '${documents[0].languageId}' here (see gradlens.languages and gradlens.exclude)`
      : 'this editor';
    void vscode.window.showInformationMessage(`GradLens: nothing to check in ${what}.`);
    return;
  }
  const findings = [];
  // A notebook's cells are read together: one check for all of them.
  for (const document of notebook ? checkable.slice(0, 1) : checkable) {
    const result = notebook
      ? await ctx.diagnostics.checkNotebookNow(notebook)
      : await ctx.diagnostics.checkNow(document);
    if (result?.kind === 'findings') findings.push(...result.findings);
    else if (result && result.kind !== 'superseded') {
      void vscode.window.showWarningMessage(
        `GradLens: the check did not finish (${result.kind === 'crashed' ? result.message : result.kind}).`,
      );
      return;
    }
  }
  vscode.window.setStatusBarMessage(`${statusText(tally(findings))} (checked just now)`, 5_000);
}

// "GradLens: Derive Gradient…": on a definition (φ = …, f(X) = …) at the cursor's line, or a
// selected expression, ask for the variable (a quick pick of the matrix and vector symbols in
// it), derive in the worker and insert the checked derivation block below the display. Tests
// and keybindings pass { uri, line, wrt } to skip the editor's cursor and the quick pick.
// Nothing is written but the one WorkspaceEdit; when it cannot derive, a message says why.
import * as vscode from 'vscode';
import type { DeriveWhere, VariableChoice } from '../core/derive/deriveAt';
import type { DerivedRow } from '../protocol/worker';
import type { DeriveClientOutcome } from '../worker/client';
import type { Ctx } from './ctx';
import { toSourceDocument } from './sourceDocument';

export interface DeriveArgs {
  uri?: string;
  /** 0-based line of the objective. */
  line?: number;
  /** The variable, as GradLens names it (X, \Sigma). */
  wrt?: string;
}

/** What the command did, for tests and keybinding users. */
export type DeriveCommandResult =
  | { kind: 'inserted'; uri: string; wrt: string; rows: DerivedRow[]; block: string; line: number }
  | { kind: 'not-derived'; reason: string }
  | { kind: 'cancelled' };

export async function deriveGradientCommand(ctx: Ctx, raw?: unknown): Promise<DeriveCommandResult> {
  const args = isDeriveArgs(raw) ? raw : {};
  const target = await targetOf(args);
  if (!target) return tell('open a Markdown or LaTeX note and put the cursor on a formula');
  const { document, where } = target;
  const query = { ...readingSettings(ctx), where };
  const version = document.version;
  let outcome = await ctx.worker.derive(toSourceDocument(document), {
    ...query,
    ...(args.wrt ? { wrt: args.wrt } : {}),
  });
  if (outcome.kind === 'choose') {
    const wrt = await chooseVariable(outcome.variables, outcome.preferred);
    if (!wrt) return { kind: 'cancelled' };
    outcome = await ctx.worker.derive(toSourceDocument(document), { ...query, wrt });
  }
  if (outcome.kind !== 'derived') return tell(reasonOf(outcome));
  if (document.isClosed) return tell('the document was closed');
  // the block's place is an offset in the version derived: a later edit may have moved it
  if (document.version !== version)
    return tell('the document changed while the gradient was derived; run the command again');
  const position = document.positionAt(outcome.insertAt);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, position, outcome.inserted);
  if (!(await vscode.workspace.applyEdit(edit))) return tell('the edit was not applied');
  return {
    kind: 'inserted',
    uri: document.uri.toString(),
    wrt: outcome.wrt,
    rows: outcome.rows,
    block: outcome.block,
    line: position.line + 1,
  };
}

async function targetOf(
  args: DeriveArgs,
): Promise<{ document: vscode.TextDocument; where: DeriveWhere } | undefined> {
  if (args.uri) {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
    const line = args.line ?? 0;
    return { document, where: { line } };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { document, selection } = editor;
  if (args.line !== undefined) return { document, where: { line: args.line } };
  if (!selection.isEmpty)
    return {
      document,
      where: { start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) },
    };
  return { document, where: { line: selection.active.line } };
}

async function chooseVariable(
  variables: VariableChoice[],
  preferred: string | undefined,
): Promise<string | undefined> {
  const ordered = [...variables].sort(
    (a, b) => Number(b.name === preferred) - Number(a.name === preferred),
  );
  const picked = await vscode.window.showQuickPick(
    ordered.map((v) => ({ label: v.display, description: v.shape, name: v.name })),
    { title: 'GradLens: derive the gradient with respect to', placeHolder: 'the variable' },
  );
  return picked?.name;
}

function readingSettings(ctx: Ctx) {
  const { macros, conventions } = ctx.config.checkSettings;
  return { macros, conventions };
}

function reasonOf(outcome: Exclude<DeriveClientOutcome, { kind: 'derived' }>): string {
  switch (outcome.kind) {
    case 'choose':
      return 'no variable was chosen';
    case 'failed':
      return outcome.reason;
    case 'crashed':
      return `the worker failed (${outcome.message})`;
    case 'timeout':
      return 'the derivation ran out of time';
    default:
      return 'the worker is not running';
  }
}

function tell(reason: string): DeriveCommandResult {
  void vscode.window.showInformationMessage(`GradLens: cannot derive a gradient here: ${reason}.`);
  return { kind: 'not-derived', reason };
}

function isDeriveArgs(value: unknown): value is DeriveArgs {
  if (typeof value !== 'object' || value === null) return false;
  const { uri, line, wrt } = value as Record<string, unknown>;
  return (
    (uri === undefined || typeof uri === 'string') &&
    (line === undefined || (typeof line === 'number' && Number.isInteger(line) && line >= 0)) &&
    (wrt === undefined || typeof wrt === 'string')
  );
}

// Failures are shown, not swallowed: logged with their stack, and a notification with a way to
// the log. Used for activation and for every command.
import * as vscode from 'vscode';

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function showFailure(
  log: vscode.LogOutputChannel,
  scope: string,
  error: unknown,
): Promise<void> {
  log.error(error instanceof Error ? error : `${scope}: ${String(error)}`);
  const choice = await vscode.window.showErrorMessage(
    `GradLens: ${scope} failed: ${describe(error)}`,
    'Show Log',
  );
  if (choice === 'Show Log') log.show();
}

// "GradLens: Check Workspace": every Markdown, LaTeX and notebook file of the languages in
// gradlens.languages, one after another, with a cancellable progress notification. Open
// documents are checked as they are in the editor, notebooks through their markdown cells,
// other files from disk (vscode.workspace.fs, so virtual workspaces work too).
import * as vscode from 'vscode';
import { languageOfPath } from '../core/document';
import type { Finding } from '../core/report';
import type { Checker } from './checker';
import type { Config } from './config';
import type { DiagnosticsManager } from './diagnostics';
import type { ReadingStore } from './readingStore';
import { tally, type Tally } from './lensModel';
import { markdownCells } from './notebooks';
import { isCheckable, isExcludedUri, languageOf } from './sourceDocument';

export interface WorkspaceCheckDeps {
  config: Config;
  checker: Checker;
  readings: ReadingStore;
  diagnostics: DiagnosticsManager;
  log: vscode.LogOutputChannel;
}

const EXCLUDE = '**/{node_modules,.git,dist,out,build,.venv,.ipynb_checkpoints}/**';
const MAX_FILES = 5_000;
/** The CLI's limit too: a file this large is a data dump, not notes. */
const MAX_BYTES = 20 * 1024 * 1024;

export async function checkWorkspace(deps: WorkspaceCheckDeps): Promise<void> {
  const extensions = fileExtensions(deps.config.languages);
  if (extensions.length === 0) {
    void vscode.window.showInformationMessage(
      'GradLens: gradlens.languages names no language GradLens can find files for (markdown, latex, tex).',
    );
    return;
  }
  const total: Tally = { holds: 0, problems: 0, unchecked: 0 };
  let checked = 0;
  let files: vscode.Uri[] = [];
  const cancelled = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'GradLens: checking the workspace',
      cancellable: true,
    },
    async (progress, token) => {
      files = await vscode.workspace.findFiles(
        `**/*.{${extensions.join(',')}}`,
        EXCLUDE,
        MAX_FILES,
        token,
      );
      const exclude = deps.config.exclude;
      files = files.filter((uri) => !isExcludedUri(uri, exclude));
      for (const uri of files) {
        if (token.isCancellationRequested) return true;
        progress.report({
          message: `${checked}/${files.length} files · ✓ ${total.holds} ✗ ${total.problems}`,
          increment: 100 / files.length,
        });
        try {
          const counts = tally(await checkFile(deps, uri));
          total.holds += counts.holds;
          total.problems += counts.problems;
          total.unchecked += counts.unchecked;
        } catch (error) {
          deps.log.warn(
            `GradLens: could not check ${uri.toString()}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        checked++;
      }
      return token.isCancellationRequested;
    },
  );
  const summary = `${checked} of ${files.length} files: ✓ ${total.holds} claims hold, ✗ ${total.problems} problems${total.unchecked ? `, ${total.unchecked} not checked` : ''}`;
  deps.log.info(`GradLens: workspace check ${cancelled ? 'cancelled after' : 'done,'} ${summary}`);
  const choice = await vscode.window.showInformationMessage(
    `GradLens: ${cancelled ? 'cancelled after ' : 'checked '}${summary}.`,
    'Show Problems',
  );
  if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
}

/** File name endings for the enabled languages; markdown brings notebooks along. */
export function fileExtensions(languages: readonly string[]): string[] {
  const extensions: string[] = [];
  if (languages.includes('markdown'))
    extensions.push('md', 'markdown', 'mdx', 'qmd', 'rmd', 'ipynb');
  if (languages.some((id) => languageOf(id) === 'latex')) extensions.push('tex', 'latex', 'ltx');
  return extensions;
}

async function checkFile(deps: WorkspaceCheckDeps, uri: vscode.Uri): Promise<readonly Finding[]> {
  const key = uri.toString();
  if (uri.path.toLowerCase().endsWith('.ipynb')) {
    const notebook =
      vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === key) ??
      (await vscode.workspace.openNotebookDocument(uri));
    if (markdownCells(notebook).length === 0) return [];
    const result = await deps.diagnostics.checkNotebookNow(notebook);
    return result?.kind === 'findings' ? result.findings : [];
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  if (open && isCheckable(open, deps.config.scope)) {
    const result = await deps.diagnostics.checkNow(open);
    return result?.kind === 'findings' ? result.findings : [];
  }
  const language = languageOfPath(uri.path);
  if (!language) return [];
  if ((await vscode.workspace.fs.stat(uri)).size > MAX_BYTES) {
    deps.log.warn(`GradLens: ${key} is larger than ${MAX_BYTES / 1024 / 1024} MB; not checked`);
    return [];
  }
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const result = await deps.checker.check(
    { uri: key, version: 0, language, text },
    deps.config.checkSettings,
  );
  // A file nobody has open keeps no reading on the host.
  deps.readings.forget(key);
  if (result.kind !== 'findings') return [];
  deps.diagnostics.publishFromDisk(uri, result.findings);
  return result.findings;
}

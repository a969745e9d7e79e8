// "GradLens: Check Workspace": every Markdown, LaTeX and notebook file of the languages in
// gradlens.languages, one after another, with a cancellable progress notification. Open
// documents are checked as they are in the editor, notebooks through their markdown cells,
// other files from disk (vscode.workspace.fs, so virtual workspaces work too). The findings
// of files read from disk then follow the files (DiskFindings, below).
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
  const findings = await checkFromDisk(deps, uri);
  if (findings) deps.diagnostics.publishFromDisk(uri, findings);
  return findings ?? [];
}

/** A Markdown or LaTeX file read from disk and checked; undefined when it is not checked. */
async function checkFromDisk(
  deps: WorkspaceCheckDeps,
  uri: vscode.Uri,
): Promise<readonly Finding[] | undefined> {
  const key = uri.toString();
  const language = languageOfPath(uri.path);
  if (!language || language === 'notebook') return undefined;
  if ((await vscode.workspace.fs.stat(uri)).size > MAX_BYTES) {
    deps.log.warn(`GradLens: ${key} is larger than ${MAX_BYTES / 1024 / 1024} MB; not checked`);
    return undefined;
  }
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const result = await deps.checker.check(
    { uri: key, version: 0, language, text },
    deps.config.checkSettings,
  );
  // A file nobody has open keeps no reading on the host.
  deps.readings.forget(key);
  return result.kind === 'findings' ? result.findings : undefined;
}

/** Whether Check Workspace would check this path under gradlens.languages (by its ending). */
export function inLanguageScope(path: string, languages: readonly string[]): boolean {
  const dot = path.lastIndexOf('.');
  return dot >= 0 && fileExtensions(languages).includes(path.slice(dot + 1).toLowerCase());
}

/** Whether an editor tab shows this notebook. */
function inTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some(
      (tab) => tab.input instanceof vscode.TabInputNotebook && tab.input.uri.toString() === key,
    ),
  );
}

/** `uri` itself, or a file inside it when it is a folder. */
function isAtOrUnder(candidate: vscode.Uri, uri: vscode.Uri): boolean {
  if (candidate.scheme !== uri.scheme || candidate.authority !== uri.authority) return false;
  const folder = uri.path.replace(/\/+$/, '');
  return candidate.path === folder || candidate.path.startsWith(`${folder}/`);
}

/**
 * Findings follow the files. What Check Workspace published for a file nobody has open (a
 * diagnostics entry without a version) is dropped when the file or its folder is deleted,
 * moves along with a rename made in VS Code, is checked again when the file changes on disk,
 * and is dropped when gradlens.languages or gradlens.exclude no longer covers the file. Open
 * documents are not touched: their own findings follow their text.
 */
export class DiskFindings implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];
  /** Per file, bumped whenever its findings are dropped: a recheck that started before publishes nothing. */
  private readonly epochs = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();
  /** Changed again while its recheck ran: check once more when that one ends. */
  private readonly dirty = new Set<string>();
  /** Renames announced by onWillRenameFiles: the files from disk each one moves. */
  private moves: { from: vscode.Uri; to: vscode.Uri }[] = [];

  constructor(private readonly deps: WorkspaceCheckDeps) {
    // Creations are left to the next Check Workspace; '**/*' so that a deleted folder is seen.
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', true, false, false);
    this.subscriptions = [
      watcher,
      watcher.onDidDelete((uri) => this.dropAtOrUnder(uri, 'deleted')),
      watcher.onDidChange((uri) => this.onChangedOnDisk(uri)),
      vscode.workspace.onWillRenameFiles((event) => this.noteMoves(event.files)),
      vscode.workspace.onDidRenameFiles(() => this.applyMoves()),
      deps.config.onDidChange((_effects, names) => {
        if (names.includes('languages') || names.includes('exclude')) this.dropOutOfScope();
      }),
    ];
  }

  /** Resolves when no recheck from disk is running. */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  /** Entries published from disk for files that are not open now. */
  private fromDisk(): vscode.Uri[] {
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    return this.deps.diagnostics
      .allResults()
      .filter((entry) => entry.version === undefined && !open.has(entry.uri.toString()))
      .map((entry) => entry.uri);
  }

  private drop(uri: vscode.Uri, why: string): void {
    const key = uri.toString();
    this.epochs.set(key, (this.epochs.get(key) ?? 0) + 1);
    this.dirty.delete(key);
    this.deps.diagnostics.forget(uri);
    this.deps.log.debug(`GradLens: findings of ${key} dropped: ${why}`);
  }

  private dropAtOrUnder(uri: vscode.Uri, why: string): void {
    for (const entry of this.fromDisk()) if (isAtOrUnder(entry, uri)) this.drop(entry, why);
    // A notebook Check Workspace opened in the background has per-cell findings; one shown
    // in a tab keeps them (like an open text document whose file went away).
    for (const notebook of vscode.workspace.notebookDocuments)
      if (isAtOrUnder(notebook.uri, uri) && !inTab(notebook.uri))
        for (const cell of notebook.getCells())
          if (this.deps.diagnostics.resultFor(cell.document.uri)) this.drop(cell.document.uri, why);
  }

  private dropOutOfScope(): void {
    const { languages, exclude } = this.deps.config;
    for (const entry of this.fromDisk())
      if (!inLanguageScope(entry.path, languages))
        this.drop(entry, 'its language is no longer in gradlens.languages');
      else if (isExcludedUri(entry, exclude)) this.drop(entry, 'gradlens.exclude leaves it out');
  }

  private onChangedOnDisk(uri: vscode.Uri): void {
    if (this.fromDisk().some((entry) => entry.toString() === uri.toString())) this.recheck(uri);
  }

  private noteMoves(files: readonly { oldUri: vscode.Uri; newUri: vscode.Uri }[]): void {
    for (const { oldUri, newUri } of files)
      for (const entry of this.fromDisk())
        if (isAtOrUnder(entry, oldUri)) {
          const rest = entry.path.slice(oldUri.path.replace(/\/+$/, '').length);
          this.moves.push({ from: entry, to: newUri.with({ path: newUri.path + rest }) });
        }
  }

  private applyMoves(): void {
    const moves = this.moves;
    this.moves = [];
    for (const { from, to } of moves) {
      this.drop(from, `renamed to ${to.toString()}`);
      if (inLanguageScope(to.path, this.deps.config.languages)) this.recheck(to);
    }
  }

  /** Reads the file from disk again and publishes its findings, one check per file at a time. */
  private recheck(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.running.has(key)) {
      this.dirty.add(key);
      return;
    }
    const run = async () => {
      do {
        this.dirty.delete(key);
        const epoch = this.epochs.get(key) ?? 0;
        const findings = await checkFromDisk(this.deps, uri);
        if (!findings || (this.epochs.get(key) ?? 0) !== epoch) continue;
        if (isExcludedUri(uri, this.deps.config.exclude)) continue;
        this.deps.diagnostics.publishFromDisk(uri, findings);
      } while (this.dirty.has(key));
    };
    const done = run()
      .catch((error: unknown) =>
        this.deps.log.warn(
          `GradLens: could not check ${key} again: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .finally(() => this.running.delete(key));
    this.running.set(key, done);
  }
}

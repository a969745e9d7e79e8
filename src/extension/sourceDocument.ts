// Between VS Code's documents and the core's: which documents GradLens reads, and the tiny
// SourceDocument the core takes. URIs of every scheme are welcome (untitled files, notebook
// cells, virtual workspaces); only views of other things (git diffs, output) are left out.
import * as vscode from 'vscode';
import type { DocumentLanguage, Range } from '../core/document';
import { isExcluded } from '../core/glob';

export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';

/** Schemes whose documents are views of something else: checking them would duplicate findings. */
const IGNORED_SCHEMES: ReadonlySet<string> = new Set([
  'git',
  'output',
  'vscode-scm',
  'gitlens',
  'merge-conflict.conflict-diff',
]);

const LATEX_IDS: ReadonlySet<string> = new Set([
  'latex',
  'tex',
  'latex-expl3',
  'context',
  'doctex',
]);

/** How the core should scan a document of this language id (markdown unless it is TeX). */
export function languageOf(languageId: string): DocumentLanguage {
  return LATEX_IDS.has(languageId) ? 'latex' : 'markdown';
}

/** Which documents GradLens checks: gradlens.languages and gradlens.exclude. */
export interface CheckScope {
  languages: readonly string[];
  exclude: readonly string[];
}

export function isCheckable(document: vscode.TextDocument, scope: CheckScope): boolean {
  return (
    !document.isClosed &&
    !IGNORED_SCHEMES.has(document.uri.scheme) &&
    scope.languages.includes(document.languageId) &&
    !isExcludedUri(document.uri, scope.exclude)
  );
}

/**
 * True when a gradlens.exclude glob matches the document's path relative to a workspace folder
 * that holds it (as files.exclude does), or its whole path without the leading `/` (so globs that
 * start with `**` reach files outside the workspace too). A notebook cell's path is its notebook's.
 */
export function isExcludedUri(uri: vscode.Uri, exclude: readonly string[]): boolean {
  if (exclude.length === 0) return false;
  const path = uri.path;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const base = folder.uri.path.replace(/\/+$/, '') + '/';
    if (path.startsWith(base) && isExcluded(path.slice(base.length), exclude)) return true;
  }
  return isExcluded(path.replace(/^\/+/, ''), exclude);
}

export function toSourceDocument(document: vscode.TextDocument): {
  uri: string;
  version: number;
  language: DocumentLanguage;
  text: string;
} {
  return {
    uri: document.uri.toString(),
    version: document.version,
    language: languageOf(document.languageId),
    text: document.getText(),
  };
}

export function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(
    range.start.line,
    range.start.character,
    range.end.line,
    range.end.character,
  );
}

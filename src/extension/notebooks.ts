// Jupyter notebooks: each markdown cell is its own text document (scheme vscode-notebook-cell),
// but the cells are read together as one markdown document (declarations, definitions and
// macros reach across cells) and the findings go back to their cells. Cells come and go with
// notebook edits, so the notebook events are watched too, not only the text-document ones.
import * as vscode from 'vscode';
import type { Section, SourceDocument } from '../core/document';
import { joinCells, type JoinedCells } from './notebookText';
import { isCheckable, NOTEBOOK_CELL_SCHEME, type CheckScope } from './sourceDocument';

export function markdownCells(notebook: vscode.NotebookDocument): vscode.TextDocument[] {
  return notebook
    .getCells()
    .filter((cell) => cell.kind === vscode.NotebookCellKind.Markup)
    .map((cell) => cell.document);
}

export interface NotebookListener {
  /** A markdown cell to check: in a notebook just opened, or added (a kind change re-adds a cell). */
  cell(document: vscode.TextDocument): void;
  /** A cell gone (deleted, or its notebook closed): its findings go too. */
  gone(uri: vscode.Uri): void;
  /** A notebook closed (after `gone` for each of its cells). */
  closed(notebook: vscode.NotebookDocument): void;
  /** Cells removed: the others are read again without them. */
  changed(notebook: vscode.NotebookDocument): void;
}

export function watchNotebooks(listener: NotebookListener): vscode.Disposable[] {
  return [
    vscode.workspace.onDidOpenNotebookDocument((notebook) =>
      markdownCells(notebook).forEach((d) => listener.cell(d)),
    ),
    vscode.workspace.onDidCloseNotebookDocument((notebook) => {
      notebook.getCells().forEach((cell) => listener.gone(cell.document.uri));
      listener.closed(notebook);
    }),
    vscode.workspace.onDidChangeNotebookDocument((event) => {
      let removed = false;
      for (const change of event.contentChanges) {
        for (const cell of change.removedCells) {
          listener.gone(cell.document.uri);
          removed = true;
        }
        for (const cell of change.addedCells)
          if (cell.kind === vscode.NotebookCellKind.Markup) listener.cell(cell.document);
      }
      // A removed cell may have held a declaration the others use.
      if (removed) listener.changed(event.notebook);
      // Edits inside a cell arrive as text-document changes (debounced like any document's);
      // event.cellChanges (outputs, metadata, the same text edits) needs nothing more.
    }),
  ];
}

/** The notebook a cell document belongs to, if it is open. */
export function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== NOTEBOOK_CELL_SCHEME) return undefined;
  const key = document.uri.toString();
  return vscode.workspace.notebookDocuments.find((n) =>
    n.getCells().some((cell) => cell.document.uri.toString() === key),
  );
}

export interface NotebookReading {
  /** The markdown cells joined into one document (uri: the notebook's, with a fragment). */
  source: SourceDocument;
  joined: JoinedCells;
  cells: vscode.TextDocument[];
  /** The cells' versions the text was taken from. */
  versions: number[];
  /** Where each cell starts, named as the notebook numbers it (code cells count too). */
  sections: Section[];
}

/**
 * Joins a notebook's markdown cells, with a version per notebook that rises whenever the
 * joined text changes and stays put while it does not: the worker supersedes by version, and
 * the host's cached reading is found again by a hover on the same text.
 */
export class NotebookTexts {
  private readonly last = new Map<string, { text: string; version: number }>();
  private counter = 0;

  read(notebook: vscode.NotebookDocument, scope: CheckScope): NotebookReading {
    const cells = markdownCells(notebook).filter((d) => isCheckable(d, scope));
    const joined = joinCells(cells.map((d) => ({ uri: d.uri.toString(), text: d.getText() })));
    const uri = notebook.uri.with({ fragment: 'gradlens-markdown-cells' }).toString();
    const previous = this.last.get(uri);
    const version = previous?.text === joined.text ? previous.version : ++this.counter;
    this.last.set(uri, { text: joined.text, version });
    const number = new Map(
      notebook.getCells().map((cell) => [cell.document.uri.toString(), cell.index + 1]),
    );
    const sections = joined.parts.map((part) => ({
      line: part.line,
      name: `cell ${number.get(part.uri) ?? '?'}`,
    }));
    return {
      source: { uri, version, language: 'markdown', text: joined.text },
      joined,
      cells,
      versions: cells.map((d) => d.version),
      sections,
    };
  }

  forget(notebook: vscode.NotebookDocument): void {
    this.last.delete(notebook.uri.with({ fragment: 'gradlens-markdown-cells' }).toString());
  }
}

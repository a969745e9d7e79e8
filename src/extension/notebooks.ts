// Jupyter notebooks: each markdown cell is its own text document (scheme vscode-notebook-cell)
// and is checked as a markdown document. Cells come and go with notebook edits, so the
// notebook events are watched too, not only the text-document ones.
import * as vscode from 'vscode';

export function markdownCells(notebook: vscode.NotebookDocument): vscode.TextDocument[] {
  return notebook.getCells().filter((cell) => cell.kind === vscode.NotebookCellKind.Markup).map((cell) => cell.document);
}

export interface NotebookListener {
  /** A markdown cell to check: in a notebook just opened, or added (a kind change re-adds a cell). */
  cell(document: vscode.TextDocument): void;
  /** A cell gone (deleted, or its notebook closed): its findings go too. */
  gone(uri: vscode.Uri): void;
}

export function watchNotebooks(listener: NotebookListener): vscode.Disposable[] {
  return [
    vscode.workspace.onDidOpenNotebookDocument((notebook) => markdownCells(notebook).forEach((d) => listener.cell(d))),
    vscode.workspace.onDidCloseNotebookDocument((notebook) => notebook.getCells().forEach((cell) => listener.gone(cell.document.uri))),
    vscode.workspace.onDidChangeNotebookDocument((event) => {
      for (const change of event.contentChanges) {
        for (const cell of change.removedCells) listener.gone(cell.document.uri);
        for (const cell of change.addedCells) if (cell.kind === vscode.NotebookCellKind.Markup) listener.cell(cell.document);
      }
      // Edits inside a cell arrive as text-document changes (debounced like any document's);
      // event.cellChanges (outputs, metadata, the same text edits) needs nothing more.
    }),
  ];
}

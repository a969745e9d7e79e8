// Hovers inside math: the shape of the subexpression under the cursor, asked of the reader
// worker for this very version (the editor's token cancels it), and the worker's last verdict
// on a claim there.
import * as vscode from 'vscode';
import { settingsKey } from './checker';
import type { Config } from './config';
import type { DiagnosticsManager } from './diagnostics';
import { findingAt, hoverMarkdown } from './hoverModel';
import type { HoverShapes } from './hoverShapes';
import { hostSource } from './hostReading';

export class ShapeHovers implements vscode.HoverProvider {
  constructor(
    readonly config: Config,
    readonly shapes: HoverShapes,
    readonly diagnostics: DiagnosticsManager,
  ) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const text = await this.hoverText(document, position, token);
    return text === undefined ? undefined : new vscode.Hover(new vscode.MarkdownString(text));
  }

  /** The hover's Markdown (also what the exports' hoverAt returns). */
  async hoverText(
    document: vscode.TextDocument,
    position: vscode.Position,
    token?: vscode.CancellationToken,
  ): Promise<string | undefined> {
    const version = document.version;
    const at = hostSource(document, this.diagnostics);
    const settings = this.config.checkSettings;
    const shape = await this.shapes.shapeAt(
      at.source,
      { macros: settings.macros, conventions: settings.conventions, sections: at.sections },
      settingsKey(settings),
      at.offset + document.offsetAt(position),
      token,
    );
    // The text moved on while the worker read: that shape belongs to other offsets.
    if (token?.isCancellationRequested || document.version !== version) return undefined;
    // A verdict is shown only for the version it was given for: ranges of older ones may have moved.
    const published = this.diagnostics.resultFor(document.uri);
    const current =
      published && (published.version === undefined || published.version === document.version);
    const finding = current
      ? findingAt(published.findings, { line: position.line, character: position.character })
      : undefined;
    return hoverMarkdown(shape, finding);
  }
}

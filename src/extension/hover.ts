// Hovers inside math: the shape of the subexpression under the cursor, from the host's cached
// shapes-only reading of this very version, and the worker's last verdict on a claim there.
import * as vscode from 'vscode';
import type { Config } from './config';
import type { DiagnosticsManager } from './diagnostics';
import type { HostAnalyses } from './hostAnalysis';
import { findingAt, hoverMarkdown, shapeAt } from './hoverModel';
import { hostReading } from './hostReading';

export class ShapeHovers implements vscode.HoverProvider {
  constructor(
    readonly config: Config,
    readonly analyses: HostAnalyses,
    readonly diagnostics: DiagnosticsManager,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const text = this.hoverText(document, position);
    return text === undefined ? undefined : new vscode.Hover(new vscode.MarkdownString(text));
  }

  /** The hover's Markdown (also what the exports' hoverAt returns). */
  hoverText(document: vscode.TextDocument, position: vscode.Position): string | undefined {
    const reading = hostReading(document, this);
    const shape = reading
      ? shapeAt(reading.analysis, reading.offset + document.offsetAt(position))
      : undefined;
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

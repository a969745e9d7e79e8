// The quick fixes on GradLens diagnostics, in one provider: "Assume A is symmetric" (preferred,
// when the finding holds once an assumption is stated; assumeFix.ts builds the directive) and
// "Don't check this claim" (silenceFix.ts builds the comment). Each inserts one line above the
// claim; nothing is written unless the user picks it. A wrong gradient claim with a verified
// suggestion also gets "Replace with the gradient: …" and, for a diagnosed sign, transpose or
// factor, the smallest edit of the writer's own side (negate, transpose, scale) before it; each
// replaces the right-hand side (deriveFix.ts).
import * as vscode from 'vscode';
import type { DocumentLanguage } from '../core/document';
import type { Finding } from '../core/report';
import { assumeFix } from './assumeFix';
import { deriveFixes } from './deriveFix';
import type { DiagnosticsManager } from './diagnostics';
import { silenceFix } from './silenceFix';
import { languageOf } from './sourceDocument';

interface LineFix {
  title: string;
  /** 0-based line the text goes above; `text` is inserted at its first character. */
  line: number;
  text: string;
}

const FIXES: {
  build: (text: string, language: DocumentLanguage, finding: Finding) => LineFix | undefined;
  preferred: boolean;
}[] = [
  { build: assumeFix, preferred: true },
  { build: silenceFix, preferred: false },
];

export class QuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly diagnostics: DiagnosticsManager) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const text = document.getText();
    const language = languageOf(document.languageId);
    const byEdit = new Map<string, vscode.CodeAction>();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'GradLens') continue;
      const finding = this.diagnostics.findingOf(document, diagnostic);
      if (!finding) continue;
      for (const { build, preferred } of FIXES) {
        const fix = build(text, language, finding);
        if (!fix) continue;
        // Several diagnostics on one claim (or region) want the same line: one edit for all.
        const key = `${fix.line}:${fix.text}`;
        const known = byEdit.get(key);
        if (known) {
          known.diagnostics!.push(diagnostic);
          continue;
        }
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = preferred;
        action.edit = new vscode.WorkspaceEdit();
        action.edit.insert(document.uri, new vscode.Position(fix.line, 0), fix.text);
        byEdit.set(key, action);
      }
      for (const replace of deriveFixes(text, finding)) {
        const { start, end } = replace.range;
        const key = `replace:${start.line}:${start.character}:${end.line}:${end.character}:${replace.newText}`;
        const known = byEdit.get(key);
        if (known) {
          known.diagnostics!.push(diagnostic);
          continue;
        }
        const action = new vscode.CodeAction(replace.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        // Verified against autodiff, so preferred, unless an assumption already makes the
        // writer's own claim hold (then that is what they meant).
        action.isPreferred = ![...byEdit.values()].some(
          (a) => a.isPreferred && a.diagnostics!.includes(diagnostic),
        );
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(
          document.uri,
          new vscode.Range(start.line, start.character, end.line, end.character),
          replace.newText,
        );
        byEdit.set(key, action);
      }
    }
    return [...byEdit.values()];
  }
}

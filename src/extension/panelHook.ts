// The seam between the extension host and the webview panel, which another module provides:
// the panel registers a hook, and "GradLens: Show Panel", CodeLens clicks and diagnostic code
// links call it with the claim to show. Until a panel registers, the command says so.
import * as vscode from 'vscode';
import type { Finding } from '../core/report';
import type { PanelHostSnapshot } from './panel';

/** A claim by place: plain JSON, so it travels in command URIs and CodeLens arguments. */
export interface ClaimRef {
  uri: string;
  line: number;
  character: number;
}

export interface PanelHook {
  /** Shows the panel; on `claim`, when given (its findings come from the exports' getFindings). */
  show(claim: ClaimRef | undefined): void | Thenable<void>;
  /** What the panel holds and last sent to its page (for the real-VS-Code tests). */
  snapshot?(): PanelHostSnapshot;
}

export function claimRef(uri: string, finding: Finding): ClaimRef {
  return { uri, line: finding.range.start.line, character: finding.range.start.character };
}

export function isClaimRef(value: unknown): value is ClaimRef {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.uri === 'string' && typeof v.line === 'number' && typeof v.character === 'number';
}

/** `command:gradlens.showPanel?[claim]`: opens the panel on a claim from a link. */
export function showPanelUri(claim: ClaimRef): vscode.Uri {
  return vscode.Uri.parse(
    `command:gradlens.showPanel?${encodeURIComponent(JSON.stringify([claim]))}`,
  );
}

export class PanelRegistry {
  private hook: PanelHook | undefined;

  register(hook: PanelHook): vscode.Disposable {
    this.hook = hook;
    return new vscode.Disposable(() => {
      if (this.hook === hook) this.hook = undefined;
    });
  }

  get registered(): boolean {
    return this.hook !== undefined;
  }

  snapshot(): PanelHostSnapshot | undefined {
    return this.hook?.snapshot?.();
  }

  async show(claim: ClaimRef | undefined): Promise<void> {
    if (!this.hook) {
      void vscode.window.showInformationMessage(
        'GradLens: the panel is not available in this version yet. Hover a claim or run "GradLens: Explain Claim at Cursor" to see its verdict.',
      );
      return;
    }
    await this.hook.show(claim);
  }
}

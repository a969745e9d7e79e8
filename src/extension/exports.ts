// What `activate` returns: a small API for the integration tests that run inside a real VS Code
// (and for the panel module). Obtain it with
//   const api = await vscode.extensions.getExtension('gradlens.gradlens')!.activate() as GradLensExports;
// Everything here reads live state; nothing here is needed by users.
import type * as vscode from 'vscode';
import type { Finding } from '../core/report';
import type { PanelHostSnapshot } from './panel';
import type { PanelHook } from './panelHook';

export interface GradLensExports {
  /** The findings last shown for `uri` (every verdict, ok and skipped included); [] if none. */
  getFindings(uri: vscode.Uri | string): readonly Finding[];
  /** Fires with the URI whose findings were published or cleared. */
  readonly onDidChangeFindings: vscode.Event<vscode.Uri>;
  /** The Markdown the hover shows at `position` in an open document, or undefined. */
  hoverAt(uri: vscode.Uri | string, position: vscode.Position): Promise<string | undefined>;
  /** Resolves once no check is scheduled or running (poll for state, never sleep). */
  whenIdle(): Promise<void>;
  worker: {
    /** A fresh worker thread; caches are dropped and open documents checked again. */
    restart(): Promise<void>;
    /** Counts worker starts: 1 after activation, +1 per restart. */
    readonly generation: number;
    /** Requests the worker has not answered yet. */
    readonly inFlight: number;
  };
  /** What the panel holds and last sent to its page (claims with their details), if one is registered. */
  panelSnapshot(): PanelHostSnapshot | undefined;
  /** The webview panel plugs in here; "GradLens: Show Panel" and CodeLens clicks call it. */
  registerPanel(hook: PanelHook): vscode.Disposable;
}

// The GradLens panel's host side: one webview panel at a time, following the active editor
// and its cursor like an info view. The extension context registers it once and gets back
// `show` (for the gradlens.showPanel command) and `refresh` (when findings change).
//
// Lifetimes: the registration (editor listeners, the serializer) lives as long as the
// extension; the webview panel and its listeners live until the user closes it. A panel
// hidden and shown again, moved, or restored after a window reload reloads its page; the page
// then says `ready` again and gets a fresh `show` (see PanelChannel).
import * as vscode from 'vscode';
import type { Range } from '../core/document';
import type { Finding } from '../core/report';
import type { Logger } from '../protocol/logger';
import {
  claimAt,
  isWebviewMessage,
  PANEL_PROTOCOL_VERSION,
  PANEL_VIEW_TYPE,
  sanitizeState,
  toPanelClaim,
  type CheckExpressionMessage,
  type ClaimDetail,
  type ExpressionOutcome,
  type ExpressionRequest,
  type HostMessage,
  type PanelClaim,
  type PanelDerivation,
  type RevealMessage,
  type ShowMessage,
  type WebviewMessage,
} from '../protocol/panel';
import { PanelChannel } from './panelChannel';
import { checkExpressionShapesOnly } from './panelExpression';
import { buildPanelHtml, createNonce } from './panelHtml';
import { decideReveal } from './revealGuard';

/** What the rest of the extension supplies. */
export interface PanelHooks {
  /** The current findings of a document (empty when it has none or is not checked yet). */
  getFindings(uri: vscode.Uri): readonly Finding[];
  /** What is known about finding `index` beyond the finding itself (symbol table, numbers). */
  getDetail?(uri: vscode.Uri, index: number): Partial<ClaimDetail> | undefined;
  /** The document's macros for typesetting its claims (KaTeX's `macros`). */
  getMacros?(uri: vscode.Uri): Record<string, string> | undefined;
  /**
   * Checks a plain-text expression. The real extension routes this to the worker; without it
   * the panel checks shapes on the host and marks the numeric check pending.
   */
  checkExpression?(
    request: ExpressionRequest,
    token: vscode.CancellationToken,
  ): Promise<ExpressionOutcome>;
  /**
   * The differential steps of a gradient claim's objective, each checked (the real extension
   * asks the worker); without it the panel shows no derivation section.
   */
  deriveClaim?(
    uri: vscode.Uri,
    claim: PanelClaim,
  ): Promise<{ derivation?: PanelDerivation; reason?: string }>;
  /** Fired with a document's URI when its findings change; or call `refresh(uri)` instead. */
  onDidChangeFindings?: vscode.Event<vscode.Uri>;
  /** Documents the panel follows; by default Markdown and LaTeX, and any with findings. */
  isSupported?(document: vscode.TextDocument): boolean;
  log: Logger;
}

/** What the panel reports about itself, for integration tests in a real VS Code. */
export interface PanelHostSnapshot {
  open: boolean;
  visible: boolean;
  ready: boolean;
  /** `ready` messages received since registration (one per page load). */
  readyCount: number;
  document: string | null;
  claims: number;
  selected: number | null;
  /** The last message posted or queued, by type. */
  last: Partial<Record<HostMessage['type'], HostMessage>>;
}

/** A claim by place (the shape of panelHook.ts's ClaimRef, which command URIs carry). */
export interface ClaimPlace {
  uri: string;
  line: number;
  character: number;
}

export interface PanelRegistration extends vscode.Disposable {
  /** Opens (or reveals) the panel; with a URI, shows that document, with claim `claimIndex` selected. */
  show(uri?: vscode.Uri, claimIndex?: number): void;
  /** Opens (or reveals) the panel on the claim at a place; without one, on the active editor. */
  showClaim(place?: ClaimPlace): void;
  /** Re-reads the findings of `uri` (or of the shown document) and updates the panel. */
  refresh(uri?: vscode.Uri): void;
  snapshot(): PanelHostSnapshot;
}

const SUPPORTED_LANGUAGES = new Set(['markdown', 'latex', 'tex']);

/** Derivations kept for the panel to show again without asking the worker. */
const MAX_DERIVATIONS_KEPT = 20;

type DerivationAnswer = { derivation?: PanelDerivation; reason?: string };

function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(
    range.start.line,
    range.start.character,
    range.end.line,
    range.end.character,
  );
}

function baseName(uri: vscode.Uri): string {
  const path = uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || uri.toString();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class GradLensPanel implements PanelRegistration {
  static readonly viewType = PANEL_VIEW_TYPE;

  /** Registers the serializer and the editor listeners; call once, during activation. */
  static register(
    context: Pick<vscode.ExtensionContext, 'extensionUri'>,
    hooks: PanelHooks,
  ): GradLensPanel {
    return new GradLensPanel(context.extensionUri, hooks);
  }

  private readonly disposables: vscode.Disposable[] = [];
  /** The webview panel's own lifetime: cleared when the user closes it. */
  private panelDisposables: vscode.Disposable[] = [];
  private webviewPanel: vscode.WebviewPanel | undefined;
  private channel: PanelChannel | undefined;
  private wasVisible = false;
  private readyCount = 0;
  private readonly last: PanelHostSnapshot['last'] = {};

  /** The document the panel follows, its claims as last sent, and the selected claim. */
  private document: vscode.Uri | undefined;
  private claims: PanelClaim[] = [];
  private selected: number | undefined;
  private lastColumn: vscode.ViewColumn | undefined;
  private expression: vscode.CancellationTokenSource | undefined;
  /** Derivations asked for, by document version and claim: each is derived once. */
  private readonly derivations = new Map<string, Promise<DerivationAnswer>>();

  private constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly hooks: PanelHooks,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (webviewPanel, state) => this.restore(webviewPanel, state),
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && this.isSupported(editor.document))
          this.follow(editor.document.uri, editor.selection.active, editor.viewColumn);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => this.onCursor(event)),
    );
    if (hooks.onDidChangeFindings)
      this.disposables.push(hooks.onDidChangeFindings((uri) => this.refresh(uri)));
  }

  // ── the registration API ──────────────────────────────────────────────────────────────

  show(uri?: vscode.Uri, claimIndex?: number): void {
    if (uri) {
      this.document = uri;
      this.claims = this.buildClaims(uri);
      this.selected =
        claimIndex !== undefined && claimIndex < this.claims.length
          ? claimIndex
          : this.cursorClaim();
    } else {
      const editor = vscode.window.activeTextEditor;
      if (editor && this.isSupported(editor.document))
        this.setDocument(editor.document.uri, editor.selection.active, editor.viewColumn);
    }
    this.createOrShow();
    this.pushShow();
  }

  showClaim(place?: ClaimPlace): void {
    if (!place) {
      this.show();
      return;
    }
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(place.uri, true);
    } catch (error) {
      this.hooks.log.warn(`GradLens panel: cannot show ${place.uri}: ${describe(error)}`);
      this.show();
      return;
    }
    const claims = this.buildClaims(uri);
    const at = { line: place.line, character: place.character };
    const index = claimAt(claims, at) ?? claims.findIndex((c) => c.range.start.line === place.line);
    this.show(uri, index !== undefined && index >= 0 ? index : undefined);
  }

  refresh(uri?: vscode.Uri): void {
    if (
      !this.webviewPanel ||
      !this.document ||
      (uri && uri.toString() !== this.document.toString())
    )
      return;
    const previous = this.claims[this.selected ?? -1];
    this.claims = this.buildClaims(this.document);
    // Keep the claim under the cursor; otherwise the one that was selected, if it is still there.
    this.selected = this.cursorClaim() ?? (previous ? this.findSame(previous) : undefined);
    this.pushShow();
  }

  snapshot(): PanelHostSnapshot {
    return {
      open: this.webviewPanel !== undefined,
      visible: this.webviewPanel?.visible ?? false,
      ready: this.channel?.isReady ?? false,
      readyCount: this.readyCount,
      document: this.document?.toString() ?? null,
      claims: this.claims.length,
      selected: this.selected ?? null,
      last: { ...this.last },
    };
  }

  /** Creates the panel beside the editor (keeping the focus there), or reveals it. */
  createOrShow(): vscode.WebviewPanel {
    if (this.webviewPanel) {
      this.webviewPanel.reveal(undefined, true);
      return this.webviewPanel;
    }
    const webviewPanel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'GradLens',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { ...this.webviewOptions(), enableFindWidget: true },
    );
    this.adopt(webviewPanel);
    return webviewPanel;
  }

  dispose(): void {
    this.disposePanel();
    this.webviewPanel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  // ── the webview panel ─────────────────────────────────────────────────────────────────

  private webviewOptions(): vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'dist'),
        vscode.Uri.joinPath(this.extensionUri, 'media'),
      ],
    };
  }

  /** After a window reload VS Code hands back the panel it had; bind it like a new one. */
  private async restore(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (this.webviewPanel) {
      // Only one panel at a time: a second restored one would show the same thing.
      webviewPanel.dispose();
      return;
    }
    // The options are not kept across a reload: set them again (the extension may have moved).
    webviewPanel.webview.options = this.webviewOptions();
    const restored = sanitizeState(state);
    const editor = vscode.window.activeTextEditor;
    if (editor && this.isSupported(editor.document))
      this.setDocument(editor.document.uri, editor.selection.active, editor.viewColumn);
    else if (restored?.document && !this.document) {
      try {
        this.document = vscode.Uri.parse(restored.document.uri, true);
        this.claims = this.buildClaims(this.document);
        this.selected =
          restored.selected !== undefined && restored.selected < this.claims.length
            ? restored.selected
            : undefined;
      } catch (error) {
        this.hooks.log.warn(
          `GradLens panel: cannot restore ${restored.document.uri}: ${describe(error)}`,
        );
      }
    }
    this.adopt(webviewPanel);
  }

  private adopt(webviewPanel: vscode.WebviewPanel): void {
    this.disposePanel();
    this.webviewPanel = webviewPanel;
    this.wasVisible = webviewPanel.visible;
    const channel = new PanelChannel(
      (message) => webviewPanel.webview.postMessage(message),
      (error) => this.hooks.log.error(`GradLens panel: postMessage failed: ${describe(error)}`),
    );
    this.channel = channel;
    this.panelDisposables.push(
      webviewPanel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      webviewPanel.onDidChangeViewState(({ webviewPanel: p }) => {
        // Hidden: the page is torn down (no retainContextWhenHidden); it says `ready` when back.
        if (this.wasVisible && !p.visible) channel.reset();
        this.wasVisible = p.visible;
      }),
      webviewPanel.onDidDispose(() => {
        if (this.webviewPanel === webviewPanel) {
          this.disposePanel();
          this.webviewPanel = undefined;
        }
      }),
    );
    this.render();
  }

  private disposePanel(): void {
    this.channel?.dispose();
    this.channel = undefined;
    this.expression?.cancel();
    this.expression?.dispose();
    this.expression = undefined;
    for (const d of this.panelDisposables.splice(0)) d.dispose();
  }

  /** Sets the HTML with a fresh nonce; the page will say `ready` when its script runs. */
  private render(): void {
    const panel = this.webviewPanel;
    if (!panel) return;
    const webview = panel.webview;
    const uri = (...path: string[]) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
    this.channel?.reset();
    panel.title = this.document ? `GradLens: ${baseName(this.document)}` : 'GradLens';
    webview.html = buildPanelHtml(
      {
        cspSource: webview.cspSource,
        scriptUri: uri('dist', 'webview.js'),
        styleUris: [uri('dist', 'katex', 'katex.min.css'), uri('media', 'panel.css')],
        title: 'GradLens',
      },
      createNonce(),
    );
  }

  private post(message: HostMessage): void {
    if (!this.channel) return;
    this.last[message.type] = message;
    this.channel.send(message);
  }

  private showMessage(): ShowMessage {
    const document = this.document
      ? {
          uri: this.document.toString(),
          name: baseName(this.document),
          ...this.macrosOf(this.document),
        }
      : null;
    return {
      type: 'show',
      document,
      claims: this.claims,
      ...(this.selected !== undefined ? { selected: this.selected } : {}),
    };
  }

  private macrosOf(uri: vscode.Uri): { macros?: Record<string, string> } {
    try {
      const macros = this.hooks.getMacros?.(uri);
      return macros && Object.keys(macros).length > 0 ? { macros } : {};
    } catch (error) {
      this.hooks.log.error(`GradLens panel: getMacros failed: ${describe(error)}`);
      return {};
    }
  }

  private pushShow(): void {
    if (this.webviewPanel)
      this.webviewPanel.title = this.document ? `GradLens: ${baseName(this.document)}` : 'GradLens';
    this.post(this.showMessage());
    this.deriveSelected();
  }

  /** The selected gradient claim's derivation, asked for once per version and sent when it comes. */
  private deriveSelected(): void {
    const uri = this.document;
    const claim = this.claims[this.selected ?? -1];
    const derive = this.hooks.deriveClaim;
    if (!uri || !claim || claim.kind !== 'gradient' || !derive) return;
    const version = vscode.workspace.textDocuments.find(
      (d) => d.uri.toString() === uri.toString(),
    )?.version;
    const key = `${uri.toString()}|${version}|${claim.range.start.line}|${claim.latex}`;
    let answer = this.derivations.get(key);
    if (!answer) {
      answer = derive(uri, claim).catch((error: unknown) => ({ reason: describe(error) }));
      this.derivations.set(key, answer);
      // a handful is all the panel ever shows again: the oldest go
      for (const old of [...this.derivations.keys()].slice(0, -MAX_DERIVATIONS_KEPT))
        this.derivations.delete(old);
    }
    void answer.then((result) => {
      if (this.document?.toString() !== uri.toString()) return;
      const same = this.claims.find(
        (c) => c.latex === claim.latex && c.range.start.line === claim.range.start.line,
      );
      if (!same) return;
      this.post({
        type: 'derivation',
        document: uri.toString(),
        index: same.index,
        latex: same.latex,
        ...result,
      });
    });
  }

  // ── messages from the page ────────────────────────────────────────────────────────────

  private onMessage(raw: unknown): void {
    if (!isWebviewMessage(raw)) {
      this.hooks.log.warn(
        `GradLens panel: dropped a malformed message: ${JSON.stringify(raw)?.slice(0, 200)}`,
      );
      return;
    }
    const message: WebviewMessage = raw;
    switch (message.type) {
      case 'ready':
        this.readyCount++;
        if (message.protocol !== PANEL_PROTOCOL_VERSION)
          this.hooks.log.warn(
            `GradLens panel: page speaks protocol ${message.protocol}, host ${PANEL_PROTOCOL_VERSION}`,
          );
        // Fresh claims for the new page, queued first so that they go out before anything else.
        if (this.document) this.claims = this.buildClaims(this.document);
        this.post(this.showMessage());
        this.channel?.markReady();
        this.deriveSelected();
        return;
      case 'select':
        if (this.document?.toString() === message.document && message.index < this.claims.length) {
          this.selected = message.index;
          this.deriveSelected();
        }
        return;
      case 'reveal':
        this.onReveal(message);
        return;
      case 'checkExpression':
        void this.checkExpression(message);
        return;
      case 'error':
        this.hooks.log.error(
          `GradLens panel (webview): ${message.message}${message.stack ? `\n${message.stack}` : ''}`,
        );
        return;
    }
  }

  /** Only ranges of the document the panel shows are opened (src/extension/revealGuard.ts). */
  private onReveal(message: RevealMessage): void {
    const uri = this.document;
    const open =
      uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const decision = decideReveal(
      message,
      uri && { uri: uri.toString(), claims: this.claims, lineCount: open?.lineCount },
    );
    if (decision.kind === 'refuse') {
      this.hooks.log.warn(
        `GradLens panel: refused to reveal ${JSON.stringify(message.document.slice(0, 200))} (${decision.reason}); the panel shows ${uri?.toString() ?? 'nothing'}`,
      );
      return;
    }
    if (uri) void this.reveal(uri, decision.range);
  }

  private async reveal(uri: vscode.Uri, range: Range): Promise<void> {
    const documentUri = uri.toString();
    try {
      const target = toVsRange(range);
      const visible = vscode.window.visibleTextEditors.find(
        (e) => e.document.uri.toString() === uri.toString(),
      );
      const document = visible?.document ?? (await vscode.workspace.openTextDocument(uri));
      const editor = await vscode.window.showTextDocument(document, {
        viewColumn: visible?.viewColumn ?? this.lastColumn ?? vscode.ViewColumn.One,
        selection: new vscode.Range(target.start, target.start),
        preserveFocus: false,
      });
      editor.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (error) {
      this.hooks.log.error(`GradLens panel: cannot reveal ${documentUri}: ${describe(error)}`);
    }
  }

  private async checkExpression(message: CheckExpressionMessage): Promise<void> {
    // A newer request supersedes the one in flight.
    this.expression?.cancel();
    this.expression?.dispose();
    const source = new vscode.CancellationTokenSource();
    this.expression = source;
    const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
    const request: ExpressionRequest = {
      expr: message.expr.trim(),
      wrt: text(message.wrt),
      claim: text(message.claim),
      shapes: text(message.shapes),
    };
    const check =
      this.hooks.checkExpression ?? ((r: ExpressionRequest) => checkExpressionShapesOnly(r));
    try {
      const outcome = await check(request, source.token);
      if (source.token.isCancellationRequested) return;
      const claims = outcome.findings.map((finding, i) =>
        toPanelClaim(finding, i, outcome.details?.[i]),
      );
      this.post({
        type: 'expressionResult',
        requestId: message.requestId,
        request,
        claims,
        text: outcome.text,
        numeric: outcome.numeric,
      });
    } catch (error) {
      if (source.token.isCancellationRequested) return;
      this.hooks.log.error(
        `GradLens panel: checking ${JSON.stringify(request.expr)} failed: ${describe(error)}`,
      );
      this.post({
        type: 'expressionResult',
        requestId: message.requestId,
        request,
        claims: [],
        text: request.expr,
        numeric: 'off',
        error: describe(error),
      });
    } finally {
      if (this.expression === source) {
        this.expression = undefined;
        source.dispose();
      }
    }
  }

  // ── following the editor ──────────────────────────────────────────────────────────────

  private isSupported(document: vscode.TextDocument): boolean {
    if (this.hooks.isSupported) return this.hooks.isSupported(document);
    return (
      SUPPORTED_LANGUAGES.has(document.languageId) ||
      this.hooks.getFindings(document.uri).length > 0
    );
  }

  private buildClaims(uri: vscode.Uri): PanelClaim[] {
    let findings: readonly Finding[];
    try {
      findings = this.hooks.getFindings(uri);
    } catch (error) {
      this.hooks.log.error(`GradLens panel: getFindings failed: ${describe(error)}`);
      return [];
    }
    return findings.map((finding, i) => {
      let extra: Partial<ClaimDetail> | undefined;
      try {
        extra = this.hooks.getDetail?.(uri, i);
      } catch (error) {
        this.hooks.log.error(`GradLens panel: getDetail failed: ${describe(error)}`);
      }
      return toPanelClaim(finding, i, extra);
    });
  }

  private setDocument(
    uri: vscode.Uri,
    cursor: vscode.Position,
    column: vscode.ViewColumn | undefined,
  ): boolean {
    if (column !== undefined) this.lastColumn = column;
    const changed = this.document?.toString() !== uri.toString();
    this.document = uri;
    this.claims = this.buildClaims(uri);
    this.selected = claimAt(this.claims, cursor) ?? (changed ? undefined : this.selected);
    return changed;
  }

  private follow(
    uri: vscode.Uri,
    cursor: vscode.Position,
    column: vscode.ViewColumn | undefined,
  ): void {
    if (!this.webviewPanel) {
      // Not open: remember where to start, build nothing.
      this.document = uri;
      this.claims = [];
      this.selected = undefined;
      if (column !== undefined) this.lastColumn = column;
      return;
    }
    this.setDocument(uri, cursor, column);
    this.pushShow();
  }

  private onCursor(event: vscode.TextEditorSelectionChangeEvent): void {
    if (!this.webviewPanel || !this.document) return;
    if (event.textEditor.document.uri.toString() !== this.document.toString()) return;
    const index = claimAt(this.claims, event.selections[0].active);
    // Off every claim, the panel keeps showing the last one, as an info view keeps its goal.
    if (index === undefined || index === this.selected) return;
    this.selected = index;
    this.post({ type: 'select', index });
    this.deriveSelected();
  }

  private cursorClaim(): number | undefined {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !this.document || editor.document.uri.toString() !== this.document.toString())
      return undefined;
    return claimAt(this.claims, editor.selection.active);
  }

  private findSame(claim: PanelClaim): number | undefined {
    const same = this.claims.findIndex((c) => c.kind === claim.kind && c.latex === claim.latex);
    if (same >= 0) return same;
    return this.claims.length ? Math.min(claim.index, this.claims.length - 1) : undefined;
  }
}

// Owns GradLens's DiagnosticCollection and the findings behind it. Checks a document when it
// opens, after typing stops (debounced per document, when gradlens.checkWhileTyping is on) and
// when it is saved; drops answers for versions the editor has moved past; clears a document's
// findings when it closes.
import * as vscode from 'vscode';
import type { Finding } from '../core/report';
import type { Checker, CheckResult } from './checker';
import type { Config } from './config';
import type { ReadingStore } from './readingStore';
import type { SourceDocument } from '../core/document';
import {
  markdownCells,
  notebookOf,
  NotebookTexts,
  watchNotebooks,
  type NotebookReading,
} from './notebooks';
import { splitFindings } from './notebookText';
import { PerKeyScheduler } from './scheduler';
import { isCheckable, isExcludedUri, toSourceDocument, toVsRange } from './sourceDocument';
import { toDiagnostics } from './toDiagnostic';

export interface Published {
  uri: vscode.Uri;
  /** The document version the findings are for; undefined for a file checked from disk. */
  version: number | undefined;
  findings: readonly Finding[];
}

export interface DiagnosticsDeps {
  config: Config;
  checker: Checker;
  readings: ReadingStore;
  log: vscode.LogOutputChannel;
  /** The worker crashed or stopped: the owner decides whether to tell the user. */
  onWorkerTrouble(message: string): void;
}

type Reason = 'open' | 'edit' | 'save';

export class DiagnosticsManager implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('gradlens');
  private readonly published = new Map<string, Published>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with the URI whose findings changed (published or cleared). */
  readonly onDidChangeFindings = this.changed.event;
  private readonly scheduler: PerKeyScheduler;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly notebooks = new NotebookTexts();

  constructor(private readonly deps: DiagnosticsDeps) {
    this.scheduler = new PerKeyScheduler((error) =>
      deps.log.error(error instanceof Error ? error : String(error)),
    );
  }

  /** Starts listening, and checks what is already open. */
  start(): void {
    const ws = vscode.workspace;
    this.subscriptions.push(
      ws.onDidOpenTextDocument((document) => this.schedule(document, 'open')),
      ws.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && this.deps.config.checkWhileTyping)
          this.schedule(event.document, 'edit');
      }),
      ws.onDidSaveTextDocument((document) => this.schedule(document, 'save')),
      ws.onDidCloseTextDocument((document) => this.forget(document.uri)),
      ...watchNotebooks({
        cell: (document) => this.schedule(document, 'open'),
        gone: (uri) => this.forget(uri),
        closed: (notebook) => this.notebooks.forget(notebook),
        changed: (notebook) => this.scheduleNotebook(notebook, 'open'),
      }),
    );
    this.checkAllOpen();
  }

  /** Checks every open document and notebook cell again; drops findings of documents no longer checked. */
  checkAllOpen(): void {
    const scope = this.deps.config.scope;
    for (const entry of [...this.published.values()]) {
      const open = vscode.workspace.textDocuments.find(
        (d) => d.uri.toString() === entry.uri.toString(),
      );
      if (open && !isCheckable(open, scope)) this.forget(entry.uri);
    }
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 'open');
    for (const notebook of vscode.workspace.notebookDocuments)
      if (markdownCells(notebook).length > 0) this.scheduleNotebook(notebook, 'open');
  }

  /** Checks `document` now, past any pending delay; the result, or undefined if it is not checked. */
  async checkNow(document: vscode.TextDocument): Promise<CheckResult | undefined> {
    if (!isCheckable(document, this.deps.config.scope)) return undefined;
    const notebook = notebookOf(document);
    if (notebook) {
      const result = await this.checkNotebookNow(notebook);
      // The caller asked about one cell: its findings, not the whole notebook's.
      return result?.kind === 'findings'
        ? { ...result, findings: [...(this.resultFor(document.uri)?.findings ?? [])] }
        : result;
    }
    this.scheduler.cancel(document.uri.toString());
    let result: CheckResult | undefined;
    await this.scheduler.run(async () => {
      result = await this.check(document);
    });
    return result;
  }

  /** Checks a notebook's markdown cells now (read together); the findings of all of them. */
  async checkNotebookNow(notebook: vscode.NotebookDocument): Promise<CheckResult | undefined> {
    this.scheduler.cancel(notebook.uri.toString());
    let result: CheckResult | undefined;
    await this.scheduler.run(async () => {
      result = await this.checkNotebook(notebook);
    });
    return result;
  }

  /** The host's reading of the notebook a cell is in (for hovers and the panel), if it is one. */
  notebookReading(document: vscode.TextDocument): NotebookReading | undefined {
    const notebook = notebookOf(document);
    return notebook ? this.notebooks.read(notebook, this.deps.config.scope) : undefined;
  }

  /** Findings of a file that is not open (the workspace check reads it from disk). */
  publishFromDisk(uri: vscode.Uri, findings: readonly Finding[]): void {
    const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    // An open document has its own, newer findings.
    if (!open) this.publish(uri, undefined, findings);
  }

  /** The last findings shown for `uri`, every verdict included. */
  resultFor(uri: vscode.Uri | string): Published | undefined {
    return this.published.get(uri.toString());
  }

  /**
   * The finding behind one of GradLens's diagnostics on `document` (as VS Code hands it back,
   * e.g. in a code action's context: a copy, matched by range, code and message), provided the
   * findings are for the document's current version.
   */
  findingOf(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Finding | undefined {
    const entry = this.published.get(document.uri.toString());
    if (!entry || entry.version !== document.version) return undefined;
    if (diagnostic.source !== 'GradLens') return undefined;
    const code =
      typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : diagnostic.code;
    return entry.findings.find(
      (f) =>
        f.message === diagnostic.message &&
        (f.code ?? `gradlens.${f.verdict}`) === code &&
        toVsRange(f.range).isEqual(diagnostic.range),
    );
  }

  allResults(): Published[] {
    return [...this.published.values()];
  }

  /** Shows every stored finding again (gradlens.report or gradlens.severity changed). */
  redisplay(): void {
    const display = this.deps.config.display;
    for (const entry of this.published.values())
      this.collection.set(entry.uri, toDiagnostics(entry.uri, entry.findings, display));
  }

  whenIdle(): Promise<void> {
    return this.scheduler.whenIdle();
  }

  dispose(): void {
    this.scheduler.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
    this.changed.dispose();
  }

  private schedule(document: vscode.TextDocument, reason: Reason): void {
    if (!isCheckable(document, this.deps.config.scope)) return;
    const notebook = notebookOf(document);
    if (notebook) return this.scheduleNotebook(notebook, reason);
    this.scheduleTask(document.uri.toString(), reason, async () => {
      await this.check(document);
    });
  }

  /** One check per notebook, whichever of its cells changed. */
  private scheduleNotebook(notebook: vscode.NotebookDocument, reason: Reason): void {
    this.scheduleTask(notebook.uri.toString(), reason, async () => {
      await this.checkNotebook(notebook);
    });
  }

  private scheduleTask(key: string, reason: Reason, task: () => Promise<void>): void {
    if (reason === 'edit') this.scheduler.schedule(key, this.deps.config.debounceMs, task);
    // A save (or an open) runs at once, taking over any check still waiting out the delay.
    else if (!this.scheduler.flush(key)) this.scheduler.schedule(key, 0, task);
  }

  private async check(document: vscode.TextDocument): Promise<CheckResult | undefined> {
    if (document.isClosed) return undefined;
    const source = toSourceDocument(document);
    const result = await this.deps.checker.check(source, this.deps.config.checkSettings);
    if (result.kind !== 'findings') return this.report(source, result);
    // The text changed while the worker was busy: a check of the new version is scheduled
    // (or was sent and superseded this one), so these findings would point at old places.
    if (document.isClosed || document.version !== result.version) return result;
    this.publish(document.uri, result.version, result.findings);
    this.deps.log.debug(
      `checked ${source.uri} v${result.version}: ${result.findings.length} findings in ${result.durationMs.toFixed(0)} ms` +
        (result.reuse.document
          ? ' (same text as before: cached)'
          : ` (claim regions: ${result.reuse.regionsReused} from the cache, ${result.reuse.regionsFresh} checked)`) +
        (result.timedOut ? '; the time budget ran out' : ''),
    );
    return result;
  }

  /** A check that brought no findings: say why, where someone should hear it. */
  private report(
    source: SourceDocument,
    result: Exclude<CheckResult, { kind: 'findings' }>,
  ): CheckResult {
    switch (result.kind) {
      case 'timeout':
        this.deps.log.warn(
          `checking ${source.uri} v${source.version} took too long; the worker was restarted`,
        );
        break;
      case 'crashed':
        this.deps.onWorkerTrouble(result.message);
        break;
      case 'superseded':
      case 'disposed':
        break;
    }
    return result;
  }

  private async checkNotebook(notebook: vscode.NotebookDocument): Promise<CheckResult | undefined> {
    if (notebook.isClosed) return undefined;
    const scope = this.deps.config.scope;
    if (isExcludedUri(notebook.uri, scope.exclude)) {
      // gradlens.exclude: not checked, and what was shown for its cells goes.
      for (const cell of markdownCells(notebook)) this.forget(cell.uri);
      return undefined;
    }
    const reading = this.notebooks.read(notebook, scope);
    const result = await this.deps.checker.check(
      reading.source,
      this.deps.config.checkSettings,
      reading.sections,
    );
    if (result.kind !== 'findings') return this.report(reading.source, result);
    const byCell = splitFindings(reading.joined, result.findings);
    reading.cells.forEach((cell, i) => {
      // An edited cell has a newer check scheduled, which will publish for it.
      if (cell.isClosed || cell.version !== reading.versions[i]) return;
      this.publish(cell.uri, cell.version, byCell.get(cell.uri.toString()) ?? []);
    });
    this.deps.log.debug(
      `checked ${notebook.uri.toString()} (${reading.cells.length} markdown cells read together): ${result.findings.length} findings in ${result.durationMs.toFixed(0)} ms`,
    );
    return result;
  }

  private publish(
    uri: vscode.Uri,
    version: number | undefined,
    findings: readonly Finding[],
  ): void {
    this.published.set(uri.toString(), { uri, version, findings });
    this.collection.set(uri, toDiagnostics(uri, findings, this.deps.config.display));
    this.changed.fire(uri);
  }

  /** Drops the findings shown for `uri` (closed, deleted, no longer checked). */
  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.scheduler.cancel(key);
    this.deps.readings.forget(key);
    if (this.published.delete(key) || this.collection.has(uri)) {
      this.collection.delete(uri);
      this.changed.fire(uri);
    }
  }
}

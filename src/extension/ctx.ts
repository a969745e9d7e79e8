// The one object that owns everything the extension creates. Two cleanup lifetimes:
//   - the extension's: commands, providers, the diagnostics, the status bar, the log;
//   - the workers': the two WorkerClients (checks; hovers, see docs/decisions.md) and whatever
//     belongs to their threads, thrown away and rebuilt on "GradLens: Restart Worker" or when
//     a restart-worker setting changes.
import * as vscode from 'vscode';
import { WorkerClient } from '../worker/client';
import { Checker } from './checker';
import { QuickFixes } from './quickFixes';
import { ClaimLenses } from './codeLens';
import { COMMANDS } from './commands';
import { Config, type Effect } from './config';
import { DiagnosticsManager } from './diagnostics';
import { describe, showFailure } from './errors';
import type { GradLensExports } from './exports';
import { ShapeHovers } from './hover';
import { HoverShapes } from './hoverShapes';
import { PanelRegistry } from './panelHook';
import { ReadingStore } from './readingStore';
import { StatusBar } from './statusBar';
import { checkWorkspace, DiskFindings } from './workspaceCheck';

/**
 * The reader reads shapes only: a document that takes it longer than this is hostile, and a
 * hover is not worth waiting for past it (the thread is then restarted, the version not asked
 * again: hoverShapes.ts). Reading the 200,000-character benchmark note takes about 0.6 s.
 */
const READER_LIMITS = { timeBudgetMs: 3_000, graceMs: 1_000 };

export class Ctx implements vscode.Disposable {
  readonly config: Config;
  readonly readings = new ReadingStore();
  readonly shapes: HoverShapes;
  readonly checker: Checker;
  readonly diagnostics: DiagnosticsManager;
  readonly panels = new PanelRegistry();
  private readonly hovers: ShapeHovers;
  private readonly extensionLifetime: vscode.Disposable[] = [];
  private readonly workerLifetime: vscode.Disposable[] = [];
  /** Hover, CodeLens and code action registrations: redone when gradlens.languages changes. */
  private readonly providerLifetime: vscode.Disposable[] = [];
  private client: WorkerClient | undefined;
  private readerClient: WorkerClient | undefined;
  private generation = 0;
  /** The worker's trouble is told once per worker, not once per failed check. */
  private troubleShown = false;
  private workspaceRun: Promise<void> | undefined;
  private diskFindings: DiskFindings | undefined;

  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.config = new Config(log);
    this.shapes = new HoverShapes(() => this.reader, log);
    this.checker = new Checker(() => this.worker, this.readings);
    this.diagnostics = new DiagnosticsManager({
      config: this.config,
      checker: this.checker,
      readings: this.readings,
      log,
      onWorkerTrouble: (message) => this.onWorkerTrouble(message),
    });
    this.hovers = new ShapeHovers(this.config, this.shapes, this.diagnostics);
    this.extensionLifetime.push(this.diagnostics);
    try {
      this.extensionLifetime.push(new StatusBar(this.config, this.diagnostics));
      this.startWorker();
      this.registerCommands();
      this.registerProviders();
      this.extensionLifetime.push(
        this.config.onDidChange((effects) => this.onConfigChange(effects)),
      );
      this.diagnostics.start();
      this.diskFindings = new DiskFindings(this);
      this.extensionLifetime.push(this.diskFindings);
    } catch (error) {
      // Half an extension must not linger: a failed activation leaves no commands or threads behind.
      this.dispose();
      throw error;
    }
  }

  get worker(): WorkerClient {
    if (!this.client) throw new Error('the GradLens worker is not running');
    return this.client;
  }

  /** The second worker thread, for hovers only: a long check never holds a hover up. */
  get reader(): WorkerClient {
    if (!this.readerClient) throw new Error('the GradLens reader worker is not running');
    return this.readerClient;
  }

  async restartWorker(): Promise<void> {
    this.stopWorker();
    // Whoever restarts suspects a wrong answer: check for real, not from the caches.
    this.checker.clear();
    this.startWorker();
    this.diagnostics.checkAllOpen();
    await this.diagnostics.whenIdle();
  }

  /** One workspace check at a time; asking again while one runs waits for it. */
  checkWorkspace(): Promise<void> {
    this.workspaceRun ??= checkWorkspace(this).finally(() => {
      this.workspaceRun = undefined;
    });
    return this.workspaceRun;
  }

  async whenIdle(): Promise<void> {
    await this.workspaceRun;
    await this.diskFindings?.whenIdle();
    await this.diagnostics.whenIdle();
  }

  exports(): GradLensExports {
    return {
      getFindings: (uri) => this.diagnostics.resultFor(uri)?.findings ?? [],
      onDidChangeFindings: this.diagnostics.onDidChangeFindings,
      hoverAt: async (uri, position) => {
        const document = vscode.workspace.textDocuments.find(
          (d) => d.uri.toString() === uri.toString(),
        );
        return document ? this.hovers.hoverText(document, position) : undefined;
      },
      whenIdle: () => this.whenIdle(),
      worker: new WorkerView(this),
      panelSnapshot: () => this.panels.snapshot(),
      registerPanel: (hook) => {
        const registration = this.panels.register(hook);
        this.extensionLifetime.push(registration);
        return registration;
      },
    };
  }

  get workerGeneration(): number {
    return this.generation;
  }

  get workerInFlight(): number {
    return this.client?.inFlightCount ?? 0;
  }

  dispose(): void {
    disposeAll(this.providerLifetime);
    this.stopWorker();
    disposeAll(this.extensionLifetime);
  }

  private startWorker(): void {
    const workerPath = vscode.Uri.joinPath(this.extension.extensionUri, 'dist', 'worker.js').fsPath;
    const client = new WorkerClient({
      workerPath,
      logger: this.log,
      timeBudgetMs: this.config.timeBudgetMs,
    });
    const reader = new WorkerClient({ workerPath, logger: this.log, ...READER_LIMITS });
    this.client = client;
    this.readerClient = reader;
    this.generation++;
    this.troubleShown = false;
    this.workerLifetime.push(
      { dispose: () => client.dispose() },
      { dispose: () => reader.dispose() },
    );
    this.log.info(`GradLens worker started (generation ${this.generation})`);
  }

  private stopWorker(): void {
    disposeAll(this.workerLifetime);
    this.client = undefined;
    this.readerClient = undefined;
  }

  private registerCommands(): void {
    for (const [name, command] of Object.entries(COMMANDS)) {
      // What a command returns reaches executeCommand's caller (Derive Gradient's result, for tests).
      const run = async (...args: unknown[]): Promise<unknown> => {
        try {
          return await command(this, ...args);
        } catch (error) {
          await showFailure(this.log, `command ${name}`, error);
          return undefined;
        }
      };
      this.extensionLifetime.push(vscode.commands.registerCommand(name, run));
    }
  }

  private registerProviders(): void {
    disposeAll(this.providerLifetime);
    const selector = this.config.languages.map((language) => ({ language }));
    this.providerLifetime.push(
      vscode.languages.registerHoverProvider(selector, this.hovers),
      vscode.languages.registerCodeLensProvider(selector, new ClaimLenses(this.diagnostics)),
      // The language selector matches notebook markdown cells too (their scheme is not checked).
      vscode.languages.registerCodeActionsProvider(
        selector,
        new QuickFixes(this.diagnostics),
        QuickFixes.metadata,
      ),
    );
  }

  private onConfigChange(effects: ReadonlySet<Effect>): void {
    if (effects.has('recheck')) this.registerProviders();
    if (effects.has('redisplay')) this.diagnostics.redisplay();
    // A restart checks every open document again anyway.
    if (effects.has('restart-worker')) void this.restartWorker();
    else if (effects.has('recheck')) this.diagnostics.checkAllOpen();
  }

  private onWorkerTrouble(message: string): void {
    if (this.troubleShown) return;
    this.troubleShown = true;
    void (async () => {
      const choice = await vscode.window.showWarningMessage(
        `GradLens: the numeric worker failed (${message}); some claims were not checked.`,
        'Restart Worker',
        'Show Log',
      );
      if (choice === 'Restart Worker')
        await vscode.commands.executeCommand('gradlens.restartWorker');
      else if (choice === 'Show Log') this.log.show();
    })().catch((error: unknown) => this.log.error(`GradLens: ${describe(error)}`));
  }
}

/** The exports' view of the worker: live numbers, read through the context. */
class WorkerView {
  constructor(private readonly ctx: Ctx) {}

  restart(): Promise<void> {
    return this.ctx.restartWorker();
  }

  get generation(): number {
    return this.ctx.workerGeneration;
  }

  get inFlight(): number {
    return this.ctx.workerInFlight;
  }
}

function disposeAll(list: vscode.Disposable[]): void {
  // Newest first, as they were built on each other.
  while (list.length) {
    const item = list.pop()!;
    item.dispose();
  }
}

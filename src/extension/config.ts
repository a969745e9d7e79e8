// The gradlens.* settings, typed. Defaults live in package.json only: a getter reads the
// effective value and, if the user's value is unusable, the default VS Code reports for it.
// Each setting is classed by what a change to it takes.
import * as vscode from 'vscode';
import type { NumericOptions } from '../core/check/numericCheck';
import { resolveConventions, type NamingConventions } from '../core/shape/conventions';
import type { CheckSettings } from './checker';
import { REPORT_MODES, type ReportMode, type SeverityTable } from '../core/levels';
import type { CheckScope } from './sourceDocument';
import { clampSetting, NUMERIC_SETTING_BOUNDS, type NumericSettingName } from './settingBounds';

export const SECTION = 'gradlens';

/**
 * live: read at the next use; redisplay: findings are shown again under the new rule;
 * recheck: open documents are checked again (the caches are keyed by settings, so nothing is
 * stale); restart-worker: the worker takes it when it starts.
 */
export type Effect = 'live' | 'redisplay' | 'recheck' | 'restart-worker';

const EFFECTS = {
  languages: 'recheck',
  exclude: 'recheck',
  checkWhileTyping: 'live',
  debounceMs: 'live',
  draws: 'recheck',
  tolerance: 'recheck',
  seed: 'recheck',
  maxDimSize: 'recheck',
  macros: 'recheck',
  conventions: 'recheck',
  report: 'redisplay',
  severity: 'redisplay',
  timeBudgetMs: 'restart-worker',
} as const satisfies Record<string, Effect>;

export type SettingName = keyof typeof EFFECTS;

type Check<T> = (value: unknown) => value is T;

const isBoolean: Check<boolean> = (v): v is boolean => typeof v === 'boolean';
const isStringArray: Check<string[]> = (v): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');
const isObject: Check<Record<string, unknown>> = (v): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isReportMode: Check<ReportMode> = (v): v is ReportMode =>
  (REPORT_MODES as readonly unknown[]).includes(v);
const isStringRecord: Check<Record<string, string>> = (v): v is Record<string, string> =>
  isObject(v) && Object.values(v).every((x) => typeof x === 'string');

export class Config {
  private readonly warned = new Set<string>();
  /** The out-of-range value last logged per setting: one line per value, however often it is read. */
  private readonly clampLogged = new Map<NumericSettingName, unknown>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** VS Code language ids checked (markdown also covers the markdown cells of notebooks). */
  get languages(): string[] {
    return this.read('languages', isStringArray);
  }

  /** Globs of documents never checked (relative to their workspace folder). */
  get exclude(): string[] {
    return [...this.read('exclude', isStringArray)];
  }

  /** What isCheckable needs: the languages checked and the documents left out. */
  get scope(): CheckScope {
    return { languages: this.languages, exclude: this.exclude };
  }

  get checkWhileTyping(): boolean {
    return this.read('checkWhileTyping', isBoolean);
  }

  get debounceMs(): number {
    return this.readNumber('debounceMs');
  }

  get numeric(): NumericOptions {
    return {
      draws: this.readNumber('draws'),
      tolerance: this.readNumber('tolerance'),
      seed: this.readNumber('seed'),
      maxDim: this.readNumber('maxDimSize'),
    };
  }

  get macros(): Record<string, string> {
    // A plain copy: VS Code hands out object settings as read-only Proxies, which the worker's
    // postMessage cannot clone (DataCloneError), so no check would ever reach the worker.
    return { ...this.read('macros', isStringRecord) };
  }

  /** Unknown keys or values keep their defaults and are logged once (not an error: the rest still applies). */
  get conventions(): NamingConventions {
    const { conventions, problems } = resolveConventions({ ...this.read('conventions', isObject) });
    for (const problem of problems)
      this.warnOnce(
        `conventions:${problem}`,
        `${SECTION}.conventions: ${problem}; using the default for it`,
      );
    return conventions;
  }

  get checkSettings(): CheckSettings {
    return { macros: this.macros, conventions: this.conventions, numeric: this.numeric };
  }

  /** `problems`: errors and actionable warnings (src/core/levels.ts); `everything`: every finding. */
  get report(): ReportMode {
    return this.read('report', isReportMode);
  }

  /** The user's levels by verdict or code, over either report mode. */
  get severity(): SeverityTable {
    return this.read('severity', isObject);
  }

  /** What the diagnostics need: both settings above. */
  get display(): { mode: ReportMode; severity: SeverityTable } {
    return { mode: this.report, severity: this.severity };
  }

  get timeBudgetMs(): number {
    return this.readNumber('timeBudgetMs');
  }

  /** Calls `listener` with what the change takes, only for changes to gradlens.* settings. */
  onDidChange(
    listener: (effects: ReadonlySet<Effect>, names: SettingName[]) => void,
  ): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      const names = (Object.keys(EFFECTS) as SettingName[]).filter((name) =>
        event.affectsConfiguration(`${SECTION}.${name}`),
      );
      if (names.length === 0) return;
      this.warned.clear();
      listener(new Set(names.map((name) => EFFECTS[name])), names);
    });
  }

  /**
   * A numeric setting within the range package.json states (src/extension/settingBounds.ts):
   * a value beyond a bound becomes that bound, a non-number the default; either is logged once.
   */
  private readNumber(name: NumericSettingName): number {
    const bound = NUMERIC_SETTING_BOUNDS[name];
    const raw = vscode.workspace.getConfiguration(SECTION).get<unknown>(name);
    const result = clampSetting(bound, raw);
    if (result.kind === 'unusable')
      return this.read(name, (v): v is number => clampSetting(bound, v).kind === 'usable');
    if (!result.clamped) this.clampLogged.delete(name);
    else if (this.clampLogged.get(name) !== raw) {
      this.clampLogged.set(name, raw);
      this.log.warn(
        `${SECTION}.${name}: ${String(raw)} is outside ${bound.min}…${bound.max}; using ${result.value}`,
      );
    }
    return result.value;
  }

  private read<T>(name: SettingName, valid: Check<T>): T {
    const configuration = vscode.workspace.getConfiguration(SECTION);
    const value = configuration.get<unknown>(name);
    if (valid(value)) return value;
    const fallback = configuration.inspect<unknown>(name)?.defaultValue;
    if (!valid(fallback))
      throw new Error(
        `${SECTION}.${name}: the value ${JSON.stringify(value)} is not usable and package.json has no usable default`,
      );
    this.warnOnce(
      name,
      `${SECTION}.${name}: ${JSON.stringify(value)} is not a valid value; using the default ${JSON.stringify(fallback)}`,
    );
    return fallback;
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.log.warn(message);
  }
}

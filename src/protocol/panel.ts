// Messages between the extension host and the GradLens panel (a webview). No `vscode` import
// and no DOM: the host (src/extension/panel.ts), the browser bundle (webview/main.ts) and the
// plain-Node tests all read this file.
//
// The channel is asymmetric on purpose. The webview announces itself with `ready` once its
// script has loaded (and again after every reload: hide/show, a moved panel, a window
// reload); the host queues everything until then and answers each `ready` with a full
// `show`, so nothing posted before the script ran is lost. Everything that crosses the
// channel is plain JSON and is checked by the guards below on arrival: the webview is a
// separate page, and a malformed message must be dropped and logged, never acted on.
import type { Position, Range } from '../core/document';
import {
  VERDICTS,
  type Evidence,
  type Finding,
  type FindingKind,
  type Severity,
  type Verdict,
} from '../core/report';

export const PANEL_VIEW_TYPE = 'gradlens.panel';
/** Bumped when a message changes incompatibly; a webview restored from an older build says so. */
export const PANEL_PROTOCOL_VERSION = 1;

/** Plain-text input is bounded: the panel is not a way to feed the checker megabytes. */
export const MAX_EXPRESSION_LENGTH = 2000;

/** Facts listed per symbol in the shapes table; more would not be read. */
export const MAX_FACTS = 20;

// ── data ─────────────────────────────────────────────────────────────────────────────

/** The numbers behind one claim's verdict (the core's Evidence) and the shapes around it. */
export interface ClaimDetail extends Evidence {
  /**
   * Symbols and subexpressions with their shapes, e.g. { text: 'BᵀXC', shape: 'm×n' }; a symbol
   * also with the facts in force for it at the claim, one citation each
   * (`symmetric (line 1, prose: "a symmetric weight matrix $W$")`), when the note says any.
   */
  symbols: SymbolRow[];
}

export interface SymbolRow {
  text: string;
  shape: string;
  facts?: string[];
}

/** A finding as the panel shows it. `index` is its position in the document's findings. */
export interface PanelClaim extends Omit<Finding, 'related' | 'evidence'> {
  index: number;
  /** Absent when nothing beyond the finding is known; parts of it may be empty. */
  detail?: ClaimDetail;
}

export interface PanelDocument {
  uri: string;
  /** Short name for the header, e.g. notes.md. */
  name: string;
  version?: number;
  /** The note's own macros for KaTeX ({ "\\grad": "\\frac{\\partial #1}{\\partial #2}" }). */
  macros?: Record<string, string>;
}

/** What the plain-text input box asks for (the CLI's --expr/--wrt/--claim/--shapes). */
export interface ExpressionRequest {
  expr: string;
  wrt?: string;
  claim?: string;
  shapes?: string;
}

/**
 * How far the numeric check of an expression got: `done` (findings carry the numbers),
 * `pending` (shapes only so far; the numeric check runs elsewhere or is not wired yet),
 * `off` (numeric checking disabled).
 */
export type NumericStatus = 'done' | 'pending' | 'off';

/**
 * What a plain-text check returns to the panel's host: the findings of the synthetic
 * document, and per finding (same index) what is known beyond it. Produced by whatever the
 * extension injects (the worker, in the real extension), or by the shapes-only fallback.
 */
export interface ExpressionOutcome {
  findings: Finding[];
  text: string;
  details?: (Partial<ClaimDetail> | undefined)[];
  numeric: NumericStatus;
}

/** One row of a gradient's derivation (dφ = …, = …, ∂φ/∂X = G) with GradLens's verdict on it. */
export interface PanelDerivationRow {
  lhs: string;
  rhs: string;
  verdict: Verdict;
  relError?: number;
}

/** The differential steps of a gradient claim's objective, each checked (core/derive). */
export interface PanelDerivation {
  wrt: string;
  rows: PanelDerivationRow[];
  /** Why only the gradient line is there, when the steps were left out. */
  stepsDropped?: string;
}

/** Rows listed in the panel's derivation at most. */
export const MAX_DERIVATION_ROWS = 40;

// ── host → webview ─────────────────────────────────────────────────────────────────────

export interface ShowMessage {
  type: 'show';
  /** null: no document GradLens reads has been active yet. */
  document: PanelDocument | null;
  claims: PanelClaim[];
  /** Index into `claims` (not PanelClaim.index, though the host keeps them equal). */
  selected?: number;
}

export interface SelectMessage {
  type: 'select';
  /** The claim under the editor's cursor. */
  index: number;
}

/**
 * The derivation of the gradient claim `index` of `document` (its LaTeX, so that an answer for
 * a claim list that has changed since is not shown on another claim), or why there is none.
 */
export interface DerivationMessage {
  type: 'derivation';
  document: string;
  index: number;
  latex: string;
  derivation?: PanelDerivation;
  reason?: string;
}

export interface ExpressionResultMessage {
  type: 'expressionResult';
  /** Echoes the webview's request id; the webview shows only the answer to its latest one. */
  requestId: number;
  request: ExpressionRequest;
  claims: PanelClaim[];
  /** The synthetic document the claims' ranges point into (expression, newline, claim). */
  text: string;
  numeric: NumericStatus;
  /** The check itself failed (not a finding about the expression): said in the panel. */
  error?: string;
}

export type HostMessage = ShowMessage | SelectMessage | DerivationMessage | ExpressionResultMessage;

// ── webview → host ─────────────────────────────────────────────────────────────────────

export interface ReadyMessage {
  type: 'ready';
  protocol: number;
}

/** Reveal a claim in the editor: by index into the shown claims, or by range. */
export type RevealMessage =
  | { type: 'reveal'; document: string; index: number }
  | { type: 'reveal'; document: string; range: Range };

/** The user moved the selection in the panel (arrow keys); the editor is not moved. */
export interface WebviewSelectMessage {
  type: 'select';
  document: string;
  index: number;
}

export interface CheckExpressionMessage extends ExpressionRequest {
  type: 'checkExpression';
  requestId: number;
}

/** An exception in the webview, serialized on purpose (an Error loses its fields in postMessage). */
export interface WebviewErrorMessage {
  type: 'error';
  message: string;
  stack?: string;
}

export type WebviewMessage =
  | ReadyMessage
  | RevealMessage
  | WebviewSelectMessage
  | CheckExpressionMessage
  | WebviewErrorMessage;

// ── persisted webview state (vscode.setState; handed to the serializer after a reload) ──

export interface PanelState {
  version: typeof PANEL_PROTOCOL_VERSION;
  document: PanelDocument | null;
  claims: PanelClaim[];
  selected?: number;
  expression: ExpressionRequest;
  expressionResult?: ExpressionResultMessage;
  /** The id of the latest checkExpression sent; answers to older ones are dropped. */
  lastRequestId?: number;
}

// ── test hook (window.__gradlensPanel.snapshot()) ────────────────────────────────────────

/** What the panel shows, read back from its DOM, for tests in a real browser engine. */
export interface PanelSnapshot {
  /** `ready` has been posted. */
  ready: boolean;
  /** Host messages received and accepted since the page loaded. */
  received: number;
  document: string | null;
  /** The LaTeX of each listed claim, in order. */
  claims: string[];
  verdicts: Verdict[];
  selected: number | null;
  detail: SnapshotDetail | null;
  expression: {
    requestId: number | null;
    pending: boolean;
    numeric: NumericStatus | null;
    claims: string[];
    verdicts: Verdict[];
    error: string | null;
  };
  /** Errors the webview reported to the host. */
  errors: string[];
}

export interface SnapshotDetail {
  latex: string;
  /** KaTeX produced its markup (false: shown as plain text, e.g. a KaTeX parse error). */
  rendered: boolean;
  message: string;
  /** Each row of the shapes table: text, shape, and the facts cell's lines (empty: none). */
  symbols: [string, string, string[]][];
  draws: { relError: number; sizes: string }[];
  seed: number | null;
  /** Which heatmaps are drawn: 'claimed', 'truth', 'difference'. */
  heatmaps: string[];
  /** Sections that say "not available". */
  unavailable: string[];
  /** The derivation section of a gradient claim: each row's LaTeX and verdict, or why none. */
  derivation: { rows: [string, Verdict][]; reason: string | null; pending: boolean } | null;
}

// ── guards ─────────────────────────────────────────────────────────────────────────────

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 1e7;
}

function isPosition(x: unknown): x is Position {
  return isObject(x) && isIndex(x.line) && isIndex(x.character);
}

export function isRange(x: unknown): x is Range {
  return isObject(x) && isPosition(x.start) && isPosition(x.end);
}

function isOptionalString(x: unknown, max = MAX_EXPRESSION_LENGTH): boolean {
  return x === undefined || (typeof x === 'string' && x.length <= max);
}

const VERDICT_SET: ReadonlySet<string> = new Set<Verdict>(VERDICTS);
const KIND_SET: ReadonlySet<string> = new Set<FindingKind>([
  'gradient',
  'equality',
  'differential',
  'definition',
  'declaration',
  'expression',
]);
const SEVERITY_SET: ReadonlySet<string> = new Set<Severity>(['error', 'warning', 'information']);
const NUMERIC_SET: ReadonlySet<string> = new Set<NumericStatus>(['done', 'pending', 'off']);

export function isVerdict(x: unknown): x is Verdict {
  return typeof x === 'string' && VERDICT_SET.has(x);
}

/** Every message the webview may send; anything else (or with a wrong field) is rejected. */
export function isWebviewMessage(x: unknown): x is WebviewMessage {
  if (!isObject(x) || typeof x.type !== 'string') return false;
  switch (x.type) {
    case 'ready':
      return typeof x.protocol === 'number';
    case 'reveal':
      if (typeof x.document !== 'string') return false;
      if ('index' in x) return isIndex(x.index) && !('range' in x);
      return isRange(x.range);
    case 'select':
      return typeof x.document === 'string' && isIndex(x.index);
    case 'checkExpression':
      return (
        isIndex(x.requestId) &&
        typeof x.expr === 'string' &&
        x.expr.length <= MAX_EXPRESSION_LENGTH &&
        isOptionalString(x.wrt) &&
        isOptionalString(x.claim) &&
        isOptionalString(x.shapes)
      );
    case 'error':
      return typeof x.message === 'string' && isOptionalString(x.stack, 100_000);
    default:
      return false;
  }
}

/** NaN and ±Infinity do not survive JSON: they arrive as null, and are read back as NaN. */
function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  return v === null ? NaN : undefined;
}

function toMatrix(x: unknown, maxEntries = 10_000): number[][] | undefined {
  if (!Array.isArray(x) || x.length === 0 || !Array.isArray(x[0])) return undefined;
  const cols = x[0].length;
  if (cols === 0 || x.length * cols > maxEntries) return undefined;
  const out: number[][] = [];
  for (const row of x) {
    if (!Array.isArray(row) || row.length !== cols) return undefined;
    const values = row.map(toNumber);
    if (values.some((v) => v === undefined)) return undefined;
    out.push(values as number[]);
  }
  return out;
}

/** A symbol's facts: strings (bounded in number and length), or nothing. */
function toFacts(x: unknown): string[] | undefined {
  if (!Array.isArray(x)) return undefined;
  const facts = x.filter((f): f is string => typeof f === 'string' && f.length <= 1000);
  return facts.length > 0 ? facts.slice(0, MAX_FACTS) : undefined;
}

/**
 * A ClaimDetail as far as it is well formed: malformed parts are dropped, not trusted. An
 * unknown seed is NaN (null after JSON). Undefined when nothing usable is left.
 */
export function sanitizeDetail(x: unknown): ClaimDetail | undefined {
  if (!isObject(x)) return undefined;
  const draws: ClaimDetail['draws'] = [];
  if (Array.isArray(x.draws)) {
    for (const d of x.draws) {
      const relError = isObject(d) ? toNumber(d.relError) : undefined;
      if (isObject(d) && relError !== undefined && typeof d.sizes === 'string')
        draws.push({ relError, sizes: d.sizes });
    }
  }
  const symbols = Array.isArray(x.symbols)
    ? x.symbols
        .filter(
          (s): s is Json & { text: string; shape: string } =>
            isObject(s) && typeof s.text === 'string' && typeof s.shape === 'string',
        )
        .map((s): SymbolRow => {
          const facts = toFacts(s.facts);
          return { text: s.text, shape: s.shape, ...(facts ? { facts } : {}) };
        })
    : [];
  const seed = typeof x.seed === 'number' && Number.isFinite(x.seed) ? x.seed : NaN;
  const claimed = isObject(x.sample) ? toMatrix(x.sample.claimed) : undefined;
  const truth = isObject(x.sample) ? toMatrix(x.sample.truth) : undefined;
  const sample = claimed && truth ? { claimed, truth } : undefined;
  if (draws.length === 0 && symbols.length === 0 && !sample && Number.isNaN(seed)) return undefined;
  return { draws, seed, symbols, ...(sample ? { sample } : {}) };
}

function isPanelClaim(x: unknown): x is PanelClaim {
  return (
    isObject(x) &&
    isIndex(x.index) &&
    typeof x.kind === 'string' &&
    KIND_SET.has(x.kind) &&
    isVerdict(x.verdict) &&
    typeof x.severity === 'string' &&
    SEVERITY_SET.has(x.severity) &&
    isRange(x.range) &&
    typeof x.message === 'string' &&
    typeof x.latex === 'string' &&
    (x.detail === undefined || isObject(x.detail)) &&
    (x.diagnosisDetail === undefined ||
      (isObject(x.diagnosisDetail) && typeof x.diagnosisDetail.kind === 'string'))
  );
}

function isPanelDocument(x: unknown): x is PanelDocument {
  return (
    isObject(x) &&
    typeof x.uri === 'string' &&
    typeof x.name === 'string' &&
    (x.macros === undefined || isMacroTable(x.macros))
  );
}

function isMacroTable(x: unknown): x is Record<string, string> {
  return (
    isObject(x) &&
    Object.entries(x).every(
      ([name, body]) => /^\\[A-Za-z]+$/.test(name) && typeof body === 'string',
    )
  );
}

function isPanelDerivation(x: unknown): x is PanelDerivation {
  return (
    isObject(x) &&
    typeof x.wrt === 'string' &&
    isOptionalString(x.stepsDropped, 10_000) &&
    Array.isArray(x.rows) &&
    x.rows.length <= MAX_DERIVATION_ROWS &&
    x.rows.every(
      (r) =>
        isObject(r) &&
        typeof r.lhs === 'string' &&
        typeof r.rhs === 'string' &&
        isVerdict(r.verdict) &&
        (r.relError === undefined || r.relError === null || typeof r.relError === 'number'),
    )
  );
}

/** Every message the host may send (the webview checks too: a stale host build is possible). */
export function isHostMessage(x: unknown): x is HostMessage {
  if (!isObject(x) || typeof x.type !== 'string') return false;
  switch (x.type) {
    case 'show':
      return (
        (x.document === null || isPanelDocument(x.document)) &&
        Array.isArray(x.claims) &&
        x.claims.every(isPanelClaim) &&
        (x.selected === undefined || isIndex(x.selected))
      );
    case 'select':
      return isIndex(x.index);
    case 'derivation':
      return (
        typeof x.document === 'string' &&
        isIndex(x.index) &&
        typeof x.latex === 'string' &&
        (x.derivation === undefined || isPanelDerivation(x.derivation)) &&
        isOptionalString(x.reason, 10_000)
      );
    case 'expressionResult':
      return (
        isIndex(x.requestId) &&
        isObject(x.request) &&
        typeof x.request.expr === 'string' &&
        Array.isArray(x.claims) &&
        x.claims.every(isPanelClaim) &&
        typeof x.text === 'string' &&
        typeof x.numeric === 'string' &&
        NUMERIC_SET.has(x.numeric) &&
        isOptionalString(x.error, 100_000)
      );
    default:
      return false;
  }
}

/** State handed back by getState() or by the serializer after a reload; undefined if unusable. */
export function sanitizeState(x: unknown): PanelState | undefined {
  if (!isObject(x) || x.version !== PANEL_PROTOCOL_VERSION) return undefined;
  const document = isPanelDocument(x.document)
    ? { uri: x.document.uri, name: x.document.name }
    : null;
  const claims = Array.isArray(x.claims) && x.claims.every(isPanelClaim) ? x.claims : [];
  const selected = isIndex(x.selected) && x.selected < claims.length ? x.selected : undefined;
  const e = isObject(x.expression) ? x.expression : {};
  const text = (v: unknown): string | undefined =>
    typeof v === 'string' && v.length <= MAX_EXPRESSION_LENGTH ? v : undefined;
  const expression: ExpressionRequest = {
    expr: text(e.expr) ?? '',
    wrt: text(e.wrt),
    claim: text(e.claim),
    shapes: text(e.shapes),
  };
  const result =
    isHostMessage(x.expressionResult) && x.expressionResult.type === 'expressionResult'
      ? x.expressionResult
      : undefined;
  return {
    version: PANEL_PROTOCOL_VERSION,
    document,
    claims,
    expression,
    ...(selected !== undefined ? { selected } : {}),
    ...(result ? { expressionResult: result } : {}),
  };
}

// ── building claims ──────────────────────────────────────────────────────────────────────

/**
 * A Finding → the claim the panel shows. `extra` is what the host knows beyond the finding
 * (the symbol table, or numbers the core has not attached yet); numbers the core attached
 * to the finding itself (`evidence`, when present) fill what `extra` leaves out.
 */
export function toPanelClaim(
  finding: Finding,
  index: number,
  extra?: Partial<ClaimDetail>,
): PanelClaim {
  const claim: PanelClaim = {
    index,
    kind: finding.kind,
    verdict: finding.verdict,
    severity: finding.severity,
    range: finding.range,
    message: finding.message,
    latex: finding.latex,
  };
  if (finding.wrt !== undefined) claim.wrt = finding.wrt;
  if (finding.shapes) claim.shapes = finding.shapes;
  if (finding.relError !== undefined) claim.relError = finding.relError;
  if (finding.diagnosis !== undefined) claim.diagnosis = finding.diagnosis;
  if (finding.diagnosisDetail !== undefined) claim.diagnosisDetail = finding.diagnosisDetail;
  if (finding.code !== undefined) claim.code = finding.code;
  // Read structurally: the evidence field is being added to the core alongside this panel.
  const evidence = sanitizeDetail((finding as { evidence?: unknown }).evidence);
  const given = extra ? sanitizeDetail({ draws: [], symbols: [], seed: NaN, ...extra }) : undefined;
  const merged = mergeDetail(given, evidence);
  if (merged) claim.detail = merged;
  return claim;
}

function mergeDetail(
  first: ClaimDetail | undefined,
  second: ClaimDetail | undefined,
): ClaimDetail | undefined {
  if (!first) return second;
  if (!second) return first;
  const sample = first.sample ?? second.sample;
  return {
    draws: first.draws.length > 0 ? first.draws : second.draws,
    seed: Number.isNaN(first.seed) ? second.seed : first.seed,
    symbols: first.symbols.length > 0 ? first.symbols : second.symbols,
    ...(sample ? { sample } : {}),
  };
}

/** The claim whose range holds `position`; the innermost when ranges nest. */
export function claimAt(
  claims: readonly { range: Range }[],
  position: Position,
): number | undefined {
  const before = (a: Position, b: Position) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  let best: number | undefined;
  let bestSize = Infinity;
  claims.forEach((claim, i) => {
    const { start, end } = claim.range;
    if (!before(start, position) || !before(position, end)) return;
    const size = (end.line - start.line) * 1e6 + (end.character - start.character);
    if (size < bestSize) {
      best = i;
      bestSize = size;
    }
  });
  return best;
}

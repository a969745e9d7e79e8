// Messages between the extension host and the numeric worker (worker_threads). No `vscode`
// import: the worker, the host-side client and the plain-Node tests all read this file.
// Every request has an id; every reply names the request it answers.
import type { NumericOptions } from '../core/check/numericCheck';
import type { DocumentLanguage, Position, Section } from '../core/document';
import type { DeriveWhere, VariableChoice } from '../core/derive/deriveAt';
import type { PlainTextRequest } from '../core/plaintext/check';
import type { Finding } from '../core/report';
import type { NamingConventions } from '../core/shape/conventions';
import type { FindingsLayout } from './findingsDelta';
import type { ClaimDetail } from './panel';

/** What a check may set; the host fills in the time budget when the caller does not. */
export interface WorkerCheckOptions {
  macros?: Record<string, string>;
  /** Naming conventions (plain data; the worker resolves and validates them again). */
  conventions?: Partial<NamingConventions>;
  /** Parts of the text numbered on their own (a notebook's cells), for messages. */
  sections?: Section[];
  numeric?: Partial<NumericOptions> | false;
  /** Wall-clock budget for the whole document, from the moment the worker starts it. */
  timeBudgetMs: number;
  /**
   * A plain-text expression (the panel's input box) to check instead of the document text:
   * the worker reads it with the mathjs-syntax reader. The request's uri names it.
   */
  expression?: PlainTextRequest;
  /**
   * A check for the editor: the worker leaves out the regions its own cache answers (see
   * worker/incremental.ts) under this key of the settings that change findings.
   */
  regions?: { settingsKey: string };
  /** Also send back the reading the panel needs (ResultReply.readingJson). */
  reading?: boolean;
}

export interface CheckRequest {
  type: 'check';
  id: number;
  uri: string;
  version: number;
  language: DocumentLanguage;
  text: string;
  options: WorkerCheckOptions;
  /** Index into the shared cancellation flags, or -1 when every slot is taken. */
  slot: number;
}

/** Drops a request that is still queued; a running one is stopped through its flag slot. */
export interface CancelRequest {
  type: 'cancel';
  id: number;
}

/** Test only (honoured when workerData.testHooks is set): die while "checking". */
export interface CrashRequest {
  type: 'crash';
  id: number;
  mode: CrashMode;
}

/** Test only: spin forever without looking at any flag, like a runaway claim. */
export interface HangRequest {
  type: 'hang';
  id: number;
}

/**
 * throw: an uncaught error; exit: process.exit; oom: the JavaScript heap grows past the
 * worker's resourceLimits; huge-allocation: a float64 array of 2⁴⁰ elements asked of the
 * core's allocation guard (which refuses it before any memory is taken).
 */
export type CrashMode = 'throw' | 'exit' | 'oom' | 'huge-allocation';

/** What the reading of a document depends on besides its text (the settings that change it). */
export interface ReadingOptions {
  macros?: Record<string, string>;
  conventions?: Partial<NamingConventions>;
  sections?: Section[];
}

/**
 * A hover: the shape of the subexpression at `offset` of this version. The worker reads the
 * text (shapes only) once per uri + version + settingsKey and keeps the reading for the next
 * hovers; the text travels every time so a restarted worker needs nothing else.
 */
export interface ShapeAtRequest {
  type: 'shapeAt';
  id: number;
  uri: string;
  version: number;
  language: DocumentLanguage;
  text: string;
  options: ReadingOptions;
  settingsKey: string;
  offset: number;
}

/**
 * "Derive Gradient…": the derivation block for the objective on a line or in a selection
 * (offsets) of this version, by `wrt`; without `wrt`, the variables to choose from.
 */
export interface DeriveRequest {
  type: 'derive';
  id: number;
  uri: string;
  version: number;
  language: DocumentLanguage;
  text: string;
  options: ReadingOptions;
  where: DeriveWhere;
  wrt?: string;
  /** Without `wrt`: take the variable the note names (∂φ/∂X, f(X)) rather than ask. */
  preferNamed?: boolean;
}

/** One checked row of a derivation block: `lhs &= rhs` and GradLens's verdict on it. */
export interface DerivedRow {
  lhs: string;
  rhs: string;
  verdict: Finding['verdict'];
  relError?: number;
}

export type DeriveOutcome =
  | { kind: 'choose'; variables: VariableChoice[]; preferred?: string }
  | {
      kind: 'derived';
      wrt: string;
      rows: DerivedRow[];
      /** The display math as inserted; `inserted` (with its blank lines) goes in at `insertAt`. */
      block: string;
      insertAt: number;
      inserted: string;
      /** Why only the gradient line is there, when the steps were left out. */
      stepsDropped?: string;
    }
  | { kind: 'failed'; reason: string };

export type WorkerRequest =
  CheckRequest | ShapeAtRequest | DeriveRequest | CancelRequest | CrashRequest | HangRequest;

/** Requests that occupy the worker and get exactly one final reply. */
export type WorkRequest =
  CheckRequest | ShapeAtRequest | DeriveRequest | CrashRequest | HangRequest;

/** The smallest shaped subexpression under a cursor, as a hover shows it. */
export interface ShapeSummary {
  /** The subexpression as GradLens reads it: BᵀXC (truncated when long). */
  text: string;
  /** Its shape: m×n, scalar. */
  label: string;
  /** For a symbol: what the note says of it where it stands, each with where it was said. */
  facts?: string[];
}

/** The shapes table of the statement a finding starts in, keyed by where findings start. */
export interface ClaimReading {
  at: Position;
  symbols: ClaimDetail['symbols'];
}

/** What the panel needs of a checked version beyond its findings. */
export interface DocumentReading {
  /** The note's macros in the form KaTeX takes. */
  macros: Record<string, string>;
  /** One entry per distinct finding start that has a shaped statement. */
  claims: ClaimReading[];
}

/** How much of a check the worker's region cache answered. */
export interface RegionReuse {
  regionsReused: number;
  regionsFresh: number;
}

/** Handshake: the worker listens. */
export interface ReadyReply {
  type: 'ready';
  testHooks: boolean;
}

/** The worker begins this request now; the host's watchdog starts its clock here. */
export interface StartedReply {
  type: 'started';
  id: number;
}

export interface ResultReply {
  type: 'result';
  id: number;
  uri: string;
  version: number;
  /** All of them, or with `layout` only those new since the last result for this URI. */
  findings: Finding[];
  layout?: FindingsLayout;
  durationMs: number;
  /** The time budget ran out: findings hold what was done and name what was not checked. */
  timedOut?: boolean;
  /** When the check asked for region reuse. */
  reuse?: RegionReuse;
  /**
   * When the check asked for it: a DocumentReading as JSON. A string crosses the thread
   * boundary as one copy, where an object graph of hundreds of tables costs the host tens of
   * milliseconds to rebuild; the host parses it only when the panel asks.
   */
  readingJson?: string;
}

export interface ShapeAtReply {
  type: 'shapeAt';
  id: number;
  shape: ShapeSummary | null;
}

export interface DeriveReply {
  type: 'derive';
  id: number;
  outcome: DeriveOutcome;
}

export interface CancelledReply {
  type: 'cancelled';
  id: number;
  uri: string;
  version: number;
}

/** An exception in the core, serialized on purpose (an Error does not survive postMessage whole). */
export interface ErrorReply {
  type: 'error';
  id: number;
  message: string;
  stack?: string;
}

export type WorkerReply =
  | ReadyReply
  | StartedReply
  | ResultReply
  | ShapeAtReply
  | DeriveReply
  | CancelledReply
  | ErrorReply;

/** Given to the worker at startup. */
export interface WorkerData {
  /** Int32 cancellation slots: slot i holds the id of the live request using it, 0 if none. */
  flags: SharedArrayBuffer;
  /** Int32 [running request id]; a fresh buffer per worker, so a dying one cannot blur the next. */
  control: SharedArrayBuffer;
  testHooks: boolean;
}

/** The stable code on findings that exist because a time budget ran out. */
export const TIMEOUT_CODE = 'gradlens.timeout';

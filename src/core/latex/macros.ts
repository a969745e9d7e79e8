// TeX macro definitions (\def, \newcommand, \DeclareMathOperator, \let, settings) and their
// expansion on tokens.
//
// Spans: every token produced by expanding a use carries the span of that use (the macro
// command token through the end of its last argument) and `fromMacro` = the name of the macro
// the user wrote there. Tokens that came from an argument keep their own spans, so a finding
// about `A` in `\LR{A+B}` still points at `A`.
//
// Scope: definitions are document-wide. A use at offset p sees the last definition made before
// p; if there is none, the first one after p (a macro defined anywhere applies everywhere).
// Settings macros apply everywhere and lose to any document definition.
//
// Expansion is bounded in depth and in work, so recursive or exploding macros give a problem
// instead of hanging.
import {
  MACRO_DEPTH,
  MACRO_TOKENS_PER_USE,
  MACRO_WORK_PER_FORMULA,
  type LimitName,
} from '../limits';
import { tokenize } from './tokenize';
import type { Token } from './token';

export type MacroKind =
  'def' | 'newcommand' | 'renewcommand' | 'providecommand' | 'DeclareMathOperator' | 'option';

export interface MacroDefinition {
  /** The command, backslash included, e.g. "\\grad". */
  name: string;
  /** Number of parameters, 0..9 (an optional \newcommand argument counts as #1). */
  params: number;
  /** Default of the optional first argument (\newcommand\foo[2][default]{…}). */
  defaultArg?: Token[];
  /** Replacement text; `#k` are 'param' tokens. */
  body: Token[];
  /** Source span of the whole definition (-1 for settings macros). */
  start: number;
  end: number;
  kind: MacroKind;
  /**
   * For \def with delimited parameters (\def\foo#1.#2\end{…}): params + 1 token lists.
   * delimited[0] must follow the macro name literally; delimited[k] (k ≥ 1) ends argument #k
   * (empty: #k is an ordinary undelimited argument). Absent when every parameter is undelimited.
   */
  delimited?: Token[][];
  /**
   * \let to a command that was not a macro at that point (\let\oldvec\vec): the body is that
   * command, which is never expanded again, so a later \renewcommand{\vec} does not loop.
   */
  primitive?: boolean;
}

export interface MacroProblem {
  start: number;
  end: number;
  message: string;
  /** The limit of src/core/limits.ts that stopped the expansion, when one did. */
  limit?: LimitName;
}

export interface ExpansionLimits {
  /** Nesting depth of expansions (a use inside a replacement inside a replacement …). */
  maxDepth?: number;
  /** Tokens produced by the expansion of one use; the whole call may produce 4× this. */
  maxTokens?: number;
  /**
   * The document's budget, shared by every call for its formulas: `used` grows by each call's
   * work, and once it passes `max` nothing more is expanded.
   */
  document?: { used: number; max: number };
}

export const DEFAULT_MAX_DEPTH = MACRO_DEPTH;
export const DEFAULT_MAX_TOKENS = MACRO_TOKENS_PER_USE;

/** Definitions of one document, in document order, plus macros from the settings. */
export class MacroTable {
  /** Document definitions by name, sorted by start; \providecommand kept apart. */
  private readonly strong = new Map<string, MacroDefinition[]>();
  private readonly provided = new Map<string, MacroDefinition[]>();
  private readonly options = new Map<string, MacroDefinition>();
  private readonly all: MacroDefinition[] = [];

  add(def: MacroDefinition): void {
    if (def.kind === 'option') {
      this.options.set(def.name, def);
      return;
    }
    insertByStart(this.all, def);
    const map = def.kind === 'providecommand' ? this.provided : this.strong;
    let list = map.get(def.name);
    if (!list) map.set(def.name, (list = []));
    insertByStart(list, def);
  }

  /** The definition that applies to a use of `name` at source offset `at`. */
  lookup(name: string, at: number): MacroDefinition | undefined {
    const list = this.documentList(name);
    if (list && list.length > 0) {
      const k = lastBefore(list, at);
      return k >= 0 ? list[k] : list[0];
    }
    return this.options.get(name);
  }

  /** The meaning of `name` at offset `at` as TeX's \let sees it: only earlier definitions. */
  lookupBefore(name: string, at: number): MacroDefinition | undefined {
    const list = this.documentList(name);
    if (list && list.length > 0) {
      const k = lastBefore(list, at);
      if (k >= 0) return list[k];
    }
    return this.options.get(name);
  }

  has(name: string): boolean {
    return this.strong.has(name) || this.provided.has(name) || this.options.has(name);
  }

  /** Document definitions in document order (settings macros not included). */
  definitions(): readonly MacroDefinition[] {
    return this.all;
  }

  /** Settings macros. */
  optionDefinitions(): MacroDefinition[] {
    return [...this.options.values()];
  }

  get size(): number {
    return this.all.length + this.options.size;
  }

  private documentList(name: string): MacroDefinition[] | undefined {
    const strong = this.strong.get(name);
    if (strong && strong.length > 0) return strong;
    // \providecommand only defines what nothing else defines.
    if (this.options.has(name)) return undefined;
    return this.provided.get(name);
  }
}

function insertByStart(list: MacroDefinition[], def: MacroDefinition): void {
  let k = list.length;
  while (k > 0 && list[k - 1].start > def.start) k--;
  list.splice(k, 0, def);
}

/** Index of the last definition with start < at, or -1. A negative `at` means "unknown": -1. */
function lastBefore(list: MacroDefinition[], at: number): number {
  if (at < 0) return -1;
  let lo = 0;
  let hi = list.length; // first index with start >= at
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

// ---------------------------------------------------------------------------------------------
// Collecting definitions

const PREFIXES = new Set(['\\global', '\\long', '\\protected', '\\outer']);
const DEFS = new Set(['\\def', '\\gdef', '\\edef', '\\xdef']);
const NEWCOMMANDS: Record<string, MacroKind> = {
  '\\newcommand': 'newcommand',
  '\\renewcommand': 'renewcommand',
  '\\providecommand': 'providecommand',
  '\\DeclareRobustCommand': 'newcommand',
};

interface Parsed {
  /** Index of the first token after what was consumed (always > the definition command). */
  next: number;
  def?: MacroDefinition;
}

/**
 * Records every definition in `tokens` into `table` and returns the tokens without them.
 * Malformed definitions give a problem; as little as possible around them is removed.
 */
export function collectDefinitions(
  tokens: Token[],
  table: MacroTable,
  problems: MacroProblem[],
): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (t.kind !== 'command') {
      out.push(t);
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length && tokens[j].kind === 'command' && PREFIXES.has(tokens[j].text)) j++;
    const head = tokens[j];
    let parsed: Parsed | undefined;
    if (head !== undefined && head.kind === 'command') {
      const ctx: Ctx = { tokens, table, problems, start: t.start, head };
      if (DEFS.has(head.text)) parsed = parseDef(ctx, j);
      else if (head.text === '\\let') parsed = parseLet(ctx, j);
      else if (j === i && NEWCOMMANDS[head.text] !== undefined)
        parsed = parseNewcommand(ctx, j, NEWCOMMANDS[head.text]);
      else if (j === i && head.text === '\\DeclareMathOperator') parsed = parseOperator(ctx, j);
    }
    if (!parsed) {
      out.push(t);
      i++;
      continue;
    }
    if (parsed.def) table.add(parsed.def);
    i = Math.max(parsed.next, i + 1);
  }
  return out;
}

interface Ctx {
  tokens: Token[];
  table: MacroTable;
  problems: MacroProblem[];
  /** Source offset where the definition starts (its first prefix or command). */
  start: number;
  /** The defining command (\def, \newcommand, …). */
  head: Token;
}

function report(ctx: Ctx, endIndex: number, message: string): void {
  const last = ctx.tokens[Math.min(endIndex, ctx.tokens.length) - 1];
  const end = last ? Math.max(last.end, ctx.head.end) : ctx.head.end;
  ctx.problems.push({ start: ctx.start, end, message });
}

function endOf(ctx: Ctx, next: number): number {
  const last = ctx.tokens[next - 1];
  return last ? last.end : ctx.head.end;
}

/** Reads a balanced group starting at tokens[k] (an lbrace). */
function readGroup(tokens: Token[], k: number): { content: Token[]; next: number } | undefined {
  let level = 0;
  for (let m = k; m < tokens.length; m++) {
    const kind = tokens[m].kind;
    if (kind === 'lbrace') level++;
    else if (kind === 'rbrace') {
      level--;
      if (level === 0) return { content: tokens.slice(k + 1, m), next: m + 1 };
    }
  }
  return undefined;
}

/** Reads from tokens[k] (a `[`) to the matching `]` at brace level 0. */
function readBracket(tokens: Token[], k: number): { content: Token[]; next: number } | undefined {
  let level = 0;
  for (let m = k + 1; m < tokens.length; m++) {
    const t = tokens[m];
    if (t.kind === 'lbrace') level++;
    else if (t.kind === 'rbrace') {
      if (level === 0) return undefined;
      level--;
    } else if (level === 0 && t.kind === 'symbol' && t.text === ']') {
      return { content: tokens.slice(k + 1, m), next: m + 1 };
    }
  }
  return undefined;
}

/** Reads a command name: `\foo` or `{\foo}`. */
function readName(ctx: Ctx, k: number): { name: Token; next: number } | undefined {
  const t = ctx.tokens[k];
  if (t === undefined) return undefined;
  if (t.kind === 'command') return { name: t, next: k + 1 };
  if (t.kind === 'lbrace') {
    const g = readGroup(ctx.tokens, k);
    if (g && g.content.length === 1 && g.content[0].kind === 'command') {
      return { name: g.content[0], next: g.next };
    }
  }
  return undefined;
}

/** Problems for #k in a body beyond the parameter count. */
function checkBody(ctx: Ctx, name: string, body: Token[], params: number, endIndex: number): void {
  for (let m = 0; m < body.length; m++) {
    const t = body[m];
    if (t.kind !== 'param') continue;
    const prev = body[m - 1];
    if (prev && prev.kind === 'symbol' && prev.text === '#') continue; // ##1: a nested definition
    const k = t.text.charCodeAt(1) - 48;
    if (k < 1 || k > params) {
      report(ctx, endIndex, `illegal parameter number ${t.text} in definition of ${name}`);
      return;
    }
  }
}

function parseDef(ctx: Ctx, j: number): Parsed {
  const { tokens } = ctx;
  const nameTok = tokens[j + 1];
  if (nameTok === undefined || nameTok.kind !== 'command') {
    report(ctx, j + 1, `${ctx.head.text} must be followed by a command name`);
    return { next: j + 1 };
  }
  const name = nameTok.text;
  let k = j + 2;
  let params = 0;
  const delimited: Token[][] = [[]];
  let unsupported = false;
  while (k < tokens.length && tokens[k].kind !== 'lbrace') {
    const t = tokens[k];
    if (t.kind === 'rbrace') {
      report(ctx, j + 2, `missing { after ${ctx.head.text}${name}`);
      return { next: j + 2 };
    }
    if (t.kind === 'param') {
      if (t.text.charCodeAt(1) - 48 !== params + 1) unsupported = true;
      else {
        params++;
        delimited.push([]);
      }
    } else if (t.kind === 'symbol' && t.text === '#') {
      unsupported = true; // #{ or ## in the parameter text
    } else {
      delimited[params].push(t);
    }
    k++;
  }
  if (k >= tokens.length) {
    report(ctx, j + 2, `missing body in ${ctx.head.text}${name}`);
    return { next: j + 2 };
  }
  const group = readGroup(tokens, k);
  if (!group) {
    report(ctx, tokens.length, `unbalanced braces in the body of ${ctx.head.text}${name}`);
    return { next: j + 2 };
  }
  if (unsupported) {
    report(ctx, group.next, `unsupported \\def parameter text in ${ctx.head.text}${name}`);
    return { next: group.next };
  }
  checkBody(ctx, name, group.content, params, group.next);
  const def: MacroDefinition = {
    name,
    params,
    body: group.content,
    start: ctx.start,
    end: endOf(ctx, group.next),
    kind: 'def',
  };
  if (delimited.some((d) => d.length > 0)) def.delimited = delimited;
  return { next: group.next, def };
}

function parseLet(ctx: Ctx, j: number): Parsed {
  const { tokens } = ctx;
  const nameTok = tokens[j + 1];
  if (nameTok === undefined || nameTok.kind !== 'command') {
    report(ctx, j + 1, '\\let must be followed by a command name');
    return { next: j + 1 };
  }
  let k = j + 2;
  if (tokens[k] && tokens[k].kind === 'symbol' && tokens[k].text === '=') k++;
  const target = tokens[k];
  if (target === undefined) {
    report(ctx, k, `missing target in \\let${nameTok.text}`);
    return { next: k };
  }
  const next = k + 1;
  const end = target.end;
  if (target.kind === 'command') {
    const meaning = ctx.table.lookupBefore(target.text, ctx.start);
    if (meaning) {
      const def: MacroDefinition = {
        name: nameTok.text,
        params: meaning.params,
        body: meaning.body,
        start: ctx.start,
        end,
        kind: 'def',
      };
      if (meaning.defaultArg) def.defaultArg = meaning.defaultArg;
      if (meaning.delimited) def.delimited = meaning.delimited;
      return { next, def };
    }
    if (target.text === nameTok.text) return { next }; // \let\a\a: no change
  }
  // A primitive (\let\L\left) or a single character: the name stands for that token.
  const def: MacroDefinition = {
    name: nameTok.text,
    params: 0,
    body: [target],
    start: ctx.start,
    end,
    kind: 'def',
  };
  if (target.kind === 'command') def.primitive = true;
  return { next, def };
}

function parseNewcommand(ctx: Ctx, j: number, kind: MacroKind): Parsed {
  const { tokens } = ctx;
  const cmd = ctx.head.text;
  let k = j + 1;
  if (isSym(tokens[k], '*')) k++;
  const nm = readName(ctx, k);
  if (!nm) {
    report(ctx, k, `${cmd} must be followed by a command name`);
    return { next: j + 1 };
  }
  const name = nm.name.text;
  k = nm.next;
  let params = 0;
  let defaultArg: Token[] | undefined;
  if (isSym(tokens[k], '[')) {
    const b = readBracket(tokens, k);
    const n =
      b && b.content.length === 1 && b.content[0].kind === 'number' ? b.content[0].text : '';
    if (!b || !/^\d$/.test(n)) {
      report(ctx, b ? b.next : k + 1, `invalid number of arguments in ${cmd}${name}`);
      return { next: b ? b.next : k };
    }
    params = Number(n);
    k = b.next;
    if (isSym(tokens[k], '[')) {
      const d = readBracket(tokens, k);
      if (!d) {
        report(ctx, k + 1, `missing ] in the default argument of ${cmd}${name}`);
        return { next: k };
      }
      defaultArg = stripBraces(d.content);
      k = d.next;
      if (params === 0) {
        report(ctx, k, `${cmd}${name} has a default argument but no arguments`);
        return { next: k };
      }
    }
  }
  const body = readBody(tokens, k);
  if (!body) {
    report(ctx, k, `missing body in ${cmd}${name}`);
    return { next: k };
  }
  checkBody(ctx, name, body.content, params, body.next);
  const def: MacroDefinition = {
    name,
    params,
    body: body.content,
    start: ctx.start,
    end: endOf(ctx, body.next),
    kind,
  };
  if (defaultArg) def.defaultArg = defaultArg;
  return { next: body.next, def };
}

function parseOperator(ctx: Ctx, j: number): Parsed {
  const { tokens } = ctx;
  let k = j + 1;
  const star = isSym(tokens[k], '*') ? tokens[k] : undefined;
  if (star) k++;
  const nm = readName(ctx, k);
  if (!nm) {
    report(ctx, k, '\\DeclareMathOperator must be followed by a command name');
    return { next: j + 1 };
  }
  const name = nm.name.text;
  const body = readBody(tokens, nm.next);
  if (!body) {
    report(ctx, nm.next, `missing body in \\DeclareMathOperator${name}`);
    return { next: nm.next };
  }
  const end = endOf(ctx, body.next);
  const synth = (kind: Token['kind'], text: string): Token => ({
    kind,
    text,
    start: ctx.start,
    end,
    spaceBefore: false,
  });
  const full: Token[] = [synth('command', '\\operatorname')];
  if (star) full.push(synth('symbol', '*'));
  full.push(synth('lbrace', '{'), ...body.content, synth('rbrace', '}'));
  return {
    next: body.next,
    def: { name, params: 0, body: full, start: ctx.start, end, kind: 'DeclareMathOperator' },
  };
}

/** A definition body: a balanced `{…}` (braces removed) or one token. */
function readBody(tokens: Token[], k: number): { content: Token[]; next: number } | undefined {
  const t = tokens[k];
  if (t === undefined || t.kind === 'rbrace') return undefined;
  if (t.kind === 'lbrace') return readGroup(tokens, k);
  return { content: [t], next: k + 1 };
}

function isSym(t: Token | undefined, text: string): boolean {
  return t !== undefined && t.kind === 'symbol' && t.text === text;
}

/** `{…}` whose braces match each other → its content; anything else unchanged. */
function stripBraces(tokens: Token[]): Token[] {
  if (tokens.length < 2 || tokens[0].kind !== 'lbrace') return tokens;
  if (tokens[tokens.length - 1].kind !== 'rbrace') return tokens;
  let level = 0;
  for (let m = 0; m < tokens.length; m++) {
    if (tokens[m].kind === 'lbrace') level++;
    else if (tokens[m].kind === 'rbrace') {
      level--;
      if (level === 0 && m < tokens.length - 1) return tokens;
    }
  }
  return tokens.slice(1, -1);
}

// ---------------------------------------------------------------------------------------------
// Settings macros

/**
 * Adds macros from settings: { "\\R": "\\mathbb{R}", "\\norm": "\\left\\|#1\\right\\|" }.
 * A value may also be MathJax's [body, params]. Names may omit the backslash. The number of
 * parameters is the highest #k in the body. Entries that are not usable are skipped.
 */
export function macrosFromOptions(
  defs: Record<string, string | [string, number]>,
  table: MacroTable,
): void {
  if (defs === null || typeof defs !== 'object') return;
  for (const [key, value] of Object.entries(defs)) {
    let text: unknown = value;
    let declared: number | undefined;
    if (Array.isArray(value)) {
      text = value[0];
      if (typeof value[1] === 'number' && Number.isInteger(value[1])) declared = value[1];
    }
    if (typeof text !== 'string' || typeof key !== 'string') continue;
    const nameText = key.startsWith('\\') ? key : '\\' + key;
    const nameTokens = tokenize({ text: nameText, contentStart: 0 });
    if (nameTokens.length !== 1 || nameTokens[0].kind !== 'command') continue;
    const body = tokenize({ text, contentStart: 0 }).map((t) => ({ ...t, start: -1, end: -1 }));
    let params = 0;
    for (const t of body) {
      if (t.kind === 'param') params = Math.max(params, t.text.charCodeAt(1) - 48);
    }
    if (declared !== undefined && declared >= params && declared <= 9) params = declared;
    table.add({ name: nameTokens[0].text, params, body, start: -1, end: -1, kind: 'option' });
  }
}

// ---------------------------------------------------------------------------------------------
// Expansion

interface Arg {
  tokens: Token[];
  depths: number[];
  /** False for a \newcommand default: its tokens come from the definition, not the use. */
  fromUse: boolean;
}

/**
 * Pending input: the replacement being rescanned (a stack, front at the end) in front of the
 * rest of the input. Only one top-level use ("root") is ever being expanded at a time, so
 * every token on the stack belongs to it.
 */
class Pending {
  readonly stack: Token[] = [];
  readonly depths: number[] = [];
  i = 0;
  constructor(private readonly input: Token[]) {}

  get size(): number {
    return this.stack.length + (this.input.length - this.i);
  }
  get inRoot(): boolean {
    return this.stack.length > 0;
  }
  peek(k: number): Token | undefined {
    const s = this.stack.length;
    return k < s ? this.stack[s - 1 - k] : this.input[this.i + k - s];
  }
  depth(k: number): number {
    const s = this.depths.length;
    return k < s ? this.depths[s - 1 - k] : 0;
  }
  drop(n: number): void {
    let k = 0;
    for (; k < n && this.stack.length > 0; k++) {
      this.stack.pop();
      this.depths.pop();
    }
    this.i += n - k;
  }
  clearRoot(): void {
    this.stack.length = 0;
    this.depths.length = 0;
  }
  pushFront(tokens: Token[], depths: number[]): void {
    for (let m = tokens.length - 1; m >= 0; m--) {
      this.stack.push(tokens[m]);
      this.depths.push(depths[m]);
    }
  }
}

/**
 * Expands every use of a macro in `tokens` (rescanning replacements), bounded by `limits`.
 * Never throws; problems go to `problems`. Tokens that are not macro uses pass through as is.
 */
export function expandMacros(
  tokens: Token[],
  table: MacroTable,
  problems: MacroProblem[],
  limits: ExpansionLimits = {},
): Token[] {
  const maxDepth = Math.max(1, limits.maxDepth ?? DEFAULT_MAX_DEPTH);
  const maxTokens = Math.max(1, limits.maxTokens ?? DEFAULT_MAX_TOKENS);
  const maxTotal = maxTokens * (MACRO_WORK_PER_FORMULA / MACRO_TOKENS_PER_USE);
  const shared = limits.document;
  const out: Token[] = [];
  const pending = new Pending(tokens);
  const scan = { work: 0 };
  /** Tokens from a primitive \let: commands that must not be expanded again. */
  const noExpand = new WeakSet<Token>();
  let rootStart = -1;
  let rootEnd = -1;
  let rootName = '';
  let rootWork = 0;
  let totalWork = 0;
  // a formula after the document's budget ran out: its macros stay as they are, said once
  const exhausted = shared !== undefined && shared.used > shared.max;
  let stopped = exhausted;
  let toldExhausted = false;

  /** Past a budget: says which, drops the rest of this use (and of the formula, for the totals). */
  const overBudget = (): boolean => {
    const at = { start: rootStart, end: Math.max(rootStart, rootEnd) };
    if (shared && shared.used > shared.max) {
      const message = `macro expansion stopped: the document's macros produced more than ${shared.max} tokens (limit MACRO_WORK_PER_DOCUMENT)`;
      problems.push({ ...at, message, limit: 'MACRO_WORK_PER_DOCUMENT' });
      stopped = true;
    } else if (totalWork > maxTotal) {
      problems.push({
        ...at,
        message: `macro expansion stopped: more than ${maxTotal} tokens in this formula`,
        limit: 'MACRO_WORK_PER_FORMULA',
      });
      stopped = true;
    } else if (rootWork > maxTokens) {
      problems.push({
        ...at,
        message: `macro ${rootName} expands to more than ${maxTokens} tokens`,
        limit: 'MACRO_TOKENS_PER_USE',
      });
    } else return false;
    pending.clearRoot();
    return true;
  };

  while (pending.size > 0) {
    const inRoot = pending.inRoot;
    const tok = pending.peek(0)!;
    const depth = pending.depth(0);
    pending.drop(1);
    if (
      exhausted &&
      shared &&
      !toldExhausted &&
      tok.kind === 'command' &&
      table.lookup(tok.text, tok.start)
    ) {
      problems.push({
        start: tok.start,
        end: tok.end,
        message: `macro ${tok.text} not expanded: the document's macros already produced more than ${shared.max} tokens (limit MACRO_WORK_PER_DOCUMENT)`,
        limit: 'MACRO_WORK_PER_DOCUMENT',
      });
      toldExhausted = true;
    }
    if (tok.kind !== 'command' || stopped || noExpand.has(tok)) {
      out.push(tok);
      continue;
    }
    const def = table.lookup(tok.text, tok.start);
    if (!def) {
      out.push(tok);
      continue;
    }
    if (!inRoot) {
      rootStart = tok.start;
      rootEnd = tok.end;
      rootName = def.name;
      rootWork = 0;
    }
    if (depth >= maxDepth) {
      problems.push({
        start: rootStart,
        end: Math.max(rootStart, rootEnd),
        message: `macro ${def.name} expands recursively (depth limit ${maxDepth})`,
        limit: 'MACRO_DEPTH',
      });
      pending.clearRoot();
      continue;
    }

    // Read the arguments from the pending input.
    scan.work = 0;
    const got = readArguments(def, pending, scan);
    rootWork += scan.work;
    totalWork += scan.work;
    if (shared) shared.used += scan.work;
    // a runaway argument scans to the formula's end at every use: that work counts too
    if (overBudget()) continue;
    let spanStart = tok.start;
    let spanEnd = tok.end;
    for (let k = 0; k < got.consumed; k++) {
      const t = pending.peek(k)!;
      if (t.start >= 0 && (spanStart < 0 || t.start < spanStart)) spanStart = t.start;
      if (t.end > spanEnd) spanEnd = t.end;
    }
    if (!inRoot) rootEnd = spanEnd;
    if (got.error !== undefined) {
      problems.push({ start: rootStart, end: Math.max(rootStart, rootEnd), message: got.error });
    }
    // An unreadable use is dropped; what follows it is left alone.
    if (got.args === undefined) continue;
    pending.drop(got.consumed);

    const repl = replacement(def, got.args, tok, depth + 1, spanStart, spanEnd);
    rootWork += repl.tokens.length + 1;
    totalWork += repl.tokens.length + 1;
    if (shared) shared.used += repl.tokens.length + 1;
    if (overBudget()) continue;
    if (def.primitive) for (const t of repl.tokens) noExpand.add(t);
    pending.pushFront(repl.tokens, repl.depths);
  }
  return out;
}

/**
 * The body of `def` with its parameters replaced. Body tokens get the use span and fromMacro
 * (the outermost macro the user wrote there); argument tokens from the use are kept as they are.
 */
function replacement(
  def: MacroDefinition,
  args: Arg[],
  use: Token,
  depth: number,
  start: number,
  end: number,
): { tokens: Token[]; depths: number[] } {
  const fromMacro = use.fromMacro ?? def.name;
  const tokens: Token[] = [];
  const depths: number[] = [];
  const body = def.body;
  for (let m = 0; m < body.length; m++) {
    let b = body[m];
    if (b.kind === 'param') {
      const arg = args[b.text.charCodeAt(1) - 49];
      if (arg === undefined) continue;
      for (let q = 0; q < arg.tokens.length; q++) {
        const t = arg.tokens[q];
        if (arg.fromUse) {
          tokens.push(t);
          depths.push(Math.max(arg.depths[q], depth));
        } else {
          tokens.push(copyAt(t, start, end, fromMacro, tokens.length === 0 && use.spaceBefore));
          depths.push(depth);
        }
      }
      continue;
    }
    if (b.kind === 'symbol' && b.text === '#') {
      const n = body[m + 1];
      if (n !== undefined && (n.kind === 'param' || (n.kind === 'symbol' && n.text === '#'))) {
        b = n; // ## → #, ##1 → #1 (a definition inside the body)
        m++;
      }
    }
    tokens.push(copyAt(b, start, end, fromMacro, tokens.length === 0 && use.spaceBefore));
    depths.push(depth);
  }
  return { tokens, depths };
}

function copyAt(b: Token, start: number, end: number, fromMacro: string, space: boolean): Token {
  return { kind: b.kind, text: b.text, start, end, spaceBefore: b.spaceBefore || space, fromMacro };
}

interface ReadResult {
  /** Tokens after the macro token that make up its arguments. */
  consumed: number;
  /** Undefined: the use cannot be expanded (the macro token is dropped). */
  args?: Arg[];
  error?: string;
}

function takeArg(pending: Pending, from: number, to: number): Arg {
  const a: Arg = { tokens: [], depths: [], fromUse: true };
  for (let k = from; k < to; k++) {
    a.tokens.push(pending.peek(k)!);
    a.depths.push(pending.depth(k));
  }
  return a;
}

/** Index after the balanced group that starts at k (an lbrace), or -1. */
function groupEnd(pending: Pending, k: number, scan: { work: number }): number {
  const available = pending.size;
  let level = 0;
  for (let m = k; m < available; m++) {
    scan.work++;
    const kind = pending.peek(m)!.kind;
    if (kind === 'lbrace') level++;
    else if (kind === 'rbrace' && --level === 0) return m + 1;
  }
  return -1;
}

function matchesAt(pending: Pending, k: number, delim: Token[]): boolean {
  if (k + delim.length > pending.size) return false;
  for (let q = 0; q < delim.length; q++) {
    const t = pending.peek(k + q)!;
    if (t.kind !== delim[q].kind || t.text !== delim[q].text) return false;
  }
  return true;
}

/** Reads the arguments of a use without consuming them (the caller drops `consumed`). */
function readArguments(def: MacroDefinition, pending: Pending, scan: { work: number }): ReadResult {
  const args: Arg[] = [];
  const name = def.name;
  let p = 0;
  let first = 1;

  if (def.defaultArg !== undefined && def.params > 0) {
    first = 2;
    if (isSym(pending.peek(0), '[')) {
      const available = pending.size;
      let level = 0;
      let close = -1;
      for (let m = 1; m < available && close < 0; m++) {
        scan.work++;
        const t = pending.peek(m)!;
        if (t.kind === 'lbrace') level++;
        else if (t.kind === 'rbrace') {
          if (level === 0) break;
          level--;
        } else if (level === 0 && t.kind === 'symbol' && t.text === ']') close = m;
      }
      if (close < 0) {
        return { consumed: 0, error: `missing ] in the optional argument of ${name}` };
      }
      args.push(stripArg(takeArg(pending, 1, close)));
      p = close + 1;
    } else {
      args.push({ tokens: def.defaultArg, depths: def.defaultArg.map(() => 0), fromUse: false });
    }
  }

  const delimited = def.delimited;
  if (delimited !== undefined && delimited[0].length > 0) {
    if (!matchesAt(pending, p, delimited[0])) {
      return { consumed: 0, error: `use of ${name} does not match its definition` };
    }
    p += delimited[0].length;
  }

  for (let k = first; k <= def.params; k++) {
    const delim = delimited !== undefined ? delimited[k] : undefined;
    if (delim !== undefined && delim.length > 0) {
      // Delimited: everything up to the delimiter at brace level 0.
      let m = p;
      for (;;) {
        scan.work++;
        if (matchesAt(pending, m, delim)) break;
        const t = pending.peek(m);
        if (t === undefined || t.kind === 'rbrace') {
          return {
            consumed: 0,
            error: `runaway argument: #${k} of ${name} is not ended by its delimiter`,
          };
        }
        if (t.kind === 'lbrace') {
          const e = groupEnd(pending, m, scan);
          if (e < 0) return { consumed: 0, error: `missing } in an argument of ${name}` };
          m = e;
        } else m++;
      }
      args.push(stripArg(takeArg(pending, p, m)));
      p = m + delim.length;
      continue;
    }
    const t = pending.peek(p);
    if (t === undefined || t.kind === 'rbrace') {
      // Missing: expand with the arguments there are (empty for the rest).
      const what = t === undefined ? 'end of formula' : '}';
      return { consumed: p, args, error: `missing argument #${k} of ${name} (found ${what})` };
    }
    if (t.kind === 'lbrace') {
      const e = groupEnd(pending, p, scan);
      if (e < 0) return { consumed: 0, error: `missing } in an argument of ${name}` };
      args.push(takeArg(pending, p + 1, e - 1));
      p = e;
    } else {
      args.push(takeArg(pending, p, p + 1));
      p++;
    }
  }
  return { consumed: p, args };
}

function stripArg(a: Arg): Arg {
  const stripped = stripBraces(a.tokens);
  if (stripped === a.tokens) return a;
  return { tokens: stripped, depths: a.depths.slice(1, -1), fromUse: a.fromUse };
}

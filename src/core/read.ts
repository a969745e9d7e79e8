// Document → statements, with everything the document says about its symbols: scan the math
// regions, collect and expand macros, split into statements, parse, then gather declarations
// (math, directives, prose) and definitions in document order.
import {
  asKind,
  classifySteps,
  definedValue,
  definitionHead,
  isFiniteSetPower,
  type Step,
} from './claims/steps';
import {
  declarationsFromSizeHints,
  declarationsOfStep,
  parseDirective,
  vectorHints,
} from './claims/declarations';
import { layoutSaid, type Layout } from './claims/layout';
import { readLinearMaps } from './claims/linearMaps';
import { readMapLiterals } from './latex/mapLiterals';
import { hasDoubleSign, withSigns } from './latex/signs';
import { SymbolEnvironment, type Declaration, type UpstreamName } from './claims/environment';
import { countEvidence, countNames, countsInProse, type CountEvidence } from './claims/counts';
import { dotPartners, familyHints } from './claims/families';
import { familySourcesInProse } from './claims/familySources';
import { designEvidence, impliedDesignMatrices } from './claims/designMatrix';
import { bindByMatching, defineImplied } from './claims/boundByMatching';
import { bareDerivative, statedResult } from './claims/statedResult';
import { crossEntropyFacts } from './facts/readers/crossEntropy';
import { findProseShapes } from './claims/prose';
import { LineIndex, type Section, type SourceDocument } from './document';
import { attachIndexConditions } from './indices/conditions';
import { entryLetters, readLowercaseEntries } from './indices/matrixEntries';
import { readIndexNotation } from './indices/reading';
import { visit, type Chain, type DimSpec, type Expr, type SymbolNode } from './latex/ast';
import { LatexError } from './latex/errors';
import {
  collectDefinitions,
  expandMacros,
  MacroTable,
  macrosFromOptions,
  type MacroProblem,
} from './latex/macros';
import { diagOfListedFamily, dropDeclarationEllipsis } from './latex/ellipsis';
import { normalizeTokens } from './latex/normalize';
import { rewriteSetFamily } from './latex/setFamily';
import { defaultParseOptions, Parser, type ParseOptions } from './latex/parser';
import { FUNCTION_COMMANDS } from './functions/registry';
import { hasRelation, isSignature, lastExpression, splitIntoStatements } from './latex/statements';
import type { Token } from './latex/token';
import { tokenize } from './latex/tokenize';
import { scanDocument } from './scan';
import { resolveConventions, type NamingConventions } from './shape/conventions';
import { sourceOffset, type ScanResult } from './scan/region';
import { paragraphStarts, scopeStart } from './facts/scope';
import { readGradientNames } from './claims/gradientNames';
import { conditionReach, displaySpans, type DisplaySpans } from './facts/conditionReach';
import { proseView, type InlineMath, type ProseView } from './facts/proseView';
import { readProse } from './facts/readers/prose';
import type { Fact, FactSource, SizeRelation } from './facts/fact';
import { constantFacts, mathConditionFacts } from './facts/readers/math';
import { symbolRef } from './facts/symbol';
import {
  FORMULA_CHARS,
  MACRO_WORK_PER_DOCUMENT,
  STATEMENTS_PER_DOCUMENT,
  TOKENS_PER_DOCUMENT,
  TOKENS_PER_STATEMENT,
  type LimitName,
} from './limits';
import { newWorkCounts, type WorkCounts } from './work';

export interface ReadOptions {
  /** Macros from settings: { "\\R": "\\mathbb{R}" }. */
  macros?: Record<string, string>;
  /** What an undeclared symbol's spelling says about its shape; unset keys keep the defaults. */
  conventions?: Partial<NamingConventions>;
  /** Parts numbered on their own (a notebook's cells read together), for messages. */
  sections?: Section[];
}

export interface ReadStatement {
  region: number;
  tokens: Token[];
  chain?: Chain;
  error?: LatexError;
  steps: Step[];
  /**
   * Whether the statement tells the rest of the note something (a declaration, a size hint,
   * evidence from use: xᵀ, Σ_{n=1}^N, w · x_i): then no other statement reads the same without it.
   */
  contributes?: boolean;
  /** What the statement shows about counts (Σ_{n=1}^N, \frac{1}{N}, Nᵀ). */
  countEvidence?: CountEvidence;
  /** It states a condition (dA = 0), not a claim. */
  condition?: boolean;
  /** Every symbol name it mentions. */
  names?: Set<string>;
  /** a ± b: the reading with the lower signs, checked beside this one (this one has the upper). */
  lowerSigns?: Chain;
  /** The statement this one is the lower-sign reading of. */
  upperSigns?: ReadStatement;
}

/** A problem found before parsing (scan, macro, directive), already at its source span. */
export interface ReadProblem {
  start: number;
  end: number;
  message: string;
  kind: 'parse' | 'unsupported' | 'declaration';
  /** The limit of src/core/limits.ts that stopped the reading, when one did. */
  limit?: LimitName;
}

export interface ReadDocument {
  document: SourceDocument;
  lines: LineIndex;
  scan: ScanResult;
  env: SymbolEnvironment;
  statements: ReadStatement[];
  problems: ReadProblem[];
  /** Absent: the defaults. */
  conventions?: NamingConventions;
  sections?: Section[];
  /** The macros in force (settings and the document's), for typesetting claims elsewhere. */
  macros?: MacroTable;
  /** Capitals the prose calls counts ("N samples"). */
  proseCounts?: string[];
  /** The layout the note says it uses for derivatives by vectors, if it says one. */
  layout?: Layout;
  /** What reading cost (macro expansion, parsing), counted against the limits of limits.ts. */
  work: WorkCounts;
}

const RESERVED_LETTERS: Record<string, keyof ParseOptions> = {
  d: 'differentialD',
  e: 'eulerE',
  I: 'identityI',
  '\\sigma': 'sigmaFunction',
};

export function readDocument(document: SourceDocument, options: ReadOptions = {}): ReadDocument {
  const lines = new LineIndex(document.text);
  const scan = scanDocument(document.text, document.language);
  const problems: ReadProblem[] = scan.problems.map((p) => ({ ...p, kind: 'parse' }));

  const macros = new MacroTable();
  const work = newWorkCounts();
  const regionTokens = collectMacrosAndTokens(scan, options, problems, macros, work);
  const statementTokens: { region: number; tokens: Token[] }[] = [];
  // A display block starting with `= …` continues the one before it: both stay in every check.
  const continued = new Set<number>();
  let carried: { region: number; tokens: Token[] } | undefined;
  // the last display that is a derivative alone, for a later "the result is $$…$$"
  let derivative: { region: number; tokens: Token[] } | undefined;
  regionTokens.forEach((tokens, region) => {
    if (statementTokens.length > STATEMENTS_PER_DOCUMENT) return;
    const display = scan.regions[region].display;
    const before = display ? carried : undefined;
    const labelFormulas: Token[][] = [];
    const statements = splitIntoStatements(
      readMapLiterals(normalizeTokens(tokens, labelFormulas)),
      before?.tokens,
    );
    if (before && statements[0]?.tokens[0] === before.tokens[0])
      continued.add(before.region).add(region);
    if (display) {
      const result =
        derivative &&
        statedResult(statements, derivative.tokens, document.text, scan.regions[region].start);
      if (derivative && result) {
        statements[0] = { tokens: result };
        continued.add(derivative.region).add(region);
      }
      const bare = bareDerivative(statements);
      if (bare) derivative = { region, tokens: bare };
    }
    if (display) {
      const last = lastExpression(statements[statements.length - 1]);
      carried = last && { region, tokens: last };
    }
    // an underbrace's label that states a formula (`_{\text{$\nabla_w w^TAw = 2Aw$ when …}}`):
    // a claim of its own, after the chain it annotates (which the next display may continue)
    for (const formula of labelFormulas)
      if (hasRelation(formula)) statements.push(...splitIntoStatements(formula));
    const listed = statements.some((s) => s.tokens.some((t) => ELLIPSIS.test(t.text)));
    for (const statement of statements) {
      if (
        mentionsOnlyAnOperator(statement.tokens) ||
        isSignature(statement.tokens) ||
        namesADependency(statement.tokens)
      )
        continue;
      // `i = 1, \dots, n`: the range of an index, not a definition of i
      if (listed && isIndexStart(statement.tokens)) continue;
      if (statementTokens.length === STATEMENTS_PER_DOCUMENT) {
        const at = statement.tokens[0]?.start ?? scan.regions[region].start;
        problems.push({
          start: at,
          end: at,
          message: `not read: the document has more than ${STATEMENTS_PER_DOCUMENT} statements (limit STATEMENTS_PER_DOCUMENT); the rest of it is not checked`,
          kind: 'unsupported',
          limit: 'STATEMENTS_PER_DOCUMENT',
        });
        statementTokens.push({ region, tokens: [] }); // a marker: nothing more is collected
        return;
      }
      statementTokens.push({
        region,
        tokens: rewriteSetFamily(dropDeclarationEllipsis(diagOfListedFamily(statement.tokens))),
      });
    }
  });

  // One parse: d, e, I and σ are read as variables where the document declares them so
  // (`d ∈ ℝ`, `I, J ∈ ℕ`), which the tokens already show.
  const parseOptions = defaultParseOptions();
  for (const name of [
    ...declaredReservedLetters(statementTokens),
    ...entrywiseDefinedLetters(statementTokens),
  ])
    (parseOptions[RESERVED_LETTERS[name]] as boolean) = false;
  const statements = parseAll(
    statementTokens.slice(0, STATEMENTS_PER_DOCUMENT),
    parseOptions,
    work,
  );
  // a_{ij} with the note's A and no matrix a: the entries of A (asks the whole document)
  const letters = entryLetters(statements.flatMap((s) => (s.chain ? [s.chain] : [])));
  for (const statement of statements) {
    if (!statement.chain) continue;
    const read = readLowercaseEntries(statement.chain, letters);
    if (read !== statement.chain) statement.chain = readIndexNotation(read);
  }
  // "Given $dS = ∂L/∂S$": the note's later dX are gradients of L, not differentials
  const renamed = readGradientNames(statements.map((s) => s.chain));
  statements.forEach((s, i) => (s.chain = renamed[i]));
  // `…, \quad i = j`: a case of the claim before it, not a claim
  const indexConditions = attachIndexConditions(statements);

  const env = new SymbolEnvironment(document.text);
  const lineOf = (offset: number) => lines.positionAt(offset).line;
  // Prose readers see prose and inline math only: never code, comments or display math.
  const view = proseView(document.text, scan);
  view.symbolCommands ??= symbolCommandsOf(macros);
  let paragraphs: number[] | undefined;
  // paragraph starts of the prose view, found once and only if a where-clause asks
  const paragraphsOfView = () => (paragraphs ??= paragraphStarts(view.text));
  readDirectives(scan, env, lineOf, problems);
  readProseShapes(view.text, view.inline, env, lineOf, problems, macros);
  const countsSaid = readProseFacts(view, env, lineOf, displaySpans(scan.regions), macros);
  env.familySources = familySourcesInProse(view.text, view.inline);

  // Everything the formulas say about symbols is collected before any claim is classified,
  // so the order of two statements never changes how either reads.
  const counts: CountEvidence[] = [];
  for (const statement of statements) {
    const chain = statement.chain;
    if (!chain) continue;
    const regionStart = scan.regions[statement.region].start;
    const hypothetical = isHypothetical(view.text, regionStart);
    const declared: Declaration[] = [];
    for (const step of classifySteps(chain, () => false)) {
      if (step.kind !== 'declaration' || hypothetical) continue;
      for (const d of declarationsOfStep(step, lineOf))
        declared.push(oneHotInProse(view.text, regionStart, step, d));
    }
    declared.push(...declarationsFromSizeHints(chain, lineOf));
    for (const d of declared) env.declare(d);
    // QᵀQ = I, 𝟏ᵀy = 1: a condition on Q or y (the equality then holds on every draw)
    const conditions = hypothetical
      ? []
      : [
          ...mathConditionFacts(chain, document.text, lineOf),
          ...crossEntropyFacts(chain, document.text, regionStart, lineOf),
        ];
    for (const fact of conditions) env.facts.add(fact);
    // dA = 0: A is held constant; the statement says so and claims nothing
    const constants = constantFacts(chain, document.text, lineOf);
    for (const fact of constants) env.facts.add(fact);
    statement.condition = constants.length > 0;
    const vectors = vectorHints(chain);
    const families = familyHints(chain);
    const dots = dotPartners(chain);
    const evidence = countEvidence(chain);
    for (const name of vectors) env.vectorHints.add(name);
    for (const name of families) env.familyHints.add(name);
    for (const [base, partner] of dots)
      env.dotPartners.set(base, (env.dotPartners.get(base) ?? new Set()).add(partner));
    counts.push(evidence);
    statement.countEvidence = evidence;
    statement.names = namesIn(chain);
    // (count evidence is weighed by the editor's cache for all the regions it leaves out at once)
    statement.contributes =
      conditions.length + declared.length + vectors.length + families.length + dots.length > 0 ||
      continued.has(statement.region);
  }
  const lowerReadings = new Map<ReadStatement, ReadStatement>();
  for (const statement of statements) {
    const chain = statement.chain;
    if (!chain) continue;
    const isDefined = (name: string, params?: readonly string[]) => {
      const before = env.definitionAt(name, chain.span.start);
      // p(x | μ, L) = … after p(x | μ, σ) = …: a function given new parameters is defined anew
      const sameParams =
        !params ||
        params.length === 0 ||
        (before?.params.length === params.length && before.params.every((p, i) => p === params[i]));
      return before !== undefined && sameParams;
    };
    statement.steps = classifySteps(chain, isDefined);
    // (an expression with ± claims nothing: its shapes are read with the upper signs)
    if (statement.lowerSigns && statement.steps.length > 0) {
      const lower = lowerSignReading(statement, classifySteps(statement.lowerSigns, isDefined));
      if (lower) lowerReadings.set(statement, lower);
      else continue; // a definition with ±: two values, neither of which the name has
    }
    if (statement.condition || indexConditions.has(statement))
      statement.steps = statement.steps.map((s) => asKind(s, 'condition'));
    if (relatesSizes(chain.operands, env)) {
      statement.steps = statement.steps.map((s) =>
        SIZE_RELATIONS[s.relation.op] ? asKind(s, 'sizes') : s,
      );
      // "needs $D = N$", "unless $m = n$": a condition the note names, not one it assumes
      if (!isConditional(view.text, scan.regions[statement.region].start))
        for (const fact of sizeFacts(statement.steps, document.text, lineOf)) env.facts.add(fact);
    }
    for (const step of statement.steps) {
      const upstream = step.kind === 'definition' ? upstreamNamed(step, env) : undefined;
      if (upstream) env.nameUpstream(upstream);
      // X = [x_{11} x_{12}; …]: each x_{ij} written there is an entry of X
      if (step.kind === 'definition' && picturesItsEntries(step) && step.rhs.type === 'matrix')
        for (const row of step.rhs.rows)
          for (const item of row)
            if (item.type === 'symbol') env.picturedEntries.set(item.name, step.lhs);
      if (
        step.kind === 'definition' &&
        !namesAnUndefinedGradient(step, env) &&
        !picturesItsEntries(step)
      ) {
        const head = definitionHead(step.lhs)!;
        const offset = step.lhs.span.start;
        const region = scan.regions[statement.region];
        const from = region.display
          ? undefined
          : whereClauseReach(view.text, paragraphsOfView, region.start);
        const earlier = env.definitionAt(head.name, offset);
        env.define({
          ...head,
          expr: definedValue(step.lhs, step.rhs),
          offset,
          line: lineOf(offset),
          // never back over an earlier definition of the same name
          ...(from !== undefined && from < offset
            ? { from: Math.max(from, (earlier?.offset ?? -1) + 1) }
            : {}),
        });
      }
    }
  }
  // each lower-sign reading is checked right after its upper one
  for (let i = statements.length - 1; i >= 0; i--) {
    const lower = lowerReadings.get(statements[i]);
    if (lower) statements.splice(i + 1, 0, lower);
  }
  const evidence = new Map<ReadStatement, ReturnType<typeof designEvidence>>();
  for (const s of statements) if (s.chain) evidence.set(s, designEvidence(s.chain));
  const restsOn = impliedDesignMatrices(env, [...evidence.values()]);
  for (const [statement, shown] of evidence)
    if (shown.members.size > 0 || [...shown.alone].some((name) => restsOn.has(name)))
      statement.contributes = true;
  const proseCounts = [...countsInProse(view.text), ...countsSaid];
  env.counts = countNames(counts, proseCounts);
  // M in `f = ‖M‖²_F … = 2(XᵀX − A):…`, never said: read off the chain where it is written out
  const variables = new Set<string>(); // what the note differentiates by is never a shorthand
  for (const statement of statements)
    for (const operand of statement.chain?.operands ?? [])
      visit(operand, (node) => {
        if (node.type === 'grad' && node.wrt?.type === 'symbol') variables.add(node.wrt.name);
      });
  for (const statement of statements) {
    const chain = statement.chain;
    if (!chain || statement.upperSigns) continue;
    const isUnknown = (name: string) =>
      !RESERVED_NAMES.has(name) &&
      !variables.has(name) &&
      !env.declarationAt(name, chain.span.start) &&
      !env.declarationAt(name, Number.MAX_SAFE_INTEGER) &&
      !env.definitionAt(name, Number.MAX_SAFE_INTEGER) &&
      !env.upstreamNameAt(name, Number.MAX_SAFE_INTEGER) &&
      !env.counts.has(name) &&
      !env.isDimensionName(name) &&
      ![...env.familySources.values()].some((s) => s.matrix === name);
    const bound = bindByMatching(chain, isUnknown);
    if (bound.length === 0) continue;
    defineImplied(env, chain, bound, lineOf);
    statement.contributes = true;
  }
  // Callers validate and report bad values (settings, CLI); here they quietly keep the defaults.
  const { conventions } = resolveConventions(options.conventions);
  return {
    document,
    lines,
    scan,
    env,
    statements,
    problems,
    conventions,
    macros,
    proseCounts,
    layout: layoutSaid(view.text),
    work,
    ...(options.sections ? { sections: options.sections } : {}),
  };
}

/**
 * "would need $\mu \in \mathbb{R}^K$", "if $A \in \mathbb{S}^n$": a declaration the sentence
 * only supposes or contrasts states nothing about the note's symbols.
 */
function isHypothetical(view: string, regionStart: number): boolean {
  const sentence = view
    .slice(Math.max(0, regionStart - 60), regionStart)
    .split(/[.!?:;]\s|\n\s*\n/)
    .pop()!;
  return /\b(?:would|were|could|unless|instead\s+of|rather\s+than)\b/i.test(sentence);
}

/**
 * "… $\nabla^2 f = \operatorname{diag}(p) - pp^T$ with $p = \operatorname{softmax}(x)$", "$$…$$
 * where $p = …$": a definition in a where-clause explains what came before it in its
 * paragraph (or the one before, when its paragraph opens with "where"), as facts do
 * (facts/scope.ts). Where it holds from, or undefined when no such word leads to it.
 */
function whereClauseReach(
  view: string,
  paragraphs: () => number[],
  regionStart: number,
): number | undefined {
  const sentence = view
    .slice(Math.max(0, regionStart - 80), regionStart)
    .split(/[.!?]\s|\n[^\S\n]*\n/)
    .pop()!;
  if (!/\b(?:where|with|here)\b/i.test(sentence)) return undefined;
  return scopeStart(view, paragraphs(), regionStart);
}

/** "needs $D = N$", "unless $m=n$", "only if": the sentence names a condition. */
function isConditional(view: string, regionStart: number): boolean {
  const sentence = view
    .slice(Math.max(0, regionStart - 60), regionStart)
    .split(/[.!?:;]\s|\n\s*\n/)
    .pop()!;
  return (
    isHypothetical(view, regionStart) ||
    /\b(?:needs?|requires?|unless|if|iff|when|whenever|only)\b/i.test(sentence)
  );
}

/**
 * "one-hot label $y \in \{0,1\}^K$", "$y$ one-hot": a vector of a finite set that the words
 * right before (or after) the formula call one-hot is sampled one-hot, so p − y can hold.
 */
function oneHotInProse(text: string, regionStart: number, step: Step, d: Declaration): Declaration {
  if (!isFiniteSetPower(step.rhs)) return d;
  const before = text.slice(Math.max(0, regionStart - 40), regionStart);
  return /one[-\s]hot(?:\s+[a-z]+){0,2}\s*\$*$/i.test(before) ? { ...d, oneHot: true } : d;
}

/**
 * `X = [x_{11} … ; x_{21} …]`: a picture of X's entries (often with example sizes), not a
 * definition of X; X keeps whatever shape the note gives it elsewhere.
 */
function picturesItsEntries(step: Step): boolean {
  if (step.lhs.type !== 'symbol') return false;
  const letter = step.lhs.name.toLowerCase();
  // A = [a_{11} ⋯ a_{1n}; ⋮ ⋱ ⋮; a_{m1} ⋯ a_{mn}], x = [x_1 ⋯ x_n]ᵀ: the general entry is A's own
  const pattern = step.rhs.type === 'transpose' ? step.rhs.arg : step.rhs;
  if (pattern.type === 'pattern') {
    const term = pattern.term;
    return (
      term.type === 'entry' &&
      term.base.type === 'symbol' &&
      term.base.name.toLowerCase() === letter
    );
  }
  if (step.rhs.type !== 'matrix') return false;
  const isEntry = (item: Expr) =>
    (item.type === 'entry' &&
      item.base.type === 'symbol' &&
      item.base.name.toLowerCase() === letter) ||
    // x_{11} reads as one name
    (item.type === 'symbol' &&
      /^\w+$/.test(symbolRef(item.name).subscript ?? '') &&
      symbolRef(item.name).base.toLowerCase() === letter);
  return step.rhs.rows.every((row) => row.every(isEntry));
}

/**
 * `G = ∂L/∂Y` before L is defined names the upstream gradient of backpropagation: G is a
 * variable with Y's shape, not something to compute (L is often defined later from G).
 */
function namesAnUndefinedGradient(step: Step, env: SymbolEnvironment): boolean {
  if (step.rhs.type !== 'grad') return false;
  const head = definitionHead(step.rhs.f);
  return !head || env.definitionAt(head.name, step.rhs.span.start) === undefined;
}

/** `G = ∂ℓ/∂S` with ℓ never defined: what G names, for claims about the loss written with G. */
function upstreamNamed(step: Step, env: SymbolEnvironment): UpstreamName | undefined {
  const rhs = step.rhs;
  if (rhs.type !== 'grad' || rhs.hessian || !namesAnUndefinedGradient(step, env)) return undefined;
  const head = definitionHead(step.lhs);
  if (!head || rhs.f.type !== 'symbol' || rhs.wrt?.type !== 'symbol') return undefined;
  return { name: head.name, loss: rhs.f.name, of: rhs.wrt, offset: step.lhs.span.start };
}

const SIZE_RELATIONS: Record<string, SizeRelation> = {
  '=': '=',
  '>': '>',
  '<': '<',
  '\\ge': '≥',
  '\\le': '≤',
};

/** m > n, m = n, n = 3 between dimension names: facts about the sizes. */
function sizeFacts(steps: Step[], text: string, lineOf: (o: number) => number): Fact[] {
  const facts: Fact[] = [];
  for (const step of steps) {
    const relation = SIZE_RELATIONS[step.relation.op];
    if (!relation || step.lhs.type !== 'symbol') continue;
    const than =
      step.rhs.type === 'symbol'
        ? step.rhs.name
        : step.rhs.type === 'number'
          ? step.rhs.value
          : undefined;
    if (than === undefined) continue;
    const start = step.lhs.span.start;
    facts.push({
      subject: { dimension: step.lhs.name },
      says: { kind: 'size', relation, than },
      source: {
        via: 'math',
        start,
        end: step.rhs.span.end,
        line: lineOf(start),
        quote: text.slice(start, step.rhs.span.end),
      },
    });
  }
  return facts;
}

/**
 * "unless $m = n$", "needs $D = N$": every operand is a number or a name the document uses as
 * a dimension (and not also as a symbol), with at least one name. Not a definition of m.
 */
function relatesSizes(operands: Expr[], env: SymbolEnvironment): boolean {
  // Cheap test first: this runs for every statement, while declarations are still arriving.
  if (!operands.every((e) => e.type === 'symbol' || e.type === 'number')) return false;
  const isDim = (e: Expr) =>
    e.type === 'symbol' && env.isDimensionName(e.name) && !env.isDeclared(e.name);
  return operands.some(isDim) && operands.every((e) => isDim(e) || e.type === 'number');
}

const OPERATOR_MENTIONS = new Set([
  ':',
  '\\odot',
  '\\oslash',
  '\\otimes',
  '\\circ',
  '\\cdot',
  '\\times',
  '+',
  '-',
  '*',
  '/',
  '=',
  '(',
  ')',
  '\\top',
  '\\nabla',
  '\\partial',
  '^',
  '\\sum',
  '\\|',
  '|',
]);

/** Prose that names an operator, "the product $(\odot)$", is not math to check. */
/** L = L(a), y = y(x): says what a name depends on; neither a definition nor a claim. */
function namesADependency(tokens: Token[]): boolean {
  const [name, equals, again, open] = tokens;
  return (
    tokens.length >= 6 &&
    (name.kind === 'letter' || name.kind === 'command') &&
    equals.text === '=' &&
    again.text === name.text &&
    open.text === '(' &&
    tokens[tokens.length - 1].text === ')'
  );
}

const ELLIPSIS = /^\\(?:l|c)?dots[bc]?$/;

/** `i = 1` or `k = 0`: where an index's range starts. */
function isIndexStart(tokens: Token[]): boolean {
  return (
    tokens.length === 3 &&
    tokens[0].kind === 'letter' &&
    /^[a-z]$/.test(tokens[0].text) &&
    tokens[1].text === '=' &&
    tokens[2].kind === 'number'
  );
}

function mentionsOnlyAnOperator(tokens: Token[]): boolean {
  if (tokens.some(isPlaceholder)) return true;
  // `i = 1, \ldots, N` split at its commas leaves a lone ellipsis: part of a list, nothing to check
  if (tokens.length === 1 && /^\\(?:l|c)?dots[bc]?$/.test(tokens[0].text)) return true;
  // "for $\tanh$, …": a function named in passing, nothing to check
  if (tokens.length === 1 && FUNCTION_COMMANDS.has(tokens[0].text)) return true;
  return (
    tokens.length > 0 &&
    tokens.every((t) => OPERATOR_MENTIONS.has(t.text)) &&
    tokens.some((t) => t.text !== '(' && t.text !== ')')
  );
}

const PLACEHOLDER_BEFORE = new Set([
  '(',
  '\\|',
  '|',
  '\\lVert',
  '\\lvert',
  '\\langle',
  ',',
  '[',
  '\\left',
]);
const PLACEHOLDER_AFTER = new Set([
  ')',
  '\\|',
  '|',
  '\\rVert',
  '\\rvert',
  '\\rangle',
  ',',
  ']',
  '\\right',
]);

/** `\cdot` standing for an argument, as in ‖·‖_F, ⟨·,·⟩, f(·): a notation, not math to check. */
function isPlaceholder(t: Token, i: number, tokens: Token[]): boolean {
  if (t.text !== '\\cdot') return false;
  const before = tokens[i - 1];
  const after = tokens[i + 1];
  return (
    (!before || PLACEHOLDER_BEFORE.has(before.text)) &&
    (!after || PLACEHOLDER_AFTER.has(after.text))
  );
}

/** Collects definitions in document order (preamble and regions), then expands each region. */
function collectMacrosAndTokens(
  scan: ScanResult,
  options: ReadOptions,
  problems: ReadProblem[],
  table: MacroTable,
  work: WorkCounts,
): Token[][] {
  macrosFromOptions(options.macros ?? {}, table);
  // A region too long to read is said once and left out: its tokens would cost the parser
  // more than any note needs (a 1 MB formula).
  const tooLong = new Set<number>();
  scan.regions.forEach((region, index) => {
    if (region.text.length <= FORMULA_CHARS) return;
    tooLong.add(index);
    problems.push({
      start: region.start,
      end: region.end,
      message: `not read: a formula of ${region.text.length} characters (limit FORMULA_CHARS = ${FORMULA_CHARS})`,
      kind: 'unsupported',
      limit: 'FORMULA_CHARS',
    });
  });
  const macroProblems: MacroProblem[] = [];
  type Source = { at: number; tokens: Token[]; region?: number };
  const sources: Source[] = [
    ...scan.preamble.map((segment) => ({
      at: sourceOffset(segment, 0),
      tokens: tokenize(segment),
    })),
    ...scan.regions.map((region, index) => ({
      at: region.start,
      tokens: tooLong.has(index) ? [] : tokenize(region),
      region: index,
    })),
  ].sort((a, b) => a.at - b.at);
  const withoutDefinitions: Token[][] = scan.regions.map(() => []);
  for (const source of sources) {
    const rest = collectDefinitions(source.tokens, table, macroProblems);
    if (source.region !== undefined) withoutDefinitions[source.region] = rest;
  }
  const document = { used: 0, max: MACRO_WORK_PER_DOCUMENT };
  const expanded = withoutDefinitions.map((tokens) =>
    expandMacros(tokens, table, macroProblems, { document }),
  );
  work.macroWork = document.used;
  const seen = new Set<string>();
  for (const p of macroProblems) {
    const key = `${p.start}:${p.end}:${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({
      start: Math.max(0, p.start),
      end: Math.max(0, p.end),
      message: p.message,
      kind: 'parse',
      ...(p.limit ? { limit: p.limit } : {}),
    });
  }
  return expanded;
}

function parseAll(
  items: { region: number; tokens: Token[] }[],
  options: ParseOptions,
  work: WorkCounts,
): ReadStatement[] {
  // function names are the document's, wherever their definition stands
  let budget = TOKENS_PER_DOCUMENT - work.tokensParsed;
  for (const { tokens } of items) {
    if (tokens.length > TOKENS_PER_STATEMENT || tokens.length > budget) continue;
    budget -= tokens.length;
    new Parser(tokens, options).registerHeads();
  }
  options.headsRegistered = true;
  return items.map(({ region, tokens }) => {
    if (tokens.length > TOKENS_PER_STATEMENT) {
      // not parsed at all: the parser's work stays bounded by the limit
      const at = tokens[0].start;
      const message = `not read: a statement of ${tokens.length} tokens (limit TOKENS_PER_STATEMENT = ${TOKENS_PER_STATEMENT})`;
      const end = tokens[tokens.length - 1].end;
      const error = new LatexError('unsupported', message, at, end, 'TOKENS_PER_STATEMENT');
      return { region, tokens, error, steps: [] };
    }
    if (work.tokensParsed + tokens.length > TOKENS_PER_DOCUMENT) {
      const at = tokens[0]?.start ?? 0;
      const message = `not read: the document's budget of ${TOKENS_PER_DOCUMENT} parsed tokens ran out before this statement (limit TOKENS_PER_DOCUMENT)`;
      const end = tokens[tokens.length - 1]?.end ?? at;
      const error = new LatexError('unsupported', message, at, end, 'TOKENS_PER_DOCUMENT');
      return { region, tokens, error, steps: [] };
    }
    work.statementsParsed++;
    work.tokensParsed += tokens.length;
    const signed = hasDoubleSign(tokens);
    const parser = new Parser(signed ? withSigns(tokens, 'upper') : tokens, options);
    try {
      const chain = readLinearMaps(readIndexNotation(parser.parseChain()), tokens);
      if (!signed) return { region, tokens, chain, steps: [] };
      const lower = new Parser(withSigns(tokens, 'lower'), options);
      const lowerSigns = readLinearMaps(readIndexNotation(lower.parseChain()), tokens);
      work.nodesParsed += lower.nodes;
      return { region, tokens, chain, steps: [], lowerSigns };
    } catch (error) {
      if (error instanceof LatexError) return { region, tokens, error, steps: [] };
      if (error instanceof RangeError) {
        // A stack overflow on pathological input is still a finding, never a crash.
        const at = tokens[0]?.start ?? 0;
        return {
          region,
          tokens,
          error: new LatexError(
            'parse',
            'formula too deeply nested to read',
            at,
            tokens[tokens.length - 1]?.end ?? at,
          ),
          steps: [],
        };
      }
      throw error;
    } finally {
      work.nodesParsed += parser.nodes;
      work.letterScan += parser.letterScan;
    }
  });
}

function namesIn(chain: Chain): Set<string> {
  const names = new Set<string>();
  for (const operand of chain.operands) namesOfExpr(operand, names);
  return names;
}

/** The symbol and function names an expression mentions (x, A, f in f(W)). */
export function namesOfExpr(expr: Expr, into = new Set<string>()): Set<string> {
  visit(expr, (node) => {
    if (node.type === 'symbol' || node.type === 'apply') into.add(node.name);
  });
  return into;
}

const FONT_WRAPPERS = new Set(['\\mathbf', '\\boldsymbol', '\\bm', '\\mathit', '\\mathrm']);

/**
 * The reserved letters a statement declares (`d ∈ ℝ^n`, `e, I ∈ …`, `\mathbf{d} ∈ …`): a list of
 * letters, each bare or in a font, from the statement's start (or a relation) up to `\in`.
 */
function declaredReservedLetters(statements: { tokens: Token[] }[]): Set<string> {
  const found = new Set<string>();
  const isReserved = (t: Token | undefined) => !!t && t.text in RESERVED_LETTERS;
  for (const { tokens } of statements) {
    tokens.forEach((token, k) => {
      if (token.text !== '\\in') return;
      const listed: string[] = [];
      let pos = k - 1;
      for (;;) {
        const t = tokens[pos];
        let letter: Token | undefined;
        if (t && (t.kind === 'letter' || (t.kind === 'command' && /^\\[a-zA-Z]+$/.test(t.text)))) {
          letter = t;
          pos -= 1;
        } else if (
          t?.kind === 'rbrace' &&
          tokens[pos - 1]?.kind !== undefined &&
          tokens[pos - 2]?.kind === 'lbrace' &&
          FONT_WRAPPERS.has(tokens[pos - 3]?.text ?? '')
        ) {
          letter = tokens[pos - 1];
          pos -= 4;
        } else if (t && !isRelationText(t.text) && t.text !== ',') {
          return; // something else before `\in`: not a list of letters
        }
        if (letter && isReserved(letter)) listed.push(letter.text);
        if (tokens[pos]?.text === ',') {
          pos -= 1;
          continue;
        }
        break;
      }
      const before = tokens[pos];
      if (before && !isRelationText(before.text)) return;
      for (const name of listed) found.add(name);
    });
  }
  return found;
}

/**
 * Reserved letters the note defines entry by entry as functions of its own (`\sigma(z)_i =
 * e^{z_i} / Σ_j e^{z_j}`, the softmax under the sigmoid's letter): its σ, not the sigmoid.
 */
function entrywiseDefinedLetters(statements: { tokens: Token[] }[]): Set<string> {
  const found = new Set<string>();
  for (const { tokens } of statements) {
    const [name, open] = tokens;
    if (!name || !(name.text in RESERVED_LETTERS) || open?.text !== '(') continue;
    let depth = 0;
    let close = -1;
    for (let j = 1; j < tokens.length && close < 0; j++) {
      if (tokens[j].text === '(') depth++;
      else if (tokens[j].text === ')' && --depth === 0) close = j;
    }
    if (close < 0 || tokens[close + 1]?.text !== '_') continue;
    const braced = tokens[close + 2]?.kind === 'lbrace';
    const index = tokens[close + (braced ? 3 : 2)];
    const after = tokens[close + (braced ? 5 : 3)];
    if (index?.kind === 'letter' && after?.text === '=') found.add(name.text);
  }
  return found;
}

function isRelationText(text: string): boolean {
  return text === '=' || text === ':=' || text === '\\in' || text === '\\subset';
}

/** Parses a bit of LaTeX that should be one symbol, or a list of symbols. */
export function symbolsFromLatex(text: string, macros?: MacroTable): SymbolNode[] | undefined {
  try {
    const written = tokenize({ text, contentStart: 0 });
    // $\mA$ with \newcommand{\mA}{\bm{A}}: the note's macro names the symbol
    const expanded = macros
      ? expandMacros(written, macros, [], { maxTokens: PROSE_MACRO_TOKENS })
      : written;
    const tokens = normalizeTokens(expanded);
    if (tokens.length === 0) return undefined;
    const options = defaultParseOptions();
    options.identityI = false;
    options.differentialD = false;
    const chain = new Parser(tokens, options).parseChain();
    if (chain.relations.length > 0) return undefined;
    const operand: Expr = chain.operands[0];
    const items = operand.type === 'tuple' ? operand.items : [operand];
    return items.every((i) => i.type === 'symbol') ? (items as SymbolNode[]) : undefined;
  } catch {
    return undefined;
  }
}

function readDirectives(
  scan: ScanResult,
  env: SymbolEnvironment,
  lineOf: (o: number) => number,
  problems: ReadProblem[],
): void {
  for (const segment of scan.directives) {
    const { entries, problems: directiveProblems } = parseDirective(segment.text);
    for (const p of directiveProblems) {
      problems.push({
        start: sourceOffset(segment, p.start),
        end: sourceOffset(segment, p.end),
        message: p.message,
        kind: 'declaration',
      });
    }
    for (const entry of entries) {
      const start = sourceOffset(segment, entry.start);
      const end = sourceOffset(segment, entry.end);
      const symbols = symbolsFromLatex(entry.symbol);
      if (!symbols || symbols.length !== 1) {
        problems.push({
          start,
          end,
          message: `gradlens directive: '${entry.symbol}' is not a symbol`,
          kind: 'declaration',
        });
        continue;
      }
      const span = { start, end };
      const dims: DimSpec[] | undefined = entry.dims?.map((d) => ({ ...d, span }));
      env.declare({
        name: symbols[0].name,
        display: symbols[0].display,
        dims,
        properties: entry.properties,
        via: 'directive',
        quote: segment.text.slice(entry.start, entry.end),
        offset: start,
        end,
        line: lineOf(start),
      });
    }
  }
}

/**
 * What the prose says of symbols (facts/readers/prose.ts): properties become declarations
 * from prose; counts are returned for the count names.
 */
function readProseFacts(
  view: ProseView,
  env: SymbolEnvironment,
  lineOf: (o: number) => number,
  displays: DisplaySpans,
  macros: MacroTable,
): string[] {
  const counts: string[] = [];
  for (const found of readProse(view)) {
    const symbols = symbolsOfProseMath(found.symbols.text, macros);
    if (found.says.kind === 'role' && found.says.role === 'count') {
      counts.push(...symbols.map((s) => s.name));
      continue;
    }
    if (found.says.kind === 'rank') {
      for (const symbol of symbols)
        env.facts.add({
          subject: { symbol: symbol.name, display: symbol.display },
          says: found.says,
          source: proseSource(view, found, lineOf),
        });
      continue;
    }
    if (found.says.kind !== 'property') continue;
    if (found.says.negated || found.condition) {
      // "… when $A$ is symmetric": a fact of its own sentence only (the table keeps its scope)
      // "$A$ is not necessarily symmetric": a denial, which cancels what use would suggest
      for (const symbol of symbols)
        env.facts.add({
          subject: { symbol: symbol.name, display: symbol.display },
          says: found.says,
          source: proseSource(view, found, lineOf),
          ...(found.condition
            ? { condition: conditionReach(view.text, displays, found.condition) }
            : {}),
        });
      continue;
    }
    for (const symbol of symbols) {
      env.declare({
        name: symbol.name,
        display: symbol.display,
        properties: [found.says.property],
        via: 'prose',
        quote: proseSource(view, found, lineOf).quote,
        offset: found.start,
        end: found.end,
        line: lineOf(found.start),
      });
    }
  }
  return counts;
}

function proseSource(
  view: ProseView,
  found: { start: number; end: number },
  lineOf: (o: number) => number,
): FactSource {
  return {
    via: 'prose',
    start: found.start,
    end: found.end,
    line: lineOf(found.start),
    quote: view.text.slice(found.start, found.end).replace(/\s+/g, ' ').trim(),
  };
}

/** At most this many of the note's macros are tried as names of one symbol. */
const SYMBOL_MACROS_TRIED = 256;

/** The note's macros without parameters that stand for one symbol (`\mA` → `\bm{A}`). */
function symbolCommandsOf(macros: MacroTable): Set<string> {
  const found = new Set<string>();
  const definitions = [...macros.definitions(), ...macros.optionDefinitions()];
  for (const def of definitions.slice(0, SYMBOL_MACROS_TRIED)) {
    if (def.params !== 0 || found.has(def.name)) continue;
    if (symbolsFromLatex(def.name, macros)?.length === 1) found.add(def.name);
  }
  return found;
}

/** A macro in prose math names one symbol: its expansion is never long. */
const PROSE_MACRO_TOKENS = 64;

/** $A$, $A, B$, $A \in \mathbb{R}^{n\times n}$: the symbols the words speak of. */
function symbolsOfProseMath(text: string, macros?: MacroTable): SymbolNode[] {
  const symbols = symbolsFromLatex(text, macros);
  if (symbols) return symbols;
  const declared = /^(.*?)\\in(?![a-zA-Z])/s.exec(text);
  return (declared && symbolsFromLatex(declared[1], macros)) || [];
}

function readProseShapes(
  text: string,
  inline: InlineMath[],
  env: SymbolEnvironment,
  lineOf: (o: number) => number,
  problems: ReadProblem[],
  macros: MacroTable,
): void {
  for (const found of findProseShapes(text, inline)) {
    const symbols = symbolsFromLatex(found.symbols.text, macros);
    if (!symbols) continue;
    const sizeText = found.size.text.replace(/\\times|×/g, ',').replace(/[{}\s]/g, '');
    const parts = sizeText.split(',').filter(Boolean);
    const span = { start: found.size.start, end: found.size.end };
    const dims: DimSpec[] = parts.map((p) =>
      /^\d+$/.test(p) ? { value: Number(p), span } : { name: p, span },
    );
    if (dims.length === 2 && 'value' in dims[1] && dims[1].value === 1) dims.pop();
    if (dims.length === 0 || dims.length > 2) {
      problems.push({
        start: found.start,
        end: found.end,
        message: `cannot read the size '${found.size.text}'`,
        kind: 'declaration',
      });
      continue;
    }
    // Only a square matrix can be symmetric; a vector's "symmetric" belongs to a neighbour's words.
    const square =
      dims.length === 2 &&
      JSON.stringify({ ...dims[0], span: 0 }) === JSON.stringify({ ...dims[1], span: 0 });
    for (const symbol of symbols) {
      env.declare({
        name: symbol.name,
        display: symbol.display,
        dims,
        symmetric: square && found.symmetric,
        definite: square ? found.definite : undefined,
        via: 'prose',
        quote: text.slice(found.start, found.end),
        offset: found.start,
        end: found.end,
        line: lineOf(found.start),
      });
    }
  }
}

/** Letters with a meaning of their own (the identity, Euler's e, the differential d). */
const RESERVED_NAMES = new Set(['I', 'e', 'd']);

const SIGNED_CLAIMS = new Set<Step['kind']>(['equality', 'gradient', 'differential']);

/**
 * a ± b = c ± d claims two identities: the lower-sign reading is a statement of its own, checked
 * like any claim and reported with the upper one. A ± anywhere else (a definition, a
 * declaration) makes the statement unreadable: it is said so, never half read.
 */
function lowerSignReading(statement: ReadStatement, steps: Step[]): ReadStatement | undefined {
  const claims = (all: Step[]) => all.every((s) => SIGNED_CLAIMS.has(s.kind));
  if (claims(statement.steps) && claims(steps) && steps.length === statement.steps.length)
    return { ...statement, chain: statement.lowerSigns, steps, upperSigns: statement };
  const sign = statement.tokens.find((t) => t.text === '\\pm' || t.text === '\\mp')!;
  statement.error = new LatexError(
    'unsupported',
    '± outside a claim (in a definition or a declaration) cannot be checked',
    sign.start,
    sign.end,
  );
  statement.chain = undefined;
  statement.steps = [];
  return undefined;
}

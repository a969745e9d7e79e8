// Every budget of the core in one place: what hostile or huge input may cost before the core
// stops and says so with a finding at the place it stopped. The README's "Limits" table lists
// them; keep the two in step. Each is far above what a real note needs.

/** The name of a limit, as findings that report reaching it carry it (`Finding.limit`). */
export type LimitName = Exclude<keyof typeof import('./limits'), 'LimitName'>;

/** Nesting of macro expansions (a use inside a replacement inside a replacement …). */
export const MACRO_DEPTH = 64;
/**
 * Tokens one macro use may expand to (\def doubling bombs stop here): twice what a statement
 * may hold (TOKENS_PER_STATEMENT), since a longer expansion could never be parsed anyway.
 */
export const MACRO_TOKENS_PER_USE = 10_000;
/** Tokens all macro expansions of one formula may produce and scan. */
export const MACRO_WORK_PER_FORMULA = 4 * MACRO_TOKENS_PER_USE;
/**
 * Tokens all macro expansions of a whole document may produce and scan: a bomb used many
 * times. A realistic 80,000-line note (bench/generate.ts) needs about 360,000.
 */
export const MACRO_WORK_PER_DOCUMENT = 500_000;

/** Characters of one math region: a longer one is reported, not read. */
export const FORMULA_CHARS = 50_000;
/** Tokens of one statement (after macro expansion): a longer one is reported, not parsed. */
export const TOKENS_PER_STATEMENT = 5_000;
/**
 * Nodes of one parsed statement. It also bounds how deep its tree can be, which every later
 * pass walks recursively: the evaluator overflows the main thread's stack near 1,500 levels.
 */
export const NODES_PER_EXPRESSION = 1_000;
/** Terms of one sum, factors of one product (they make a tree as deep as they are many). */
export const TERMS_PER_SUM = 500;
/** Nesting of brackets and groups in one formula (each level costs the parser stack frames). */
export const NESTING_DEPTH = 300;

/**
 * Terms of Σ evaluated in one evaluation of a claim's side, nested sums multiplied out
 * (\sum_{i=1}^{10^9}, or two nested sums of 1,000): 64 samples under two nested sums is 4,096.
 */
export const SUM_ITERATIONS = 10_000;
/** Largest integer exponent of a matrix power (X^{k}: k products). */
export const MATRIX_POWER = 64;
/** Declared sizes up to this are drawn as written; larger ones get smaller stand-ins in the same order. */
export const EXACT_SIZE = 12;
/** Largest size a declaration may state; above it the declaration is reported. */
export const DECLARED_SIZE = 1e15;
/**
 * Draws per claim (the manifest's maximum of `gradlens.draws`) and the largest size drawn for
 * an unknown dimension, whatever the options ask: a workspace setting cannot make a check huge.
 * DRAWN_SIZE is above the manifest's 64 for `maxDimSize` (callers clamp to that and say so),
 * so that tests can still ask for slow checks; ELEMENTS_PER_DRAW bounds the memory either way.
 */
export const DRAWS_PER_CLAIM = 20;
export const DRAWN_SIZE = 256;
/** Entries sampled for one claim in one draw (all symbols, members and directions together). */
export const ELEMENTS_PER_DRAW = 200_000;

/** Statements of one document that are parsed; the rest get one finding (80,000 lines: 22,000). */
export const STATEMENTS_PER_DOCUMENT = 25_000;
/** Tokens of one document that are parsed; each statement past it gets a finding (80,000 lines: 490,000). */
export const TOKENS_PER_DOCUMENT = 600_000;
/** Claims of one document checked numerically; the rest get a finding each (budget ran out). */
export const NUMERIC_CLAIMS_PER_DOCUMENT = 1_000;

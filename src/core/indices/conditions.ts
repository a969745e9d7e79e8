// Cases written with conditions: `∂a_j/∂z_i = a_i(1 − a_i), \quad i = j`, `… \text{if } i = j`,
// `… \quad (i \neq j)`. The condition is its own statement after the claim; it restricts the
// claim's free indices, and claims nothing.
import type { Chain, IndexCondition, Relation, SymbolNode } from '../latex/ast';
import type { Token } from '../latex/token';
import { freeIndices, INDEX_LETTERS } from './free';

const RELATIONS: Record<string, boolean> = { '=': true, '\\neq': false, '\\ne': false, '≠': false };
/** Words that may introduce a condition: `\text{if } i = j`, `\text{for } i \neq j`. */
const LEAD_WORDS = /^\s*(if|for|when|where|with)?\s*$/;
const TEXT = /^\\(text|mathrm|textrm|mbox|textnormal)$/;

/** `i = j`, `(i \neq j)`, `\text{if } i = j`: a condition between two index letters. */
export function indexCondition(tokens: readonly Token[]): IndexCondition | undefined {
  let rest = [...tokens];
  // a leading \text{if }: the words inside its braces
  if (rest[0]?.kind === 'command' && TEXT.test(rest[0].text) && rest[1]?.kind === 'lbrace') {
    const close = rest.findIndex((t, k) => k > 1 && t.kind === 'rbrace');
    if (close < 0) return undefined;
    const word = rest
      .slice(2, close)
      .map((t) => t.text)
      .join('');
    if (!LEAD_WORDS.test(word)) return undefined;
    rest = rest.slice(close + 1);
  }
  rest = rest.filter((t) => t.kind !== 'lbrace' && t.kind !== 'rbrace');
  while (rest.length > 0 && /^[,.;]$/.test(rest[rest.length - 1].text)) rest.pop();
  if (rest[0]?.text === '(' && rest[rest.length - 1]?.text === ')') rest = rest.slice(1, -1);
  if (rest.length !== 3) return undefined;
  const [left, relation, right] = rest;
  const equal = RELATIONS[relation.text];
  if (equal === undefined || !isIndexLetter(left) || !isIndexLetter(right)) return undefined;
  if (left.text === right.text) return undefined;
  return { left: left.text, right: right.text, equal };
}

function isIndexLetter(t: Token): boolean {
  return t.kind === 'letter' && INDEX_LETTERS.has(t.text) && !t.fromMacro;
}

/** The condition as a statement of its own, reported as a condition (never as a parse error). */
function conditionChain(tokens: readonly Token[], condition: IndexCondition): Chain {
  const at = (name: string): SymbolNode => {
    const t = tokens.find((x) => x.text === name)!;
    const span = { start: t.start, end: t.end };
    return { type: 'symbol', name, display: name, bold: false, style: 'latin-lower', span };
  };
  const left = at(condition.left);
  const right = at(condition.right);
  const op: Relation['op'] = condition.equal ? '=' : '\\neq';
  const relation = tokens.find((t) => t.text in RELATIONS)!;
  return {
    operands: [left, right],
    relations: [{ op, span: { start: relation.start, end: relation.end } }],
    span: { start: tokens[0].start, end: tokens[tokens.length - 1].end },
  };
}

/**
 * Gives each claim the conditions written right after it in the same formula, when they name
 * the claim's free indices. Returns the statements that are such conditions.
 */
export function attachIndexConditions<
  S extends { region: number; tokens: Token[]; chain?: Chain; error?: unknown },
>(statements: S[]): Set<S> {
  const conditions = new Set<S>();
  for (let k = 1; k < statements.length; k++) {
    const claim = statements[k - 1];
    const said = statements[k];
    if (!claim.chain || claim.region !== said.region) continue;
    const condition = indexCondition(said.tokens);
    if (!condition) continue;
    const free = new Set(claim.chain.operands.flatMap((o) => freeIndices(o)));
    if (!free.has(condition.left) || !free.has(condition.right)) continue;
    claim.chain = { ...claim.chain, where: [...(claim.chain.where ?? []), condition] };
    said.chain = conditionChain(said.tokens, condition);
    said.error = undefined;
    conditions.add(said);
  }
  return conditions;
}

/** Whether values of the indices meet every condition. */
export function meets(where: readonly IndexCondition[], at: ReadonlyMap<string, number>): boolean {
  return where.every((c) => (at.get(c.left) === at.get(c.right)) === c.equal);
}

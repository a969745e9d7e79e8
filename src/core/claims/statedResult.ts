// "I want the derivative $$\frac{\partial}{\partial A} \operatorname{tr}(…)$$ … is there a way to
// get the result $$2X(X^T A)$$": a derivative displayed on its own, and later a display of an
// expression that the words before it call its result. The writer claims the two are equal
// without writing '=': the result is read as `derivative = result`.
import { hasRelation } from '../latex/statements';
import type { Token } from '../latex/token';

/** Words that end the sentence before a display and make it the value of the derivative. */
const RESULT_CUE =
  /\b(?:the\s+result|simplif(?:y|ies)\s+to|equals?|(?:we|you|one)\s+(?:get|obtain|find)|is\s+given\s+by|evaluates\s+to|the\s+(?:derivative|gradient)\s+is)\b[^.$\n]{0,30}[:,]?\s*$/i;
/** How much text before a display the cue may stand in: its own sentence. */
const CUE_WINDOW = 100;
const DERIVATIVE = new Set(['\\partial', '\\nabla']);

/** A display that is a derivative and nothing else (no relation): what a later result is of. */
export function bareDerivative(statements: { tokens: Token[] }[]): Token[] | undefined {
  if (statements.length !== 1) return undefined;
  const tokens = withoutTrailingPunctuation(statements[0].tokens);
  if (tokens.length === 0 || hasRelation(tokens)) return undefined;
  // ∂/∂A f, \frac{\partial}{\partial A} f, ∇_A f: it begins as a derivative
  const begins = DERIVATIVE.has(tokens[0].text) || tokens[0].text === '\\frac';
  return begins && tokens.some((t) => DERIVATIVE.has(t.text)) ? tokens : undefined;
}

/**
 * The statement `derivative = result` when this display is one expression and the words before
 * it name it the derivative's result; undefined otherwise.
 */
export function statedResult(
  statements: { tokens: Token[] }[],
  derivative: Token[],
  text: string,
  regionStart: number,
): Token[] | undefined {
  if (statements.length !== 1) return undefined;
  const result = withoutTrailingPunctuation(statements[0].tokens);
  if (result.length === 0 || hasRelation(result)) return undefined;
  if (result.some((t) => DERIVATIVE.has(t.text))) return undefined;
  if (!RESULT_CUE.test(text.slice(Math.max(0, regionStart - CUE_WINDOW), regionStart)))
    return undefined;
  const at = result[0].start;
  const equals: Token = { kind: 'symbol', text: '=', start: at, end: at, spaceBefore: true };
  return [...derivative, equals, ...result];
}

function withoutTrailingPunctuation(tokens: Token[]): Token[] {
  let end = tokens.length;
  while (end > 0 && (tokens[end - 1].text === ',' || tokens[end - 1].text === '.')) end--;
  return tokens.slice(0, end);
}

// The macros of a document as KaTeX's `macros` option takes them ({ "\\grad": "\\frac{…#1…}" }),
// so the panel can typeset a claim written with the note's own \newcommand and \def. Only
// what KaTeX can express: plain parameters #1…#9; a definition with an optional argument or
// delimited parameters is left out (KaTeX then shows that claim as source, and says why).
import type { MacroDefinition, MacroTable } from './macros';
import type { Token } from './token';

/** A bound on what crosses to the webview: a note with more definitions is unusual. */
const MAX_MACROS = 500;
const MAX_BODY_LENGTH = 2000;

export function typesetMacros(table: MacroTable): Record<string, string> {
  const macros: Record<string, string> = {};
  let count = 0;
  // Settings first, then the document in order: the last definition of a name wins.
  for (const definition of [...table.optionDefinitions(), ...table.definitions()]) {
    if (!expressible(definition)) continue;
    const body = tokensToLatex(definition.body);
    if (body.length > MAX_BODY_LENGTH) continue;
    if (!(definition.name in macros) && ++count > MAX_MACROS) break;
    macros[definition.name] = body;
  }
  return macros;
}

function expressible(definition: MacroDefinition): boolean {
  return (
    definition.defaultArg === undefined &&
    definition.delimited === undefined &&
    !definition.primitive &&
    /^\\[A-Za-z]+$/.test(definition.name)
  );
}

/** Tokens back to source: a space after a control word that a letter follows (\log x, not \logx). */
export function tokensToLatex(tokens: readonly Token[]): string {
  let text = '';
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1];
    const needsSpace =
      previous !== undefined &&
      /^\\[A-Za-z]+$/.test(previous.text) &&
      /^[A-Za-z0-9]/.test(token.text);
    text += (needsSpace || (token.spaceBefore && i > 0) ? ' ' : '') + token.text;
  });
  return text;
}

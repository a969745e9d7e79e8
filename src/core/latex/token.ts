// Tokens of LaTeX math. Every token carries the source span it came from; tokens produced by
// a macro expansion carry the span of the macro's use, so findings point at the use site.

export type TokenKind =
  | 'command' //  \frac, \alpha, \| (a backslash and a name or one non-letter)
  | 'letter' //   one Latin letter: in math every letter is its own symbol
  | 'number' //   12, 0.5
  | 'lbrace' //   {
  | 'rbrace' //   }
  | 'param' //    #1 … #9 inside a macro body
  | 'symbol'; //  any other single character: + - = ( ) [ ] | , ; : ' ! & ^ _ < > / * ~

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  /** Whitespace (or a comment) came right before this token in the source. */
  spaceBefore: boolean;
  /** Set on tokens that came out of a macro expansion: the macro's name. */
  fromMacro?: string;
  /** A spacing command (\, \; \quad) came right before: the writer separated on purpose. */
  spacedBefore?: boolean;
}

export function isCommand(token: Token | undefined, name: string): boolean {
  return token !== undefined && token.kind === 'command' && token.text === name;
}

export function isSymbol(token: Token | undefined, text: string): boolean {
  return token !== undefined && token.kind === 'symbol' && token.text === text;
}

// What the panel's `reveal` message may open: a range of the document the panel shows, and
// nothing else. The page is a web page; whatever it names (file:///etc/passwd, another
// workspace file, a claim index of another document) is refused, so a compromised or buggy
// page cannot make the editor open files. Pure, so plain Node tests it.
import type { Range } from '../core/document';
import type { RevealMessage } from '../protocol/panel';

/** The document the panel shows: its URI as the host sent it, its claims, its length if known. */
export interface ShownDocument {
  uri: string;
  claims: readonly { range: Range }[];
  /** Lines in the document when it is open; a range past them is refused. */
  lineCount?: number;
}

export type RevealRefusal = 'nothing-shown' | 'other-document' | 'no-such-claim' | 'bad-range';

export type RevealDecision =
  { kind: 'reveal'; range: Range } | { kind: 'refuse'; reason: RevealRefusal };

export function decideReveal(
  message: RevealMessage,
  shown: ShownDocument | undefined,
): RevealDecision {
  if (!shown) return { kind: 'refuse', reason: 'nothing-shown' };
  if (message.document !== shown.uri) return { kind: 'refuse', reason: 'other-document' };
  if ('index' in message) {
    const claim = shown.claims[message.index];
    return claim
      ? { kind: 'reveal', range: claim.range }
      : { kind: 'refuse', reason: 'no-such-claim' };
  }
  return withinDocument(message.range, shown.lineCount)
    ? { kind: 'reveal', range: message.range }
    : { kind: 'refuse', reason: 'bad-range' };
}

function withinDocument(range: Range, lineCount: number | undefined): boolean {
  const { start, end } = range;
  const ordered =
    start.line < end.line || (start.line === end.line && start.character <= end.character);
  return ordered && (lineCount === undefined || end.line < lineCount);
}

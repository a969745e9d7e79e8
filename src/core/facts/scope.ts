// Where a statement about a symbol starts to hold, as a reader takes it: from its own
// paragraph (so "$$…$$ where $A ∈ ℝ^{m×n}$" covers the display it explains), one paragraph
// further back when that paragraph begins "where …", "with …", "here …"; never into earlier
// paragraphs, sections or answers. A declaration in an appendix does not reach back to the
// generic identities written before it.
import { lastAtMost } from '../sortedSearch';

/** Offsets where paragraphs start (after blank lines), ascending, 0 first. */
export function paragraphStarts(text: string): number[] {
  const starts = [0];
  const blank = /\n[ \t]*\r?\n/g;
  for (let m = blank.exec(text); m; m = blank.exec(text)) {
    const at = m.index + m[0].length;
    if (at > starts[starts.length - 1]) starts.push(at);
    blank.lastIndex = m.index + m[0].length - 1;
  }
  return starts;
}

const CONTINUES = /^\s*(?:where|with|here|in\s+which|for\s+which|and|such\s+that)\b/i;

/** The first offset a statement made at `offset` speaks of. */
export function scopeStart(text: string, paragraphs: number[], offset: number): number {
  // paragraphs[0] is 0, so some paragraph starts at or before any offset
  const i = Math.max(0, lastAtMost(paragraphs, offset));
  const own = paragraphs[i];
  if (i > 0 && CONTINUES.test(text.slice(own, Math.min(offset, own + 40))))
    return paragraphs[i - 1];
  return own;
}

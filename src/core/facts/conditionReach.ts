// How far a condition said in words reaches. It holds in its own sentence; words that go on
// from a display in lower case with the condition ("$$ \nabla_x x^TAx = 2Ax $$ when $A$ is
// symmetric.", "… $$ which holds if …") also cover that display, and a sentence that opens
// on the condition and runs into a display ("If $A$ is symmetric, then $$ … $$") covers the
// display it leads into. A capital starts a new sentence, which speaks of what follows it:
// "$$ … $$ If $A$ is symmetric, the Hessian is …" does not reach back.
import type { MathRegion } from '../scan/region';
import { firstAtLeast, lastAtMost } from '../sortedSearch';

/** Goes on in lower case to the condition, within four words ("when", "which holds if"). */
const GOES_ON_WITH_CONDITION = /^(?:[a-z]+[ \t\n]+){0,3}?(?:when|whenever|if|iff|provided)\b/;
const OPENS_ON_CONDITION = /^(?:when|whenever|if|iff|provided)\b/i;

export interface DisplaySpans {
  starts: number[];
  ends: number[];
}

/** The display regions' spans, in document order. */
export function displaySpans(regions: readonly MathRegion[]): DisplaySpans {
  const displays = regions.filter((r) => r.display);
  return { starts: displays.map((r) => r.start), ends: displays.map((r) => r.end) };
}

/** The span a condition stated over `sentence` holds in. */
export function conditionReach(
  text: string,
  displays: DisplaySpans,
  sentence: { from: number; to: number },
): { from: number; to: number } {
  let { from, to } = sentence;
  const opening = text.slice(from, from + 60);
  // the display that ends right before the sentence: only spaces or a comma between
  const before = lastAtMost(displays.ends, from);
  if (
    before >= 0 &&
    GOES_ON_WITH_CONDITION.test(opening) &&
    /^[\s,]*$/.test(text.slice(displays.ends[before], from))
  )
    from = displays.starts[before];
  // the display the sentence runs into: it opens on the condition and does not end first
  const after = firstAtLeast(displays.starts, to);
  if (
    after < displays.starts.length &&
    OPENS_ON_CONDITION.test(opening) &&
    /^[\s,:]*(?:then|we\s+have|we\s+get)?[\s,:]*$/i.test(text.slice(to, displays.starts[after]))
  )
    to = displays.ends[after];
  return { from, to };
}

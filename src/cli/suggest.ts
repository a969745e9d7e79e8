// `gradlens check --suggest`: the verified replacements of a file as a unified diff, to read
// or to pipe into `patch`. Nothing is written: the writer decides.
import type { Finding, Suggestion } from '../core/report';

/** A unified diff (no context lines) of `text` with every suggestion applied; '' if none. */
export function suggestionDiff(path: string, text: string, findings: Finding[]): string {
  const lines = text.split('\n');
  const suggestions = findings
    .map((f) => f.suggestion)
    .filter((s): s is Suggestion => s !== undefined)
    .sort(
      (a, b) =>
        b.range.start.line - a.range.start.line ||
        b.range.start.character - a.range.start.character,
    );
  if (suggestions.length === 0) return '';
  const edited = [...lines];
  for (const s of suggestions) {
    const { start, end } = s.range;
    const before = edited[start.line].slice(0, start.character);
    const after = edited[end.line].slice(end.character);
    edited.splice(
      start.line,
      end.line - start.line + 1,
      ...`${before}${s.written}${after}`.split('\n'),
    );
  }
  // replacements are one line each: old and new line numbers stay aligned
  const shown = path.replace(/^\/+/, '');
  const out = [`--- a/${shown}`, `+++ b/${shown}`];
  let i = 0;
  while (i < lines.length) {
    if (lines[i] === edited[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < lines.length && lines[j] !== edited[j]) j++;
    out.push(`@@ -${i + 1},${j - i} +${i + 1},${j - i} @@`);
    for (let k = i; k < j; k++) out.push(`-${lines[k]}`);
    for (let k = i; k < j; k++) out.push(`+${edited[k]}`);
    i = j;
  }
  return out.join('\n') + '\n';
}

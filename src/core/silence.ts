// Silencing, as linters do it, in one place: the CLI, the worker and the editor all mark
// findings through here, so they agree on what a silencing comment covers.
//
//   <!-- gradlens-disable-next-line -->   % gradlens-disable-next-line
//       the findings that start on the next line; when a math region starts on that line
//       (a `$$` block, `\begin{align}`, `\[`), every finding in the whole region, however
//       many lines it spans;
//   <!-- gradlens-disable --> … <!-- gradlens-enable -->   % gradlens-disable … % gradlens-enable
//       the findings that start between the two comments; a disable without an enable runs to
//       the end of the document (of its cell, in a notebook); a second disable before the
//       enable changes nothing;
//   <!-- gradlens-disable-file -->   % gradlens-disable-file
//       anywhere in the file (as markdownlint's `markdownlint-disable-file`): every finding; in
//       a notebook, any markdown cell turns the whole notebook off.
//
// A finding is judged by where it starts. Silenced findings are still computed and reported,
// flagged `suppressed: true`: what shows them (diagnostics, CLI lines) leaves them out.
// Pure: no `vscode`, no `node:`.
import { LineIndex, type Section } from './document';
import type { Finding } from './report';
import type { ScanResult } from './scan/region';

export interface Span {
  start: number;
  end: number;
}

export interface Silencing {
  /** `gradlens-disable-file` somewhere: every finding is suppressed. */
  file: boolean;
  /** Source spans [start, end) whose findings are suppressed, in the order of their comments. */
  spans: Span[];
}

/**
 * What the silencing comments of a scanned document cover. `boundaries`: offsets a disable
 * stops at (the starts of a notebook's cells when they are read as one text).
 */
export function silencingOf(
  scan: Pick<ScanResult, 'silencing' | 'regions'>,
  textLength: number,
  boundaries: readonly number[] = [],
): Silencing {
  const result: Silencing = { file: false, spans: [] };
  if (scan.silencing.length === 0) return result;
  const events = [
    ...scan.silencing,
    ...boundaries.map((at) => ({ kind: 'boundary' as const, start: at, end: at, next: undefined })),
  ].sort((a, b) => a.start - b.start);
  let open: number | undefined;
  for (const event of events) {
    switch (event.kind) {
      case 'disable-file':
        result.file = true;
        break;
      case 'disable':
        open ??= event.end;
        break;
      case 'enable':
      case 'boundary':
        if (open !== undefined) result.spans.push({ start: open, end: event.start });
        open = undefined;
        break;
      case 'disable-next-line': {
        const next = event.next;
        if (!next) break;
        // The line itself, its end included (a finding may sit at the end of the line).
        result.spans.push({ start: next.start, end: next.end + 1 });
        for (const region of scan.regions)
          if (region.start >= next.start && region.start <= next.end)
            result.spans.push({ start: region.start, end: region.end });
        break;
      }
    }
  }
  if (open !== undefined) result.spans.push({ start: open, end: textLength + 1 });
  return result;
}

export function isSilenced(silencing: Silencing, offset: number): boolean {
  return silencing.file || silencing.spans.some((s) => s.start <= offset && offset < s.end);
}

/** What a read document needs for silencing (ReadDocument has all of it). */
export interface SilenceSource {
  scan: Pick<ScanResult, 'silencing' | 'regions'>;
  lines: LineIndex;
  document: { text: string };
  sections?: readonly Section[];
}

/** The silencing of a read document; a notebook's cells read as one text are kept apart. */
export function silencingOfRead(read: SilenceSource): Silencing {
  const boundaries = (read.sections ?? [])
    .filter((s) => s.line > 0)
    .map((s) => read.lines.offsetAt({ line: s.line, character: 0 }));
  return silencingOf(read.scan, read.document.text.length, boundaries);
}

/**
 * `findings` with `suppressed` set as the document's comments say: a finding whose flag is
 * already right is kept as it is, the others are copied (findings from a cache may carry a
 * flag from an older text). The flag is present only when true.
 */
export function markSuppressed(findings: readonly Finding[], read: SilenceSource): Finding[] {
  const silencing = silencingOfRead(read);
  return findings.map((finding) => {
    const silenced = isSilenced(silencing, read.lines.offsetAt(finding.range.start));
    if (silenced === (finding.suppressed === true)) return finding;
    const copy: Finding = { ...finding };
    if (silenced) copy.suppressed = true;
    else delete copy.suppressed;
    return copy;
  });
}

/** The findings someone sees by default: the suppressed ones left out. */
export function unsuppressed<T extends Pick<Finding, 'suppressed'>>(findings: readonly T[]): T[] {
  return findings.filter((f) => f.suppressed !== true);
}

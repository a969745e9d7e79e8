// A math region found in a document, and how its text maps back into the source.

export type RegionDelimiter =
  | 'dollar' //          $…$
  | 'double-dollar' //   $$…$$
  | 'bracket' //         \[…\]
  | 'paren' //           \(…\)
  | 'fence' //           ```math … ```
  | 'script' //          <script type="math/tex">…</script> (MathJax 2 pages)
  | 'environment'; //    \begin{equation}…\end{equation} and friends

export interface MathRegion {
  /** The math text between the delimiters (for notebooks: the decoded cell text). */
  text: string;
  /** True for display math ($$, \[, environments, fences, `mode=display` scripts); false for inline. */
  display: boolean;
  delimiter: RegionDelimiter;
  /** For delimiter 'environment': its name without the star handling, e.g. "align*". */
  environment?: string;
  /** Source offsets (UTF-16, in the file as stored) of the region's whole span, delimiters included. */
  start: number;
  end: number;
  /**
   * Source offset of text[i] is sourceOffsets ? sourceOffsets[i] : contentStart + i.
   * An array holds text.length + 1 entries (the last maps the end of the text).
   */
  contentStart: number;
  sourceOffsets?: Int32Array;
  /**
   * Index into ScanResult.prose of the prose segment directly before / after this region
   * (nothing but comments in between), or undefined when another region, code, verbatim or
   * an HTML block touches it on that side. "$A$ is $m\times n$": regions[0].proseAfter ===
   * regions[1].proseBefore, and that segment's text is " is ".
   */
  proseBefore?: number;
  proseAfter?: number;
}

/** A stretch of prose (outside math, code and HTML) with the same offset mapping. */
export interface ProseSegment {
  text: string;
  contentStart: number;
  sourceOffsets?: Int32Array;
}

export interface ScanResult {
  regions: MathRegion[];
  /** Prose between regions, in order: shapes in prose ("$A$ is $m\times n$") are read from it. */
  prose: ProseSegment[];
  /**
   * Text outside math where macro definitions may appear (a LaTeX preamble), and comment
   * lines that carry `% gradlens:` / `<!-- gradlens: -->` directives, with their offsets.
   */
  preamble: ProseSegment[];
  directives: ProseSegment[];
  /**
   * Silencing comments (`<!-- gradlens-disable -->`, `% gradlens-disable-next-line`, …) in
   * source order; core/silence.ts turns them into the spans whose findings are suppressed.
   */
  silencing: SilenceComment[];
  /** Problems found while scanning (an unclosed $$, a notebook that is not JSON). */
  problems: { start: number; end: number; message: string }[];
}

export function sourceOffset(
  segment: { contentStart: number; sourceOffsets?: Int32Array },
  index: number,
): number {
  if (segment.sourceOffsets) {
    const i = Math.max(0, Math.min(index, segment.sourceOffsets.length - 1));
    return segment.sourceOffsets[i];
  }
  return segment.contentStart + index;
}

/**
 * What a silencing comment says: `disable-next-line`, `disable` … `enable`, `disable-file`.
 * `boundary` is no comment: the end of a notebook cell, where a `disable` stops.
 */
export type SilenceKind = 'disable-next-line' | 'disable' | 'enable' | 'disable-file' | 'boundary';

export interface SilenceComment {
  kind: SilenceKind;
  /** Source span of the whole comment (`<!--` … `-->`, or `%` to the end of the line). */
  start: number;
  end: number;
  /**
   * For `disable-next-line`: the source span of the line after the one the comment ends on
   * (without its line break); absent when the comment is on the last line.
   */
  next?: { start: number; end: number };
}

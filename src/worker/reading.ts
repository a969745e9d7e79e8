// What the editor shows beyond findings, worked out in the worker so the extension host never
// reads a document: the shape under a hover (from a shapes-only reading kept per uri, version
// and settings) and, with each check, the panel's shapes tables and the note's macros.
import { analyzeDocument, type Analysis } from '../core/analyze';
import { typesetMacros } from '../core/latex/typesetMacros';
import type { Finding } from '../core/report';
import { shapeAt } from '../extension/hoverModel';
import { shapeTable } from '../extension/panelExpression';
import type {
  ClaimReading,
  DocumentReading,
  ShapeAtRequest,
  ShapeSummary,
} from '../protocol/worker';
import { LruCache } from './cache';

/** Readings kept for hovers: the documents a writer moves between, not every file ever read. */
const KEPT_READINGS = 4;

export class HoverReadings {
  private readonly readings = new LruCache<Analysis>(KEPT_READINGS);
  /** Shapes-only reads done (cache misses), for tests. */
  reads = 0;

  shapeAt(request: ShapeAtRequest): ShapeSummary | undefined {
    const key = JSON.stringify([request.uri, request.version, request.settingsKey]);
    let analysis = this.readings.get(key);
    if (!analysis) {
      const { uri, version, language, text, options } = request;
      analysis = analyzeDocument(
        { uri, version, language, text },
        {
          numeric: false,
          macros: options.macros,
          conventions: options.conventions,
          sections: options.sections,
        },
      );
      this.reads++;
      this.readings.set(key, analysis);
    }
    return shapeAt(analysis, request.offset);
  }
}

/** The panel's view of a checked version: macros, and a shapes table per finding start. */
export function documentReading(analysis: Analysis, findings: readonly Finding[]): DocumentReading {
  const claims: ClaimReading[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    const at = finding.range.start;
    const key = `${at.line}:${at.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const symbols = shapeTable(analysis, finding);
    if (symbols.length > 0) claims.push({ at, symbols });
  }
  const table = analysis.read.macros;
  return { macros: table ? typesetMacros(table) : {}, claims };
}

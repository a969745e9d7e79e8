// Entry point of the scanner: finds the math regions of a document with exact source offsets.
//
// Exported API:
//   scanDocument(text, language): ScanResult   — dispatches on the document language
//   scanMarkdown(text), scanLatex(text), scanNotebook(text)
//
// Prose adjacency: ScanResult.prose holds the stretches of text outside math, code and HTML,
// in source order. Each MathRegion carries `proseBefore` / `proseAfter`: the index of the
// prose segment directly touching it on that side (only comments in between), undefined when
// another region, code, verbatim or an HTML block is there instead. So two regions are
// separated by prose only when regions[i].proseAfter === regions[i + 1].proseBefore.
import type { DocumentLanguage } from '../document';
import { emptyResult } from './common';
import { scanLatex } from './latex';
import { scanMarkdown } from './markdown';
import { scanNotebook } from './notebook';
import type { ScanResult } from './region';

export { scanLatex } from './latex';
export { scanMarkdown } from './markdown';
export { scanNotebook } from './notebook';
export type { MathRegion, ProseSegment, RegionDelimiter, ScanResult } from './region';
export { sourceOffset } from './region';

export function scanDocument(text: string, language: DocumentLanguage): ScanResult {
  try {
    switch (language) {
      case 'markdown':
        return scanMarkdown(text);
      case 'latex':
        return scanLatex(text);
      case 'notebook':
        return scanNotebook(text);
      default:
        return scanMarkdown(text);
    }
  } catch (e) {
    // The scanners are written not to throw; this is a last line of defence for the editor.
    const result = emptyResult();
    const message = e instanceof Error ? e.message : String(e);
    result.problems.push({ start: 0, end: 0, message: `scanner failure: ${message}` });
    return result;
  }
}

// The shape under a hover, asked of the reader worker (the host never reads a document). A
// version whose reading ran past the reader's budget is not asked again: every hover on a
// hostile note would otherwise cost the reader a restart. Pure (no `vscode` import).
import type { SourceDocument } from '../core/document';
import type { Logger } from '../protocol/logger';
import type { ReadingOptions, ShapeSummary } from '../protocol/worker';
import type { CancelSignal, ShapeOutcome, ShapeQuery } from '../worker/client';

/** What HoverShapes needs of the reader's WorkerClient (a getter: it is replaced on restart). */
export interface ShapeReader {
  shapeAt(
    document: SourceDocument,
    query: ShapeQuery,
    cancel?: CancelSignal,
  ): Promise<ShapeOutcome>;
}

/** Versions remembered as too slow to read; old ones fall out first. */
const TOO_SLOW_KEPT = 64;

export class HoverShapes {
  private readonly tooSlow = new Set<string>();

  constructor(
    private readonly reader: () => ShapeReader,
    private readonly logger: Logger,
  ) {}

  async shapeAt(
    document: SourceDocument,
    reading: ReadingOptions,
    settingsKey: string,
    offset: number,
    cancel?: CancelSignal,
  ): Promise<ShapeSummary | undefined> {
    const key = JSON.stringify([document.uri, document.version, settingsKey]);
    if (this.tooSlow.has(key)) return undefined;
    const outcome = await this.reader().shapeAt(
      document,
      { ...reading, settingsKey, offset },
      cancel,
    );
    if (outcome.kind === 'shape') return outcome.shape;
    if (outcome.kind === 'timeout') {
      this.tooSlow.add(key);
      if (this.tooSlow.size > TOO_SLOW_KEPT)
        this.tooSlow.delete(this.tooSlow.values().next().value!);
      this.logger.warn(
        `GradLens: reading ${document.uri} v${document.version} for hovers ran past its budget; no shape hovers for this version`,
      );
    }
    return undefined;
  }
}

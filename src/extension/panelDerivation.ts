// The panel's derivation section: the differential steps of the selected gradient claim's
// objective, derived and checked in the worker (core/derive/deriveAt.ts) by the variable the
// claim names, from the text of the open document.
import * as vscode from 'vscode';
import type { PanelClaim, PanelDerivation } from '../protocol/panel';
import type { Ctx } from './ctx';
import { toSourceDocument } from './sourceDocument';

export async function deriveClaim(
  ctx: Ctx,
  uri: vscode.Uri,
  claim: PanelClaim,
): Promise<{ derivation?: PanelDerivation; reason?: string }> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!document) return { reason: 'the document is not open' };
  const { macros, conventions } = ctx.config.checkSettings;
  const outcome = await ctx.worker.derive(toSourceDocument(document), {
    where: { line: claim.range.start.line },
    preferNamed: true,
    macros,
    conventions,
  });
  switch (outcome.kind) {
    case 'derived':
      return {
        derivation: {
          wrt: outcome.wrt,
          rows: outcome.rows,
          ...(outcome.stepsDropped ? { stepsDropped: outcome.stepsDropped } : {}),
        },
      };
    case 'failed':
      return { reason: outcome.reason };
    case 'choose':
      return { reason: 'the claim does not say which variable' };
    case 'crashed':
      return { reason: `the worker failed (${outcome.message})` };
    default:
      return { reason: `not derived (${outcome.kind})` };
  }
}

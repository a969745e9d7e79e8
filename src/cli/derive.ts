// `gradlens derive`: the gradient of an objective (or with --hessian its Hessian), derived,
// verified against autodiff, printed in the note's notation. Prints only what verified;
// otherwise the reason, and exit code 1.
import { languageOfPath } from '../core/document';
import { objectiveAtLine } from '../core/derive/atLine';
import { deriveGradient, isDerivation } from '../core/derive/derive';
import { deriveHessian, type HessianResult } from '../core/derive/hessian';
import { readDocument, symbolsFromLatex, type ReadDocument } from '../core/read';
import { deriveAt } from '../core/derive/deriveAt';
import type { DeriveRequest } from './args';
import type { CliFileSystem } from './fileSystem';
import { readNote } from './readNote';

export interface DeriveOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runDerive(request: DeriveRequest, fs: CliFileSystem): Promise<DeriveOutput> {
  let result: HessianResult;
  let hessian = request.hessian;
  let where: string;
  if (request.expr !== undefined) {
    // mathjs loads only when a plain-text expression needs it
    const { derivePlainText } = await import('../core/derive/plainText');
    result = derivePlainText({
      expr: request.expr,
      wrt: request.wrt!,
      shapes: request.shapes,
      hessian,
    });
    where = '<expr>';
  } else {
    const { path, line } = request.target!;
    const language = languageOfPath(path) ?? 'markdown';
    const note = readNote(fs, path, language === 'notebook');
    if ('problem' in note) return { code: 2, stdout: '', stderr: `gradlens: ${note.problem}\n` };
    const read = readDocument({ uri: path, version: 1, language, text: note.text });
    if (request.steps) return printSteps(read, `${path}:${line}`, line, request);
    const found = objectiveAtLine(read, line - 1);
    where = `${path}:${line}`;
    const wrtText = request.wrt ?? found?.wrt;
    if (!found)
      result = { unsupported: { kind: 'unsupported', reason: `no formula on line ${line}` } };
    else if (!wrtText)
      return {
        code: 2,
        stdout: '',
        stderr: `gradlens: derive ${where} needs --wrt X (the line names no variable)\n`,
      };
    else {
      const wrt = symbolsFromLatex(wrtText)?.[0]?.name ?? wrtText;
      // a Hessian claim's line asks for the Hessian, as --hessian does
      hessian ||= found.hessian === true;
      const derive = hessian ? deriveHessian : deriveGradient;
      result = derive(read, found.objective, wrt, found.at);
    }
  }
  if (request.json) {
    const body = isDerivation(result)
      ? {
          derived: true,
          order: hessian ? 2 : 1,
          latex: result.latex,
          relError: result.relError,
          nodes: result.nodes,
        }
      : { derived: false, ...result.unsupported };
    return {
      code: isDerivation(result) ? 0 : 1,
      stdout: JSON.stringify({ where, ...body }, null, 2) + '\n',
      stderr: '',
    };
  }
  if (!isDerivation(result))
    return {
      code: 1,
      stdout: `${where}: could not derive (${result.unsupported.kind}): ${result.unsupported.reason}\n`,
      stderr: '',
    };
  return {
    code: 0,
    stdout: `${result.latex}\n${where}: verified against ${hessian ? 'the Hessian (central differences of the autodiff gradient)' : 'autodiff'}, relative error ${result.relError.toExponential(1)}\n`,
    stderr: '',
  };
}

/** The derivation block on FILE:LINE, as the editor's command inserts it, with each row's verdict. */
function printSteps(
  read: ReadDocument,
  where: string,
  line: number,
  request: DeriveRequest,
): DeriveOutput {
  const wrt = request.wrt ? (symbolsFromLatex(request.wrt)?.[0]?.name ?? request.wrt) : undefined;
  const result = deriveAt(read, { line: line - 1 }, wrt, true);
  if (result.kind === 'choose') {
    const names = result.variables.map((v) => v.display).join(', ');
    return {
      code: 2,
      stdout: '',
      stderr: `gradlens: derive ${where} --steps needs --wrt (one of ${names})\n`,
    };
  }
  if (result.kind === 'failed') {
    if (request.json)
      return {
        code: 1,
        stdout: JSON.stringify({ where, derived: false, reason: result.reason }, null, 2) + '\n',
        stderr: '',
      };
    return { code: 1, stdout: `${where}: could not derive: ${result.reason}\n`, stderr: '' };
  }
  const { steps } = result;
  const rows = steps.rows.map((r) => ({
    lhs: r.lhs,
    rhs: r.rhs,
    verdict: r.verdict,
    ...(r.relError !== undefined ? { relError: r.relError } : {}),
  }));
  if (request.json)
    return {
      code: 0,
      stdout:
        JSON.stringify(
          {
            where,
            derived: true,
            wrt: result.wrt,
            rows,
            block: steps.block,
            ...(steps.stepsDropped ? { stepsDropped: steps.stepsDropped } : {}),
          },
          null,
          2,
        ) + '\n',
      stderr: '',
    };
  const verdicts = rows.map((r) => r.verdict);
  const all = verdicts.every((v) => v === 'ok')
    ? `all ${rows.length} rows ok`
    : verdicts.join(', ');
  const dropped = steps.stepsDropped ? ` (steps left out: ${steps.stepsDropped})` : '';
  return {
    code: 0,
    stdout: `${steps.block}\n${where}: checked in the note: ${all}${dropped}\n`,
    stderr: '',
  };
}

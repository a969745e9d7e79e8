// `gradlens check <files or folders…>`: the same core as the extension, printed like a linter.
import { analyzeDocument, checkDocument } from '../core/analyze';
import { withSuggestions } from '../core/derive/fix';
import { languageOfPath } from '../core/document';
import { isProblem, levelOf } from '../core/levels';
import { summarize, type FileReport, type Finding, type Report } from '../core/report';
import { parseArgs, USAGE, UsageError, type CheckRequest } from './args';
import { nodeFileSystem, withUnreadable, type CliFileSystem } from './fileSystem';
import { collectFiles, MissingPathError, type FoundPath } from './files';
import { formatFinding, formatSummary, progressLine } from './format';
import { readNote } from './readNote';
import { runDerive } from './derive';
import { suggestionDiff } from './suggest';
import { testHooksFrom, type CliTestHooks } from './testHooks';

declare const GRADLENS_VERSION: string | undefined;

const PROGRESS_THRESHOLD = 8;

async function run(argv: string[]): Promise<number> {
  let request;
  try {
    request = parseArgs(argv, process.stdout.isTTY === true, process.env);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`gradlens: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (request.command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (request.command === 'version') {
    process.stdout.write(`${typeof GRADLENS_VERSION === 'string' ? GRADLENS_VERSION : 'dev'}\n`);
    return 0;
  }
  if (request.command === 'derive') {
    const out = await runDerive(request, nodeFileSystem);
    process.stdout.write(out.stdout);
    process.stderr.write(out.stderr);
    return out.code;
  }
  return check(request);
}

/** Source texts of the files checked with --suggest, for the diff. */
const checkedTexts = new Map<string, string>();

function numericOptions(request: CheckRequest) {
  return {
    ...(request.draws !== undefined ? { draws: request.draws } : {}),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
  };
}

async function check(request: CheckRequest): Promise<number> {
  if (request.expr !== undefined) {
    // mathjs loads only when a plain-text expression needs it
    const { checkPlainText } = await import('../core/plaintext/check');
    const analysis = checkPlainText(
      { expr: request.expr, wrt: request.wrt, claim: request.claim, shapes: request.shapes },
      { numeric: numericOptions(request), conventions: request.conventions },
    );
    // One expression asked about: its verdict is the answer, so it is listed whatever it is.
    return report([{ path: '<expr>', findings: analysis.findings }], {
      ...request,
      verbose: !request.quiet,
    });
  }
  const hooks = testHooksFrom(process.env);
  const fs = hooks ? withUnreadable(nodeFileSystem, hooks.unreadable) : nodeFileSystem;
  let files: FoundPath[];
  try {
    files = collectFiles(request.paths, request.exclude, fs);
  } catch (error) {
    if (error instanceof MissingPathError) {
      process.stderr.write(`gradlens: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const showProgress =
    process.stderr.isTTY === true && files.length >= PROGRESS_THRESHOLD && !request.json;
  const reports: FileReport[] = [];
  files.forEach((found, i) => {
    if (showProgress) process.stderr.write(`\r${progressLine(i, files.length, found.path)}\x1b[K`);
    reports.push(
      found.problem !== undefined
        ? notChecked(found.path, found.problem, 'gradlens.unreadable')
        : checkFile(found.path, request, fs, hooks),
    );
  });
  if (showProgress)
    process.stderr.write(`\r${progressLine(files.length, files.length, '')}\x1b[K\n`);
  return report(reports, request);
}

/**
 * Findings about the file itself (it could not be read, or checking it failed): always printed,
 * always an error, since no check happened.
 */
const notCheckedFindings = new WeakSet<Finding>();

/** The one-line report of a path that was not checked. */
function notChecked(path: string, message: string, code: string): FileReport {
  const finding: Finding = {
    kind: 'expression',
    verdict: 'parse-error',
    severity: 'error',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    message: message.replace(/\s+/g, ' '), // one line, whatever an error message holds
    latex: '',
    code,
  };
  notCheckedFindings.add(finding);
  return { path, findings: [finding] };
}

function report(reports: FileReport[], request: CheckRequest): number {
  const report: Report = { version: 1, files: reports, summary: summarize(reports) };
  if (request.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    let listed = 0;
    for (const file of reports) {
      for (const finding of file.findings) {
        // Silenced by a comment in the note: in --json (flagged), never a line here.
        if (finding.suppressed) continue;
        const line = lineFor(file.path, finding, request);
        if (line === undefined) continue;
        process.stdout.write(line + '\n');
        listed++;
      }
    }
    process.stdout.write(formatSummary(reports, report.summary, listed) + '\n');
    if (request.suggest)
      for (const file of reports) {
        const text = checkedTexts.get(file.path);
        if (text !== undefined)
          process.stdout.write(suggestionDiff(file.path, text, file.findings));
      }
  }
  // What decides the exit code is what the Problems panel calls an error, whatever is printed.
  const anyError = reports.some((f) =>
    f.findings.some(
      (x) => notCheckedFindings.has(x) || (!x.suppressed && levelOf(x, 'problems') === 'error'),
    ),
  );
  return anyError ? 1 : 0;
}

/**
 * The line for one finding, or undefined when this output leaves it out: --verbose prints
 * every finding at the report's own severity (gradlens.report = everything); the default
 * prints the Problems panel's errors and warnings at their level there; --quiet its errors.
 */
function lineFor(
  path: string,
  finding: Finding,
  request: Pick<CheckRequest, 'quiet' | 'verbose' | 'color'>,
): string | undefined {
  if (notCheckedFindings.has(finding)) return formatFinding(path, finding, request.color, 'error');
  if (request.verbose) return formatFinding(path, finding, request.color);
  const level = levelOf(finding, 'problems');
  if (!isProblem(level) || (request.quiet && level !== 'error')) return undefined;
  return formatFinding(path, finding, request.color, level);
}

/**
 * One file's report. Whatever goes wrong here (a read error, an exception thrown by the core)
 * stays this file's one line: every other file is still checked and printed.
 */
function checkFile(
  path: string,
  request: CheckRequest,
  fs: CliFileSystem,
  hooks: CliTestHooks | undefined,
): FileReport {
  const language = languageOfPath(path) ?? 'markdown';
  const throwInCore = hooks?.throwIn.has(path) === true;
  try {
    const read = readNote(fs, path, language === 'notebook');
    if ('problem' in read) return notChecked(path, read.problem, 'gradlens.unreadable');
    const document = { uri: path, version: 1, language, text: read.text };
    const options = {
      macros: request.macros,
      conventions: request.conventions,
      numeric: numericOptions(request),
      ...(throwInCore ? { isCancelled: throwForTest } : {}),
    };
    if (!request.json && !request.suggest) return checkDocument(document, path, options);
    // wrong gradient claims get a verified suggestion (the JSON field, the --suggest diff)
    const analysis = analyzeDocument(document, options);
    checkedTexts.set(path, read.text);
    return { path, findings: withSuggestions(analysis.read, analysis.findings) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // The stack is for the bug report; the report's line stays one line.
    process.stderr.write(
      `gradlens: internal error in ${path}: ${(error as Error)?.stack ?? reason}\n`,
    );
    return notChecked(
      path,
      `internal error while checking this file (a GradLens bug, please report it): ${reason}`,
      'gradlens.internal',
    );
  }
}

function throwForTest(): never {
  throw new Error('GradLens test hook: the core throws on purpose');
}

// `gradlens check … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gradlens: internal error: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 3;
  },
);

// `gradlens check <files or folders…>`: the same core as the extension, printed like a linter.
import { readFileSync } from 'node:fs';
import { checkDocument } from '../core/analyze';
import { languageOfPath } from '../core/document';
import { isProblem, levelOf } from '../core/levels';
import { summarize, type FileReport, type Finding, type Report } from '../core/report';
import { parseArgs, USAGE, UsageError, type CheckRequest } from './args';
import { collectFiles, MissingPathError } from './files';
import { formatFinding, formatSummary, progressLine } from './format';

declare const GRADLENS_VERSION: string | undefined;

/** Files above this size are reported, not read: a note is never this big. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
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
  return check(request);
}

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
  let files: string[];
  try {
    files = collectFiles(request.paths, request.exclude);
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
  files.forEach((path, i) => {
    if (showProgress) process.stderr.write(`\r${progressLine(i, files.length, path)}\x1b[K`);
    reports.push(checkFile(path, request));
  });
  if (showProgress)
    process.stderr.write(`\r${progressLine(files.length, files.length, '')}\x1b[K\n`);
  return report(reports, request);
}

/** Findings about the file itself (it could not be read): always printed, always an error. */
const unreadable = new WeakSet<Finding>();

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
  }
  // What decides the exit code is what the Problems panel calls an error, whatever is printed.
  const anyError = reports.some((f) =>
    f.findings.some(
      (x) => unreadable.has(x) || (!x.suppressed && levelOf(x, 'problems') === 'error'),
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
  if (unreadable.has(finding)) return formatFinding(path, finding, request.color, 'error');
  if (request.verbose) return formatFinding(path, finding, request.color);
  const level = levelOf(finding, 'problems');
  if (!isProblem(level) || (request.quiet && level !== 'error')) return undefined;
  return formatFinding(path, finding, request.color, level);
}

function checkFile(path: string, request: CheckRequest): FileReport {
  const language = languageOfPath(path) ?? 'markdown';
  const problem = (message: string): FileReport => {
    const finding: Finding = {
      kind: 'expression',
      verdict: 'parse-error',
      severity: 'error',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message,
      latex: '',
      code: 'gradlens.parse',
    };
    unreadable.add(finding);
    return { path, findings: [finding] };
  };
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (error) {
    return problem(`cannot read the file: ${(error as Error).message}`);
  }
  if (buffer.length > MAX_FILE_BYTES)
    return problem(`file of ${buffer.length} bytes is larger than ${MAX_FILE_BYTES}: not read`);
  const text = buffer.toString('utf8');
  return checkDocument({ uri: path, version: 1, language, text }, path, {
    macros: request.macros,
    conventions: request.conventions,
    numeric: numericOptions(request),
  });
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

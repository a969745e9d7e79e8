// `gradlens check <files or folders…>`: the same core as the extension, printed like a linter.
import { readFileSync } from 'node:fs';
import { checkDocument } from '../core/analyze';
import { languageOfPath } from '../core/document';
import { summarize, type FileReport, type Report } from '../core/report';
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
    return report([{ path: '<expr>', findings: analysis.findings }], request);
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

function report(reports: FileReport[], request: CheckRequest): number {
  const report: Report = { version: 1, files: reports, summary: summarize(reports) };
  if (request.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    for (const file of reports) {
      for (const finding of file.findings) {
        // Silenced by a comment in the note: in --json (flagged), never a line here.
        if (finding.suppressed) continue;
        if (request.quiet && finding.severity === 'information') continue;
        process.stdout.write(formatFinding(file.path, finding, request.color) + '\n');
      }
    }
    process.stdout.write(formatSummary(reports, report.summary) + '\n');
  }
  const anyError = reports.some((f) =>
    f.findings.some((x) => x.severity === 'error' && !x.suppressed),
  );
  return anyError ? 1 : 0;
}

function checkFile(path: string, request: CheckRequest): FileReport {
  const language = languageOfPath(path) ?? 'markdown';
  const problem = (message: string): FileReport => ({
    path,
    findings: [
      {
        kind: 'expression',
        verdict: 'parse-error',
        severity: 'error',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message,
        latex: '',
        code: 'gradlens.parse',
      },
    ],
  });
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

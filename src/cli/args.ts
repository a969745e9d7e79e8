// Command-line arguments → a typed request, or a usage error (exit code 2).
import {
  CONVENTION_NAMES,
  conventionChoices,
  DEFAULT_CONVENTIONS,
  resolveConventions,
  type NamingConventions,
} from '../core/shape/conventions';
import { MAX_NOTE_BYTES } from './limits';

export interface CheckRequest {
  command: 'check';
  paths: string[];
  json: boolean;
  /** Lines for errors only. */
  quiet: boolean;
  /** Lines for every finding (default: errors and actionable warnings, src/core/levels.ts). */
  verbose: boolean;
  color: boolean;
  macros: Record<string, string>;
  /** Globs of files to leave out of the folders given (--exclude, repeatable). */
  exclude: string[];
  /** Naming conventions set with --convention NAME=VALUE. */
  conventions: Partial<NamingConventions>;
  /** A plain-text expression (matrixcalculus.org syntax) instead of files. */
  expr?: string;
  wrt?: string;
  claim?: string;
  shapes?: string;
  draws?: number;
  seed?: number;
  /** Print verified replacements for wrong gradient claims as a unified diff (no file written). */
  suggest?: boolean;
}

/** `gradlens derive --expr EXPR --wrt X` or `gradlens derive FILE:LINE [--wrt X]`. */
export interface DeriveRequest {
  command: 'derive';
  expr?: string;
  target?: { path: string; line: number };
  wrt?: string;
  shapes?: string;
  /** The Hessian ∇²_w f (a vector variable) instead of the gradient. */
  hessian?: boolean;
  /** The differential steps dφ = … = G : dX, each checked in the note (FILE:LINE only). */
  steps?: boolean;
  json: boolean;
}

export type CliRequest =
  CheckRequest | DeriveRequest | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage: gradlens check [options] <files or folders…>
       (\`gradlens [options] <files or folders…>\`, options first, is the same)

Checks the matrix calculus in Markdown (.md), LaTeX (.tex) and Jupyter (.ipynb) files:
the shape of every expression, and every claimed gradient, derivation step and differential.

 or:   gradlens check --expr EXPR --wrt X [--claim G] [--shapes "X k×l, A m×n"]
 or:   gradlens derive --expr EXPR --wrt X [--shapes "X k×l, A m×n"] [--hessian] [--json]
 or:   gradlens derive FILE:LINE [--wrt X] [--hessian | --steps] [--json]

derive prints the gradient of a scalar objective with respect to X, in the note's own
notation, after checking it against autodiff (it prints nothing it could not verify); on
FILE:LINE the objective is the definition, gradient claim or formula on that line (--wrt
may be left out on a gradient claim). --hessian prints the Hessian ∇²_w f of a vector w
instead, checked against central differences of the autodiff gradient (a Hessian claim's
line asks for it by itself). --steps prints the derivation block the editor's "Derive
Gradient…" command inserts (dφ = … = G : dX, then ∂φ/∂X = G), each row checked in the note.
Exit 0 derived, 1 could not derive, 2 bad usage.

Options:
  --expr EXPR         check a plain-text expression, e.g. "sum(A .* log(A ./ (B' * X * C)))"
  --wrt X             the variable to differentiate EXPR by
  --claim G           a claimed gradient in the same syntax, checked against autodiff
  --shapes SPEC       shapes for --expr, as in a gradlens directive: "X k×l, A m×n"
  --draws N           random draws per claim (default 3)
  --seed N            seed of the random draws (default 1)
  --json              print the JSON report (version 1, every finding) instead of lines;
                      a wrong gradient claim's finding carries a verified \`suggestion\`
  --suggest           also print verified replacements for wrong gradient claims as a
                      unified diff (the smallest fix of a sign, transpose or factor, else
                      the derived gradient); no file is written
  --verbose           print every finding: claims that hold, claims not checked, declarations
  --quiet             print only errors
  --exclude GLOB      leave out files found in the folders given whose path (relative to
                      that folder, or as printed) matches GLOB, or is in a folder that does
                      (repeatable), e.g. --exclude 'drafts/**' --exclude '**/*.draft.md';
                      files named on the command line are always checked. Silence part of a
                      note with comments: <!-- gradlens-disable-next-line -->,
                      <!-- gradlens-disable --> … <!-- gradlens-enable -->,
                      <!-- gradlens-disable-file --> (% gradlens-… in LaTeX)
  --macro NAME=BODY   a macro, as in the gradlens.macros setting (repeatable),
                      e.g. --macro '\\R=\\mathbb{R}'
  --convention NAME=VALUE
                      what an undeclared symbol's spelling means (repeatable):
%CONVENTIONS%
  --no-color          plain output (also when NO_COLOR is set or stdout is not a terminal)
  -h, --help          this help
  --version           the version

Lines: by default the findings you should look at (errors, and warnings you can act on),
the same ones the VS Code Problems panel lists; --verbose adds claims that hold, claims
GradLens could not check and what it read (declarations, definitions).

Files: folders are searched at any depth for .md, .markdown, .tex and .ipynb files; links
are followed once. A path that is not a regular file (a FIFO, a device), not UTF-8 or
UTF-16 text, over ${MAX_NOTE_BYTES} bytes (a notebook: its markdown cells), unreadable, or
whose check failed gets one error line, and the run goes on.

Exit codes: 0 no errors, 1 some finding is an error (a mismatch or a shape error; also a
path that was not checked), 2 bad usage, 3 internal error (a GradLens bug).`.replace(
  '%CONVENTIONS%',
  conventionHelp(),
);

function conventionHelp(): string {
  return CONVENTION_NAMES.map(
    (name) =>
      `                        ${name}=${conventionChoices(name).join('|')} (default ${DEFAULT_CONVENTIONS[name]})`,
  ).join('\n');
}

export function parseArgs(argv: string[], isTty: boolean, env: NodeJS.ProcessEnv): CliRequest {
  if (argv.length === 0) throw new UsageError('no command given');
  if (['-h', '--help', 'help'].includes(argv[0])) return { command: 'help' };
  if (['--version', 'version'].includes(argv[0])) return { command: 'version' };
  // Options first and no command word (`gradlens --verbose notes/`) mean `check`: it is the
  // only command that takes options. A bare word stays a command, so a typo is not a path.
  const [command, ...rest] = argv[0].startsWith('-') ? ['check', ...argv] : argv;
  if (command === 'derive') return parseDeriveArgs(rest);
  if (command !== 'check')
    throw new UsageError(
      `unknown command '${command}' (to check it as a file or folder: gradlens check ${command})`,
    );
  const request: CheckRequest = {
    command: 'check',
    paths: [],
    json: false,
    quiet: false,
    verbose: false,
    color: isTty && !env.NO_COLOR,
    macros: {},
    exclude: [],
    conventions: {},
  };
  for (let i = 0; i < rest.length; i++) {
    let arg = rest[i];
    // --expr=VALUE is --expr VALUE (the value of an option is never read as an option: --claim -h)
    const inline = /^(--(?:expr|wrt|claim|shapes|draws|seed))=([\s\S]*)$/.exec(arg);
    if (inline) {
      arg = inline[1];
      rest.splice(i + 1, 0, inline[2]);
    }
    if (arg === '-h' || arg === '--help') return { command: 'help' };
    if (arg === '--version') return { command: 'version' };
    if (arg === '--json') request.json = true;
    else if (arg === '--suggest') request.suggest = true;
    else if (arg === '--quiet' || arg === '-q') request.quiet = true;
    else if (arg === '--verbose' || arg === '-v') request.verbose = true;
    else if (arg === '--no-color') request.color = false;
    else if (arg === '--color') request.color = true;
    else if (arg === '--macro' || arg.startsWith('--macro=')) {
      const value = arg === '--macro' ? rest[++i] : arg.slice('--macro='.length);
      const eq = value?.indexOf('=') ?? -1;
      if (!value || eq <= 0)
        throw new UsageError(`--macro needs NAME=BODY, e.g. --macro '\\R=\\mathbb{R}'`);
      const name = value.slice(0, eq).trim();
      request.macros[name.startsWith('\\') ? name : `\\${name}`] = value.slice(eq + 1);
    } else if (arg === '--exclude' || arg.startsWith('--exclude=')) {
      const value = arg === '--exclude' ? rest[++i] : arg.slice('--exclude='.length);
      if (!value) throw new UsageError(`--exclude needs a glob, e.g. --exclude 'drafts/**'`);
      request.exclude.push(value);
    } else if (arg === '--convention' || arg.startsWith('--convention=')) {
      const value = arg === '--convention' ? rest[++i] : arg.slice('--convention='.length);
      const eq = value?.indexOf('=') ?? -1;
      if (!value || eq <= 0)
        throw new UsageError(`--convention needs NAME=VALUE, e.g. --convention lowercase=vector`);
      const given = {
        ...request.conventions,
        [value.slice(0, eq).trim()]: value.slice(eq + 1).trim(),
      };
      const { conventions, problems } = resolveConventions(given);
      if (problems.length > 0) throw new UsageError(`--convention: ${problems[0]}`);
      request.conventions = Object.fromEntries(
        Object.keys(given).map((name) => [name, conventions[name as keyof NamingConventions]]),
      );
    } else if (arg === '--expr' || arg === '--wrt' || arg === '--claim' || arg === '--shapes') {
      const value = rest[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      request[arg.slice(2) as 'expr' | 'wrt' | 'claim' | 'shapes'] = value;
    } else if (arg === '--draws' || arg === '--seed') {
      const value = Number(rest[++i]);
      if (
        !Number.isInteger(value) ||
        value < (arg === '--draws' ? 1 : 0) ||
        value > (arg === '--draws' ? 100 : 2 ** 31)
      ) {
        throw new UsageError(
          `${arg} needs ${arg === '--draws' ? 'an integer from 1 to 100' : 'a non-negative integer'}`,
        );
      }
      request[arg.slice(2) as 'draws' | 'seed'] = value;
    } else if (arg === '--') {
      request.paths.push(...rest.slice(i + 1));
      break;
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else request.paths.push(arg);
  }
  if (request.quiet && request.verbose)
    throw new UsageError('--quiet and --verbose ask for opposite things: give one');
  if (request.expr !== undefined) {
    if (request.paths.length > 0) throw new UsageError('give either files or --expr, not both');
    if (request.claim !== undefined && request.wrt === undefined)
      throw new UsageError('--claim needs --wrt');
  } else if (
    request.wrt !== undefined ||
    request.claim !== undefined ||
    request.shapes !== undefined
  ) {
    throw new UsageError('--wrt, --claim and --shapes go with --expr');
  } else if (request.paths.length === 0) throw new UsageError('no files or folders to check');
  if (request.expr !== undefined && request.exclude.length > 0)
    throw new UsageError('--exclude goes with files or folders, not --expr');
  if (request.expr !== undefined && request.suggest)
    throw new UsageError('--suggest goes with files (for an expression: gradlens derive --expr)');
  return request;
}

function parseDeriveArgs(rest: string[]): DeriveRequest | { command: 'help' } {
  const request: DeriveRequest = { command: 'derive', json: false };
  for (let i = 0; i < rest.length; i++) {
    let arg = rest[i];
    const inline = /^(--(?:expr|wrt|shapes))=([\s\S]*)$/.exec(arg);
    if (inline) {
      arg = inline[1];
      rest.splice(i + 1, 0, inline[2]);
    }
    if (arg === '-h' || arg === '--help') return { command: 'help' };
    if (arg === '--json') request.json = true;
    else if (arg === '--hessian') request.hessian = true;
    else if (arg === '--steps') request.steps = true;
    else if (arg === '--expr' || arg === '--wrt' || arg === '--shapes') {
      const value = rest[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      request[arg.slice(2) as 'expr' | 'wrt' | 'shapes'] = value;
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option for derive '${arg}'`);
    else {
      const m = /^(.+):(\d+)$/.exec(arg);
      if (!m || Number(m[2]) < 1)
        throw new UsageError(`derive takes FILE:LINE (a line number from 1), not '${arg}'`);
      if (request.target) throw new UsageError('derive takes one FILE:LINE');
      request.target = { path: m[1], line: Number(m[2]) };
    }
  }
  if (request.expr !== undefined && request.target)
    throw new UsageError('derive takes either --expr or FILE:LINE, not both');
  if (request.expr === undefined && !request.target)
    throw new UsageError('derive needs --expr EXPR or FILE:LINE');
  if (request.expr !== undefined && request.wrt === undefined)
    throw new UsageError('derive --expr needs --wrt');
  if (request.steps && !request.target)
    throw new UsageError('--steps goes with FILE:LINE (the steps are checked in the note)');
  if (request.steps && request.hessian)
    throw new UsageError('--steps derives a gradient, not a Hessian');
  if (request.target && request.shapes !== undefined)
    throw new UsageError('--shapes goes with --expr (a note declares its own shapes)');
  return request;
}

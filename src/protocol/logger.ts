// The logger the host-side pieces take. VS Code's LogOutputChannel satisfies it; the CLI and
// the tests supply their own.
export interface Logger {
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

// Misbehaviour on request for the CLI's own tests (test/unit/cliHostile.test.ts), which run
// the built CLI in a child process: GRADLENS_CLI_TEST_HOOKS='{"unreadable":[…],"throwIn":[…]}'.
// Paths are compared as given to the CLI or as found in a folder (root/relative).

export interface CliTestHooks {
  /** Folders and files whose reading fails with EACCES (root reads through chmod 000). */
  unreadable: Set<string>;
  /** Files whose check throws from inside the core (through its cancellation callback). */
  throwIn: Set<string>;
}

export function testHooksFrom(env: NodeJS.ProcessEnv): CliTestHooks | undefined {
  const raw = env.GRADLENS_CLI_TEST_HOOKS;
  if (!raw) return undefined;
  const parsed = JSON.parse(raw) as { unreadable?: string[]; throwIn?: string[] };
  return { unreadable: new Set(parsed.unreadable ?? []), throwIn: new Set(parsed.throwIn ?? []) };
}

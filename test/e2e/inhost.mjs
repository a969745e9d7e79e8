// Phase 1: test/e2e/suite runs INSIDE code-server's extension host (GradLens as a development
// extension, the suite as extensionTestsPath); its verdict comes back as a JSON report.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARTIFACTS,
  ROOT,
  Scope,
  launchBrowser,
  log,
  makeState,
  saveLogs,
  startServer,
} from './harness.mjs';

export const SUITE_OUT = join(ROOT, 'test/e2e/out/suite.js');
const TIMEOUT_S = Number(process.env.GRADLENS_E2E_TIMEOUT || 600);

/** Bundles the suite (vscode stays external: the host provides it). */
export async function buildSuite() {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(ROOT, 'test/e2e/suite/index.ts')],
    outfile: SUITE_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

/** Returns the suite's results (each {name, ok, ms, detail|error}). */
export async function runInHostSuite({ codeServer, chromium }) {
  const scope = new Scope();
  try {
    const state = makeState(scope, 'inhost');
    const results = join(state.dir, 'results.json');
    const server = await startServer(scope, codeServer, state, { GRADLENS_E2E_RESULTS: results });
    const { page, messages } = await launchBrowser(scope, chromium, state);

    let exitCode;
    const exited = new Promise((res) => {
      exitCode = res;
    });
    await page.exposeFunction('codeAutomationExit', (code) => exitCode(code));
    await page.exposeFunction('codeAutomationLog', (type, args) =>
      messages.push({ type: `ext-host ${type}`, text: [].concat(args).join(' '), url: '' }),
    );

    const url = server.url([
      ['extensionDevelopmentPath', server.remote(ROOT)],
      ['extensionTestsPath', server.remote(SUITE_OUT)],
    ]);
    await page.goto(url);
    const verdict = await waitVerdict(messages, exited, [
      results,
      join(state.workspace, '.gradlens-e2e-results.json'),
    ]);

    // The workbench as the suite left it (seed question, its squiggle, the Problems panel).
    const shot = join(ARTIFACTS, 'inhost-workbench.png');
    await page
      .locator('.monaco-editor .squiggly-error')
      .first()
      .waitFor({ timeout: 5000 })
      .catch(() => undefined);
    await page.screenshot({ path: shot }).then(
      () => log(`screenshot ${shot}`),
      (e) => log(`screenshot failed: ${e.message}`),
    );
    // The suite holds the extension host open until this file exists.
    if (verdict.file) writeFileSync(`${verdict.file}.shot`, '');
    writeFileSync(
      join(ARTIFACTS, 'inhost-console.log'),
      messages.map((m) => `${m.type}: ${m.text}`).join('\n'),
    );
    saveLogs(state, 'inhost');
    return { results: verdict.report.results ?? [], screenshots: [shot] };
  } finally {
    await scope.close();
  }
}

/** The verdict from the results file, the console report, or codeAutomationExit, whichever comes first. */
async function waitVerdict(messages, exited, files) {
  const end = Date.now() + TIMEOUT_S * 1000;
  let code;
  void exited.then((c) => {
    code = c;
  });
  const failed = (error) => ({ report: { results: [{ name: 'suite', ok: false, ms: 0, error }] } });
  for (;;) {
    for (const file of files) {
      if (!existsSync(file)) continue;
      try {
        return { report: JSON.parse(readFileSync(file, 'utf8')), file };
      } catch {
        /* being written */
      }
    }
    const line = messages.find((m) => m.text.includes('GRADLENS_E2E_REPORT '))?.text;
    if (line)
      return {
        report: JSON.parse(
          line.slice(line.indexOf('GRADLENS_E2E_REPORT ') + 'GRADLENS_E2E_REPORT '.length),
        ),
      };
    if (code !== undefined) {
      // exited without a report: give the file a moment to land, then give up
      await new Promise((r) => setTimeout(r, 1000));
      if (files.some((f) => existsSync(f))) continue;
      return failed(`codeAutomationExit(${code}) without a report`);
    }
    if (Date.now() > end) return failed(`no verdict within ${TIMEOUT_S}s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

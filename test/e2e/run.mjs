#!/usr/bin/env node
// End-to-end run in a REAL VS Code: code-server 4.100.3 (VS Code 1.100.3) driven by Debian's
// headless chromium through playwright-core. Three phases, each with its own code-server,
// browser and throwaway state (a fresh copy of examples/ as the workspace):
//
//   1. in-host    test/e2e/suite runs inside the extension host (GradLens as a development
//                 extension, the suite as extensionTestsPath)            → inhost.mjs
//   2. workbench  the UI as a user sees it: squiggle, Problems, hover, the panel (webview),
//                 light and dark themes, console/CSP                     → workbench.mjs
//   3. vsix       npm run package, --install-extension, the installed bundle at work
//                 with no development path                               → vsix.mjs
//
//   node test/e2e/run.mjs            exit 0 only if every test passed
//
//   GRADLENS_E2E_CACHE     where code-server and playwright-core live (default .cache/e2e)
//   GRADLENS_E2E_TIMEOUT   seconds to wait for the in-host suite's verdict (default 600)
//   GRADLENS_E2E_SKIP_BUILD=1   reuse dist/ as it is
//   GRADLENS_E2E_PHASES    which phases to run (default "inhost workbench vsix"; e.g. "workbench")
//   CHROMIUM               browser binary (default /usr/bin/chromium)
//
// Screenshots, console and VS Code logs go to .artifacts/e2e/ (ignored by git).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, CS_VERSION, ROOT, install, sinceStart, time, timings } from './harness.mjs';
import { buildSuite, runInHostSuite } from './inhost.mjs';
import { runVsix } from './vsix.mjs';
import { runWorkbench } from './workbench.mjs';

const PHASES = (process.env.GRADLENS_E2E_PHASES || 'inhost workbench vsix')
  .split(/[\s,]+/)
  .filter(Boolean);

function build(force = false) {
  if (
    !force &&
    process.env.GRADLENS_E2E_SKIP_BUILD === '1' &&
    existsSync(join(ROOT, 'dist/extension.js'))
  )
    return;
  // esbuild's size table goes to stderr: show it only when the build fails
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error(`npm run build exited with ${r.status ?? r.signal}`);
  }
}

const results = [];
const screenshots = [];
try {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Screenshots of an earlier run would pass for this run's.
  for (const f of readdirSync(ARTIFACTS)) if (f.endsWith('.png')) rmSync(join(ARTIFACTS, f));
  const tools = await time('install (code-server + playwright-core + apt)', async () => install());
  await time('build (extension + suite)', async () => {
    build();
    await buildSuite();
  });
  // The vsix phase rebuilds dist/ for production, so it runs after the phases that load the
  // development build.
  const phases = { inhost: runInHostSuite, workbench: runWorkbench, vsix: runVsix };
  for (const name of PHASES) {
    if (!phases[name]) throw new Error(`unknown phase ${name} (GRADLENS_E2E_PHASES)`);
    const out = await time(`phase ${name}`, () => phases[name](tools));
    results.push(...out.results.map((r) => ({ phase: name, ...r })));
    screenshots.push(...out.screenshots);
  }
  // `npm run package` left a minified production build in dist/: put the development build
  // (with source maps, what F5 and the CLI users expect) back.
  if (PHASES.includes('vsix')) await time('restore the development build', async () => build(true));
} catch (e) {
  console.error(`[e2e] ${e?.stack ?? e}`);
  results.push({
    phase: 'harness',
    name: 'harness',
    ok: false,
    ms: 0,
    error: String(e?.message ?? e),
  });
}
writeFileSync(join(ARTIFACTS, 'results.json'), JSON.stringify(results, null, 2));

console.log('\n================ GradLens e2e (code-server %s) ================', CS_VERSION);
for (const r of results) {
  console.log(
    `  ${r.ok ? 'ok  ' : 'FAIL'} [${r.phase}] ${r.name} (${r.ms ?? 0} ms)${r.ok ? (r.detail ? `\n         ${r.detail}` : '') : `\n         ${r.error}`}`,
  );
}
console.log('timings:');
for (const t of timings) console.log(`  ${t}`);
console.log(`  total: ${sinceStart()}`);
console.log('screenshots:');
for (const s of screenshots) console.log(`  ${s}`);
console.log(`artifacts: ${ARTIFACTS}`);
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed || (passed ? 0 : 1);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

#!/usr/bin/env node
// End-to-end run in a REAL VS Code: code-server 4.100.3 (VS Code 1.100.3) with GradLens loaded
// as a development extension (like F5), test/e2e/suite run inside its extension host, the
// workbench opened by Debian's headless chromium through playwright-core.
//
//   node test/e2e/run.mjs            exit 0 only if every test passed
//
//   GRADLENS_E2E_CACHE     where code-server and playwright-core live (default .cache/e2e)
//   GRADLENS_E2E_TIMEOUT   seconds to wait for the suite's verdict (default 600)
//   GRADLENS_E2E_SKIP_BUILD=1   reuse dist/ as it is
//   CHROMIUM               browser binary (default /usr/bin/chromium)
//
// Steps: install (test/e2e/install-code-server.sh, a no-op when cached) → build the extension
// and the suite → copy examples/ into a temp workspace → start code-server on a free port →
// open the workbench URL whose `payload` names extensionDevelopmentPath and extensionTestsPath
// (code-server's CLI rejects those flags; only the payload works) → wait for the suite's
// verdict → one screenshot into .artifacts/e2e/ → stop everything we started.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = process.env.GRADLENS_E2E_CACHE || join(ROOT, '.cache/e2e');
const CS_VERSION = process.env.CS_VERSION || '4.100.3';
const PW_VERSION = process.env.PW_VERSION || '1.65.1';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_S = Number(process.env.GRADLENS_E2E_TIMEOUT || 600);
const ARTIFACTS = join(ROOT, '.artifacts/e2e');
const SUITE_OUT = join(ROOT, 'test/e2e/out/suite.js');

const t0 = Date.now();
const secs = (from) => `${((Date.now() - from) / 1000).toFixed(1)}s`;
const log = (...a) => console.log(`[e2e ${secs(t0)}]`, ...a);
const timings = [];
const time = async (label, fn) => {
  const s = Date.now();
  try {
    return await fn();
  } finally {
    timings.push(`${label}: ${secs(s)}`);
  }
};

// Everything we start, stopped in `finally` (and on signals): the server's process group, the
// browser, temp folders.
const cleanups = [];
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch {
      /* best effort */
    }
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    void cleanup().then(() => process.exit(130));
  });
}

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function waitHttp(url, ms) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function main() {
  // 1. install (no-op when cached)
  await time('install (code-server + playwright-core + apt)', async () => {
    sh('bash', [join(ROOT, 'test/e2e/install-code-server.sh')], { env: { ...process.env, GRADLENS_E2E_CACHE: CACHE, CS_VERSION, PW_VERSION } });
  });
  const codeServer = join(CACHE, `code-server-${CS_VERSION}/node_modules/.bin/code-server`);
  const { chromium } = createRequire(join(CACHE, `playwright-core-${PW_VERSION}/`))('playwright-core');

  // 2. build the extension and the suite
  await time('build (extension + suite)', async () => {
    if (process.env.GRADLENS_E2E_SKIP_BUILD !== '1' || !existsSync(join(ROOT, 'dist/extension.js'))) {
      // esbuild's size table goes to stderr: show it only when the build fails
      const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) {
        process.stderr.write(r.stdout + r.stderr);
        throw new Error(`npm run build exited with ${r.status ?? r.signal}`);
      }
    }
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
  });

  // 3. a throwaway state folder: workspace (a copy of examples/), user data, extensions, XDG dirs
  const state = mkdtempSync(join(tmpdir(), 'gradlens-e2e-'));
  cleanups.push(() => rmSync(state, { recursive: true, force: true }));
  const workspace = join(state, 'workspace');
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  const userData = join(state, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User/settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'workbench.tips.enabled': false,
        'git.enabled': false,
        'files.autoSave': 'off',
      },
      null,
      2,
    ),
  );
  const config = join(state, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n'); // an empty file is rejected as invalid
  const results = join(state, 'results.json');
  const serverLog = join(state, 'server.log');
  // Keep code-server and chromium from writing into $HOME.
  const xdg = {
    XDG_CONFIG_HOME: join(state, 'xdg/config'),
    XDG_DATA_HOME: join(state, 'xdg/data'),
    XDG_CACHE_HOME: join(state, 'xdg/cache'),
  };
  mkdirSync(ARTIFACTS, { recursive: true });

  // 4. code-server on a free localhost port, in its own process group
  const port = await freePort();
  const server = await time('code-server start → HTTP ready', async () => {
    const { openSync } = await import('node:fs');
    const out = openSync(serverLog, 'w');
    const child = spawn(
      codeServer,
      [
        '--config', config,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--user-data-dir', userData,
        '--extensions-dir', join(state, 'extensions'),
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
      ],
      { detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...xdg, GRADLENS_E2E_RESULTS: results } },
    );
    cleanups.push(() => stopGroup(child));
    await waitHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    return child;
  });
  log(`code-server ${CS_VERSION} pid ${server.pid} on 127.0.0.1:${port}`);

  // 5. the browser
  const profile = join(state, 'chromium-profile');
  mkdirSync(profile, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, ...xdg },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps'],
  });
  cleanups.push(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e}`));

  let exitCode;
  const exited = new Promise((res) => {
    exitCode = res;
  });
  await page.exposeFunction('codeAutomationExit', (code) => exitCode(code));
  await page.exposeFunction('codeAutomationLog', (type, args) => consoleLines.push(`ext-host ${type}: ${[].concat(args).join(' ')}`));

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ROOT)],
    ['extensionTestsPath', remote(SUITE_OUT)],
  ];
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  let resultsFile;
  // 6. the suite: verdict from the results file, the console report, or codeAutomationExit
  const verdict = await time('suite (page load → verdict)', async () => {
    await page.goto(url);
    const end = Date.now() + TIMEOUT_S * 1000;
    let code;
    void exited.then((c) => {
      code = c;
    });
    for (;;) {
      for (const file of [results, join(workspace, '.gradlens-e2e-results.json')]) {
        if (!existsSync(file)) continue;
        try {
          const report = JSON.parse(readFileSync(file, 'utf8'));
          resultsFile = file;
          return report;
        } catch {
          /* being written */
        }
      }
      const line = consoleLines.find((l) => l.includes('GRADLENS_E2E_REPORT '));
      if (line) return JSON.parse(line.slice(line.indexOf('GRADLENS_E2E_REPORT ') + 'GRADLENS_E2E_REPORT '.length));
      if (code !== undefined) {
        // exited without a report: give the file a moment to land, then give up
        await new Promise((r) => setTimeout(r, 1000));
        if (existsSync(results) || existsSync(join(workspace, '.gradlens-e2e-results.json'))) continue;
        return { passed: 0, failed: 1, results: [{ name: 'suite', ok: false, error: `codeAutomationExit(${code}) without a report` }] };
      }
      if (Date.now() > end) return { passed: 0, failed: 1, results: [{ name: 'suite', ok: false, error: `no verdict within ${TIMEOUT_S}s` }] };
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  // 7. one screenshot of the workbench (seed question, its squiggle, the Problems panel)
  const shot = join(ARTIFACTS, 'workbench.png');
  try {
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 5000 });
  } catch {
    /* take the screenshot anyway */
  }
  await page.screenshot({ path: shot }).then(
    () => log(`screenshot ${shot}`),
    (e) => log(`screenshot failed: ${e.message}`),
  );
  // the suite holds the extension host open until this file exists
  if (resultsFile) writeFileSync(`${resultsFile}.shot`, '');
  writeFileSync(join(ARTIFACTS, 'console.log'), consoleLines.join('\n'));
  // code-server's log, and VS Code's logs (exthost.log, the GradLens output channel, …)
  rmSync(join(ARTIFACTS, 'logs'), { recursive: true, force: true });
  for (const [from, to] of [
    [serverLog, 'server.log'],
    [join(userData, 'logs'), 'logs'],
  ]) {
    try {
      cpSync(from, join(ARTIFACTS, to), { recursive: true });
    } catch {
      /* none */
    }
  }
  writeFileSync(join(ARTIFACTS, 'results.json'), JSON.stringify(verdict, null, 2));
  return verdict;
}

async function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const t = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 5000);
  await gone;
  clearTimeout(t);
}

let verdict;
try {
  verdict = await main();
} catch (e) {
  console.error(`[e2e] ${e?.stack ?? e}`);
  verdict = { passed: 0, failed: 1, results: [{ name: 'harness', ok: false, error: String(e?.message ?? e) }] };
} finally {
  await cleanup();
}

console.log('\n================ GradLens e2e (code-server %s) ================', CS_VERSION);
for (const r of verdict.results ?? []) {
  console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.ms ?? 0} ms)${r.ok ? (r.detail ? `\n         ${r.detail}` : '') : `\n         ${r.error}`}`);
}
console.log('timings:');
for (const t of timings) console.log(`  ${t}`);
console.log(`  total: ${secs(t0)}`);
console.log(`artifacts: ${ARTIFACTS}`);
const passed = (verdict.results ?? []).filter((r) => r.ok).length;
const failed = (verdict.results ?? []).length - passed || (passed ? 0 : 1);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

// Phase 3: the packaged extension. `npm run package` → dist/gradlens.vsix → code-server
// --install-extension into a fresh extensions dir → a workbench with NO development path.
// What runs is the installed bundle, not the source tree.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARTIFACTS,
  EXTENSION_ID,
  ROOT,
  Scope,
  assert,
  check,
  launchBrowser,
  log,
  makeState,
  saveLogs,
  startServer,
} from './harness.mjs';
import { describe, unexpected } from './console.mjs';
import {
  errorSquiggle,
  openFromExplorer,
  openWorkbench,
  problemsRow,
  readClaims,
  showPanel,
  statusProblems,
} from './ui.mjs';

const PHASE = 'vsix';
const VSIX = join(ROOT, 'dist/gradlens.vsix');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', ...opts });
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}: ${(r.stdout + r.stderr).slice(-1500)}`,
    );
  return r.stdout + r.stderr;
}

export async function runVsix({ codeServer, chromium }) {
  const results = [];
  const screenshots = [];
  const scope = new Scope();
  let blocked;
  const step = async (name, fn) => {
    if (blocked) {
      results.push({ phase: PHASE, name, ok: false, ms: 0, error: `not run: ${blocked}` });
      return;
    }
    if (!(await check(results, PHASE, name, fn))) blocked = `"${name}" failed`;
  };
  let state;
  let installed;
  try {
    state = makeState(scope, 'vsix');

    await step('npm run package builds dist/gradlens.vsix', async () => {
      const before = existsSync(VSIX) ? statSync(VSIX).mtimeMs : 0;
      run('npm', ['run', '--silent', 'package']);
      assert(existsSync(VSIX) && statSync(VSIX).mtimeMs > before, `${VSIX} was not (re)written`);
      const listing = run('unzip', ['-Z1', VSIX]).split('\n');
      for (const want of [
        'extension/package.json',
        'extension/dist/extension.js',
        'extension/dist/worker.js',
        'extension/dist/webview.js',
      ])
        assert(listing.includes(want), `the vsix lacks ${want}`);
      const strays = listing.filter((f) => /^extension\/(src|test|node_modules)\/|\.map$/.test(f));
      assert(strays.length === 0, `the vsix carries ${strays.slice(0, 5).join(', ')}`);
      return `${(statSync(VSIX).size / 1024).toFixed(0)} KB, ${listing.filter(Boolean).length} entries`;
    });

    await step(
      'code-server --install-extension installs the vsix (bundle only, no src/)',
      async () => {
        const out = run(
          codeServer,
          [
            '--install-extension',
            VSIX,
            '--extensions-dir',
            state.extensions,
            '--user-data-dir',
            state.userData,
          ],
          {
            env: { ...process.env, ...state.xdg },
          },
        );
        assert(/successfully installed/i.test(out), `install said: ${out.slice(-400)}`);
        const dir = readdirSync(state.extensions).find((d) => d.startsWith(`${EXTENSION_ID}-`));
        assert(
          dir,
          `no ${EXTENSION_ID}-* in ${state.extensions}: ${readdirSync(state.extensions).join(', ')}`,
        );
        installed = join(state.extensions, dir);
        for (const f of ['package.json', 'dist/extension.js', 'dist/worker.js', 'dist/webview.js'])
          assert(existsSync(join(installed, f)), `installed extension lacks ${f}`);
        for (const f of ['src', 'test', 'node_modules', 'tsconfig.json'])
          assert(!existsSync(join(installed, f)), `installed extension has ${f}`);
        return `${dir}: ${readdirSync(installed).join(', ')}`;
      },
    );

    let page;
    let messages;
    await step('installed extension (no development path) reports the shape error', async () => {
      const server = await startServer(scope, codeServer, state);
      ({ page, messages } = await launchBrowser(scope, chromium, state));
      await openWorkbench(page, server.url()); // no payload: only the extensions dir
      await openFromExplorer(page, 'seed-question.md');
      const { box } = await errorSquiggle(page);
      const { row } = await problemsRow(page, /gradlens\.shape/);
      for (const want of ['m×n', 'X is k×l'])
        assert(
          row.includes(want),
          `Problems row lacks ${JSON.stringify(want)}: ${JSON.stringify(row)}`,
        );
      const { errors, label } = await statusProblems(page);
      assert(errors >= 1, `status bar says ${JSON.stringify(label)}`);
      // The server loaded no development extension: what ran is the installed copy.
      const serverLog = readFileSync(state.serverLog, 'utf8');
      assert(
        !/development extension/i.test(serverLog),
        'code-server loaded a development extension',
      );
      const shot = join(ARTIFACTS, 'vsix-workbench.png');
      await page.screenshot({ path: shot });
      screenshots.push(shot);
      log(`screenshot ${shot}`);
      return `squiggle ${Math.round(box.width)} px wide; status bar "${label}"; "${row.slice(0, 50)}…"`;
    });

    await step(
      'installed extension: the panel (bundled webview.js + KaTeX) shows the claims',
      async () => {
        const panel = await showPanel(page);
        const claims = await readClaims(panel);
        assert(
          claims.some((c) => c.verdict === 'shape-error' && c.line === 5),
          `claims: ${JSON.stringify(claims)}`,
        );
        await panel.locator('#gl-claims [role="option"][data-verdict="shape-error"]').click();
        // KaTeX rendered the claim (its fonts and CSS come from the vsix's dist/katex).
        const katex = panel.locator('#gl-detail .katex');
        await katex.first().waitFor({ timeout: 30_000 });
        const bad = unexpected(messages);
        assert(
          bad.length === 0,
          `${bad.length} unexpected console messages: ${bad.map(describe).join(' | ')}`,
        );
        return `${claims.length} claims, KaTeX rendered ${await katex.count()} formula(s), no console errors`;
      },
    );
  } catch (e) {
    results.push({
      phase: PHASE,
      name: 'harness',
      ok: false,
      ms: 0,
      error: String(e?.message ?? e),
    });
  } finally {
    if (state) saveLogs(state, PHASE);
    await scope.close();
  }
  return { results, screenshots, installed };
}

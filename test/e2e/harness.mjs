// The machinery every e2e phase shares: install, throwaway state folders, code-server in its
// own process group, chromium through playwright-core, and cleanup (also on failure/signals).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = process.env.GRADLENS_E2E_CACHE || join(ROOT, '.cache/e2e');
export const CS_VERSION = process.env.CS_VERSION || '4.100.3';
export const PW_VERSION = process.env.PW_VERSION || '1.65.1';
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, '.artifacts/e2e');
export const EXTENSION_ID = 'gradlens.gradlens';

const t0 = Date.now();
export const secs = (from) => `${((Date.now() - from) / 1000).toFixed(1)}s`;
export const log = (...a) => console.log(`[e2e ${secs(t0)}]`, ...a);
export const sinceStart = () => secs(t0);

// ── timings and results ─────────────────────────────────────────────────────────────────────

export const timings = [];
export async function time(label, fn) {
  const s = Date.now();
  try {
    return await fn();
  } finally {
    timings.push(`${label}: ${secs(s)}`);
    log(`${label} took ${secs(s)}`);
  }
}

/** Runs one named check; its return value is the detail line. Never throws. */
export async function check(results, phase, name, fn) {
  const s = Date.now();
  try {
    const detail = await fn();
    results.push({ phase, name, ok: true, ms: Date.now() - s, detail: detail || undefined });
    log(`ok   ${phase}: ${name}`);
    return true;
  } catch (e) {
    // Playwright's first line says only "Timeout …"; its call log names what it waited for.
    const lines = String(e?.message ?? e)
      // eslint-disable-next-line no-control-regex -- strips the call log's ANSI colours
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n');
    const waited = lines.find((l) => /waiting for/.test(l))?.trim();
    const error = waited && !lines[0].includes(waited) ? `${lines[0]} (${waited})` : lines[0];
    results.push({ phase, name, ok: false, ms: Date.now() - s, error });
    log(`FAIL ${phase}: ${name}: ${e?.message ?? e}`);
    return false;
  }
}

export function assert(value, message) {
  if (!value) throw new Error(message);
}

// ── cleanup: a stack of closers; a phase closes its own scope, signals close everything ───────

const scopes = new Set();
export class Scope {
  constructor() {
    this.closers = [];
    scopes.add(this);
  }
  defer(fn) {
    this.closers.push(fn);
  }
  async close() {
    scopes.delete(this);
    for (const fn of this.closers.splice(0).reverse()) {
      try {
        await fn();
      } catch {
        /* best effort */
      }
    }
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    void Promise.all([...scopes].map((s) => s.close())).then(() => process.exit(130));
  });
}

// ── processes ───────────────────────────────────────────────────────────────────────────────

export function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return r;
}

/** SIGTERM to the whole process group, SIGKILL after 5 s. */
export async function stopGroup(child) {
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

// ── install ─────────────────────────────────────────────────────────────────────────────────

/** code-server + playwright-core into CACHE (a no-op when cached). */
export function install() {
  sh('bash', [join(ROOT, 'test/e2e/install-code-server.sh')], {
    env: { ...process.env, GRADLENS_E2E_CACHE: CACHE, CS_VERSION, PW_VERSION },
  });
  const codeServer = join(CACHE, `code-server-${CS_VERSION}/node_modules/.bin/code-server`);
  const { chromium } = createRequire(join(CACHE, `playwright-core-${PW_VERSION}/`))(
    'playwright-core',
  );
  return { codeServer, chromium };
}

// ── state: a throwaway folder per phase ─────────────────────────────────────────────────────

export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.tips.enabled': false,
  'git.enabled': false,
  'files.autoSave': 'off',
  // The Chat/Copilot welcome views would otherwise take screen space in screenshots.
  'chat.commandCenter.enabled': false,
};

/** Workspace (a fresh copy of examples/), user data, extensions dir, XDG dirs, config. */
export function makeState(scope, name) {
  const dir = mkdtempSync(join(tmpdir(), `gradlens-e2e-${name}-`));
  scope.defer(() => rmSync(dir, { recursive: true, force: true }));
  const state = {
    dir,
    workspace: join(dir, 'workspace'),
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    config: join(dir, 'config.yaml'),
    serverLog: join(dir, 'server.log'),
    settingsFile: join(dir, 'user-data/User/settings.json'),
    // Keep code-server and chromium from writing into $HOME.
    xdg: {
      XDG_CONFIG_HOME: join(dir, 'xdg/config'),
      XDG_DATA_HOME: join(dir, 'xdg/data'),
      XDG_CACHE_HOME: join(dir, 'xdg/cache'),
    },
  };
  cpSync(join(ROOT, 'examples'), state.workspace, { recursive: true });
  mkdirSync(join(state.userData, 'User'), { recursive: true });
  mkdirSync(state.extensions, { recursive: true });
  writeSettings(state);
  writeFileSync(state.config, 'auth: none\ncert: false\n'); // an empty file is rejected as invalid
  return state;
}

/** Writes the user settings (read when the workbench loads; code-server 4.100.3 did not reload them live). */
export function writeSettings(state, extra = {}) {
  writeFileSync(state.settingsFile, JSON.stringify({ ...BASE_SETTINGS, ...extra }, null, 2));
}

/** Copies code-server's log and VS Code's logs of a phase into .artifacts/e2e/<phase>/. */
export function saveLogs(state, phase) {
  const to = join(ARTIFACTS, phase);
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const [from, name] of [
    [state.serverLog, 'server.log'],
    [join(state.userData, 'logs'), 'logs'],
  ]) {
    try {
      cpSync(from, join(to, name), { recursive: true });
    } catch {
      /* none */
    }
  }
  return to;
}

// ── code-server ─────────────────────────────────────────────────────────────────────────────

/** Starts code-server on a free port in its own process group; stopped when `scope` closes. */
export async function startServer(scope, codeServer, state, env = {}) {
  const port = await freePort();
  const out = openSync(state.serverLog, 'w');
  const child = spawn(
    codeServer,
    [
      '--config',
      state.config,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      state.userData,
      '--extensions-dir',
      state.extensions,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...state.xdg, ...env } },
  );
  scope.defer(() => stopGroup(child));
  await waitHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  log(`code-server ${CS_VERSION} pid ${child.pid} on 127.0.0.1:${port}`);
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  /** The workbench URL; code-server's CLI rejects --extensionDevelopmentPath, only the payload works. */
  const url = (payload) =>
    `http://127.0.0.1:${port}/?folder=${encodeURIComponent(state.workspace)}` +
    (payload?.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '');
  return { port, child, remote, url };
}

// ── chromium ────────────────────────────────────────────────────────────────────────────────

/**
 * Headless Debian chromium with a throwaway profile. Console messages of every frame
 * (workbench, webview host frames, the webview page) and uncaught errors land in `messages`.
 */
export async function launchBrowser(scope, chromium, state) {
  const profile = join(state.dir, 'chromium-profile');
  mkdirSync(profile, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, ...state.xdg },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
    ],
  });
  scope.defer(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  const messages = [];
  page.on('console', (m) =>
    messages.push({ type: m.type(), text: m.text(), url: m.location()?.url ?? '' }),
  );
  page.on('pageerror', (e) =>
    messages.push({ type: 'pageerror', text: String(e?.stack ?? e), url: '' }),
  );
  return { context, page, messages };
}

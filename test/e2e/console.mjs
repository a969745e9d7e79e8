// What the browser said while the workbench ran: errors from any frame (the workbench, the
// webview's host frame, the GradLens page) and Content-Security-Policy violations.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Known-benign workbench noise, each with why it is benign. Matched against errors only;
 * nothing here can match a message from the GradLens webview or a CSP report.
 */
export const BENIGN = [
  {
    why: 'code-server does not ship Microsoft\'s closed-source "vsda" module; the workbench probes for it and gets a 404',
    test: (m) => /\/node_modules\/vsda\//.test(m.url) && /status of 404/.test(m.text),
  },
  {
    why: "the machine has no internet: code-server's extension gallery (open-vsx.org) cannot be resolved",
    test: (m) => /^https:\/\/open-vsx\.org\//.test(m.url) || /ENOTFOUND open-vsx\.org/.test(m.text),
  },
  {
    why:
      'the theme picker saves settings.json; the workbench gives the extension host 1750 ms to answer ' +
      'onWillSaveTextDocument and saves anyway when a loaded 2-core machine is slower (seen once in ~8 runs)',
    test: (m) =>
      /^Error: Aborted onWillSaveTextDocument-event after \d+ms$/.test(
        m.text.replace(/^%c\s+ERR\s+color: #f33\s+/, ''),
      ),
  },
];

/** Console lines from the webview: its host frame (pre/index.html, fake.html) or its resources. */
export const isWebview = (m) =>
  /\/webview\/browser\/pre\/|vscode-resource|vscode-cdn\.net/.test(m.url);
export const isCsp = (m) => /Content Security Policy|securitypolicyviolation/i.test(m.text);
const isError = (m) => m.type === 'error' || m.type === 'pageerror';

/** Errors and CSP reports that no BENIGN entry explains (CSP reports and webview errors never are). */
export function unexpected(messages, ignore = () => false) {
  return messages.filter((m) => {
    if (ignore(m)) return false;
    if (isCsp(m)) return true;
    if (!isError(m)) return false;
    if (isWebview(m)) return true;
    return !BENIGN.some((b) => b.test(m));
  });
}

export const describe = (m) => `${m.type} [${m.url.slice(0, 90)}] ${m.text.slice(0, 240)}`;

/** The GradLens output channel's log file(s) under a user-data dir. */
export function gradlensLog(userData) {
  const logs = join(userData, 'logs');
  if (!existsSync(logs)) return '';
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'GradLens.log') out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(logs);
  return out.join('\n');
}

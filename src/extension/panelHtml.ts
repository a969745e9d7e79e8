// The panel's HTML, built as a pure function so that plain-Node tests can check its CSP
// without VS Code. The page itself is a shell: one module script (dist/webview.js, which
// carries @vscode-elements/elements and KaTeX), the KaTeX stylesheet and fonts copied into
// dist/katex, and media/panel.css. Nothing loads from the network and nothing runs inline.
import { randomBytes } from 'node:crypto';

export interface PanelResources {
  /** webview.cspSource: the origin VS Code serves local resources from. */
  cspSource: string;
  /** asWebviewUri(dist/webview.js). */
  scriptUri: string;
  /** asWebviewUri of each stylesheet, in order (KaTeX first, so the panel's own rules win). */
  styleUris: string[];
  title: string;
}

/** 128 random bits, base64url: a fresh one for every render of the HTML. */
export function createNonce(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * `default-src 'none'` and then only what the page needs: its one script by nonce, styles and
 * fonts from the extension's own files (plus nonce'd style elements, which the page does not
 * use today but which lit falls back to where constructable stylesheets are missing), images
 * from local files and data: URIs.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function buildPanelHtml(resources: PanelResources, nonce: string = createNonce()): string {
  if (!/^[A-Za-z0-9_-]{16,}$/.test(nonce))
    throw new Error('a nonce must be at least 16 base64url characters');
  const csp = contentSecurityPolicy(resources.cspSource, nonce);
  const styles = resources.styleUris
    .map((href) => `    <link rel="stylesheet" href="${escapeAttribute(href)}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <title>${escapeText(resources.title)}</title>
${styles}
  </head>
  <body>
    <main id="gradlens-root" aria-busy="true">
      <p class="gl-muted">Loading GradLens…</p>
    </main>
    <script type="module" nonce="${nonce}" src="${escapeAttribute(resources.scriptUri)}"></script>
  </body>
</html>
`;
}

// Copies what the panel's page loads besides dist/webview.js into dist/, so that it works
// offline from the extension's own files: KaTeX's stylesheet and its fonts. The fonts are
// the woff2 files only: KaTeX's @font-face lists woff2 first, and VS Code's Chromium reads it,
// so the woff and ttf fallbacks would never be fetched. Fails loudly if the stylesheet names a
// woff2 file that is not there (a KaTeX upgrade that renamed its fonts).
//
// Usage: node scripts/copy-webview-assets.mjs   (run by the build; idempotent)
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
// katex's "exports" hides package.json; resolve its main file and walk up to dist/.
const katexDist = dirname(require.resolve('katex'));
const out = join(root, 'dist', 'katex');
mkdirSync(join(out, 'fonts'), { recursive: true });

copyFileSync(join(katexDist, 'katex.min.css'), join(out, 'katex.min.css'));

const fonts = readdirSync(join(katexDist, 'fonts')).filter((name) => name.endsWith('.woff2'));
for (const name of fonts) copyFileSync(join(katexDist, 'fonts', name), join(out, 'fonts', name));

const css = readFileSync(join(out, 'katex.min.css'), 'utf8');
const wanted = new Set([...css.matchAll(/url\(fonts\/([^)]+\.woff2)\)/g)].map((m) => m[1]));
const missing = [...wanted].filter((name) => !fonts.includes(name));
if (wanted.size === 0 || missing.length > 0) {
  console.error(
    `copy-webview-assets: KaTeX's stylesheet wants fonts that are not there: ${missing.join(', ') || '(no woff2 url found)'}`,
  );
  process.exit(1);
}
console.log(`copy-webview-assets: dist/katex (katex.min.css, ${fonts.length} woff2 fonts)`);

// One build script for every bundle. `--watch` rebuilds on change, `--production` minifies.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

/** @type {esbuild.BuildOptions[]} */
const entries = [
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    define: {
      GRADLENS_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version),
    },
  },
];

// Entries that later issues add (extension, worker, webview) join the list only once their
// source exists, so the build never fails on a piece that is not written yet.
const optional = [
  {
    entryPoints: ['src/extension/main.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    entryPoints: ['src/worker/main.ts'],
    outfile: 'dist/worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  },
];
for (const entry of optional) {
  if (existsSync(entry.entryPoints[0])) entries.push({ ...common, ...entry });
}

// KaTeX's stylesheet and woff2 fonts for the panel → dist/katex (loaded from local resources).
if (existsSync('webview/main.ts')) await import('./scripts/copy-webview-assets.mjs');

if (watch) {
  for (const options of entries) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(entries.map((options) => esbuild.build(options)));
  chmodSync('dist/cli.js', 0o755);
}

// Expands the paths given on the command line into the files GradLens reads.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { languageOfPath } from '../core/document';
import { isExcluded } from '../core/glob';

const SKIPPED_FOLDERS = new Set([
  'node_modules',
  '.git',
  'dist',
  'out',
  '.cache',
  '.ipynb_checkpoints',
  '.venv',
  '__pycache__',
]);

export class MissingPathError extends Error {}

/**
 * The files to read for `paths`. `exclude` (globs, as `--exclude`) applies to what is found in
 * a folder: a file's path relative to that folder, or as printed (folder/relative), matching a
 * glob (or a folder on the way matching one) leaves it out. A file named on the command line
 * is always read: you asked for it.
 */
export function collectFiles(paths: string[], exclude: readonly string[] = []): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      throw new MissingPathError(`no such file or folder: ${path}`);
    }
    if (stats.isDirectory()) walk(path, '', files, exclude);
    else files.push(path); // an explicit file is read whatever its extension says
  }
  return files;
}

function walk(root: string, relative: string, files: string[], exclude: readonly string[]): void {
  const folder = relative ? join(root, relative) : root;
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const entry of entries) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    const path = join(root, rel);
    if (exclude.length > 0 && (isExcluded(rel, exclude) || isExcluded(path, exclude))) continue;
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.'))
        walk(root, rel, files, exclude);
    } else if (entry.isFile() && languageOfPath(entry.name)) {
      files.push(path);
    }
  }
}

// Expands the paths given on the command line into the files GradLens reads.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { languageOfPath } from '../core/document';

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

export function collectFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      throw new MissingPathError(`no such file or folder: ${path}`);
    }
    if (stats.isDirectory()) walk(path, files);
    else files.push(path); // an explicit file is read whatever its extension says
  }
  return files;
}

function walk(folder: string, files: string[]): void {
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) walk(path, files);
    } else if (entry.isFile() && languageOfPath(entry.name)) {
      files.push(path);
    }
  }
}

// Expands the paths given on the command line into the files GradLens reads, and the paths it
// could not read (one line each; the run goes on). Folders are walked with an explicit stack,
// so no depth of nesting can overflow anything; symbolic links are followed, and every file and
// folder is visited once by its real path, so a link to a note is checked once and a link to
// an enclosing folder is no loop.
import type { Dirent, Stats } from 'node:fs';
import { join } from 'node:path';
import { languageOfPath } from '../core/document';
import { isExcluded } from '../core/glob';
import { nodeFileSystem, systemReason, type CliFileSystem } from './fileSystem';

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

/** A file to read, or a path that could not be read with the one-line reason. */
export interface FoundPath {
  path: string;
  problem?: string;
}

/**
 * The files to read for `paths`, in order. `exclude` (globs, as `--exclude`) applies to what
 * is found in a folder: a file's path relative to that folder, or as printed
 * (folder/relative), matching a glob (or a folder on the way matching one) leaves it out. A
 * file named on the command line is always read: you asked for it (whatever its extension;
 * reading reports what is not a regular file). A path that does not exist is a usage error.
 */
export function collectFiles(
  paths: string[],
  exclude: readonly string[] = [],
  fs: CliFileSystem = nodeFileSystem,
): FoundPath[] {
  const walker = new Walker(fs, exclude);
  for (const path of paths) {
    let stats: Stats;
    try {
      stats = fs.stat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new MissingPathError(`no such file or folder: ${path}`);
      walker.found.push({ path, problem: `cannot read it: ${systemReason(error)}` });
      continue;
    }
    if (stats.isDirectory()) walker.walk(path);
    else walker.addFile(path);
  }
  return walker.found;
}

interface Folder {
  relative: string;
  entries: Dirent[];
  next: number;
}

class Walker {
  readonly found: FoundPath[] = [];
  private readonly seenFiles = new Set<string>();
  private readonly seenFolders = new Set<string>();

  constructor(
    private readonly fs: CliFileSystem,
    private readonly exclude: readonly string[],
  ) {}

  /** A file, once by its real path (a link to it and the file itself are one note). */
  addFile(path: string): void {
    let real = path;
    try {
      real = this.fs.realpath(path);
    } catch {
      // reading the file says what is wrong with it
    }
    if (this.seenFiles.has(real)) return;
    this.seenFiles.add(real);
    this.found.push({ path });
  }

  /** Depth first, entries sorted by name, as a recursive walk would list them. */
  walk(root: string): void {
    const stack: Folder[] = [];
    const enter = (relative: string) => {
      const folder = relative ? join(root, relative) : root;
      try {
        const real = this.fs.realpath(folder);
        if (this.seenFolders.has(real)) return; // a link to a folder already walked, or a loop
        this.seenFolders.add(real);
        const entries = this.fs.readdir(folder).sort((a, b) => a.name.localeCompare(b.name));
        stack.push({ relative, entries, next: 0 });
      } catch (error) {
        this.found.push({
          path: folder,
          problem: `cannot read the folder: ${systemReason(error)}`,
        });
      }
    };
    enter('');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next >= top.entries.length) {
        stack.pop();
        continue;
      }
      const entry = top.entries[top.next++];
      const relative = top.relative ? `${top.relative}/${entry.name}` : entry.name;
      const path = join(root, relative);
      if (
        this.exclude.length > 0 &&
        (isExcluded(relative, this.exclude) || isExcluded(path, this.exclude))
      )
        continue;
      const isNote = languageOfPath(entry.name) !== undefined;
      let kind: Dirent | Stats = entry;
      if (entry.isSymbolicLink()) {
        try {
          kind = this.fs.stat(path);
        } catch (error) {
          // A dangling link is worth a line only where a note was expected.
          if (isNote) this.found.push({ path, problem: `cannot read it: ${systemReason(error)}` });
          continue;
        }
      }
      if (kind.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) enter(relative);
      } else if (isNote) {
        // FIFOs, sockets and devices named like notes are listed: reading says what they are.
        this.addFile(path);
      }
    }
  }
}

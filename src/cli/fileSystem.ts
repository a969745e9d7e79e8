// The few file-system calls the CLI makes, behind one interface, so a test can make a path
// unreadable even when it runs as root (where chmod 000 does not stop a read).
import * as fs from 'node:fs';

export interface CliFileSystem {
  /** Follows symbolic links. */
  stat(path: string): fs.Stats;
  realpath(path: string): string;
  readdir(path: string): fs.Dirent[];
  /** Opens for reading without blocking, so a FIFO swapped in after `stat` cannot hang us. */
  open(path: string): number;
  fstat(fd: number): fs.Stats;
  read(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  close(fd: number): void;
}

export const nodeFileSystem: CliFileSystem = {
  stat: (path) => fs.statSync(path),
  realpath: (path) => fs.realpathSync.native(path),
  readdir: (path) => fs.readdirSync(path, { withFileTypes: true }),
  open: (path) => fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK),
  fstat: (fd) => fs.fstatSync(fd),
  read: (fd, buffer, offset, length) => fs.readSync(fd, buffer, offset, length, null),
  close: (fd) => fs.closeSync(fd),
};

/** An error as the system gives it (code EACCES …), for paths a test says are unreadable. */
export function permissionDenied(syscall: string, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`EACCES: permission denied, ${syscall} '${path}'`);
  error.code = 'EACCES';
  error.syscall = syscall;
  error.path = path;
  return error;
}

/** `base` where reading the folders and files in `unreadable` fails as a permission would. */
export function withUnreadable(
  base: CliFileSystem,
  unreadable: ReadonlySet<string>,
): CliFileSystem {
  return {
    ...base,
    readdir(path) {
      if (unreadable.has(path)) throw permissionDenied('scandir', path);
      return base.readdir(path);
    },
    open(path) {
      if (unreadable.has(path)) throw permissionDenied('open', path);
      return base.open(path);
    },
  };
}

/** An error the system gave (it has a code such as EACCES), not a bug of ours. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

/** The message of a system error without the path the line already shows. */
export function systemReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code === 'string') {
    const reasons: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      ENOENT: 'no such file (a broken link?)',
      ENAMETOOLONG: 'path too long for the system',
      ELOOP: 'too many levels of symbolic links',
      EISDIR: 'is a folder',
      EAGAIN: 'would block',
    };
    return `${reasons[e.code] ?? e.message} (${e.code})`;
  }
  return e instanceof Error ? e.message : String(error);
}

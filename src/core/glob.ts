// Exclude globs, as VS Code's `files.exclude` and cSpell's `ignorePaths` write them, matched
// against a `/`-separated path relative to a folder (the workspace folder in the editor, the
// folder given on the command line in the CLI):
//   *      any characters but `/`          **   any number of folders (also none)
//   ?      one character but `/`           {a,b}  either      [abc] [a-z] [!a]  a class
// A pattern that matches a folder excludes everything in it (`drafts`, `**/scratch`), and a
// pattern is matched against the whole relative path (`notes/*.md` is not `x/notes/a.md`;
// write `**/notes/*.md` for that). Pure: no `node:` import, so the editor and the CLI share it.

const cache = new Map<string, RegExp>();

/** The regular expression of one glob (anchored; cached). */
export function globToRegExp(glob: string): RegExp {
  const known = cache.get(glob);
  if (known) return known;
  const pattern = normalize(glob);
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/';
        const atEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
        if (atStart && atEnd) {
          // `**/` : zero or more folders; a final `**`: anything below.
          if (pattern[i + 2] === '/') {
            out += '(?:[^/]*(?:/[^/]*)*/)?';
            i += 2;
          } else {
            out += '.*';
            i += 1;
          }
          continue;
        }
        i += 1; // `a**b` is `a*b`
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let body = pattern.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else out += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  out += ')'.repeat(braces); // an unclosed `{` closes at the end
  let regex: RegExp;
  try {
    regex = new RegExp(`^${out}$`);
  } catch {
    regex = /(?!)/; // a pattern that cannot be read matches nothing
  }
  if (cache.size > 500) cache.clear();
  cache.set(glob, regex);
  return regex;
}

/** True when `path` (relative, `/`-separated) or a folder it is in matches one of the globs. */
export function isExcluded(path: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const parts = normalize(path).split('/');
  const regexes = globs.filter((g) => normalize(g) !== '').map(globToRegExp);
  for (let n = parts.length; n >= 1; n--) {
    const prefix = parts.slice(0, n).join('/');
    if (regexes.some((r) => r.test(prefix))) return true;
  }
  return false;
}

/** `./a/b/` → `a/b`, backslashes (Windows paths) → slashes. */
function normalize(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^(?:\.\/)+/, '')
    .replace(/\/+$/, '');
}

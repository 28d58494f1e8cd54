/**
 * Ignore patterns as the reference tool applies them (Python pathspec, "gitwildmatch": gitignore rules), relative to
 * the MHL root. Supported: `*`, `?`, `[...]`, `**`, a trailing `/` for folders only, a leading or inner `/` anchoring
 * to the root, `!` to re-include, `#` comments. The last matching pattern wins, as in gitignore.
 */
import { DEFAULT_IGNORE_PATTERNS } from './model';

interface CompiledPattern {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

function globToRegexBody(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === glob.length) {
            out += '.*';
            i += 1;
          } else {
            out += '(?:.*/)?';
            i += 2; // swallow the slash
          }
          continue;
        }
        i += 1; // "a**b" behaves like "a*b"
      }
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      body = body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]');
      out += negated ? `[^/${body}]` : `[${body}]`;
      i = close;
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[i + 1]!);
      i += 1;
    } else {
      out += escapeRegex(c);
    }
  }
  return out;
}

function compile(raw: string): CompiledPattern | undefined {
  let p = raw.replace(/(?<!\\)\s+$/, '');
  if (p === '' || p.startsWith('#')) return undefined;
  let negate = false;
  if (p.startsWith('!')) {
    negate = true;
    p = p.slice(1);
  }
  let dirOnly = false;
  if (p.endsWith('/')) {
    dirOnly = true;
    p = p.replace(/\/+$/, '');
  }
  if (p === '') return undefined;
  const anchored = p.includes('/');
  p = p.replace(/^\/+/, '');
  const body = globToRegexBody(p);
  const regex = new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`, 's');
  return { regex, negate, dirOnly };
}

export interface IgnoreMatcher {
  readonly patterns: readonly string[];
  /** Whether `relPath` (relative to the root, '/'-separated) is ignored, itself or through an ignored parent folder. */
  ignores(relPath: string, isDirectory: boolean): boolean;
}

export function createIgnoreMatcher(patterns: readonly string[]): IgnoreMatcher {
  const compiled = patterns.map(compile).filter((c): c is CompiledPattern => c !== undefined);
  const matchOne = (path: string, isDir: boolean): boolean => {
    let ignored = false;
    for (const c of compiled) {
      if (c.dirOnly && !isDir) continue;
      if (c.regex.test(path)) ignored = !c.negate;
    }
    return ignored;
  };
  return {
    patterns,
    ignores(relPath, isDirectory) {
      const parts = relPath.split('/');
      for (let i = 1; i < parts.length; i++) {
        if (matchOne(parts.slice(0, i).join('/'), true)) return true;
      }
      return matchOne(relPath, isDirectory);
    },
  };
}

/**
 * The patterns a new generation records: the history's latest (or the defaults when it has none, as the reference
 * tool does), then the caller's, without duplicates.
 */
export function mergeIgnorePatterns(latest: readonly string[] | undefined, extra: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const p of [...(latest && latest.length > 0 ? latest : DEFAULT_IGNORE_PATTERNS), ...extra]) {
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * Paths as the UI handles them before the core sees them: it only accepts absolute paths, and a destination
 * inside the card (or the card inside a destination) is refused early, in plain words.
 */

/** `/Volumes/X`, `C:\X`, `C:/X`, `\\server\share`. */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/** Trims whitespace and surrounding quotes (a pasted "path with spaces") and trailing separators (not a root's). */
export function cleanPath(input: string): string {
  let p = input.trim();
  if (p.length >= 2 && ((p.startsWith('"') && p.endsWith('"')) || (p.startsWith("'") && p.endsWith("'")))) p = p.slice(1, -1).trim();
  while (p.length > 1 && /[\\/]$/.test(p) && !/^[A-Za-z]:[\\/]$/.test(p)) p = p.slice(0, -1);
  return p;
}

const sepOf = (p: string): string => (p.includes('\\') && !p.includes('/') ? '\\' : '/');

/** `parent` + `child` (a '/'-separated relative path), with the parent's own separator. */
export function joinPath(parent: string, child: string): string {
  const sep = sepOf(parent);
  const base = parent.endsWith('/') || parent.endsWith('\\') ? parent.slice(0, -1) : parent;
  return `${base}${sep}${sep === '/' ? child : child.split('/').join(sep)}`;
}

export function basename(p: string): string {
  const parts = p.split(/[\\/]+/).filter(Boolean);
  return parts.at(-1) ?? p;
}

/** True when `a` is `b` or lies inside it (component-wise, not string prefix: /a/bc is not inside /a/b). */
export function isSameOrInside(a: string, b: string): boolean {
  const norm = (p: string): string[] => cleanPath(p).split(/[\\/]+/).filter(Boolean);
  const pa = norm(a);
  const pb = norm(b);
  if (pb.length > pa.length) return false;
  return pb.every((c, i) => c === pa[i]);
}

/**
 * A path from a drop's `text/uri-list` (file managers put `file:///…` there; browsers hide the real path of a
 * dropped File). Undefined when there is no local file URI.
 */
export function pathFromUriList(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const uri = line.trim();
    if (!uri || uri.startsWith('#') || !uri.toLowerCase().startsWith('file://')) continue;
    try {
      const url = new URL(uri);
      if (url.host && url.host !== 'localhost') return `\\\\${url.host}${decodeURIComponent(url.pathname).replace(/\//g, '\\')}`;
      const path = decodeURIComponent(url.pathname);
      return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path;
    } catch {
      continue;
    }
  }
  return undefined;
}

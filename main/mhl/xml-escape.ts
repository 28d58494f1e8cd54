/**
 * Escaping for the XML we write. File names come from cards and drives and may hold anything a file system allows.
 *
 * - `& < > " '` are always escaped, in text and in attributes.
 * - Tab, LF and CR are written as character references: a parser normalises raw CR/LF in text and turns them into
 *   spaces in attributes, and a file name must come back byte for byte.
 * - Characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF, lone surrogates) are
 *   refused with an `unencodable-text` MhlError naming the offending code point: a manifest that silently renamed a
 *   file would no longer prove anything about it. The caller decides what to do with such a file.
 */
import { MhlError } from './errors';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

// Lone surrogates are matched by the `u` flag as single code points in the surrogate range. Matching control
// characters is this regex's whole purpose, hence the lint exception.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/u;

/** The first character XML 1.0 cannot carry, or undefined. */
export function findUnencodable(text: string): string | undefined {
  const m = FORBIDDEN.exec(text);
  return m ? m[0] : undefined;
}

export function describeCodePoint(ch: string): string {
  return 'U+' + (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Escapes `text` for use as element content or a double-quoted attribute value.
 * `what` and `file` only shape the error: e.g. what = `file name "Clips/a\u0001.wav"`.
 */
export function xmlEscape(text: string, what: string, file: string): string {
  const bad = findUnencodable(text);
  if (bad !== undefined) {
    throw new MhlError(
      'unencodable-text',
      file,
      `${what} contains ${describeCodePoint(bad)}, which XML 1.0 cannot carry; it cannot be recorded in an ASC MHL manifest`,
    );
  }
  return text.replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c] ?? c);
}

/** For messages: a name with control characters made visible. */
export function printable(text: string): string {
  return JSON.stringify(text);
}

/**
 * One free-text value (a project name, a roll typed on set) made into one folder name that every destination
 * filesystem accepts and that reads back as the same name: exFAT and NTFS shuttle drives are the strictest.
 */

const MAX_COMPONENT_BYTES = 255; // NAME_MAX on ext4/APFS; NTFS/exFAT allow 255 UTF-16 units, which is never fewer

// Characters Windows refuses in a name; '/' and '\' would also split the value into folders.
const FORBIDDEN = /[/\\:*?"<>|]/g;
// Unicode Cc: C0, DEL and C1. C1 was missing (found by tests/fuzz/names.fuzz.test.ts): U+0085 (NEL) or U+009B (CSI)
// typed or pasted into a roll name reached the folder name, and from there the terminal and the log lines showing it.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;
// A lone UTF-16 surrogate cannot be encoded; the filesystem layer would write U+FFFD, so say so up front.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Device names Windows resolves before the filesystem, with or without an extension ("nul.txt" is the null device).
// Windows 11 also reserves the superscript digits (COM¹…); they are included so a drive made here opens there.
const RESERVED_STEM = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i; // the same set as cardNameProblem (relpath.ts)

/**
 * Sanitises `value` into a single safe path component. Idempotent: a sanitised component is returned unchanged.
 * - lone surrogates become U+FFFD (what would reach the disk anyway)
 * - control characters are dropped (a pasted newline is noise, not intent); `/ \ : * ? " < > |` become `_`
 * - NFC, so the same name typed on macOS and Windows makes the same folder
 * - spaces trimmed at both ends and dots at the end (Windows strips trailing dots/spaces, so `A.` and `A` alias)
 * - at most 255 UTF-8 bytes, cut between code points
 * - a reserved device name gets `_` after its stem (`CON` → `CON_`, `nul.wav` → `nul_.wav`)
 * - empty becomes `_`, which also turns `.` and `..` into `_`
 */
export function toSafeComponent(value: string): string {
  let name = value.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '').replace(FORBIDDEN, '_').normalize('NFC');
  name = trimEnds(truncateUtf8(name, MAX_COMPONENT_BYTES));
  const dot = name.indexOf('.');
  const stem = dot === -1 ? name : name.slice(0, dot);
  // Windows also ignores spaces before the extension: "CON .txt" is the console.
  if (RESERVED_STEM.test(stem.trimEnd())) {
    name = trimEnds(truncateUtf8(`${stem}_${name.slice(stem.length)}`, MAX_COMPONENT_BYTES));
  }
  return name === '' ? '_' : name;
}

function trimEnds(name: string): string {
  return name.replace(/^ +/, '').replace(/[. ]+$/, '');
}

/** Longest prefix of whole code points within `maxBytes` of UTF-8, still NFC. */
function truncateUtf8(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name, 'utf8') <= maxBytes) return name;
  const codePoints = Array.from(name);
  let bytes = 0;
  let end = 0;
  for (const cp of codePoints) {
    const size = Buffer.byteLength(cp, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    end++;
  }
  let cut = codePoints.slice(0, end).join('');
  // Cutting inside a combining sequence can leave a prefix whose NFC differs; settle it within the limit.
  while (cut !== cut.normalize('NFC') || Buffer.byteLength(cut, 'utf8') > maxBytes) {
    cut = Array.from(cut.normalize('NFC')).slice(0, -1).join('');
  }
  return cut;
}

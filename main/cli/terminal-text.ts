/**
 * Text that came from a card or a drive (file names, symlink targets, reasons quoting them) on its way to a terminal.
 * A name is hostile input: an ESC or CSI in it could move the cursor, recolour or erase the verdict line, a newline
 * could forge a line of its own, a bidirectional override could reorder what the DIT reads. Such characters are
 * printed as visible escapes (`\x1b`, `\u202e`) instead; everything else, accents and emoji included, is unchanged.
 * `--json` needs none of this: JSON.stringify already escapes control characters.
 */
// Unicode Cc (C0, DEL, C1) and the bidirectional embedding, override and isolate controls.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * What the CLI prints of a card's or a drive's names (main/cli/terminal-text.ts): control characters and bidi
 * overrides become visible escapes, so a hostile name cannot act on the DIT's terminal; ordinary text is untouched.
 */
import { terminalSafe } from '../../main/cli/terminal-text';

describe('terminalSafe', () => {
  it('shows C0, DEL and C1 controls as \\xHH', () => {
    expect(terminalSafe('esc\x1b[2K\r.WAV')).toBe('esc\\x1b[2K\\x0d.WAV');
    expect(terminalSafe('new\nline\ttab\x00nul\x7fdel\u009bcsi')).toBe('new\\x0aline\\x09tab\\x00nul\\x7fdel\\x9bcsi');
  });

  it('shows bidirectional overrides and isolates as \\uHHHH', () => {
    expect(terminalSafe('take\u202eVAW.exe')).toBe('take\\u202eVAW.exe');
    expect(terminalSafe('\u2066a\u2069\u200f')).toBe('\\u2066a\\u2069\\u200f');
  });

  it('leaves accents, emoji, CJK and punctuation alone', () => {
    for (const s of ['Scène 1/take 2.WAV', 'Sce\u0300ne', '🎬 clap.WAV', 'テイク', 'a..b "q" \\ ✓ — …']) expect(terminalSafe(s)).toBe(s);
  });
});

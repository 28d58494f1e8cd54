/**
 * Collects the problems the reader worked around. Each message names the file, because warnings end up in logs and
 * reports far from the WavInfo they came with. A hostile file can repeat one problem thousands of times (10,000
 * duplicate chunks): past a few of each kind we count instead of listing.
 */
import type { WavWarning, WavWarningCode } from './types';

const MAX_PER_CODE = 20;

export class WarningSink {
  private readonly list: WavWarning[] = [];
  private readonly perCode = new Map<WavWarningCode, number>();

  constructor(readonly file: string) {}

  add(code: WavWarningCode, message: string): void {
    const n = (this.perCode.get(code) ?? 0) + 1;
    this.perCode.set(code, n);
    if (n <= MAX_PER_CODE) this.list.push({ code, message: `${message} (${this.file})` });
  }

  /** The warnings, with one summary line per kind that was cut short. */
  finish(): WavWarning[] {
    const out = [...this.list];
    for (const [code, n] of this.perCode) {
      if (n > MAX_PER_CODE) out.push({ code, message: `${n - MAX_PER_CODE} more "${code}" problems like the above (${this.file})` });
    }
    return out;
  }
}

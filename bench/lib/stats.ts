/** The few figures every benchmark reports the same way. */

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const mbPerSecond = (bytes: number, seconds: number): number => bytes / 1e6 / seconds;

/** How a goal reads in a table. */
export const met = (ok: boolean): string => (ok ? 'met' : 'MISSED');

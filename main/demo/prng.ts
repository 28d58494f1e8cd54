/**
 * Seeded randomness for the demo card: the same numbers on every machine and every run, so the card is the same bytes
 * every time. Integer arithmetic only (xorshift32 after a splitmix32 seed scramble); hot loops inline the same step
 * on a local int instead of calling `next()` (see `noiseStep`).
 */

/** xorshift32's step on an int32 state. Inline this shape in hot loops: `s ^= s << 13; s ^= s >>> 17; s ^= s << 5;` */
export function noiseStep(s: number): number {
  s ^= s << 13;
  s ^= s >>> 17;
  s ^= s << 5;
  return s | 0;
}

/** Scale from an int32 state to a float in [-0.5, 0.5). */
export const INT32_TO_UNIT = 1 / 2 ** 32;

/** FNV-1a over the parts' text: a stable 32-bit seed from names ("S01T02", "Ben", 3). */
export function seedOf(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('/')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private s: number;

  constructor(seed: number) {
    // splitmix32 spreads a small seed; xorshift must never start at 0.
    let t = (seed + 0x9e3779b9) | 0;
    t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
    t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
    t ^= t >>> 16;
    this.s = t | 0 || 0x2545f491;
  }

  /** The raw int32 state, for a hot loop that inlines `noiseStep`; hand it back with `resume`. */
  get state(): number {
    return this.s;
  }

  resume(state: number): void {
    this.s = state | 0 || 0x2545f491;
  }

  /** A float in [0, 1). */
  next(): number {
    this.s = noiseStep(this.s);
    return (this.s >>> 0) * INT32_TO_UNIT;
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Writes a card folder of random-content files: { 'DAY1/S01T01.WAV': 1_000_000, … } (sizes in bytes). */
export function makeCard(root: string, files: Record<string, number>): void {
  for (const [rel, size] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, randomBytes(size));
  }
}

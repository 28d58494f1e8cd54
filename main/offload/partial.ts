/**
 * Partial files: every copy is written under a temporary name beside its final one and only appears under the final
 * name once complete and fsynced. The temporary name is hidden (leading dot), short whatever the take's name (NAME_MAX
 * is 255 bytes), and carries one marker so a later run can find and remove what a crash left behind.
 */
import { randomBytes } from 'node:crypto';
import { opendir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const PARTIAL_SUFFIX = '.soundroll-partial';

export function partialPathFor(finalPath: string): string {
  const stem = basename(finalPath).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 48);
  return join(dirname(finalPath), `.${stem}.${randomBytes(4).toString('hex')}${PARTIAL_SUFFIX}`);
}

export function isPartialName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(PARTIAL_SUFFIX);
}

/**
 * Removes partial files under a roll folder (ours only, by name) and returns their paths. Iterative, never follows
 * symlinks: the roll folder is ours, but what is inside may not be.
 */
export async function sweepPartials(rollFolder: string): Promise<string[]> {
  const removed: string[] = [];
  const pending = [rollFolder];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await opendir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    for await (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && isPartialName(entry.name)) {
        await unlink(path);
        removed.push(path);
      }
    }
  }
  return removed;
}

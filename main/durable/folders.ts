/**
 * Creating the folders of a copy one level at a time below a folder that must already exist. `mkdir -p` is wrong
 * twice over on a copy path: it would quietly recreate a destination whose drive was just unplugged (on the system
 * disk, where the copy would then "verify"), and Node's recursive mkdir reports a read-only drive as ENOENT
 * (nodejs/node#47098), which would tell the DIT the wrong story.
 */
import { mkdir, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export async function makeFoldersBelow(base: string, target: string): Promise<void> {
  const rel = relative(base, target);
  if (rel === '') return;
  // `..A` is a name, not a climb: only a whole `..` component (or another drive) leaves `base`.
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) || resolve(base, rel) !== resolve(target)) throw new Error(`${target} is not below ${base}`);
  let current = base;
  for (const part of rel.split(sep)) {
    current = `${current}${sep}${part}`;
    try {
      await mkdir(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const st = await stat(current);
      if (!st.isDirectory()) throw Object.assign(new Error(`${current} exists and is not a folder`), { code: 'ENOTDIR' });
    }
  }
}

/**
 * Destination roots: checked before the job and watched during it. A destination root is never created by us —
 * a drive that is not mounted must fail, not turn into a folder on the system disk — and a root whose device changed
 * or vanished mid-job is reported as removed.
 */
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { describeError } from './errors';

export interface DestinationRoot {
  root: string; // as given
  real: string; // realpath at start
  dev: number;
}

export async function openDestinationRoot(root: string, sourceReal: string): Promise<DestinationRoot> {
  let real: string;
  try {
    real = await realpath(root);
  } catch (err) {
    throw new Error(describeError(err, `destination ${root} is not available (is the drive mounted?)`));
  }
  const st = await stat(real);
  if (!st.isDirectory()) throw new Error(`destination ${root} is not a folder`);
  if (isInside(real, sourceReal)) throw new Error(`destination ${root} is the card itself or inside it`);
  if (isInside(sourceReal, real) && sourceReal !== real) {
    // Copying a folder into its own parent is legal only if the roll folder cannot land inside the card; the
    // roll-folder check below catches the remaining case.
  }
  return { root, real, dev: st.dev };
}

export function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

/** Undefined when the root is still the same mounted folder; the reason otherwise. */
export async function destinationGone(d: DestinationRoot): Promise<string | undefined> {
  try {
    const st = await stat(d.real);
    if (st.dev !== d.dev) return `destination ${d.root} changed device during the job (drive unmounted?)`;
    return undefined;
  } catch (err) {
    return describeError(err, `destination ${d.root} disappeared during the job`);
  }
}

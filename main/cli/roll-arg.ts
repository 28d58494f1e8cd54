/** Finds the roll a command names, with the same messages everywhere: unknown roll, or a name used by two projects. */
import type { RollRow } from '../catalog';
import type { Services } from '../services';
import { UsageError } from './args';

/** The roll, or undefined after saying on stderr that there is none (the caller exits 3). */
export function resolveRoll(services: Services, command: string, name: string, project: string | undefined): RollRow | undefined {
  const rolls = services.catalog.rollByName(name, project);
  if (rolls.length === 0) {
    process.stderr.write(`soundroll ${command}: no roll named "${name}"${project ? ` in project "${project}"` : ''} in the catalog (see soundroll ls)\n`);
    return undefined;
  }
  if (rolls.length > 1) throw new UsageError(`roll "${name}" exists in ${rolls.length} projects (${rolls.map((r) => r.project).join(', ')}): add --project`);
  return rolls[0];
}

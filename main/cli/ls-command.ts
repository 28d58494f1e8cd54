/** `soundroll ls`: every roll in the catalog and how many verified copies of it exist where. */
import type { OpenServices } from './open-services';
import { EXIT, parse } from './args';
import { formatBytes } from '../../shared/format';

export const LS_HELP = `Usage: soundroll ls [--json] [--catalog <file>]

Lists the rolls in the catalog: files, size, and per destination how many files are
verified there and when a copy was last verified. A roll is "complete" on a destination
when every one of its files is verified there.

Options:
      --catalog <file>   catalog file (default: the user data folder; env SOUNDROLL_CATALOG)
      --json             print as JSON
  -h, --help             show this help`;

export async function lsCommand(argv: string[], openServices: OpenServices): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' }, catalog: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(LS_HELP + '\n');
    return EXIT.ok;
  }
  const services = openServices(values.catalog as string | undefined);
  try {
    const rolls = services.catalog.rollsOverview();
    if (values.json) {
      process.stdout.write(JSON.stringify(rolls, null, 2) + '\n');
      return EXIT.ok;
    }
    if (rolls.length === 0) {
      process.stdout.write('no rolls in the catalog yet\n');
      return EXIT.ok;
    }
    for (const r of rolls) {
      process.stdout.write(`${r.project} / ${r.roll}: ${r.files} files, ${formatBytes(r.bytes)}, ${r.completeCopies} complete verified ${r.completeCopies === 1 ? 'copy' : 'copies'}\n`);
      for (const d of r.destinations) {
        const last = d.lastVerifiedAt ? `last verified ${d.lastVerifiedAt}` : 'never verified';
        process.stdout.write(`  ${d.verified === r.files ? '✓' : '✗'} ${d.path}: ${d.verified}/${r.files} verified${d.failed ? `, ${d.failed} failed` : ''}, ${last}\n`);
      }
    }
    return EXIT.ok;
  } finally {
    await services.close();
  }
}

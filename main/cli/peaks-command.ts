/** `soundroll peaks <roll>`: builds (or confirms) the waveform peaks and QC of a roll's takes now, in the foreground. */
import type { AnalysisOutcome } from '../analysis';
import { EXIT, parse, UsageError } from './args';
import { AnalysisWatch, countOutcomes } from './analysis-progress';
import type { OpenServices } from './open-services';
import { ProgressLine } from './progress';
import { resolveRoll } from './roll-arg';

export const PEAKS_HELP = `Usage: soundroll peaks <roll> [options]
       soundroll peaks --id <take-id>

Decodes each take of the roll once (from a verified copy, never the card) into
min/max waveform peaks at 256, 1024, 4096 and 16384 samples per bin, cached beside
the catalog, and runs the QC on the same pass. Takes whose files have not changed
since their last analysis are left as they are. Offloads do this on their own,
behind the copy; this command is for rolls filed before, or after a drive swap.

Options:
      --project <name>   the roll's project (needed when two projects have that roll)
      --scene <s>        only this scene
      --take <t>         only this take number
      --id <n>           one take by its catalog id (soundroll takes --json shows ids)
      --force            decode again even when the cached peaks are current
      --catalog <file>   catalog file (default: the user data folder; env SOUNDROLL_CATALOG)
      --json             print one result per take as JSON
  -h, --help             show this help

Exit status: 0 every take has current peaks; 1 a take could not be analysed;
2 usage error; 3 unknown roll or take; 130 interrupted.`;

const OPTIONS = {
  project: { type: 'string' },
  scene: { type: 'string' },
  take: { type: 'string' },
  id: { type: 'string' },
  force: { type: 'boolean' },
  catalog: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function peaksCommand(argv: string[], openServices: OpenServices): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    process.stdout.write(PEAKS_HELP + '\n');
    return EXIT.ok;
  }
  const id = values.id === undefined ? undefined : Number(values.id);
  if (id !== undefined && !(Number.isInteger(id) && id > 0)) throw new UsageError(`--id wants a take id, got "${String(values.id)}"`);
  if (id === undefined && positionals.length !== 1) throw new UsageError('give one roll name (see soundroll ls), or --id <take-id>');
  if (id !== undefined && positionals.length > 0) throw new UsageError('give a roll or --id, not both');

  const services = openServices(values.catalog as string | undefined);
  try {
    let takeIds: number[];
    if (id !== undefined) {
      if (!services.catalog.takes.take(id)) {
        process.stderr.write(`soundroll peaks: no take with id ${id} in the catalog\n`);
        return EXIT.failed;
      }
      takeIds = [id];
    } else {
      const roll = resolveRoll(services, 'peaks', positionals[0]!, values.project as string | undefined);
      if (!roll) return EXIT.failed;
      takeIds = services.catalog.takes
        .takesOfRoll(roll.id, { scene: values.scene as string | undefined, take: values.take as string | undefined })
        .map((t) => t.id);
    }
    const watch = new AnalysisWatch(services.analysis);
    for (const takeId of takeIds) services.analysis.enqueueTake(takeId, { force: Boolean(values.force) });
    const outcomes = await watch.finish(new ProgressLine(), 'peaks');
    if (values.json) process.stdout.write(JSON.stringify(outcomes, null, 2) + '\n');
    else process.stdout.write(renderOutcomes(outcomes));
    const c = countOutcomes(outcomes);
    if (c.cancelled) return EXIT.interrupted;
    return c.failed ? EXIT.notVerified : EXIT.ok;
  } finally {
    await services.close();
  }
}

function renderOutcomes(outcomes: readonly AnalysisOutcome[]): string {
  const c = countOutcomes(outcomes);
  const lines = [`${outcomes.length} take${outcomes.length === 1 ? '' : 's'}: ${c.analysed} analysed, ${c.current} already current, ${c.failed} failed${c.cancelled ? `, ${c.cancelled} cancelled` : ''}`];
  for (const o of outcomes) {
    const qc = o.findings.error || o.findings.warning ? `  QC: ${o.findings.error} error(s), ${o.findings.warning} warning(s)` : '';
    const how = o.status === 'analysed' ? `analysed in ${(o.elapsedMs / 1000).toFixed(2)} s` : o.status;
    lines.push(`  ${o.label.padEnd(22)} ${how}${qc}${o.peaksFile ? `  ${o.peaksFile}` : ''}${o.message ? `  ${o.message}` : ''}`);
  }
  return lines.join('\n') + '\n';
}

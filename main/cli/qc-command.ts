/** `soundroll qc <roll>`: what the machine found in a roll's takes, worst first, so the mixer knows what to listen to. */
import { parseSeverity, severityRank, type QcSeverity } from '../../shared/qc';
import type { StoredFinding } from '../catalog';
import { EXIT, parse, UsageError } from './args';
import { AnalysisWatch } from './analysis-progress';
import type { OpenServices } from './open-services';
import { ProgressLine } from './progress';
import { resolveRoll } from './roll-arg';

export const QC_HELP = `Usage: soundroll qc <roll> [options]

Lists the QC findings of a roll, errors first: clipping, dead tracks, dropouts,
digital silence and DC offset per track, loudness (EBU R128) per take, and the
roll's metadata checks (sample rate, bit depth or frame rate that differ from the
rest of the roll, take numbers that repeat or skip within a scene, files whose
header promises more audio than they hold, files that could not be read).
Takes not analysed yet (or whose files changed) are analysed first.

Options:
      --project <name>     the roll's project (needed when two projects have that roll)
      --scene <s>          only this scene
      --take <t>           only this take number
      --severity <level>   show findings at or above: error, warning (default), info
      --no-analyse         list what is stored; do not analyse missing takes
      --catalog <file>     catalog file (default: the user data folder; env SOUNDROLL_CATALOG)
      --json               print the findings as JSON
  -h, --help               show this help

Exit status: 0 no error-level finding; 1 at least one error-level finding (or a
take could not be analysed); 2 usage error; 3 unknown roll; 130 interrupted.`;

const OPTIONS = {
  project: { type: 'string' },
  scene: { type: 'string' },
  take: { type: 'string' },
  severity: { type: 'string' },
  'no-analyse': { type: 'boolean' },
  catalog: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function qcCommand(argv: string[], openServices: OpenServices): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    process.stdout.write(QC_HELP + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('give one roll name (see soundroll ls)');
  const severityText = (values.severity as string | undefined) ?? 'warning';
  const minSeverity = parseSeverity(severityText);
  if (!minSeverity) throw new UsageError(`--severity wants error, warning or info, got "${severityText}"`);

  const services = openServices(values.catalog as string | undefined);
  try {
    const roll = resolveRoll(services, 'qc', positionals[0]!, values.project as string | undefined);
    if (!roll) return EXIT.failed;
    const selective = values.scene !== undefined || values.take !== undefined;
    const takes = services.catalog.takes.takesOfRoll(roll.id, { scene: values.scene as string | undefined, take: values.take as string | undefined });
    let failedAnalyses = 0;
    if (!values['no-analyse']) {
      const watch = new AnalysisWatch(services.analysis);
      const wanted = new Set(takes.map((t) => t.id));
      await services.analysis.enqueueRoll(roll.id, { only: wanted });
      const outcomes = await watch.finish(new ProgressLine(), 'qc');
      if (outcomes.some((o) => o.status === 'cancelled' && wanted.has(o.takeId))) return EXIT.interrupted;
      failedAnalyses = outcomes.filter((o) => o.status === 'failed' && wanted.has(o.takeId)).length;
    }
    const all = services.catalog.qc.findingsOfRoll(roll.id, selective ? { takeIds: takes.map((t) => t.id) } : {});
    const shown = all.filter((f) => severityRank(f.severity) >= severityRank(minSeverity));
    if (values.json) process.stdout.write(JSON.stringify(shown, null, 2) + '\n');
    else process.stdout.write(renderFindings(`${roll.project} / ${roll.name}`, takes.length, all, shown, minSeverity));
    return all.some((f) => f.severity === 'error') || failedAnalyses ? EXIT.notVerified : EXIT.ok;
  } finally {
    await services.close();
  }
}

const LABEL: Record<QcSeverity, string> = { error: 'ERROR', warning: 'WARNING', info: 'info' };

function renderFindings(title: string, takes: number, all: readonly StoredFinding[], shown: readonly StoredFinding[], min: QcSeverity): string {
  const count = (s: QcSeverity): number => all.filter((f) => f.severity === s).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const hidden = all.length - shown.length;
  const lines = [
    `${title}: QC of ${plural(takes, 'take')}: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info` +
      (hidden ? ` (${hidden} below ${min} not shown: --severity ${min === 'error' ? 'warning' : 'info'})` : ''),
  ];
  for (const f of shown) {
    const take = f.scene && f.take ? `${f.scene}/${f.take}` : f.takeKey ? f.takeKey.replace(/^[a-z]+:/, '').replace(/^.*\//, '') : '(roll)';
    const at = f.fromTc ?? f.startTc ?? '';
    lines.push(`${LABEL[f.severity].padEnd(8)} ${take.padEnd(10)} ${at.padEnd(11)}  ${f.message}`);
  }
  if (all.length === 0) lines.push('nothing found');
  return lines.join('\n') + '\n';
}

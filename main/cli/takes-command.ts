/** `soundroll takes <roll>`: the roll's takes in timecode order, as the mixer reads a sound report. */
import type { TakeFilter, TakeSummary } from '../catalog';
import type { OpenServices } from './open-services';
import { EXIT, parse, UsageError } from './args';
import { resolveRoll } from './roll-arg';

export const TAKES_HELP = `Usage: soundroll takes <roll> [options]

Lists the takes of a roll in timecode order: start and end timecode, scene and take,
duration, circled (●), flags, track names and the note, as the recorder wrote them
(bext/iXML) into the files verified by an offload.

Options:
      --project <name>   the roll's project (needed when two projects have that roll)
      --scene <s>        only this scene
      --take <t>         only this take number
      --search <text>    text in notes, scene, take or track names
      --circled          circled takes only
      --from <date>      recorded on or after YYYY-MM-DD
      --to <date>        recorded on or before YYYY-MM-DD
      --catalog <file>   catalog file (default: the user data folder; env SOUNDROLL_CATALOG)
      --json             print the takes (with tracks) as JSON
  -h, --help             show this help

Exit status: 0 listed (even when no take matches); 2 usage error; 3 unknown roll.`;

const OPTIONS = {
  project: { type: 'string' },
  scene: { type: 'string' },
  take: { type: 'string' },
  search: { type: 'string' },
  circled: { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  catalog: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function takesCommand(argv: string[], openServices: OpenServices): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    process.stdout.write(TAKES_HELP + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('give one roll name (see soundroll ls)');
  for (const flag of ['from', 'to'] as const) {
    const v = values[flag] as string | undefined;
    if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`--${flag} wants YYYY-MM-DD, got "${v}"`);
  }
  const services = openServices(values.catalog as string | undefined);
  try {
    const roll = resolveRoll(services, 'takes', positionals[0]!, values.project as string | undefined);
    if (!roll) return EXIT.failed;
    const filter: TakeFilter = {
      scene: values.scene as string | undefined,
      take: values.take as string | undefined,
      text: values.search as string | undefined,
      circledOnly: Boolean(values.circled),
      from: values.from as string | undefined,
      to: values.to as string | undefined,
    };
    const takes = services.catalog.takes.takesOfRoll(roll.id, filter);
    if (values.json) {
      const detailed = takes.map((t) => services.catalog.takes.take(t.id));
      process.stdout.write(JSON.stringify(detailed, null, 2) + '\n');
    } else {
      process.stdout.write(renderTakes(roll.project, roll.name, takes));
    }
    return EXIT.ok;
  } finally {
    await services.close();
  }
}

function renderTakes(project: string, roll: string, takes: TakeSummary[]): string {
  const lines = [`${project} / ${roll}: ${takes.length} take${takes.length === 1 ? '' : 's'}`];
  for (const t of takes) {
    const sceneTake = `${t.scene ?? '?'}/${t.take ?? '?'}`;
    const duration = t.durationSeconds !== null ? `${t.durationSeconds.toFixed(1)}s` : '';
    const flags = t.flags.length > 0 ? ` [${t.flags.join(', ')}]` : '';
    const format = [t.sampleRate ? `${t.sampleRate / 1000}k` : '', t.bitDepth ? `${t.bitDepth}${t.encoding === 'float' ? 'f' : ''}` : ''].filter(Boolean).join('/');
    lines.push(
      `${t.circled ? '●' : ' '} ${(t.startTc ?? '--:--:--:--').padEnd(11)} ${sceneTake.padEnd(10)} ${duration.padStart(7)} ${format.padEnd(9)} ${t.trackNames.join(', ')}${flags}${t.note ? `  "${t.note}"` : ''}`,
    );
  }
  return lines.join('\n') + '\n';
}

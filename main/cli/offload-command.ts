/** `soundroll offload <card> --dest <dir> [--dest <dir>…]`: the DIT's command. */
import { resolve } from 'node:path';
import { DEFAULT_HASH, parseHashList } from '../../shared/hashes';
import type { OffloadSummary } from '../../shared/offload';
import type { OpenServices } from './open-services';
import { DEFAULT_TEMPLATE } from '../offload/template';
import { EXIT, parse, UsageError } from './args';
import { formatBytes, formatElapsed } from '../../shared/format';
import { ProgressLine } from './progress';
import type { AnalysisOutcome } from '../analysis';
import { AnalysisWatch, countOutcomes } from './analysis-progress';
import { terminalSafe } from './terminal-text';

export const OFFLOAD_HELP = `Usage: soundroll offload <card> --dest <dir> [--dest <dir>…] [options]

Copies every file of <card> once to each destination, verifies every copy by reading it
back from the destination's disk, writes an ASC MHL generation in each roll folder and
logs every file in the catalog. Running the same command again resumes an interrupted
offload: verified copies are skipped, unfinished ones are redone.

Options:
  -d, --dest <dir>       a destination drive or folder (repeat for 2 or 3 drives)
      --hash <list>      hash algorithms, comma-separated: xxh128 (default), xxh64,
                         xxh3, md5, sha1, c4
      --project <name>   project name for the {project} token (default "Untitled")
      --roll <name>      roll name (default: the card's folder or volume name)
      --recorder <name>  recorder name for the {recorder} token
      --date <YYYY-MM-DD> date for the {date} token (default: today)
      --template <t>     roll folder under each destination
                         (default "${DEFAULT_TEMPLATE}"; tokens {project} {date}
                         {roll} {card} {recorder})
      --new-roll         a card already offloaded goes to a new roll (ROLL-2…)
                         instead of being skipped as a duplicate
      --catalog <file>   catalog file (default: the user data folder;
                         env SOUNDROLL_CATALOG)
      --no-previews      do not build waveforms and QC behind the copy (soundroll
                         peaks / qc do it later)
      --json             print the full result as JSON on stdout
  -h, --help             show this help

The verdict is printed as soon as the copies are verified; waveform previews and
QC of each take (read from a verified copy, never the card) finish after it and
do not change the exit status: see soundroll qc <roll>.

Exit status: 0 the card is safe to format (every file verified on every
destination); 1 something is not verified; 2 usage error; 3 could not run;
130 interrupted.`;

const OPTIONS = {
  dest: { type: 'string', short: 'd', multiple: true },
  hash: { type: 'string' },
  project: { type: 'string' },
  roll: { type: 'string' },
  recorder: { type: 'string' },
  date: { type: 'string' },
  template: { type: 'string' },
  'new-roll': { type: 'boolean' },
  'no-previews': { type: 'boolean' },
  catalog: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function offloadCommand(argv: string[], openServices: OpenServices): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    process.stdout.write(OFFLOAD_HELP + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'which card? give the card folder to offload' : `one card at a time, got ${positionals.length}`);
  const dests = (values.dest as string[] | undefined) ?? [];
  if (dests.length === 0) throw new UsageError('give at least one --dest (two or three drives are usual)');
  let hashes;
  try {
    hashes = parseHashList((values.hash as string | undefined) ?? DEFAULT_HASH);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const date = values.date as string | undefined;
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`--date wants YYYY-MM-DD, got "${date}"`);

  const previews = !values['no-previews'];
  const services = openServices(values.catalog as string | undefined, { analyseAfterOffload: previews });
  const progress = new ProgressLine();
  const watch = previews ? new AnalysisWatch(services.analysis) : undefined;
  try {
    const job = services.offload({
      source: resolve(positionals[0]!),
      destinations: dests.map((d) => resolve(d)),
      hashes,
      project: values.project as string | undefined,
      roll: values.roll as string | undefined,
      recorder: values.recorder as string | undefined,
      template: values.template as string | undefined,
      date,
      newRoll: Boolean(values['new-roll']),
    });
    let interrupts = 0;
    const onSigint = (): void => {
      interrupts++;
      if (interrupts === 1) {
        progress.clear();
        process.stderr.write('soundroll: cancelling — finishing the file in hand safely (Ctrl-C again to quit at once)\n');
        job.cancel();
      } else {
        process.exit(EXIT.interrupted);
      }
    };
    process.on('SIGINT', onSigint);
    let lastPhase = '';
    job.onProgress((p) => {
      if (progress.interactive) progress.offload(p);
      else if (p.phase !== lastPhase) process.stderr.write(`soundroll: ${p.phase}${p.filesTotal ? ` (${p.filesTotal} files, ${formatBytes(p.bytesTotal)} to copy)` : ''}\n`);
      lastPhase = p.phase;
    });
    let summary: OffloadSummary;
    try {
      summary = await job.result;
    } finally {
      process.off('SIGINT', onSigint);
      progress.clear();
    }
    if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    else process.stdout.write(renderSummary(summary));
    if (summary.cancelled) return EXIT.interrupted;
    if (watch) {
      // The card's fate is decided and printed; the previews only add to the catalog.
      const outcomes = await watch.finish(progress, 'previews');
      if (!values.json && outcomes.length) process.stdout.write(renderPreviews(summary.roll, outcomes));
    }
    return summary.safeToFormat ? EXIT.ok : EXIT.notVerified;
  } finally {
    await services.close();
  }
}

function renderPreviews(roll: string, outcomes: readonly AnalysisOutcome[]): string {
  const c = countOutcomes(outcomes);
  const errors = outcomes.reduce((n, o) => n + o.findings.error, 0);
  const warnings = outcomes.reduce((n, o) => n + o.findings.warning, 0);
  const failed = c.failed ? `, ${c.failed} could not be analysed` : '';
  const cancelled = c.cancelled ? `, ${c.cancelled} cancelled` : '';
  return `  waveforms and QC: ${c.analysed + c.current} take(s)${failed}${cancelled}; ${errors} error(s), ${warnings} warning(s) (soundroll qc ${roll})\n`;
}

export function renderSummary(s: OffloadSummary): string {
  const lines: string[] = [];
  const seconds = (Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000;
  lines.push(`${s.safeToFormat ? 'SAFE TO FORMAT' : 'NOT SAFE TO FORMAT'} — ${s.verdict}`);
  lines.push(`roll ${s.roll} (project ${s.project}), ${s.files.length} files, ${formatBytes(s.bytesRead)} read from the card in ${formatElapsed(seconds)}, hashes ${s.hashAlgorithms.join(', ')}`);
  for (const d of s.destinations) {
    const methods = new Set(s.files.flatMap((f) => f.copies.filter((c) => c.destination === d.root && c.method).map((c) => c.method)));
    const method = methods.size > 0 ? `read back by ${[...methods].join(' + ')}` : '';
    lines.push(`  ${d.root}: ${d.filesVerified} verified, ${d.filesFailed} failed  → ${d.rollPath || '(no roll folder)'}${method ? `  (${method})` : ''}`);
    if (d.manifest) lines.push(`    manifest ${d.manifest}`);
    if (d.error) lines.push(`    ERROR ${d.error}`);
  }
  const problems = s.files.filter((f) => f.error || f.copies.some((c) => c.status === 'failed'));
  for (const f of problems.slice(0, 50)) {
    if (f.error) lines.push(`  ✗ ${f.relativePath}: ${f.error}`);
    for (const c of f.copies.filter((c) => c.status === 'failed')) if (!f.error || !c.reason?.includes(f.error)) lines.push(`  ✗ ${f.relativePath} on ${c.destination}: ${c.reason}`);
  }
  if (problems.length > 50) lines.push(`  … and ${problems.length - 50} more files with problems (see --json)`);
  if (s.takesIndexed > 0) lines.push(`  ${s.takesIndexed} take${s.takesIndexed === 1 ? '' : 's'} filed in the catalog (soundroll takes ${s.roll})`);
  for (const m of s.metadataProblems) lines.push(`  ! ${m.relativePath}: metadata not read: ${m.message}`);
  for (const item of s.notCopied) lines.push(`  ✗ ${item.relativePath}: not copied (${item.kind}): ${item.detail}`);
  if (s.skippedLitter.length > 0) lines.push(`  left out as system litter: ${s.skippedLitter.length} item(s) (${s.skippedLitter.slice(0, 3).join(', ')}${s.skippedLitter.length > 3 ? ', …' : ''})`);
  // Names come from the card: one line each, with no character that could act on the terminal.
  return lines.map(terminalSafe).join('\n') + '\n';
}

/** `soundroll verify <dir>`: the producer's check of a backup drive against its MHL history and the catalog. */
import { resolve } from 'node:path';
import { parseHashList, type HashAlgorithm } from '../../shared/hashes';
import { formatBytes } from '../../shared/format';
import type { OpenServices } from './open-services';
import type { VerifyDriveResult } from '../verify';
import { EXIT, parse, UsageError } from './args';
import { ProgressLine } from './progress';
import { terminalSafe } from './terminal-text';

export const VERIFY_HELP = `Usage: soundroll verify <dir> [options]

Re-reads every file under <dir> from the disk, compares it with the ASC MHL history of
each roll folder found there (written by soundroll or another tool) and with the
catalog, reports verified / changed / missing / new / renamed files, appends a new MHL
generation to each history, and records the result in the catalog.

Options:
      --hash <list>      also compute these algorithms (recorded as original)
      --catalog <file>   catalog file (default: the user data folder; env SOUNDROLL_CATALOG)
      --json             print the full result as JSON on stdout
  -h, --help             show this help

Exit status: 0 every history verified clean; 1 something changed, is missing or
unreadable, or no history was found; 2 usage error; 3 could not run; 130 interrupted.`;

const OPTIONS = {
  hash: { type: 'string' },
  catalog: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function verifyCommand(argv: string[], openServices: OpenServices): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  if (values.help) {
    process.stdout.write(VERIFY_HELP + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('give one drive or folder to verify');
  let algorithms: HashAlgorithm[] | undefined;
  if (values.hash !== undefined) {
    try {
      algorithms = parseHashList(values.hash as string);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  const services = openServices(values.catalog as string | undefined);
  const progress = new ProgressLine();
  try {
    const job = services.verify({ dir: resolve(positionals[0]!), algorithms });
    const onSigint = (): void => job.cancel();
    process.once('SIGINT', onSigint);
    job.onProgress((p) => {
      if (!progress.interactive) return;
      const pct = p.bytesTotal > 0 ? ((100 * p.bytesDone) / p.bytesTotal).toFixed(0) : '0';
      progress.draw(`${p.phase.padEnd(8)} ${pct.padStart(3)}%  ${p.filesDone}/${p.filesTotal} files  ${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}  ${p.currentFile ?? ''}`);
    });
    let result: VerifyDriveResult;
    try {
      result = await job.result;
    } finally {
      process.off('SIGINT', onSigint);
      progress.clear();
    }
    if (values.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    else process.stdout.write(renderVerify(result));
    return result.ok ? EXIT.ok : EXIT.notVerified;
  } finally {
    await services.close();
  }
}

function renderVerify(r: VerifyDriveResult): string {
  const lines: string[] = [];
  if (r.roots.length === 0) return `NOT VERIFIED — no ASC MHL history found under ${r.dir}\n`;
  lines.push(r.ok ? `VERIFIED — every file under ${r.dir} matches its history` : `NOT VERIFIED — problems under ${r.dir}`);
  for (const root of r.roots) {
    const c = root.counts;
    lines.push(`  ${root.root}: ${c.verified} verified, ${c.changed} changed, ${c.missing} missing, ${c.new} new, ${c.renamed} renamed, ${c.unreadable} unreadable${root.readBack ? `  (read back by ${root.readBack})` : ''}`);
    if (root.error) lines.push(`    ERROR ${root.error.message} (${root.error.file})`);
    if (root.manifest) lines.push(`    manifest ${root.manifest.path}`);
    for (const f of root.files.filter((f) => f.status !== 'verified')) lines.push(`    ${f.status.padEnd(10)} ${f.path}: ${f.reason}`);
  }
  for (const s of r.catalog) lines.push(`  catalog: ${s.project} / ${s.roll}: ${s.copiesVerified} copies verified, ${s.copiesFailed} failed`);
  for (const m of r.recovered) lines.push(`  finished an interrupted generation: ${m}`);
  // Names come from the drive: one line each, with no character that could act on the terminal.
  return lines.map(terminalSafe).join('\n') + '\n';
}

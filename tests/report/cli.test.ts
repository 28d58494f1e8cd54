/**
 * `soundroll report sound|offload|backups` as a DIT runs it: files written (never over an existing one without
 * --force), the CSV on stdout when no file is named, --help for each, exit 2 on usage mistakes and 3 on an unknown
 * roll, take or job.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDemoCard } from '../../main/demo/demo-card';
import { createServices } from '../../main/services';
import type { OffloadSummary } from '../../shared/offload';
import { soundroll } from '../support/cli';
import { makeTempDir } from '../support/tmp';
import { pdfText } from './helpers';

const tmp = makeTempDir('report-cli');
const catalog = join(tmp.dir, 'catalog.sqlite');
const out = (name: string): string => join(tmp.dir, 'out', name);
let summary: OffloadSummary;

beforeAll(async () => {
  const card = await writeDemoCard(join(tmp.dir, 'card'));
  for (const d of ['a', 'b', 'out']) mkdirSync(join(tmp.dir, d));
  const services = createServices({ catalogPath: catalog, analyseAfterOffload: false });
  try {
    summary = await services.offload({ source: card, destinations: [join(tmp.dir, 'a'), join(tmp.dir, 'b')], project: 'Night Ext' }).result;
  } finally {
    await services.close();
  }
  expect(summary.safeToFormat).toBe(true);
});
afterAll(tmp.cleanup);

describe('help', () => {
  it('lists report in the commands and has --help for each report', () => {
    expect(soundroll(['--help']).stdout).toMatch(/^ {2}report <sound\|offload\|backups>/m);
    const top = soundroll(['report', '--help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/^Usage: soundroll report <sound\|offload\|backups>/);
    for (const r of ['sound', 'offload', 'backups']) {
      const h = soundroll(['report', r, '--help']);
      expect(h.status).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`^Usage: soundroll report ${r}`));
    }
  });
});

describe('usage mistakes exit 2, unknown rolls, takes and jobs exit 3', () => {
  it.each([
    [[]],
    [['frobnicate']],
    [['sound']],
    [['sound', 'A001', 'A002']],
    [['sound', 'A001', '--paper', 'a3']],
    [['sound', 'A001', '--date', '23-11-2026']],
    [['sound', 'A001', '--takes', '3,x']],
    [['sound', 'A001', '--csv', 'same.out', '--pdf', 'same.out']],
    [['sound', 'A001', '--frobnicate']],
    [['offload']],
    [['backups', '--days', '0']],
    [['backups', 'extra']],
  ])('report %j exits 2', (args) => {
    const r = soundroll(['report', ...args, '--catalog', catalog]);
    expect(r.status).toBe(2);
  });

  it('exits 3 naming what is not in the catalog', () => {
    const roll = soundroll(['report', 'sound', 'NOPE', '--catalog', catalog]);
    expect(roll.status).toBe(3);
    expect(roll.stderr).toContain('no roll named "NOPE"');
    const take = soundroll(['report', 'sound', 'A001', '--takes', '99999', '--catalog', catalog]);
    expect(take.status).toBe(3);
    expect(take.stderr).toContain('no take #99999');
    const job = soundroll(['report', 'offload', 'no-such-job', '--catalog', catalog]);
    expect(job.status).toBe(3);
    expect(job.stderr).toContain('no job "no-such-job"');
    const empty = soundroll(['report', 'offload', 'last', '--catalog', join(tmp.dir, 'empty.sqlite')]);
    expect(empty.status).toBe(3);
    expect(empty.stderr).toContain('no offload');
  });
});

describe('writing the reports', () => {
  it('writes the sound report CSV and PDF, refuses to overwrite them without --force, replaces them with it', () => {
    const csv = out('A001.csv');
    const pdf = out('A001.pdf');
    const first = soundroll(['report', 'sound', 'A001', '--csv', csv, '--pdf', pdf, '--mixer', 'Jamie Hardt', '--paper', 'letter', '--catalog', catalog]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`wrote ${csv}`);
    const text = readFileSync(csv, 'latin1');
    expect(text.startsWith('SOUND REPORT\rProject:,"Night Ext",Sound Mixer:,"Jamie Hardt",Roll:,"A001"\r')).toBe(true);
    expect(text.split('\r').filter((l) => /^"S\d\dT\d\d/.test(l))).toHaveLength(14);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const pdfTextOut = pdfText(pdf);
    if (pdfTextOut !== undefined) expect(pdfTextOut).toMatch(/Page 1 of \d/);

    const before = statSync(csv).mtimeMs;
    writeFileSync(out('mine.pdf'), 'not a report');
    const again = soundroll(['report', 'sound', 'A001', '--csv', csv, '--catalog', catalog]);
    expect(again.status).toBe(3);
    expect(again.stderr).toContain(`${csv} already exists; not overwritten`);
    expect(statSync(csv).mtimeMs).toBe(before);
    // A taken PDF name stops the CSV too: nothing is half-written.
    const fresh = out('fresh.csv');
    const blocked = soundroll(['report', 'sound', 'A001', '--csv', fresh, '--pdf', out('mine.pdf'), '--catalog', catalog]);
    expect(blocked.status).toBe(3);
    expect(() => statSync(fresh)).toThrow();
    expect(readFileSync(out('mine.pdf'), 'utf8')).toBe('not a report');

    const forced = soundroll(['report', 'sound', 'A001', '--csv', csv, '--extended', '--force', '--catalog', catalog]);
    expect(forced.status).toBe(0);
    expect(readFileSync(csv, 'latin1')).toContain(',Notes,Flags,QC,T1,');
  });

  it('prints the Wave Agent CSV on stdout when no file is named', () => {
    const r = soundroll(['report', 'sound', 'A001', '--date', '2026-11-23', '--per-take', '--catalog', catalog]);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('SOUND REPORT\r')).toBe(true);
    expect(r.stdout.split('\r').filter((l) => l.startsWith('"S'))).toHaveLength(14);
  });

  it('writes the offload report of the last job or of a job named by its id or a prefix', () => {
    const csv = out('offload.csv');
    const pdf = out('offload.pdf');
    const r = soundroll(['report', 'offload', 'last', '--csv', csv, '--pdf', pdf, '--catalog', catalog]);
    expect(r.status).toBe(0);
    const text = readFileSync(csv, 'utf8');
    expect(text).toContain(`Job,${summary.jobId}\r\n`);
    expect(text).toContain(`Verdict,${summary.verdict}\r\n`);
    expect(soundroll(['report', 'offload', 'last', '--csv', csv, '--catalog', catalog]).status).toBe(3);
    const byPrefix = soundroll(['report', 'offload', summary.jobId.slice(0, 8), '--catalog', catalog]);
    expect(byPrefix.status).toBe(0);
    expect(byPrefix.stdout).toContain(`Job,${summary.jobId}\r\n`);
    const pdfOut = pdfText(pdf);
    if (pdfOut !== undefined) expect(pdfOut.replace(/\s+/g, ' ')).toContain(summary.verdict);
  });

  it('writes the backup status report', () => {
    const csv = out('backups.csv');
    const pdf = out('backups.pdf');
    const r = soundroll(['report', 'backups', '--days', '7', '--csv', csv, '--pdf', pdf, '--catalog', catalog]);
    expect(r.status).toBe(0);
    expect(readFileSync(csv, 'utf8')).toMatch(/^Night Ext,A001,21,\d+,2,2,OK,/m);
    expect(soundroll(['report', 'backups', '--pdf', pdf, '--catalog', catalog]).status).toBe(3);
    expect(soundroll(['report', 'backups', '--pdf', pdf, '--force', '--min-copies', '3', '--catalog', catalog]).status).toBe(0);
  });
});

/**
 * The three reports of the demo card after a real offload to two drives (real files, real catalog, QC from the
 * analysis when ffmpeg is there), read back from the PDFs with pdftotext: the sound report with the mixer's edits,
 * circled takes marked and QC in the rows; the offload report with every file, its hashes and its result on both
 * drives, and the verdict; the backup status with the roll's two verified copies.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PLANTED, DEMO_TAKES, writeDemoCard } from '../../main/demo/demo-card';
import {
  backupReport,
  backupReportCsv,
  offloadReport,
  offloadReportCsv,
  soundReport,
  soundReportCsv,
  writeBackupReportPdf,
  writeOffloadReportPdf,
  writeSoundReportPdf,
  type SoundReport,
} from '../../main/report';
import { createServices, type Services } from '../../main/services';
import type { OffloadSummary } from '../../shared/offload';
import { makeTempDir } from '../support/tmp';
import { hasTool, xxhsum } from '../support/tools';
import { ffmpegMissing } from '../waveform/helpers';
import { pagesOf, pdfText } from './helpers';

const noFfmpeg = ffmpegMissing();
if (noFfmpeg) console.warn(`report tests run without QC findings: ${noFfmpeg}`);

const MIXER_NOTE = 'Mixer: Ben too loud on line 3 — use Lav Ana for the whole scene, and note the plane at the very end of the take (long note, wrapped)';
const squash = (s: string): string => s.replace(/\s+/g, ' ');
const demo = (name: string): (typeof DEMO_TAKES)[number] => DEMO_TAKES.find((t) => t.name === name)!;

describe('reports of the demo card', () => {
  const tmp = makeTempDir('reports');
  const a = join(tmp.dir, 'drive-a');
  const b = join(tmp.dir, 'drive-b');
  let card: string;
  let services: Services;
  let summary: OffloadSummary;
  let rollId: number;
  let sound: SoundReport;

  beforeAll(async () => {
    card = await writeDemoCard(join(tmp.dir, 'card'));
    mkdirSync(a);
    mkdirSync(b);
    services = createServices({ catalogPath: join(tmp.dir, 'catalog.sqlite'), analyseAfterOffload: !noFfmpeg });
    summary = await services.offload({ source: card, destinations: [a, b], project: 'Night Ext', hashes: ['xxh128', 'md5'] }).result;
    expect(summary.safeToFormat).toBe(true);
    await services.analysis.idle();
    rollId = services.catalog.rollByName(summary.roll)[0]!.id;
    const takes = services.catalog.takes.takesOfRoll(rollId);
    const keyOf = (name: string): string => takes.find((t) => t.scene === demo(name).scene && t.take === String(demo(name).take))!.key;
    // The mixer rewrites a note, circles a take the recorder did not, and un-circles one it did.
    services.catalog.edits.patch(rollId, keyOf('S01T02'), { note: MIXER_NOTE });
    services.catalog.edits.patch(rollId, keyOf('S01T04'), { circled: true, flags: ['ROOM_TONE'] });
    services.catalog.edits.patch(rollId, keyOf('S03T04'), { circled: false });
    sound = soundReport(services.catalog, { rollId, header: { soundMixer: 'Jamie Hardt', boomOp: 'Sam Pole', media: 'SD + CF', notes: 'Night exterior' } });
  });
  afterAll(async () => {
    await services.close();
    tmp.cleanup();
  });

  const circledNow = (name: string): boolean => (name === 'S01T04' ? true : name === 'S03T04' ? false : demo(name).circled);

  describe('sound report', () => {
    it('has every take in timecode order, the split take as one _X row, with the mixer’s edits', () => {
      expect(sound.counts).toMatchObject({ takes: DEMO_TAKES.length, files: 21 });
      expect(sound.rows.map((r) => r.fileName)).toEqual(DEMO_TAKES.map((t) => (t.split ? `${t.name}_X.WAV` : `${t.name}.WAV`)));
      expect(sound.rows.map((r) => r.startTc)).toEqual(DEMO_TAKES.map((t) => t.startTc));
      const split = sound.rows.find((r) => r.fileName === 'S03T02_X.WAV')!;
      expect(split).toMatchObject({ channels: 8, layout: 'MONO', trackNames: ['Boom', 'Boom 2', 'Lav Ana', 'Lav Ben', 'Lav Cara', 'Plant', 'Mix L', 'Mix R'] });
      expect(sound.rows.map((r) => r.circled)).toEqual(DEMO_TAKES.map((t) => circledNow(t.name)));
      const edited = sound.rows.find((r) => r.fileName === 'S01T02.WAV')!;
      expect(edited).toMatchObject({ note: MIXER_NOTE, edited: true });
      expect(sound.rows.find((r) => r.fileName === 'S01T04.WAV')!.flags).toEqual(['ROOM_TONE']);
      expect(sound.rows.find((r) => r.fileName === 'S01T01.WAV')!.flags).toEqual(['FALSE_START']);
      expect(sound.header).toMatchObject({ production: 'Night Ext', roll: summary.roll, frameRate: '23.976 ND', sampleRate: '48000', bitDepth: '24, 32', soundMixer: 'Jamie Hardt' });
    });

    it('puts the QC errors on the takes where they were planted', () => {
      if (noFfmpeg) return console.warn('no QC without ffmpeg: skipped');
      for (const p of DEMO_PLANTED) {
        const row = sound.rows.find((r) => r.fileName === `${p.take}.WAV`)!;
        expect(row.findings.filter((f) => f.severity === 'error').map((f) => f.track)).toEqual([p.track]);
      }
      const clean = sound.rows.filter((r) => !DEMO_PLANTED.some((p) => r.fileName.startsWith(p.take)));
      expect(clean.flatMap((r) => r.findings).every((f) => f.severity === 'warning')).toBe(true);
    });

    it('writes a Wave Agent CSV with the effective values and, extended, the flags and QC', () => {
      const lines = soundReportCsv(sound).split('\r');
      const row = (file: string): string => lines.find((l) => l.startsWith(`"${file}"`))!;
      expect(row('S01T02.WAV')).toContain(`"${MIXER_NOTE}"`);
      expect(row('S01T02.WAV')).not.toContain('Ben loud on line 3');
      expect(row('S01T04.WAV')).toContain(',21:11:37:20, ,Y,"",,"Boom"');
      expect(row('S02T03.WAV')).toContain(',Y, ,"","WT Ben lines 4-6","Boom"');
      expect(row('S03T02_X.WAV')).toMatch(/^"S03T02_X\.WAV",8\(MONO\),"A001","3","02",48000,23\.97 ND,24,00:00:09,22:12:05:12, , ,"","split mono","Boom","Boom 2","Lav Ana","Lav Ben","Lav Cara","Plant","Mix L","Mix R"$/);
      const extended = soundReportCsv(sound, { extended: true }).split('\r');
      expect(extended[4]).toMatch(/^Date:,"2026-11-23",Boom Op:,"Sam Pole",Recorder:,/);
      const header = extended.find((l) => l.startsWith('File Name,'))!;
      expect(header).toContain(',Notes,Flags,QC,T1,');
      expect(extended.find((l) => l.startsWith('"S01T04.WAV"'))).toContain('"ROOM_TONE",""');
      if (!noFfmpeg) expect(extended.find((l) => l.startsWith('"S01T02.WAV"'))).toMatch(/"ERROR: Lav Ben clips \d+ times/);
    });

    it('prints a PDF with every take in timecode order, circled takes marked, the mixer’s note, flags, QC and page numbers', async () => {
      const path = join(tmp.dir, 'sound.pdf');
      await writeSoundReportPdf(sound, path, { paper: 'letter' });
      expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
      const text = pdfText(path);
      if (text === undefined) return;
      const pages = pagesOf(text);
      pages.forEach((page, i) => {
        expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
        expect(page).toMatch(/File\s+Ch\s+Scene\s+Take\s+Start TC\s+Length\s+Tracks\s+Flags\s+Notes\s+QC/);
      });
      expect(pages[0]).toContain('SOUND REPORT');
      expect(pages[0]).toMatch(/Jamie Hardt/);
      expect(pages[0]).toMatch(/Sam Pole/);
      let last = -1;
      for (const t of DEMO_TAKES) {
        const file = t.split ? `${t.name}_X.WAV` : `${t.name}.WAV`;
        const line = new RegExp(`^(\\s*●)?\\s*${file.replace('.', '\\.')}\\s+8 (poly|mono)\\s+${t.scene}\\s+${t.take}\\s+${t.startTc}\\s`, 'm');
        const m = line.exec(text);
        expect(m).not.toBeNull();
        expect(m!.index).toBeGreaterThan(last);
        last = m!.index;
        expect(Boolean(m![1])).toBe(circledNow(t.name));
      }
      const flat = squash(pdfText(path, { layout: false })!);
      expect(flat).toContain(MIXER_NOTE);
      expect(flat).not.toContain('Ben loud on line 3');
      for (const label of ['False start', 'Wild track', 'No good', 'Pickup', 'Room tone']) expect(flat).toContain(label);
      if (!noFfmpeg) {
        expect(flat).toMatch(/ERROR Lav Ben clips \d+ times/);
        expect(flat).toMatch(/ERROR Boom drops out/);
        expect(flat).toMatch(/ERROR Lav Ana is dead/);
      }
    });

    it('selects one day or a list of takes, and one row per take', () => {
      expect(soundReport(services.catalog, { rollId, date: '2026-11-23' }).rows).toHaveLength(14);
      expect(soundReport(services.catalog, { rollId, date: '2026-11-24' }).rows).toHaveLength(0);
      const ids = services.catalog.takes.takesOfRoll(rollId).map((t) => t.id);
      const some = soundReport(services.catalog, { rollId, takeIds: [ids[5]!, ids[1]!], rows: 'take' });
      expect(some.rows.map((r) => r.takeId)).toEqual([ids[1], ids[5]]);
      expect(() => soundReport(services.catalog, { rollId, takeIds: [987654] })).toThrow(/no take #987654/);
      expect(() => soundReport(services.catalog, { rollId: 987654 })).toThrow(/no roll/);
      const perTake = soundReport(services.catalog, { rollId, rows: 'take' });
      expect(perTake.rows.find((r) => r.fileName === 'S03T02_X.WAV')).toMatchObject({ channels: 8, layout: 'MONO', files: DEMO_TAKES.find((t) => t.split)!.files });
    });
  });

  describe('offload report', () => {
    it('lists every file with its hashes and its result on both drives, and the verdict', async () => {
      const report = await offloadReport(services.catalog, { jobId: 'last' });
      expect(report.jobId).toBe(summary.jobId);
      expect(report.verdict).toBe(summary.verdict);
      expect(report.files).toHaveLength(21);
      expect(report.destinations.map((d) => [d.root, d.filesVerified, d.filesFailed, d.reachable])).toEqual([
        [a, 21, 0, true],
        [b, 21, 0, true],
      ]);
      expect(report.destinations[0]!.freeBytes).toBeGreaterThan(0);
      expect(report.tool.source).toBe('manifest');
      expect(report.source).toMatchObject({ path: summary.source, fingerprint: summary.cardFingerprint });

      const csv = offloadReportCsv(report);
      expect(csv).toContain(`Verdict,${summary.verdict}\r\n`);
      const fileRows = csv.split('\r\n').filter((l) => /^261123\//.test(l));
      expect(fileRows).toHaveLength(42);
      for (const f of summary.files) {
        for (const root of [a, b]) {
          expect(fileRows).toContainEqual(expect.stringMatching(new RegExp(`^${f.relativePath},${f.size},${f.hashes.xxh128},${f.hashes.md5},${root},verified,(direct-io|page-cache),,`)));
        }
      }
      if (hasTool('xxhsum')) {
        const first = summary.files[0]!;
        expect(xxhsum(join(card, ...first.relativePath.split('/')), 'H2')).toBe(first.hashes.xxh128);
      }

      const path = join(tmp.dir, 'offload.pdf');
      await writeOffloadReportPdf(report, path);
      const text = pdfText(path);
      if (text === undefined) return;
      const pages = pagesOf(text);
      expect(squash(pages[0]!)).toContain(summary.verdict);
      expect(pages[pages.length - 1]).toContain(`Page ${pages.length} of ${pages.length}`);
      for (const f of summary.files) {
        const line = new RegExp(`${f.relativePath.replace(/[.]/g, '\\.')}\\s+${f.size}\\s+xxh128 ${f.hashes.xxh128}\\s+verified · (direct-io|page-cache)\\s+verified · (direct-io|page-cache)`);
        expect(text).toMatch(line);
      }
      expect(text).toMatch(/Errors \(0\)/);
    });

    it('reports a job that left no summary from the copies it recorded, and refuses unknown or verify jobs', async () => {
      const cat = services.catalog;
      cat.startJob({ id: 'killed-job-0001', kind: 'offload', rollId, source: card, destinations: [a], hashes: ['xxh128'] });
      const file = cat.fileByPath(rollId, summary.files[0]!.relativePath)!;
      const destinationId = cat.ensureDestination(a);
      cat.recordCopy({ fileId: file.id, destinationId, path: summary.files[0]!.copies[0]!.path, status: 'verified', method: 'direct-io', jobId: 'killed-job-0001' });
      const r = await offloadReport(cat, { jobId: 'killed-job' });
      expect(r).toMatchObject({ jobId: 'killed-job-0001', complete: false, safeToFormat: false });
      expect(r.files).toHaveLength(1);
      expect(r.files[0]!.hashes.xxh128).toBe(summary.files[0]!.hashes.xxh128);
      expect(r.verdict).toMatch(/left no summary/);
      await expect(offloadReport(cat, { jobId: 'no-such-job' })).rejects.toThrow(/no job "no-such-job"/);
    });
  });

  describe('backup status report', () => {
    it('lists the roll with its two recent verified copies, and marks it once they are old or not enough', async () => {
      const report = backupReport(services.catalog);
      const roll = report.rolls.find((r) => r.roll === summary.roll)!;
      expect(roll).toMatchObject({ project: 'Night Ext', files: 21, completeCopies: 2, recentCopies: 2, atRisk: false });
      expect(roll.drives.map((d) => [d.root, d.verified, d.failed, d.complete, d.recent])).toEqual([
        [a, 21, 0, true, true],
        [b, 21, 0, true, true],
      ]);
      const csvRows = backupReportCsv(report).split('\r\n').filter((l) => l.startsWith('Night Ext,'));
      expect(csvRows).toHaveLength(2);
      expect(csvRows[0]).toMatch(new RegExp(`^Night Ext,${summary.roll},21,\\d+,2,2,OK,${a},`));

      const later = backupReport(services.catalog, { now: new Date(Date.now() + 40 * 86_400_000) });
      expect(later.rolls.find((r) => r.roll === summary.roll)).toMatchObject({ completeCopies: 2, recentCopies: 0, atRisk: true });
      expect(backupReport(services.catalog, { minCopies: 3 }).rolls.find((r) => r.roll === summary.roll)!.atRisk).toBe(true);

      const path = join(tmp.dir, 'backups.pdf');
      await writeBackupReportPdf(later, path);
      const text = pdfText(path);
      if (text === undefined) return;
      expect(text).toContain(summary.roll);
      expect(squash(text)).toMatch(/AT RISK/);
      expect(text).toContain('Page 1 of 1');
      const okPath = join(tmp.dir, 'backups-ok.pdf');
      await writeBackupReportPdf(report, okPath);
      expect(squash(pdfText(okPath)!)).toContain('has at least 2 copies verified in the last 30 days');
    });
  });
});

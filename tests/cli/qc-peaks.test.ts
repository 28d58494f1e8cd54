/**
 * `soundroll qc` and `soundroll peaks` as the mixer and the DIT run them after an offload of the demo card: the
 * offload builds previews behind the copy and says so, qc lists the planted problems worst first with exit 1, peaks
 * reports takes as current until asked to force, and usage mistakes exit 2 / unknown rolls 3.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeDemoCard } from '../../main/demo/demo-card';
import { soundroll } from '../support/cli';
import { makeTempDir } from '../support/tmp';
import { ffmpegMissing } from '../waveform/helpers';

const skip = ffmpegMissing();
if (skip) console.warn(`qc/peaks CLI tests skipped: ${skip}`);
const maybe = skip ? describe.skip : describe;

maybe('soundroll qc and peaks', () => {
  const tmp = makeTempDir('cli-qc');
  const catalog = join(tmp.dir, 'catalog.db');
  const peaksDir = join(tmp.dir, 'peaks');
  let offloadOut = '';

  beforeAll(async () => {
    const card = await writeDemoCard(join(tmp.dir, 'card'));
    for (const d of ['a', 'b']) mkdirSync(join(tmp.dir, d));
    const r = soundroll(['offload', card, '-d', join(tmp.dir, 'a'), '-d', join(tmp.dir, 'b'), '--catalog', catalog]);
    expect(r.status).toBe(0);
    offloadOut = r.stdout;
  }, 120_000);
  afterAll(tmp.cleanup);

  test('the offload prints its verdict, then the previews it built behind the copy', () => {
    const lines = offloadOut.trim().split('\n');
    expect(lines[0]).toMatch(/^SAFE TO FORMAT/);
    expect(lines.at(-1)).toBe('  waveforms and QC: 14 take(s); 3 error(s), 0 warning(s) (soundroll qc A001)');
    expect(readdirSync(peaksDir).filter((f) => f.endsWith('.srpk'))).toHaveLength(14);
  });

  test('qc lists the planted problems first, hides info by default, and exits 1 because there are errors', () => {
    const r = soundroll(['qc', 'A001', '--catalog', catalog]);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Untitled \/ A001: QC of 14 takes: 3 errors, 1 warning, \d+ info \(\d+ below warning not shown: --severity info\)$/);
    expect(lines[1]).toMatch(/^ERROR +1\/2 +21:06:4\d:\d\d +Lav Ben clips \d+ times between /);
    expect(lines[2]).toMatch(/^ERROR +1\/3 +21:09:08:07 +Boom drops out for 120 ms at 21:09:08:07/);
    expect(lines[3]).toMatch(/^ERROR +2\/1 +21:36:15:00 +Lav Ana is dead/);
    expect(lines[4]).toMatch(/^WARNING +3\/3 .*32-bit float; the rest of the roll is 24-bit$/);
    expect(lines).toHaveLength(5);
    expect(r.stderr).toBe('');
  });

  test('--severity and --scene narrow the list; --json gives the stored findings', () => {
    const errors = soundroll(['qc', 'A001', '--severity', 'error', '--catalog', catalog]);
    expect(errors.stdout.trim().split('\n').slice(1).every((l) => l.startsWith('ERROR'))).toBe(true);
    const scene3 = soundroll(['qc', 'A001', '--scene', '3', '--catalog', catalog]);
    expect(scene3.status).toBe(0); // a warning is not an error
    expect(scene3.stdout).not.toContain('ERROR');
    const all = JSON.parse(soundroll(['qc', 'A001', '--severity', 'info', '--json', '--catalog', catalog]).stdout) as { severity: string; kind: string; track?: string }[];
    expect(all.filter((f) => f.kind === 'loudness')).toHaveLength(14);
    expect(all.find((f) => f.kind === 'dead-track')).toMatchObject({ severity: 'error', track: 'Lav Ana' });
  });

  test('peaks: everything is current after the offload; --force decodes one take again', () => {
    const r = soundroll(['peaks', 'A001', '--catalog', catalog]);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('14 takes: 0 analysed, 14 already current, 0 failed');
    const json = JSON.parse(soundroll(['takes', 'A001', '--scene', '1', '--take', '2', '--json', '--catalog', catalog]).stdout) as { id: number }[];
    const forced = soundroll(['peaks', '--id', String(json[0]!.id), '--force', '--catalog', catalog]);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/^1 take: 1 analysed, 0 already current, 0 failed\n {2}Scene 1 take 2 +analysed in \d+\.\d\d s {2}QC: 1 error\(s\), 0 warning\(s\) {2}\S+\.srpk\n$/);
  });

  test('an offload with --no-previews leaves the roll for qc, which analyses it when asked', async () => {
    const card = await writeDemoCard(join(tmp.dir, 'card2'));
    const cat2 = join(tmp.dir, 'two', 'catalog.db');
    for (const d of ['c', 'e']) mkdirSync(join(tmp.dir, d));
    const r = soundroll(['offload', card, '-d', join(tmp.dir, 'c'), '-d', join(tmp.dir, 'e'), '--no-previews', '--catalog', cat2]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('waveforms and QC');
    expect(existsSync(join(tmp.dir, 'two', 'catalog.db'))).toBe(true);
    expect(existsSync(join(tmp.dir, 'two', 'peaks'))).toBe(false);
    const listed = soundroll(['qc', 'A001', '--no-analyse', '--catalog', cat2]);
    expect(listed.stdout).not.toContain('ERROR'); // only metadata was checked so far
    const qc = soundroll(['qc', 'A001', '--catalog', cat2]);
    expect(qc.status).toBe(1);
    expect(qc.stdout.match(/^ERROR/gm)).toHaveLength(3);
    expect(readdirSync(join(tmp.dir, 'two', 'peaks'))).toHaveLength(14);
  });

  test('usage mistakes exit 2, unknown rolls and takes 3', () => {
    expect(soundroll(['qc', 'A001', '--severity', 'loud', '--catalog', catalog])).toMatchObject({ status: 2 });
    expect(soundroll(['qc', '--catalog', catalog])).toMatchObject({ status: 2 });
    expect(soundroll(['peaks', 'A001', '--id', '3', '--catalog', catalog])).toMatchObject({ status: 2 });
    const unknown = soundroll(['qc', 'Z999', '--catalog', catalog]);
    expect(unknown.status).toBe(3);
    expect(unknown.stderr).toContain('no roll named "Z999"');
    expect(soundroll(['peaks', '--id', '99999', '--catalog', catalog]).status).toBe(3);
  });
});

/** The soundroll command as a DIT or a script uses it: flags, help, exit codes, JSON on stdout, progress on stderr. */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OffloadSummary } from '../../shared/offload';
import { soundroll } from '../support/cli';
import { makeTempDir } from '../support/tmp';
import { hasTool } from '../support/tools';

const tmp = makeTempDir('cli');
const catalog = join(tmp.dir, 'catalog.sqlite');
afterAll(tmp.cleanup);

describe('help and usage', () => {
  it('prints the commands with --help and exits 0; with no command it exits 2', () => {
    const help = soundroll(['--help']);
    expect(help.status).toBe(0);
    for (const cmd of ['offload', 'verify', 'ls', 'takes', 'qc', 'peaks', 'demo-card']) expect(help.stdout).toContain(cmd);
    expect(soundroll([]).status).toBe(2);
  });

  it.each(['offload', 'verify', 'ls', 'takes', 'qc', 'peaks', 'demo-card'])('has --help for %s', (cmd) => {
    const r = soundroll([cmd, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: soundroll ${cmd}`));
  });

  it('prints its version', () => {
    expect(soundroll(['--version']).stdout).toMatch(/^soundroll \d+\.\d+\.\d+/);
  });

  it('exits 2 with a clear message for usage mistakes', () => {
    const unknown = soundroll(['offlaod']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "offlaod"');
    const noDest = soundroll(['offload', tmp.dir, '--catalog', catalog]);
    expect(noDest.status).toBe(2);
    expect(noDest.stderr).toContain('give at least one --dest');
    const badHash = soundroll(['offload', tmp.dir, '--dest', tmp.dir, '--hash', 'xxh128,crc99', '--catalog', catalog]);
    expect(badHash.status).toBe(2);
    expect(badHash.stderr).toContain('unknown hash algorithm "crc99"');
    const badFlag = soundroll(['ls', '--frobnicate']);
    expect(badFlag.status).toBe(2);
  });

  it('exits 3 naming the card when the card is not there', () => {
    const d = join(tmp.dir, 'nowhere-dest');
    mkdirSync(d);
    const r = soundroll(['offload', join(tmp.dir, 'no-such-card'), '--dest', d, '--catalog', catalog]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(join(tmp.dir, 'no-such-card'));
  });
});

describe('offload of the demo card', () => {
  const card = join(tmp.dir, 'cards');
  const a = join(tmp.dir, 'drive-a');
  const b = join(tmp.dir, 'drive-b');
  let summary: OffloadSummary;
  let stderr: string;

  beforeAll(() => {
    mkdirSync(a);
    mkdirSync(b);
    const demo = soundroll(['demo-card', card]);
    expect(demo.status).toBe(0);
    const r = soundroll(['offload', demo.stdout.trim(), '--dest', a, '--dest', b, '--project', 'Night Ext', '--date', '2026-11-23', '--hash', 'xxh128,sha1', '--json', '--catalog', catalog]);
    expect(r.status).toBe(0);
    summary = JSON.parse(r.stdout) as OffloadSummary;
    stderr = r.stderr;
  });

  it('writes a demo card of real BWF takes that ffprobe reads, with bext timecode', () => {
    if (!hasTool('ffprobe')) return console.warn('ffprobe not installed: skipped the independent read');
    const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=channels,sample_rate:format_tags=time_reference', '-of', 'json', join(card, 'A001', '261123', 'S01T03.WAV')], { encoding: 'utf8' });
    const probe = JSON.parse(out) as { streams: { channels: number; sample_rate: string }[]; format: { tags: { time_reference: string } } };
    expect(probe.streams[0]).toMatchObject({ channels: 8, sample_rate: '48000' });
    // 21:09:05:03 at 23.976 ND = (frames × 1001 × 48000 / 24000) samples since midnight.
    const frames = ((21 * 60 + 9) * 60 + 5) * 24 + 3;
    expect(Number(probe.format.tags.time_reference)).toBe(Math.round((frames * 1001 * 48000) / 24000));
  });

  it('prints the result as JSON on stdout, progress on stderr, and says the card is safe', () => {
    expect(summary.safeToFormat).toBe(true);
    expect(summary.verdict).toBe('Card A001 is safe to format: 21 files verified on 2 drives.');
    expect(summary.hashAlgorithms).toEqual(['xxh128', 'sha1']);
    expect(summary.files.every((f) => f.hashes.sha1 && f.hashes.xxh128)).toBe(true);
    expect(stderr).toContain('soundroll: copying');
  });

  it('lists the roll with two complete copies', () => {
    const r = soundroll(['ls', '--json', '--catalog', catalog]);
    expect(r.status).toBe(0);
    const rolls = JSON.parse(r.stdout) as { roll: string; files: number; completeCopies: number }[];
    expect(rolls).toEqual([expect.objectContaining({ roll: 'A001', files: 21, completeCopies: 2 })]);
    const human = soundroll(['ls', '--catalog', catalog]);
    expect(human.stdout).toContain('Night Ext / A001: 21 files');
  });

  it('exits 1 and says what is missing where when a destination is not there', () => {
    const r = soundroll(['offload', join(card, 'A001'), '--dest', a, '--dest', join(tmp.dir, 'unplugged'), '--project', 'Night Ext', '--roll', 'A001b', '--catalog', catalog]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^NOT SAFE TO FORMAT — Card A001 is NOT safe to format: 21 of 21 files are not verified everywhere \(21 not verified on .*unplugged\)/);
    expect(r.stdout).toContain('is not available (is the drive mounted?)');
  });
});

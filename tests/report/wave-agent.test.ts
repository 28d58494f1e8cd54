/**
 * The sound report CSV against a real Wave Agent export: the Sound Devices 702T fixtures offloaded into a catalog give
 * back, row for row, the rows Wave Agent wrote for the same files (quoting, `2(POLY)`, `23.97 ND`, two-digit takes,
 * spaces for "not wild/circled", `""` for User, a bare empty Notes, as many T columns as tracks, CR line ends), and
 * the header block in its layout.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../main/services';
import { soundReport, soundReportCsv, type SoundReport } from '../../main/report';
import { copyFixtureTree, fixturesDir } from '../support/fixtures';
import { makeTempDir } from '../support/tmp';

const fixtures = fixturesDir();
const fdescribe = fixtures ? describe : describe.skip;
if (!fixtures) console.warn('skipped: ../shared/fixtures/recorders not found');

const PROJECT = 'WAVINFO WaveAgent Otput';
const MIXER = 'Jamie Hardt';

/** Wave Agent's CSV as lines (it ends every line, the last too, with a bare CR). */
const linesOf = (csv: string): string[] => {
  expect(csv.endsWith('\r')).toBe(true);
  expect(csv).not.toContain('\n');
  return csv.slice(0, -1).split('\r');
};
/** The quoted file name a data row starts with. */
const fileOf = (row: string): string => /^"([^"]*)"/.exec(row)![1]!;

fdescribe('the sound report CSV of the Sound Devices fixtures equals Wave Agent’s', () => {
  const tmp = makeTempDir('wave-agent');
  let services: Services;
  let report: SoundReport;
  let expected: string[];
  let ours: string[];
  const folder = (): string => join(fixtures!, 'recorders', 'sounddevices');

  beforeAll(async () => {
    const card = join(tmp.dir, 'card');
    copyFixtureTree(folder(), card);
    mkdirSync(join(tmp.dir, 'dest'));
    services = createServices({ catalogPath: join(tmp.dir, 'catalog.sqlite'), analyseAfterOffload: false });
    const summary = await services.offload({ source: card, destinations: [join(tmp.dir, 'dest')], project: 'Wavinfo', roll: 'SD1' }).result;
    expect(summary.safeToFormat).toBe(true);
    const rollId = services.catalog.rollByName('SD1')[0]!.id;
    report = soundReport(services.catalog, { rollId, header: { production: PROJECT, soundMixer: MIXER } });
    expected = linesOf(readFileSync(join(fixtures!, 'recorders', 'WaveAgentSoundReport.sounddevices.csv'), 'latin1'));
    ours = linesOf(soundReportCsv(report));
  });
  afterAll(async () => {
    await services.close();
    tmp.cleanup();
  });

  it('has the same column header row, after the same header block and blank line', () => {
    expect(ours[0]).toBe('SOUND REPORT');
    expect(ours[4]).toBe('');
    expect(ours[5]).toBe(expected[5]);
    expect(ours[5]).toBe('File Name,Channels,Tape,Scene,Take,Sample Rate,Frame Rate,Bit Depth,Length,Start TC,Wild,Circled,User,Notes,T1,T2,T3,T4,T5');
  });

  it('gives, for every file in the fixture folder, exactly the row Wave Agent wrote for it', () => {
    const expectedRows = new Map(expected.slice(6).map((r) => [fileOf(r), r]));
    const ourRows = new Map(ours.slice(6).map((r) => [fileOf(r), r]));
    const files = readdirSync(folder()).filter((f) => /\.wav$/i.test(f)).sort();
    expect(files).toEqual(['A101_1.WAV', 'A101_1_1.WAV', 'A101_1_2.WAV', 'A101_2.WAV', 'A101_3.WAV', 'A101_4.WAV']);
    let compared = 0;
    for (const file of files) {
      // Wave Agent lists the split mono files A101_1_1.WAV and A101_1_2.WAV of take A101/1 as one row, A101_1_X.WAV.
      const row = report.rows.find((r) => r.files.some((p) => p.endsWith(`/${file}`) || p === file))!;
      expect(row).toBeDefined();
      expect(expectedRows.has(row.fileName)).toBe(true);
      expect(ourRows.get(row.fileName)).toBe(expectedRows.get(row.fileName));
      compared++;
    }
    expect(compared).toBe(files.length);
    expect(report.rows.find((r) => r.fileName === 'A101_1_X.WAV')!.files.map((p) => p.split('/').pop())).toEqual(['A101_1_1.WAV', 'A101_1_2.WAV']);
    // Nothing more and nothing less: the same five rows (only the order of A101_1.WAV and its split differs).
    expect([...ourRows.keys()].sort()).toEqual([...expectedRows.keys()].sort());
    expect([...ourRows.values()].sort()).toEqual([...expectedRows.values()].sort());
  });

  it('fills the header block from the options and the catalog, in Wave Agent’s layout', () => {
    expect(expected[1]).toBe(`Project:,"${PROJECT}",Sound Mixer:,"${MIXER}",Roll:,""`);
    // Roll, File Type, Bit Depth, Frame Rate and Sample Rate are what the user typed in Wave Agent (left blank in this
    // export); we derive them from the catalog. Media and Tone/dB come from options only.
    expect(ours.slice(1, 4)).toEqual([
      `Project:,"${PROJECT}",Sound Mixer:,"${MIXER}",Roll:,"SD1"`,
      'File Type:,"BWF",Bit Depth:,"24",Media:,""',
      'Frame Rate:,"23.97 ND",Sample Rate:,"48000",Tone/dB:,""',
    ]);
  });

  it('is byte for byte Wave Agent’s file, up to the order of one take’s two rows, when the typed fields are left blank', () => {
    const blank = soundReport(services.catalog, {
      rollId: report.rollId,
      header: { production: PROJECT, soundMixer: MIXER, roll: '', fileType: '', bitDepth: '', media: '', frameRate: '', sampleRate: '', tone: '' },
    });
    const lines = linesOf(soundReportCsv(blank));
    expect(lines.slice(0, 6)).toEqual(expected.slice(0, 6));
    expect([...lines].sort()).toEqual([...expected].sort());
  });

  it('lists rows in timecode order with one row per take on request', () => {
    expect(report.rows.map((r) => r.startTc)).toEqual(['12:39:59:00', '12:39:59:00', '12:40:04:00', '12:40:14:00', '12:40:15:00']);
    const perTake = soundReport(services.catalog, { rollId: report.rollId, rows: 'take' });
    expect(perTake.rows.map((r) => [r.fileName, r.channels, r.layout, r.take])).toEqual([
      ['A101_1.WAV', 2, 'POLY', '1'],
      ['A101_2.WAV', 2, 'POLY', '2'],
      ['A101_3.WAV', 2, 'POLY', '3'],
      ['A101_4.WAV', 2, 'POLY', '4'],
    ]);
  });
});

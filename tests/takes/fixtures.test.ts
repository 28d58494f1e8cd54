/**
 * Real recorder files through the real reader and groupTakes: the Sound Devices 702T files against the Wave Agent
 * sound report that came with them, and the Zoom F8 discrete take folder against its own iXML.
 */
import { join } from 'node:path';
import { groupTakes, takeMetadataOf, type TakeRecord } from '../../main/takes';
import { NO_FIXTURES, readTakeFiles, readWaveAgentCsv, recordersDir, rowFor } from './recorder-fixtures';

const recorders = recordersDir();
const fixtureIt = recorders ? it : it.skip;
if (!recorders) console.warn(`tests/takes: ${NO_FIXTURES}`);

const ZOOM = 'zoom_F8/DISCRETE/Scene_1_2AG-T001.TAKE';

describe('Sound Devices 702T files', () => {
  fixtureIt('make four takes: A101_1.WAV with its Wave Agent split A101_1_1/_1_2 as alternates, and takes 2, 3, 4', async () => {
    const takes = groupTakes(await readTakeFiles(recorders!, join(recorders!, 'sounddevices')));
    expect(takes.map((t) => [t.key, t.relativePaths, t.channelCount])).toEqual([
      ['family:USSDVGR1112089007124001008206300@sounddevices', ['sounddevices/A101_1.WAV', 'sounddevices/A101_1_1.WAV', 'sounddevices/A101_1_2.WAV'], 2],
      ['family:USSDVGR1112089007124004008218600@sounddevices', ['sounddevices/A101_2.WAV'], 2],
      ['family:USSDVGR1112089007124014008228300@sounddevices', ['sounddevices/A101_3.WAV'], 2],
      ['family:USSDVGR1112089007124015008231000@sounddevices', ['sounddevices/A101_4.WAV'], 2],
    ]);
    expect(takes[0]!.tracks).toEqual([
      { position: 1, name: 'MKH516 A', nameSource: 'ixml', relativePath: 'sounddevices/A101_1.WAV', channel: 1, alternates: [{ relativePath: 'sounddevices/A101_1_1.WAV', channel: 1 }] },
      { position: 2, name: 'Boom', nameSource: 'ixml', relativePath: 'sounddevices/A101_1.WAV', channel: 2, alternates: [{ relativePath: 'sounddevices/A101_1_2.WAV', channel: 1 }] },
    ]);
    for (const t of takes) {
      expect(t.warnings).toEqual([]);
      expect(t.conflicts).toEqual([]); // the 702T writes the same scene, take, tape and names into bext and iXML
      expect(t).toMatchObject({ sampleRate: 48000, bitDepth: 24, encoding: 'pcm', container: 'RIFF', recordedOn: '2018-12-31' });
      expect(t.project).toEqual({ value: 'BMH', source: 'ixml' });
      expect(t.circled).toEqual({ value: false, source: 'default' }); // the 702T leaves CIRCLED out
    }
    // The takes were recorded back to back: each ends where the next starts.
    expect(takes.map((t) => [t.startTc, t.endTc])).toEqual([
      ['12:39:59:00', '12:40:04:00'],
      ['12:40:04:00', '12:40:14:00'],
      ['12:40:14:00', '12:40:15:00'],
      ['12:40:15:00', '12:40:18:00'],
    ]);
  });

  fixtureIt('match the Wave Agent sound report row of every file: scene, take, tape, track names, channels, rate, Start TC', async () => {
    const rows = readWaveAgentCsv(join(recorders!, 'WaveAgentSoundReport.sounddevices.csv'));
    const takes = groupTakes(await readTakeFiles(recorders!, join(recorders!, 'sounddevices')));
    const takeOf = (path: string): TakeRecord => takes.find((t) => t.relativePaths.includes(path))!;
    const checked: string[] = [];
    for (const take of takes) {
      for (const path of take.relativePaths) {
        const name = path.split('/').pop()!;
        const row = rowFor(rows, name)!;
        expect(row).toBeDefined();
        const t = takeOf(path);
        expect({
          file: name,
          tape: t.tape?.value,
          scene: t.scene?.value,
          take: t.take?.value.padStart(2, '0'), // the report pads take numbers: "01"
          channels: t.channelCount,
          sampleRate: t.sampleRate,
          bitDepth: t.bitDepth,
          rate: t.timecodeRate?.value.label,
          startTc: t.startTc,
          tracks: t.tracks.map((k) => k.name),
        }).toEqual({
          file: name,
          tape: row['Tape'],
          scene: row['Scene'],
          take: row['Take'],
          channels: Number(/^(\d+)/.exec(row['Channels']!)![1]),
          sampleRate: Number(row['Sample Rate']),
          bitDepth: Number(row['Bit Depth']),
          rate: '23.976 ND', // the report says "23.97 ND"
          startTc: row['Start TC'],
          tracks: row.tracks,
        });
        // A split file's row is its set's ("A101_1_X.WAV", "2(MONO)"); its own channel is its track's alternate.
        if (row['File Name'] !== name) {
          expect(row['Channels']).toBe('2(MONO)');
          expect(t.tracks.flatMap((k) => k.alternates.map((a) => a.relativePath))).toContain(path);
        }
        checked.push(name);
      }
    }
    expect(checked.sort()).toEqual(['A101_1.WAV', 'A101_1_1.WAV', 'A101_1_2.WAV', 'A101_2.WAV', 'A101_3.WAV', 'A101_4.WAV']);
  });
});

describe('the Zoom F8 discrete take folder', () => {
  fixtureIt('is ONE take of ten tracks in the F8\u2019s order, named from iXML', async () => {
    const files = await readTakeFiles(recorders!, join(recorders!, ZOOM));
    expect(files).toHaveLength(9);
    const takes = groupTakes(files);
    expect(takes).toHaveLength(1);
    const take = takes[0]!;
    expect(take.key).toBe(`family:ZOOM F8    201902132240180180000@${ZOOM}`); // the F8's FAMILY_UID has four spaces in it
    expect(take.channelCount).toBe(10);
    expect(take.tracks.map((t) => `${t.position} ${t.name} (${t.nameSource}) ${t.relativePath.slice(ZOOM.length + 1)}:${t.channel}`)).toEqual([
      '1 Mix-L (ixml) Scene_1_2AG-T001_TrL_R.WAV:1',
      '2 Mix-R (ixml) Scene_1_2AG-T001_TrL_R.WAV:2',
      '3 BOOM (ixml) Scene_1_2AG-T001_Tr1.WAV:1',
      '4 MID (ixml) Scene_1_2AG-T001_Tr2.WAV:1',
      '5 Jade (ixml) Scene_1_2AG-T001_Tr3.WAV:1',
      '6 Quinn (ixml) Scene_1_2AG-T001_Tr4.WAV:1',
      '7 BOOM_D (ixml) Scene_1_2AG-T001_Tr1_D.WAV:1',
      '8 MID_D (ixml) Scene_1_2AG-T001_Tr2_D.WAV:1',
      '9 Bob (ixml) Scene_1_2AG-T001_Tr7.WAV:1',
      '10 Ajax (ixml) Scene_1_2AG-T001_Tr8.WAV:1',
    ]);
    expect(take).toMatchObject({
      scene: { value: 'Scene_1_2AG', source: 'ixml' },
      take: { value: '001', source: 'ixml' },
      tape: { value: 'WINFO', source: 'ixml' },
      project: { value: 'WINFO', source: 'ixml' },
      note: { value: 'Test 01 wavinfo', source: 'ixml' },
      circled: { value: false, source: 'ixml' },
      flags: { value: [], source: 'default' },
      timecodeRate: { value: { nominalFps: 25, pullDown: false, dropFrame: false, label: '25 ND' }, source: 'ixml' },
      startSamples: { value: 3917280000, source: 'bext' },
      startTc: '22:40:10:00',
      endTc: '22:40:21:00',
      frames: 528000,
      durationSeconds: 11,
      sampleRate: 48000,
      bitDepth: 24,
      recordedOn: '2019-02-13',
      warnings: [],
    });
    // bext names every track by its number (TR1=Tr1…); iXML's names win, and each overruled one is on record.
    expect(take.conflicts).toHaveLength(10);
    expect(take.conflicts).toContainEqual({
      field: 'track 1 name',
      kept: { value: 'BOOM', source: 'ixml' },
      ignored: { value: 'Tr1', source: 'bext' },
      relativePath: `${ZOOM}/Scene_1_2AG-T001_Tr1.WAV`,
    });
  });

  fixtureIt('has iXML <NAME>BOOM winning over bext TR1=Tr1 in the Tr1 file itself', async () => {
    const [tr1] = (await readTakeFiles(recorders!, join(recorders!, ZOOM))).filter((f) => f.relativePath.endsWith('_Tr1.WAV'));
    expect(tr1!.info.bext?.descriptionFields['TR1']).toBe('Tr1');
    const m = takeMetadataOf(tr1!.info, tr1!.relativePath);
    expect(m.tracks).toEqual([{ channel: 1, takeChannel: 3, name: { value: 'BOOM', source: 'ixml' } }]);
    expect(m.timecodeRate?.value.label).toBe('25 ND'); // iXML 25/1 NDF and bext SPEED=25.000ND agree
  });
});

describe('the whole recorders folder', () => {
  fixtureIt('makes five takes from fifteen files, whatever the order', async () => {
    const files = await readTakeFiles(recorders!);
    expect(files).toHaveLength(15);
    const takes = groupTakes(files);
    expect(takes.map((t) => `${t.scene?.value}/${t.take?.value} ${t.tracks.length}`)).toEqual(['A101/1 2', 'A101/2 2', 'A101/3 2', 'A101/4 2', 'Scene_1_2AG/001 10']);
    expect(groupTakes([...files].reverse())).toEqual(takes);
  });
});

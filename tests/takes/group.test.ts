/** groupTakes on hand-built files: one case per grouping rule, and the take-level values each rule feeds. */
import fc from 'fast-check';
import { groupTakes, type TakeFile } from '../../main/takes';
import { familyMember, wav, type FakeWav } from './wav-info';

const file = (relativePath: string, f: FakeWav = {}): TakeFile => ({ relativePath, info: wav(relativePath, f) });
const shape = (files: TakeFile[]) =>
  groupTakes(files).map((t) => ({ key: t.key, tracks: t.tracks.map((k) => `${k.position} ${k.name} <- ${k.relativePath.split('/').pop()}:${k.channel}`) }));

describe('groupTakes', () => {
  it('makes a poly file one take with one track per channel', () => {
    const [take, ...rest] = groupTakes([
      file('day1/S01T01.WAV', { channels: 3, bext: { sSCENE: '1', sTAKE: '1', sTRK1: 'Mix', sTRK3: 'Lav' }, timeReference: 0n }),
    ]);
    expect(rest).toEqual([]);
    expect(take!.key).toBe('file:day1/S01T01.WAV');
    expect(take!.channelCount).toBe(3);
    expect(take!.tracks.map((t) => [t.position, t.name, t.nameSource, t.channel])).toEqual([
      [1, 'Mix', 'bext', 1],
      [2, 'Track 2', 'default', 2],
      [3, 'Lav', 'bext', 3],
    ]);
  });

  it('groups by iXML FAMILY_UID whatever the names, ordered by CHANNEL_INDEX', () => {
    const files = [
      file('roll/zz.wav', familyMember('roll/zz.wav', 'FAM-1', 1, 'Boom', 3)),
      file('roll/aa.wav', familyMember('roll/aa.wav', 'FAM-1', 3, 'Lav 2', 3)),
      file('roll/mm.wav', familyMember('roll/mm.wav', 'FAM-1', 2, 'Lav 1', 3)),
      file('roll/other.wav', familyMember('roll/other.wav', 'FAM-2', 1, 'Boom', 1)),
    ];
    expect(shape(files)).toEqual([
      { key: 'family:FAM-1@roll', tracks: ['1 Boom <- zz.wav:1', '2 Lav 1 <- mm.wav:1', '3 Lav 2 <- aa.wav:1'] },
      { key: 'family:FAM-2@roll', tracks: ['1 Boom <- other.wav:1'] },
    ]);
    const [take] = groupTakes(files);
    expect(take!.relativePaths).toEqual(['roll/aa.wav', 'roll/mm.wav', 'roll/zz.wav']);
    expect(take!.scene).toEqual({ value: '12A', source: 'ixml' });
    expect(take!.startTc).toBe('10:00:00:00');
    expect(take!.endTc).toBe('10:00:01:00');
    expect(take!.familyUid).toBe('FAM-1');
  });

  it('keeps a family found in two folders as two takes (a copy on the card does not double the tracks)', () => {
    expect(shape([file('a/x_1.wav', familyMember('', 'F', 1, 'Boom', 1)), file('b/x_1.wav', familyMember('', 'F', 1, 'Boom', 1))]).map((t) => t.key)).toEqual([
      'family:F@a',
      'family:F@b',
    ]);
  });

  it('groups Sound Devices split mono files by name and start, numbering unnamed tracks by position', () => {
    const start = { timeReference: 1000n, bext: { sSCENE: '5' } };
    expect(
      shape([
        file('S05T02_2.WAV', start),
        file('S05T02_1.WAV', start),
        file('S05T02_A.WAV', start), // after _1…_9
        file('S05T02_3.WAV', { ...start, timeReference: 9999n }), // same name pattern, another start: not this take
      ]),
    ).toEqual([
      { key: 'name:./S05T02_*@1000', tracks: ['1 Track 1 <- S05T02_1.WAV:1', '2 Track 2 <- S05T02_2.WAV:1', '3 Track 3 <- S05T02_A.WAV:1'] },
      { key: 'name:./S05T02_*@9999', tracks: ['1 Track 1 <- S05T02_3.WAV:1'] },
    ]);
  });

  it('never groups poly files by the split-mono suffix: A101_1.WAV and A101_2.WAV are takes 1 and 2 on a 702T', () => {
    const poly = (take: string, t: bigint): FakeWav => ({ channels: 2, bext: { sSCENE: 'A101', sTAKE: take }, timeReference: t });
    expect(shape([file('A101_1.WAV', poly('1', 100n)), file('A101_2.WAV', poly('2', 100n))]).map((t) => t.key)).toEqual(['file:A101_1.WAV', 'file:A101_2.WAV']);
  });

  it('does not group mono files by suffix without a start to confirm them', () => {
    expect(shape([file('X_1.WAV'), file('X_2.WAV')]).map((t) => t.key)).toEqual(['file:X_1.WAV', 'file:X_2.WAV']);
  });

  it('groups Zoom split files by name: mix first, then tracks by number, a dual-channel file after its track', () => {
    const bext = { bext: { SCENE: 'S1', TAKE: '001', TRL: 'Mix L', TRR: 'Mix R', TR1: 'Boom', TR2: 'Lav', SPEED: '25.000ND' }, timeReference: 48000n };
    expect(
      shape([
        file('F8/S1-T001_Tr2.WAV', bext),
        file('F8/S1-T001_Tr1_D.WAV', bext),
        file('F8/S1-T001_TrL_R.WAV', { ...bext, channels: 2 }),
        file('F8/S1-T001_Tr1.WAV', bext),
        file('F8/S1-T002_Tr1.WAV', bext),
      ]),
    ).toEqual([
      {
        key: 'name:F8/S1-T001_Tr*',
        tracks: ['1 Mix L <- S1-T001_TrL_R.WAV:1', '2 Mix R <- S1-T001_TrL_R.WAV:2', '3 Boom <- S1-T001_Tr1.WAV:1', '4 Boom_D <- S1-T001_Tr1_D.WAV:1', '5 Lav <- S1-T001_Tr2.WAV:1'],
      },
      { key: 'name:F8/S1-T002_Tr*', tracks: ['1 Boom <- S1-T002_Tr1.WAV:1'] },
    ]);
  });

  it('makes every file of a Zoom .TAKE folder one take, whatever its name', () => {
    expect(shape([file('Sc-T001.TAKE/one.wav'), file('Sc-T001.TAKE/two.wav', { channels: 2 })])).toEqual([
      { key: 'folder:Sc-T001.TAKE', tracks: ['1 Track 1 <- one.wav:1', '2 Track 2 <- two.wav:1', '3 Track 3 <- two.wav:2'] },
    ]);
  });

  it('makes a poly file and a tool\u2019s mono split of it one take: the recording leads, the split files are alternates', () => {
    const ixml = (fileUid: string, totalFiles: number, tracks: { channelIndex: number; interleaveIndex: number; name: string }[]) => ({
      scene: 'A101',
      take: '1',
      fileUid,
      fileSet: { familyUid: 'FAM', totalFiles },
      tracks,
    });
    const poly = file('A101_1.WAV', { channels: 2, originatorReference: 'UID-POLY', timeReference: 5n, ixml: ixml('UID-POLY', 1, [
      { channelIndex: 1, interleaveIndex: 1, name: 'MKH' },
      { channelIndex: 2, interleaveIndex: 2, name: 'Boom' },
    ]) });
    const split1 = file('A101_1_1.WAV', { originatorReference: 'UID-POLY', timeReference: 5n, ixml: ixml('UID-S1', 2, [{ channelIndex: 1, interleaveIndex: 1, name: 'MKH' }]) });
    const split2 = file('A101_1_2.WAV', { originatorReference: 'UID-POLY', timeReference: 5n, ixml: ixml('UID-S2', 2, [{ channelIndex: 2, interleaveIndex: 1, name: 'Boom' }]) });
    for (const files of [[poly, split1, split2], [split2, split1, poly]]) {
      const takes = groupTakes(files);
      expect(takes).toHaveLength(1);
      expect(takes[0]!.channelCount).toBe(2);
      expect(takes[0]!.relativePaths).toEqual(['A101_1.WAV', 'A101_1_1.WAV', 'A101_1_2.WAV']);
      expect(takes[0]!.tracks).toEqual([
        { position: 1, name: 'MKH', nameSource: 'ixml', relativePath: 'A101_1.WAV', channel: 1, alternates: [{ relativePath: 'A101_1_1.WAV', channel: 1 }] },
        { position: 2, name: 'Boom', nameSource: 'ixml', relativePath: 'A101_1.WAV', channel: 2, alternates: [{ relativePath: 'A101_1_2.WAV', channel: 1 }] },
      ]);
      expect(takes[0]!.warnings).toEqual([]);
    }
    // Without the OriginatorReference link, the rendition with fewer files (the poly) still leads.
    const unlinked = [poly, split1, split2].map((f) => ({ ...f, info: { ...f.info, bext: { ...f.info.bext!, originatorReference: '' } } }));
    expect(groupTakes(unlinked)[0]!.tracks.map((t) => t.relativePath)).toEqual(['A101_1.WAV', 'A101_1.WAV']);
  });

  it('lets a split set lead when its files name the other rendition as derived from them', () => {
    // A tool combined split files into a poly file: the poly names the first split file as its origin.
    const member = (path: string, ch: number, uid: string, origin: string): TakeFile =>
      file(path, { ...familyMember(path, 'FAM', ch, `T${ch}`, 2, { fileUid: uid }), originatorReference: origin });
    const poly = file('combined.wav', {
      channels: 2,
      originatorReference: 'S1',
      timeReference: 36000n * 48000n,
      ixml: { fileUid: 'P', fileSet: { familyUid: 'FAM', totalFiles: 1 }, tracks: [{ channelIndex: 1, interleaveIndex: 1 }, { channelIndex: 2, interleaveIndex: 2 }] },
    });
    const take = groupTakes([poly, member('s_1.wav', 1, 'S1', 'S1'), member('s_2.wav', 2, 'S2', 'S1')])[0]!;
    expect(take.tracks.map((t) => `${t.name} <- ${t.relativePath} / ${t.alternates.map((a) => a.relativePath).join()}`)).toEqual([
      'T1 <- s_1.wav / combined.wav',
      'T2 <- s_2.wav / combined.wav',
    ]);
  });

  it('warns when two files of one recording claim the same take channel', () => {
    const take = groupTakes([file('a.wav', familyMember('a.wav', 'F', 1, 'A', 2)), file('b.wav', familyMember('b.wav', 'F', 1, 'B', 2))])[0]!;
    expect(take.tracks).toHaveLength(2);
    expect(take.warnings).toEqual([expect.objectContaining({ code: 'channel-claimed-twice', relativePath: 'b.wav' })]);
  });

  it('reports iXML-over-bext conflicts with the file they came from', () => {
    const f = familyMember('x.wav', 'F', 1, 'BOOM', 1);
    const take = groupTakes([file('x.wav', { ...f, bext: { TR1: 'Tr1', SCENE: '12' } })])[0]!;
    expect(take.tracks[0]).toMatchObject({ name: 'BOOM', nameSource: 'ixml' });
    expect(take.scene).toEqual({ value: '12A', source: 'ixml' });
    expect(take.conflicts).toEqual([
      { field: 'scene', kept: { value: '12A', source: 'ixml' }, ignored: { value: '12', source: 'bext' }, relativePath: 'x.wav' },
      { field: 'track 1 name', kept: { value: 'BOOM', source: 'ixml' }, ignored: { value: 'Tr1', source: 'bext' }, relativePath: 'x.wav' },
    ]);
  });

  it('says so when the files of one take disagree, and passes on the reader\u2019s warnings', () => {
    const a = familyMember('a.wav', 'F', 1, 'A', 2);
    const b = familyMember('b.wav', 'F', 2, 'B', 2, { scene: '99' });
    const take = groupTakes([
      file('a.wav', { ...a, frames: 48000 }),
      file('b.wav', { ...b, frames: 24000, warnings: [{ code: 'truncated-data', message: 'the data chunk promises 2 s, the file holds 0.5 s' }] }),
    ])[0]!;
    expect(take.frames).toBe(48000);
    expect(take.scene?.value).toBe('12A');
    expect(take.warnings.map((w) => [w.code, w.relativePath])).toEqual([
      ['truncated-data', 'b.wav'],
      ['files-disagree', 'b.wav'], // length
      ['files-disagree', 'b.wav'], // scene
    ]);
    expect(take.warnings[2]!.message).toBe('scene: a.wav says "12A", b.wav says "99"');
  });

  it('gives no timecode without a rate, and none for a start that is no time of day', () => {
    const noRate = groupTakes([file('a.wav', { timeReference: 48000n })])[0]!;
    expect(noRate.startSamples).toEqual({ value: 48000, source: 'bext' });
    expect(noRate.startTc).toBeUndefined();
    const hostile = groupTakes([file('b.wav', { timeReference: 2n ** 64n - 1n, bext: { sSPEED: '025.000-ND' } })])[0]!;
    expect(hostile.startSamples).toBeUndefined();
    expect(hostile.startTc).toBeUndefined();
    expect(hostile.warnings).toEqual([expect.objectContaining({ code: 'start-not-time-of-day' })]);
    const late = groupTakes([file('c.wav', { timeReference: 86401n * 48000n, bext: { sSPEED: '025.000-ND' } })])[0]!;
    expect(late.startTc).toBe('00:00:01:00');
    expect(late.warnings).toEqual([expect.objectContaining({ code: 'start-not-time-of-day' })]);
  });

  it('carries format, length, recording date and timecode into the take', () => {
    const take = groupTakes([
      file('x.wav', { channels: 2, sampleRate: 96000, bits: 32, frames: 96000 * 90, timeReference: 96000n * 3600n, originationDate: '2024:05:01', bext: { sSPEED: '029.970-DF' } }),
    ])[0]!;
    expect(take).toMatchObject({
      sampleRate: 96000,
      bitDepth: 32,
      encoding: 'pcm',
      container: 'RIFF',
      frames: 96000 * 90,
      durationSeconds: 90,
      recordedOn: '2024-05-01',
      startTc: '01:00:00;00', // drop frame keeps timecode on the wall clock: one hour of samples is 01:00:00;00
      endTc: '01:01:29;29', // 90 s later is frame 110589.4, not yet 01:01:30;00 (DF is exact only every ten minutes)
      timecodeRate: { value: expect.objectContaining({ label: '29.97 DF' }), source: 'bext' },
    });
  });

  it('groups the same way whatever order the files come in', () => {
    const files = [
      file('F8/S1-T001_Tr1.WAV', { timeReference: 1n }),
      file('F8/S1-T001_Tr2.WAV', { timeReference: 1n }),
      file('A_1.WAV', { timeReference: 7n }),
      file('A_2.WAV', { timeReference: 7n }),
      file('p.wav', { channels: 2 }),
      file('r/a.wav', familyMember('', 'F', 2, 'B', 2)),
      file('r/b.wav', familyMember('', 'F', 1, 'A', 2)),
    ];
    const expected = groupTakes(files);
    fc.assert(
      fc.property(fc.shuffledSubarray(files, { minLength: files.length, maxLength: files.length }), (shuffled) => {
        expect(groupTakes(shuffled)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

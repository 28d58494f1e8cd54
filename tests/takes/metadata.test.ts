/** takeMetadataOf on hand-built files: each merge rule, each source, each fallback. */
import { takeMetadataOf } from '../../main/takes';
import { wav } from './wav-info';

const meta = (path: string, f: Parameters<typeof wav>[1]) => takeMetadataOf(wav(path, f), path);

describe('takeMetadataOf', () => {
  it('reads Sound Devices bext pairs (s-prefixed) when there is no iXML', () => {
    const m = meta('A101_2.WAV', {
      channels: 2,
      bext: { sSPEED: '029.970-DF', sSCENE: 'A101', sTAKE: '2', sTAPE: '18Y12M31', sPROJECT: 'BMH', sTRK1: 'MKH516 A', sTRK2: 'Boom', sNOTE: 'siren' },
      timeReference: 2191180996n,
      originationDate: '2018-12-31',
    });
    expect(m.scene).toEqual({ value: 'A101', source: 'bext' });
    expect(m.take).toEqual({ value: '2', source: 'bext' });
    expect(m.tape).toEqual({ value: '18Y12M31', source: 'bext' });
    expect(m.project).toEqual({ value: 'BMH', source: 'bext' });
    expect(m.note).toEqual({ value: 'siren', source: 'bext' });
    expect(m.timecodeRate).toEqual({ value: expect.objectContaining({ label: '29.97 DF' }), source: 'bext' });
    expect(m.startSamples).toEqual({ value: 2191180996n, source: 'bext' });
    expect(m.tracks.map((t) => [t.channel, t.name.value, t.name.source])).toEqual([
      [1, 'MKH516 A', 'bext'],
      [2, 'Boom', 'bext'],
    ]);
    expect(m.recordedOn).toBe('2018-12-31');
    expect(m.conflicts).toEqual([]);
  });

  it('reads Zoom bext pairs (no prefix), CIRCLED and the SPEED spelled without a dash', () => {
    const m = meta('Scene7-T004_Tr2.WAV', { bext: { SPEED: '25.000ND', SCENE: 'Scene7', TAKE: '004', CIRCLED: 'TRUE', TR1: 'Tr1', TR2: 'Lav Anna', NOTE: 'plane' } });
    expect(m.scene).toEqual({ value: 'Scene7', source: 'bext' });
    expect(m.circled).toEqual({ value: true, source: 'bext' });
    expect(m.timecodeRate?.value.label).toBe('25 ND');
    // A Zoom mono file's track is named by the TRn its file name says, not by the first TR key.
    expect(m.tracks).toEqual([{ channel: 1, name: { value: 'Lav Anna', source: 'bext' } }]);
  });

  it('lets iXML win over bext, and reports every bext value it overrode', () => {
    const m = meta('S12_T3.WAV', {
      channels: 2,
      bext: { sSCENE: '12', sTAKE: '3', sTRK1: 'Tr1', sTRK2: 'Boom', sSPEED: '025.000-ND', CIRCLED: 'FALSE' },
      timeReference: 100n,
      ixml: {
        scene: '12A',
        take: '03', // the same take number, written differently: no conflict
        circled: true,
        tracks: [
          { channelIndex: 1, interleaveIndex: 1, name: 'BOOM', function: 'BOOM' },
          { channelIndex: 2, interleaveIndex: 2, name: 'Boom' },
        ],
        speed: { timecodeRate: '24000/1001', timecodeFlag: 'NDF', timestampSamplesSinceMidnight: 200n },
      },
    });
    expect(m.scene).toEqual({ value: '12A', source: 'ixml' });
    expect(m.take).toEqual({ value: '03', source: 'ixml' });
    expect(m.circled).toEqual({ value: true, source: 'ixml' });
    expect(m.timecodeRate).toEqual({ value: expect.objectContaining({ label: '23.976 ND' }), source: 'ixml' });
    expect(m.tracks[0]).toEqual({ channel: 1, takeChannel: 1, name: { value: 'BOOM', source: 'ixml' }, function: 'BOOM' });
    // Start samples are the exception: bext TimeReference is the field, iXML's stamp a copy.
    expect(m.startSamples).toEqual({ value: 100n, source: 'bext' });
    expect(m.conflicts).toEqual([
      { field: 'scene', kept: { value: '12A', source: 'ixml' }, ignored: { value: '12', source: 'bext' } },
      { field: 'circled', kept: { value: 'true', source: 'ixml' }, ignored: { value: 'false', source: 'bext' } },
      { field: 'timecodeRate', kept: { value: '23.976 ND', source: 'ixml' }, ignored: { value: '25 ND', source: 'bext' } },
      { field: 'startSamples', kept: { value: '100', source: 'bext' }, ignored: { value: '200', source: 'ixml' } },
      { field: 'track 1 name', kept: { value: 'BOOM', source: 'ixml' }, ignored: { value: 'Tr1', source: 'bext' } },
    ]);
  });

  it('treats empty iXML elements as silent, so bext speaks', () => {
    const m = meta('a.WAV', { bext: { sNOTE: 'bird', sSCENE: '4' }, ixml: { note: '', scene: '  ', tracks: [{ interleaveIndex: 1, name: '' }] } });
    expect(m.note).toEqual({ value: 'bird', source: 'bext' });
    expect(m.scene).toEqual({ value: '4', source: 'bext' });
    expect(m.tracks[0]!.name).toEqual({ value: 'Track 1', source: 'default' });
  });

  it('falls back to defaults when nothing is written', () => {
    const m = meta('take.wav', { channels: 3 });
    expect(m.scene).toBeUndefined();
    expect(m.timecodeRate).toBeUndefined();
    expect(m.startSamples).toBeUndefined();
    expect(m.circled).toEqual({ value: false, source: 'default' });
    expect(m.flags).toEqual({ value: [], source: 'default' });
    expect(m.tracks.map((t) => t.name)).toEqual([
      { value: 'Track 1', source: 'default' },
      { value: 'Track 2', source: 'default' },
      { value: 'Track 3', source: 'default' },
    ]);
  });

  it('names a Zoom file from its file name when the file says nothing, and takes scene and take from it too', () => {
    const m = meta('F8/Scene7-T004.TAKE/Scene7-T004_TrL_R.WAV', { channels: 2 });
    expect(m.scene).toEqual({ value: 'Scene7', source: 'filename' });
    expect(m.take).toEqual({ value: '004', source: 'filename' });
    expect(m.tracks.map((t) => t.name)).toEqual([
      { value: 'TrL', source: 'filename' },
      { value: 'TrR', source: 'filename' },
    ]);
  });

  it('names a Zoom dual-channel file after its track, as the F8 does in iXML (BOOM → BOOM_D)', () => {
    const m = meta('X-T001_Tr1_D.WAV', { bext: { TR1: 'BOOM', TR5: 'Tr1' } });
    expect(m.tracks[0]!.name).toEqual({ value: 'BOOM_D', source: 'bext' });
  });

  it('gathers flags from the iXML booleans and the TAKE_TYPE list, DEFAULT being no flag', () => {
    expect(meta('a.wav', { ixml: { noGood: true, wildTrack: false, takeType: ['DEFAULT', 'PICKUP'] } }).flags).toEqual({ value: ['NO_GOOD', 'PICKUP'], source: 'ixml' });
    expect(meta('a.wav', { ixml: { takeType: ['DEFAULT'] } }).flags).toEqual({ value: [], source: 'ixml' });
    expect(meta('a.wav', { ixml: { falseStart: true, wildTrack: true } }).flags.value).toEqual(['FALSE_START', 'WILD_TRACK']);
    expect(meta('a.wav', { bext: { sWILD_TRACK: 'TRUE' } }).flags).toEqual({ value: ['WILD_TRACK'], source: 'bext' });
  });

  it('takes the start from iXML when bext is absent, or when bext says 0 beside a real iXML stamp', () => {
    expect(meta('a.wav', { ixml: { speed: { timestampSamplesSinceMidnight: 7n } } }).startSamples).toEqual({ value: 7n, source: 'ixml' });
    expect(meta('a.wav', { timeReference: 0n, ixml: { speed: { timestampSamplesSinceMidnight: 7n } } }).startSamples).toEqual({ value: 7n, source: 'ixml' });
    expect(meta('a.wav', { timeReference: 0n }).startSamples).toEqual({ value: 0n, source: 'bext' });
  });

  it('finds iXML tracks by INTERLEAVE_INDEX, else by CHANNEL_INDEX', () => {
    const byInterleave = meta('a.wav', { channels: 2, ixml: { tracks: [{ interleaveIndex: 2, channelIndex: 7, name: 'B' }, { interleaveIndex: 1, channelIndex: 3, name: 'A' }] } });
    expect(byInterleave.tracks.map((t) => [t.channel, t.takeChannel, t.name.value])).toEqual([
      [1, 3, 'A'],
      [2, 7, 'B'],
    ]);
    const byChannel = meta('a.wav', { channels: 2, ixml: { tracks: [{ channelIndex: 2, name: 'B' }, { channelIndex: 1, name: 'A' }] } });
    expect(byChannel.tracks.map((t) => t.name.value)).toEqual(['A', 'B']);
  });

  it('names a Sound Devices split file by its only sTRKn, which carries its take channel', () => {
    const m = meta('A101_1_2.WAV', { bext: { sSCENE: 'A101', sTRK2: 'Boom' }, timeReference: 5n });
    expect(m.tracks).toEqual([{ channel: 1, takeChannel: 2, name: { value: 'Boom', source: 'bext' } }]);
  });
});

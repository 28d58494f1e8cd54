/**
 * The reader against real recorder files (Sound Devices 702T poly and split mono, a Zoom F8 discrete take folder):
 * every file in the fixtures folder, its exact format, audio extent, bext and iXML, cross-checked against the Wave
 * Agent sound report that came with the Sound Devices files and, independently, against ffprobe.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseWavBytes, readWavInfo, type WavInfo } from '../../main/wav';
import { fileSource, type ByteSource } from '../../main/wav/byte-source';
import { readWavSource } from '../../main/wav/read-wav';
import { fixturesDir } from '../support/fixtures';
import { hasTool } from '../support/tools';

const base = fixturesDir();
const recorders = base && join(base, 'recorders');
const present = recorders !== undefined && statSync(recorders, { throwIfNoEntry: false })?.isDirectory() === true;
if (!present) console.log('tests/wav/fixtures: ../shared/fixtures/recorders is absent: real recorder files not checked');
const describeFixtures = present ? describe : describe.skip;

function listWavs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listWavs(join(dir, e.name)) : /\.wav$/i.test(e.name) ? [join(dir, e.name)] : [],
  );
}

interface Expected {
  channels: number;
  dataOffset: number;
  declaredDataSize: number;
  timeReference: bigint;
  scene: string;
  take: string;
  tape: string;
  /** iXML TRACK names, CHANNEL_INDEX, INTERLEAVE_INDEX, in order. */
  tracks: [string, number, number][];
  fileSet: { totalFiles: number; fileSetIndex: string; familyUid: string };
  descriptionFields: Record<string, string>;
  codingHistory: string;
}

const SD_COMMON = { sSPEED: '023.976-ND', sSWVER: '2.67', sPROJECT: 'BMH', sSCENE: 'A101', sTAPE: '18Y12M31', sNOTE: '' };
const SD_HISTORY = 'A=PCM,F=48000,W=24,M=stereo,R=48000,T=2 Ch';
const sdPoly = (take: number, tr: bigint, dataSize: number, family: string): Expected => ({
  channels: 2,
  dataOffset: 6144,
  declaredDataSize: dataSize,
  timeReference: tr,
  scene: 'A101',
  take: String(take),
  tape: '18Y12M31',
  tracks: [
    ['MKH516 A', 1, 1],
    ['Boom', 2, 2],
  ],
  fileSet: { totalFiles: 1, fileSetIndex: 'A', familyUid: family },
  descriptionFields: {
    ...SD_COMMON,
    sTAKE: String(take),
    sUBITS: `$1231180${take}`,
    sFILENAME: `A101_${take}.WAV`,
    sTRK1: 'MKH516 A',
    sTRK2: 'Boom',
  },
  codingHistory: SD_HISTORY,
});
const sdSplit = (n: 1 | 2, dataOffset: number, trk: string): Expected => ({
  channels: 1,
  dataOffset,
  declaredDataSize: 720717, // odd, and no pad byte at the end of the file: real split files are like this
  timeReference: 2190940753n,
  scene: 'A101',
  take: '1',
  tape: '18Y12M31',
  tracks: [[trk, n, 1]],
  fileSet: { totalFiles: 2, fileSetIndex: String(n), familyUid: 'USSDVGR1112089007124001008206300' },
  descriptionFields: { ...SD_COMMON, sTAKE: '1', sUBITS: '$12311801', sFILENAME: `A101_1_${n}.WAV`, [`sTRK${n}`]: trk },
  codingHistory: '',
});

const ZOOM_DESCRIPTION: Record<string, string> = {
  SPEED: '25.000ND',
  TAKE: '001',
  UBITS: '00000000',
  SCENE: 'Scene_1_2AG',
  TAPE: 'WINFO',
  CIRCLED: 'FALSE',
  TRL: 'TrL',
  TRR: 'TrR',
  TR1: 'Tr1',
  TR2: 'Tr2',
  TR3: 'Tr3',
  TR4: 'Tr4',
  TR5: 'Tr1',
  TR6: 'Tr2',
  TR7: 'Tr7',
  TR8: 'Tr8',
  NOTE: 'Test 01 wavinfo',
};
const zoom = (channels: 1 | 2, tracks: [string, number, number][], index: string, history: string): Expected => ({
  channels,
  dataOffset: 131072, // Zoom aligns the audio with a PAD chunk
  declaredDataSize: channels * 1584000,
  timeReference: 3917280000n,
  scene: 'Scene_1_2AG',
  take: '001',
  tape: 'WINFO',
  tracks,
  fileSet: { totalFiles: 9, fileSetIndex: index, familyUid: 'ZOOM F8    201902132240180180000' },
  descriptionFields: ZOOM_DESCRIPTION,
  codingHistory: history,
});
const zoomMono = (name: string, ch: number): Expected =>
  zoom(1, [[name, ch, 1]], String(ch), 'A=PCM,F=48000,W=24,M=mono,T=F8;VERSION=1.10;');

/** Values read independently (hex dump of each file) and from the recorders' own sound report. */
const EXPECTED: Record<string, Expected> = {
  'A101_1.WAV': sdPoly(1, 2190940753n, 1441434, 'USSDVGR1112089007124001008206300'),
  'A101_2.WAV': sdPoly(2, 2191180996n, 2882856, 'USSDVGR1112089007124004008218600'),
  'A101_3.WAV': sdPoly(3, 2191661476n, 288264, 'USSDVGR1112089007124014008228300'),
  'A101_4.WAV': sdPoly(4, 2191709524n, 864840, 'USSDVGR1112089007124015008231000'),
  'A101_1_1.WAV': sdSplit(1, 10886, 'MKH516 A'),
  'A101_1_2.WAV': sdSplit(2, 10882, 'Boom'),
  // Zoom F8: iXML NAME is the mixer's name (BOOM), bext TR1= the input's (Tr1); both are reported raw.
  'Scene_1_2AG-T001_Tr1.WAV': zoomMono('BOOM', 3),
  'Scene_1_2AG-T001_Tr1_D.WAV': zoomMono('BOOM_D', 7),
  'Scene_1_2AG-T001_Tr2.WAV': zoomMono('MID', 4),
  'Scene_1_2AG-T001_Tr2_D.WAV': zoomMono('MID_D', 8),
  'Scene_1_2AG-T001_Tr3.WAV': zoomMono('Jade', 5),
  'Scene_1_2AG-T001_Tr4.WAV': zoomMono('Quinn', 6),
  'Scene_1_2AG-T001_Tr7.WAV': zoomMono('Bob', 9),
  'Scene_1_2AG-T001_Tr8.WAV': zoomMono('Ajax', 10),
  'Scene_1_2AG-T001_TrL_R.WAV': zoom(
    2,
    [
      ['Mix-L', 1, 1],
      ['Mix-R', 2, 2],
    ],
    'A',
    'A=PCM,F=48000,W=24,M=stereo,T=F8;VERSION=1.10;',
  ),
};

/** Counts every read the reader makes, to prove it stays out of the audio. */
function countingSource(inner: ByteSource): ByteSource & { reads: [number, number][] } {
  const reads: [number, number][] = [];
  return {
    size: inner.size,
    reads,
    read: async (offset, length) => {
      reads.push([offset, length]);
      return inner.read(offset, length);
    },
  };
}

/** Minimal CSV (quoted fields, CR / LF / CRLF line ends): the Wave Agent report uses CR only. */
function parseCsv(text: string): string[][] {
  return text
    .split(/\r\n|\r|\n/)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const cells: string[] = [];
      let cur = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i]!;
        if (quoted && c === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (c === '"') {
          quoted = !quoted;
        } else if (c === ',' && !quoted) {
          cells.push(cur);
          cur = '';
        } else {
          cur += c;
        }
      }
      cells.push(cur);
      return cells.map((s) => s.trim());
    });
}

/** SMPTE timecode of a sample count since midnight; 23.976 / 29.97 NDF count frames at the 1.001-slow rate. */
function timecode(samples: bigint, sampleRate: number, fps: number, pulldown: boolean): string {
  const samplesPerFrame = pulldown ? (sampleRate * 1001) / (fps * 1000) : sampleRate / fps;
  const frames = Math.floor(Number(samples) / samplesPerFrame);
  const ff = frames % fps;
  const s = Math.floor(frames / fps);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(Math.floor(s / 3600))}:${p(Math.floor(s / 60) % 60)}:${p(s % 60)}:${p(ff)}`;
}

describeFixtures('real recorder files', () => {
  const files = present ? listWavs(recorders!).sort() : [];
  const infos = new Map<string, WavInfo>();

  beforeAll(async () => {
    for (const f of files) infos.set(basename(f), await readWavInfo(f));
  });

  it('finds every fixture and has expectations for each', () => {
    expect(files.length).toBe(15);
    expect(files.map((f) => basename(f)).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('%s: format, extent, bext and iXML', (name) => {
    const info = infos.get(name)!;
    const exp = EXPECTED[name]!;
    const file = files.find((f) => basename(f) === name)!;
    expect(info.path).toBe(file);
    expect(info.fileSize).toBe(statSync(file).size);
    expect(info.warnings).toEqual([]);
    expect(info.format).toEqual({
      container: 'RIFF',
      formatTag: 1,
      encoding: 'pcm',
      channels: exp.channels,
      sampleRate: 48000,
      bitsPerSample: 24,
      blockAlign: exp.channels * 3,
      byteRate: 48000 * exp.channels * 3,
    });
    expect(info.dataOffset).toBe(exp.dataOffset);
    expect(info.declaredDataSize).toBe(exp.declaredDataSize);
    // Every file here is complete: data runs to the end of the file, and is a whole number of frames.
    expect(info.dataOffset + info.declaredDataSize).toBe(info.fileSize);
    expect(info.dataSize).toBe(exp.declaredDataSize);
    expect(info.frames * info.format.blockAlign).toBe(info.dataSize);
    expect(info.durationSeconds).toBeCloseTo(info.frames / 48000, 12);
    expect(info.chunks.find((c) => c.id === 'data')).toEqual({ id: 'data', offset: exp.dataOffset - 8, size: exp.declaredDataSize });

    const bext = info.bext!;
    expect(bext.timeReference).toBe(exp.timeReference);
    expect(bext.version).toBe(1);
    expect(bext.umid).toBe('');
    expect(bext.loudnessValue).toBeUndefined();
    expect(bext.descriptionFields).toEqual(exp.descriptionFields);
    expect(bext.codingHistory.startsWith(exp.codingHistory)).toBe(true);
    expect(bext.description.split('\r\n').length).toBe(Object.keys(exp.descriptionFields).length);

    const ixml = info.ixml!;
    expect(ixml.scene).toBe(exp.scene);
    expect(ixml.take).toBe(exp.take);
    expect(ixml.tape).toBe(exp.tape);
    expect(ixml.tracks.map((t) => [t.name, t.channelIndex, t.interleaveIndex])).toEqual(exp.tracks);
    expect(ixml.fileSet).toEqual(exp.fileSet);
    expect(ixml.speed?.fileSampleRate).toBe(48000);
    expect(ixml.speed?.audioBitDepth).toBe(24);
    expect(ixml.speed?.timecodeFlag).toBe('NDF');
    expect(ixml.speed?.timestampSamplesSinceMidnight).toBe(exp.timeReference);
  });

  it('reads the 702T poly file A101_1.WAV field by field', () => {
    const info = infos.get('A101_1.WAV')!;
    expect(info.chunks.map((c) => c.id)).toEqual(['bext', 'iXML', 'fmt ', 'data']);
    expect(info.frames).toBe(240239);
    expect(info.bext).toMatchObject({
      originator: 'Sound Dev: 702T S#GR1112089007',
      originatorReference: 'USSDVGR1112089007124001008206301',
      originationDate: '2018-12-31',
      originationTime: '12:40:00',
      timeReference: 2190940753n,
      codingHistory: 'A=PCM,F=48000,W=24,M=stereo,R=48000,T=2 Ch',
    });
    expect(info.ixml).toEqual({
      project: 'BMH',
      scene: 'A101',
      take: '1',
      tape: '18Y12M31',
      ubits: '12311801',
      fileUid: 'USSDVGR1112089007124001008206301',
      speed: {
        masterSpeed: '24000/1001',
        currentSpeed: '24000/1001',
        timecodeFlag: 'NDF',
        timecodeRate: '24000/1001',
        fileSampleRate: 48000,
        audioBitDepth: 24,
        timestampSamplesSinceMidnight: 2190940753n,
      },
      fileSet: { totalFiles: 1, familyUid: 'USSDVGR1112089007124001008206300', fileSetIndex: 'A' },
      tracks: [
        { channelIndex: 1, interleaveIndex: 1, name: 'MKH516 A' },
        { channelIndex: 2, interleaveIndex: 2, name: 'Boom' },
      ],
    });
    // 2190940753 samples at 48 kHz, 23.976 NDF: the report's start timecode.
    expect(timecode(info.bext!.timeReference, 48000, 24, true)).toBe('12:39:59:00');
  });

  it('reads the Zoom F8 discrete take: iXML names and bext TRn= differ, both raw', () => {
    const tr1 = infos.get('Scene_1_2AG-T001_Tr1.WAV')!;
    expect(tr1.chunks.map((c) => c.id)).toEqual(['bext', 'iXML', 'fmt ', 'PAD ', 'data']);
    expect(tr1.ixml!.tracks[0]!.name).toBe('BOOM');
    expect(tr1.bext!.descriptionFields['TR1']).toBe('Tr1');
    expect(tr1.ixml).toMatchObject({ project: 'WINFO', circled: false, note: 'Test 01 wavinfo', ubits: '00000000' });
    expect(tr1.ixml!.speed).toMatchObject({ masterSpeed: '25/1', timecodeRate: '25/1' });
    expect(tr1.bext).toMatchObject({ originator: 'ZOOM F8', originatorReference: '', originationDate: '2019-02-13', originationTime: '22:40:18' });
    expect(tr1.frames).toBe(528000);
    expect(tr1.durationSeconds).toBe(11);
  });

  it('never reads the audio: only header regions, a few KiB per file', async () => {
    for (const f of files) {
      const fh = await open(f, 'r');
      try {
        const src = countingSource(fileSource(fh, (await fh.stat()).size));
        const info = await readWavSource(src, f);
        expect(info).toEqual(infos.get(basename(f)));
        for (const [offset, length] of src.reads) {
          const overlaps = offset < info.dataOffset + info.dataSize && offset + length > info.dataOffset;
          expect(overlaps).toBe(false);
        }
        expect(src.reads.reduce((n, [, l]) => n + l, 0)).toBeLessThan(12_000);
      } finally {
        await fh.close();
      }
    }
  });

  it('gives the same answer from a header-only buffer as from the file (one parser)', () => {
    for (const f of files) {
      const info = infos.get(basename(f))!;
      const whole = readFileSync(f);
      expect(parseWavBytes(whole, f)).toEqual(info);
      expect(parseWavBytes(whole.subarray(0, info.dataOffset), f, whole.length)).toEqual(info);
    }
  });

  it('agrees with the Wave Agent sound report (CR line endings) for the Sound Devices files', () => {
    const rows = parseCsv(readFileSync(join(recorders!, 'WaveAgentSoundReport.sounddevices.csv'), 'latin1'));
    const headerAt = rows.findIndex((r) => r[0] === 'File Name');
    expect(headerAt).toBeGreaterThan(0);
    const cols = rows[headerAt]!;
    const col = (row: string[], name: string): string => row[cols.indexOf(name)]!;
    const table = rows.slice(headerAt + 1);
    expect(table).toHaveLength(5);
    let checked = 0;
    for (const row of table) {
      const name = col(row, 'File Name');
      // "A101_1_X.WAV" is the report's name for the split set A101_1_1 + A101_1_2.
      const members = name.includes('_X') ? ['A101_1_1.WAV', 'A101_1_2.WAV'] : [name];
      const group = members.map((m) => infos.get(m)!);
      const [channels, kind] = /^(\d+)\((POLY|MONO)\)$/.exec(col(row, 'Channels'))!.slice(1) as [string, string];
      expect(group.reduce((n, i) => n + i.format.channels, 0)).toBe(Number(channels));
      if (kind === 'MONO') expect(group.every((i) => i.ixml!.fileSet!.totalFiles === group.length)).toBe(true);
      for (const info of group) {
        expect(info.ixml!.scene).toBe(col(row, 'Scene'));
        expect(info.bext!.descriptionFields['sSCENE']).toBe(col(row, 'Scene'));
        expect(Number(info.ixml!.take)).toBe(Number(col(row, 'Take')));
        expect(Number(info.bext!.descriptionFields['sTAKE'])).toBe(Number(col(row, 'Take')));
        expect(info.ixml!.tape).toBe(col(row, 'Tape'));
        expect(info.bext!.descriptionFields['sTAPE']).toBe(col(row, 'Tape'));
        expect(info.format.sampleRate).toBe(Number(col(row, 'Sample Rate')));
        expect(info.format.bitsPerSample).toBe(Number(col(row, 'Bit Depth')));
        const [h, m, s] = col(row, 'Length').split(':').map(Number) as [number, number, number];
        expect(Math.floor(info.durationSeconds)).toBe(h * 3600 + m * 60 + s);
        expect(col(row, 'Frame Rate')).toBe('23.97 ND');
        expect(timecode(info.bext!.timeReference, info.format.sampleRate, 24, true)).toBe(col(row, 'Start TC'));
        const names = info.ixml!.tracks.map((t) => t.name);
        const reportNames = cols.map((c, i) => (/^T\d+$/.test(c) ? row[i] : undefined)).filter((n): n is string => !!n);
        expect(reportNames).toEqual(expect.arrayContaining(names as string[]));
        checked++;
      }
    }
    expect(checked).toBe(6);
  });

  const describeProbe = hasTool('ffprobe') ? describe : describe.skip;
  if (!hasTool('ffprobe')) console.log('tests/wav/fixtures: ffprobe is not installed: the independent ffprobe cross-check is skipped');
  describeProbe('agree with ffprobe', () => {
    it.each(Object.keys(EXPECTED))('%s', (name) => {
      const file = files.find((f) => basename(f) === name)!;
      const info = infos.get(name)!;
      const out = execFileSync(
        'ffprobe',
        ['-v', 'error', '-show_entries', 'format_tags:stream=codec_name,channels,sample_rate,bits_per_sample,duration_ts', '-of', 'json', file],
        { encoding: 'utf8' },
      );
      const probe = JSON.parse(out) as {
        streams: { codec_name: string; channels: number; sample_rate: string; bits_per_sample: number; duration_ts: number }[];
        format: { tags?: Record<string, string> };
      };
      const stream = probe.streams[0]!;
      expect(stream.codec_name).toBe(`pcm_s${info.format.bitsPerSample}le`);
      expect(stream.channels).toBe(info.format.channels);
      expect(Number(stream.sample_rate)).toBe(info.format.sampleRate);
      expect(stream.bits_per_sample).toBe(info.format.bitsPerSample);
      expect(stream.duration_ts).toBe(info.frames);
      const tags = probe.format.tags ?? {};
      expect((tags['comment'] ?? '').trim()).toBe(info.bext!.description);
      expect(tags['encoded_by']).toBe(info.bext!.originator);
      expect(tags['originator_reference'] ?? '').toBe(info.bext!.originatorReference);
      expect(tags['date']).toBe(info.bext!.originationDate);
      expect(tags['creation_time']).toBe(info.bext!.originationTime);
      expect(tags['time_reference']).toBe(info.bext!.timeReference.toString());
      expect((tags['coding_history'] ?? '').trim()).toBe(info.bext!.codingHistory);
    });
  });
});

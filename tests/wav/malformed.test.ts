/**
 * A fixed corpus of broken and unusual WAV files, written to a real temp directory and read with readWavInfo (and,
 * for each, parseWavBytes over the same bytes: one parser, one answer). Every case asserts the exact error or
 * warning code and that the message names the file.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWavBytes, readWavInfo, WavError, type WavErrorCode, type WavInfo, type WavWarningCode } from '../../main/wav';
import { fileSource, type ByteSource } from '../../main/wav/byte-source';
import { readWavSource } from '../../main/wav/read-wav';
import { MAX_CHUNKS } from '../../main/wav/riff-walk';
import { makeTempDir } from '../support/tmp';
import {
  ascii,
  audio,
  bextBody,
  billionLaughsIxml,
  chunk,
  concat,
  ds64Body,
  extensibleFmt,
  floatFmt,
  fmtBody,
  ixmlBody,
  le32,
  pcmFmt,
  wav,
  type Bytes,
} from './build';

const tmp = makeTempDir('wav');
afterAll(() => tmp.cleanup());

let counter = 0;
function write(name: string, bytes: Bytes): string {
  const path = join(tmp.dir, `${String(++counter).padStart(3, '0')}-${name}.wav`);
  writeFileSync(path, bytes);
  return path;
}

/** readWavInfo on a real file; parseWavBytes over the same bytes must say exactly the same. */
async function read(name: string, bytes: Bytes): Promise<WavInfo> {
  const path = write(name, bytes);
  const info = await readWavInfo(path);
  expect(parseWavBytes(bytes, path)).toEqual(info);
  for (const w of info.warnings) expect(w.message).toContain(path);
  return info;
}

async function fails(name: string, bytes: Bytes, code: WavErrorCode): Promise<WavError> {
  const path = write(name, bytes);
  const err = await readWavInfo(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WavError);
  const wavErr = err as WavError;
  expect({ code: wavErr.code, file: wavErr.file }).toEqual({ code, file: path });
  expect(wavErr.message).toContain(path);
  let syncErr: unknown;
  try {
    parseWavBytes(bytes, path);
  } catch (e) {
    syncErr = e;
  }
  expect(syncErr).toBeInstanceOf(WavError);
  expect((syncErr as WavError).code).toBe(code);
  expect((syncErr as WavError).message).toBe(wavErr.message);
  return wavErr;
}

const codes = (info: WavInfo): WavWarningCode[] => info.warnings.map((w) => w.code);
const warning = (info: WavInfo, code: WavWarningCode): string => info.warnings.find((w) => w.code === code)!.message;

// One second of 48 kHz stereo 24-bit is 288000 bytes; tests use 480 frames (10 ms) to stay small.
const FMT = pcmFmt(2, 48000, 24);
const AUDIO = audio(480 * 6);
const BEXT = chunk('bext', bextBody({ description: 'sSCENE=12A\r\nsTAKE=3\r\n', originator: 'Test', timeReference: 123456789n }));
const IXML = chunk('iXML', ixmlBody('<?xml version="1.0"?><BWFXML><SCENE>12A</SCENE><TAKE>3</TAKE></BWFXML>'));
const good = (...extra: Bytes[]): Bytes => wav([BEXT, IXML, FMT, chunk('data', AUDIO), ...extra]);

/** Counts the bytes the reader asks for, to prove caps hold on real files. */
async function readCounted(path: string, opts?: { maxIxmlBytes?: number }): Promise<{ info: WavInfo; reads: [number, number][] }> {
  const fh = await open(path, 'r');
  try {
    const inner = fileSource(fh, (await fh.stat()).size);
    const reads: [number, number][] = [];
    const src: ByteSource = { size: inner.size, read: (o, l) => (reads.push([o, l]), inner.read(o, l)) };
    const info = await readWavSource(src, path, opts);
    for (const w of info.warnings) expect(w.message).toContain(path);
    return { info, reads };
  } finally {
    await fh.close();
  }
}

describe('a well-formed baseline', () => {
  it('reads cleanly, with no warnings', async () => {
    const info = await read('baseline', good());
    expect(info.warnings).toEqual([]);
    expect(info.frames).toBe(480);
    expect(info.durationSeconds).toBeCloseTo(0.01, 12);
    expect(info.bext!.descriptionFields).toEqual({ sSCENE: '12A', sTAKE: '3' });
    expect(info.ixml).toEqual({ scene: '12A', take: '3', tracks: [] });
  });
});

describe('chunk sizes that lie', () => {
  it('a chunk running past the end of the file: chunk-past-end, the rest is read', async () => {
    const bytes = concat(good(), ascii('LIST'), le32(1000), ascii('INFOabcd'));
    const info = await read('chunk-past-eof', bytes);
    expect(codes(info)).toEqual(['chunk-past-end']);
    expect(warning(info, 'chunk-past-end')).toMatch(/"LIST" chunk at byte \d+ declares 1000 bytes, but only 8 remain/);
    expect(info.frames).toBe(480);
  });

  it('a data size of 0xFFFFFFFF in a plain RIFF file (streaming writer): the real length, truncated-data', async () => {
    const info = await read('data-ffffffff', wav([FMT, chunk('data', AUDIO, { size: 0xffffffff })]));
    expect(info.declaredDataSize).toBe(0xffffffff);
    expect(info.dataSize).toBe(AUDIO.length);
    expect(info.frames).toBe(480);
    expect(codes(info)).toEqual(['truncated-data']);
    expect(warning(info, 'truncated-data')).toContain('480 frames (0.010 s) are playable');
  });

  it('an iXML chunk claiming 0xFFFFFFFF bytes is never read: ixml-rejected and chunk-past-end', async () => {
    const path = write('ixml-ffffffff', wav([FMT, chunk('data', AUDIO), chunk('iXML', ixmlBody('<BWFXML/>'), { size: 0xffffffff })]));
    const { info, reads } = await readCounted(path);
    expect(codes(info).sort()).toEqual(['chunk-past-end', 'ixml-rejected']);
    expect(info.ixml).toBeUndefined();
    expect(Math.max(...reads.map(([, l]) => l))).toBeLessThanOrEqual(40);
  });

  it('a JUNK chunk of 0xFFFFFFFF after the audio: chunk-past-end only', async () => {
    const info = await read('junk-ffffffff', good(concat(ascii('JUNK'), le32(0xffffffff), new Uint8Array(16))));
    expect(codes(info)).toEqual(['chunk-past-end']);
    expect(info.ixml?.scene).toBe('12A');
  });
});

describe('chunk order', () => {
  it('fmt after data, iXML and bext after the audio: found by seeking past the data', async () => {
    const path = write('fmt-after-data', wav([chunk('data', AUDIO), FMT, IXML, BEXT]));
    const { info, reads } = await readCounted(path);
    expect(info.warnings).toEqual([]);
    expect(info.chunks.map((c) => c.id)).toEqual(['data', 'fmt ', 'iXML', 'bext']);
    expect(info.frames).toBe(480);
    expect(info.ixml!.scene).toBe('12A');
    expect(info.bext!.timeReference).toBe(123456789n);
    expect(reads.every(([o, l]) => o + l <= info.dataOffset || o >= info.dataOffset + info.dataSize)).toBe(true);
  });
});

describe('duplicates and empty or missing chunks', () => {
  it('a second fmt: the first is used, duplicate-chunk', async () => {
    const info = await read('duplicate-fmt', wav([FMT, pcmFmt(1, 96000, 16), chunk('data', AUDIO)]));
    expect(codes(info)).toEqual(['duplicate-chunk']);
    expect(warning(info, 'duplicate-chunk')).toContain('second "fmt " chunk');
    expect(info.format).toMatchObject({ channels: 2, sampleRate: 48000, bitsPerSample: 24 });
  });

  it('second bext, iXML and data chunks: the first of each is used', async () => {
    const other = chunk('bext', bextBody({ description: 'sSCENE=99\r\n' }));
    const otherIxml = chunk('iXML', ixmlBody('<BWFXML><SCENE>99</SCENE></BWFXML>'));
    const info = await read('duplicates', wav([BEXT, IXML, FMT, chunk('data', AUDIO), other, otherIxml, chunk('data', audio(6))]));
    expect(codes(info)).toEqual(['duplicate-chunk', 'duplicate-chunk', 'duplicate-chunk']);
    expect(info.bext!.descriptionFields['sSCENE']).toBe('12A');
    expect(info.ixml!.scene).toBe('12A');
    expect(info.frames).toBe(480);
  });

  it('zero-length data is a valid file of 0 frames', async () => {
    const info = await read('zero-data', wav([FMT, chunk('data', new Uint8Array(0))]));
    expect(info.warnings).toEqual([]);
    expect({ frames: info.frames, dataSize: info.dataSize, durationSeconds: info.durationSeconds }).toEqual({ frames: 0, dataSize: 0, durationSeconds: 0 });
  });

  it('no data chunk: no-data', async () => {
    const err = await fails('missing-data', wav([BEXT, FMT]), 'no-data');
    expect(err.message).toContain('no "data" chunk');
  });

  it('no fmt chunk: no-fmt', async () => {
    const err = await fails('missing-fmt', wav([BEXT, chunk('data', AUDIO)]), 'no-fmt');
    expect(err.message).toContain('no "fmt " chunk');
  });
});

describe('files cut short', () => {
  const sdOrder = wav([BEXT, IXML, FMT, chunk('data', AUDIO)]);
  const fmtAt = 12 + BEXT.length + IXML.length;

  it('cut in the middle of fmt: truncated-header', async () => {
    const err = await fails('cut-mid-fmt', sdOrder.subarray(0, fmtAt + 8 + 10), 'truncated-header');
    expect(err.message).toContain('"fmt "');
  });

  it('cut in the middle of bext: truncated-header', async () => {
    const err = await fails('cut-mid-bext', sdOrder.subarray(0, 12 + 8 + 300), 'truncated-header');
    expect(err.message).toContain('the file ends inside the "bext" chunk at byte 12 before a "fmt " chunk was found');
  });

  it('cut inside the first 12 bytes, and an empty file: truncated-header', async () => {
    await fails('cut-riff-header', sdOrder.subarray(0, 7), 'truncated-header');
    await fails('empty', new Uint8Array(0), 'truncated-header');
  });

  it('battery died mid-take: the real playable length, truncated-data', async () => {
    // The header was written for 10 s of audio; the card holds 3.5 s and half a frame.
    const tenSeconds = 10 * 48000 * 6;
    const held = audio(3.5 * 48000 * 6 + 3);
    const info = await read('battery-died', wav([BEXT, FMT, chunk('data', held, { size: tenSeconds })]));
    expect(codes(info)).toEqual(['truncated-data']);
    expect(info.declaredDataSize).toBe(tenSeconds);
    expect(info.frames).toBe(168000);
    expect(info.dataSize).toBe(168000 * 6);
    expect(info.durationSeconds).toBe(3.5);
    expect(warning(info, 'truncated-data')).toContain('(10.000 s)');
    expect(warning(info, 'truncated-data')).toContain('168000 frames (3.500 s) are playable');
  });
});

describe('RF64 and BW64', () => {
  const rf64 = (dataSize: bigint, held: Bytes, magic: 'RF64' | 'BW64' = 'RF64'): Bytes =>
    wav([chunk('ds64', ds64Body(0n, dataSize, dataSize / 6n)), FMT, chunk('data', held, { size: 0xffffffff })], magic);

  it('an RF64 file under 4 GiB: sizes from ds64, container RF64', async () => {
    const info = await read('rf64-small', rf64(BigInt(AUDIO.length), AUDIO));
    expect(info.warnings).toEqual([]);
    expect(info.format.container).toBe('RF64');
    expect(info.declaredDataSize).toBe(AUDIO.length);
    expect(info.chunks.find((c) => c.id === 'data')!.size).toBe(AUDIO.length);
    expect(info.frames).toBe(480);
  });

  it('the BW64 magic reads the same way', async () => {
    const info = await read('bw64', rf64(BigInt(AUDIO.length), AUDIO, 'BW64'));
    expect(info.format.container).toBe('BW64');
    expect(info.frames).toBe(480);
  });

  it('a ds64 claiming 2^63 bytes of audio: bad-ds64', async () => {
    const err = await fails('ds64-2e63', rf64(2n ** 63n, AUDIO), 'bad-ds64');
    expect(err.message).toContain('9223372036854775808');
  });

  it('a ds64 claiming 2^64 - 1 bytes: bad-ds64', async () => {
    await fails('ds64-max', rf64(2n ** 64n - 1n, AUDIO), 'bad-ds64');
  });

  it('a ds64 data size beyond the file but possible: truncated-data', async () => {
    const info = await read('rf64-cut', rf64(6_000_000_000n, AUDIO));
    expect(codes(info)).toEqual(['truncated-data']);
    expect(info.declaredDataSize).toBe(6_000_000_000);
    expect(info.frames).toBe(480);
  });

  it('RF64 without ds64, data size 0xFFFFFFFF: bad-ds64', async () => {
    await fails('rf64-no-ds64', wav([FMT, chunk('data', AUDIO, { size: 0xffffffff })], 'RF64'), 'bad-ds64');
  });

  it('a ds64 too short for its sizes: bad-ds64', async () => {
    await fails('ds64-short', wav([chunk('ds64', new Uint8Array(20)), FMT, chunk('data', AUDIO, { size: 0xffffffff })], 'RF64'), 'bad-ds64');
  });

  it('a ds64 table entry gives the size of another big chunk', async () => {
    const big = chunk('LIST', audio(100), { size: 0xffffffff });
    const body = ds64Body(0n, BigInt(AUDIO.length), 480n, [['LIST', 100n]]);
    const info = await read('ds64-table', wav([chunk('ds64', body), FMT, big, chunk('data', AUDIO, { size: 0xffffffff })], 'RF64'));
    expect(info.warnings).toEqual([]);
    expect(info.chunks.map((c) => [c.id, c.size])).toEqual([
      ['ds64', body.length],
      ['fmt ', 16],
      ['LIST', 100],
      ['data', AUDIO.length],
    ]);
  });

  it('a real 5.4 GB RF64 file (sparse) with iXML after the audio: positioned reads past 4 GiB, no audio read', async () => {
    const dataBytes = 6 * 900_000_000; // 900 M frames of 48 kHz stereo 24-bit: 5.25 h
    const xml = chunk('iXML', ixmlBody('<BWFXML><SCENE>LONG</SCENE></BWFXML>'));
    const head = wav([chunk('ds64', ds64Body(0n, BigInt(dataBytes), 900_000_000n)), FMT, concat(ascii('data'), le32(0xffffffff))], 'RF64');
    const path = join(tmp.dir, 'big', 'rf64-5gb.wav');
    mkdirSync(join(tmp.dir, 'big'));
    const fd = openSync(path, 'w');
    try {
      writeSync(fd, head, 0, head.length, 0);
      writeSync(fd, xml, 0, xml.length, head.length + dataBytes);
    } catch (e) {
      console.log(`tests/wav: cannot write a sparse 5.4 GB file here (${String(e)}): RF64 > 4 GiB on disk not checked`);
      return;
    } finally {
      closeSync(fd);
    }
    const { info, reads } = await readCounted(path);
    expect(info.warnings).toEqual([]);
    expect(info.fileSize).toBe(head.length + dataBytes + xml.length);
    expect(info.frames).toBe(900_000_000);
    expect(info.durationSeconds).toBe(18750);
    expect(info.ixml!.scene).toBe('LONG');
    expect(reads.every(([o, l]) => o + l <= info.dataOffset || o >= info.dataOffset + info.dataSize)).toBe(true);
  });
});

describe('hostile iXML', () => {
  it('DOCTYPE with billion-laughs entities: rejected, never expanded', async () => {
    const lol = billionLaughsIxml('<SCENE>&lol9;</SCENE>');
    const started = Date.now();
    const info = await read('billion-laughs', wav([chunk('iXML', ixmlBody(lol)), FMT, chunk('data', AUDIO)]));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(codes(info)).toEqual(['ixml-rejected']);
    expect(warning(info, 'ixml-rejected')).toContain('DOCTYPE');
    expect(info.ixml).toBeUndefined();
  });

  it('an undeclared entity reference stays as written; predefined ones and character references decode', async () => {
    const xml = '<BWFXML><SCENE>R&amp;D &#x41;&#66;</SCENE><NOTE>&lol9; &lt;ok&gt;</NOTE><TAPE><![CDATA[a&amp;b<c]]></TAPE></BWFXML>';
    const info = await read('entities', wav([chunk('iXML', ixmlBody(xml)), FMT, chunk('data', AUDIO)]));
    expect(info.warnings).toEqual([]);
    expect(info.ixml).toMatchObject({ scene: 'R&D AB', note: '&lol9; <ok>', tape: 'a&amp;b<c' });
  });

  it('5 MiB of iXML: rejected by the cap without being read', async () => {
    const filler = '<USER>' + 'x'.repeat(5 * 1024 * 1024) + '</USER>';
    const path = write('ixml-5mib', wav([chunk('iXML', ixmlBody(`<BWFXML><SCENE>1</SCENE>${filler}</BWFXML>`)), FMT, chunk('data', AUDIO)]));
    const { info, reads } = await readCounted(path);
    expect(codes(info)).toEqual(['ixml-rejected']);
    expect(warning(info, 'ixml-rejected')).toContain('1048576-byte limit');
    expect(info.ixml).toBeUndefined();
    expect(reads.reduce((n, [, l]) => n + l, 0)).toBeLessThan(200);
  });

  it('a smaller cap is honoured', async () => {
    const path = write('ixml-cap', good());
    const { info } = await readCounted(path, { maxIxmlBytes: 10 });
    expect(codes(info)).toEqual(['ixml-rejected']);
  });

  it('iXML cut off by the end of the file, or not well-formed: rejected', async () => {
    const cut = wav([FMT, chunk('data', AUDIO), chunk('iXML', ixmlBody('<BWFXML><SCENE>1</SCENE><TAKE>2</TAKE></BWFXML>'))]);
    const info = await read('ixml-cut', cut.subarray(0, cut.length - 20));
    expect(codes(info).sort()).toEqual(['chunk-past-end', 'ixml-rejected']);
    const bad = await read('ixml-bad', wav([chunk('iXML', ixmlBody('<BWFXML><SCENE>Tom & Jerry</SCENE></BWFXML>')), FMT, chunk('data', AUDIO)]));
    expect(codes(bad)).toEqual(['ixml-rejected']);
    expect(warning(bad, 'ixml-rejected')).toContain('not well-formed');
    const noRoot = await read('ixml-no-root', wav([chunk('iXML', ixmlBody('<OTHER><SCENE>1</SCENE></OTHER>')), FMT, chunk('data', AUDIO)]));
    expect(warning(noRoot, 'ixml-rejected')).toContain('no BWFXML');
  });

  it('iXML that is not valid UTF-8: read as Latin-1, invalid-text', async () => {
    const xml = concat(ascii('<BWFXML><SCENE>Caf'), Uint8Array.of(0xe9), ascii('</SCENE></BWFXML>'));
    const info = await read('ixml-latin1', wav([chunk('iXML', xml), FMT, chunk('data', AUDIO)]));
    expect(codes(info)).toEqual(['invalid-text']);
    expect(warning(info, 'invalid-text')).toContain('iXML is not valid UTF-8');
    expect(info.ixml!.scene).toBe('Café');
  });

  it('deep nesting is refused, not recursed into', async () => {
    const deep = `<BWFXML>${'<USER>'.repeat(40000)}${'</USER>'.repeat(40000)}</BWFXML>`;
    const info = await read('ixml-deep', wav([chunk('iXML', ixmlBody(deep)), FMT, chunk('data', AUDIO)]));
    expect(codes(info)).toEqual(['ixml-rejected']);
  });

  it('non-numeric SPEED and TRACK numbers: left out with a warning, never NaN', async () => {
    const xml = `<BWFXML><SPEED><FILE_SAMPLE_RATE>48k</FILE_SAMPLE_RATE><AUDIO_BIT_DEPTH>24bit</AUDIO_BIT_DEPTH>
      <TIMECODE_FLAG>drop</TIMECODE_FLAG><TIMECODE_RATE>24000/1001</TIMECODE_RATE>
      <TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>x</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI><TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>5</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO></SPEED>
      <TRACK_LIST><TRACK><CHANNEL_INDEX>one</CHANNEL_INDEX><NAME>Boom</NAME></TRACK></TRACK_LIST>
      <FILE_SET><TOTAL_FILES>NaN</TOTAL_FILES></FILE_SET><CIRCLED>maybe</CIRCLED></BWFXML>`;
    const info = await read('ixml-nan', wav([chunk('iXML', ixmlBody(xml)), FMT, chunk('data', AUDIO)]));
    expect(codes(info)).toEqual(Array(7).fill('invalid-text'));
    expect(info.warnings.map((w) => w.message).join('\n')).toContain('SPEED/FILE_SAMPLE_RATE "48k" is not a whole number');
    expect(info.ixml).toEqual({ speed: { timecodeRate: '24000/1001' }, tracks: [{ name: 'Boom' }], fileSet: {} });
  });

  it('every field of iXML 2.x: flags in any case, TAKE_TYPE list, 64-bit timestamp', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><BWFXML><PROJECT>P</PROJECT><SCENE>S</SCENE><TAKE>T</TAKE><TAPE>R</TAPE>
      <CIRCLED>true</CIRCLED><NOTE>n</NOTE><WILD_TRACK>FALSE</WILD_TRACK><FALSE_START>False</FALSE_START><NO_GOOD>TRUE</NO_GOOD>
      <TAKE_TYPE>NO_GOOD, WILD_TRACK</TAKE_TYPE><UBITS>01020304</UBITS><FILE_UID>U</FILE_UID>
      <SPEED><MASTER_SPEED>25/1</MASTER_SPEED><CURRENT_SPEED>25/1</CURRENT_SPEED><TIMECODE_RATE>25/1</TIMECODE_RATE><TIMECODE_FLAG>df</TIMECODE_FLAG>
      <FILE_SAMPLE_RATE>96000</FILE_SAMPLE_RATE><AUDIO_BIT_DEPTH>32</AUDIO_BIT_DEPTH>
      <TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>1</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI><TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>2</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO></SPEED>
      <TRACK_LIST><TRACK_COUNT>1</TRACK_COUNT><TRACK><CHANNEL_INDEX>1</CHANNEL_INDEX><INTERLEAVE_INDEX>1</INTERLEAVE_INDEX><NAME>Boom</NAME><FUNCTION>M</FUNCTION></TRACK></TRACK_LIST>
      <FILE_SET><TOTAL_FILES>2</TOTAL_FILES><FAMILY_UID>F</FAMILY_UID><FAMILY_NAME>Fam</FAMILY_NAME><FILE_SET_INDEX>B</FILE_SET_INDEX></FILE_SET></BWFXML>\0\0\0`;
    const info = await read('ixml-full', wav([chunk('iXML', ixmlBody(xml)), FMT, chunk('data', AUDIO)]));
    expect(info.warnings).toEqual([]);
    expect(info.ixml).toEqual({
      project: 'P',
      scene: 'S',
      take: 'T',
      tape: 'R',
      circled: true,
      note: 'n',
      wildTrack: false,
      falseStart: false,
      noGood: true,
      takeType: ['NO_GOOD', 'WILD_TRACK'],
      ubits: '01020304',
      fileUid: 'U',
      speed: {
        masterSpeed: '25/1',
        currentSpeed: '25/1',
        timecodeRate: '25/1',
        timecodeFlag: 'DF',
        fileSampleRate: 96000,
        audioBitDepth: 32,
        timestampSamplesSinceMidnight: 2n ** 32n + 2n,
      },
      tracks: [{ channelIndex: 1, interleaveIndex: 1, name: 'Boom', function: 'M' }],
      fileSet: { totalFiles: 2, familyUid: 'F', familyName: 'Fam', fileSetIndex: 'B' },
    });
  });
});

describe('bext', () => {
  it('invalid UTF-8 in Description: read as Latin-1, invalid-text', async () => {
    const desc = concat(ascii('sSCENE=Caf'), Uint8Array.of(0xe9), ascii('\r\nsTAKE=1\r\n'));
    const info = await read('bext-latin1', wav([chunk('bext', bextBody({ description: desc })), FMT, chunk('data', AUDIO)]));
    expect(codes(info)).toEqual(['invalid-text']);
    expect(warning(info, 'invalid-text')).toContain('Description');
    expect(info.bext!.descriptionFields).toEqual({ sSCENE: 'Café', sTAKE: '1' });
  });

  it('UTF-8 text, garbage after the NUL, TimeReference written as a negative 32-bit number', async () => {
    const desc = concat(new TextEncoder().encode('SCENE=Zoë\nTAKE=001\nCIRCLED=TRUE'), Uint8Array.of(0, 0xff, 0x41, 0x42));
    const body = bextBody({ description: desc, originator: 'ZOOM F8', timeReference: 0xffffff00n, originationDate: '2019-02-13' });
    const info = await read('bext-utf8', wav([chunk('bext', body), FMT, chunk('data', AUDIO)]));
    expect(info.warnings).toEqual([]);
    expect(info.bext!.description).toBe('SCENE=Zoë\nTAKE=001\nCIRCLED=TRUE');
    expect(info.bext!.descriptionFields).toEqual({ SCENE: 'Zoë', TAKE: '001', CIRCLED: 'TRUE' });
    expect(info.bext!.timeReference).toBe(4294967040n);
  });

  it('a full 64-bit TimeReference, UMID, version 2 loudness (0x7fff = not measured), CodingHistory', async () => {
    const umid = Uint8Array.from({ length: 64 }, (_, i) => i);
    const body = bextBody({
      timeReference: 0xfedcba9876543210n,
      version: 2,
      umid,
      loudness: [-2300, 450, -100, 0x7fff, -1850],
      codingHistory: 'A=PCM,F=48000,W=24,M=stereo\r\n\0junk',
    });
    const info = await read('bext-v2', wav([chunk('bext', body), FMT, chunk('data', AUDIO)]));
    expect(info.warnings).toEqual([]);
    expect(info.bext).toMatchObject({
      timeReference: 0xfedcba9876543210n,
      version: 2,
      umid: Buffer.from(umid).toString('hex'),
      loudnessValue: -23,
      loudnessRange: 4.5,
      maxTruePeakLevel: -1,
      maxShortTermLoudness: -18.5,
      codingHistory: 'A=PCM,F=48000,W=24,M=stereo',
    });
    expect(info.bext!.maxMomentaryLoudness).toBeUndefined();
  });

  it('version 1 has no loudness fields', async () => {
    const info = await read('bext-v1', wav([chunk('bext', bextBody({ version: 1, loudness: [1, 2, 3, 4, 5] })), FMT, chunk('data', AUDIO)]));
    expect(info.bext!.loudnessValue).toBeUndefined();
  });

  it('a bext shorter than its fixed part: bext-malformed, the fields that are there', async () => {
    const short = bextBody({ description: 'sSCENE=1\r\n', originator: 'Short' }).subarray(0, 300);
    const info = await read('bext-short', wav([chunk('bext', short), FMT, chunk('data', AUDIO)]));
    expect(codes(info)).toEqual(['bext-malformed']);
    expect(info.bext).toMatchObject({ description: 'sSCENE=1', originator: 'Short', timeReference: 0n, version: 0 });
  });

  it('a bext over the cap: CodingHistory read up to the cap, bext-malformed', async () => {
    const body = bextBody({ codingHistory: 'A'.repeat(2000) });
    const path = write('bext-cap', wav([chunk('bext', body), FMT, chunk('data', AUDIO)]));
    const info = await readWavInfo(path, { maxBextBytes: 1000 });
    expect(codes(info)).toEqual(['bext-malformed']);
    expect(warning(info, 'bext-malformed')).toContain(path);
    expect(info.bext!.codingHistory).toBe('A'.repeat(1000 - 602));
  });
});

describe('pad bytes', () => {
  it('an odd chunk without its pad byte: missing-pad, and the next chunk is still found', async () => {
    const info = await read('missing-pad', wav([chunk('LIST', ascii('INFOx'), { pad: false }), FMT, chunk('data', AUDIO)]));
    expect(codes(info)).toEqual(['missing-pad']);
    expect(info.frames).toBe(480);
  });

  it('an odd chunk with its pad byte: no warning', async () => {
    const info = await read('with-pad', wav([chunk('LIST', ascii('INFOx')), FMT, chunk('data', AUDIO)]));
    expect(info.warnings).toEqual([]);
  });

  it('odd-sized data with iXML after it, with and without the pad', async () => {
    const mono8 = pcmFmt(1, 48000, 8);
    for (const pad of [true, false]) {
      const info = await read(`odd-data-pad-${pad}`, wav([mono8, chunk('data', audio(481), { pad }), IXML]));
      expect(codes(info)).toEqual(pad ? [] : ['missing-pad']);
      expect(info.ixml!.scene).toBe('12A');
      expect(info.frames).toBe(481);
    }
  });
});

describe('sample formats', () => {
  it('IEEE float 32 and 64', async () => {
    const f32 = await read('float32', wav([floatFmt(2, 48000, 32), chunk('data', audio(480 * 8))]));
    expect(f32.format).toEqual({ container: 'RIFF', formatTag: 3, encoding: 'float', channels: 2, sampleRate: 48000, bitsPerSample: 32, blockAlign: 8, byteRate: 384000 });
    expect(f32.frames).toBe(480);
    const f64 = await read('float64', wav([floatFmt(1, 96000, 64), chunk('data', audio(960 * 8))]));
    expect(f64.format).toMatchObject({ encoding: 'float', bitsPerSample: 64, blockAlign: 8 });
    expect(f64.durationSeconds).toBeCloseTo(0.01, 12);
  });

  it('WAVE_FORMAT_EXTENSIBLE PCM 24 and float 32', async () => {
    const pcm = await read('extensible-pcm24', wav([extensibleFmt(6, 48000, 24, 1, 0x3f), chunk('data', audio(480 * 18))]));
    expect(pcm.warnings).toEqual([]);
    expect(pcm.format).toEqual({
      container: 'RIFF',
      formatTag: 0xfffe,
      subFormat: '00000001-0000-0010-8000-00aa00389b71',
      encoding: 'pcm',
      channels: 6,
      sampleRate: 48000,
      bitsPerSample: 24,
      blockAlign: 18,
      byteRate: 48000 * 18,
      channelMask: 0x3f,
    });
    expect(pcm.frames).toBe(480);
    const flt = await read('extensible-float', wav([extensibleFmt(2, 48000, 32, 3, 0x3), chunk('data', audio(480 * 8))]));
    expect(flt.format).toMatchObject({ encoding: 'float', subFormat: '00000003-0000-0010-8000-00aa00389b71' });
  });

  it('16-bit and 32-bit integer PCM', async () => {
    for (const bits of [16, 32]) {
      const info = await read(`pcm${bits}`, wav([pcmFmt(2, 44100, bits), chunk('data', audio(441 * 2 * (bits / 8)))]));
      expect(info.format).toMatchObject({ encoding: 'pcm', bitsPerSample: bits });
      expect(info.frames).toBe(441);
    }
  });

  it('a wrong blockAlign: odd-block-align, frames counted from channels × bytes per sample', async () => {
    const info = await read('bad-block-align', wav([chunk('fmt ', fmtBody(1, 2, 48000, 24, 4)), chunk('data', AUDIO)]));
    expect(codes(info)).toEqual(['odd-block-align']);
    expect(info.format.blockAlign).toBe(6);
    expect(info.frames).toBe(480);
  });

  it('data that is not a whole number of frames: the partial frame is ignored, odd-block-align', async () => {
    const info = await read('partial-frame', wav([FMT, chunk('data', audio(480 * 6 + 4))]));
    expect(codes(info)).toEqual(['odd-block-align']);
    expect(info.dataSize).toBe(480 * 6);
    expect(info.declaredDataSize).toBe(480 * 6 + 4);
  });

  it('encodings we do not read, zero channels, zero rate, a short fmt: bad-fmt', async () => {
    await fails('mp3-in-wav', wav([chunk('fmt ', fmtBody(0x55, 2, 48000, 16)), chunk('data', AUDIO)]), 'bad-fmt');
    await fails('zero-channels', wav([chunk('fmt ', fmtBody(1, 0, 48000, 24, 6)), chunk('data', AUDIO)]), 'bad-fmt');
    await fails('zero-rate', wav([chunk('fmt ', fmtBody(1, 2, 0, 24)), chunk('data', AUDIO)]), 'bad-fmt');
    await fails('pcm12', wav([chunk('fmt ', fmtBody(1, 2, 48000, 12, 4)), chunk('data', AUDIO)]), 'bad-fmt');
    await fails('float24', wav([chunk('fmt ', fmtBody(3, 2, 48000, 24)), chunk('data', AUDIO)]), 'bad-fmt');
    await fails('short-fmt', wav([chunk('fmt ', fmtBody(1, 2, 48000, 24).subarray(0, 14)), chunk('data', AUDIO)]), 'bad-fmt');
    const odd = extensibleFmt(2, 48000, 24, 1, 3);
    odd[8 + 24 + 15] = 0x00; // not the KSDATAFORMAT GUID any more
    const err = await fails('odd-guid', wav([odd, chunk('data', AUDIO)]), 'bad-fmt');
    expect(err.message).toContain('00000001-0000-0010-8000-00aa00389b00');
  });
});

describe('not WAV at all, and file system errors', () => {
  it('other formats: not-wav', async () => {
    await fails('mp3', concat(ascii('ID3\x03\0\0\0\0\0\0'), audio(100)), 'not-wav');
    await fails('avi', concat(ascii('RIFF'), le32(100), ascii('AVI '), audio(100)), 'not-wav');
    await fails('short-text', ascii('hello'), 'not-wav');
  });

  it('a missing file and a directory: io', async () => {
    const missing = join(tmp.dir, 'nope.wav');
    await expect(readWavInfo(missing)).rejects.toMatchObject({ code: 'io', file: missing, message: expect.stringContaining('ENOENT') });
    await expect(readWavInfo(tmp.dir)).rejects.toMatchObject({ code: 'io', file: tmp.dir });
  });
});

describe('walk limits', () => {
  it(`more than ${MAX_CHUNKS} chunks before fmt: no-fmt, quickly`, async () => {
    const empty = chunk('JUNK', new Uint8Array(0));
    const bytes = wav([...Array.from({ length: MAX_CHUNKS + 10 }, () => empty), FMT, chunk('data', AUDIO)]);
    const started = Date.now();
    const err = await fails('many-chunks', bytes, 'no-fmt');
    expect(err.message).toContain(`the walk stopped after ${MAX_CHUNKS} chunks`);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('thousands of duplicate chunks: warnings are summarised, not listed one by one', async () => {
    const info = await read('many-dups', wav([FMT, chunk('data', AUDIO), ...Array.from({ length: 500 }, () => FMT)]));
    expect(info.warnings.length).toBe(21);
    expect(info.warnings.at(-1)!.message).toContain('480 more "duplicate-chunk" problems');
  });
});

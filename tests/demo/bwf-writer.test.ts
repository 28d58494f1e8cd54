/** The project's BWF writer on its own: formats, padding, the Description rule, both ways of feeding audio. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bwfHeader, codingHistoryLine, descriptionText, writeBwf, type BwfFormat, type BwfMeta } from '../../main/demo/bwf-writer';
import { makeTempDir } from '../support/tmp';
import { channelSamples, readWavBytes } from './wav-bytes';

const tmp = makeTempDir('bwf-writer');
afterAll(tmp.cleanup);

function meta(format: BwfFormat, channels: number): BwfMeta {
  return {
    format,
    tracks: Array.from({ length: channels }, (_, i) => ({ name: `Tr${i + 1}` })),
    timeReference: 2190940753,
    bext: {
      description: [['sSCENE', '7'], ['sTAKE', '3']],
      originator: 'Sound Devices',
      originatorReference: 'USSDV0000TEST0001123456123456789',
      originationDate: '2026-11-23',
      originationTime: '12:40:00',
      codingHistory: codingHistoryLine(format, channels, 'test'),
    },
    ixml: { project: 'P', scene: '7', take: '3', tape: 'A9', circled: false, note: 'a <b> & c', fileUid: 'U1', timecodeRate: '24000/1001', timecodeFlag: 'NDF' },
  };
}

describe('BWF writer', () => {
  it('writes 24-bit PCM that clips at full scale and rounds, with an odd data chunk padded', async () => {
    const path = join(tmp.dir, 'pcm24.wav');
    const ch = Float32Array.from([0, 0.5, -0.5, 1.5, -1.5, 1 / 8388608, -1]);
    await writeBwf(path, meta({ sampleRate: 48000, bitDepth: 24, sampleFormat: 'pcm' }, 1), ch.length, [ch]);
    const w = readWavBytes(path);
    expect(w.data.size).toBe(21);
    expect(w.buf.length).toBe(w.data.offset + 22);
    expect(w.riffSize).toBe(w.buf.length - 8);
    expect(Array.from(channelSamples(w, 0).values)).toEqual([0, 4194304, -4194304, 8388607, -8388608, 1, -8388608]);
    expect(w.ixml).toContain('<NOTE>a &lt;b&gt; &amp; c</NOTE>');
    expect(w.ixml).not.toContain('<FILE_SET>');
    expect(w.bext.timeReference).toBe(2190940753);
  });

  it('writes 32-bit float as fmt tag 3 (18 bytes, cbSize 0) with a fact chunk, values beyond 1 kept', async () => {
    const path = join(tmp.dir, 'float.wav');
    const a = Float32Array.from([0.25, 2, -3]);
    const b = Float32Array.from([-0.25, 0, 1]);
    await writeBwf(path, meta({ sampleRate: 48000, bitDepth: 32, sampleFormat: 'float' }, 2), 3, [a, b]);
    const w = readWavBytes(path);
    expect(w.chunks.map((c) => c.id)).toEqual(['bext', 'iXML', 'fmt ', 'fact', 'data']);
    expect([w.formatTag, w.fmtSize, w.cbSize, w.factSampleLength, w.blockAlign]).toEqual([3, 18, 0, 3, 8]);
    expect(Array.from(channelSamples(w, 0).values)).toEqual([0.25, 2, -3]);
    expect(Array.from(channelSamples(w, 1).values)).toEqual([-0.25, 0, 1]);
    expect(w.bext.codingHistory).toBe('A=PCM_FLOAT,F=48000,W=32,M=stereo,T=test\r\n');
  });

  it('writes the same bytes from a block renderer as from channel arrays, across block boundaries', async () => {
    const frames = 70000;
    const chans = [0, 1, 2].map((c) => Float32Array.from({ length: frames }, (_, i) => Math.sin(i * 0.01 * (c + 1)) * 0.5));
    const f: BwfFormat = { sampleRate: 48000, bitDepth: 16, sampleFormat: 'pcm' };
    await writeBwf(join(tmp.dir, 'arrays.wav'), meta(f, 3), frames, chans);
    await writeBwf(join(tmp.dir, 'render.wav'), meta(f, 3), frames, (start, n, out) => {
      for (let c = 0; c < 3; c++) out[c]!.set(chans[c]!.subarray(start, start + n));
    });
    expect(readFileSync(join(tmp.dir, 'render.wav')).equals(readFileSync(join(tmp.dir, 'arrays.wav')))).toBe(true);
    expect(bwfHeader(meta(f, 3), frames).length + frames * 6).toBe(readFileSync(join(tmp.dir, 'arrays.wav')).length);
  });

  it('writes FILE_SET when given, and refuses to overwrite a file', async () => {
    const path = join(tmp.dir, 'S01T01_2.WAV');
    const m = meta({ sampleRate: 48000, bitDepth: 24, sampleFormat: 'pcm' }, 1);
    m.ixml.fileSet = { totalFiles: 4, familyUid: 'FAM', familyName: 'S01T01', index: '2' };
    await writeBwf(path, m, 2, [new Float32Array(2)]);
    expect(readWavBytes(path).ixml).toContain('<FILE_SET>\n    <TOTAL_FILES>4</TOTAL_FILES>\n    <FAMILY_UID>FAM</FAMILY_UID>\n    <FAMILY_NAME>S01T01</FAMILY_NAME>\n    <FILE_SET_INDEX>2</FILE_SET_INDEX>\n  </FILE_SET>');
    await expect(writeBwf(path, m, 2, [new Float32Array(2)])).rejects.toThrow(/EEXIST/);
  });

  it('leaves out whole the Description lines that do not fit in 256 bytes', () => {
    const long = 'x'.repeat(240);
    const text = descriptionText([['sSCENE', '1'], ['sNOTE', long], ['sTAKE', '2']]);
    expect(text).toBe('sSCENE=1\r\nsTAKE=2\r\n');
    expect(() => bwfHeader(meta({ sampleRate: 48000, bitDepth: 32, sampleFormat: 'pcm' }, 1), 1)).toThrow(/unsupported/);
  });
});

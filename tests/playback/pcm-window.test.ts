/**
 * Windows of audio read straight from a WAV's data chunk: every supported sample format (8/16/24/32-bit PCM, 32/64-bit
 * float, RIFF and RF64, WAVE_FORMAT_EXTENSIBLE) converted to int16 as an independent reference computes it from the
 * bytes (round to nearest, clamp), windows clamped at the end, reads never outside the window, split mono files put
 * back in take order, and refusals for what cannot be played.
 */
import { writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CHUNK_BYTES, decodeFrames, layoutOf, readPcmWindow, readTakeWindow, type PcmLayout } from '../../main/playback';
import { readWavInfo } from '../../main/wav';
import { makeTempDir } from '../support/tmp';
import { chunk, concat, ds64Body, extensibleFmt, floatFmt, le32, pcmFmt, wav, type Bytes } from '../wav/build';

const tmp = makeTempDir('playback');
afterAll(tmp.cleanup);

type Format = { name: string; encoding: 'pcm' | 'float'; bits: 8 | 16 | 24 | 32 | 64 };

/** Deterministic raw sample bytes: random values plus the extremes of the format at fixed places. */
function rawSamples(f: Format, channels: number, frames: number, seed: number): Buffer {
  const size = f.bits / 8;
  const buf = Buffer.alloc(channels * frames * size);
  let s = seed >>> 0 || 1;
  const rnd = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
  for (let i = 0; i < channels * frames; i++) {
    const at = i * size;
    const special = i % 97;
    if (f.encoding === 'float') {
      // Beyond full scale now and then (a float recorder's overs), exact ±1, and halfway points of the int16 grid.
      const x = special === 0 ? 1.7 : special === 1 ? -3 : special === 2 ? 1 : special === 3 ? -1 : special === 4 ? 0.5 / 32768 : (rnd() * 2 - 1) * 0.9;
      if (f.bits === 32) buf.writeFloatLE(x, at);
      else buf.writeDoubleLE(x, at);
    } else if (f.bits === 8) {
      buf[at] = special === 0 ? 0 : special === 1 ? 255 : Math.floor(rnd() * 256);
    } else {
      const max = 2 ** (f.bits - 1);
      // Extremes, and values exactly halfway between two 16-bit steps (rounding ties).
      const tie = f.bits > 16 ? 2 ** (f.bits - 17) : 0;
      const v = special === 0 ? max - 1 : special === 1 ? -max : special === 2 ? tie : special === 3 ? -tie : Math.floor(rnd() * 2 * max) - max;
      buf.writeIntLE(v, at, size === 4 ? 4 : size);
    }
  }
  return buf;
}

/** The reference: int16 of one sample from its bytes, computed apart from the reader. */
function reference(f: Format, raw: Buffer, at: number): number {
  const clamp = (v: number): number => Math.max(-32768, Math.min(32767, v));
  if (f.encoding === 'float') {
    const x = f.bits === 32 ? raw.readFloatLE(at) : raw.readDoubleLE(at);
    return clamp(Math.round(x * 32768));
  }
  if (f.bits === 8) return (raw[at]! - 128) * 256;
  const v = raw.readIntLE(at, f.bits / 8);
  return clamp(Math.round(v / 2 ** (f.bits - 16)));
}

function writeWav(name: string, f: Format, channels: number, frames: number, opts: { rf64?: boolean; extensible?: boolean; seed?: number } = {}): { path: string; raw: Buffer } {
  const raw = rawSamples(f, channels, frames, opts.seed ?? 7);
  const code = f.encoding === 'float' ? 3 : 1;
  const fmt = opts.extensible ? extensibleFmt(channels, 48000, f.bits, code, 0) : f.encoding === 'float' ? floatFmt(channels, 48000, f.bits) : pcmFmt(channels, 48000, f.bits);
  const data: Bytes = opts.rf64 ? concat(Uint8Array.from(Buffer.from('data')), le32(0xffffffff), raw) : chunk('data', raw);
  const chunks = opts.rf64 ? [chunk('ds64', ds64Body(BigInt(4 + 36 + fmt.length + 8 + raw.length), BigInt(raw.length), BigInt(frames))), fmt, data] : [fmt, data];
  const path = join(tmp.dir, name);
  writeFileSync(path, wav(chunks, opts.rf64 ? 'RF64' : 'RIFF'));
  return { path, raw };
}

const FORMATS: Format[] = [
  { name: '8-bit PCM', encoding: 'pcm', bits: 8 },
  { name: '16-bit PCM', encoding: 'pcm', bits: 16 },
  { name: '24-bit PCM', encoding: 'pcm', bits: 24 },
  { name: '32-bit PCM', encoding: 'pcm', bits: 32 },
  { name: '32-bit float', encoding: 'float', bits: 32 },
  { name: '64-bit float', encoding: 'float', bits: 64 },
];

/** A file handle that records every read it answers. */
function recording(fh: FileHandle): { fh: FileHandle; reads: { position: number; length: number }[] } {
  const reads: { position: number; length: number }[] = [];
  const proxy = {
    read: (buf: Uint8Array, offset: number, length: number, position: number) => {
      reads.push({ position, length });
      return fh.read(buf, offset, length, position);
    },
  } as unknown as FileHandle;
  return { fh: proxy, reads };
}

describe('readPcmWindow', () => {
  const CHANNELS = 3;
  const FRAMES = 5000;

  test.each(FORMATS.flatMap((f) => [[f.name, 'RIFF', f, false, false] as const, [f.name, 'RF64 extensible', f, true, true] as const]))(
    '%s (%s): every channel of a window in the middle, the window crossing the end clamped, nothing past the end',
    async (_name, _container, f, rf64, extensible) => {
      const { path, raw } = writeWav(`${f.name}-${rf64}.wav`.replace(/ /g, '_'), f, CHANNELS, FRAMES, { rf64, extensible });
      const info = await readWavInfo(path);
      expect(info.format.container).toBe(rf64 ? 'RF64' : 'RIFF');
      const layout = layoutOf(info);
      const size = f.bits / 8;
      const fh = await open(path, 'r');
      try {
        for (const [from, asked, expectFrames] of [
          [1234, 700, 700],
          [FRAMES - 300, 1000, 300],
          [FRAMES, 10, 0],
          [FRAMES + 50, 10, 0],
        ] as const) {
          const tracks = await readPcmWindow(fh, layout, from, asked, [2, 0, 1]);
          expect(tracks.map((t) => t.length)).toEqual([expectFrames, expectFrames, expectFrames]);
          [2, 0, 1].forEach((channel, i) => {
            const expected = Int16Array.from({ length: expectFrames }, (_, k) => reference(f, raw, ((from + k) * CHANNELS + channel) * size));
            expect(tracks[i]).toEqual(expected);
          });
        }
      } finally {
        await fh.close();
      }
    },
  );

  test('reads only the window, in chunks of at most CHUNK_BYTES', async () => {
    const f: Format = { name: '24', encoding: 'pcm', bits: 24 };
    const channels = 8;
    const frames = 120_000;
    const { path, raw } = writeWav('chunks.wav', f, channels, frames);
    const info = await readWavInfo(path);
    const layout = layoutOf(info);
    const real = await open(path, 'r');
    try {
      const { fh, reads } = recording(real);
      const from = 3001;
      const n = 100_000; // 2.4 MB of frames: three chunks
      const tracks = await readPcmWindow(fh, layout, from, n, [7]);
      const start = info.dataOffset + from * layout.blockAlign;
      const end = start + n * layout.blockAlign;
      expect(reads.length).toBeGreaterThan(1);
      for (const r of reads) {
        expect(r.length).toBeLessThanOrEqual(CHUNK_BYTES);
        expect(r.position).toBeGreaterThanOrEqual(start);
        expect(r.position + r.length).toBeLessThanOrEqual(end);
      }
      expect(reads.reduce((s, r) => s + r.length, 0)).toBe(end - start);
      expect(tracks[0]![n - 1]).toBe(reference(f, raw, ((from + n - 1) * channels + 7) * 3));
    } finally {
      await real.close();
    }
  });

  test('refuses formats it cannot play and channels the file does not have', () => {
    const base: PcmLayout = { encoding: 'pcm', bitsPerSample: 24, channels: 2, blockAlign: 6, dataOffset: 0, frames: 1 };
    const out = [new Int16Array(1)];
    expect(() => decodeFrames(new Uint8Array(6), { ...base, encoding: 'float', bitsPerSample: 24 }, 1, [0], out, 0)).toThrow(/24-bit float audio cannot be played/);
    expect(() => decodeFrames(new Uint8Array(6), { ...base, bitsPerSample: 40 }, 1, [0], out, 0)).toThrow(/40-bit PCM/);
    expect(() => decodeFrames(new Uint8Array(6), { ...base, blockAlign: 4 }, 1, [0], out, 0)).toThrow(/cannot hold 2 channels/);
    expect(() => decodeFrames(new Uint8Array(6), base, 1, [2], out, 0)).toThrow(/no channel 3 in a 2-channel file/);
  });
});

describe('readTakeWindow', () => {
  const f24: Format = { name: '24', encoding: 'pcm', bits: 24 };

  test('split mono files come back in the take order given, each its own file', async () => {
    const files = [0, 1, 2].map((i) => writeWav(`split_${i + 1}.wav`, f24, 1, 3000 + i * 10, { seed: 100 + i }));
    // Tracks in the take's order, not the files' order on disk.
    const order = [2, 0, 1];
    const w = await readTakeWindow(order.map((i) => ({ path: files[i]!.path, channel: 1 })), 2900, 500);
    expect(w.sampleRate).toBe(48000);
    expect(w.frames).toBe(100); // the shortest file ends at 3000
    order.forEach((i, k) => {
      expect(w.tracks[k]).toEqual(Int16Array.from({ length: 100 }, (_, j) => reference(f24, files[i]!.raw, (2900 + j) * 3)));
    });
    // The catalog's frame count ends the take sooner when it says so.
    expect((await readTakeWindow([{ path: files[1]!.path, channel: 1 }], 0, 5000, { endFrame: 1200 })).frames).toBe(1200);
  });

  test('a poly file read once for every track it holds; a channel it lacks or a second rate is refused', async () => {
    const poly = writeWav('poly.wav', f24, 4, 2000);
    const w = await readTakeWindow([4, 3, 2, 1].map((channel) => ({ path: poly.path, channel })), 10, 20);
    expect(w.tracks).toHaveLength(4);
    expect(w.tracks[0]![0]).toBe(reference(f24, poly.raw, (10 * 4 + 3) * 3));
    await expect(readTakeWindow([{ path: poly.path, channel: 5 }], 0, 10)).rejects.toThrow(/has 4 channels, no channel 5/);
    const other = join(tmp.dir, 'other-rate.wav');
    writeFileSync(other, wav([pcmFmt(1, 44100, 24), chunk('data', new Uint8Array(300))]));
    await expect(readTakeWindow([{ path: poly.path, channel: 1 }, { path: other, channel: 1 }], 0, 10)).rejects.toThrow(/44100 Hz.*48000 Hz|48000 Hz.*44100 Hz/);
  });

  test('timing: a 2-second window of an 8-track 48 kHz 24-bit take', async () => {
    const big = writeWav('eight.wav', f24, 8, 48000 * 6);
    const tracks = Array.from({ length: 8 }, (_, c) => ({ path: big.path, channel: c + 1 }));
    await readTakeWindow(tracks, 0, 96000); // warm the page cache and the JIT
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const w = await readTakeWindow(tracks, 48000 * 2 + i * 1000, 96000);
      runs.push(performance.now() - t0);
      expect(w.frames).toBe(96000);
    }
    console.log(`readTakeWindow 8 tracks × 96000 frames (24-bit): ${runs.map((r) => r.toFixed(1)).join(', ')} ms`);
  });
});

/**
 * Writes a Broadcast WAV the way a location recorder does: RIFF/WAVE with `bext` (EBU Tech 3285 v2, 602-byte fixed
 * part + coding history), `iXML`, `fmt ` (PCM) and `data`, chunks padded to even sizes. Audio is produced block by
 * block from a sample function, so a long take never sits in memory.
 */
import { open } from 'node:fs/promises';

export interface BwfTrack {
  name: string;
  /** Sample value in [-1, 1] (values beyond clip, as a recorder's converter would) for frame `i`. */
  sample: (i: number) => number;
}

export interface BwfTake {
  sampleRate: number;
  bitDepth: 16 | 24;
  frames: number;
  tracks: BwfTrack[];
  /** Samples since midnight of the first sample (bext TimeReference). */
  timeReference: number;
  originator: string;
  originationDate: string; // yyyy-mm-dd
  originationTime: string; // hh:mm:ss
  /** key=value lines, as recorders put them in the Description field. */
  description: Record<string, string>;
  ixml: string;
}

const ascii = (s: string, length: number): Buffer => {
  const b = Buffer.alloc(length);
  b.write(s.slice(0, length), 'latin1');
  return b;
};

function chunk(id: string, body: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(id, 0, 'latin1');
  header.writeUInt32LE(body.length, 4);
  return Buffer.concat([header, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

export function bextChunk(t: BwfTake): Buffer {
  const description = Object.entries(t.description)
    .map(([k, v]) => `${k}=${v}\r\n`)
    .join('');
  const fixed = Buffer.alloc(602);
  ascii(description, 256).copy(fixed, 0);
  ascii(t.originator, 32).copy(fixed, 256);
  ascii(`soundroll-demo`, 32).copy(fixed, 288);
  ascii(t.originationDate, 10).copy(fixed, 320);
  ascii(t.originationTime, 8).copy(fixed, 330);
  fixed.writeUInt32LE(t.timeReference % 2 ** 32, 338);
  fixed.writeUInt32LE(Math.floor(t.timeReference / 2 ** 32), 342);
  fixed.writeUInt16LE(2, 346); // version 2: loudness fields present (left at 0x7fff "not set" would also be valid)
  const history = Buffer.from(`A=PCM,F=${t.sampleRate},W=${t.bitDepth},M=${t.tracks.length === 1 ? 'mono' : 'multi'},T=soundroll-demo\r\n`, 'latin1');
  return chunk('bext', Buffer.concat([fixed, history]));
}

function fmtChunk(t: BwfTake): Buffer {
  const b = Buffer.alloc(16);
  const blockAlign = (t.bitDepth / 8) * t.tracks.length;
  b.writeUInt16LE(1, 0); // PCM
  b.writeUInt16LE(t.tracks.length, 2);
  b.writeUInt32LE(t.sampleRate, 4);
  b.writeUInt32LE(t.sampleRate * blockAlign, 8);
  b.writeUInt16LE(blockAlign, 12);
  b.writeUInt16LE(t.bitDepth, 14);
  return chunk('fmt ', b);
}

export async function writeBwf(path: string, t: BwfTake): Promise<void> {
  const bytesPerSample = t.bitDepth / 8;
  const blockAlign = bytesPerSample * t.tracks.length;
  const dataBytes = t.frames * blockAlign;
  const head = Buffer.concat([bextChunk(t), chunk('iXML', Buffer.from(t.ixml, 'utf8')), fmtChunk(t)]);
  const dataHeader = Buffer.alloc(8);
  dataHeader.write('data', 0, 'latin1');
  dataHeader.writeUInt32LE(dataBytes, 4);
  const riffSize = 4 + head.length + 8 + dataBytes + (dataBytes % 2);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(riffSize, 4);
  riff.write('WAVE', 8, 'latin1');

  const file = await open(path, 'wx');
  try {
    await file.write(Buffer.concat([riff, head, dataHeader]));
    const framesPerBlock = 16384;
    const block = Buffer.alloc(framesPerBlock * blockAlign);
    const full = 2 ** (t.bitDepth - 1);
    for (let start = 0; start < t.frames; start += framesPerBlock) {
      const n = Math.min(framesPerBlock, t.frames - start);
      let o = 0;
      for (let i = 0; i < n; i++) {
        for (const track of t.tracks) {
          const v = Math.max(-full, Math.min(full - 1, Math.round(track.sample(start + i) * full)));
          if (bytesPerSample === 2) block.writeInt16LE(v, o);
          else block.writeIntLE(v, o, 3);
          o += bytesPerSample;
        }
      }
      await file.write(block, 0, o);
    }
    if (dataBytes % 2) await file.write(Buffer.alloc(1));
  } finally {
    await file.close();
  }
}

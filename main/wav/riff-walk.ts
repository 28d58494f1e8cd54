/**
 * Walks the chunk list of a RIFF / RF64 / BW64 WAVE file by reading chunk headers only, in whatever order the
 * recorder wrote them, to the end of the file (iXML may follow the audio). It reads the bodies the reader needs
 * (first fmt, bext, iXML, ds64; each capped) and only locates `data`. Every step moves forward by at least 8 bytes
 * and the walk stops after MAX_CHUNKS, so no file can make it loop; no read is larger than a cap.
 */
import { fourcc, plausibleId, u32 } from './bytes';
import type { Reads } from './byte-source';
import { DS64_READ_BYTES, ds64Size, parseDs64, type Ds64 } from './ds64';
import { WavError } from './errors';
import { FMT_READ_BYTES } from './fmt';
import type { ChunkInfo, WavContainer } from './types';
import type { WarningSink } from './warnings';

/** Far above any real file (recorders write 3 to 10 chunks); a hostile file of empty chunks stops here. */
export const MAX_CHUNKS = 10_000;

export interface WalkLimits {
  maxIxmlBytes: number;
  maxBextBytes: number;
}

export interface ChunkBody {
  offset: number; // of the chunk header
  declaredSize: number;
  /** The bytes read: at most the cap, at most what the file holds. */
  body: Uint8Array;
  /** The file ends inside this chunk. */
  cut: boolean;
}

export interface Walk {
  container: WavContainer;
  chunks: ChunkInfo[];
  fmt?: ChunkBody;
  bext?: ChunkBody;
  /** Present when an iXML chunk was found; body undefined when it was over the cap (already warned). */
  ixml?: Omit<ChunkBody, 'body'> & { body?: Uint8Array };
  ds64?: Ds64;
  data?: { offset: number; declaredSize: number };
  /**
   * Why the walk ended before the end of the file, if it did, in words that finish "… before a fmt chunk was
   * found": the caller reports a missing fmt/data as a cut header unless the walk merely hit MAX_CHUNKS.
   */
  stopped?: { kind: 'cut' | 'limit' | 'garbage' | 'unavailable'; reason: string };
}

const MAGICS: Record<string, WavContainer> = { RIFF: 'RIFF', RF64: 'RF64', BW64: 'BW64' };
const SIZE_UNKNOWN = 0xffffffff;

function checkMagic(head: Uint8Array, size: number, file: string): WavContainer {
  if (head.length < 12) {
    // Could these bytes be the start of a WAV? Then the file was cut inside its first 12 bytes.
    const prefixes = ['RIFF', 'RF64', 'BW64'].map((m) => `${m}????WAVE`);
    const isPrefix = prefixes.some((p) => [...head].every((c, i) => p[i] === '?' || p.charCodeAt(i) === c));
    if (isPrefix && head.length === size) {
      throw new WavError('truncated-header', file, `the file is only ${size} bytes long, shorter than a WAV header (12 bytes)`);
    }
    if (head.length < size) {
      throw new WavError('truncated-header', file, `only ${head.length} bytes of the file are available, fewer than a WAV header (12 bytes)`);
    }
  }
  const container = MAGICS[String.fromCharCode(...head.subarray(0, 4))];
  if (container === undefined || head.length < 12 || fourcc(head, 8) !== 'WAVE') {
    throw new WavError(
      'not-wav',
      file,
      `not a WAV file: it starts with "${fourcc(head, 0)}"${head.length >= 12 ? ` … "${fourcc(head, 8)}"` : ''}, not RIFF/RF64/BW64 … WAVE`,
    );
  }
  return container;
}

export function* walkRiff(size: number, file: string, limits: WalkLimits, warnings: WarningSink): Reads<Walk> {
  const head = yield { offset: 0, length: 12 };
  const container = checkMagic(head, size, file);
  const wide = container !== 'RIFF';
  const walk: Walk = { container, chunks: [] };
  const seen = new Set<string>();

  let pos = 12;
  while (pos < size) {
    if (walk.chunks.length >= MAX_CHUNKS) {
      walk.stopped = { kind: 'limit', reason: `the walk stopped after ${MAX_CHUNKS} chunks` };
      break;
    }
    if (size - pos < 8) {
      // Fewer bytes than a chunk header: stray bytes at the end. Harmless once fmt and data are found.
      walk.stopped = { kind: 'cut', reason: `the file ends at byte ${pos} with ${size - pos} stray byte(s)` };
      break;
    }
    const at = pos; // this chunk's header
    const header = yield { offset: at, length: 8 };
    if (header.length < 8) {
      walk.stopped = { kind: 'unavailable', reason: `the bytes provided end at byte ${at}` };
      break;
    }
    const id = fourcc(header, 0);
    const size32 = u32(header, 4);
    let chunkSize = size32;
    if (wide && size32 === SIZE_UNKNOWN) {
      const fromDs64 = id === 'data' ? walk.ds64?.dataSize : walk.ds64?.table.get(id);
      if (fromDs64 !== undefined) chunkSize = ds64Size(fromDs64, `the size of "${id}"`, file);
      else if (id === 'data') {
        throw new WavError('bad-ds64', file, `the "data" size reads 0xFFFFFFFF but no "ds64" chunk before it gives the real size`);
      }
    }
    walk.chunks.push({ id, offset: at, size: chunkSize });
    if (!plausibleId(header, 0)) {
      // Not a chunk id (ids are printable ASCII): zero padding after the last chunk, or a size field that lied and
      // sent us into the middle of something. Walking on would only read noise (8 zero bytes are a valid-looking
      // empty chunk: a padded file would yield thousands), so the walk ends here; the chunk list shows where.
      walk.stopped = { kind: 'garbage', reason: `the walk stopped at byte ${at}, where "${id}" is not a chunk id` };
      break;
    }

    const bodyStart = at + 8;
    const remaining = size - bodyStart;
    const cut = chunkSize > remaining;
    const first = !seen.has(id);
    seen.add(id);
    const readBody = function* (cap: number): Reads<ChunkBody> {
      const length = Math.min(chunkSize, remaining, cap);
      const body = yield { offset: bodyStart, length };
      // Fewer bytes than the file holds: a header-only buffer ends here, which reads like a cut file.
      return { offset: at, declaredSize: chunkSize, body, cut: cut || body.length < length };
    };

    switch (id) {
      case 'ds64':
        if (!wide) break; // meaningless in a plain RIFF file: just another chunk
        if (first) walk.ds64 = parseDs64((yield* readBody(DS64_READ_BYTES)).body, cut, file);
        else warnings.add('duplicate-chunk', `a second "ds64" chunk at byte ${at}: the first is used`);
        break;
      case 'fmt ':
        if (first) walk.fmt = yield* readBody(FMT_READ_BYTES);
        else warnings.add('duplicate-chunk', `a second "fmt " chunk at byte ${at}: the first is used`);
        break;
      case 'bext':
        if (first) walk.bext = yield* readBody(limits.maxBextBytes);
        else warnings.add('duplicate-chunk', `a second "bext" chunk at byte ${at}: the first is used`);
        break;
      case 'iXML':
        if (!first) warnings.add('duplicate-chunk', `a second "iXML" chunk at byte ${at}: the first is used`);
        else if (chunkSize > limits.maxIxmlBytes) {
          warnings.add('ixml-rejected', `iXML ignored: the chunk declares ${chunkSize} bytes, more than the ${limits.maxIxmlBytes}-byte limit`);
          walk.ixml = { offset: at, declaredSize: chunkSize, cut };
        } else walk.ixml = yield* readBody(limits.maxIxmlBytes);
        break;
      case 'data':
        // Located, never read.
        if (first) walk.data = { offset: bodyStart, declaredSize: chunkSize };
        else warnings.add('duplicate-chunk', `a second "data" chunk at byte ${at}: the first is used`);
        break;
      default:
        break;
    }

    if (cut) {
      // A data chunk longer than the file is a recording cut short: the caller reports that as truncated-data.
      if (id !== 'data') {
        warnings.add('chunk-past-end', `the "${id}" chunk at byte ${at} declares ${chunkSize} bytes, but only ${remaining} remain in the file`);
      }
      walk.stopped = { kind: 'cut', reason: `the file ends inside the "${id}" chunk at byte ${at}` };
      break;
    }

    const end = bodyStart + chunkSize;
    pos = end;
    if (chunkSize % 2 === 1 && end + 1 < size) {
      // Odd chunks are followed by a pad byte. Some writers leave it out, so look at both places the next chunk
      // could start: a chunk header that fits in the file beats one that does not, the padded place wins a tie.
      // (A last chunk ending exactly at the end of the file needs no check.)
      const around = yield { offset: end, length: 13 };
      const score = (at: number): number =>
        !plausibleId(around, at) ? 0 : around.length >= at + 8 && end + at + 8 + u32(around, at + 4) <= size ? 2 : 1;
      const padded = score(1);
      const unpadded = score(0);
      if (unpadded > padded) {
        warnings.add('missing-pad', `the odd-sized "${id}" chunk at byte ${at} has no pad byte after it`);
      } else pos = end + 1;
    } else if (chunkSize % 2 === 1) {
      pos = end + 1;
    }
  }
  return walk;
}

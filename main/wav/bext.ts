/**
 * The `bext` chunk (EBU Tech 3285 v2): fixed fields at fixed offsets in the first 602 bytes, then CodingHistory.
 * Recorders leave garbage after the NUL that ends a field, write code-page text, and sometimes a short chunk: we read
 * every field that is there and warn, never fail the file over its metadata.
 */
import { decodeText, i16, u16, u32, untilNul } from './bytes';
import type { BextInfo } from './types';
import type { WarningSink } from './warnings';

export const BEXT_FIXED_BYTES = 602;
const LOUDNESS_ABSENT = 0x7fff;

/** Description's `KEY=value` lines (Sound Devices `sSCENE=`, Zoom `SCENE=`), keys as written, first one wins. */
export function parseDescriptionFields(description: string): Record<string, string> {
  const entries: [string, string][] = [];
  const seen = new Set<string>();
  for (const line of description.split(/\r\n|\r|\n/)) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    entries.push([key, line.slice(eq + 1).trim()]);
  }
  // fromEntries defines own properties, so a key like "__proto__" stays a plain key.
  return Object.fromEntries(entries);
}

/**
 * `body` holds the chunk's bytes as far as they could be read (capped); `declaredSize` is what the header says,
 * `cut` that the file ended inside the chunk.
 */
export function parseBext(body: Uint8Array, declaredSize: number, cut: boolean, cap: number, warnings: WarningSink): BextInfo {
  if (body.length < BEXT_FIXED_BYTES) {
    warnings.add(
      'bext-malformed',
      cut
        ? `the file ends inside the "bext" chunk (${body.length} of its ${declaredSize} bytes are present): read the fields that are there`
        : `the "bext" chunk is ${body.length} bytes long, shorter than the ${BEXT_FIXED_BYTES}-byte fixed part: read the fields that are there`,
    );
  } else if (declaredSize > cap) {
    warnings.add('bext-malformed', `the "bext" chunk declares ${declaredSize} bytes, more than the ${cap}-byte limit: CodingHistory read only up to the limit`);
  }

  const has = (end: number): boolean => body.length >= end;
  const text = (from: number, length: number, field: string): string => {
    const raw = untilNul(body.subarray(from, Math.min(from + length, body.length)));
    const { text: s, valid } = decodeText(raw);
    if (!valid) warnings.add('invalid-text', `bext ${field} is not valid UTF-8: read as Latin-1`);
    return s;
  };

  const rawDescription = text(0, 256, 'Description');
  const version = has(348) ? u16(body, 346) : 0;
  const umidBytes = body.subarray(348, Math.min(412, body.length));
  const info: BextInfo = {
    description: rawDescription.trim(),
    originator: text(256, 32, 'Originator').trim(),
    originatorReference: text(288, 32, 'OriginatorReference').trim(),
    originationDate: text(320, 10, 'OriginationDate').trim(),
    originationTime: text(330, 8, 'OriginationTime').trim(),
    // Unsigned on purpose: some apps write a negative 32-bit number, which is a large unsigned one.
    timeReference: has(346) ? (BigInt(u32(body, 342)) << 32n) | BigInt(u32(body, 338)) : 0n,
    version,
    umid: umidBytes.some((x) => x !== 0) ? Buffer.from(umidBytes).toString('hex') : '',
    codingHistory: body.length > BEXT_FIXED_BYTES ? text(BEXT_FIXED_BYTES, body.length - BEXT_FIXED_BYTES, 'CodingHistory').trim() : '',
    descriptionFields: parseDescriptionFields(rawDescription),
  };

  // Loudness exists from version 2 on; 0x7fff means "not measured".
  if (version >= 2 && has(422)) {
    const loudness = (at: number): number | undefined => {
      const v = i16(body, at);
      return v === LOUDNESS_ABSENT ? undefined : v / 100;
    };
    const fields = [
      ['loudnessValue', 412],
      ['loudnessRange', 414],
      ['maxTruePeakLevel', 416],
      ['maxMomentaryLoudness', 418],
      ['maxShortTermLoudness', 420],
    ] as const;
    for (const [name, at] of fields) {
      const v = loudness(at);
      if (v !== undefined) info[name] = v;
    }
  }
  return info;
}

/**
 * WavInfo to and from the catalog's JSON column. Two fields are bigints (sample counts since midnight can be any
 * u64 in a hostile file); JSON has no bigint, so they travel as decimal strings under a marker.
 */
import type { WavInfo } from '../wav/types';

const MARK = '$bigint:';

export function wavInfoToJson(info: WavInfo): string {
  return JSON.stringify(info, (_key, value: unknown) => (typeof value === 'bigint' ? `${MARK}${value.toString()}` : value));
}

export function wavInfoFromJson(text: string): WavInfo {
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(MARK) ? BigInt(value.slice(MARK.length)) : value,
  ) as WavInfo;
}

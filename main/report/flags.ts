/**
 * The take flags as the sound report prints them (iXML TAKE_TYPE words, plus the station's ROOM_TONE and ADR, see
 * TAKE_FLAGS in shared/contract.ts). Unknown words print as written.
 */
const FLAGS: Record<string, { short: string; label: string }> = {
  NO_GOOD: { short: 'NG', label: 'No good' },
  FALSE_START: { short: 'FS', label: 'False start' },
  WILD_TRACK: { short: 'WT', label: 'Wild track' },
  ROOM_TONE: { short: 'RT', label: 'Room tone' },
  ADR: { short: 'ADR', label: 'ADR' },
  PICKUP: { short: 'PU', label: 'Pickup' },
};

export const flagLabel = (flag: string): string => FLAGS[flag]?.label ?? flag;
export const flagShort = (flag: string): string => FLAGS[flag]?.short ?? flag;

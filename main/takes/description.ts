/**
 * bext Description `key=value` pairs under one spelling. Sound Devices prefixes its keys with a lowercase `s`
 * (`sSCENE`, `sTAKE`, `sTAPE`, `sTRK1`, `sSPEED`, `sNOTE`, `sPROJECT`, `sUBITS`, `sFILENAME`, `sSWVER`); Zoom does not
 * (`SCENE`, `TAKE`, `TAPE`, `TR1`, `TRL`, `TRR`, `SPEED`, `CIRCLED`, `NOTE`, `UBITS`). Empty values count as absent:
 * a 702T writes `sNOTE=` on every take.
 */
export type DescriptionFields = ReadonlyMap<string, string>;

export function normalizeDescription(fields: Record<string, string> | undefined): DescriptionFields {
  const out = new Map<string, string>();
  for (const [key, raw] of Object.entries(fields ?? {})) {
    const value = raw.trim();
    if (value === '') continue;
    const name = (/^s[A-Z]/.test(key) ? key.slice(1) : key).toUpperCase();
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

/** The first of `names` present (`TRK1` is Sound Devices' track 1, `TR1` Zoom's). */
export function descriptionValue(fields: DescriptionFields, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = fields.get(n);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** TRUE/FALSE as recorders spell it; undefined for anything else. */
export function descriptionBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (/^(true|yes|y|1|on)$/i.test(value)) return true;
  if (/^(false|no|n|0|off)$/i.test(value)) return false;
  return undefined;
}

/** Track-name keys present, by their number (`TRK3`/`TR3` → 3). */
export function numberedTrackKeys(fields: DescriptionFields): Map<number, string> {
  const out = new Map<number, string>();
  for (const [key, value] of fields) {
    const m = /^TRK?(\d+)$/.exec(key);
    if (m && !out.has(Number(m[1]))) out.set(Number(m[1]), value);
  }
  return out;
}

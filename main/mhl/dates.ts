/**
 * Dates as ASC MHL v2 writes them. We always write UTC with an explicit `+00:00` offset and whole seconds, the form
 * the reference tool uses (`2020-01-17T14:30:00+00:00`), so a manifest reads the same wherever it was made.
 * Reading accepts any xs:dateTime (fractions, `Z`, other offsets; no offset is taken as UTC).
 */

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function formatMhlDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError('invalid date');
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+00:00`
  );
}

/** `2020-01-17_143000Z`, the stamp in a manifest's file name (UTC time the generation started). */
export function fileNameStamp(d: Date): string {
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `_${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  );
}

const XS_DATETIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** Parses an xs:dateTime; undefined when it is not one. */
export function parseMhlDate(text: string): Date | undefined {
  const m = XS_DATETIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, da, h, mi, s, frac, zone] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(da) < 1 || Number(da) > 31) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  const base = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(s), ms));
  if (Number(y) >= 0 && Number(y) < 100) base.setUTCFullYear(Number(y)); // Date.UTC maps years 0-99 to 1900-1999
  let t = base.getTime();
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offsetMinutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6));
    t -= sign * offsetMinutes * 60_000;
  }
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

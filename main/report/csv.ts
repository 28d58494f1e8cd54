/**
 * CSV text for the reports. Two dialects: Wave Agent's (sound-csv.ts decides per field what is quoted, lines end in a
 * bare CR) and RFC 4180 for our own reports (quoted only when needed, CRLF).
 */

/** `"text"` with inner quotes doubled. Line breaks become spaces: a report row is one line whatever the dialect. */
export function quoted(text: string): string {
  return `"${oneLine(text).replace(/"/g, '""')}"`;
}

/** A field as RFC 4180 wants it: bare unless it holds a comma, a quote or leading/trailing space. */
export function field(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = oneLine(String(value));
  return /[",]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Lines of RFC 4180 fields, CRLF after each (the last too). */
export function rfcCsv(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return rows.map((r) => r.map(field).join(',') + '\r\n').join('');
}

/** CR, LF, tabs and other control characters to single spaces. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

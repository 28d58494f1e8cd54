/**
 * The sound report as Sound Devices Wave Agent exports it, so post houses import it as they import Wave Agent's:
 * the same header rows and columns, the same quoting (text quoted, numbers, rates, lengths and timecode bare, an
 * empty note bare, an empty User `""`), `2(POLY)` / `2(MONO)`, `23.97 ND`, takes as two digits, one space for a
 * take that is not wild or not circled, as many T columns on a row as the file has tracks, and lines ended by a
 * bare CR. Checked field by field against a real Wave Agent export (tests/report/wave-agent.test.ts).
 *
 * `extended` adds what Wave Agent has no column for (flags, QC findings) before the track columns, and the rest of
 * our header (date, boom op, recorder, tape, notes) as two more header rows: not importable as Wave Agent's then.
 */
import { formatDuration, parseTimecodeRate } from '../../shared/timecode';
import { quoted } from './csv';
import type { SoundReport, SoundReportRow } from './sound-report';

/** Wave Agent's header names T1…T5 even when every file has fewer tracks. */
export const WAVE_AGENT_MIN_TRACK_COLUMNS = 5;
/**
 * What a wild or circled take shows in the Wild and Circled columns. The Wave Agent export we have holds none (it
 * writes one space for "no"): `Y` is our choice, not verified against Wave Agent.
 */
export const WAVE_AGENT_YES = 'Y';
const NO = ' ';
const EOL = '\r';

/**
 * A rate as Wave Agent prints it: the frame rate cut to two decimals and ND/DF (`23.97 ND`, `29.97 DF`); whole rates
 * print as integers (`25 ND`: our guess, the export we have is 23.976 only). Text that is no rate passes unchanged.
 */
export function waveAgentFrameRate(label: string): string {
  return label
    .split(/\s*,\s*/)
    .map((part) => {
      const rate = parseTimecodeRate(part);
      if (!rate) return part;
      const fps = rate.pullDown ? (rate.nominalFps * 1000) / 1001 : rate.nominalFps;
      const number = Number.isInteger(fps) ? String(fps) : (Math.floor(fps * 100) / 100).toFixed(2);
      return `${number} ${rate.dropFrame ? 'DF' : 'ND'}`;
    })
    .join(', ');
}

/** Take numbers as two digits (`1` → `01`), as Wave Agent shows them; other take names unchanged. */
export function waveAgentTake(take: string | null): string {
  if (take === null) return '';
  return /^\d$/.test(take) ? take.padStart(2, '0') : take;
}

function rowFields(r: SoundReportRow, extended: boolean): string[] {
  const fields = [
    quoted(r.fileName),
    `${r.channels}(${r.layout})`,
    quoted(r.tape ?? ''),
    quoted(r.scene ?? ''),
    quoted(waveAgentTake(r.take)),
    r.sampleRate !== null ? String(r.sampleRate) : '',
    r.frameRate !== null ? waveAgentFrameRate(r.frameRate) : '',
    r.bitDepth !== null ? String(r.bitDepth) : '',
    r.durationSeconds !== null ? formatDuration(r.durationSeconds) : '',
    r.startTc ?? '',
    r.flags.includes('WILD_TRACK') ? WAVE_AGENT_YES : NO,
    r.circled ? WAVE_AGENT_YES : NO,
    quoted(r.user),
    r.note ? quoted(r.note) : '',
  ];
  if (extended) {
    fields.push(quoted(r.flags.join(', ')), quoted(r.findings.map((f) => `${f.severity.toUpperCase()}: ${f.message}`).join('; ')));
  }
  fields.push(...r.trackNames.map(quoted));
  return fields;
}

export function soundReportCsv(report: SoundReport, options: { extended?: boolean } = {}): string {
  const extended = options.extended === true;
  const h = report.header;
  const lines = [
    'SOUND REPORT',
    `Project:,${quoted(h.production)},Sound Mixer:,${quoted(h.soundMixer)},Roll:,${quoted(h.roll)}`,
    `File Type:,${quoted(h.fileType)},Bit Depth:,${quoted(h.bitDepth)},Media:,${quoted(h.media)}`,
    `Frame Rate:,${quoted(waveAgentFrameRate(h.frameRate))},Sample Rate:,${quoted(h.sampleRate)},Tone/dB:,${quoted(h.tone)}`,
  ];
  if (extended) {
    lines.push(`Date:,${quoted(h.date)},Boom Op:,${quoted(h.boomOp)},Recorder:,${quoted(h.recorder)}`);
    lines.push(`Tape:,${quoted(h.tape)},Notes:,${quoted(h.notes)},Generated:,${quoted(`${report.tool.name} ${report.tool.version} ${report.generatedAt}`)}`);
  }
  lines.push('');
  const tracks = Math.max(WAVE_AGENT_MIN_TRACK_COLUMNS, ...report.rows.map((r) => r.trackNames.length));
  const columns = ['File Name', 'Channels', 'Tape', 'Scene', 'Take', 'Sample Rate', 'Frame Rate', 'Bit Depth', 'Length', 'Start TC', 'Wild', 'Circled', 'User', 'Notes'];
  if (extended) columns.push('Flags', 'QC');
  for (let i = 1; i <= tracks; i++) columns.push(`T${i}`);
  lines.push(columns.join(','));
  for (const r of report.rows) lines.push(rowFields(r, extended).join(','));
  return lines.map((l) => l + EOL).join('');
}

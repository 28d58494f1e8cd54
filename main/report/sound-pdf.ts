/**
 * The sound report as a printable PDF: landscape, the header block on page 1, then the table (headers repeated on
 * every page): circled takes marked ● and set in bold on a tinted row, flags and QC warnings/errors in the row,
 * notes wrapped, "Page n of N".
 */
import { formatDuration } from '../../shared/timecode';
import { flagLabel } from './flags';
import { COLORS, formatStamp, ReportPdf, type PdfReportOptions } from './pdf-doc';
import { drawTable, type CellPart, type TableColumn, type TableRow } from './pdf-table';
import type { SoundReport } from './sound-report';

export async function writeSoundReportPdf(report: SoundReport, path: string, options: PdfReportOptions = {}): Promise<void> {
  const pdf = soundReportPdf(report, options);
  await pdf.writeTo(path, footerOf(report), options);
}

/** The PDF's bytes (for a caller that sends them elsewhere than a file). */
export async function soundReportPdfBytes(report: SoundReport, options: PdfReportOptions = {}): Promise<Buffer> {
  return soundReportPdf(report, options).finish(footerOf(report));
}

const footerOf = (r: SoundReport): { left: string; center: string } => ({
  left: `${r.tool.name} ${r.tool.version} · generated ${formatStamp(r.generatedAt)}`,
  center: `Sound report · ${r.header.production || r.project} · Roll ${r.roll}`,
});

function soundReportPdf(report: SoundReport, options: PdfReportOptions): ReportPdf {
  const h = report.header;
  const pdf = new ReportPdf({
    paper: options.paper,
    layout: 'landscape',
    title: `Sound report — ${h.production || report.project} — Roll ${report.roll}`,
    ...(options.fonts ? { fonts: options.fonts } : {}),
  });
  let y = pdf.top;
  pdf.textAt('SOUND REPORT', pdf.left, y, pdf.width / 2, { size: 16, bold: true });
  pdf.textAt(h.production || report.project, pdf.left + pdf.width / 2, y + 2, pdf.width / 2, { size: 13, bold: true }, { align: 'right' });
  y += 24;
  pdf.rule(y);
  y += 6;
  y = pdf.keyValues(
    [
      { label: 'Production', value: h.production },
      { label: 'Date', value: h.date },
      { label: 'Sound mixer', value: h.soundMixer },
      { label: 'Boom operator', value: h.boomOp },
      { label: 'Roll', value: h.roll },
      { label: 'Tape', value: h.tape },
      { label: 'Recorder', value: h.recorder },
      { label: 'Media', value: h.media },
      { label: 'Frame rate', value: h.frameRate },
      { label: 'Sample rate', value: h.sampleRate ? h.sampleRate.split(', ').map((s) => `${s} Hz`).join(', ') : '' },
      { label: 'Bit depth', value: h.bitDepth ? h.bitDepth.split(', ').map((s) => `${s}-bit`).join(', ') : '' },
      { label: 'File type', value: h.fileType },
      { label: 'Tone', value: h.tone },
      { label: 'Notes', value: h.notes, span: 3 },
    ],
    y,
    4,
  );
  const c = report.counts;
  const summary = `${c.takes} take${c.takes === 1 ? '' : 's'} · ${c.files} file${c.files === 1 ? '' : 's'} · ${c.circled} circled · ${
    c.withFindings
  } with QC warnings or errors${report.rowsPer === 'file' ? ' · one row per file (split mono files as one _X row)' : ' · one row per take'}`;
  y += pdf.textAt(summary, pdf.left, y, pdf.width, { size: 8, color: COLORS.muted }) + 2;
  for (const f of report.rollFindings) {
    y += pdf.textAt(`Roll ${f.severity.toUpperCase()}: ${f.message}`, pdf.left, y, pdf.width, { size: 8, color: f.severity === 'error' ? COLORS.error : COLORS.warning });
  }
  y += 6;

  const columns: TableColumn[] = [
    { header: '', width: 2.2, align: 'center' },
    { header: 'File', width: 13 },
    { header: 'Ch', width: 5.5 },
    { header: 'Scene', width: 6.5 },
    { header: 'Take', width: 4.5 },
    { header: 'Start TC', width: 9.5 },
    { header: 'Length', width: 7.5 },
    { header: 'Tracks', width: 20 },
    { header: 'Flags', width: 8.5 },
    { header: 'Notes', width: 19 },
    { header: 'QC (warnings, errors)', width: 22 },
  ];
  const rows: TableRow[] = report.rows.map((r) => {
    const qc: CellPart[] = r.findings.map((f) => ({
      text: `${f.severity === 'error' ? 'ERROR' : 'WARN'} ${f.message}`,
      color: f.severity === 'error' ? COLORS.error : COLORS.warning,
    }));
    const flags: CellPart[] = r.flags.map((f) => ({ text: flagLabel(f), color: f === 'NO_GOOD' || f === 'FALSE_START' ? COLORS.error : COLORS.text }));
    return {
      bold: r.circled,
      ...(r.circled ? { fill: COLORS.circledFill } : {}),
      cells: [
        r.circled ? { text: '●', scale: 1.3 } : '',
        r.fileName,
        `${r.channels} ${r.layout.toLowerCase()}`,
        r.scene ?? '',
        r.take ?? '',
        r.startTc ?? '',
        r.durationSeconds !== null ? formatDuration(r.durationSeconds) : '',
        r.trackNames.join(', '),
        flags,
        r.note ?? '',
        qc,
      ],
    };
  });
  if (rows.length === 0) {
    pdf.textAt('No takes match this report.', pdf.left, y, pdf.width, { size: 10, color: COLORS.muted });
  } else {
    drawTable(pdf, columns, rows, y, { fontSize: 7.5 });
  }
  return pdf;
}

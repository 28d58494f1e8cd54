/**
 * The backup status report as a PDF for the producer: per roll, its size, the copies verified recently and per
 * drive what it holds; rolls short of recent verified copies marked in red at the top of their row.
 */
import { formatBytes } from '../../shared/format';
import { COLORS, formatStamp, ReportPdf, type PdfReportOptions } from './pdf-doc';
import { drawTable, type TableColumn, type TableRow } from './pdf-table';
import type { BackupReport } from './backup-report';

export async function writeBackupReportPdf(report: BackupReport, path: string, options: PdfReportOptions = {}): Promise<void> {
  await backupReportPdf(report, options).writeTo(path, footerOf(report), options);
}

export async function backupReportPdfBytes(report: BackupReport, options: PdfReportOptions = {}): Promise<Buffer> {
  return backupReportPdf(report, options).finish(footerOf(report));
}

const footerOf = (r: BackupReport): { left: string; center: string } => ({
  left: `${r.tool.name} ${r.tool.version} · generated ${formatStamp(r.generatedAt)}`,
  center: 'Backup status report',
});

function backupReportPdf(r: BackupReport, options: PdfReportOptions): ReportPdf {
  const pdf = new ReportPdf({ paper: options.paper, layout: 'landscape', title: 'Backup status report', ...(options.fonts ? { fonts: options.fonts } : {}) });
  let y = pdf.top;
  pdf.textAt('BACKUP STATUS REPORT', pdf.left, y, pdf.width, { size: 16, bold: true });
  y += 24;
  const ok = r.counts.atRisk === 0 && r.counts.rolls > 0;
  const sentence =
    r.counts.rolls === 0
      ? 'No rolls in the catalog yet.'
      : ok
        ? `Every roll (${r.counts.rolls}) has at least ${r.minCopies} copies verified in the last ${r.days} days.`
        : `${r.counts.atRisk} of ${r.counts.rolls} roll${r.counts.rolls === 1 ? '' : 's'} ${r.counts.atRisk === 1 ? 'has' : 'have'} fewer than ${r.minCopies} copies verified in the last ${r.days} days.`;
  y += pdf.textAt(sentence, pdf.left, y, pdf.width, { size: 14, bold: true, color: ok ? COLORS.ok : COLORS.error }) + 6;
  y = pdf.keyValues(
    [
      { label: 'Rolls', value: String(r.counts.rolls) },
      { label: 'Files', value: String(r.counts.files) },
      { label: 'Size', value: formatBytes(r.counts.bytes) },
      { label: 'Recent means verified since', value: `${formatStamp(r.since)} (${r.days} days)` },
    ],
    y,
    4,
  );
  y += 6;
  const columns: TableColumn[] = [
    { header: 'Project / roll', width: 13 },
    { header: 'Files', width: 4.5, align: 'right' },
    { header: 'Size', width: 6.5, align: 'right' },
    { header: 'Complete copies', width: 6, align: 'right' },
    { header: `Verified in ${r.days} days`, width: 6.5, align: 'right' },
    { header: 'Drive', width: 14 },
    { header: 'Roll folder on the drive', width: 20 },
    { header: 'Verified', width: 5.5, align: 'right' },
    { header: 'Failed', width: 5, align: 'right' },
    { header: 'Missing', width: 5, align: 'right' },
    { header: 'Last verified', width: 13 },
  ];
  const rows: TableRow[] = [];
  r.rolls.forEach((roll, i) => {
    const fill = roll.atRisk ? '#fde8e8' : i % 2 === 1 ? COLORS.stripe : '#ffffff';
    const rollCells: TableRow['cells'] = [
      [{ text: roll.roll, bold: true }, { text: roll.project, color: COLORS.muted }, ...(roll.atRisk ? [{ text: `AT RISK: fewer than ${r.minCopies} recent copies`, color: COLORS.error, bold: true }] : [])],
      String(roll.files),
      formatBytes(roll.bytes),
      String(roll.completeCopies),
      { text: String(roll.recentCopies), bold: true, color: roll.atRisk ? COLORS.error : COLORS.ok },
    ];
    if (roll.drives.length === 0) rows.push({ fill, cells: [...rollCells, { text: 'on no drive', color: COLORS.error }] });
    roll.drives.forEach((d, k) => {
      const mark = d.recent ? '✓' : d.complete ? '○' : '✗';
      const color = d.recent ? COLORS.ok : d.failed > 0 || !d.complete ? COLORS.error : COLORS.warning;
      rows.push({
        fill,
        cells: [
          ...(k === 0 ? rollCells : ['', '', '', '', '']),
          { text: `${mark} ${d.root}`, color, bold: true },
          d.path,
          String(d.verified),
          { text: String(d.failed), color: d.failed > 0 ? COLORS.error : COLORS.text },
          { text: String(d.missing), color: d.missing > 0 ? COLORS.error : COLORS.text },
          [
            { text: d.lastVerifiedAt ? formatStamp(d.lastVerifiedAt) : 'never' },
            ...(d.complete && !d.recent && d.oldestVerifiedAt ? [{ text: `oldest file ${formatStamp(d.oldestVerifiedAt)}`, color: COLORS.warning }] : []),
          ],
        ],
      });
    });
  });
  y += pdf.textAt(`✓ complete and verified in the last ${r.days} days   ○ complete, verified longer ago   ✗ incomplete or failed`, pdf.left, y, pdf.width, { size: 7.5, color: COLORS.muted }) + 4;
  if (rows.length) drawTable(pdf, columns, rows, y, { fontSize: 7.5, stripes: false });
  return pdf;
}

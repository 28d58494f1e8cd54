/**
 * The offload report as a PDF for production: the verdict in large type on page 1, the job and source card, each
 * destination with its space now, errors, then every file with its size, hashes and result per destination.
 */
import { formatBytes, formatElapsed } from '../../shared/format';
import { COLORS, formatStamp, ReportPdf, type PdfReportOptions } from './pdf-doc';
import { drawTable, type CellPart, type TableColumn, type TableRow } from './pdf-table';
import type { OffloadReport, OffloadReportCopy } from './offload-report';

export async function writeOffloadReportPdf(report: OffloadReport, path: string, options: PdfReportOptions = {}): Promise<void> {
  await offloadReportPdf(report, options).writeTo(path, footerOf(report), options);
}

export async function offloadReportPdfBytes(report: OffloadReport, options: PdfReportOptions = {}): Promise<Buffer> {
  return offloadReportPdf(report, options).finish(footerOf(report));
}

/** Seconds under a minute (an offload of a small card takes less), else M:SS or H:MM:SS. */
const duration = (seconds: number): string => (seconds < 60 ? `${seconds.toFixed(1)} s` : formatElapsed(seconds));

const footerOf = (r: OffloadReport): { left: string; center: string } => ({
  left: `${r.generatedBy.name} ${r.generatedBy.version} · generated ${formatStamp(r.generatedAt)}`,
  center: `Offload report · ${r.project} · Roll ${r.roll} · job ${r.jobId.slice(0, 8)}`,
});

function copyCell(c: OffloadReportCopy | undefined): CellPart[] {
  if (!c) return [{ text: 'not copied', color: COLORS.error }];
  const method = c.method ? ` · ${c.method}` : '';
  if (c.status === 'verified') return [{ text: `verified${method}`, color: COLORS.ok, bold: true }];
  if (c.status === 'skipped-verified') return [{ text: `verified earlier${method}`, color: COLORS.ok }];
  return [{ text: `FAILED${method}`, color: COLORS.error, bold: true }, ...(c.reason ? [{ text: c.reason, color: COLORS.error }] : [])];
}

function offloadReportPdf(r: OffloadReport, options: PdfReportOptions): ReportPdf {
  const pdf = new ReportPdf({
    paper: options.paper,
    layout: 'landscape',
    title: `Offload report — ${r.project} — Roll ${r.roll}`,
    ...(options.fonts ? { fonts: options.fonts } : {}),
  });
  let y = pdf.top;
  pdf.textAt('OFFLOAD REPORT', pdf.left, y, pdf.width / 2, { size: 16, bold: true });
  pdf.textAt(`${r.project} · Roll ${r.roll}`, pdf.left + pdf.width / 2, y + 2, pdf.width / 2, { size: 13, bold: true }, { align: 'right' });
  y += 26;
  const color = r.safeToFormat ? COLORS.ok : COLORS.error;
  const verdictH = pdf.heightOf(r.verdict, pdf.width - 24, { size: 20, bold: true });
  pdf.doc.rect(pdf.left, y, pdf.width, verdictH + 20).lineWidth(2).strokeColor(color).stroke();
  pdf.textAt(r.verdict, pdf.left + 12, y + 10, pdf.width - 24, { size: 20, bold: true, color });
  y += verdictH + 30;

  const throughput = r.bytesPerSecond !== null ? `${formatBytes(r.bytesPerSecond)}/s` : '';
  y = pdf.keyValues(
    [
      { label: 'Source card', value: r.source.path, span: 2 },
      { label: 'Card fingerprint', value: r.source.fingerprint, span: 2, size: 7.5 },
      { label: 'Job', value: r.jobId, span: 2 },
      { label: 'State', value: r.state + (r.complete ? '' : ' (no summary recorded)') },
      { label: 'Recorder', value: r.source.recorder ?? '' },
      { label: 'Started', value: formatStamp(r.startedAt) },
      { label: 'Finished', value: r.finishedAt ? formatStamp(r.finishedAt) : '' },
      { label: 'Duration', value: r.durationSeconds !== null ? duration(r.durationSeconds) : '' },
      { label: 'Throughput', value: throughput },
      { label: 'Read from card', value: `${formatBytes(r.bytesRead)} (${r.bytesRead} bytes), ${r.files.length} files` },
      { label: 'Hashes', value: r.hashAlgorithms.join(', ') },
      { label: 'Verification', value: r.readBackMethods.length ? `every copy read back from its destination (${r.readBackMethods.join(', ')})` : '', span: 2 },
      { label: 'Tool', value: `${r.tool.name} ${r.tool.version}${r.tool.source === 'manifest' ? '' : ' (this build)'}` },
      { label: 'Card volume', value: r.source.volumeName ?? '' },
      { label: 'Takes indexed', value: r.takesIndexed !== null ? String(r.takesIndexed) : '' },
      { label: 'Litter left out', value: r.skippedLitter.length ? r.skippedLitter.join(', ') : 'none' },
    ],
    y,
    4,
  );
  y += 6;
  y += pdf.textAt('Destinations', pdf.left, y, pdf.width, { size: 11, bold: true }) + 3;
  const destColumns: TableColumn[] = [
    { header: 'Destination', width: 14 },
    { header: 'Roll folder', width: 20 },
    { header: 'Free / total now', width: 13 },
    { header: 'Verified', width: 5.5, align: 'right' },
    { header: 'Failed', width: 5, align: 'right' },
    { header: 'Written', width: 7, align: 'right' },
    { header: 'Manifest (ASC MHL)', width: 24 },
  ];
  const destRows: TableRow[] = r.destinations.map((d) => ({
    cells: [
      [{ text: d.root, bold: true }, ...(d.error ? [{ text: d.error, color: COLORS.error }] : [])],
      d.rollPath,
      d.reachable && d.freeBytes !== null && d.totalBytes !== null ? `${formatBytes(d.freeBytes)} free of ${formatBytes(d.totalBytes)}` : { text: 'not reachable now', color: COLORS.muted },
      { text: String(d.filesVerified), color: d.filesVerified > 0 ? COLORS.ok : COLORS.text },
      { text: String(d.filesFailed), color: d.filesFailed > 0 ? COLORS.error : COLORS.text, bold: d.filesFailed > 0 },
      formatBytes(d.bytesWritten),
      d.manifest ?? '',
    ],
  }));
  y = drawTable(pdf, destColumns, destRows, y, { fontSize: 7.5 });

  const problems: { text: string; color: string }[] = [
    ...r.errors.map((e) => ({ text: `${e.relativePath ?? ''}${e.destination ? ` on ${e.destination}` : ''}: ${e.cause}`, color: COLORS.error })),
    ...r.notCopied.map((n) => ({ text: `not copied: ${n.relativePath} (${n.kind}): ${n.detail}`, color: COLORS.error })),
    ...r.metadataProblems.map((m) => ({ text: `metadata: ${m.relativePath}: ${m.message}`, color: COLORS.warning })),
  ];
  y += 6;
  y = pdf.ensureSpace(y, 40);
  y += pdf.textAt(`Errors (${r.errors.length})`, pdf.left, y, pdf.width, { size: 11, bold: true }) + 3;
  if (problems.length === 0) y += pdf.textAt('None.', pdf.left, y, pdf.width, { size: 8, color: COLORS.muted }) + 4;
  for (const p of problems) {
    const h = pdf.heightOf(p.text, pdf.width, { size: 8 });
    y = pdf.ensureSpace(y, h);
    y += pdf.textAt(p.text, pdf.left, y, pdf.width, { size: 8, color: p.color }) + 1;
  }

  y += 8;
  y = pdf.ensureSpace(y, 60);
  y += pdf.textAt(`Files (${r.files.length})`, pdf.left, y, pdf.width, { size: 11, bold: true }) + 3;
  const fileColumns: TableColumn[] = [
    { header: 'File', width: 17 },
    { header: 'Size', width: 6.5, align: 'right' },
    { header: 'Hashes (of the card)', width: 25 },
    ...r.destinations.map((d) => ({ header: d.root, width: 13 })),
  ];
  const fileRows: TableRow[] = r.files.map((f) => ({
    cells: [
      [{ text: f.relativePath }, ...(f.error ? [{ text: f.error, color: COLORS.error }] : [])],
      String(f.size),
      r.hashAlgorithms.map((a) => ({ text: `${a} ${f.hashes[a as keyof typeof f.hashes] ?? '—'}`, scale: 0.9 })),
      ...r.destinations.map((d) => copyCell(f.copies.find((c) => c.destination === d.root))),
    ],
  }));
  drawTable(pdf, fileColumns, fileRows, y, { fontSize: 7 });
  return pdf;
}

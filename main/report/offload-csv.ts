/**
 * The offload report as CSV (RFC 4180, CRLF): a label/value block (verdict first), then blocks separated by an empty
 * line, each with its own header row: destinations; one row per file and destination (sizes, every hash, result,
 * read-back method, reason); errors; items not copied; litter left out.
 */
import { rfcCsv } from './csv';
import type { OffloadReport } from './offload-report';

type Cell = string | number | boolean | null | undefined;

export function offloadReportCsv(r: OffloadReport): string {
  const rows: Cell[][] = [
    ['OFFLOAD REPORT'],
    ['Verdict', r.verdict],
    ['Safe To Format', r.safeToFormat ? 'yes' : 'no'],
    ['Job', r.jobId],
    ['State', r.state],
    ['Project', r.project],
    ['Roll', r.roll],
    ['Source', r.source.path],
    ['Card Fingerprint', r.source.fingerprint],
    ['Card Volume', r.source.volumeName],
    ['Recorder', r.source.recorder],
    ['Started', r.startedAt],
    ['Finished', r.finishedAt],
    ['Duration Seconds', r.durationSeconds !== null ? r.durationSeconds.toFixed(3) : null],
    ['Bytes Read', r.bytesRead],
    ['Throughput Bytes Per Second', r.bytesPerSecond !== null ? Math.round(r.bytesPerSecond) : null],
    ['Hash Algorithms', r.hashAlgorithms.join(' ')],
    ['Read-back Methods', r.readBackMethods.join(' ')],
    ['Tool', `${r.tool.name} ${r.tool.version}${r.tool.source === 'manifest' ? '' : ' (this build: no manifest of the job was reachable)'}`],
    ['Takes Indexed', r.takesIndexed],
    ['Generated', `${r.generatedAt} by ${r.generatedBy.name} ${r.generatedBy.version}`],
    [],
    ['Destination', 'Roll Folder', 'Reachable', 'Free Bytes', 'Total Bytes', 'Files Verified', 'Files Failed', 'Bytes Written', 'Manifest', 'Error'],
    ...r.destinations.map((d) => [d.root, d.rollPath, d.reachable ? 'yes' : 'no', d.freeBytes, d.totalBytes, d.filesVerified, d.filesFailed, d.bytesWritten, d.manifest, d.error]),
    [],
    ['File', 'Size', ...r.hashAlgorithms, 'Destination', 'Result', 'Read-back', 'Reason', 'Copy Path', 'File Error'],
  ];
  for (const f of r.files) {
    const hashes = r.hashAlgorithms.map((a) => f.hashes[a as keyof typeof f.hashes] ?? '');
    if (f.copies.length === 0) rows.push([f.relativePath, f.size, ...hashes, '', 'not copied', '', '', '', f.error]);
    for (const c of f.copies) rows.push([f.relativePath, f.size, ...hashes, c.destination, c.status, c.method, c.reason, c.path, f.error]);
  }
  rows.push([], ['Error File', 'Error Destination', 'Cause'], ...r.errors.map((e) => [e.relativePath, e.destination, e.cause]));
  if (r.notCopied.length > 0) rows.push([], ['Not Copied', 'Kind', 'Detail'], ...r.notCopied.map((n) => [n.relativePath, n.kind, n.detail]));
  if (r.skippedLitter.length > 0) rows.push([], ['Litter Left Out'], ...r.skippedLitter.map((p) => [p]));
  if (r.metadataProblems.length > 0) rows.push([], ['Metadata Problem File', 'Message'], ...r.metadataProblems.map((m) => [m.relativePath, m.message]));
  return rfcCsv(rows);
}

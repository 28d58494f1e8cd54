/**
 * The backup status report as CSV (RFC 4180, CRLF): a short label/value block, then one row per roll and drive (the
 * roll's figures repeated on each of its drives; a roll on no drive has one row with the drive columns empty), so a
 * spreadsheet can filter and sort it.
 */
import { rfcCsv } from './csv';
import type { BackupReport } from './backup-report';

export function backupReportCsv(r: BackupReport): string {
  const rows: (string | number | null)[][] = [
    ['BACKUP STATUS REPORT'],
    ['Generated', `${r.generatedAt} by ${r.tool.name} ${r.tool.version}`],
    ['Recent Window Days', r.days],
    ['Recent Since', r.since],
    ['Copies Required', r.minCopies],
    ['Rolls', r.counts.rolls],
    ['Rolls At Risk', r.counts.atRisk],
    [],
    ['Project', 'Roll', 'Files', 'Bytes', 'Complete Copies', 'Recent Verified Copies', 'Status', 'Drive', 'Drive Path', 'Verified', 'Failed', 'Missing', 'Complete', 'Recent', 'Last Verified', 'Oldest Verified'],
  ];
  for (const roll of r.rolls) {
    const head = [roll.project, roll.roll, roll.files, roll.bytes, roll.completeCopies, roll.recentCopies, roll.atRisk ? `AT RISK: fewer than ${r.minCopies} recent verified copies` : 'OK'];
    if (roll.drives.length === 0) rows.push([...head, '', '', null, null, null, null, null, null, null]);
    for (const d of roll.drives) {
      rows.push([...head, d.root, d.path, d.verified, d.failed, d.missing, d.complete ? 'yes' : 'no', d.recent ? 'yes' : 'no', d.lastVerifiedAt, d.oldestVerifiedAt]);
    }
  }
  return rfcCsv(rows);
}

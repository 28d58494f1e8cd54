/**
 * What leaves the set: the sound report (Wave Agent CSV + PDF), the offload report and the backup status report.
 * Each is data from the catalog first (`soundReport`, `offloadReport`, `backupReport`), then CSV text or a PDF file
 * written atomically, so the CLI and the station print the same reports.
 */
export { ReportNotFoundError } from './errors';
export { NameTakenError, writeReportFile, type WriteReportOptions } from './output';
export { findReportFonts, type ReportFonts } from './fonts';
export { type Paper, type PdfReportOptions } from './pdf-doc';
export { drawTable, type CellPart, type TableCell, type TableColumn, type TableOptions, type TableRow } from './pdf-table';
export { soundReport, type SoundReport, type SoundReportFinding, type SoundReportHeader, type SoundReportOptions, type SoundReportRow } from './sound-report';
export { soundReportCsv, waveAgentFrameRate, waveAgentTake, WAVE_AGENT_MIN_TRACK_COLUMNS, WAVE_AGENT_YES } from './sound-csv';
export { soundReportPdfBytes, writeSoundReportPdf } from './sound-pdf';
export {
  offloadReport,
  type OffloadReport,
  type OffloadReportCopy,
  type OffloadReportDestination,
  type OffloadReportFile,
  type OffloadReportOptions,
} from './offload-report';
export { offloadReportCsv } from './offload-csv';
export { offloadReportPdfBytes, writeOffloadReportPdf } from './offload-pdf';
export { backupReport, type BackupDrive, type BackupReport, type BackupReportOptions, type BackupRoll } from './backup-report';
export { backupReportCsv } from './backup-csv';
export { backupReportPdfBytes, writeBackupReportPdf } from './backup-pdf';

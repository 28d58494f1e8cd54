/**
 * The reports from the station: the same data and writers as `soundroll report`, written to a folder (by default
 * `reports/` beside the catalog, never a destination's roll folder: a file added there would show as "new" in the
 * next verify of that drive) under a name that is never taken twice.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { StationError, type ReportFilesView, type StationHandlers } from '../../shared/contract';
import {
  backupReport,
  backupReportCsv,
  NameTakenError,
  offloadReport,
  offloadReportCsv,
  ReportNotFoundError,
  soundReport,
  soundReportCsv,
  writeBackupReportPdf,
  writeOffloadReportPdf,
  writeReportFile,
  writeSoundReportPdf,
} from '../report';
import type { Services } from '../services';
import { nameTaken } from '../durable/publish';

type ReportHandlers = Pick<StationHandlers, 'reports.sound' | 'reports.offload' | 'reports.backups'>;

export function reportHandlers(services: Services): ReportHandlers {
  const folderOf = (folder: string | undefined): string => folder ?? join(dirname(services.catalog.path), 'reports');

  /** Writes the CSV and the PDF under `<stem>.csv/.pdf`, or `<stem>-2…` when that name is taken. */
  async function write(folder: string | undefined, stem: string, csv: string, pdf: (path: string) => Promise<void>): Promise<ReportFilesView> {
    const dir = folderOf(folder);
    if (!isAbsolute(dir)) throw new StationError('invalid-request', `"${dir}" is not an absolute path`);
    await mkdir(dir, { recursive: true });
    const safeStem = stem.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
    for (let n = 1; n < 1000; n++) {
      const base = join(dir, n === 1 ? safeStem : `${safeStem}-${n}`);
      if ((await nameTaken(`${base}.pdf`)) || (await nameTaken(`${base}.csv`))) continue;
      try {
        await writeReportFile(`${base}.csv`, csv);
        await pdf(`${base}.pdf`);
        return { pdf: `${base}.pdf`, csv: `${base}.csv` };
      } catch (err) {
        if (err instanceof NameTakenError) continue; // another writer took the name between the check and the write
        throw err;
      }
    }
    throw new StationError('failed', `no free report name for ${safeStem} in ${dir}`);
  }

  const notFound = (err: unknown): never => {
    if (err instanceof ReportNotFoundError) throw new StationError('not-found', err.message);
    throw err;
  };
  const today = (): string => new Date().toISOString().slice(0, 10);

  return {
    'reports.sound': async (r) => {
      const header = {
        ...(r.soundMixer !== undefined ? { soundMixer: r.soundMixer } : {}),
        ...(r.boomOp !== undefined ? { boomOp: r.boomOp } : {}),
        ...(r.media !== undefined ? { media: r.media } : {}),
        ...(r.notes !== undefined ? { notes: r.notes } : {}),
      };
      let data;
      try {
        data = soundReport(services.catalog, { rollId: r.rollId, header });
      } catch (err) {
        return notFound(err);
      }
      return write(r.folder, `SoundReport_${data.project}_${data.header.roll}_${today()}`, soundReportCsv(data), (p) =>
        writeSoundReportPdf(data, p, { paper: r.paper }),
      );
    },
    'reports.offload': async (r) => {
      const data = await offloadReport(services.catalog, { jobId: r.jobId }).catch(notFound);
      return write(r.folder, `OffloadReport_${data.roll || 'roll'}_${r.jobId.slice(0, 8)}`, offloadReportCsv(data), (p) =>
        writeOffloadReportPdf(data, p, { paper: r.paper }),
      );
    },
    'reports.backups': async (r) => {
      const data = backupReport(services.catalog, { days: r.days });
      return write(r.folder, `BackupStatus_${today()}`, backupReportCsv(data), (p) => writeBackupReportPdf(data, p, { paper: r.paper }));
    },
  };
}

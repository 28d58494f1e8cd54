/**
 * The end of an offload: a large, unambiguous verdict (green SAFE TO FORMAT only when the core says every file is
 * verified on every destination), the counts, the manifests written, every error in plain words, and the files.
 */
import { useMemo, useState, type RefObject } from 'react';
import type { JobView, ReportFilesView } from '../../../../shared/contract';
import { ReportButton } from '../../components/ReportButton';
import { formatBytes, formatElapsed } from '../../../../shared/format';
import type { OffloadSummary } from '../../../../shared/offload';
import { Bar, Note, PathText, Stat } from '../../components/bits';
import { offloadFraction } from '../../lib/progress';
import { absoluteTime, durationSeconds } from '../../lib/backups';
import { fileRows, filterFileRows, hasProblems, offloadCounts, offloadProblems, offloadVerdict, STATUS_LABEL, type FileRow } from '../../lib/outcome';
import { basename } from '../../lib/paths';

const MAX_ROWS = 2000;

export function VerdictPanel({
  job,
  filterRef,
  onReport,
}: {
  job: JobView;
  filterRef: RefObject<HTMLInputElement | null>;
  /** Writes the offload report of this job (PDF + CSV). */
  onReport?: (catalogJobId: string) => Promise<ReportFilesView>;
}) {
  const verdict = offloadVerdict(job);
  const summary = job.offload;
  if (!verdict) return null;
  const took = durationSeconds(job.startedAt, job.finishedAt);
  return (
    <div className="verdict-wrap" data-testid="verdict-panel" data-job-id={job.id}>
      <div className={`verdict ${verdict.safe ? 'verdict-safe' : 'verdict-unsafe'}`} data-testid="verdict" data-safe={verdict.safe} role="status">
        <div className="verdict-icon" aria-hidden="true">
          {verdict.safe ? '✓' : '✕'}
        </div>
        <div>
          <div className="verdict-headline">{verdict.headline}</div>
          <p className="verdict-sentence">{verdict.sentence}</p>
          <p className="verdict-meta">
            {job.title}
            {job.finishedAt ? ` · ended ${absoluteTime(job.finishedAt)}` : ''}
            {took !== undefined ? ` · took ${formatElapsed(took)}` : ''}
          </p>
        </div>
      </div>
      {job.offloadProgress && (
        // Where the copy and read-back got to when the job ended: full for a finished card, short of it for a pulled one.
        <Bar
          fraction={offloadFraction(job.offloadProgress)}
          label="Copy and verify at the end of the job"
          level={verdict.safe ? 'ok' : 'bad'}
          size="sm"
          testId="job-progress"
        />
      )}
      {summary && onReport && <ReportButton label="Save the offload report (PDF + CSV)" run={() => onReport(summary.jobId)} testId="offload-report" />}
      {summary && <SummaryDetails summary={summary} filterRef={filterRef} />}
    </div>
  );
}

function SummaryDetails({ summary, filterRef }: { summary: OffloadSummary; filterRef: RefObject<HTMLInputElement | null> }) {
  const counts = useMemo(() => offloadCounts(summary), [summary]);
  const problems = useMemo(() => offloadProblems(summary), [summary]);
  const rows = useMemo(() => fileRows(summary), [summary]);
  return (
    <>
      <dl className="stats num" data-testid="verdict-counts">
        <Stat label="Files on the card" value={counts.files} />
        <Stat label="Verified on every drive" value={counts.safeFiles} level={counts.safeFiles === counts.files && counts.files > 0 ? 'ok' : 'warn'} />
        <Stat label="Files with problems" value={counts.problemFiles} level={counts.problemFiles ? 'bad' : 'ok'} />
        <Stat label="Not copied" value={counts.notCopied} level={counts.notCopied ? 'bad' : 'ok'} />
        <Stat label="Size" value={formatBytes(counts.bytes)} />
        <Stat label="Drives" value={counts.destinations} level={counts.destinations < 2 ? 'warn' : undefined} />
        <Stat label="Checksums" value={summary.hashAlgorithms.join(', ')} />
        <Stat label="Takes filed" value={summary.takesIndexed} />
      </dl>

      <section className="panel" aria-labelledby="manifests-title">
        <h3 id="manifests-title">Roll {summary.roll} · project {summary.project} · manifests written</h3>
        <div className="table-wrap">
          <table className="table" data-testid="verdict-destinations">
            <thead>
              <tr>
                <th scope="col">Roll folder</th>
                <th scope="col" className="num-col">
                  Verified
                </th>
                <th scope="col" className="num-col">
                  Failed
                </th>
                <th scope="col" className="num-col">
                  Written
                </th>
                <th scope="col">ASC MHL manifest</th>
              </tr>
            </thead>
            <tbody>
              {summary.destinations.map((d) => (
                <tr key={d.root} className={d.error || d.filesFailed ? 'row-bad' : undefined}>
                  <td>
                    <PathText path={d.rollPath || d.root} />
                  </td>
                  <td className="num-col">{d.filesVerified}</td>
                  <td className={`num-col${d.filesFailed ? ' text-bad' : ''}`}>{d.filesFailed}</td>
                  <td className="num-col">{formatBytes(d.bytesWritten)}</td>
                  <td>{d.error ? <span className="text-bad">{d.error}</span> : d.manifest ? <PathText path={d.manifest} /> : <span className="text-warn">none written</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {hasProblems(problems) && (
        <section className="panel panel-bad" aria-labelledby="errors-title" data-testid="verdict-errors">
          <h3 id="errors-title">What went wrong</h3>
          {problems.destinationErrors.length > 0 && (
            <ul className="problems">
              {problems.destinationErrors.map((e) => (
                <li key={e.root}>
                  <strong>Drive</strong> <PathText path={e.root} />: {e.error}
                </li>
              ))}
            </ul>
          )}
          {problems.notCopied.length > 0 && (
            <>
              <h4>Not copied ({problems.notCopied.length})</h4>
              <ul className="problems">
                {problems.notCopied.map((n) => (
                  <li key={n.relativePath}>
                    <PathText path={n.relativePath} /> <span className="muted">({n.kind})</span>: {n.detail}
                  </li>
                ))}
              </ul>
            </>
          )}
          {problems.sourceErrors.length > 0 && (
            <>
              <h4>Problems reading the card ({problems.sourceErrors.length})</h4>
              <ul className="problems">
                {problems.sourceErrors.map((s) => (
                  <li key={s.relativePath}>
                    <PathText path={s.relativePath} />: {s.error}
                  </li>
                ))}
              </ul>
            </>
          )}
          {problems.failedCopies.length > 0 && (
            <>
              <h4>Failed copies ({problems.failedCopies.length})</h4>
              <ul className="problems">
                {problems.failedGroups.map((g) => (
                  <li key={`${g.destination}\0${g.reason}`}>
                    <strong className="num">
                      {g.files.length} file{g.files.length === 1 ? '' : 's'}
                    </strong>{' '}
                    on <PathText path={g.destination} />: {g.reason}
                    <div className="muted small">
                      {g.files.slice(0, 6).join(', ')}
                      {g.files.length > 6 ? ` and ${g.files.length - 6} more (tick Problems only in the file list)` : ''}
                    </div>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      {summary.metadataProblems.length > 0 && (
        <Note level="warn">
          {summary.metadataProblems.length} WAV file{summary.metadataProblems.length === 1 ? '' : 's'} had unreadable metadata (the copies are still verified; the
          take list may miss them): {summary.metadataProblems.slice(0, 5).map((m) => `${m.relativePath} (${m.message})`).join('; ')}
          {summary.metadataProblems.length > 5 ? '; …' : ''}
        </Note>
      )}
      <FileList rows={rows} destinations={summary.destinations.map((d) => d.root)} filterRef={filterRef} />
    </>
  );
}

function FileList({ rows, destinations, filterRef }: { rows: FileRow[]; destinations: string[]; filterRef: RefObject<HTMLInputElement | null> }) {
  const [text, setText] = useState('');
  const [problemsOnly, setProblemsOnly] = useState(false);
  const shown = useMemo(() => filterFileRows(rows, text, problemsOnly), [rows, text, problemsOnly]);
  return (
    <section className="panel" aria-labelledby="files-title">
      <div className="files-head">
        <h3 id="files-title">
          Files <span className="muted small num">({shown.length === rows.length ? rows.length : `${shown.length} of ${rows.length}`})</span>
        </h3>
        <label htmlFor="file-filter" className="sr-only">
          Filter files
        </label>
        <input
          id="file-filter"
          ref={filterRef}
          className="input"
          type="search"
          data-testid="file-filter"
          placeholder="Filter by name or reason  ( / )"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="check check-inline">
          <input type="checkbox" data-testid="file-problems-only" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} />
          Problems only
        </label>
      </div>
      <div className="table-wrap files-wrap">
        <table className="table files" data-testid="file-list">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col" className="num-col">
                Size
              </th>
              {destinations.map((d) => (
                <th scope="col" key={d} title={d}>
                  {basename(d)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, MAX_ROWS).map((r) => (
              <tr key={r.relativePath} className={r.problem ? 'row-bad' : undefined} data-testid="file-row" data-problem={r.problem}>
                <td>
                  <PathText path={r.relativePath} />
                  {r.error && <div className="text-bad small">{r.error}</div>}
                </td>
                <td className="num-col">{formatBytes(r.size)}</td>
                {r.cells.map((c) => (
                  <td key={c.destination} className={c.status === 'failed' || c.status === 'absent' ? 'text-bad' : 'text-ok'}>
                    {c.status === 'failed' || c.status === 'absent' ? '✕ ' : '✓ '}
                    {STATUS_LABEL[c.status]}
                    {c.reason && <div className="small reason">{c.reason}</div>}
                  </td>
                ))}
              </tr>
            ))}
            {shown.length === 0 && (
              <tr>
                <td colSpan={2 + destinations.length} className="muted">
                  {rows.length === 0 ? 'No files on this card.' : 'No file matches.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {shown.length > MAX_ROWS && <p className="muted small">Showing the first {MAX_ROWS} of {shown.length}: narrow the filter to see the rest.</p>}
    </section>
  );
}

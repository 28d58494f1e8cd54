/**
 * The producer's screen: every roll in the catalog with how many complete verified copies exist and where, and a
 * verify panel to re-check a drive (a shuttle drive arriving at the lab) against its ASC MHL histories.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { JobView, RollBackupView, VerifyFileStatus } from '../../../shared/contract';
import { formatBytes } from '../../../shared/format';
import { errorMessage, type StationClient } from '../api';
import { ReportButton } from '../components/ReportButton';
import type { KeysRef } from '../App';
import { Badge, ErrorNote, JobHeadline, PathText } from '../components/bits';
import type { Jobs } from '../hooks/jobs';
import { useEvent, useLoadOnConnect, useNow } from '../hooks/station';
import { absoluteTime, copiesLevel, copiesNote, recentCopies, relativeTime, rollsSummary, sortRolls } from '../lib/backups';
import { isActive, isFinished, isPending, pickJob } from '../lib/jobs';
import { cleanPath, isAbsolutePath } from '../lib/paths';
import { percent, verifyFraction } from '../lib/progress';
import { stateBadge } from './offload/JobPanel';

const STATUSES: VerifyFileStatus[] = ['verified', 'new', 'renamed', 'changed', 'missing', 'unverifiable', 'unreadable'];
const BAD: VerifyFileStatus[] = ['changed', 'missing', 'unverifiable', 'unreadable'];
/** The producer's words: ASC MHL calls a file that is on disk but not in the history "new"; on a backup it is extra. */
const WORD: Record<VerifyFileStatus, string> = {
  verified: 'verified',
  new: 'extra',
  renamed: 'renamed',
  changed: 'changed',
  missing: 'missing',
  unverifiable: 'unverifiable',
  unreadable: 'unreadable',
};

export function BackupsScreen({ api, jobs, active, keys, mod }: { api: StationClient; jobs: Jobs; active: boolean; keys: KeysRef; mod: string }) {
  const [rolls, setRolls] = useState<RollBackupView[] | null>(null);
  const [rollsError, setRollsError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const loadRolls = useCallback(() => {
    setLoading(true);
    api
      .call('rolls.overview', {})
      .then(
        (r) => {
          setRolls(r);
          setRollsError(undefined);
        },
        (e: unknown) => setRollsError(errorMessage(e)),
      )
      .finally(() => setLoading(false));
  }, [api]);
  useLoadOnConnect(api, loadRolls);
  // Catalog changes come in bursts at the end of a job: reload once they settle.
  const reloadTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEvent(api, 'catalog.changed', (e) => {
    if (e.scope !== 'rolls') return;
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(loadRolls, 300);
  });
  useEvent(api, 'drives.changed', () => loadRolls());
  useEffect(() => () => clearTimeout(reloadTimer.current), []);
  const now = useNow(30_000);

  // ---- verify ----
  const verifies = useMemo(() => jobs.all.filter((j) => j.kind === 'verify'), [jobs.all]);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const current = pickJob(verifies, focusedId);
  const [dir, setDir] = useState('');
  const [verifyError, setVerifyError] = useState<string>();
  const [starting, setStarting] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);

  const startVerify = (text: string): void => {
    const path = cleanPath(text);
    if (!path) return setVerifyError('Type the folder or drive to verify.');
    if (!isAbsolutePath(path)) return setVerifyError(`"${path}" is not a full path: it must start with / (or a drive letter on Windows).`);
    if (starting) return;
    setStarting(true);
    setVerifyError(undefined);
    api
      .call('verify.start', { dir: path })
      .then(
        (job) => {
          jobs.upsert(job);
          setFocusedId(job.id);
          resultRef.current?.scrollIntoView({ block: 'nearest' });
        },
        (e: unknown) => setVerifyError(errorMessage(e)),
      )
      .finally(() => setStarting(false));
  };
  const verifyDrive = (path: string): void => {
    setDir(path);
    startVerify(path);
  };
  const cancelTarget = current && isPending(current) ? current : verifies.find(isActive);
  const cancel = (): void => {
    if (!cancelTarget) return;
    api.call('jobs.cancel', { jobId: cancelTarget.id }).then(jobs.upsert, (e: unknown) => setVerifyError(errorMessage(e)));
  };
  useEffect(() => {
    keys.current.backups = { start: () => startVerify(dir), cancel };
  });

  const sorted = useMemo(() => (rolls ? sortRolls(rolls) : []), [rolls]);
  const [recentDays, setRecentDays] = useState(30);
  const summary = rolls ? rollsSummary(rolls) : undefined;
  const others = verifies.filter((j) => j.id !== current?.id).slice(0, 6);

  return (
    <div className="screen backups-grid" id="panel-backups" role="tabpanel" aria-labelledby="tab-backups" hidden={!active} data-testid="screen-backups">
      <div className="col col-rolls">
        <section className="panel" aria-labelledby="rolls-title">
          <div className="rolls-head">
            <h2 id="rolls-title">Rolls and their verified copies</h2>
            {summary && (
              <p className="rolls-summary num" data-testid="rolls-summary">
                {summary.rolls} roll{summary.rolls === 1 ? '' : 's'} ·{' '}
                <span className="text-ok">{summary.safe} with two or more verified copies</span>
                {summary.atRisk > 0 && (
                  <>
                    {' '}
                    · <span className={rolls!.some((r) => r.completeCopies === 0) ? 'text-bad' : 'text-warn'}>{summary.atRisk} with fewer than two</span>
                  </>
                )}
              </p>
            )}
            <label className="recent-days small">
              verified within{' '}
              <input
                type="number"
                min={1}
                max={3650}
                value={recentDays}
                onChange={(e) => setRecentDays(Math.max(1, Math.min(3650, Number(e.target.value) || 1)))}
                data-testid="recent-days"
                aria-label="Count copies verified within this many days"
              />{' '}
              days
            </label>
            <ReportButton label="Backup status report" run={() => api.call('reports.backups', { days: recentDays })} testId="backup-report" />
            <button type="button" className="btn btn-small" onClick={loadRolls} disabled={loading} data-testid="rolls-refresh">
              {loading ? 'Loading…' : 'Refresh'}
            </button>
          </div>
          <ErrorNote message={rollsError} />
          <div className="table-wrap">
            <table className="table rolls" data-testid="rolls-table">
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col">Roll</th>
                  <th scope="col" className="num-col">
                    Files
                  </th>
                  <th scope="col" className="num-col">
                    Size
                  </th>
                  <th scope="col">Verified copies</th>
                  <th scope="col">Where</th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((r) => {
                  const level = copiesLevel(r.completeCopies);
                  return (
                    <tr key={`${r.project}\0${r.roll}`} className={`roll roll-${level}`} data-testid="roll-row" data-level={level} data-roll={r.roll}>
                      <td>{r.project}</td>
                      <td className="roll-name">{r.roll}</td>
                      <td className="num-col">{r.files}</td>
                      <td className="num-col">{formatBytes(r.bytes)}</td>
                      <td>
                        <div className={`copies copies-${level}`}>
                          <span className="copies-n num">{r.completeCopies}</span>
                          <span className="copies-note">{copiesNote(r.completeCopies)}</span>
                        </div>
                        {(() => {
                          const recent = recentCopies(r, recentDays, now);
                          return (
                            <div className={`small num ${recent >= 2 ? 'text-ok' : 'text-warn'}`} data-testid="recent-copies">
                              {recent} verified in the last {recentDays} day{recentDays === 1 ? '' : 's'}
                            </div>
                          );
                        })()}
                      </td>
                      <td>
                        <ul className="where">
                          {r.destinations.length === 0 && <li className="muted">no copy recorded</li>}
                          {r.destinations.map((d) => (
                            <li key={d.root} className={`where-item${d.connected ? '' : ' is-offline'}`}>
                              <div className="where-line">
                                <PathText path={d.path} />
                                <Badge level={d.connected ? 'ok' : 'unknown'}>{d.connected ? 'connected' : 'not connected'}</Badge>
                              </div>
                              <div className="where-line small num">
                                <span className={d.verified === r.files && r.files > 0 ? 'text-ok' : 'text-warn'}>
                                  {d.verified}/{r.files} verified
                                </span>
                                {d.failed > 0 && <span className="text-bad">{d.failed} failed</span>}
                                <span className="muted">
                                  {d.lastVerifiedAt ? (
                                    <>
                                      last verified {relativeTime(d.lastVerifiedAt, now)} <time dateTime={d.lastVerifiedAt}>({absoluteTime(d.lastVerifiedAt)})</time>
                                    </>
                                  ) : (
                                    'never verified'
                                  )}
                                </span>
                              </div>
                              {d.connected && (
                                <div className="where-line">
                                  <button type="button" className="btn btn-small" onClick={() => verifyDrive(d.root)} data-testid="verify-drive" title={`Verify everything on ${d.root}`}>
                                    Verify this drive
                                  </button>
                                  {d.path !== d.root && (
                                    <button type="button" className="btn btn-small btn-ghost" onClick={() => verifyDrive(d.path)} title={`Verify only ${d.path}`}>
                                      Verify this roll only
                                    </button>
                                  )}
                                </div>
                              )}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  );
                })}
                {rolls && rolls.length === 0 && (
                  <tr>
                    <td colSpan={6} className="muted">
                      No rolls in the catalog yet. Offload a card on the Offload screen (press <kbd>1</kbd>).
                    </td>
                  </tr>
                )}
                {!rolls && !rollsError && (
                  <tr>
                    <td colSpan={6} className="muted">
                      Loading…
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </section>
      </div>
      <div className="col col-verify">
        <section className="panel" aria-labelledby="verify-title">
          <h2 id="verify-title">Verify a drive or folder</h2>
          <p className="muted small">Re-reads every file and compares it with the ASC MHL histories on the drive. Nothing is changed but a new manifest generation.</p>
          <label htmlFor="verify-path" className="label">
            Folder or drive
          </label>
          <div className="row">
            <input
              id="verify-path"
              className="input grow mono"
              data-testid="verify-path-input"
              value={dir}
              placeholder="/Volumes/SHUTTLE_B"
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => {
                setDir(e.target.value);
                setVerifyError(undefined);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
                  e.preventDefault();
                  startVerify(dir);
                }
              }}
            />
            <button type="button" className="btn btn-primary" data-testid="verify-start" onClick={() => startVerify(dir)} disabled={starting || dir.trim() === ''}>
              Verify <kbd>{mod}+Enter</kbd>
            </button>
          </div>
          <ErrorNote message={verifyError} testId="verify-error" />
        </section>
        {others.length > 0 && (
          <section className="panel queue" aria-labelledby="verifies-title" data-testid="verify-jobs">
            <h2 id="verifies-title" className="label">
              Other verifies
            </h2>
            <ol>
              {others.map((j) => (
                <li key={j.id}>
                  <button type="button" className="queue-item" onClick={() => setFocusedId(j.id)} data-state={j.state}>
                    <span className="ellipsis">{j.title}</span>
                    <span className="queue-meta num">
                      {j.verifyProgress && isActive(j) ? `${percent(verifyFraction(j.verifyProgress))}% ` : ''}
                      {stateBadge(j)}
                    </span>
                  </button>
                </li>
              ))}
            </ol>
          </section>
        )}
        <div ref={resultRef}>{current && <VerifyJobPanel job={current} mod={mod} onCancel={cancel} />}</div>
      </div>
    </div>
  );
}

function VerifyJobPanel({ job, mod, onCancel }: { job: JobView; mod: string; onCancel: () => void }) {
  const p = job.verifyProgress;
  if (!isFinished(job)) {
    const fraction = p ? verifyFraction(p) : 0;
    const pct = percent(fraction);
    const phase = job.state === 'paused' ? 'Paused' : p ? { scanning: 'Finding histories', hashing: 'Reading and hashing', writing: 'Writing the manifest', done: 'Finishing' }[p.phase] : 'Starting';
    return (
      <section className="panel job" aria-labelledby="verify-job-title" data-testid="verify-panel" data-state={job.state}>
        <header className="job-head">
          <h2 id="verify-job-title" className="ellipsis" title={job.title}>
            {job.title}
          </h2>
          {stateBadge(job)}
        </header>
        <div
          className="job-progress"
          data-testid="verify-progress"
          role="progressbar"
          aria-label="Verify progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct}
          aria-valuetext={`${pct}%, ${phase}`}
        >
          <JobHeadline pct={pct} phase={phase} fraction={fraction} />
          <dl className="job-stats num">
            <div>
              <dt>Files</dt>
              <dd>{p ? `${p.filesDone} / ${p.filesTotal}` : '–'}</dd>
            </div>
            <div>
              <dt>Read</dt>
              <dd>{p ? `${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}` : '–'}</dd>
            </div>
          </dl>
          <div className="current-file ellipsis mono" title={p?.currentFile}>
            {p?.currentFile ?? p?.root ?? '\u00a0'}
          </div>
        </div>
        <div className="job-actions">
          <button type="button" className="btn btn-danger" data-testid="verify-cancel" onClick={onCancel}>
            Cancel <kbd>{mod}+.</kbd>
          </button>
        </div>
      </section>
    );
  }
  const v = job.verify;
  return (
    <section className="panel" aria-labelledby="verify-result-title" data-testid="verify-result" data-ok={Boolean(v?.ok && job.state === 'done')} data-state={job.state}>
      <h2 id="verify-result-title" className="sr-only">
        Verify result
      </h2>
      {!v ? (
        <div className="verdict verdict-unsafe verdict-sm" role="status">
          <p className="verdict-sentence">
            {job.state === 'cancelled' ? `${job.title}: cancelled before it finished. Nothing was concluded.` : `${job.title} could not run: ${job.error ?? 'unknown error'}.`}
          </p>
        </div>
      ) : (
        <>
          <div className={`verdict verdict-sm ${v.ok ? 'verdict-safe' : 'verdict-unsafe'}`} role="status" data-testid="verify-verdict">
            <div className="verdict-icon" aria-hidden="true">
              {v.ok ? '✓' : '✕'}
            </div>
            <div>
              <p className="verdict-sentence verdict-sentence-big">{v.verdict}</p>
              <p className="verdict-meta">
                {job.state === 'cancelled' ? 'Cancelled · ' : ''}ended {absoluteTime(v.finishedAt)}
              </p>
            </div>
          </div>
          {v.roots.map((root) => (
            <div key={root.root} className="verify-root">
              <h3>
                <PathText path={root.root} /> {root.ok ? <Badge level="ok">matches</Badge> : <Badge level="bad">does not match</Badge>}
              </h3>
              <ul className="counts num" data-testid="verify-counts">
                {STATUSES.filter((s) => s === 'verified' || root.counts[s] > 0).map((s) => (
                  <li key={s} className={BAD.includes(s) ? 'text-bad' : s === 'verified' ? 'text-ok' : 'text-warn'}>
                    <strong>{root.counts[s]}</strong> {WORD[s]}
                  </li>
                ))}
              </ul>
              {root.error && <ErrorNote message={root.error} />}
              {root.manifest && (
                <p className="small muted">
                  Manifest written: <PathText path={root.manifest} />
                </p>
              )}
              {root.problems.length > 0 && (
                <div className="table-wrap">
                  <table className="table" data-testid="verify-problems">
                    <thead>
                      <tr>
                        <th scope="col">File</th>
                        <th scope="col">Status</th>
                        <th scope="col">Why</th>
                      </tr>
                    </thead>
                    <tbody>
                      {root.problems.slice(0, 1000).map((pr) => (
                        <tr key={`${pr.status}\0${pr.path}`} className={BAD.includes(pr.status) ? 'row-bad' : undefined}>
                          <td>
                            <PathText path={pr.path} />
                          </td>
                          <td className={BAD.includes(pr.status) ? 'text-bad' : 'text-warn'}>{WORD[pr.status]}</td>
                          <td className="reason">{pr.reason}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {root.problems.length > 1000 && <p className="muted small">Showing the first 1000 of {root.problems.length}.</p>}
                </div>
              )}
            </div>
          ))}
          {v.catalog.length > 0 && (
            <div className="verify-catalog">
              <h3>Catalog updated</h3>
              <ul>
                {v.catalog.map((c) => (
                  <li key={`${c.root}\0${c.project}\0${c.roll}`}>
                    Roll <strong>{c.roll}</strong> ({c.project}) on <PathText path={c.root} />: {c.copiesVerified} verified
                    {c.copiesFailed ? <span className="text-bad">, {c.copiesFailed} failed</span> : ''}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}

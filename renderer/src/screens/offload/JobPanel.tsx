/**
 * A queued, running or paused offload: the overall bar (copy + verify), one bar per destination, the numbers the
 * DIT glances at, Pause/Resume and Cancel. Every slot has a fixed size so nothing moves while the numbers change.
 */
import type { JobView } from '../../../../shared/contract';
import { formatBytes, formatElapsed } from '../../../../shared/format';
import type { OffloadProgress } from '../../../../shared/offload';
import { Badge, Bar, JobHeadline, PathText } from '../../components/bits';
import { destinationBars, offloadFraction, percent } from '../../lib/progress';

const PHASES: Record<OffloadProgress['phase'], string> = {
  scanning: 'Reading the card',
  copying: 'Copying',
  verifying: 'Reading back the copies',
  indexing: 'Filing takes in the catalog',
  manifest: 'Writing ASC MHL manifests',
  done: 'Finishing',
};

export function stateBadge(job: JobView) {
  const level = job.state === 'done' ? 'ok' : job.state === 'paused' || job.state === 'queued' ? 'warn' : job.state === 'running' ? 'info' : 'bad';
  return <Badge level={level}>{job.state}</Badge>;
}

export function JobPanel({
  job,
  busy,
  onPause,
  onResume,
  onCancel,
  mod,
}: {
  job: JobView;
  busy: boolean;
  onPause: () => void;
  onResume: () => void;
  onCancel: () => void;
  mod: string;
}) {
  const p = job.offloadProgress;
  const fraction = p ? offloadFraction(p) : 0;
  const pct = percent(fraction);
  const phase = job.state === 'queued' ? 'Waiting in the queue' : job.state === 'paused' ? 'Paused' : p ? PHASES[p.phase] : 'Starting';
  const bars = p ? destinationBars(p) : [];
  const valueText = `${pct}%, ${phase}${p ? `, ${p.filesDone} of ${p.filesTotal} files` : ''}`;
  return (
    <section className="panel job" aria-labelledby="job-title" data-testid="job-panel" data-job-id={job.id} data-state={job.state}>
      <header className="job-head">
        <h2 id="job-title" className="ellipsis" title={job.title}>
          {job.title}
        </h2>
        {stateBadge(job)}
      </header>
      <div
        className={`job-progress${job.state === 'paused' ? ' is-paused' : ''}`}
        data-testid="job-progress"
        role="progressbar"
        aria-label="Offload progress: copy and verify"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={valueText}
      >
        <JobHeadline pct={pct} phase={phase} fraction={fraction} paused={job.state === 'paused'} />
        <dl className="job-stats num">
          <div>
            <dt>Files</dt>
            <dd>{p ? `${p.filesDone} / ${p.filesTotal}` : '–'}</dd>
          </div>
          <div>
            <dt>Read from card</dt>
            <dd>{p ? `${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}` : '–'}</dd>
          </div>
          <div>
            <dt>Speed</dt>
            <dd>{p && job.state === 'running' ? `${formatBytes(p.bytesPerSecond)}/s` : '–'}</dd>
          </div>
          <div>
            <dt>Time left</dt>
            <dd>{p?.etaSeconds !== undefined && job.state === 'running' ? formatElapsed(p.etaSeconds) : '–'}</dd>
          </div>
        </dl>
        <div className="current-file ellipsis mono" title={p?.currentFile}>
          {p?.currentFile ?? '\u00a0'}
        </div>
      </div>
      <ul className="dest-bars" aria-label="Per destination">
        {bars.map((b) => (
          <li key={b.root} className="dest-bar">
            <div className="dest-bar-head">
              <PathText path={b.root} />
              <span className={`num small ${b.failed ? 'text-bad' : 'muted'}`}>
                {b.failed ? 'FAILED · ' : ''}written {percent(b.written)}% · verified {percent(b.verified)}% · {b.filesVerified} files verified
              </span>
            </div>
            <Bar
              fraction={b.verified}
              secondary={b.written}
              level={b.failed ? 'bad' : 'ok'}
              size="sm"
              label={`Destination ${b.root}`}
              valueText={`written ${percent(b.written)}%, verified ${percent(b.verified)}%${b.failed ? ', failed' : ''}`}
            />
          </li>
        ))}
        {bars.length === 0 && <li className="muted small">The destinations appear once the card has been read.</li>}
      </ul>
      <div className="job-actions">
        {job.state === 'paused' ? (
          <button type="button" className="btn btn-primary" data-testid="job-resume" onClick={onResume} disabled={busy}>
            Resume
          </button>
        ) : (
          <button type="button" className="btn" data-testid="job-pause" onClick={onPause} disabled={busy || job.state !== 'running'}>
            Pause
          </button>
        )}
        <button type="button" className="btn btn-danger" data-testid="job-cancel" onClick={onCancel} disabled={busy}>
          {job.state === 'queued' ? 'Remove from queue' : 'Cancel'} <kbd>{mod}+.</kbd>
        </button>
      </div>
    </section>
  );
}

/** Offloads lined up (and the last few finished), to switch the panel between them. */
export function QueueList({ jobs, currentId, onPick }: { jobs: JobView[]; currentId: string | undefined; onPick: (id: string) => void }) {
  return (
    <section className="panel queue" aria-labelledby="queue-title" data-testid="job-queue">
      <h2 id="queue-title" className="label">
        Offloads
      </h2>
      <ol>
        {jobs.map((j) => {
          const pct = j.offloadProgress ? percent(offloadFraction(j.offloadProgress)) : 0;
          const verdict = j.offload ? (j.offload.safeToFormat && j.state === 'done' ? 'safe' : 'NOT safe') : undefined;
          return (
            <li key={j.id}>
              <button type="button" className={`queue-item${j.id === currentId ? ' is-current' : ''}`} aria-current={j.id === currentId} onClick={() => onPick(j.id)} data-state={j.state}>
                <span className="ellipsis">{j.title}</span>
                <span className="queue-meta num">
                  {j.state === 'running' || j.state === 'paused' ? `${pct}% ` : ''}
                  {stateBadge(j)}
                  {verdict && <Badge level={verdict === 'safe' ? 'ok' : 'bad'}>{verdict}</Badge>}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

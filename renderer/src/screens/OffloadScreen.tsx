/**
 * The DIT's screen: choose the card, the drives and the naming on the left; follow the job and read the verdict on
 * the right. Offloads started while one runs line up in the core's queue; a reload reattaches to whatever runs.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CardView, DestinationView, DriveView, StationInfo } from '../../../shared/contract';
import { DEFAULT_HASH, type HashAlgorithm } from '../../../shared/hashes';
import { errorMessage, type StationClient } from '../api';
import type { KeysRef } from '../App';
import { ErrorNote, PathText } from '../components/bits';
import type { Jobs } from '../hooks/jobs';
import { useDebounced, useEvent, useLoadOnConnect } from '../hooks/station';
import { destinationStatus } from '../lib/destinations';
import { isActive, isFinished, isPending, pickJob, queueOf } from '../lib/jobs';
import { basename, cleanPath, isAbsolutePath, pathFromUriList } from '../lib/paths';
import { DestinationsPanel } from './offload/DestinationsPanel';
import { JobPanel, QueueList } from './offload/JobPanel';
import { NamingPanel, type NamingValues } from './offload/NamingPanel';
import { SourcePanel, type SourceState } from './offload/SourcePanel';
import { VerdictPanel } from './offload/VerdictPanel';

const MAX_DESTINATIONS = 8;

export function OffloadScreen({ api, info, jobs, active, keys, mod }: { api: StationClient; info: StationInfo; jobs: Jobs; active: boolean; keys: KeysRef; mod: string }) {
  // ---- drives and cards ----
  const [drives, setDrives] = useState<DriveView[]>([]);
  const [drivesError, setDrivesError] = useState<string>();
  useLoadOnConnect(api, () => {
    api.call('drives.list', {}).then(
      (d) => {
        setDrives(d);
        setDrivesError(undefined);
      },
      (e: unknown) => setDrivesError(errorMessage(e)),
    );
  });
  useEvent(api, 'drives.changed', (e) => setDrives(e.drives));

  // ---- source ----
  const [sourceInput, setSourceInput] = useState('');
  const [source, setSource] = useState<SourceState | null>(null);
  const [sourceBusy, setSourceBusy] = useState(false);
  const [sourceError, setSourceError] = useState<string>();
  const [dropNote, setDropNote] = useState<string>();
  const [naming, setNaming] = useState<NamingValues>({ project: '', roll: '', template: info.defaultTemplate, newRoll: false });
  const sourceSeq = useRef(0);

  const adoptSource = useCallback((state: SourceState) => {
    setSource(state);
    setSourceError(undefined);
    if (state.view.exists && state.view.isFolder) setNaming((n) => ({ ...n, roll: state.view.card?.roll ?? '' }));
  }, []);

  const checkSource = useCallback(
    (text: string) => {
      setDropNote(undefined);
      const path = cleanPath(text);
      if (!path) return setSourceError('Type the folder of the card first.');
      if (!isAbsolutePath(path)) return setSourceError(`"${path}" is not a full path: it must start with / (or a drive letter on Windows).`);
      const seq = ++sourceSeq.current;
      setSourceBusy(true);
      setSourceError(undefined);
      api.call('sources.inspect', { path }).then(
        (view) => {
          if (seq !== sourceSeq.current) return;
          setSourceBusy(false);
          adoptSource({ input: text, view });
        },
        (e: unknown) => {
          if (seq !== sourceSeq.current) return;
          setSourceBusy(false);
          setSource(null);
          setSourceError(errorMessage(e));
        },
      );
    },
    [api, adoptSource],
  );

  const pickCard = (card: CardView): void => {
    sourceSeq.current++;
    setSourceBusy(false);
    setDropNote(undefined);
    setSourceInput(card.path);
    adoptSource({ input: card.path, view: { path: card.path, exists: true, isFolder: true, card } });
  };

  const sourceView = source && source.input === sourceInput ? source.view : null;
  const sourceReady = Boolean(sourceView?.exists && sourceView.isFolder);
  const card = sourceView?.card ?? null;

  // Dropping a folder anywhere on the window (Electron gives its path; a browser does not, except through a file URI).
  useEffect(() => {
    if (!active) return;
    const accepts = (e: DragEvent): boolean => Boolean(e.dataTransfer && [...e.dataTransfer.types].some((t) => t === 'Files' || t === 'text/uri-list'));
    const over = (e: DragEvent): void => {
      if (!accepts(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent): void => {
      if (!accepts(e) || !e.dataTransfer) return;
      e.preventDefault();
      const path = droppedPath(e.dataTransfer);
      if (path) {
        setSourceInput(path);
        checkSource(path);
      } else {
        setDropNote('This browser does not tell soundroll where a dropped folder is: type or paste the card folder path above, then press Check.');
      }
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [active, checkSource]);

  // ---- destinations ----
  const [destinations, setDestinations] = useState<string[]>([]);
  const [destViews, setDestViews] = useState<Record<string, DestinationView>>({});
  const [destInput, setDestInput] = useState('');
  const [destError, setDestError] = useState<string>();
  const [recent, setRecent] = useState<DestinationView[]>([]);
  const loadRecent = useCallback(() => {
    api.call('destinations.recent', {}).then(setRecent, () => {});
  }, [api]);
  useLoadOnConnect(api, loadRecent);

  const inspectSeq = useRef(0);
  const inspect = useCallback(
    (paths: string[]) => {
      const seq = ++inspectSeq.current;
      if (paths.length === 0) return;
      api.call('destinations.inspect', { paths }).then(
        (views) => {
          if (seq !== inspectSeq.current) return;
          setDestViews((prev) => {
            const next = { ...prev };
            paths.forEach((p, i) => {
              if (views[i]) next[p] = views[i];
            });
            return next;
          });
        },
        (e: unknown) => seq === inspectSeq.current && setDestError(errorMessage(e)),
      );
    },
    [api],
  );
  useEffect(() => inspect(destinations), [destinations, inspect]);
  // A drive plugged in or pulled changes what the chosen destinations are.
  useEvent(api, 'drives.changed', () => {
    inspect(destinations);
    loadRecent();
  });

  const addDestination = (text: string): void => {
    const path = cleanPath(text);
    if (!path) return;
    if (!isAbsolutePath(path)) return setDestError(`"${path}" is not a full path: it must start with / (or a drive letter on Windows).`);
    if (destinations.includes(path)) return setDestError(`${path} is already in the list.`);
    if (destinations.length >= MAX_DESTINATIONS) return setDestError(`At most ${MAX_DESTINATIONS} destinations in one offload.`);
    setDestError(undefined);
    setDestinations((d) => [...d, path]);
    if (text === destInput) setDestInput('');
  };
  const removeDestination = (path: string): void => {
    setDestError(undefined);
    setDestinations((d) => d.filter((p) => p !== path));
  };
  const forget = (path: string): void => {
    api.call('destinations.forget', { path }).then(setRecent, (e: unknown) => setDestError(errorMessage(e)));
  };

  // ---- naming preview (debounced, stale answers ignored) ----
  const cardName = sourceView ? basename(sourceView.path) : 'CARD';
  const previewRequest = useMemo(
    () => ({ template: naming.template, project: naming.project, roll: naming.roll, card: cardName, ...(card?.recorder ? { recorder: card.recorder } : {}) }),
    [naming.template, naming.project, naming.roll, cardName, card?.recorder],
  );
  const previewKey = JSON.stringify(previewRequest);
  const debouncedKey = useDebounced(previewKey, 200);
  const [preview, setPreview] = useState<{ key: string; rollPath?: string; error?: string }>({ key: '' });
  useEffect(() => {
    let live = true;
    const request = JSON.parse(debouncedKey) as typeof previewRequest;
    api.call('naming.preview', request).then(
      (r) => live && setPreview({ key: debouncedKey, ...r }),
      (e: unknown) => live && setPreview({ key: debouncedKey, error: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, debouncedKey]);

  // ---- hashes ----
  const [hashes, setHashes] = useState<HashAlgorithm[]>([DEFAULT_HASH]);

  // ---- readiness ----
  const problems: string[] = [];
  if (!sourceReady) {
    problems.push(
      sourceInput.trim() && !sourceView ? 'Press Check to confirm the source folder.' : 'Choose the source: a card from the list, or type its folder and press Check.',
    );
  }
  if (destinations.length === 0) problems.push('Add at least one destination (two or more for a backup).');
  for (const d of destinations) {
    const s = destinationStatus(destViews[d], card?.bytes, sourceView?.path);
    if (s.level === 'bad') problems.push(`${d}: ${s.message}`);
  }
  if (hashes.length === 0) problems.push('Choose at least one checksum.');
  if (preview.error && preview.key === previewKey) problems.push(`Folder template: ${preview.error}`);
  const valid = problems.length === 0;

  // ---- jobs ----
  const offloads = useMemo(() => jobs.all.filter((j) => j.kind === 'offload'), [jobs.all]);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const current = pickJob(offloads, focusedId);
  const queue = queueOf(offloads);
  // Pin the job shown while it runs: when it ends, its verdict stays up even if the next card starts at once.
  useEffect(() => {
    if (focusedId === null && current && isPending(current)) setFocusedId(current.id);
  }, [focusedId, current]);
  const listed = [...queue, ...offloads.filter(isFinished).slice(0, 5)];
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string>();
  const [jobBusy, setJobBusy] = useState(false);
  const [jobError, setJobError] = useState<string>();

  const start = (): void => {
    if (!valid || starting || !sourceView) return;
    setStarting(true);
    setStartError(undefined);
    api
      .call('offload.start', {
        source: sourceView.path,
        destinations,
        hashes,
        ...(naming.project.trim() ? { project: naming.project.trim() } : {}),
        ...(naming.roll.trim() ? { roll: naming.roll.trim() } : {}),
        ...(naming.template.trim() ? { template: naming.template } : {}),
        ...(card?.recorder ? { recorder: card.recorder } : {}),
        ...(naming.newRoll ? { newRoll: true } : {}),
      })
      .then(
        (job) => {
          jobs.upsert(job);
          // Show the new job unless another one is running or waiting: that one stays in view, this one joins the queue.
          if (!offloads.some((j) => j.id !== job.id && isPending(j))) setFocusedId(job.id);
          // Ready for the next card at wrap: the drives, project and template stay.
          setSource(null);
          setSourceInput('');
          setNaming((n) => ({ ...n, roll: '', newRoll: false }));
          loadRecent();
        },
        (e: unknown) => setStartError(errorMessage(e)),
      )
      .finally(() => setStarting(false));
  };

  const jobCommand = (name: 'jobs.pause' | 'jobs.resume' | 'jobs.cancel', jobId: string): void => {
    setJobBusy(true);
    setJobError(undefined);
    api
      .call(name, { jobId })
      .then(jobs.upsert, (e: unknown) => setJobError(errorMessage(e)))
      .finally(() => setJobBusy(false));
  };
  const cancelTarget = current && isPending(current) ? current : offloads.find(isActive);
  const cancel = (): void => {
    if (cancelTarget) jobCommand('jobs.cancel', cancelTarget.id);
  };

  const filterRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    keys.current.offload = {
      start,
      cancel,
      filter: () => {
        if (filterRef.current) {
          filterRef.current.focus();
          filterRef.current.select();
        }
      },
    };
  });

  const rollPlaceholder = card?.roll ?? (sourceView ? basename(sourceView.path) : 'from the card');

  return (
    <div className="screen offload-grid" id="panel-offload" role="tabpanel" aria-labelledby="tab-offload" hidden={!active} data-testid="screen-offload">
      <div className="col col-form">
        <SourcePanel
          drives={drives}
          drivesError={drivesError}
          input={sourceInput}
          onInput={(t) => {
            setSourceInput(t);
            setSourceError(undefined);
          }}
          onCheck={() => checkSource(sourceInput)}
          onCard={pickCard}
          source={source}
          busy={sourceBusy}
          error={sourceError}
          dropNote={dropNote}
        />
        <DestinationsPanel
          destinations={destinations}
          views={destViews}
          cardBytes={card?.bytes}
          source={sourceView?.path}
          input={destInput}
          onInput={(t) => {
            setDestInput(t);
            setDestError(undefined);
          }}
          onAdd={addDestination}
          onRemove={removeDestination}
          recent={recent}
          onForget={forget}
          drives={drives}
          error={destError}
        />
        <NamingPanel
          values={naming}
          onChange={(next) => setNaming((n) => ({ ...n, ...next }))}
          rollPlaceholder={rollPlaceholder}
          destinations={destinations}
          preview={{ ...(preview.rollPath ? { rollPath: preview.rollPath } : {}), ...(preview.error ? { error: preview.error } : {}), pending: preview.key !== previewKey }}
          algorithms={info.hashAlgorithms}
          hashes={hashes}
          onHashes={setHashes}
        />
        <section className="panel start" aria-labelledby="start-title">
          <h2 id="start-title" className="sr-only">
            Start
          </h2>
          <button type="button" className="btn btn-primary btn-big" data-testid="start-offload" onClick={start} disabled={!valid || starting}>
            {starting ? 'Starting…' : offloads.some(isPending) ? 'Add to queue' : 'Start offload'} <kbd>{mod}+Enter</kbd>
          </button>
          {valid && preview.rollPath && (
            <p className="start-summary" data-testid="start-summary">
              <span className="muted">Roll folder</span> <PathText path={preview.rollPath} />{' '}
              <span className="muted">
                on {destinations.length} drive{destinations.length === 1 ? '' : 's'} · {hashes.join(', ')}
              </span>
            </p>
          )}
          <ErrorNote message={startError} testId="start-error" />
          {!valid && (
            <ul className="start-problems" data-testid="start-problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <div className="col col-job" aria-live="off">
        {listed.length > 1 && <QueueList jobs={listed} currentId={current?.id} onPick={setFocusedId} />}
        <ErrorNote message={jobError} testId="job-error" />
        {!current ? (
          <section className="panel placeholder">
            <h2>No offload yet</h2>
            <p className="muted">
              Choose the card, add two or more drives, check the roll folder, then press <strong>Start offload</strong> (<kbd>{mod}+Enter</kbd>). Progress and the
              verdict appear here.
            </p>
          </section>
        ) : isFinished(current) ? (
          <VerdictPanel key={current.id} job={current} filterRef={filterRef} onReport={(jobId) => api.call('reports.offload', { jobId })} />
        ) : (
          <JobPanel
            job={current}
            busy={jobBusy}
            mod={mod}
            onPause={() => jobCommand('jobs.pause', current.id)}
            onResume={() => jobCommand('jobs.resume', current.id)}
            onCancel={() => jobCommand('jobs.cancel', current.id)}
          />
        )}
      </div>
    </div>
  );
}

/** A dropped folder's path: Electron's File.path (or the preload's helper), else a file:// URI from a file manager. */
function droppedPath(dt: DataTransfer): string | undefined {
  const file = dt.files[0] as (File & { path?: string }) | undefined;
  if (file?.path) return file.path;
  const bridge = (window as { soundroll?: { pathForFile?: (f: File) => string } }).soundroll;
  if (file && typeof bridge?.pathForFile === 'function') {
    try {
      const p = bridge.pathForFile(file);
      if (p) return p;
    } catch {
      /* fall through */
    }
  }
  const fromUri = pathFromUriList(dt.getData('text/uri-list'));
  if (fromUri) return fromUri;
  const text = dt.getData('text/plain').trim();
  return text && isAbsolutePath(text) && !text.includes('\n') ? text : undefined;
}

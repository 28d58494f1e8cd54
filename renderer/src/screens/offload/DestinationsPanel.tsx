/** Step 2: where the copies go. Typed, remembered or connected drives; each checked by the core (exists, writable, free). */
import type { DestinationView, DriveView } from '../../../../shared/contract';
import { formatBytes } from '../../../../shared/format';
import { ErrorNote, Note, PathText } from '../../components/bits';
import { countWarning, destinationStatus } from '../../lib/destinations';

export function DestinationsPanel(props: {
  destinations: string[];
  views: Record<string, DestinationView>;
  cardBytes?: number;
  source?: string;
  input: string;
  onInput: (text: string) => void;
  onAdd: (path: string) => void;
  onRemove: (path: string) => void;
  recent: DestinationView[];
  onForget: (path: string) => void;
  drives: DriveView[];
  error?: string;
}) {
  const { destinations, views } = props;
  const warning = countWarning(destinations.length);
  const suggestions = [
    ...props.recent.map((r) => ({ path: r.path, free: r.freeBytes, ok: r.exists && r.writable, remembered: true })),
    ...props.drives
      .filter((d) => !d.card && !d.error && !props.recent.some((r) => r.path === d.path))
      .map((d) => ({ path: d.path, free: d.freeBytes, ok: true, remembered: false })),
  ].filter((s) => !destinations.includes(s.path));
  return (
    <section className="panel" aria-labelledby="dest-title" data-testid="dest-panel">
      <h2 id="dest-title">
        <span className="step">2</span> Destinations <span className="muted small">({destinations.length})</span>
      </h2>
      <ul className="dest-list" data-testid="dest-list" aria-label="Chosen destinations">
        {destinations.length === 0 && <li className="muted dest-empty">No destination yet: add two or more drives.</li>}
        {destinations.map((path, i) => {
          const status = destinationStatus(views[path], props.cardBytes, props.source);
          return (
            <li key={path} className={`dest dest-${status.level}`} data-testid="dest-item" data-level={status.level}>
              <span className="dest-index">{i + 1}</span>
              <div className="dest-main">
                <PathText path={path} />
                <span className={`dest-status text-${status.level}`}>{status.message}</span>
              </div>
              <button type="button" className="btn btn-small" onClick={() => props.onRemove(path)} aria-label={`Remove ${path}`} data-testid="dest-remove">
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      {warning && (
        <Note level="warn" testId="dest-warning">
          {warning}
        </Note>
      )}
      <label htmlFor="dest-path" className="label">
        Add a drive or folder
      </label>
      <div className="row">
        <input
          id="dest-path"
          className="input grow mono"
          data-testid="dest-input"
          value={props.input}
          placeholder="/Volumes/SHUTTLE_A"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => props.onInput(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
              e.preventDefault();
              props.onAdd(props.input);
            }
          }}
        />
        <button type="button" className="btn" data-testid="dest-add" onClick={() => props.onAdd(props.input)} disabled={props.input.trim() === ''}>
          + Add
        </button>
      </div>
      <ErrorNote message={props.error} testId="dest-error" />
      {suggestions.length > 0 && (
        <div className="suggestions">
          <h3 className="label">Remembered and connected drives</h3>
          <ul data-testid="dest-recent">
            {suggestions.map((s) => (
              <li key={s.path} className="suggestion">
                <button type="button" className="btn btn-small" onClick={() => props.onAdd(s.path)} disabled={!s.ok} aria-label={`Add ${s.path}`}>
                  + Add
                </button>
                <PathText path={s.path} />
                <span className={`small ${s.ok ? 'muted' : 'text-bad'}`}>{s.ok ? (s.free !== null ? `${formatBytes(s.free)} free` : '') : 'not connected'}</span>
                {s.remembered && (
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => props.onForget(s.path)} aria-label={`Forget ${s.path}`}>
                    Forget
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** Step 3: project, roll and the folder template, with the core's own preview of where the roll lands on each drive. */
import type { HashAlgorithm } from '../../../../shared/hashes';
import { ErrorNote, PathText } from '../../components/bits';
import { joinPath } from '../../lib/paths';

export interface NamingValues {
  project: string;
  roll: string;
  template: string;
  newRoll: boolean;
}

export function NamingPanel(props: {
  values: NamingValues;
  onChange: (next: Partial<NamingValues>) => void;
  rollPlaceholder: string;
  destinations: string[];
  preview: { rollPath?: string; error?: string; pending: boolean };
  algorithms: readonly HashAlgorithm[];
  hashes: HashAlgorithm[];
  onHashes: (next: HashAlgorithm[]) => void;
}) {
  const { values, preview } = props;
  const targets = props.destinations.length > 0 ? props.destinations : ['<destination>'];
  return (
    <section className="panel" aria-labelledby="naming-title">
      <h2 id="naming-title">
        <span className="step">3</span> Naming and checksums
      </h2>
      <div className="grid-2">
        <div>
          <label htmlFor="project" className="label">
            Project
          </label>
          <input
            id="project"
            className="input"
            data-testid="project-input"
            value={values.project}
            placeholder="Untitled"
            maxLength={200}
            onChange={(e) => props.onChange({ project: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor="roll" className="label">
            Roll
          </label>
          <input
            id="roll"
            className="input"
            data-testid="roll-input"
            value={values.roll}
            placeholder={props.rollPlaceholder}
            maxLength={200}
            onChange={(e) => props.onChange({ roll: e.target.value })}
          />
        </div>
      </div>
      <label htmlFor="template" className="label">
        Folder template <span className="muted small">{'{project} {date} {roll} {card} {recorder}'}</span>
      </label>
      <input
        id="template"
        className="input mono"
        data-testid="template-input"
        value={values.template}
        maxLength={500}
        spellCheck={false}
        onChange={(e) => props.onChange({ template: e.target.value })}
      />
      <div className={`preview${preview.pending ? ' preview-pending' : ''}`} data-testid="naming-preview" aria-live="polite">
        {preview.error ? (
          <ErrorNote message={preview.error} />
        ) : preview.rollPath ? (
          <ul>
            {targets.map((d) => (
              <li key={d}>
                <PathText path={d === '<destination>' ? `${d}/${preview.rollPath}` : joinPath(d, preview.rollPath!)} />
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">…</span>
        )}
      </div>
      <label className="check">
        <input type="checkbox" data-testid="new-roll" checked={values.newRoll} onChange={(e) => props.onChange({ newRoll: e.target.checked })} />
        If this card was offloaded before, file it under a new roll name instead of resuming that roll
      </label>
      <fieldset className="hashes">
        <legend className="label">Checksums (at least one)</legend>
        {props.algorithms.map((alg) => (
          <label key={alg} className="check check-inline">
            <input
              type="checkbox"
              data-testid={`hash-${alg}`}
              checked={props.hashes.includes(alg)}
              onChange={(e) =>
                props.onHashes(e.target.checked ? props.algorithms.filter((a) => a === alg || props.hashes.includes(a)) : props.hashes.filter((h) => h !== alg))
              }
            />
            {alg}
            {alg === 'xxh128' && <span className="muted small"> (default)</span>}
          </label>
        ))}
      </fieldset>
    </section>
  );
}

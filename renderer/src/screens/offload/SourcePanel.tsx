/** Step 1: the card. Recognised cards first (live from drives.changed), else a typed or dropped folder, checked by the core. */
import type { CardView, DriveView, SourceView } from '../../../../shared/contract';
import { formatBytes } from '../../../../shared/format';
import { ErrorNote, Note, PathText } from '../../components/bits';

export interface SourceState {
  /** The text the check was made for: the source counts only while the input still says the same. */
  input: string;
  view: SourceView;
}

function cardLine(card: CardView): string {
  return [card.recorder, `${card.wavFiles} WAV file${card.wavFiles === 1 ? '' : 's'}`, formatBytes(card.bytes)].filter(Boolean).join(' · ');
}

export function SourcePanel(props: {
  drives: DriveView[];
  drivesError?: string;
  input: string;
  onInput: (text: string) => void;
  onCheck: () => void;
  onCard: (card: CardView) => void;
  source: SourceState | null;
  busy: boolean;
  error?: string;
  dropNote?: string;
}) {
  const { drives, input, source, busy } = props;
  const cards = drives.filter((d) => d.card).map((d) => d.card!);
  const current = source && source.input === input ? source.view : null;
  return (
    <section className="panel" aria-labelledby="source-title" data-testid="source-panel">
      <h2 id="source-title">
        <span className="step">1</span> Source card
      </h2>
      {cards.length > 0 ? (
        <ul className="cards" aria-label="Recognised recorder cards">
          {cards.map((card) => {
            const selected = current?.path === card.path;
            return (
              <li key={card.path}>
                <button
                  type="button"
                  className={`card${selected ? ' card-selected' : ''}`}
                  aria-pressed={selected}
                  data-testid={`card-${card.path}`}
                  onClick={() => props.onCard(card)}
                >
                  <span className="card-roll">{card.roll ?? card.path.split(/[\\/]/).filter(Boolean).at(-1)}</span>
                  <span className="card-line">{cardLine(card)}</span>
                  <PathText path={card.path} className="card-path" />
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">No recorder card is mounted. Insert one, or type or drop its folder below.</p>
      )}
      <ErrorNote message={props.drivesError} />
      <label htmlFor="source-path" className="label">
        Card or folder path
      </label>
      <div className="row">
        <input
          id="source-path"
          className="input grow mono"
          data-testid="source-path-input"
          value={input}
          placeholder="/Volumes/SD833/A001"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => props.onInput(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
              e.preventDefault();
              props.onCheck();
            }
          }}
        />
        <button type="button" className="btn" data-testid="source-check" onClick={props.onCheck} disabled={busy || input.trim() === ''}>
          Check
        </button>
      </div>
      <div className="status-slot" data-testid="source-status" aria-live="polite">
        {busy ? (
          <p className="muted">Checking…</p>
        ) : props.error ? (
          <ErrorNote message={props.error} />
        ) : current ? (
          <SourceVerdict view={current} />
        ) : input.trim() !== '' ? (
          <p className="muted">Press Check (or Enter) to use this folder.</p>
        ) : (
          <p className="muted small">…or drop the card's folder anywhere on this window.</p>
        )}
        {props.dropNote && <Note level="warn">{props.dropNote}</Note>}
      </div>
    </section>
  );
}

function SourceVerdict({ view }: { view: SourceView }) {
  if (!view.exists) return <ErrorNote message={`${view.path}: ${view.error ?? 'no such folder'}.`} />;
  if (!view.isFolder) return <ErrorNote message={`${view.path}: ${view.error ?? 'not a folder'}.`} />;
  if (view.card) {
    return (
      <Note level="ok" testId="source-recognised">
        Recognised card{view.card.roll ? ` ${view.card.roll}` : ''}: {cardLine(view.card)}.
      </Note>
    );
  }
  return (
    <Note level="warn" testId="source-unrecognised">
      A folder, but not a recognised recorder card (no WAV with bext/iXML found). It can still be offloaded as it is.
    </Note>
  );
}

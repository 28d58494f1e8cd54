/**
 * The sound report for one take: note, circled, flags, tags and per-track notes. Edits are saved as they are made
 * (`takes.update`, 400 ms after the last keystroke; toggles at once) and the panel says whether they are saved. What
 * the recorder wrote stays apart: an edited field shows the recorder's value and can go back to it (the update then
 * sends null for that field). The card's files are never changed.
 */
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState, type ReactNode } from 'react';
import type { TakeDetailView } from '../../../../shared/contract';
import { errorMessage, type StationClient } from '../../api';
import {
  FLAG_INFO,
  TAKE_FLAGS,
  circledState,
  flagLabel,
  flagsState,
  formatTags,
  isEmptyPatch,
  mergePatch,
  noteState,
  parseTags,
  patchFor,
  tagsState,
  toggleFlag,
  trackNoteState,
  type NotesPatch,
  type TakeFlag,
} from '../../lib/takes';

export interface NotesHandle {
  toggleCircled(): void;
  toggleFlag(flag: TakeFlag): void;
  /** Sends what is waiting now (before leaving the take). */
  flush(): void;
}

type SaveState = 'saved' | 'pending' | 'saving' | 'error';

interface Draft {
  takeId: number;
  note: string;
  circled: boolean;
  flags: string[];
  tags: string;
  trackNotes: Record<string, string>;
}

function draftOf(d: TakeDetailView): Draft {
  return {
    takeId: d.id,
    note: noteState(d).value,
    circled: circledState(d).value,
    flags: flagsState(d).value,
    tags: formatTags(tagsState(d).value),
    trackNotes: Object.fromEntries(d.tracks.map((t) => [String(t.position), trackNoteState(d, t.position).value])),
  };
}

const TEXT_DELAY = 400;

export const NotesPanel = forwardRef<NotesHandle, { api: StationClient; detail: TakeDetailView; onSaved(d: TakeDetailView): void }>(function NotesPanel({ api, detail, onSaved }, ref) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(detail));
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [saveError, setSaveError] = useState<string>();
  const pending = useRef<{ takeId: number; patch: NotesPatch } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const inFlight = useRef(0);
  const seq = useRef(0);
  const detailRef = useRef(detail);
  detailRef.current = detail;
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    const job = pending.current;
    pending.current = null;
    if (!job || isEmptyPatch(job.patch)) return;
    const mine = ++seq.current;
    inFlight.current++;
    setSaveState('saving');
    setSaveError(undefined);
    api
      .call('takes.update', { takeId: job.takeId, ...job.patch })
      .then(
        (d) => {
          onSavedRef.current(d);
          // The station's answer becomes the draft unless the mixer typed on meanwhile.
          if (mine === seq.current && !pending.current && d.id === draftRef.current.takeId) setDraft(draftOf(d));
          if (!pending.current && inFlight.current === 1) setSaveState('saved');
        },
        (e: unknown) => {
          // Keep the edit: it goes again with the next change, or with Retry.
          pending.current = { takeId: job.takeId, patch: mergePatch(job.patch, pending.current?.takeId === job.takeId ? pending.current.patch : {}) };
          setSaveError(errorMessage(e));
          setSaveState('error');
        },
      )
      .finally(() => {
        inFlight.current--;
      });
  }, [api]);

  const edit = useCallback(
    (patch: NotesPatch, change: Partial<Draft>, delay: number) => {
      const takeId = draftRef.current.takeId;
      setDraft((d) => ({ ...d, ...change }));
      if (pending.current && pending.current.takeId !== takeId) flush();
      pending.current = { takeId, patch: mergePatch(pending.current?.patch ?? {}, patch) };
      setSaveState((s) => (s === 'error' ? s : 'pending'));
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, delay);
    },
    [flush],
  );

  // Another take: send what waits for the previous one, then show this one.
  useEffect(() => {
    if (draftRef.current.takeId !== detail.id) {
      flush();
      setDraft(draftOf(detail));
      setSaveError(undefined);
      setSaveState('saved');
      return;
    }
    // A fresh view of the same take (an event, a reload): adopt it unless an edit is waiting.
    if (!pending.current && inFlight.current === 0) setDraft(draftOf(detail));
  }, [detail, flush]);

  // Leaving the take view sends what waits.
  useEffect(() => () => flush(), [flush]);

  const setCircled = (value: boolean): void => edit(patchFor(detailRef.current, 'circled', value), { circled: value }, 0);
  const setFlags = (flags: TakeFlag[]): void => edit(patchFor(detailRef.current, 'flags', flags), { flags }, 0);

  useImperativeHandle(ref, () => ({
    toggleCircled: () => setCircled(!draftRef.current.circled),
    toggleFlag: (flag) => setFlags(toggleFlag(draftRef.current.flags, flag)),
    flush,
  }));

  const note = noteState(detail);
  const circled = circledState(detail);
  const flags = flagsState(detail);
  const tags = parseTags(draft.tags);

  return (
    <section className="panel notes" aria-labelledby="notes-title" data-testid="notes-panel">
      <header className="notes-head">
        <h2 id="notes-title">Sound report</h2>
        <span className={`save-state save-${saveState}`} data-testid="save-state" data-state={saveState} role="status">
          {saveState === 'saved' ? 'Saved' : saveState === 'saving' ? 'Saving…' : saveState === 'pending' ? 'Editing…' : 'Not saved'}
        </span>
      </header>
      {saveState === 'error' && (
        <p className="note note-bad small" role="alert">
          Not saved: {saveError}{' '}
          <button type="button" className="btn btn-small" onClick={flush}>
            Retry
          </button>
        </p>
      )}

      <div className="notes-toggles">
        <button
          type="button"
          className={`toggle toggle-circled${draft.circled ? ' is-on' : ''}`}
          aria-pressed={draft.circled}
          data-testid="take-circled"
          onClick={() => setCircled(!draft.circled)}
          title="Circle take (C)"
        >
          <span aria-hidden="true">{draft.circled ? '●' : '○'}</span> {draft.circled ? 'Circled' : 'Not circled'} <kbd>C</kbd>
        </button>
        {circled.edited && (
          <Origin testId="revert-circled" onRevert={() => edit({ circled: null }, { circled: circled.recorder }, 0)}>
            recorder: {circled.recorder ? 'circled' : 'not circled'}
          </Origin>
        )}
      </div>

      <fieldset className="flags">
        <legend className="label">Flags</legend>
        <div className="flag-grid">
          {TAKE_FLAGS.map((f) => {
            const on = draft.flags.includes(f);
            return (
              <button
                key={f}
                type="button"
                className={`toggle toggle-flag flag-${f}${on ? ' is-on' : ''}`}
                aria-pressed={on}
                data-testid={`flag-${f}`}
                onClick={() => setFlags(toggleFlag(draft.flags, f))}
                title={f === 'NO_GOOD' ? 'No good (N)' : FLAG_INFO[f].label}
              >
                <span className="flag-short">{FLAG_INFO[f].short}</span> {FLAG_INFO[f].label}
                {f === 'NO_GOOD' && <kbd>N</kbd>}
              </button>
            );
          })}
        </div>
        {flags.edited && (
          <Origin testId="revert-flags" onRevert={() => edit({ flags: null }, { flags: flags.recorder }, 0)}>
            recorder: {flags.recorder.length ? flags.recorder.map(flagLabel).join(', ') : 'no flags'}
          </Origin>
        )}
      </fieldset>

      <label className="label" htmlFor="take-note">
        Take note
      </label>
      <textarea
        id="take-note"
        className="input textarea"
        data-testid="take-note"
        rows={3}
        maxLength={4000}
        value={draft.note}
        placeholder="What the editor should know about this take"
        onChange={(e) => edit(patchFor(detailRef.current, 'note', e.target.value), { note: e.target.value }, TEXT_DELAY)}
      />
      {note.edited ? (
        <Origin testId="revert-note" onRevert={() => edit({ note: null }, { note: note.recorder }, 0)}>
          from the recorder: {note.recorder ? <q>{note.recorder}</q> : <em>no note</em>}
        </Origin>
      ) : (
        note.recorder !== '' && <p className="origin small muted">from the recorder</p>
      )}

      <label className="label" htmlFor="take-tags">
        Tags <span className="muted">(comma-separated)</span>
      </label>
      <input
        id="take-tags"
        className="input"
        data-testid="take-tags"
        value={draft.tags}
        placeholder="plane, traffic, best performance"
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => edit(patchFor(detailRef.current, 'tags', parseTags(e.target.value)), { tags: e.target.value }, TEXT_DELAY)}
      />
      {tags.length > 0 && (
        <ul className="chips" aria-label="Tags" data-testid="tag-chips">
          {tags.map((t) => (
            <li key={t} className="chip">
              {t}
              <button
                type="button"
                className="chip-x"
                aria-label={`Remove tag ${t}`}
                onClick={() => {
                  const rest = tags.filter((x) => x !== t);
                  edit(patchFor(detailRef.current, 'tags', rest), { tags: formatTags(rest) }, 0);
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}

      <h3 className="label">Track notes</h3>
      <div className="track-notes">
        {detail.tracks.map((t) => {
          const key = String(t.position);
          return (
            <div key={key} className="track-note">
              <label htmlFor={`track-note-${key}`} className="ellipsis" title={t.name}>
                <span className="lane-num num">{t.position + 1}</span> {t.name}
              </label>
              <input
                id={`track-note-${key}`}
                className="input input-sm"
                data-testid={`track-note-${key}`}
                value={draft.trackNotes[key] ?? ''}
                maxLength={1000}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => {
                  const notes = { ...draftRef.current.trackNotes, [key]: e.target.value };
                  edit(patchFor(detailRef.current, 'trackNotes', notes), { trackNotes: notes }, TEXT_DELAY);
                }}
              />
            </div>
          );
        })}
      </div>
      {detail.mixer.updatedAt && <p className="small muted notes-updated">Last edited {new Date(detail.mixer.updatedAt).toLocaleString()}</p>}
    </section>
  );
});

function Origin({ children, onRevert, testId }: { children: ReactNode; onRevert(): void; testId: string }) {
  return (
    <p className="origin small">
      <span className="badge badge-info">edited</span> <span className="muted">{children}</span>{' '}
      <button type="button" className="btn-link" onClick={onRevert} data-testid={testId}>
        Revert to recorder
      </button>
    </p>
  );
}

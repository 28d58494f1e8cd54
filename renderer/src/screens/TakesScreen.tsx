/**
 * The mixer's screen: pick a roll, find a take (scene, take, text, circled, with QC findings), open it to look and
 * listen (screens/takes/TakeView). The list is windowed: only the rows in view are in the DOM, so a roll of 5,000
 * takes scrolls as one of 14. It reloads when the catalog changes (an offload filing takes, an analysis finishing).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RollListView, TakeDetailView, TakeRowView } from '../../../shared/contract';
import { errorMessage, type StationClient } from '../api';
import { ReportButton } from '../components/ReportButton';
import type { KeysRef } from '../App';
import { ErrorNote } from '../components/bits';
import { useDebounced, useEvent, useLoadOnConnect } from '../hooks/station';
import { flagLabel, flagShort, replaceRow, sceneTake, shortDuration, sortTakes, type TakeSort } from '../lib/takes';
import { moveIndex, revealRow, virtualWindow } from '../lib/virtual';
import { TakeView, type TakeKeyHandler } from './takes/TakeView';

export const ROW_HEIGHT = 40;

interface Filters {
  scene: string;
  take: string;
  text: string;
  circledOnly: boolean;
  withFindings: boolean;
}

const NO_FILTERS: Filters = { scene: '', take: '', text: '', circledOnly: false, withFindings: false };

export function TakesScreen({ api, active, keys }: { api: StationClient; active: boolean; keys: KeysRef }) {
  // ---- rolls ----
  const [rolls, setRolls] = useState<RollListView[] | null>(null);
  const [rollsError, setRollsError] = useState<string>();
  const [rollId, setRollId] = useState<number | null>(null);
  const loadRolls = useCallback(() => {
    api.call('rolls.list', {}).then(
      (r) => {
        setRolls(r);
        setRollsError(undefined);
        setRollId((id) => (id !== null && r.some((x) => x.id === id) ? id : (r[0]?.id ?? null)));
      },
      (e: unknown) => setRollsError(errorMessage(e)),
    );
  }, [api]);
  useLoadOnConnect(api, loadRolls);

  // ---- takes of the roll ----
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const typed = useDebounced({ scene: filters.scene, take: filters.take, text: filters.text }, 200);
  const [rows, setRows] = useState<TakeRowView[] | null>(null);
  const [rowsError, setRowsError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const loadTakes = useCallback(() => {
    if (rollId === null) {
      setRows(null);
      return;
    }
    const mine = ++seq.current;
    setLoading(true);
    api
      .call('takes.list', {
        rollId,
        ...(typed.scene.trim() ? { scene: typed.scene.trim() } : {}),
        ...(typed.take.trim() ? { take: typed.take.trim() } : {}),
        ...(typed.text.trim() ? { text: typed.text.trim() } : {}),
        ...(filters.circledOnly ? { circledOnly: true } : {}),
        ...(filters.withFindings ? { withFindings: true } : {}),
      })
      .then(
        (r) => {
          if (mine !== seq.current) return;
          setRows(r);
          setRowsError(undefined);
        },
        (e: unknown) => {
          if (mine === seq.current) setRowsError(errorMessage(e));
        },
      )
      .finally(() => {
        if (mine === seq.current) setLoading(false);
      });
  }, [api, rollId, typed.scene, typed.take, typed.text, filters.circledOnly, filters.withFindings]);
  useEffect(loadTakes, [loadTakes]);
  const loadTakesRef = useRef(loadTakes);
  loadTakesRef.current = loadTakes;

  // Catalog changes come in bursts (an offload files takes one by one): reload once they settle.
  const reloadTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEvent(api, 'catalog.changed', (e) => {
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(() => {
      if (e.scope === 'rolls') loadRolls();
      loadTakesRef.current();
    }, 300);
  });
  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  const [sort, setSort] = useState<TakeSort>('timecode');
  const list = useMemo(() => (rows ? sortTakes(rows, sort) : []), [rows, sort]);

  // ---- selection and the windowed list ----
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const selectedIndex = selectedId === null ? -1 : list.findIndex((r) => r.id === selectedId);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const win = virtualWindow(list.length, ROW_HEIGHT, scrollTop, viewport);

  const select = useCallback(
    (index: number) => {
      const row = list[index];
      if (!row) return;
      setSelectedId(row.id);
      const el = scroller.current;
      if (el) {
        const top = revealRow(index, ROW_HEIGHT, el.scrollTop, el.clientHeight);
        if (top !== el.scrollTop) {
          el.scrollTop = top;
          setScrollTop(top);
        }
      }
    },
    [list],
  );

  // A new list keeps the selection when the take is still in it, else selects the first.
  useEffect(() => {
    if (list.length === 0) return;
    if (selectedId === null || !list.some((r) => r.id === selectedId)) setSelectedId(list[0]!.id);
  }, [list, selectedId]);

  const open = useCallback((id: number) => {
    setSelectedId(id);
    setOpenId(id);
  }, []);

  const closeTake = useCallback(() => {
    setOpenId(null);
    // Back in the list, the take just seen is selected and in view.
    requestAnimationFrame(() => {
      const i = listRef.current.findIndex((r) => r.id === selectedIdRef.current);
      const el = scroller.current;
      if (i >= 0 && el) {
        el.scrollTop = revealRow(i, ROW_HEIGHT, el.scrollTop, el.clientHeight);
        setScrollTop(el.scrollTop);
      }
    });
  }, []);
  const listRef = useRef(list);
  listRef.current = list;
  const selectedIdRef = useRef(selectedId);
  selectedIdRef.current = selectedId;

  const onSaved = useCallback((d: TakeDetailView) => setRows((r) => (r ? replaceRow(r, d) : r)), []);

  // ---- keys ----
  const search = useRef<HTMLInputElement>(null);
  const takeKeys = useRef<TakeKeyHandler | null>(null);
  useEffect(() => {
    keys.current.takes = {
      filter: () => {
        if (openId !== null) return;
        search.current?.focus();
        search.current?.select();
      },
      key: (e, typing) => {
        if (openId !== null) return takeKeys.current?.(e, typing) ?? false;
        if (e.ctrlKey || e.metaKey || e.altKey) return false;
        // Enter on a focused button presses that button.
        if ((e.key === 'Enter' || e.key === ' ') && (e.target as HTMLElement | null)?.tagName === 'BUTTON') return false;
        const inFilter = typing && (e.target as HTMLElement | null)?.closest?.('[data-list-nav]') !== null;
        if (typing && !inFilter) return false;
        const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
        switch (e.key) {
          case 'ArrowDown':
            select(moveIndex(selectedIndex, 1, list.length));
            return true;
          case 'ArrowUp':
            select(moveIndex(selectedIndex, -1, list.length));
            return true;
          case 'PageDown':
            if (typing) return false;
            select(moveIndex(selectedIndex, page, list.length));
            return true;
          case 'PageUp':
            if (typing) return false;
            select(moveIndex(selectedIndex, -page, list.length));
            return true;
          case 'Home':
            if (typing) return false;
            select(0);
            return true;
          case 'End':
            if (typing) return false;
            select(list.length - 1);
            return true;
          case 'Enter':
            if (selectedId === null || selectedIndex < 0) return false;
            (document.activeElement as HTMLElement | null)?.blur?.();
            open(selectedId);
            return true;
        }
        return false;
      },
    };
  });

  const roll = rolls?.find((r) => r.id === rollId);
  const filtered = filters.scene || filters.take || filters.text || filters.circledOnly || filters.withFindings;

  return (
    <div className="screen takes-screen" id="panel-takes" role="tabpanel" aria-labelledby="tab-takes" hidden={!active} data-testid="screen-takes">
      <div className="library" hidden={openId !== null}>
        <section className="panel library-panel" aria-labelledby="takes-title">
          <div className="library-bar">
            <h2 id="takes-title" className="sr-only">
              Takes
            </h2>
            <label className="field">
              <span className="label">Roll</span>
              <select
                className="input"
                data-testid="roll-picker"
                value={rollId ?? ''}
                onChange={(e) => {
                  setRollId(Number(e.target.value));
                  setSelectedId(null);
                  setScrollTop(0);
                  if (scroller.current) scroller.current.scrollTop = 0;
                }}
                disabled={!rolls || rolls.length === 0}
              >
                {rolls?.length === 0 && <option value="">No rolls yet</option>}
                {rolls?.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name} · {r.project} · {r.takes} take{r.takes === 1 ? '' : 's'}
                    {r.takesWithErrors > 0 ? ` · ${r.takesWithErrors} with errors` : ''}
                  </option>
                ))}
              </select>
            </label>
            {rollId !== null && (
              <ReportButton label="Sound report (PDF + CSV)" run={() => api.call('reports.sound', { rollId })} testId="sound-report" />
            )}
            <label className="field field-narrow">
              <span className="label">Scene</span>
              <input className="input" data-testid="filter-scene" data-list-nav value={filters.scene} spellCheck={false} autoComplete="off" onChange={(e) => setFilters((f) => ({ ...f, scene: e.target.value }))} />
            </label>
            <label className="field field-narrow">
              <span className="label">Take</span>
              <input className="input" data-testid="filter-take" data-list-nav value={filters.take} spellCheck={false} autoComplete="off" onChange={(e) => setFilters((f) => ({ ...f, take: e.target.value }))} />
            </label>
            <label className="field field-grow">
              <span className="label">
                Search notes, tags, tracks <kbd>/</kbd>
              </span>
              <input
                ref={search}
                type="search"
                className="input"
                data-testid="take-search"
                data-list-nav
                value={filters.text}
                placeholder="plane, Lav Ben, best…"
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setFilters((f) => ({ ...f, text: e.target.value }))}
              />
            </label>
            <div className="field field-checks">
              <label className="check check-inline">
                <input type="checkbox" data-testid="filter-circled" checked={filters.circledOnly} onChange={(e) => setFilters((f) => ({ ...f, circledOnly: e.target.checked }))} />
                <span>Circled only</span>
              </label>
              <label className="check check-inline">
                <input type="checkbox" data-testid="filter-findings" checked={filters.withFindings} onChange={(e) => setFilters((f) => ({ ...f, withFindings: e.target.checked }))} />
                <span>With QC findings</span>
              </label>
            </div>
            <label className="field">
              <span className="label">Sort</span>
              <select className="input" data-testid="take-sort" value={sort} onChange={(e) => setSort(e.target.value as TakeSort)}>
                <option value="timecode">Timecode</option>
                <option value="scene">Scene / take</option>
                <option value="duration">Length, longest first</option>
              </select>
            </label>
          </div>
          <div className="library-status small muted num" role="status" data-testid="take-count">
            {rows ? `${list.length} take${list.length === 1 ? '' : 's'}${filtered ? ' match' : ''}${roll ? ` in ${roll.name}` : ''}` : rollId === null ? '' : 'Loading…'}
            {loading && rows ? ' · updating…' : ''}
            {filtered && (
              <button type="button" className="btn-link" onClick={() => setFilters(NO_FILTERS)}>
                Clear filters
              </button>
            )}
          </div>
          <ErrorNote message={rollsError ?? rowsError} testId="takes-error" />
          <div className="take-table" role="grid" aria-label="Takes" aria-rowcount={list.length + 1} data-testid="take-list">
            <div className="take-row take-row-head" role="row" aria-rowindex={1}>
              <span role="columnheader" className="c-circled" title="Circled">
                ●
              </span>
              <span role="columnheader">Start TC</span>
              <span role="columnheader">Scene / take</span>
              <span role="columnheader" className="num-col">
                Length
              </span>
              <span role="columnheader" className="num-col">
                Tracks
              </span>
              <span role="columnheader">Flags</span>
              <span role="columnheader">QC</span>
              <span role="columnheader">Note</span>
            </div>
            <div
              className="take-scroller"
              ref={scroller}
              tabIndex={0}
              aria-label="Take list: arrows move, Enter opens"
              onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
            >
              <div className="take-spacer" style={{ height: win.totalHeight }}>
                {list.slice(win.first, win.last).map((r, k) => {
                  const i = win.first + k;
                  const selected = r.id === selectedId;
                  return (
                    <TakeRow
                      key={r.id}
                      row={r}
                      index={i}
                      selected={selected}
                      onSelect={() => setSelectedId(r.id)}
                      onOpen={() => open(r.id)}
                    />
                  );
                })}
              </div>
              {rows && list.length === 0 && (
                <p className="muted take-empty">
                  {filtered ? 'No take matches these filters.' : 'This roll has no takes.'}
                </p>
              )}
              {rolls && rolls.length === 0 && <p className="muted take-empty">No takes in the catalog yet. Offload a card on the Offload screen (press <kbd>1</kbd>).</p>}
            </div>
          </div>
        </section>
      </div>
      {openId !== null && (
        <TakeView api={api} takeId={openId} active={active} keysRef={takeKeys} onClose={closeTake} onOpen={open} onSaved={onSaved} />
      )}
    </div>
  );
}

function TakeRow({ row, index, selected, onSelect, onOpen }: { row: TakeRowView; index: number; selected: boolean; onSelect(): void; onOpen(): void }) {
  const qc = row.qc;
  return (
    <div
      className={`take-row${selected ? ' is-selected' : ''}${qc.error > 0 ? ' has-error' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="take-row"
      data-take-id={row.id}
      data-selected={selected ? 'true' : 'false'}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
      onMouseDown={onSelect}
      onDoubleClick={onOpen}
    >
      <span role="gridcell" className="c-circled">
        {row.circled ? (
          <span className="circled-dot" title="Circled" aria-label="Circled">
            ●
          </span>
        ) : (
          ''
        )}
      </span>
      <span role="gridcell" className="mono">
        {row.startTc ?? '–'}
      </span>
      <span role="gridcell" className="c-scene">
        {sceneTake(row)}
      </span>
      <span role="gridcell" className="num-col num">
        {shortDuration(row.durationSeconds)}
      </span>
      <span role="gridcell" className="num-col num" title={row.trackNames.join(', ')}>
        {row.trackNames.length}
      </span>
      <span role="gridcell" className="c-flags">
        {row.flags.map((f) => (
          <span key={f} className={`flag-chip flag-${f}`} title={flagLabel(f)}>
            {flagShort(f)}
          </span>
        ))}
      </span>
      <span role="gridcell" className="c-qc">
        <QcBadges row={row} />
      </span>
      <span role="gridcell" className="c-note ellipsis" title={[row.note, row.tags.length ? `tags: ${row.tags.join(', ')}` : ''].filter(Boolean).join('\n')}>
        {row.edited && (
          <span className="edited-mark" title="Edited by the mixer">
            ✎
          </span>
        )}
        {row.note}
        {row.tags.map((t) => (
          <span key={t} className="chip chip-sm">
            {t}
          </span>
        ))}
        {selected && (
          <button type="button" className="btn btn-small row-open" onClick={onOpen} data-testid="take-open">
            Open <kbd>Enter</kbd>
          </button>
        )}
      </span>
    </div>
  );
}

function QcBadges({ row }: { row: TakeRowView }) {
  if (row.analysis === 'pending') return <span className="muted small">not analysed</span>;
  if (row.analysis === 'failed' && row.qc.error + row.qc.warning === 0) return <span className="qc-pill qc-bad">analysis failed</span>;
  if (row.qc.error + row.qc.warning + row.qc.info === 0) return <span className="qc-pill qc-ok">✓ clean</span>;
  return (
    <>
      {row.qc.error > 0 && (
        <span className="qc-pill qc-bad" data-testid="qc-errors">
          {row.qc.error} error{row.qc.error === 1 ? '' : 's'}
        </span>
      )}
      {row.qc.warning > 0 && (
        <span className="qc-pill qc-warn" data-testid="qc-warnings">
          {row.qc.warning} warning{row.qc.warning === 1 ? '' : 's'}
        </span>
      )}
      {row.qc.error + row.qc.warning === 0 && row.qc.info > 0 && <span className="qc-pill qc-info" title="Information only (loudness, DC offset…)">{row.qc.info} info</span>}
    </>
  );
}

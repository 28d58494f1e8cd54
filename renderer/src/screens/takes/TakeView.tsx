/**
 * One take, as the mixer checks it: a lane per track (waveform from precomputed peaks, QC findings as regions, solo,
 * mute, fader, meter), a timecode ruler, zoom from the whole take down to single frames, playback streamed from the
 * station through Web Audio, the findings listed beside, and the sound report to edit.
 *
 * One state drives every lane: zoom (pixels per second), scroll (pixels) and the playhead (seconds, read from the
 * player's audio clock on each animation frame and written straight to the DOM, not through React).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type MutableRefObject, type PointerEvent as ReactPointerEvent } from 'react';
import type { TakeDetailView } from '../../../../shared/contract';
import { parseTimecodeRate } from '../../../../shared/timecode';
import { errorMessage, type StationClient } from '../../api';
import { TakePlayer } from '../../audio/player';
import { Badge, ErrorNote } from '../../components/bits';
import { useEvent } from '../../hooks/station';
import { kindLabel, placeFindings, sortFindings } from '../../lib/findings';
import { chooseLevel, peaksFromBase64, type PeakChannels } from '../../lib/peaks';
import { DEFAULT_MIX, METER_FLOOR_DB, audible, meterFraction, meterLevel, type TrackMix } from '../../lib/playback';
import { flagLabel, flagShort, shortDuration } from '../../lib/takes';
import { clampScroll, clampZoom, revealTime, stepFrame, timecodeAt, viewGeometry, zoomAround, zoomLimits, type TakeClock } from '../../lib/timeline';
import { Lane, type LaneFinding, type LaneHandle } from './Lane';
import { NotesPanel, type NotesHandle } from './NotesPanel';
import { Ruler } from './Ruler';

export type TakeKeyHandler = (e: KeyboardEvent, typing: boolean) => boolean;

interface TakeViewProps {
  api: StationClient;
  takeId: number;
  active: boolean;
  keysRef: MutableRefObject<TakeKeyHandler | null>;
  onClose(): void;
  onOpen(takeId: number): void;
  onSaved(d: TakeDetailView): void;
}

interface ShownPeaks {
  takeId: number;
  level: number;
  tracks: PeakChannels[];
}

const PEAK_CACHE_SIZE = 4;
const ZOOM_STEP = 1.6;
const VERTICAL_ZOOMS = [1, 2, 4, 8] as const;

export function TakeView({ api, takeId, active, keysRef, onClose, onOpen, onSaved }: TakeViewProps) {
  // ---- the take ----
  const [detail, setDetail] = useState<TakeDetailView | null>(null);
  const [loadError, setLoadError] = useState<string>();
  const [analysing, setAnalysing] = useState(false);
  const [analyseError, setAnalyseError] = useState<string>();
  const analyseAsked = useRef(new Set<number>());
  const loadSeq = useRef(0);

  const load = useCallback(() => {
    const mine = ++loadSeq.current;
    api.call('takes.get', { takeId }).then(
      (d) => {
        if (mine !== loadSeq.current) return;
        if (!d) {
          setLoadError('This take is no longer in the catalog.');
          return;
        }
        setDetail(d);
        setLoadError(undefined);
      },
      (e: unknown) => {
        if (mine === loadSeq.current) setLoadError(errorMessage(e));
      },
    );
  }, [api, takeId]);
  useEffect(load, [load]);

  const reloadTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEvent(api, 'catalog.changed', (e) => {
    if (e.scope === 'rolls' || (e.takeId !== undefined && e.takeId !== takeId)) return;
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(load, 300);
  });
  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  // Moving to another take keeps the last one on screen until the new one is here (the lanes and their wavesurfer
  // instances stay, only their peaks change), dimmed meanwhile.
  const current = detail;
  const switching = detail !== null && detail.id !== takeId;

  // Not analysed yet: ask once, then show what it found.
  useEffect(() => {
    if (!current || current.peakLevels.length > 0 || analyseAsked.current.has(current.id)) return;
    analyseAsked.current.add(current.id);
    setAnalysing(true);
    setAnalyseError(undefined);
    const id = current.id;
    api
      .call('takes.analyse', { takeId: id })
      .then(
        (d) => {
          setDetail((prev) => (prev && prev.id === d.id ? d : prev));
          onSaved(d);
          if (d.peakLevels.length === 0) setAnalyseError(d.warnings[0] ?? 'The take could not be analysed: no waveform.');
        },
        (e: unknown) => setAnalyseError(errorMessage(e)),
      )
      .finally(() => setAnalysing(false));
  }, [api, current, onSaved]);

  const clock: TakeClock | null = useMemo(() => {
    if (!current?.sampleRate || !current.frames) return null;
    return {
      sampleRate: current.sampleRate,
      startSamples: current.startSamples,
      rate: (current.timecodeRate && parseTimecodeRate(current.timecodeRate)) || null,
      duration: current.frames / current.sampleRate,
    };
  }, [current?.sampleRate, current?.frames, current?.startSamples, current?.timecodeRate]);

  // ---- geometry: one zoom, one scroll for every lane ----
  const rulerBox = useRef<HTMLDivElement>(null);
  const lanesBox = useRef<HTMLDivElement>(null);
  const [viewWidth, setViewWidth] = useState(0);
  const [lanesHeight, setLanesHeight] = useState(0);
  useEffect(() => {
    const ruler = rulerBox.current;
    const lanes = lanesBox.current;
    if (!ruler || !lanes) return;
    const ro = new ResizeObserver(() => {
      setViewWidth(Math.floor(ruler.clientWidth));
      setLanesHeight(lanes.clientHeight);
    });
    ro.observe(ruler);
    ro.observe(lanes);
    return () => ro.disconnect();
  }, [current !== null]);

  const [zoom, setZoom] = useState<number | null>(null); // null: the whole take
  const [scrollLeftRaw, setScrollLeft] = useState(0);
  const [verticalZoom, setVerticalZoom] = useState<number>(1);
  const duration = clock?.duration ?? 0;
  const limits = clock ? zoomLimits(clock, viewWidth) : { min: 1, max: 1 };
  const pxPerSec = zoom === null ? limits.min : clampZoom(zoom, limits);
  const geo = viewGeometry(duration, pxPerSec, viewWidth);
  const scrollLeft = clampScroll(scrollLeftRaw, geo);
  const geoRef = useRef({ geo, scrollLeft, viewWidth, pxPerSec, limits, duration });
  geoRef.current = { geo, scrollLeft, viewWidth, pxPerSec, limits, duration };

  // A new take starts at its beginning (the zoom stays), its findings and report from the top.
  const sideBox = useRef<HTMLElement>(null);
  useEffect(() => {
    setScrollLeft(0);
    sideBox.current?.scrollTo({ top: 0 });
  }, [takeId]);

  // ---- peaks: the level that fits the zoom, loaded per take and cached ----
  const levels = current?.peakLevels;
  const dpr = typeof window !== 'undefined' ? Math.max(1, window.devicePixelRatio || 1) : 1;
  const desiredLevel = current?.sampleRate && levels ? chooseLevel(levels, current.sampleRate / (geo.pxPerSec * dpr)) : undefined;
  const [level, setLevel] = useState<number>();
  useEffect(() => {
    if (desiredLevel === undefined || level === undefined || !levels?.includes(level)) {
      setLevel(desiredLevel);
      return;
    }
    if (desiredLevel === level) return;
    // Zooming passes through levels quickly: load the one it settles on.
    const t = setTimeout(() => setLevel(desiredLevel), 150);
    return () => clearTimeout(t);
  }, [desiredLevel, level, levels]);

  const cache = useRef(new Map<string, PeakChannels[]>());
  const [shown, setShown] = useState<ShownPeaks | null>(null);
  const [peaksError, setPeaksError] = useState<string>();
  const peaksSeq = useRef(0);
  useEffect(() => {
    if (!current || level === undefined) return;
    const id = current.id;
    const key = `${id}:${level}`;
    const hit = cache.current.get(key);
    if (hit) {
      cache.current.delete(key);
      cache.current.set(key, hit);
      setShown({ takeId: id, level, tracks: hit });
      return;
    }
    const mine = ++peaksSeq.current;
    api.call('takes.peaks', { takeId: id, samplesPerBin: level }).then(
      (view) => {
        if (!view) {
          if (mine === peaksSeq.current) setPeaksError('The station has no waveform for this take.');
          return;
        }
        const tracks = view.tracks.map((b64) => peaksFromBase64(b64, view.scale));
        cache.current.set(key, tracks);
        while (cache.current.size > PEAK_CACHE_SIZE) cache.current.delete(cache.current.keys().next().value!);
        if (mine === peaksSeq.current) {
          setShown({ takeId: id, level, tracks });
          setPeaksError(undefined);
        }
      },
      (e: unknown) => {
        if (mine === peaksSeq.current) setPeaksError(errorMessage(e));
      },
    );
  }, [api, current?.id, level]);

  // ---- findings ----
  const placed = useMemo(() => (current ? placeFindings(current.findings, current.tracks) : { lanes: new Map<number, LaneFinding[]>(), ruler: [] }), [current]);
  const findingList = useMemo(() => (current ? sortFindings(current.findings) : []), [current]);

  // ---- playback ----
  const playerRef = useRef<TakePlayer | null>(null);
  const [playing, setPlaying] = useState(false);
  const [playError, setPlayError] = useState<string>();
  const [mix, setMix] = useState<TrackMix[]>([]);
  const trackCount = current?.tracks.length ?? 0;
  const mixFor = useCallback((m: TrackMix[]) => Array.from({ length: trackCount }, (_, i) => m[i] ?? DEFAULT_MIX), [trackCount]);
  const mixRef = useRef(mix);
  mixRef.current = mix;

  useEffect(() => {
    if (!current || !current.sampleRate || !current.frames || current.tracks.length === 0) return;
    const id = current.id;
    const player = new TakePlayer(
      {
        sampleRate: current.sampleRate,
        frames: current.frames,
        tracks: current.tracks.length,
        fetch: (fromFrame, frames) => api.call('takes.audio', { takeId: id, fromFrame, frames }),
      },
      {
        onPlaying: (p) => setPlaying(p),
        onError: (m) => setPlayError(m),
      },
    );
    player.setMix(mixFor(mixRef.current));
    playerRef.current = player;
    setPlayError(undefined);
    return () => {
      player.dispose();
      if (playerRef.current === player) playerRef.current = null;
      setPlaying(false);
    };
  }, [api, current?.id, current?.sampleRate, current?.frames, current?.tracks.length]);

  useEffect(() => playerRef.current?.setMix(mixFor(mix)), [mix, mixFor]);

  // Leaving the screen stops the sound.
  useEffect(() => {
    if (!active) playerRef.current?.pause();
  }, [active]);

  const onMix = useCallback((position: number, change: Partial<TrackMix>) => {
    setMix((m) => {
      const next = [...m];
      for (let i = 0; i <= position; i++) next[i] ??= DEFAULT_MIX;
      next[position] = { ...next[position]!, ...change };
      return next;
    });
  }, []);

  const position = (): number => playerRef.current?.position() ?? 0;

  const reveal = useCallback((t: number, lead = 0.1) => {
    const g = geoRef.current;
    const next = revealTime(t, g.geo, g.viewWidth, g.scrollLeft, 0, lead);
    if (next !== g.scrollLeft) setScrollLeft(next);
  }, []);

  const seek = useCallback(
    (t: number) => {
      const p = playerRef.current;
      if (!p) return;
      p.seek(t);
      reveal(p.position());
    },
    [reveal],
  );

  const seekX = useCallback((x: number) => {
    const g = geoRef.current;
    const p = playerRef.current;
    if (!p) return;
    p.seek(Math.min(g.duration, Math.max(0, (g.scrollLeft + x) / g.geo.pxPerSec)));
  }, []);

  const togglePlay = useCallback(() => {
    const p = playerRef.current;
    if (!p) return;
    setPlayError(undefined);
    if (p.playing) p.pause();
    else {
      p.play();
      reveal(p.position());
    }
  }, [reveal]);

  const zoomBy = useCallback((factor: number, anchorX?: number) => {
    const g = geoRef.current;
    if (!(g.duration > 0) || !(g.viewWidth > 0)) return;
    let anchor = anchorX;
    if (anchor === undefined) {
      const x = position() * g.geo.pxPerSec - g.scrollLeft;
      anchor = x >= 0 && x <= g.viewWidth ? x : g.viewWidth / 2;
    }
    const next = zoomAround(g.duration, g.viewWidth, g.limits, { pxPerSec: g.pxPerSec, scrollLeft: g.scrollLeft }, factor, anchor);
    setZoom(next.pxPerSec <= g.limits.min * 1.0001 ? null : next.pxPerSec);
    setScrollLeft(next.scrollLeft);
    geoRef.current = { ...g, pxPerSec: next.pxPerSec, scrollLeft: next.scrollLeft, geo: viewGeometry(g.duration, next.pxPerSec, g.viewWidth) };
  }, []);

  const zoomFit = useCallback(() => {
    setZoom(null);
    setScrollLeft(0);
  }, []);

  // ---- the animation frame: playheads, readout, meters, wavesurfer progress, follow the playhead ----
  const lanes = useRef(new Map<number, LaneHandle>());
  const laneRefs = useRef(new Map<number, (h: LaneHandle | null) => void>());
  const laneRef = (position: number): ((h: LaneHandle | null) => void) => {
    let fn = laneRefs.current.get(position);
    if (!fn) {
      fn = (h) => {
        if (h) lanes.current.set(position, h);
        else lanes.current.delete(position);
      };
      laneRefs.current.set(position, fn);
    }
    return fn;
  };
  const rootRef = useRef<HTMLDivElement>(null);
  const readoutRef = useRef<HTMLSpanElement>(null);
  const rulerHead = useRef<HTMLDivElement>(null);
  const clockRef = useRef(clock);
  clockRef.current = clock;
  useEffect(() => {
    if (!active || !current) return;
    let raf = 0;
    let last = performance.now();
    const shownDb: number[] = [];
    let drawn = '';
    const frame = (now: number): void => {
      const dt = Math.min(0.1, (now - last) / 1000);
      last = now;
      raf = requestAnimationFrame(frame);
      const p = playerRef.current;
      const t = p?.position() ?? 0;
      const g = geoRef.current;
      // Paused with nothing moved and the meters down: nothing to draw.
      const state = `${t}|${g.scrollLeft}|${g.geo.pxPerSec}|${g.viewWidth}|${clockRef.current?.duration}`;
      if (!p?.playing && state === drawn && shownDb.every((db) => db === -Infinity)) return;
      drawn = state;
      const x = t * g.geo.pxPerSec - g.scrollLeft;
      const visible = x >= -1 && x <= g.viewWidth + 1;
      const transform = `translateX(${Math.round(x)}px)`;
      const levelsNow = p?.playing ? p.levels() : [];
      for (const [pos, lane] of lanes.current) {
        if (lane.playhead) {
          lane.playhead.style.transform = transform;
          lane.playhead.style.visibility = visible ? 'visible' : 'hidden';
        }
        lane.setTime(t);
        if (lane.meter) {
          const target = levelsNow[pos] ?? -Infinity;
          const prev = shownDb[pos] ?? -Infinity;
          // Meters rise at once and fall at 30 dB/s, as a peak meter does.
          let db = target >= prev ? target : Math.max(target, prev - 30 * dt);
          if (db <= METER_FLOOR_DB) db = -Infinity;
          if (db !== prev) {
            shownDb[pos] = db;
            lane.meter.style.width = `${(meterFraction(db) * 100).toFixed(1)}%`;
            lane.meter.dataset.level = meterLevel(db);
          }
        }
      }
      if (rulerHead.current) {
        rulerHead.current.style.transform = transform;
        rulerHead.current.style.visibility = visible ? 'visible' : 'hidden';
      }
      const c = clockRef.current;
      if (readoutRef.current && c) {
        const tc = timecodeAt(c, t);
        if (readoutRef.current.textContent !== tc) readoutRef.current.textContent = tc;
      }
      rootRef.current?.setAttribute('data-position', t.toFixed(3));
      rootRef.current?.setAttribute('data-audio-windows', String(p?.windowsInMemory ?? 0));
      // Playing off the right edge turns the page.
      if (p?.playing && !g.geo.fits && (x > g.viewWidth - 8 || x < 0)) {
        const next = revealTime(t, g.geo, g.viewWidth, g.scrollLeft, 8, 0.05);
        if (next !== g.scrollLeft) {
          geoRef.current = { ...g, scrollLeft: next };
          setScrollLeft(next);
        }
      }
    };
    raf = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(raf);
  }, [active, current?.id]);

  // ---- mouse: click to seek, ctrl+wheel to zoom, sideways wheel to scroll ----
  const onLanesPointer = (e: ReactPointerEvent<HTMLDivElement>): void => {
    if (e.button !== 0) return;
    const wave = (e.target as HTMLElement).closest('.lane-wave');
    if (!wave) return;
    const rect = wave.getBoundingClientRect();
    seekX(e.clientX - rect.left);
  };
  const mainBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = mainBox.current;
    if (!el) return;
    const onWheel = (e: WheelEvent): void => {
      const ruler = rulerBox.current;
      if (!ruler) return;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
        zoomBy(Math.exp(-e.deltaY * unit * 0.003), e.clientX - ruler.getBoundingClientRect().left);
        return;
      }
      const sideways = e.shiftKey ? e.deltaY || e.deltaX : Math.abs(e.deltaX) > Math.abs(e.deltaY) ? e.deltaX : 0;
      if (!sideways) return;
      e.preventDefault();
      const g = geoRef.current;
      const next = clampScroll(g.scrollLeft + sideways * (e.deltaMode === 1 ? 16 : 1), g.geo);
      geoRef.current = { ...g, scrollLeft: next };
      setScrollLeft(next);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoomBy, current !== null]);

  // The scrollbar under the lanes, kept in step both ways.
  const hscroll = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = hscroll.current;
    if (el && Math.abs(el.scrollLeft - scrollLeft) > 1) el.scrollLeft = scrollLeft;
  }, [scrollLeft, geo.totalWidth]);

  // ---- notes ----
  const notes = useRef<NotesHandle>(null);
  const close = useCallback(() => {
    notes.current?.flush();
    onClose();
  }, [onClose]);
  const go = useCallback(
    (id: number | null | undefined) => {
      if (!id || id === takeId) return;
      notes.current?.flush();
      playerRef.current?.pause();
      onOpen(id);
    },
    [onOpen, takeId],
  );

  // ---- keys ----
  useEffect(() => {
    keysRef.current = (e, typing) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return false;
      if (typing) return false;
      const target = e.target as HTMLElement | null;
      const tag = target?.tagName?.toUpperCase();
      const onControl = tag === 'BUTTON' || tag === 'A' || (tag === 'INPUT' && (target as HTMLInputElement).type === 'checkbox');
      const onRange = tag === 'INPUT' && (target as HTMLInputElement).type === 'range';
      if (onControl && (e.key === ' ' || e.key === 'Enter')) return false;
      if (onRange && ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'].includes(e.key)) return false;
      const p = playerRef.current;
      const c = clockRef.current;
      switch (e.key) {
        case 'Escape':
        case 'Backspace':
          close();
          return true;
        case '[':
        case 'PageUp':
          go(current?.previousId);
          return true;
        case ']':
        case 'PageDown':
          go(current?.nextId);
          return true;
        case 'c':
        case 'C':
          notes.current?.toggleCircled();
          return true;
        case 'n':
        case 'N':
          notes.current?.toggleFlag('NO_GOOD');
          return true;
        case '+':
        case '=':
          zoomBy(ZOOM_STEP);
          return true;
        case '-':
        case '_':
          zoomBy(1 / ZOOM_STEP);
          return true;
        case '0':
          zoomFit();
          return true;
      }
      if (!p || !c) return false;
      switch (e.key) {
        case ' ':
          if (!e.repeat) togglePlay();
          return true;
        case 'k':
        case 'K':
          p.pause();
          return true;
        case 'l':
        case 'L':
          if (!p.playing) togglePlay();
          return true;
        case 'j':
        case 'J':
          seek(p.position() - 5);
          return true;
        case 'ArrowLeft':
        case 'ArrowRight': {
          const dir = e.key === 'ArrowLeft' ? -1 : 1;
          seek(p.playing || e.shiftKey ? p.position() + dir : stepFrame(c, p.position(), dir));
          return true;
        }
        case 'Home':
          seek(0);
          return true;
        case 'End':
          seek(c.duration);
          return true;
      }
      return false;
    };
    return () => {
      keysRef.current = null;
    };
  });

  // ---- render ----
  if (!current || (switching && loadError)) {
    return (
      <div className="take-view" data-testid="take-view" data-playing="false">
        <div className="take-head">
          <button type="button" className="btn" onClick={onClose} data-testid="take-back">
            ‹ Takes <kbd>Esc</kbd>
          </button>
        </div>
        {loadError ? <ErrorNote message={loadError} testId="take-error" /> : <p className="muted take-loading">Loading the take…</p>}
      </div>
    );
  }

  const peaksForTake = shown && shown.takeId === current.id ? shown.tracks : undefined;
  const laneHeight = Math.max(56, Math.min(120, Math.floor((lanesHeight || 600) / Math.max(1, current.tracks.length)) - 1));
  const minPxPerSec = geo.fits ? 0 : pxPerSec;
  const format = [current.sampleRate ? `${current.sampleRate / 1000} kHz` : null, current.bitDepth ? `${current.bitDepth}-bit${current.encoding === 'float' ? ' float' : ''}` : null, `${current.tracks.length} track${current.tracks.length === 1 ? '' : 's'}`]
    .filter(Boolean)
    .join(' · ');
  const fullMix = mixFor(mix);
  const frameSec = clock?.rate ? (clock.rate.pullDown ? 1.001 : 1) / clock.rate.nominalFps : null;
  const zoomText = geo.fits ? 'whole take' : frameSec && geo.pxPerSec * frameSec >= 4 ? `1 frame = ${Math.round(geo.pxPerSec * frameSec)} px` : `${Math.round(viewWidth / geo.pxPerSec)} s in view`;
  const waitingForAnalysis = current.peakLevels.length === 0;

  return (
    <div
      className="take-view"
      data-testid="take-view"
      data-playing={playing ? 'true' : 'false'}
      data-take-id={current.id}
      ref={rootRef}
      // A click on a button leaves the focus where it was, so Space stays play/pause (Tab still reaches every button).
      onMouseDown={(e) => {
        if ((e.target as HTMLElement).closest('button')) e.preventDefault();
      }}
    >
      <header className="take-head">
        <button type="button" className="btn" onClick={close} data-testid="take-back" title="Back to the list (Esc or Backspace)">
          ‹ Takes <kbd>Esc</kbd>
        </button>
        <div className="take-title">
          <h2 data-testid="take-title">
            {current.circled && (
              <span className="circled-dot" title="Circled" aria-label="Circled">
                ●
              </span>
            )}
            <span className="take-scene">
              Scene {current.scene || '–'} · Take {current.take || '–'}
            </span>
            {current.flags.map((f) => (
              <span key={f} className={`flag-chip flag-${f}`} title={flagLabel(f)}>
                {flagShort(f)}
              </span>
            ))}
          </h2>
          <div className="take-meta num">
            <span className="mono" data-testid="take-tc">
              {current.startTc ?? '––:––:––:––'} – {current.endTc ?? '––:––:––:––'}
            </span>
            <span>{current.timecodeRate ? (clock?.rate?.label ?? current.timecodeRate) : 'no timecode'}</span>
            <span>{shortDuration(current.durationSeconds)}</span>
            <span>{format}</span>
            <span className="muted ellipsis" title={current.files.join('\n')}>
              {current.roll} · {current.key}
            </span>
          </div>
          {current.recorder.note && (
            <p className="recorder-note small" data-testid="recorder-note">
              <span className="muted">Recorder note:</span> {current.recorder.note}
            </p>
          )}
        </div>
        <div className="take-nav">
          <button type="button" className="btn btn-small" disabled={!current.previousId} onClick={() => go(current.previousId)} data-testid="take-prev" title="Previous take ([ or PageUp)">
            <kbd>[</kbd> Previous
          </button>
          <button type="button" className="btn btn-small" disabled={!current.nextId} onClick={() => go(current.nextId)} data-testid="take-next" title="Next take (] or PageDown)">
            Next <kbd>]</kbd>
          </button>
        </div>
      </header>

      <div className="take-body">
        <div className="take-main" ref={mainBox}>
          <div className="take-ruler-row">
            <div className="tc-corner">
              <span className="tc-readout num" data-testid="tc-readout" ref={readoutRef} aria-live="off">
                {clock ? timecodeAt(clock, 0) : '––:––:––:––'}
              </span>
            </div>
            <div className="ruler-box" ref={rulerBox}>
              {clock && <Ruler clock={clock} pxPerSec={geo.pxPerSec} scrollLeft={scrollLeft} viewWidth={viewWidth} findings={placed.ruler} onSeekX={seekX} />}
              <div className="ruler-head" ref={rulerHead} />
            </div>
          </div>
          <div className={`lanes${switching ? ' is-switching' : ''}`} ref={lanesBox} onPointerDown={onLanesPointer} aria-busy={switching}>
            {(waitingForAnalysis || analyseError || peaksError) && (
              <div className="lanes-note" role="status" data-testid={waitingForAnalysis && !analyseError ? 'analysing' : 'peaks-error'}>
                {analyseError ?? peaksError ?? (analysing ? 'Analysing… (reading the take for its waveform and QC)' : 'analysing…')}
              </div>
            )}
            {current.tracks.map((t) => (
              <Lane
                key={t.position}
                ref={laneRef(t.position)}
                track={t}
                peaks={peaksForTake?.[t.position]}
                duration={duration}
                minPxPerSec={minPxPerSec}
                scrollLeft={scrollLeft}
                height={laneHeight}
                verticalZoom={verticalZoom}
                findings={placed.lanes.get(t.position) ?? NO_FINDINGS}
                mix={fullMix[t.position] ?? DEFAULT_MIX}
                audible={audible(fullMix, t.position)}
                onMix={onMix}
              />
            ))}
          </div>
          <div className="hscroll-row">
            <div className="tc-corner-spacer" />
            <div
              className="hscroll"
              ref={hscroll}
              data-testid="h-scroll"
              onScroll={(e) => {
                const left = e.currentTarget.scrollLeft;
                if (Math.abs(left - geoRef.current.scrollLeft) > 1) {
                  geoRef.current = { ...geoRef.current, scrollLeft: left };
                  setScrollLeft(left);
                }
              }}
            >
              <div style={{ width: geo.totalWidth, height: 1 }} />
            </div>
          </div>
          <div className="transport" role="toolbar" aria-label="Transport">
            <button type="button" className="btn btn-small" onClick={() => seek(0)} title="Start (Home)" data-testid="transport-start">
              |◀
            </button>
            <button type="button" className="btn btn-small" onClick={() => seek(position() - 5)} title="Back 5 s (J)">
              ◀◀ 5 s <kbd>J</kbd>
            </button>
            <button type="button" className="btn btn-primary btn-play" onClick={togglePlay} data-testid="transport-play" aria-pressed={playing} disabled={!clock}>
              {playing ? '❚❚ Pause' : '▶ Play'} <kbd>Space</kbd>
            </button>
            <span className="transport-sep" />
            <button type="button" className="btn btn-small" onClick={() => zoomBy(1 / ZOOM_STEP)} title="Zoom out (-)" data-testid="zoom-out">
              − <kbd>-</kbd>
            </button>
            <button type="button" className="btn btn-small" onClick={() => zoomBy(ZOOM_STEP)} title="Zoom in (+)" data-testid="zoom-in">
              + <kbd>+</kbd>
            </button>
            <button type="button" className="btn btn-small" onClick={zoomFit} title="Whole take (0)" data-testid="zoom-fit">
              Whole take <kbd>0</kbd>
            </button>
            <span className="muted small num" data-testid="zoom-level" data-px-per-sec={geo.pxPerSec.toFixed(3)}>
              {zoomText}
            </span>
            <span className="transport-sep" />
            <label className="small muted vzoom">
              Wave height
              <select className="input input-sm" value={verticalZoom} onChange={(e) => setVerticalZoom(Number(e.target.value))} data-testid="vertical-zoom">
                {VERTICAL_ZOOMS.map((z) => (
                  <option key={z} value={z}>
                    ×{z}
                  </option>
                ))}
              </select>
            </label>
            <ErrorNote message={playError} testId="play-error" />
          </div>
        </div>

        <aside className="take-side" ref={sideBox}>
          <section className="panel findings" aria-labelledby="findings-title">
            <h2 id="findings-title">
              QC findings <span className="muted num">({findingList.length})</span>
            </h2>
            {current.analysis === 'pending' && findingList.length === 0 ? (
              <p className="muted small">Not analysed yet.</p>
            ) : findingList.length === 0 ? (
              <p className="small text-ok">Nothing found: no clipping, dropouts or dead tracks.</p>
            ) : (
              <ul className="finding-list" data-testid="finding-list">
                {findingList.map((f) => (
                  <li key={f.id}>
                    <button
                      type="button"
                      className={`finding sev-${f.severity}`}
                      data-testid="finding"
                      data-severity={f.severity}
                      data-track={f.track ?? ''}
                      onClick={() => {
                        seek(f.fromSeconds);
                        reveal(f.fromSeconds, 0.2);
                      }}
                      title="Play from here"
                    >
                      <span className="finding-top">
                        <Badge level={f.severity === 'error' ? 'bad' : f.severity === 'warning' ? 'warn' : 'info'}>{f.severity}</Badge>
                        <strong>{kindLabel(f.kind)}</strong>
                        {f.track && <span className="finding-track">{f.track}</span>}
                        <span className="mono small muted">{clock ? timecodeAt(clock, f.fromSeconds) : f.fromTc}</span>
                      </span>
                      <span className="finding-msg small">{f.message}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {current.warnings.length > 0 && (
              <ul className="small muted take-warnings">
                {current.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
          </section>
          <NotesPanel ref={notes} api={api} detail={current} onSaved={onSaved} />
        </aside>
      </div>
    </div>
  );
}

const NO_FINDINGS: LaneFinding[] = [];

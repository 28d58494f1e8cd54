/**
 * One track of a take: its label, solo/mute, fader and meter on the left; its waveform on the right, drawn by a
 * wavesurfer instance from the station's precomputed peaks (never from audio: no `url`, the duration comes from the
 * take's frames), with the QC findings on this track as regions.
 *
 * The lane does not own time: zoom, scroll and the playhead come from the take view (one state for every lane), and
 * wavesurfer is told with `zoom`, `setScroll` and `setTime`. Its own clicks and scrolling are off (`interact: false`,
 * pointer events off, no scrollbar); the overlay above it takes the clicks.
 */
import { forwardRef, memo, useEffect, useImperativeHandle, useRef } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin from 'wavesurfer.js/plugins/regions';
import type { TakeTrackView } from '../../../../shared/contract';
import type { QcSeverity } from '../../../../shared/qc';
import { envelopeRects, type PeakChannels } from '../../lib/peaks';
import { MAX_GAIN_DB, MIN_GAIN_DB, type TrackMix } from '../../lib/playback';

export interface LaneFinding {
  id: number;
  severity: QcSeverity;
  from: number;
  to: number;
  label: string;
}

export interface LaneHandle {
  /** Moves wavesurfer's progress (the played part is drawn brighter). */
  setTime(t: number): void;
  /** The playhead line and the meter, moved by the take view's animation frame (no React render per frame). */
  playhead: HTMLDivElement | null;
  meter: HTMLDivElement | null;
}

const REGION_COLORS: Record<QcSeverity, string> = {
  error: 'rgba(255, 70, 70, 0.3)',
  warning: 'rgba(255, 182, 39, 0.26)',
  // Info (a DC offset, the loudness) often spans the whole take: a tint, not a wall.
  info: 'rgba(76, 194, 255, 0.07)',
};

export const WAVE_COLOR = '#3fa9e0';
export const PROGRESS_COLOR = '#9fdcff';

interface LaneProps {
  track: TakeTrackView;
  peaks: PeakChannels | undefined;
  duration: number;
  /** Pixels per second as drawn (0 when the whole take fits: wavesurfer then fills the lane). */
  minPxPerSec: number;
  scrollLeft: number;
  height: number;
  /** Vertical scale of the waveform (1 = full scale fills the lane). */
  verticalZoom: number;
  findings: readonly LaneFinding[];
  mix: TrackMix;
  audible: boolean;
  onMix(position: number, change: Partial<TrackMix>): void;
}

export const Lane = memo(
  forwardRef<LaneHandle, LaneProps>(function Lane({ track, peaks, duration, minPxPerSec, scrollLeft, height, verticalZoom, findings, mix, audible, onMix }, ref) {
    const host = useRef<HTMLDivElement>(null);
    const playhead = useRef<HTMLDivElement>(null);
    const meter = useRef<HTMLDivElement>(null);
    const ws = useRef<WaveSurfer | null>(null);
    const regions = useRef<ReturnType<typeof RegionsPlugin.create> | null>(null);
    const ready = useRef(false);
    const lastTime = useRef(-1);
    const drawn = useRef({ height, verticalZoom });
    const latest = useRef({ minPxPerSec, scrollLeft, findings, duration, verticalZoom, height });
    latest.current = { minPxPerSec, scrollLeft, findings, duration, verticalZoom, height };

    useImperativeHandle(
      ref,
      () => ({
        setTime(t: number) {
          if (!ready.current || !ws.current || Math.abs(t - lastTime.current) < 1e-3) return;
          lastTime.current = t;
          ws.current.setTime(t);
        },
        get playhead() {
          return playhead.current;
        },
        get meter() {
          return meter.current;
        },
      }),
      [],
    );

    const drawRegions = (): void => {
      const plugin = regions.current;
      if (!plugin || !ready.current) return;
      plugin.clearRegions();
      const d = latest.current.duration;
      for (const f of latest.current.findings) {
        const start = Math.min(Math.max(0, f.from), d);
        const end = Math.min(Math.max(start, f.to), d);
        // Info regions stay unlabelled: they are context (listed beside), and often the whole lane long.
        plugin.addRegion({ id: `f${f.id}`, start, end, color: REGION_COLORS[f.severity], content: f.severity === 'info' ? undefined : f.label, drag: false, resize: false });
      }
    };

    const applyView = (): void => {
      const w = ws.current;
      if (!w || !ready.current) return;
      const { minPxPerSec: px, scrollLeft: left } = latest.current;
      if (w.options.minPxPerSec !== px) w.zoom(px);
      if (Math.abs(w.getScroll() - left) > 0.5) w.setScroll(left);
    };

    // Create wavesurfer once the first peaks are here; later peaks (another zoom level, the next take) are loaded
    // into the same instance.
    useEffect(() => {
      if (!peaks || !host.current || !(duration > 0)) return;
      const channels = [peaks.max, peaks.min];
      let cancelled = false;
      const done = (): void => {
        if (cancelled) return;
        ready.current = true;
        lastTime.current = -1;
        const w = ws.current;
        if (w && (w.options.height !== latest.current.height || drawn.current.verticalZoom !== latest.current.verticalZoom)) {
          drawn.current = { height: latest.current.height, verticalZoom: latest.current.verticalZoom };
          w.setOptions({ height: latest.current.height });
        }
        applyView();
        drawRegions();
      };
      if (!ws.current) {
        const plugin = RegionsPlugin.create();
        regions.current = plugin;
        const w = WaveSurfer.create({
          container: host.current,
          height,
          waveColor: WAVE_COLOR,
          progressColor: PROGRESS_COLOR,
          cursorWidth: 0,
          interact: false,
          dragToSeek: false,
          hideScrollbar: true,
          autoScroll: false,
          autoCenter: false,
          fillParent: true,
          normalize: false,
          // Our own drawing: true min/max columns, flat steps past the finest level (see envelopeRects).
          renderFunction: (channels, ctx) => {
            const [max, min] = channels;
            if (!max || !min) return;
            ctx.beginPath();
            envelopeRects(max, min, ctx.canvas.width, ctx.canvas.height, latest.current.verticalZoom, (x, y, w, h) => ctx.rect(x, y, w, h));
            ctx.fill();
          },
          minPxPerSec: latest.current.minPxPerSec,
          peaks: channels,
          duration,
          // A media element of its own that never gets a source: wavesurfer must not fetch or decode anything.
          media: document.createElement('audio'),
          plugins: [plugin],
        });
        ws.current = w;
        w.once('ready', done);
      } else {
        ready.current = false;
        ws.current.load('', channels, duration).then(done, () => undefined);
      }
      return () => {
        cancelled = true;
      };
      // Height and vertical zoom are applied by their own effect below.
    }, [peaks, duration]);

    useEffect(
      () => () => {
        ws.current?.destroy();
        ws.current = null;
        regions.current = null;
        ready.current = false;
      },
      [],
    );

    useEffect(applyView, [minPxPerSec, scrollLeft]);
    useEffect(drawRegions, [findings]);
    useEffect(() => {
      const w = ws.current;
      if (!w || !ready.current) return;
      if (drawn.current.height === height && drawn.current.verticalZoom === verticalZoom) return;
      drawn.current = { height, verticalZoom };
      w.setOptions({ height });
      applyView();
    }, [height, verticalZoom]);

    const p = track.position;
    return (
      <div className={`lane${audible ? '' : ' lane-silent'}`} data-testid="lane" data-track={p} style={{ height }}>
        <div className="lane-head">
          <div className="lane-label" data-testid="lane-label" title={`${track.name}${track.function ? ` (${track.function})` : ''} · ${track.file} channel ${track.channel}`}>
            <span className="lane-num num">{p + 1}</span>
            <span className="lane-name ellipsis">{track.name}</span>
            {track.function && <span className="lane-fn ellipsis">{track.function}</span>}
          </div>
          <div className="lane-controls">
            <button
              type="button"
              className={`sm-btn sm-solo${mix.solo ? ' is-on' : ''}`}
              aria-pressed={mix.solo}
              data-testid={`solo-${p}`}
              title={`Solo ${track.name}`}
              onClick={() => onMix(p, { solo: !mix.solo })}
            >
              S
            </button>
            <button
              type="button"
              className={`sm-btn sm-mute${mix.mute ? ' is-on' : ''}`}
              aria-pressed={mix.mute}
              data-testid={`mute-${p}`}
              title={`Mute ${track.name}`}
              onClick={() => onMix(p, { mute: !mix.mute })}
            >
              M
            </button>
            <input
              type="range"
              className="lane-gain"
              min={MIN_GAIN_DB}
              max={MAX_GAIN_DB}
              step={1}
              value={mix.gainDb}
              aria-label={`${track.name} gain`}
              aria-valuetext={mix.gainDb <= MIN_GAIN_DB ? 'off' : `${mix.gainDb > 0 ? '+' : ''}${mix.gainDb} dB`}
              data-testid={`gain-${p}`}
              onChange={(e) => onMix(p, { gainDb: Number(e.target.value) })}
              onDoubleClick={() => onMix(p, { gainDb: 0 })}
              title="Gain (double-click: 0 dB)"
            />
            <span className="lane-db num">{mix.gainDb <= MIN_GAIN_DB ? 'off' : `${mix.gainDb > 0 ? '+' : ''}${mix.gainDb}`}</span>
          </div>
          <div className="meter" aria-hidden="true">
            <div className="meter-fill" ref={meter} data-testid={`meter-${p}`} />
          </div>
        </div>
        <div className="lane-wave">
          <div className={`lane-ws${peaks ? '' : ' is-empty'}`} ref={host} />
          {!peaks && <div className="lane-empty muted small">{duration > 0 ? 'loading the waveform…' : ''}</div>}
          <div className="playhead" ref={playhead} data-testid="playhead" />
        </div>
      </div>
    );
  }),
);

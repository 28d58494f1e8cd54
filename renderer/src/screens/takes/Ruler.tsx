/**
 * The shared timeline above the lanes: timecode at the take's rate (start TC + offset), round values labelled, with
 * the take-wide QC findings (and those on no lane) as bands; click or drag on it to move the playhead.
 */
import { memo, useMemo, useRef } from 'react';
import type { QcSeverity } from '../../../../shared/qc';
import { rulerTicks, type TakeClock } from '../../lib/timeline';

export interface RulerFinding {
  id: number;
  severity: QcSeverity;
  from: number;
  to: number;
  label: string;
}

/** Room a timecode label needs: one that would be cut by the right edge is left out. */
const LABEL_WIDTH = 92;

interface RulerProps {
  clock: TakeClock;
  pxPerSec: number;
  scrollLeft: number;
  viewWidth: number;
  findings: readonly RulerFinding[];
  onSeekX(x: number): void;
}

export const Ruler = memo(function Ruler({ clock, pxPerSec, scrollLeft, viewWidth, findings, onSeekX }: RulerProps) {
  const ticks = useMemo(() => rulerTicks(clock, pxPerSec, scrollLeft, viewWidth), [clock, pxPerSec, scrollLeft, viewWidth]);
  const el = useRef<HTMLDivElement>(null);
  const xOf = (clientX: number): number => clientX - (el.current?.getBoundingClientRect().left ?? 0);
  return (
    <div
      className="ruler"
      ref={el}
      data-testid="timeline"
      role="presentation"
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        onSeekX(xOf(e.clientX));
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) onSeekX(xOf(e.clientX));
      }}
    >
      {findings.map((f) => {
        const left = f.from * pxPerSec - scrollLeft;
        const width = Math.max(3, (f.to - f.from) * pxPerSec);
        if (left > viewWidth || left + width < 0) return null;
        return <div key={f.id} className={`ruler-finding sev-${f.severity}`} style={{ left, width }} title={f.label} data-testid="ruler-finding" />;
      })}
      {ticks.map((t) => (
        <div key={t.t} className={`tick${t.major ? ' tick-major' : ''}`} style={{ transform: `translateX(${Math.round(t.x)}px)` }}>
          {t.label !== undefined && t.x < viewWidth - LABEL_WIDTH && <span className="tick-label num">{t.label}</span>}
        </div>
      ))}
    </div>
  );
});

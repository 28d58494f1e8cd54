/** Small presentational pieces used on both screens. */
import type { ReactNode } from 'react';
import type { Level } from '../lib/destinations';

export function ErrorNote({ message, testId }: { message: string | undefined | null; testId?: string }) {
  if (!message) return null;
  return (
    <p className="note note-bad" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}

export function Note({ level, children, testId }: { level: Level; children: ReactNode; testId?: string }) {
  return (
    <p className={`note note-${level}`} data-testid={testId}>
      {children}
    </p>
  );
}

export function Badge({ level, children }: { level: Level | 'info'; children: ReactNode }) {
  return <span className={`badge badge-${level}`}>{children}</span>;
}

export function Stat({ label, value, level }: { label: string; value: ReactNode; level?: Level }) {
  return (
    <div className={`stat${level ? ` stat-${level}` : ''}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/**
 * A bar with a fixed height; `fraction` 0–1. `label` names it for screen readers; `valueText` says what it means.
 * With `secondary`, a second, dimmer fill behind the main one (bytes written behind bytes verified).
 */
export function Bar({
  fraction,
  secondary,
  label,
  valueText,
  level = 'info',
  size = 'md',
  testId,
}: {
  fraction: number;
  secondary?: number;
  label: string;
  valueText?: string;
  level?: Level | 'info';
  size?: 'sm' | 'md' | 'lg';
  testId?: string;
}) {
  const pct = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div
      className={`bar bar-${size} bar-${level}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-valuetext={valueText ?? `${pct}%`}
      data-testid={testId}
    >
      {secondary !== undefined && <div className="bar-fill bar-fill-secondary" style={{ width: `${Math.min(1, Math.max(0, secondary)) * 100}%` }} />}
      <div className="bar-fill" style={{ width: `${Math.min(1, Math.max(0, fraction)) * 100}%` }} />
    </div>
  );
}

/**
 * A path in monospace that wraps only after a separator (never mid-name), with the full path as its tooltip.
 */
export function PathText({ path, className }: { path: string; className?: string }) {
  const parts = path.split(/(?<=[\\/])/);
  return (
    <span className={`path${className ? ` ${className}` : ''}`} title={path}>
      {parts.map((part, i) => (
        <span key={i}>
          {part}
          {i < parts.length - 1 && <wbr />}
        </span>
      ))}
    </span>
  );
}

/** A running job's headline: the big percentage and phase, and the wide bar under them (offload and verify alike). */
export function JobHeadline({ pct, phase, fraction, paused = false }: { pct: number; phase: string; fraction: number; paused?: boolean }) {
  return (
    <>
      <div className="job-big">
        <span className="big-pct num">{pct}%</span>
        <span className="big-phase">{phase}</span>
      </div>
      <div className={`bar bar-lg ${paused ? 'bar-warn' : 'bar-info'}`} aria-hidden="true">
        <div className="bar-fill" style={{ width: `${fraction * 100}%` }} />
      </div>
    </>
  );
}

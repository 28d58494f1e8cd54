/**
 * Roll-level checks from metadata alone, no audio decoded: takes whose format differs from the rest of the roll
 * (sample rate, bit depth, timecode rate), take numbers that repeat, skip or go backwards within a scene, files cut
 * short, and files that could not be read at all. Pure: the caller gathers the facts (catalog rows, WAV warnings).
 */
import { parseTimecodeRate } from '../../shared/timecode';
import type { QcFindingKind } from '../../shared/qc';
import type { QcSeverity } from './config';

/** The metadata kinds of the shared finding kinds. */
export type MetadataFindingKind = Extract<QcFindingKind, 'format-mismatch' | 'take-number' | 'truncated' | 'unreadable'>;

export interface RollTakeFacts {
  takeId: number;
  /** How the mixer names the take in messages, e.g. "Scene 1 take 2" or the file stem when scene/take are unknown. */
  label: string;
  scene: string | null;
  take: string | null;
  /** samples since midnight of the first sample; takes are checked in this order (null last, then input order). */
  startSamples: number | null;
  sampleRate: number | null;
  bitDepth: number | null;
  encoding: string | null; // 'pcm' | 'float'
  timecodeRate: string | null; // a label such as "25", "23.976", "29.97DF"
  durationSeconds: number | null;
  files: { relativePath: string; warnings: { code: string; message: string }[] }[];
}

export interface MetadataFinding {
  severity: QcSeverity;
  kind: MetadataFindingKind;
  /** The take the finding is about; absent for a file that never became a take (unreadable). */
  takeId?: number;
  relativePath?: string;
  /** 0 for whole-take findings. */
  fromSeconds: number;
  /** The take's duration (0 when unknown). */
  toSeconds: number;
  /** Plain language a sound mixer reads. */
  message: string;
}

const SEVERITY_ORDER: Record<QcSeverity, number> = { error: 0, warning: 1, info: 2 };

/** One format property: how to read it off a take (null when unknown) and how a mixer says it. */
interface FormatCheck {
  /** A comparable key: "29.97DF" and "29.97 DF" are the same rate, so keys are normalised before counting. */
  key(t: RollTakeFacts): string | null;
  show(key: string): string;
}

const FORMAT_CHECKS: FormatCheck[] = [
  {
    key: (t) => (t.sampleRate === null ? null : String(t.sampleRate)),
    // 44100 / 1000 prints as 44.1 and 48000 as 48, which is how rates are spoken on set.
    show: (k) => `${Number(k) / 1000} kHz`,
  },
  {
    // Both halves are needed: "32-bit" and "32-bit float" are different formats to an editor.
    key: (t) => (t.bitDepth === null || t.encoding === null ? null : `${t.bitDepth}-bit${t.encoding === 'float' ? ' float' : ''}`),
    show: (k) => k,
  },
  {
    // Recorders spell one rate several ways (25, 25.000ND, 25/1); unparseable text is compared as written.
    key: (t) => (t.timecodeRate === null ? null : (parseTimecodeRate(t.timecodeRate)?.label ?? t.timecodeRate.trim())),
    show: (k) => `${k} timecode`,
  },
];

/** "3", "03" → 3; "2A", "wild", "0" → undefined (pickups and named takes don't count in a sequence). */
function takeNumber(take: string): number | undefined {
  const t = take.trim();
  return /^\d+$/.test(t) && Number(t) > 0 ? Number(t) : undefined;
}

/** "take 3" or "takes 3–4" (or "takes 3, 5" when the gap is not one run). */
function takesList(ns: number[]): string {
  if (ns.length === 1) return `take ${ns[0]}`;
  const contiguous = ns[ns.length - 1]! - ns[0]! === ns.length - 1;
  return contiguous ? `takes ${ns[0]}–${ns[ns.length - 1]}` : `takes ${ns.join(', ')}`;
}

const times = (n: number): string => (n === 2 ? 'twice' : `${n} times`);

/** Format, take-number, truncation and readability findings for one roll: errors first, then by the takes' order. */
export function rollMetadataFindings(
  takes: readonly RollTakeFacts[],
  unreadable: readonly { relativePath: string; message: string }[],
): MetadataFinding[] {
  // Recording order: by start timecode; takes without one keep their input order after the rest.
  const ordered = takes
    .map((t, i) => ({ t, i }))
    .sort((a, b) => (a.t.startSamples ?? Infinity) - (b.t.startSamples ?? Infinity) || a.i - b.i)
    .map((x) => x.t);
  const rank = new Map(ordered.map((t, i) => [t, i]));

  const out: { f: MetadataFinding; rank: number }[] = [];
  const add = (t: RollTakeFacts, f: Omit<MetadataFinding, 'takeId' | 'fromSeconds' | 'toSeconds'>): void => {
    out.push({ f: { ...f, takeId: t.takeId, fromSeconds: 0, toSeconds: t.durationSeconds ?? 0 }, rank: rank.get(t)! });
  };

  // 1. Format consistency. The majority is what the roll was meant to be; one take that differs is the odd one out.
  for (const check of FORMAT_CHECKS) {
    const known = ordered.flatMap((t) => {
      const key = check.key(t);
      return key === null ? [] : [{ t, key }];
    });
    if (known.length < 2) continue;
    const counts = new Map<string, number>();
    for (const { key } of known) counts.set(key, (counts.get(key) ?? 0) + 1);
    // Map iterates in first-seen order and only a strictly larger count wins, so a tie goes to the earliest take.
    let roll = known[0]!.key;
    for (const [key, n] of counts) if (n > counts.get(roll)!) roll = key;
    for (const { t, key } of known) {
      if (key === roll) continue;
      add(t, {
        severity: 'warning',
        kind: 'format-mismatch',
        message: `${t.label} is ${check.show(key)}; the rest of the roll is ${check.show(roll)}`,
      });
    }
  }

  // 2. Take numbers within a scene. Scene "12a" and "12A" are the same slate written two ways.
  const scenes = new Map<string, RollTakeFacts[]>();
  for (const t of ordered) {
    if (t.scene === null || t.take === null || !t.scene.trim()) continue;
    const key = t.scene.trim().toLowerCase();
    scenes.set(key, [...(scenes.get(key) ?? []), t]);
  }
  for (const sceneTakes of scenes.values()) {
    const numbered = sceneTakes.flatMap((t) => {
      const n = takeNumber(t.take!);
      return n === undefined ? [] : [{ t, n }];
    });
    // A gap is only news if the missing takes are nowhere on the roll (out-of-order timecode is reported as "follows").
    const onRoll = new Set(numbered.map((x) => x.n));
    const seen = new Set<number>();
    let prev: number | undefined;
    for (const { t, n } of numbered) {
      if (seen.has(n)) {
        // Two files claiming one take number: the editor's EDL will pick one of them, maybe the wrong one.
        const same = numbered.filter((x) => x.n === n).map((x) => x.t.files[0]?.relativePath ?? x.t.label);
        add(t, { severity: 'warning', kind: 'take-number', message: `${t.label} appears ${times(same.length)} (${same.join(', ')})` });
      } else if (prev !== undefined && n > prev + 1) {
        // The first take of a scene is never checked: the scene may have begun on another roll.
        const missing = Array.from({ length: n - prev - 1 }, (_, k) => prev! + 1 + k).filter((m) => !onRoll.has(m));
        if (missing.length) {
          const verb = missing.length === 1 ? 'is' : 'are';
          add(t, {
            severity: 'info',
            kind: 'take-number',
            message: `Scene ${t.scene!.trim()} goes from take ${prev} to take ${n}: ${takesList(missing)} ${verb} not on this roll`,
          });
        }
      } else if (prev !== undefined && n < prev) {
        // Usually a recorder whose take counter was reset; worth a glance, not an alarm.
        add(t, { severity: 'info', kind: 'take-number', message: `${t.label} follows take ${prev}` });
      }
      seen.add(n);
      prev = n;
    }
  }

  // 3. Truncated files: the header promises more audio than the file holds (a battery died mid-take).
  for (const t of ordered) {
    for (const file of t.files) {
      for (const w of file.warnings) {
        if (w.code !== 'truncated-data') continue;
        add(t, { severity: 'error', kind: 'truncated', relativePath: file.relativePath, message: `${t.label}: ${file.relativePath}: ${w.message}` });
      }
    }
  }

  // 4. Unreadable files never became takes; they sort after the takes' errors.
  for (const u of unreadable) {
    out.push({
      f: { severity: 'error', kind: 'unreadable', relativePath: u.relativePath, fromSeconds: 0, toSeconds: 0, message: `${u.relativePath} could not be read: ${u.message}` },
      rank: ordered.length,
    });
  }

  // Array.prototype.sort is stable, so equal keys keep the order they were found in.
  return out.sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.rank - b.rank).map((x) => x.f);
}

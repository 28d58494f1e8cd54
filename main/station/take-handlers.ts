/**
 * The mixer's view of the contract: rolls and their takes, one take in detail, its waveform peaks, windows of its
 * audio, the mixer's sound-report edits and on-demand analysis. Views are built from a constant number of catalog
 * queries per call, never one per take. The mixer's edits live beside the recorder's values (schema 5); the card's
 * files and the copies are never written.
 */
import {
  MAX_AUDIO_WINDOW_SECONDS,
  StationError,
  type QcCounts,
  type StationEvents,
  type StationHandlers,
  type TakeDetailView,
  type TakeRowView,
} from '../../shared/contract';
import { effectiveTakeValues, reachableSourcesOfTake, SourceUnavailable, type TakeSummary } from '../catalog';
import { takeLabel } from '../library';
import { readPeaksHeader, readPeaksLevel, readTakeWindow } from '../playback';
import type { Services } from '../services';

export type TakeCommand = 'rolls.list' | 'takes.list' | 'takes.get' | 'takes.peaks' | 'takes.audio' | 'takes.update' | 'takes.analyse';

export interface TakeHandlerDeps {
  services: Services;
  emit: (name: 'catalog.changed', payload: StationEvents['catalog.changed']) => void;
}

const NO_FINDINGS: QcCounts = { error: 0, warning: 0, info: 0 };

type AnalysisState = TakeRowView['analysis'];

/** A take as a row: effective values (the mixer's edit where there is one, else the recorder's). */
function rowView(t: TakeSummary, qc: QcCounts, analysis: AnalysisState): TakeRowView {
  const effective = effectiveTakeValues(t, t.edits);
  return {
    id: t.id,
    rollId: t.rollId,
    roll: t.roll,
    project: t.project,
    key: t.key,
    scene: t.scene,
    take: t.take,
    startTc: t.startTc,
    endTc: t.endTc,
    timecodeRate: t.timecodeRate,
    durationSeconds: t.durationSeconds,
    trackNames: t.trackNames,
    circled: effective.circled,
    flags: effective.flags,
    note: effective.note,
    tags: effective.tags,
    edited: effective.edited,
    qc: { ...qc },
    analysis,
  };
}

const notFound = (takeId: number): StationError => new StationError('not-found', `no take #${takeId} in the catalog`);

export function takeHandlers({ services, emit }: TakeHandlerDeps): Pick<StationHandlers, TakeCommand> {
  const catalog = services.catalog;

  async function detail(takeId: number): Promise<TakeDetailView | null> {
    const t = catalog.takes.take(takeId);
    if (!t) return null;
    const analysis = catalog.qc.analysis(takeId);
    const stored = catalog.qc.findingsOfTake(takeId);
    const counts = { ...NO_FINDINGS };
    for (const f of stored) counts[f.severity]++;
    const neighbours = catalog.takes.neighbours(takeId);
    const header = analysis?.status === 'done' && analysis.peaksFile ? await readPeaksHeader(analysis.peaksFile) : undefined;
    const e = t.edits;
    return {
      ...rowView(t, counts, analysis?.status ?? 'pending'),
      sampleRate: t.sampleRate,
      bitDepth: t.bitDepth,
      encoding: t.encoding,
      frames: t.frames,
      startSamples: t.startSamples,
      files: t.files,
      tracks: t.tracks.map((k, position) => {
        // The stored figures belong to this lane only if the analysis saw the same track there (a re-index may move them).
        const s = analysis?.tracks[position];
        const figures = s && s.name === k.name ? s : undefined;
        return {
          position,
          name: k.name,
          function: k.function,
          file: k.file,
          channel: k.channel,
          note: e?.trackNotes?.[String(position)] ?? '',
          peakDbfs: figures?.peakDbfs ?? null,
          rmsDbfs: figures?.rmsDbfs ?? null,
        };
      }),
      recorder: { note: t.note, circled: t.circled, flags: t.flags },
      mixer: e
        ? {
            ...(e.note !== undefined ? { note: e.note } : {}),
            ...(e.circled !== undefined ? { circled: e.circled } : {}),
            ...(e.flags !== undefined ? { flags: e.flags } : {}),
            ...(e.tags !== undefined ? { tags: e.tags } : {}),
            ...(e.trackNotes !== undefined ? { trackNotes: e.trackNotes } : {}),
            updatedAt: e.updatedAt,
          }
        : {},
      findings: stored.map((f) => ({
        id: f.id,
        origin: f.origin,
        severity: f.severity,
        kind: f.kind,
        ...(f.track !== undefined ? { track: f.track } : {}),
        fromSeconds: f.fromSeconds,
        toSeconds: f.toSeconds,
        ...(f.fromTc !== undefined ? { fromTc: f.fromTc } : {}),
        ...(f.toTc !== undefined ? { toTc: f.toTc } : {}),
        ...(f.count !== undefined ? { count: f.count } : {}),
        ...(f.relativePath !== undefined ? { relativePath: f.relativePath } : {}),
        message: f.message,
      })),
      mixLoudnessLufs: analysis?.mixLoudnessLufs ?? null,
      peakLevels: header ? header.levels.map((l) => l.samplesPerBin) : [],
      warnings: t.warnings,
      previousId: neighbours?.previousId ?? null,
      nextId: neighbours?.nextId ?? null,
    };
  }

  async function existingDetail(takeId: number): Promise<TakeDetailView> {
    const view = await detail(takeId);
    if (!view) throw notFound(takeId);
    return view;
  }

  return {
    'rolls.list': async () => catalog.takes.rollSummaries(),

    'takes.list': async (r) => {
      const takes = catalog.takes.takesOfRoll(r.rollId, {
        ...(r.scene !== undefined ? { scene: r.scene } : {}),
        ...(r.take !== undefined ? { take: r.take } : {}),
        ...(r.text !== undefined && r.text.trim() !== '' ? { text: r.text.trim() } : {}),
        ...(r.circledOnly ? { circledOnly: true } : {}),
      });
      if (takes.length === 0) return [];
      const counts = catalog.qc.countsOfRoll(r.rollId);
      const states = new Map(catalog.qc.analysisStateOfRoll(r.rollId).map((s) => [s.takeId, s.status ?? 'pending'] as const));
      const rows = takes.map((t) => rowView(t, counts.get(t.id) ?? NO_FINDINGS, states.get(t.id) ?? 'pending'));
      return r.withFindings ? rows.filter((row) => row.qc.error + row.qc.warning > 0) : rows;
    },

    'takes.get': async ({ takeId }) => detail(takeId),

    'takes.peaks': async ({ takeId, samplesPerBin }) => {
      const t = catalog.takes.take(takeId);
      if (!t) return null;
      const label = takeLabel(t);
      const analysis = catalog.qc.analysis(takeId);
      if (!analysis) throw new StationError('not-found', `${label} has no waveform yet: it has not been analysed`);
      if (analysis.status !== 'done' || !analysis.peaksFile) {
        throw new StationError('not-found', `${label} has no waveform: its analysis failed${analysis.message ? ` (${analysis.message})` : ''}`);
      }
      const header = await readPeaksHeader(analysis.peaksFile);
      if (!header) throw new StationError('not-found', `${label}'s waveform is no longer in the peaks cache: analyse the take again`);
      const level = await readPeaksLevel(analysis.peaksFile, samplesPerBin);
      if (!level) {
        const have = header.levels.map((l) => l.samplesPerBin).join(', ');
        throw new StationError('not-found', `${label} has no peaks at ${samplesPerBin} samples per bin (it has ${have})`);
      }
      return {
        takeId,
        samplesPerBin,
        bins: level.bins,
        frames: level.frames,
        sampleRate: level.sampleRate,
        scale: level.scale,
        tracks: level.tracks.map((b) => b.toString('base64')),
      };
    },

    'takes.audio': async ({ takeId, fromFrame, frames }) => {
      const t = catalog.takes.take(takeId);
      if (!t) throw notFound(takeId);
      let sources;
      try {
        sources = await reachableSourcesOfTake(catalog.qc, takeId);
      } catch (err) {
        if (err instanceof SourceUnavailable) throw new StationError('unavailable', `${takeLabel(t)} cannot be played: ${err.message}`);
        throw err;
      }
      const pathOf = new Map(sources.map((s) => [s.relativePath, s.path]));
      const tracks = t.tracks.map((k) => ({ path: pathOf.get(k.file)!, channel: k.channel }));
      // A window, never the whole take: at most MAX_AUDIO_WINDOW_SECONDS of the take's rate (frames clamp like the end).
      const limit = t.sampleRate ? MAX_AUDIO_WINDOW_SECONDS * t.sampleRate : frames;
      const w = await readTakeWindow(tracks, fromFrame, Math.min(frames, limit), { endFrame: t.frames });
      return {
        takeId,
        sampleRate: w.sampleRate || (t.sampleRate ?? 0),
        fromFrame,
        frames: w.frames,
        tracks: w.tracks.length,
        data: w.tracks.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')),
      };
    },

    'takes.update': async ({ takeId, ...patch }) => {
      const t = catalog.takes.take(takeId);
      if (!t) throw notFound(takeId);
      for (const lane of Object.keys(patch.trackNotes ?? {})) {
        if (Number(lane) >= t.tracks.length) {
          throw new StationError(
            'invalid-request',
            `takes.update: trackNotes: ${takeLabel(t)} has ${t.tracks.length} tracks (lanes 0 to ${t.tracks.length - 1}); there is no lane ${lane}`,
          );
        }
      }
      const changes = Object.values(patch).some((v) => v !== undefined);
      if (changes) {
        catalog.edits.patch(t.rollId, t.key, patch);
        emit('catalog.changed', { scope: 'takes', takeId });
      }
      return existingDetail(takeId);
    },

    'takes.analyse': async ({ takeId, force }) => {
      const t = catalog.takes.take(takeId);
      if (!t) throw notFound(takeId);
      const outcome = await services.analysis.enqueueTake(takeId, { force: force ?? false }).result;
      if (outcome.status === 'cancelled') throw new StationError('failed', `the analysis of ${outcome.label} was cancelled`);
      if (outcome.status === 'failed') {
        // A failure the take carries (a file that does not decode) is stored and shows in the view; one that is this
        // machine's (no drive connected, no ffmpeg) is not stored: say it.
        const stored = catalog.qc.analysis(takeId);
        if (!stored || stored.status !== 'failed' || stored.message !== outcome.message) {
          throw new StationError('unavailable', `${outcome.label} could not be analysed: ${outcome.message ?? 'unknown error'}`);
        }
      }
      return existingDetail(takeId);
    },
  };
}

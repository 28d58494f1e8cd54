/**
 * The station's one contract: every command the UI can send (request → response) and every event the core pushes.
 * The Electron preload, the `soundroll serve` bridge and any test double all implement `StationApi` from these types,
 * and the core's handler table is typed `StationHandlers`, so a command without a handler, a handler with the wrong
 * shape, or a call with the wrong payload does not compile.
 *
 * Requests cross a trust boundary (a renderer, a browser tab), so each has a zod schema and the core parses every
 * payload with it before any handler runs; request types are inferred from the schemas so the two cannot drift.
 * Responses and events come from our own core and are plain TypeScript types (JSON-safe: no Date, no bigint).
 */
import { z } from 'zod';
import { HASH_ALGORITHMS, type HashAlgorithm } from './hashes';
import type { OffloadProgress, OffloadSummary } from './offload';
import type { QcFinding, QcOrigin } from './qc';

// ---- views: what the UI shows ----------------------------------------------------------------------------------

export interface StationInfo {
  tool: string;
  version: string;
  /** 'electron' inside the desktop app, 'browser' under `soundroll serve`. */
  host: 'electron' | 'browser';
  platform: string;
  catalogPath: string;
  defaultTemplate: string;
  hashAlgorithms: readonly HashAlgorithm[];
}

/** A recorder card recognised by content (WAVs with bext/iXML). */
export interface CardView {
  path: string;
  recorder?: string;
  /** The roll name the card suggests (iXML TAPE, else its folder name). */
  roll?: string;
  wavFiles: number;
  bytes: number;
}

export interface DriveView {
  path: string;
  name: string;
  freeBytes: number | null;
  totalBytes: number | null;
  /** Set when the drive is a recorder card. */
  card: CardView | null;
  error?: string;
}

export interface SourceView {
  path: string;
  exists: boolean;
  isFolder: boolean;
  card: CardView | null;
  error?: string;
}

export interface DestinationView {
  path: string;
  exists: boolean;
  writable: boolean;
  freeBytes: number | null;
  totalBytes: number | null;
  error?: string;
}

export interface NamingPreview {
  /** The roll folder under a destination, '/'-separated, or why the template is refused. */
  rollPath?: string;
  error?: string;
}

export type JobKind = 'offload' | 'verify';
export type JobViewState = 'queued' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface VerifyProgressView {
  phase: 'scanning' | 'hashing' | 'writing' | 'done';
  root?: string;
  filesTotal: number;
  filesDone: number;
  bytesTotal: number;
  bytesDone: number;
  currentFile?: string;
}

export type VerifyFileStatus = 'verified' | 'changed' | 'missing' | 'new' | 'renamed' | 'unverifiable' | 'unreadable';

export interface VerifyResultView {
  dir: string;
  ok: boolean;
  startedAt: string;
  finishedAt: string;
  /** One plain sentence: what the producer needs to know. */
  verdict: string;
  roots: {
    root: string;
    ok: boolean;
    counts: Record<VerifyFileStatus, number>;
    /** Every file that is not simply verified, with why. */
    problems: { path: string; status: VerifyFileStatus; reason: string }[];
    manifest?: string;
    error?: string;
  }[];
  catalog: { root: string; project: string; roll: string; copiesVerified: number; copiesFailed: number }[];
}

export interface JobView {
  id: string;
  kind: JobKind;
  state: JobViewState;
  /** "Offload A001 → 2 drives", "Verify /Volumes/SHUTTLE_B". */
  title: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  offloadProgress?: OffloadProgress;
  verifyProgress?: VerifyProgressView;
  offload?: OffloadSummary;
  verify?: VerifyResultView;
  /** Why the job could not run or finish, in plain words. */
  error?: string;
}

export interface RollBackupView {
  project: string;
  roll: string;
  files: number;
  bytes: number;
  /** Destinations holding every file of the roll verified. */
  completeCopies: number;
  /**
   * Per drive. `completeSince`: set when the drive holds every file verified — the oldest of those verifications, so
   * "a verified copy within the last N days" is `completeSince` newer than N days.
   */
  destinations: {
    root: string;
    path: string;
    verified: number;
    failed: number;
    lastVerifiedAt: string | null;
    completeSince: string | null;
    connected: boolean;
  }[];
}

// ---- the mixer's view: takes, notes, peaks, audio ---------------------------------------------------------------

/** Flags a mixer sets in the sound report (iXML TAKE_TYPE spellings where iXML has one). */
export const TAKE_FLAGS = ['NO_GOOD', 'FALSE_START', 'WILD_TRACK', 'ROOM_TONE', 'ADR', 'PICKUP'] as const;
export type TakeFlagName = (typeof TAKE_FLAGS)[number];

export interface RollListView {
  id: number;
  project: string;
  name: string;
  takes: number;
  /** Takes with at least one error-level QC finding. */
  takesWithErrors: number;
}

export interface QcCounts {
  error: number;
  warning: number;
  info: number;
}

export interface TakeRowView {
  id: number;
  rollId: number;
  roll: string;
  project: string;
  key: string;
  scene: string | null;
  take: string | null;
  startTc: string | null;
  endTc: string | null;
  timecodeRate: string | null;
  durationSeconds: number | null;
  trackNames: string[];
  /** Effective values: the mixer's edit where there is one, else the recorder's. */
  circled: boolean;
  flags: string[];
  note: string | null;
  tags: string[];
  /** Whether the mixer changed anything the recorder wrote (note, circled, flags, tags, track notes). */
  edited: boolean;
  qc: QcCounts;
  /** Waveform and QC analysis: done, failed, or not yet run. */
  analysis: 'done' | 'failed' | 'pending';
}

export interface TakeTrackView {
  /** 0-based lane index. */
  position: number;
  name: string;
  /** iXML TRACK/FUNCTION, e.g. "MIX-L". */
  function: string | null;
  file: string;
  channel: number;
  /** The mixer's note for this track ('' when none). */
  note: string;
  peakDbfs: number | null;
  rmsDbfs: number | null;
}

export interface TakeDetailView extends TakeRowView {
  sampleRate: number | null;
  bitDepth: number | null;
  encoding: string | null;
  frames: number | null;
  /** bext TimeReference: samples since midnight of the first sample. */
  startSamples: number | null;
  files: string[];
  tracks: TakeTrackView[];
  /** What the recorder wrote, kept apart from the mixer's edits (the card's files are never changed). */
  recorder: { note: string | null; circled: boolean; flags: string[] };
  /** The mixer's edits; a field is absent when the mixer has not touched it. */
  mixer: { note?: string; circled?: boolean; flags?: string[]; tags?: string[]; trackNotes?: Record<string, string>; updatedAt?: string };
  findings: (QcFinding & { id: number; origin: QcOrigin })[];
  mixLoudnessLufs: number | null;
  /** Peaks levels available (samples per bin, finest first); empty until the take is analysed. */
  peakLevels: number[];
  warnings: string[];
  /** Neighbours in the roll's timecode order, for previous/next take. */
  previousId: number | null;
  nextId: number | null;
}

export interface TakePeaksView {
  takeId: number;
  samplesPerBin: number;
  bins: number;
  frames: number;
  sampleRate: number;
  /** A stored value v means v / scale. */
  scale: number;
  /** Per track: base64 of little-endian int16 pairs (min, max) per bin. */
  tracks: string[];
}

export interface TakeAudioView {
  takeId: number;
  sampleRate: number;
  fromFrame: number;
  frames: number;
  tracks: number;
  /** Per track: base64 of little-endian int16 samples (full scale 32767). */
  data: string[];
}

/** A report written by the station: the PDF and the CSV, side by side. */
export interface ReportFilesView {
  pdf: string;
  csv: string;
}

/** Seconds of audio one `takes.audio` call may ask for: a window, never the whole take. */
export const MAX_AUDIO_WINDOW_SECONDS = 10;

// ---- commands ----------------------------------------------------------------------------------------------------

const path = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'a path cannot contain NUL');
const hashes = z.array(z.enum(HASH_ALGORITHMS)).min(1).max(HASH_ALGORITHMS.length);
const jobId = z.string().min(1).max(100);
const empty = z.object({}).strict();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');
const name = z.string().max(200);

/** Request schemas, one per command: the single source of each request's type. */
export const commandSchemas = {
  'station.info': empty,
  'drives.list': empty,
  'drives.refresh': empty,
  'sources.inspect': z.object({ path }).strict(),
  'destinations.recent': empty,
  'destinations.inspect': z.object({ paths: z.array(path).max(16) }).strict(),
  'destinations.forget': z.object({ path }).strict(),
  'naming.preview': z
    .object({ template: z.string().max(500), project: name, roll: name, card: name, recorder: name.optional(), date: date.optional() })
    .strict(),
  'offload.start': z
    .object({
      source: path,
      destinations: z.array(path).min(1).max(8),
      hashes: hashes.optional(),
      project: name.optional(),
      roll: name.optional(),
      template: z.string().max(500).optional(),
      recorder: name.optional(),
      date: date.optional(),
      newRoll: z.boolean().optional(),
    })
    .strict(),
  'verify.start': z.object({ dir: path, hashes: hashes.optional() }).strict(),
  'jobs.list': empty,
  'jobs.get': z.object({ jobId }).strict(),
  'jobs.cancel': z.object({ jobId }).strict(),
  'jobs.pause': z.object({ jobId }).strict(),
  'jobs.resume': z.object({ jobId }).strict(),
  'rolls.overview': empty,
  'rolls.list': empty,
  'takes.list': z
    .object({
      rollId: z.number().int().positive(),
      scene: name.optional(),
      take: name.optional(),
      text: z.string().max(200).optional(),
      circledOnly: z.boolean().optional(),
      withFindings: z.boolean().optional(),
    })
    .strict(),
  'takes.get': z.object({ takeId: z.number().int().positive() }).strict(),
  'takes.peaks': z.object({ takeId: z.number().int().positive(), samplesPerBin: z.number().int().positive() }).strict(),
  'takes.audio': z
    .object({ takeId: z.number().int().positive(), fromFrame: z.number().int().min(0), frames: z.number().int().positive().max(MAX_AUDIO_WINDOW_SECONDS * 192000) })
    .strict(),
  'takes.update': z
    .object({
      takeId: z.number().int().positive(),
      note: z.string().max(4000).nullable().optional(),
      circled: z.boolean().nullable().optional(),
      flags: z.array(z.enum(TAKE_FLAGS)).max(TAKE_FLAGS.length).nullable().optional(),
      tags: z.array(z.string().min(1).max(60)).max(30).nullable().optional(),
      trackNotes: z.record(z.string().regex(/^\d{1,3}$/), z.string().max(1000)).nullable().optional(),
    })
    .strict(),
  'takes.analyse': z.object({ takeId: z.number().int().positive(), force: z.boolean().optional() }).strict(),
  'reports.sound': z
    .object({
      rollId: z.number().int().positive(),
      folder: path.optional(),
      paper: z.enum(['a4', 'letter']).optional(),
      soundMixer: name.optional(),
      boomOp: name.optional(),
      media: name.optional(),
      notes: z.string().max(2000).optional(),
    })
    .strict(),
  'reports.offload': z.object({ jobId: jobId, folder: path.optional(), paper: z.enum(['a4', 'letter']).optional() }).strict(),
  'reports.backups': z
    .object({ days: z.number().int().min(1).max(3650).optional(), folder: path.optional(), paper: z.enum(['a4', 'letter']).optional() })
    .strict(),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandRequest<K extends CommandName> = z.infer<(typeof commandSchemas)[K]>;

/** What each command answers. */
export interface CommandResponses {
  'station.info': StationInfo;
  'drives.list': DriveView[];
  'drives.refresh': DriveView[];
  'sources.inspect': SourceView;
  'destinations.recent': DestinationView[];
  'destinations.inspect': DestinationView[];
  'destinations.forget': DestinationView[];
  'naming.preview': NamingPreview;
  'offload.start': JobView;
  'verify.start': JobView;
  'jobs.list': JobView[];
  'jobs.get': JobView | null;
  'jobs.cancel': JobView | null;
  'jobs.pause': JobView | null;
  'jobs.resume': JobView | null;
  'rolls.overview': RollBackupView[];
  'rolls.list': RollListView[];
  'takes.list': TakeRowView[];
  'takes.get': TakeDetailView | null;
  'takes.peaks': TakePeaksView | null;
  'takes.audio': TakeAudioView;
  /** `null` for a field removes the mixer's edit (back to the recorder's value). */
  'takes.update': TakeDetailView;
  'takes.analyse': TakeDetailView;
  /** Reports are written to `folder` (default: `reports/` beside the catalog), never over an existing file. */
  'reports.sound': ReportFilesView;
  'reports.offload': ReportFilesView;
  'reports.backups': ReportFilesView;
}

export type CommandResponse<K extends CommandName> = CommandResponses[K];

/** The core's side: one handler per command, no more, no less (a missing or extra key is a compile error). */
export type StationHandlers = { [K in CommandName]: (request: CommandRequest<K>) => Promise<CommandResponse<K>> };

export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commandSchemas, name);
}

// ---- events ------------------------------------------------------------------------------------------------------

export interface StationEvents {
  /** A job started, progressed, paused or finished: the whole current view of it. */
  'job.updated': JobView;
  /** A job ended (done, failed, cancelled): sent once, after its last `job.updated`. */
  'job.finished': JobView;
  'drives.changed': { drives: DriveView[]; added: string[]; removed: string[] };
  /** The catalog changed (an offload or verify wrote to it): views of rolls and takes should reload. */
  'catalog.changed': { scope: 'rolls' | 'takes' | 'qc'; takeId?: number };
}

export type EventName = keyof StationEvents;
export const EVENT_NAMES: readonly EventName[] = ['job.updated', 'job.finished', 'drives.changed', 'catalog.changed'];

// ---- errors and the API the renderer holds ----------------------------------------------------------------------

export type StationErrorCode = 'invalid-request' | 'unknown-command' | 'not-found' | 'failed' | 'unauthorized' | 'unavailable';

/** An error as it crosses the bridge: a code and a sentence a crew member can act on (never a stack trace). */
export interface StationErrorBody {
  code: StationErrorCode;
  message: string;
}

export class StationError extends Error {
  constructor(
    readonly code: StationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StationError';
  }

  toBody(): StationErrorBody {
    return { code: this.code, message: this.message };
  }
}

/** What the renderer holds, whether the bridge is Electron's preload or the browser's HTTP + WebSocket. */
export interface StationApi {
  call<K extends CommandName>(name: K, request: CommandRequest<K>): Promise<CommandResponse<K>>;
  on<E extends EventName>(name: E, listener: (payload: StationEvents[E]) => void): () => void;
}

/** Turns a zod failure into one sentence naming the field ("destinations: at least 1 item"). */
export function describeInvalid(command: string, error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return `${command}: invalid request`;
  const at = first.path.length ? `${first.path.join('.')}: ` : '';
  return `${command}: ${at}${first.message}`;
}

// ---- the browser bridge (`soundroll serve`) ---------------------------------------------------------------------

/**
 * How a browser tab reaches the station: POST `SERVE_PATHS.call` with `CallEnvelope` and the token as
 * `Authorization: Bearer <token>`; events arrive as `EventEnvelope` JSON messages on a WebSocket at
 * `SERVE_PATHS.events?token=<token>` (browsers cannot set headers on a WebSocket). The page itself is opened with
 * `?token=<token>` in its URL, which the server prints.
 */
export const SERVE_PATHS = { call: '/api/call', events: '/api/events' } as const;

export interface CallEnvelope {
  name: string;
  request: unknown;
}

export type CallReply = { ok: true; response: unknown } | { ok: false; error: StationErrorBody };

export interface EventEnvelope {
  event: EventName;
  payload: unknown;
}

/** Electron's IPC channels: one invoke channel for commands, one push channel for events. */
export const IPC_CHANNELS = { call: 'station:call', event: 'station:event' } as const;

/**
 * The sound report's data: a roll's takes (or one day's, or a selection) from the catalog with the mixer's edits
 * applied, as rows the CSV and the PDF print. Rows are per file as Wave Agent lists them (a poly file is a row; the
 * split mono files of one recording are one row `<base>_X.WAV`, `N(MONO)`) or per take.
 */
import { effectiveTakeValues, type Catalog, type StoredFinding, type TakeSummary } from '../catalog';
import { wavInfoFromJson } from '../library/wav-json';
import { takeMetadataOf, type TakeMetadata } from '../takes';
import { pathParts, soundDevicesSplit } from '../takes/naming';
import type { WavInfo } from '../wav/types';
import { endTimecode, samplesToTimecode } from '../../shared/timecode';
import type { QcSeverity } from '../../shared/qc';
import { TOOL } from '../version';
import { ReportNotFoundError } from './errors';
import { cardsOfRoll, rollById } from './queries';

/** The block above the table. Every field is text as printed; an empty string prints empty. */
export interface SoundReportHeader {
  /** Production / project title (Wave Agent's "Project:"). Default: the roll's project in the catalog. */
  production: string;
  /** Shoot day(s): the --date asked for, else the recorders' dates of the takes (YYYY-MM-DD, a range when several). */
  date: string;
  soundMixer: string;
  boomOp: string;
  /** The roll's name in the catalog. */
  roll: string;
  /** The recorders' TAPE names of the takes. */
  tape: string;
  /** The card's recorder as recorded at offload, else the bext Originator of the files. */
  recorder: string;
  /** Timecode rates of the takes, our labels ('23.976 ND'); the CSV prints Wave Agent's spelling. */
  frameRate: string;
  sampleRate: string;
  bitDepth: string;
  /** BWF (RIFF with bext), WAV, RF64, BW64. */
  fileType: string;
  media: string;
  tone: string;
  notes: string;
}

export interface SoundReportFinding {
  severity: QcSeverity;
  kind: string;
  track?: string;
  fromTc?: string;
  message: string;
}

export interface SoundReportRow {
  takeId: number;
  /** A file's name, `<base>_X.<ext>` for a set of split mono files, or (per take) the take's leading one. */
  fileName: string;
  /** The card's relative paths the row stands for. */
  files: string[];
  channels: number;
  layout: 'POLY' | 'MONO';
  tape: string | null;
  scene: string | null;
  take: string | null;
  sampleRate: number | null;
  bitDepth: number | null;
  encoding: string | null;
  /** Our label ('23.976 ND'). */
  frameRate: string | null;
  durationSeconds: number | null;
  startTc: string | null;
  endTc: string | null;
  trackNames: string[];
  /** Effective values: the mixer's edit where there is one, else the recorder's. */
  circled: boolean;
  flags: string[];
  note: string | null;
  /** Whether the mixer edited this take's note, circle or flags. */
  edited: boolean;
  /** iXML USER as Wave Agent prints it; our reader does not keep it, so always empty (see README). */
  user: string;
  /** The take's QC findings of warning level or more, errors first. */
  findings: SoundReportFinding[];
}

export interface SoundReportOptions {
  rollId: number;
  /** Only takes the recorder dated this day (YYYY-MM-DD). */
  date?: string;
  /** Only these takes (ids in the catalog; each must belong to the roll). */
  takeIds?: readonly number[];
  /** A row per file as Wave Agent lists them (default) or per take. */
  rows?: 'file' | 'take';
  /** Header fields that win over the derived ones (an empty string blanks a field). */
  header?: Partial<SoundReportHeader>;
  /** The report's time (default now). */
  now?: Date;
}

export interface SoundReport {
  kind: 'sound';
  project: string;
  roll: string;
  rollId: number;
  rowsPer: 'file' | 'take';
  header: SoundReportHeader;
  rows: SoundReportRow[];
  /** Takes in the report, circled ones, and takes with a QC warning or error. */
  counts: { takes: number; files: number; circled: number; withFindings: number };
  /** Findings about the roll rather than one take (warning level or more). */
  rollFindings: SoundReportFinding[];
  generatedAt: string;
  tool: { name: string; version: string };
}

interface FileInfo {
  relativePath: string;
  info: WavInfo;
  meta: TakeMetadata;
}

const distinct = (values: readonly (string | null | undefined)[]): string[] => [...new Set(values.filter((v): v is string => !!v))];

function findingOf(f: StoredFinding): SoundReportFinding {
  return {
    severity: f.severity,
    kind: f.kind,
    ...(f.track !== undefined ? { track: f.track } : {}),
    ...(f.fromTc !== undefined ? { fromTc: f.fromTc } : {}),
    message: f.message,
  };
}

/** The timecode of a file's first sample at its own rate, when it has both. */
function startOfFile(f: FileInfo): { startTc: string; endTc: string } | undefined {
  const start = f.meta.startSamples?.value;
  const rate = f.meta.timecodeRate?.value;
  const sr = f.info.format.sampleRate;
  if (start === undefined || !rate || !(sr > 0) || start > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return { startTc: samplesToTimecode(start, sr, rate), endTc: endTimecode(start, f.info.frames, sr, rate) };
}

/** A file's channel names in order; an unnamed channel reads `Track <n>` by its place in the take. */
function namesOfFile(f: FileInfo): { order: number; name: string }[] {
  return f.meta.tracks.map((t) => ({
    order: t.takeChannel ?? t.channel,
    name: t.name.source === 'default' ? `Track ${t.takeChannel ?? t.channel}` : t.name.value,
  }));
}

/** The take's files as Wave Agent lists them: poly files alone, split mono files of one base together. */
function fileGroups(files: FileInfo[]): { name: string; files: FileInfo[]; layout: 'POLY' | 'MONO' }[] {
  const groups: { name: string; files: FileInfo[]; layout: 'POLY' | 'MONO' }[] = [];
  const splits = new Map<string, FileInfo[]>();
  for (const f of files) {
    if (f.info.format.channels === 1) {
      const { dir, stem } = pathParts(f.relativePath);
      const split = soundDevicesSplit(stem);
      if (split) {
        const key = `${dir}/${split.base}`;
        const list = splits.get(key);
        if (list) list.push(f);
        else splits.set(key, [f]);
        continue;
      }
    }
    groups.push({ name: pathParts(f.relativePath).name, files: [f], layout: f.info.format.channels > 1 ? 'POLY' : 'MONO' });
  }
  for (const list of splits.values()) {
    list.sort((a, b) => soundDevicesSplit(pathParts(a.relativePath).stem)!.index - soundDevicesSplit(pathParts(b.relativePath).stem)!.index);
    const first = pathParts(list[0]!.relativePath);
    const base = soundDevicesSplit(first.stem)!.base;
    const ext = first.name.slice(first.stem.length);
    // One mono file with a split-looking name (a 702T's `A101_1.WAV` recorded mono) is just that file.
    groups.push(list.length > 1 ? { name: `${base}_X${ext}`, files: list, layout: 'MONO' } : { name: first.name, files: list, layout: 'MONO' });
  }
  return groups;
}

function fileType(info: WavInfo): string {
  if (info.format.container !== 'RIFF') return info.format.container;
  return info.bext ? 'BWF' : 'WAV';
}

export function soundReport(catalog: Catalog, opts: SoundReportOptions): SoundReport {
  const roll = rollById(catalog, opts.rollId);
  if (!roll) throw new ReportNotFoundError(`no roll #${opts.rollId} in the catalog`);
  let takes = catalog.takes.takesOfRoll(roll.id, opts.date !== undefined ? { from: opts.date, to: opts.date } : {});
  if (opts.takeIds !== undefined) {
    const inRoll = new Set(catalog.takes.takesOfRoll(roll.id).map((t) => t.id));
    const missing = opts.takeIds.filter((id) => !inRoll.has(id));
    if (missing.length > 0) throw new ReportNotFoundError(`no take ${missing.map((id) => `#${id}`).join(', ')} in roll ${roll.name} (${roll.project})`);
    const wanted = new Set(opts.takeIds);
    takes = takes.filter((t) => wanted.has(t.id));
  }

  const reads = new Map<string, FileInfo>();
  for (const r of catalog.takes.wavReadsOfRoll(roll.id)) {
    if (r.status !== 'ok' || !r.infoJson) continue;
    const info = wavInfoFromJson(r.infoJson);
    reads.set(r.relativePath, { relativePath: r.relativePath, info, meta: takeMetadataOf(info, r.relativePath) });
  }

  const takeIds = takes.map((t) => t.id);
  const findingsByTake = new Map<number, SoundReportFinding[]>();
  const rollFindings: SoundReportFinding[] = [];
  for (const f of catalog.qc.findingsOfRoll(roll.id, { minSeverity: 'warning' })) {
    if (f.takeId === null) {
      rollFindings.push(findingOf(f));
      continue;
    }
    let list = findingsByTake.get(f.takeId);
    if (!list) findingsByTake.set(f.takeId, (list = []));
    list.push(findingOf(f));
  }

  const rowsPer = opts.rows ?? 'file';
  const rows: SoundReportRow[] = [];
  for (const t of takes) rows.push(...rowsOfTake(catalog, t, reads, findingsByTake.get(t.id) ?? [], rowsPer));

  const usedFiles = takes.flatMap((t) => t.files.map((p) => reads.get(p)).filter((f): f is FileInfo => f !== undefined));
  const dates = distinct(takes.map((t) => t.recordedOn)).sort();
  const derived: SoundReportHeader = {
    production: roll.project,
    date: opts.date ?? (dates.length > 1 ? `${dates[0]} – ${dates[dates.length - 1]}` : (dates[0] ?? '')),
    soundMixer: '',
    boomOp: '',
    roll: roll.name,
    tape: distinct(takes.map((t) => t.tape)).join(', '),
    recorder: (() => {
      const fromCards = distinct(cardsOfRoll(catalog, roll.id).map((c) => c.recorder));
      return (fromCards.length > 0 ? fromCards : distinct(usedFiles.map((f) => f.info.bext?.originator?.trim()))).join(', ');
    })(),
    frameRate: distinct(takes.map((t) => t.timecodeRate)).join(', '),
    sampleRate: distinct(takes.map((t) => (t.sampleRate ? String(t.sampleRate) : null))).join(', '),
    bitDepth: distinct(takes.map((t) => (t.bitDepth ? String(t.bitDepth) : null))).join(', '),
    fileType: distinct(usedFiles.map((f) => fileType(f.info))).join(', '),
    media: '',
    tone: '',
    notes: '',
  };
  const header: SoundReportHeader = { ...derived };
  for (const [k, v] of Object.entries(opts.header ?? {}) as [keyof SoundReportHeader, string | undefined][]) if (v !== undefined) header[k] = v;

  return {
    kind: 'sound',
    project: roll.project,
    roll: roll.name,
    rollId: roll.id,
    rowsPer,
    header,
    rows,
    counts: {
      takes: takes.length,
      files: takes.reduce((s, t) => s + t.files.length, 0),
      circled: takes.filter((t) => effectiveTakeValues(t, t.edits).circled).length,
      withFindings: takeIds.filter((id) => (findingsByTake.get(id) ?? []).length > 0).length,
    },
    rollFindings,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    tool: { name: TOOL.name, version: TOOL.version },
  };
}

function rowsOfTake(catalog: Catalog, t: TakeSummary, reads: Map<string, FileInfo>, findings: SoundReportFinding[], per: 'file' | 'take'): SoundReportRow[] {
  const effective = effectiveTakeValues(t, t.edits);
  const detail = catalog.takes.take(t.id);
  const trackFiles = new Set(detail?.tracks.map((k) => k.file) ?? []);
  const files = t.files.map((p) => reads.get(p)).filter((f): f is FileInfo => f !== undefined);
  const groups = fileGroups(files);
  // The recorder's own files (the ones the take's tracks point at) lead; a tool's re-split of them follows.
  const leads = (g: { files: FileInfo[] }): boolean => g.files.some((f) => trackFiles.has(f.relativePath));
  groups.sort((a, b) => Number(leads(b)) - Number(leads(a)) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const common = {
    takeId: t.id,
    scene: t.scene,
    take: t.take,
    circled: effective.circled,
    flags: effective.flags,
    note: effective.note,
    edited: effective.edited,
    user: '',
    findings,
  };

  if (per === 'take' || groups.length === 0) {
    const lead = groups[0];
    return [
      {
        ...common,
        fileName: lead?.name ?? pathParts(t.files[0] ?? t.key).name,
        files: [...t.files],
        channels: t.channelCount ?? t.trackNames.length,
        layout: lead?.layout ?? (t.channelCount === 1 ? 'MONO' : 'POLY'),
        tape: t.tape,
        sampleRate: t.sampleRate,
        bitDepth: t.bitDepth,
        encoding: t.encoding,
        frameRate: t.timecodeRate,
        durationSeconds: t.durationSeconds,
        startTc: t.startTc,
        endTc: t.endTc,
        trackNames: [...t.trackNames],
      },
    ];
  }

  return groups.map((g) => {
    const first = g.files[0]!;
    const own = startOfFile(first);
    let trackNames: string[];
    if (detail && leads(g)) {
      const inGroup = new Set(g.files.map((f) => f.relativePath));
      trackNames = detail.tracks.filter((k) => inGroup.has(k.file)).map((k) => k.name);
    } else {
      trackNames = g.files
        .flatMap((f) => namesOfFile(f))
        .sort((a, b) => a.order - b.order)
        .map((n) => n.name);
    }
    return {
      ...common,
      fileName: g.name,
      files: g.files.map((f) => f.relativePath),
      channels: g.files.reduce((s, f) => s + f.info.format.channels, 0),
      layout: g.layout,
      tape: first.meta.tape?.value ?? t.tape,
      sampleRate: first.info.format.sampleRate,
      bitDepth: first.info.format.bitsPerSample,
      encoding: first.info.format.encoding,
      frameRate: first.meta.timecodeRate?.value.label ?? t.timecodeRate,
      durationSeconds: Math.max(...g.files.map((f) => f.info.durationSeconds)),
      startTc: own?.startTc ?? t.startTc,
      endTc: own?.endTc ?? t.endTc,
      trackNames,
    };
  });
}

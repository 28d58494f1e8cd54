/**
 * Re-files a roll's takes from the WAV reads stored for its files. Grouping needs every file of a take (split mono
 * files arrive one by one), so it runs over the whole roll at the end of an offload — a pure catalog pass, cheap
 * next to the copy, and repeatable: the same reads always give the same takes, with the same ids.
 */
import type { Catalog, TakeInput } from '../catalog';
import { rollMetadataFindings, type RollTakeFacts } from '../qc/metadata-checks';
import { groupTakes, type TakeRecord } from '../takes';
import { wavInfoFromJson } from './wav-json';

export interface IndexResult {
  takes: number;
  filesRead: number;
  /** Files that look like WAV but could not be read: path and cause. */
  unreadable: { relativePath: string; message: string }[];
}

export function indexRoll(catalog: Catalog, rollId: number): IndexResult {
  const reads = catalog.takes.wavReadsOfRoll(rollId);
  const ok = reads.filter((r) => r.status === 'ok' && r.infoJson);
  const fileIds = new Map(reads.map((r) => [r.relativePath, r.fileId]));
  const records = groupTakes(ok.map((r) => ({ relativePath: r.relativePath, info: wavInfoFromJson(r.infoJson!) })));
  const unreadable = reads.filter((r) => r.status === 'error').map((r) => ({ relativePath: r.relativePath, message: r.message ?? 'unreadable' }));
  catalog.transaction(() => {
    catalog.takes.replaceRollTakes(rollId, records.map((t) => toTakeInput(t, fileIds)));
    // Metadata QC needs the whole roll (majority format, take order), so it is redone with every filing.
    const warningsOf = new Map(ok.map((r) => [r.relativePath, wavInfoFromJson(r.infoJson!).warnings]));
    const facts: RollTakeFacts[] = catalog.takes.takesOfRoll(rollId).map((t) => ({
      takeId: t.id,
      label: takeLabel(t),
      scene: t.scene,
      take: t.take,
      startSamples: t.startSamples,
      sampleRate: t.sampleRate,
      bitDepth: t.bitDepth,
      encoding: t.encoding,
      timecodeRate: t.timecodeRate,
      durationSeconds: t.durationSeconds,
      files: t.files.map((relativePath) => ({ relativePath, warnings: warningsOf.get(relativePath) ?? [] })),
    }));
    catalog.qc.replaceMetadataFindings(rollId, rollMetadataFindings(facts, unreadable));
  });
  return { takes: records.length, filesRead: ok.length, unreadable };
}

/** "Scene 1 take 2", or the first file's name when the recorder wrote no scene/take. */
export function takeLabel(t: { scene: string | null; take: string | null; files: readonly string[] }): string {
  if (t.scene && t.take) return `Scene ${t.scene} take ${t.take}`;
  const first = t.files[0] ?? '';
  return first.slice(first.lastIndexOf('/') + 1) || 'take';
}

function toTakeInput(t: TakeRecord, fileIds: Map<string, number>): TakeInput {
  const idOf = (relativePath: string): number => {
    const id = fileIds.get(relativePath);
    if (id === undefined) throw new Error(`take ${t.key} names ${relativePath}, which the catalog does not hold for this roll`);
    return id;
  };
  const sources: Record<string, string> = {};
  for (const field of ['scene', 'take', 'tape', 'project', 'note', 'circled', 'flags', 'timecodeRate', 'startSamples'] as const) {
    const v = t[field];
    if (v) sources[field] = v.source;
  }
  return {
    key: t.key,
    scene: t.scene?.value,
    take: t.take?.value,
    tape: t.tape?.value,
    project: t.project?.value,
    circled: t.circled.value,
    flags: [...t.flags.value],
    note: t.note?.value,
    timecodeRate: t.timecodeRate?.value.label,
    startSamples: t.startSamples?.value,
    startTc: t.startTc,
    endTc: t.endTc,
    sampleRate: t.sampleRate,
    bitDepth: t.bitDepth,
    encoding: t.encoding,
    container: t.container,
    channelCount: t.channelCount,
    frames: t.frames,
    durationSeconds: t.durationSeconds,
    familyUid: t.familyUid,
    recordedOn: t.recordedOn,
    sources,
    warnings: [...t.warnings.map((w) => (w.relativePath ? `${w.relativePath}: ${w.message}` : w.message)), ...t.conflicts.map((c) => `${c.relativePath}: ${c.field} is "${c.kept.value}" in ${c.kept.source} but "${c.ignored.value}" in ${c.ignored.source}; ${c.kept.source} wins`)],
    fileIds: t.relativePaths.map(idOf),
    tracks: t.tracks.map((tr) => ({
      position: tr.position,
      name: tr.name,
      nameSource: tr.nameSource,
      function: tr.function,
      fileId: idOf(tr.relativePath),
      channel: tr.channel,
    })),
  };
}

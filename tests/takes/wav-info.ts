/** Hand-built WavInfo for the grouping rules: what a reader would return, with only the fields a case needs. */
import type { BextInfo, IxmlInfo, WavInfo } from '../../main/wav/types';

export interface FakeWav {
  channels?: number;
  sampleRate?: number;
  bits?: number;
  frames?: number;
  /** bext Description pairs, keys as written (`sSCENE`, `TR1`); an object, even empty, means a bext chunk exists. */
  bext?: Record<string, string>;
  timeReference?: bigint;
  originatorReference?: string;
  originationDate?: string;
  ixml?: Partial<IxmlInfo>;
  warnings?: WavInfo['warnings'];
}

export function wav(path: string, f: FakeWav = {}): WavInfo {
  const channels = f.channels ?? 1;
  const sampleRate = f.sampleRate ?? 48000;
  const bits = f.bits ?? 24;
  const frames = f.frames ?? 48000;
  const blockAlign = (channels * bits) / 8;
  const bext: BextInfo | undefined =
    f.bext === undefined && f.timeReference === undefined
      ? undefined
      : {
          description: Object.entries(f.bext ?? {}).map(([k, v]) => `${k}=${v}`).join('\r\n'),
          originator: '',
          originatorReference: f.originatorReference ?? '',
          originationDate: f.originationDate ?? '',
          originationTime: '',
          timeReference: f.timeReference ?? 0n,
          version: 1,
          umid: '',
          codingHistory: '',
          descriptionFields: f.bext ?? {},
        };
  return {
    path,
    fileSize: 44 + frames * blockAlign,
    format: { container: 'RIFF', formatTag: 1, encoding: 'pcm', channels, sampleRate, bitsPerSample: bits, blockAlign, byteRate: blockAlign * sampleRate },
    dataOffset: 44,
    declaredDataSize: frames * blockAlign,
    dataSize: frames * blockAlign,
    frames,
    durationSeconds: frames / sampleRate,
    ...(bext ? { bext } : {}),
    ...(f.ixml ? { ixml: { tracks: [], ...f.ixml } } : {}),
    chunks: [],
    warnings: f.warnings ?? [],
  };
}

/** A file of an iXML family: mono, one track at take channel `channel`, FAMILY_UID and TOTAL_FILES set. */
export function familyMember(path: string, familyUid: string, channel: number, name: string, totalFiles: number, extra: Partial<IxmlInfo> = {}): FakeWav {
  return {
    channels: 1,
    ixml: {
      scene: '12A',
      take: '3',
      fileSet: { familyUid, totalFiles, fileSetIndex: String(channel) },
      tracks: [{ channelIndex: channel, interleaveIndex: 1, name }],
      speed: { timecodeRate: '25/1', timecodeFlag: 'NDF' },
      ...extra,
    },
    timeReference: 36000n * 48000n, // 10:00:00:00
  };
}

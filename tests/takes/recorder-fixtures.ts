/**
 * The real recorder files in ../shared/fixtures/recorders (read in place, never copied) and the Wave Agent sound
 * report that came with the Sound Devices ones. Undefined when this checkout has no fixtures: tests skip with a note.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fixturesDir } from '../support/fixtures';
import { readWavInfo } from '../../main/wav';
import type { TakeFile } from '../../main/takes';

export function recordersDir(): string | undefined {
  const root = fixturesDir();
  const dir = root === undefined ? undefined : join(root, 'recorders');
  return dir !== undefined && existsSync(dir) ? dir : undefined;
}

export const NO_FIXTURES = 'skipped: ../shared/fixtures/recorders is absent in this checkout (real recorder files)';

/** Every .WAV under `dir`, read by the real reader, with '/'-separated paths relative to `root`. */
export async function readTakeFiles(root: string, dir = root): Promise<TakeFile[]> {
  const out: TakeFile[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) await walk(p);
      else if (/\.wav$/i.test(name)) out.push({ relativePath: relative(root, p).split(sep).join('/'), info: await readWavInfo(p) });
    }
  };
  await walk(dir);
  return out;
}

/** One CSV line, double quotes and doubled quotes honoured (Wave Agent quotes text, not numbers). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

export type WaveAgentRow = Record<string, string> & { tracks: string[] };

/**
 * Wave Agent's sound report CSV: CR line endings, header rows, then a `File Name,…` table with `T1…Tn` track
 * columns. Rows keyed by File Name; a split set is one row named like `A101_1_X.WAV`.
 */
export function readWaveAgentCsv(path: string): Map<string, WaveAgentRow> {
  const lines = readFileSync(path, 'latin1').split(/\r\n|\r|\n/);
  const head = lines.findIndex((l) => l.startsWith('File Name,'));
  if (head < 0) throw new Error(`${path}: no "File Name" header row`);
  const columns = csvFields(lines[head]!);
  const rows = new Map<string, WaveAgentRow>();
  for (const line of lines.slice(head + 1)) {
    if (line.trim() === '') continue;
    const fields = csvFields(line);
    const row = { tracks: [] as string[] } as WaveAgentRow;
    columns.forEach((c, i) => {
      const v = (fields[i] ?? '').trim();
      if (/^T\d+$/.test(c)) {
        if (v !== '') row.tracks[Number(c.slice(1)) - 1] = v;
      } else row[c] = v;
    });
    rows.set(row['File Name']!, row);
  }
  return rows;
}

/** The report's row for a file: its own, else its split set's (`A101_1_2.WAV` → `A101_1_X.WAV`). */
export function rowFor(rows: Map<string, WaveAgentRow>, fileName: string): WaveAgentRow | undefined {
  return rows.get(fileName) ?? rows.get(fileName.replace(/_[^_.]+(\.wav)$/i, '_X$1'));
}

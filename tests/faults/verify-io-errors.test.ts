/**
 * The producer's verify of a backup drive, with each of its I/O calls failing in turn (the read-back of every block
 * of every file, the new generation's manifest and chain writes): a file that could not be read is never called
 * verified, the report names it with the cause and is not ok, the history stays readable with no temp file left, the
 * catalog stays honest — and the next verify without the fault is clean again.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { faultStruck, IO_POINTS, reachedPoints, setFaultPlan } from '../../main/fault-points';
import { readHistory } from '../../main/mhl';
import type { VerifyDriveResult } from '../../main/verify';
import { faultWorkspace, type FaultWorkspace } from '../support/fault-setup';
import { catalogProblems, MiB, openStation, rollFolder, type Station } from '../support/offload-harness';

const FILES: Record<string, number> = { 'A01.WAV': 8 * MiB + 7, 'A02.WAV': MiB + 1, 'SUB/A03.WAV': 1000, 'SUB/A04.WAV': 0 };
const ALL = Object.keys(FILES).sort();

let ws: FaultWorkspace;
let station: Station;
let drive: string;
let reference: string[] = [];

const verify = (): Promise<VerifyDriveResult> => station.services.verify({ dir: drive }).result;

beforeAll(async () => {
  ws = faultWorkspace('verify-ioerr', { card: 'CARD_V', files: FILES, dests: ['drive'] });
  drive = ws.dests[0]!;
  station = openStation(ws.catalog);
  const offload = await station.run(ws.card, [drive]);
  expect(offload.safeToFormat).toBe(true);
  setFaultPlan(undefined, { record: true });
  try {
    expect((await verify()).ok).toBe(true);
    reference = reachedPoints().filter((line) => (IO_POINTS as readonly string[]).includes(line.split('\t')[0]!));
  } finally {
    setFaultPlan(undefined);
  }
});
afterAll(async () => {
  setFaultPlan(undefined);
  await station?.close();
  ws?.cleanup();
});

test('a verify reads every file back and writes a generation: those are the calls failed below', () => {
  const kinds = new Set(reference.map((line) => line.split('\t')[0]));
  expect([...kinds].sort()).toEqual(['mhl.write', 'publish.link', 'readback.read']);
});

test('each I/O call of a verify failing in turn: never a false "verified", the cause named, a clean verify after', async () => {
  const problems: string[] = [];
  for (let n = 1; n <= reference.length; n++) {
    const say = (what: string): void => void problems.push(`fail@io#${n}: ${what}`);
    setFaultPlan({ at: 'io', nth: n, action: { kind: 'fail', code: 'EIO' } });
    let report: VerifyDriveResult;
    let struck: ReturnType<typeof faultStruck>;
    try {
      report = await verify();
    } catch (err) {
      say(`the verify crashed instead of reporting: ${(err as Error).message}`);
      continue;
    } finally {
      struck = faultStruck();
      setFaultPlan(undefined);
    }
    if (!struck) {
      say('the fault never struck');
      continue;
    }
    const label = `${struck.name} ${struck.detail?.split(sep).slice(-2).join('/')}`;
    if (report.ok) say(`${label}: the verify says ok`);
    const root = report.roots[0]!;
    const rel = relative(rollFolder(drive), struck.detail ?? '').split(sep).join('/');
    if (struck.name === 'readback.read') {
      const file = root.files.find((f) => f.path === rel);
      if (file?.status !== 'unreadable') say(`${label}: ${rel} is "${file?.status}", not unreadable`);
      if (!/EIO|input\/output error/.test(file?.reason ?? '')) say(`${label}: the reason does not give the cause: ${file?.reason}`);
      const others = root.files.filter((f) => f.path !== rel && f.status !== 'verified');
      if (others.length > 0) say(`${label}: other files not verified: ${others.map((f) => `${f.path} ${f.status}`).join(', ')}`);
    } else {
      // The generation could not be written: every file was read and matched, but the drive has no record of it.
      if (root.files.some((f) => f.status !== 'verified')) say(`${label}: files not verified although only the manifest failed`);
      if (!root.error && root.manifest) say(`${label}: a manifest is reported although its write failed`);
    }
    const litter = readdirSync(join(rollFolder(drive), 'ascmhl')).filter((name) => name.startsWith('.'));
    if (litter.length > 0) say(`${label}: temp files left in ascmhl/: ${litter.join(', ')}`);
    for (const p of catalogProblems(station.db, ws.digests)) say(`${label}: ${p}`);
    // Without the fault, the drive verifies clean, and its history is one valid chain listing every file.
    const clean = await verify();
    if (!clean.ok) say(`${label}: the next verify without the fault is not ok: ${JSON.stringify(clean.roots[0]?.error ?? clean.roots[0]?.counts)}`);
    try {
      const history = await readHistory(rollFolder(drive));
      const listed = history.generations.at(-1)!.files.map((f) => f.path).sort();
      if (JSON.stringify(listed) !== JSON.stringify(ALL)) say(`${label}: the last generation lists ${listed.join(', ')}`);
    } catch (err) {
      say(`${label}: the history does not read: ${(err as Error).message}`);
    }
  }
  console.log(`tests/faults/verify-io-errors: failed each of ${reference.length} I/O calls of a verify in turn`);
  expect(problems).toEqual([]);
}, 120_000);

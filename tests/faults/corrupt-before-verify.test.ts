/**
 * A destination that silently returns other bytes than were written: one byte of a copy is flipped on the drive after
 * it was written and published, before it is read back (its size and modification time kept, so nothing but the
 * bytes tells). The read-back must catch it: the copy is not verified, the card is not safe to format, the bad copy
 * does not stay under the card file's name, and the next run writes it again. A file that somebody else put in the
 * copy's place in the same instant is reported, but left alone: only a copy this job wrote is ever removed.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { faultStruck, setFaultPlan } from '../../main/fault-points';
import { readHistory } from '../../main/mhl';
import type { OffloadSummary } from '../../shared/offload';
import { allAs, expectHonestCatalog, expectHonestDestination, expectUntouched, faultWorkspace, identitiesOn, type FaultWorkspace } from '../support/fault-setup';
import { copiesOn, MiB, rollFolder, sha256File, statusesOn, verifiedInCatalog, type Identity } from '../support/offload-harness';

const FILES: Record<string, number> = { 'A01.WAV': 3 * MiB + 5, 'B02.WAV': 9 * MiB + 1, 'SUB/C03.WAV': 2 * MiB, 'SUB/D04.WAV': 777 };
const ALL = Object.keys(FILES).sort();
const VICTIM = 'B02.WAV';
const OTHERS = ALL.filter((f) => f !== VICTIM);

/** Flips one byte in the middle of a file in place and puts its modification time back: silent corruption. */
function flipByteInPlace(path: string): void {
  const st = statSync(path);
  const at = Math.floor(st.size / 2);
  const fd = openSync(path, 'r+');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, at);
    b[0] = b[0]! ^ 0x20;
    writeSync(fd, b, 0, 1, at);
  } finally {
    closeSync(fd);
  }
  utimesSync(path, st.atime, st.mtime);
}

/** Runs `act` the moment the victim's copy on the second destination is published, before its read-back. */
function strikeWhenPublished(d2: string, act: () => void): void {
  setFaultPlan({ at: 'publish.done', nth: 1, detailContains: join(rollFolder(d2), VICTIM), action: { kind: 'call', fn: act } });
}

describe('a copy corrupted on the drive between writing and read-back (one byte flipped, size and mtime kept)', () => {
  let ws: FaultWorkspace;
  let d1: string;
  let d2: string;
  let first: OffloadSummary;
  let flipped = false;
  let before: Record<string, Record<string, Identity>>;

  beforeAll(async () => {
    ws = faultWorkspace('corrupt', { card: 'CARD_FLIP', files: FILES });
    [d1, d2] = ws.dests as [string, string];
    ws.openStation();
    strikeWhenPublished(d2, () => {
      flipByteInPlace(join(rollFolder(d2), VICTIM));
      flipped = true;
    });
    try {
      first = await ws.station!.run(ws.card, ws.dests);
    } finally {
      expect(faultStruck()?.detail).toBe(join(rollFolder(d2), VICTIM));
      setFaultPlan(undefined);
    }
    before = identitiesOn(ws.dests, OTHERS);
  });
  afterAll(() => ws?.cleanup());

  test('the byte was flipped after the copy was published and before it was read back', () => {
    expect(flipped).toBe(true);
  });

  test('the read-back catches it: the copy is failed with the cause, and the card is not safe to format', () => {
    const copy = copiesOn(first, d2).get(VICTIM);
    expect(copy?.status).toBe('failed');
    expect(copy?.reason).toMatch(/is not the card's file/);
    expect(copy?.reason).toMatch(/content differs: xxh128 of the copy is [0-9a-f]{32}, of the card [0-9a-f]{32}/);
    expect(first.safeToFormat).toBe(false);
    expect(first.verdict).toMatch(/NOT safe to format/);
  });

  test('the bad copy is removed from under the card file\'s name; nothing else on the drive differs from the card', () => {
    expect(existsSync(join(rollFolder(d2), VICTIM))).toBe(false);
    expect(copiesOn(first, d2).get(VICTIM)?.reason).toMatch(/bad copy was removed/);
    expectHonestDestination(d2, ws.digests, { files: OTHERS });
  });

  test('the healthy destination and the other files on the corrupting one are verified and byte-identical', () => {
    expect(statusesOn(first, d1)).toEqual(allAs(ALL, 'verified'));
    expectHonestDestination(d1, ws.digests, { files: ALL });
    expect(OTHERS.map((f) => statusesOn(first, d2)[f])).toEqual(OTHERS.map(() => 'verified'));
  });

  test('the catalog never calls the corrupted copy verified, and is intact', () => {
    expect(verifiedInCatalog(ws.station!.db, d2).sort()).toEqual(OTHERS);
    expectHonestCatalog(ws.station!.db, ws.digests);
  });

  test('the MHL of the corrupting drive does not list the file it does not hold', async () => {
    const history = await readHistory(rollFolder(d2));
    expect(history.generations.at(-1)!.files.map((f) => f.path).sort()).toEqual(OTHERS);
  });

  test('run again, the copy is written afresh and verified; nothing verified before is rewritten', async () => {
    const second = await ws.station!.run(ws.card, ws.dests);
    expect(second.safeToFormat).toBe(true);
    expect(statusesOn(second, d1)).toEqual(allAs(ALL, 'skipped-verified'));
    expect(statusesOn(second, d2)).toEqual(Object.fromEntries(ALL.map((f) => [f, f === VICTIM ? 'verified' : 'skipped-verified'])));
    for (const d of ws.dests) expectUntouched(d, before[d]!);
    expect(sha256File(join(rollFolder(d2), VICTIM))).toBe(ws.digests.get(VICTIM));
    expectHonestDestination(d2, ws.digests, { files: ALL });
    expectHonestCatalog(ws.station!.db, ws.digests);
  });
});

describe("a different file put in the copy's place between writing and read-back", () => {
  let ws: FaultWorkspace;
  let d2: string;
  let first: OffloadSummary;
  const INTRUDER = Buffer.from('somebody else\'s file, same name\n');

  beforeAll(async () => {
    ws = faultWorkspace('swapped', { card: 'CARD_SWAP', files: FILES });
    d2 = ws.dests[1]!;
    ws.openStation();
    strikeWhenPublished(d2, () => {
      // Another program replaces the file (a new inode under the same name).
      const path = join(rollFolder(d2), VICTIM);
      writeFileSync(`${path}.intruder`, INTRUDER);
      renameSync(`${path}.intruder`, path);
    });
    try {
      first = await ws.station!.run(ws.card, ws.dests);
    } finally {
      setFaultPlan(undefined);
    }
  });
  afterAll(() => ws?.cleanup());

  test('it is reported as not the card\'s file and not verified; the card is not safe to format', () => {
    const copy = copiesOn(first, d2).get(VICTIM);
    expect(copy?.status).toBe('failed');
    expect(copy?.reason).toMatch(/content differs/);
    expect(first.safeToFormat).toBe(false);
    expect(verifiedInCatalog(ws.station!.db, d2)).not.toContain(VICTIM);
    expectHonestCatalog(ws.station!.db, ws.digests);
  });

  test('it is not ours, so it is left exactly as it is', () => {
    const path = join(rollFolder(d2), VICTIM);
    expect(existsSync(path)).toBe(true);
    expect(Buffer.compare(readFileSync(path), INTRUDER)).toBe(0);
    expect(copiesOn(first, d2).get(VICTIM)?.reason).not.toMatch(/removed/);
  });
});

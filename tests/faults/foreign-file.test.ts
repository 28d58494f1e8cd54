/**
 * A file at a copy's final name that is not the card's file: before the job (another card's take with the same
 * name, same size or not), or a verified copy that was changed on the drive afterwards. The engine must never call
 * it verified, never overwrite someone else's file, and say what it found.
 */
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { OffloadSummary } from '../../shared/offload';
import { allAs, expectHonestCatalog, expectHonestDestination, expectUntouched, faultWorkspace, type FaultWorkspace } from '../support/fault-setup';
import { copiesOn, identities, MiB, rollFolder, sha256File, statusesOn, verifiedInCatalog, writeRandomCard, type Identity } from '../support/offload-harness';

const FILES: Record<string, number> = { 'A01.WAV': 2 * MiB + 5, 'B02.WAV': 4 * MiB + 1, 'SUB/C03.WAV': 3 * MiB, 'SUB/D04.WAV': MiB + 9 };
const ALL = Object.keys(FILES).sort();

describe('a different file already at the final name before the job', () => {
  const SAME_SIZE = 'B02.WAV'; // another card's take: same name, same size, other bytes
  const OTHER_SIZE = 'SUB/C03.WAV'; // same name, shorter
  const FOREIGN = [SAME_SIZE, OTHER_SIZE];
  let ws: FaultWorkspace;
  let d1: string;
  let d2: string;
  let first: OffloadSummary;
  let foreignDigest: Record<string, string>;
  let foreignId: Record<string, Identity>;

  beforeAll(async () => {
    ws = faultWorkspace('foreign', { card: 'CARD08', files: FILES });
    [d1, d2] = ws.dests as [string, string];
    writeRandomCard(rollFolder(d2), { [SAME_SIZE]: FILES[SAME_SIZE]!, [OTHER_SIZE]: FILES[OTHER_SIZE]! - 4096 });
    foreignDigest = Object.fromEntries(FOREIGN.map((r) => [r, sha256File(join(rollFolder(d2), r))]));
    foreignId = identities(rollFolder(d2), FOREIGN);
    first = await ws.openStation().run(ws.card, [d1, d2]);
  });
  afterAll(() => ws?.cleanup());

  test('each is reported as a different file, not overwritten, and the card is not safe to format', () => {
    for (const rel of FOREIGN) {
      const c = copiesOn(first, d2).get(rel);
      expect(c?.status).toBe('failed');
      expect(c?.reason).toMatch(/different file already exists/);
      expect(c?.reason).toMatch(/not overwritten/);
    }
    expect(first.safeToFormat).toBe(false);
  });

  test('their content and identity are untouched', () => {
    for (const rel of FOREIGN) expect(sha256File(join(rollFolder(d2), rel))).toBe(foreignDigest[rel]);
    expectUntouched(d2, foreignId);
  });

  test('the catalog does not mark them verified; every other copy verified is byte-identical', () => {
    expect(verifiedInCatalog(ws.station!.db, d2).sort()).toEqual(ALL.filter((f) => !FOREIGN.includes(f)));
    expectHonestCatalog(ws.station!.db, ws.digests);
    expectHonestDestination(d2, ws.digests, { allowForeign: FOREIGN });
  });

  test('the other destination holds every file verified and identical', () => {
    expect(statusesOn(first, d1)).toEqual(allAs(ALL, 'verified'));
    expectHonestDestination(d1, ws.digests);
  });

  test('with the foreign files moved away, the same offload completes without rewriting verified copies', async () => {
    const d1Before = identities(rollFolder(d1), ALL);
    const d2Before = identities(rollFolder(d2), ALL.filter((f) => !FOREIGN.includes(f)));
    const aside = ws.at('aside');
    for (const rel of FOREIGN) {
      mkdirSync(dirname(join(aside, rel)), { recursive: true });
      renameSync(join(rollFolder(d2), rel), join(aside, rel));
    }
    const second = await ws.station!.run(ws.card, [d1, d2]);
    expect(second.safeToFormat).toBe(true);
    expect(statusesOn(second, d1)).toEqual(allAs(ALL, 'skipped-verified'));
    expect(statusesOn(second, d2)).toEqual(Object.fromEntries(ALL.map((f) => [f, FOREIGN.includes(f) ? 'verified' : 'skipped-verified'])));
    expectUntouched(d1, d1Before);
    expectUntouched(d2, d2Before);
    expectHonestDestination(d2, ws.digests);
    expectHonestCatalog(ws.station!.db, ws.digests);
  });
});

describe('a verified copy changed on the drive afterwards (same size), then the same offload is run again', () => {
  const VICTIM = 'SUB/C03.WAV';
  let ws: FaultWorkspace;
  let d1: string;
  let d2: string;
  let second: OffloadSummary;

  beforeAll(async () => {
    ws = faultWorkspace('rot', { card: 'CARD09', files: FILES });
    [d1, d2] = ws.dests as [string, string];
    const station = ws.openStation();
    const first = await station.run(ws.card, [d1, d2]);
    expect(first.safeToFormat).toBe(true);
    // Someone (a tool, a bad cable, a careless drag) writes over part of the copy: same size, new bytes, new mtime.
    const fd = openSync(join(rollFolder(d2), VICTIM), 'r+');
    try {
      writeSync(fd, randomBytes(4096), 0, 4096, MiB);
    } finally {
      closeSync(fd);
    }
    second = await station.run(ws.card, [d1, d2]);
  });
  afterAll(() => ws?.cleanup());

  test('the changed copy is not reported as verified, and the card is not called safe to format', () => {
    expect(copiesOn(second, d2).get(VICTIM)?.status).not.toMatch(/verified/);
    expect(second.safeToFormat).toBe(false);
  });

  test('the catalog does not keep calling it verified once it has been looked at again', () => {
    expect(verifiedInCatalog(ws.station!.db, d2)).not.toContain(VICTIM);
  });

  test('the untouched copies stay verified and the other destination is whole', () => {
    expect(statusesOn(second, d1)).toEqual(allAs(ALL, 'skipped-verified'));
    expectHonestDestination(d1, ws.digests, { files: ALL });
  });
});

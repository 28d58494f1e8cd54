/**
 * Card files swapped between the scan and their copy (a hostile card, or a recorder that rewrites a file by
 * replacing it): one becomes a symlink to a host file, one a FIFO, one another file of the same size and mtime. The
 * copy must open none of them as if it were the scanned file: no link followed, no wait for a FIFO writer that never
 * comes, no "verified" for bytes the scan never saw.
 */
import { execFileSync } from 'node:child_process';
import { renameSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setFaultPlan } from '../../main/fault-points';
import type { OffloadSummary } from '../../shared/offload';
import { allAs, expectHonestCatalog, expectHonestDestination, faultWorkspace, type FaultWorkspace } from '../support/fault-setup';
import { CARD_MTIME, copiesOn, MiB, statusesOn, verifiedInCatalog } from '../support/offload-harness';
import { hasTool } from '../support/tools';

const FILES: Record<string, number> = { 'A01.WAV': MiB + 1, 'B02.WAV': 2 * MiB, 'C03.WAV': 3 * MiB + 7, 'D04.WAV': 4096, 'E05.WAV': MiB };
const LINKED = 'B02.WAV';
const FIFO = 'C03.WAV';
const REPLACED = 'D04.WAV';
const SWAPPED = [LINKED, FIFO, REPLACED];
const KEPT = Object.keys(FILES).filter((f) => !SWAPPED.includes(f));

describe('card files swapped after the scan: a symlink, a FIFO, another file with the same size and mtime', () => {
  let ws: FaultWorkspace;
  let summary: OffloadSummary;
  let ms = 0;

  beforeAll(async () => {
    ws = faultWorkspace('swapped-card', { card: 'CARD_SWAP', files: FILES });
    ws.openStation();
    setFaultPlan({
      at: 'scan.done',
      nth: 1,
      action: {
        kind: 'call',
        fn: () => {
          const at = (rel: string): string => join(ws.card, rel);
          unlinkSync(at(LINKED));
          symlinkSync('/etc/passwd', at(LINKED));
          unlinkSync(at(FIFO));
          if (hasTool('mkfifo')) execFileSync('mkfifo', [at(FIFO)]);
          else throw new Error('mkfifo is not installed');
          writeFileSync(`${at(REPLACED)}.new`, randomBytes(FILES[REPLACED]!));
          utimesSync(`${at(REPLACED)}.new`, CARD_MTIME, CARD_MTIME);
          renameSync(`${at(REPLACED)}.new`, at(REPLACED));
        },
      },
    });
    const started = Date.now();
    try {
      summary = await ws.station!.run(ws.card, ws.dests);
    } finally {
      setFaultPlan(undefined);
    }
    ms = Date.now() - started;
  }, 60_000);
  afterAll(() => ws?.cleanup());

  test('the job ends promptly (no wait on the FIFO) and the card is not safe to format', () => {
    expect(ms).toBeLessThan(30_000);
    expect(summary.safeToFormat).toBe(false);
  });

  test('each swapped file is named with what happened to it, on every destination', () => {
    const reasons: Record<string, RegExp> = {
      [LINKED]: /replaced by a symlink after the scan; a link is never followed/,
      [FIFO]: /no longer a regular file/,
      [REPLACED]: /replaced by another file after the scan/,
    };
    for (const rel of SWAPPED) {
      expect(summary.files.find((f) => f.relativePath === rel)?.error).toMatch(reasons[rel]!);
      for (const d of ws.dests) expect(copiesOn(summary, d).get(rel)?.status).toBe('failed');
    }
  });

  test('nothing of them reaches a destination; the other files are verified and byte-identical everywhere', () => {
    for (const d of ws.dests) {
      expect(Object.fromEntries(KEPT.map((f) => [f, statusesOn(summary, d)[f]]))).toEqual(allAs(KEPT, 'verified'));
      expectHonestDestination(d, ws.digests, { files: KEPT });
      expect(verifiedInCatalog(ws.station!.db, d).sort()).toEqual(KEPT);
    }
    expectHonestCatalog(ws.station!.db, ws.digests);
  });
});

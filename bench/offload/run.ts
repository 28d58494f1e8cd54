/**
 * `npm run bench:offload`: offload speed as a ratio to a floor measured in the same run, on the same card and disk,
 * so the figure means the same on a laptop SSD and on CI's virtual disk. See floor.ts for the floor, offload-run.ts
 * for the measured CLI, hashing.ts for the hashing comparison. Exit 1 when the offload does not verify the card.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { writeCard, type Card } from '../lib/card';
import { dropPageCache } from '../lib/cache';
import { killRunning } from '../lib/shell';
import { createWorkspace, resetDir } from '../lib/workspace';
import { checkOffload } from './check';
import { measureFloor, settleDisk } from './floor';
import { measureHashing } from './hashing';
import { BenchFailure, runOffload } from './offload-run';
import { runBenchCli } from '../lib/cli';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { mbPerSecond, median } from '../lib/stats';
import { GOALS, renderTable, type BenchReport, type RunFigures } from './report';

const GIB = 1024 ** 3;
const DESTINATIONS = 2;

const say = (text: string): void => void process.stderr.write(`bench: ${text}\n`);

async function bench(opts: BenchOptions): Promise<BenchReport> {
  const loadAtStart = loadavg()[0]!;
  const ws = createWorkspace(opts.dir, opts.keep, killRunning);
  try {
    const cardRoot = join(ws.dir, 'A001');
    const dests = [join(ws.dir, 'd1'), join(ws.dir, 'd2')];

    say(`writing a ${opts.gib} GiB card in ${cardRoot}`);
    const t = process.hrtime.bigint();
    const card = await writeCard(cardRoot, { totalBytes: Math.round(opts.gib * GIB), project: 'Bench', tape: 'A001', date: '2025-03-14' });
    const generateSeconds = Number(process.hrtime.bigint() - t) / 1e9;

    let pageCacheDropped = true;
    // Before each phase: empty destinations, nothing dirty left from the previous phase, nothing cached.
    const coldStart = (): void => {
      for (const d of dests) resetDir(d);
      if (!dropPageCache() && pageCacheDropped) {
        pageCacheDropped = false;
        say('WARNING: cannot drop the page cache (needs root and a writable /proc/sys/vm/drop_caches): figures include cache effects');
      }
    };

    say('settling the disk: one untimed cat | tee pass (see settleDisk in floor.ts)');
    await settleDisk(card, dests[0]!, dests[1]!);

    const runs: RunFigures[] = [];
    let lastHashes = new Map<string, string | undefined>();
    for (let i = 1; i <= opts.runs; i++) {
      coldStart();
      say(`run ${i}/${opts.runs}: floor (cat | tee, sync, parallel cat read-back)`);
      const floor = await measureFloor(card, dests[0]!, dests[1]!);
      if (!floor.cacheDropped) pageCacheDropped = false;

      coldStart();
      say(`run ${i}/${opts.runs}: soundroll offload`);
      const off = await runOffload({ card: cardRoot, destinations: dests, catalog: join(ws.dir, `catalog-run${i}.sqlite`) });
      const readBack = checkOffload(off, card, DESTINATIONS);
      lastHashes = new Map(off.summary.files.map((f) => [f.relativePath, f.hashes.xxh128]));
      runs.push({
        run: i,
        floor: { ...floor, mbPerSecond: mbPerSecond(card.totalBytes, floor.seconds) },
        offload: {
          seconds: off.seconds,
          engineSeconds: off.engineSeconds,
          mbPerSecond: mbPerSecond(card.totalBytes, off.seconds),
          peakRssMb: off.usage.maxRssKb / 1024,
          cpuSeconds: (off.usage.cpuUserMs + off.usage.cpuSystemMs) / 1000,
          cpuUserSeconds: off.usage.cpuUserMs / 1000,
          cpuSystemSeconds: off.usage.cpuSystemMs / 1000,
          readBack,
        },
        ratio: off.seconds / floor.seconds,
      });
    }
    for (const d of dests) resetDir(d); // 4 GB of copies are not needed for the hashing part

    const big = largest(card);
    say(`hashing ${big.relativePath}: xxhsum -H2 vs soundroll xxh128, warm cache`);
    const hashing = await measureHashing(big.absolutePath);
    if (hashing.xxhsum && hashing.xxhsum.digest !== hashing.soundroll.digest) {
      throw new BenchFailure(`xxh128 of ${big.relativePath}: xxhsum says ${hashing.xxhsum.digest}, soundroll says ${hashing.soundroll.digest}`);
    }
    const recorded = lastHashes.get(big.relativePath);
    if (recorded !== hashing.soundroll.digest) {
      throw new BenchFailure(`the offload recorded xxh128 ${recorded} for ${big.relativePath}, re-hashing gives ${hashing.soundroll.digest}`);
    }

    const ratio = median(runs.map((r) => r.ratio));
    const peakRssMb = Math.max(...runs.map((r) => r.offload.peakRssMb));
    return {
      workspace: ws.dir,
      machine: { cores: cpus().length, loadAverage1m: { start: loadAtStart, end: loadavg()[0]! } },
      card: { bytes: card.totalBytes, gib: card.totalBytes / GIB, files: card.files.length, generateSeconds },
      destinations: DESTINATIONS,
      pageCacheDropped,
      runs,
      median: { floorSeconds: median(runs.map((r) => r.floor.seconds)), offloadSeconds: median(runs.map((r) => r.offload.seconds)), ratio },
      peakRssMb,
      goals: { ratio: GOALS.ratio, ratioMet: ratio <= GOALS.ratio, peakRssMb: GOALS.peakRssMb, peakRssMet: peakRssMb < GOALS.peakRssMb },
      hashing: { ...hashing, matchesOffload: true },
    };
  } finally {
    ws.dispose();
  }
}

function largest(card: Card): Card['files'][number] {
  return card.files.reduce((a, b) => (b.bytes > a.bytes ? b : a));
}

runBenchCli({ usage: USAGE, parseOptions, bench, renderTable, plainErrors: [BenchFailure] });

/**
 * The roll's metadata QC is filed with the takes at the end of an offload (no decode needed): a recording cut short
 * on the card is an error on its take naming the file, and the roll's odd-one-out format is a warning.
 */
import { mkdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from '../../main/catalog';
import { DEMO_DAY_FOLDER, writeDemoCard } from '../../main/demo/demo-card';
import { startOffload } from '../../main/offload/offload';
import { TOOL } from '../../main/version';
import { makeTempDir } from '../support/tmp';

test('a file cut short on the card is an error on its take; the float take is the roll format warning', async () => {
  const tmp = makeTempDir('roll-meta');
  const catalog = Catalog.open(join(tmp.dir, 'catalog.db'));
  try {
    const card = await writeDemoCard(join(tmp.dir, 'card'));
    const cut = join(card, DEMO_DAY_FOLDER, 'S03T05.WAV');
    truncateSync(cut, Math.floor(statSync(cut).size * 0.6));
    mkdirSync(join(tmp.dir, 'a'));
    const summary = await startOffload({ catalog, tool: TOOL }, { source: card, destinations: [join(tmp.dir, 'a')] }).result;
    expect(summary.safeToFormat).toBe(true); // the copy is faithful; the recording itself is short
    const roll = catalog.rollByName('A001')[0]!;
    const meta = catalog.qc.findingsOfRoll(roll.id).filter((f) => f.origin === 'metadata');
    expect(meta.map((f) => [f.severity, f.kind, f.scene, f.take])).toEqual([
      ['error', 'truncated', '3', '5'],
      ['warning', 'format-mismatch', '3', '3'],
    ]);
    expect(meta[0]!.relativePath).toBe(`${DEMO_DAY_FOLDER}/S03T05.WAV`);
    expect(meta[0]!.message).toMatch(/^Scene 3 take 5: .*S03T05\.WAV: the header promises \d+ bytes of audio .* the recording was cut short( \(.*S03T05\.WAV\))?$/);
  } finally {
    catalog.close();
    tmp.cleanup();
  }
});

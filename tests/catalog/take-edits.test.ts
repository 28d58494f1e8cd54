/**
 * Schema 5 and the take queries around it: the mixer's edits stored beside the recorder's values with patch semantics
 * (undefined keeps, null removes, a value sets the whole field), kept by the take's key across re-indexing, an older catalog migrated
 * without losing anything, and a roll of 5,000 takes listed with a constant number of statements (no query per take).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Catalog, TakeStore, type TakeInput } from '../../main/catalog';
import { MIGRATIONS } from '../../main/catalog/schema';
import { makeTempDir } from '../support/tmp';

const tmp = makeTempDir('take-edits');
afterAll(tmp.cleanup);

/** A roll with `n` synthetic takes of `tracks` tracks each, split over fake file rows (no media on disk). */
function fillRoll(c: Catalog, name: string, n: number, tracks = 2): number {
  const roll = c.ensureRoll('P', name);
  const card = c.ensureCard(roll.id, { fingerprint: name, volumeName: name, sourcePath: '/card', recorder: null, fileCount: n, totalBytes: n });
  const insertFile = c.db.prepare("INSERT INTO files (roll_id, card_id, relative_path, size, mtime_ms, hashed_at) VALUES (?, ?, ?, 100, 0, 'now')");
  const takes: TakeInput[] = c.transaction(() =>
    Array.from({ length: n }, (_, i) => {
      const fileIds = Array.from({ length: tracks }, (_, k) => Number(insertFile.run(roll.id, card, `T${String(i).padStart(5, '0')}_${k + 1}.WAV`).lastInsertRowid));
      return {
        key: `k${i}`,
        scene: String(1 + Math.floor(i / 10)),
        take: String(1 + (i % 10)),
        circled: i % 7 === 0,
        flags: i % 11 === 0 ? ['FALSE_START'] : [],
        note: i === 42 ? 'plane overhead' : undefined,
        // Reverse timecode order against the keys, so the order really comes from start_samples.
        startSamples: (n - i) * 48000,
        sampleRate: 48000,
        sources: {},
        warnings: [],
        fileIds,
        tracks: fileIds.map((fileId, k) => ({ position: k + 1, name: k === 0 ? 'Boom' : `Lav ${i}`, nameSource: 'ixml', fileId, channel: 1 })),
      };
    }),
  );
  c.takes.replaceRollTakes(roll.id, takes);
  return roll.id;
}

describe('schema 5: take_edits', () => {
  test('an older catalog (schema 4) with takes is migrated, its takes untouched, and starts with no edits', () => {
    const path = join(tmp.dir, 'old.sqlite');
    const raw = new Database(path);
    for (const m of MIGRATIONS.slice(0, 4)) raw.exec(m);
    raw.pragma('user_version = 4');
    raw.prepare("INSERT INTO rolls (id, project, name, created_at) VALUES (1, 'P', 'A001', 'now')").run();
    raw.prepare("INSERT INTO takes (roll_id, key, scene, take, circled, note, indexed_at) VALUES (1, 'k', '1', '2', 1, 'rec', 'now')").run();
    raw.close();
    const c = Catalog.open(path);
    expect(c.schemaVersion()).toBe(5);
    expect(c.db.prepare("SELECT name FROM sqlite_master WHERE name = 'take_edits'").get()).toBeDefined();
    const [t] = c.takes.takesOfRoll(1);
    expect(t).toMatchObject({ key: 'k', scene: '1', take: '2', circled: true, note: 'rec', edits: null, trackNames: [], files: [] });
    c.close();
  });

  test('patch: undefined keeps, null removes, a value sets (even the recorder’s own); no edit left deletes the row', () => {
    const c = Catalog.open(join(tmp.dir, 'patch.sqlite'));
    const rollId = fillRoll(c, 'A001', 3);
    const e1 = c.edits.patch(rollId, 'k1', { note: 'mixer says', circled: false, flags: ['NO_GOOD', 'ADR', 'NO_GOOD'], tags: [' dialogue ', 'Dialogue', 'wind'] });
    expect(e1).toMatchObject({ note: 'mixer says', circled: false, flags: ['ADR', 'NO_GOOD'], tags: ['dialogue', 'wind'] });
    expect(e1!.trackNotes).toBeUndefined();
    const e2 = c.edits.patch(rollId, 'k1', { circled: null, trackNotes: { '0': 'rustle', '1': 'off mic' } });
    expect(e2).toMatchObject({ note: 'mixer says', flags: ['ADR', 'NO_GOOD'], trackNotes: { '0': 'rustle', '1': 'off mic' } });
    expect(e2!.circled).toBeUndefined();
    // Track notes are set whole: lanes left out lose their note, blank notes are dropped, lanes are numbers.
    expect(c.edits.patch(rollId, 'k1', { trackNotes: { '1': '  ', '003': 'padded lane' } })!.trackNotes).toEqual({ '3': 'padded lane' });
    expect(c.edits.patch(rollId, 'k1', { trackNotes: { '0': '' } })!.trackNotes).toBeUndefined();
    // The recorder's own value is still the mixer's explicit edit.
    const recorderCircled = c.takes.takesOfRoll(rollId).find((t) => t.key === 'k0')!.circled;
    expect(c.edits.patch(rollId, 'k0', { circled: recorderCircled })).toMatchObject({ circled: recorderCircled });
    expect(c.takes.takesOfRoll(rollId).find((t) => t.key === 'k0')!.edits).toMatchObject({ circled: recorderCircled });
    // Removing every edit removes the row; empty tags are no edit.
    expect(c.edits.patch(rollId, 'k1', { note: null, flags: null, tags: [], trackNotes: null })).toBeNull();
    expect(c.db.prepare("SELECT COUNT(*) AS n FROM take_edits WHERE take_key = 'k1'").get()).toEqual({ n: 0 });
    // Flags [] is an edit (the mixer cleared the recorder's flags); note '' too.
    expect(c.edits.patch(rollId, 'k2', { flags: [], note: '' })).toMatchObject({ flags: [], note: '' });
    c.close();
  });

  test('edits hang off the take key: they survive a re-index that changes the take’s row and come back with a returning take', () => {
    const c = Catalog.open(join(tmp.dir, 'reindex.sqlite'));
    const rollId = fillRoll(c, 'A001', 3);
    c.edits.patch(rollId, 'k2', { note: 'keep me' });
    const takes = c.takes.takesOfRoll(rollId);
    const k2 = takes.find((t) => t.key === 'k2')!;
    const input = (keys: string[]): TakeInput[] =>
      keys.map((key) => {
        const t = takes.find((x) => x.key === key)!;
        const files = c.db.prepare('SELECT file_id AS id FROM take_files WHERE take_id = ?').all(t.id) as { id: number }[];
        return { key, circled: false, flags: [], note: 'recorder', sources: {}, warnings: [], fileIds: files.map((f) => f.id), tracks: [] };
      });
    c.takes.replaceRollTakes(rollId, input(['k0', 'k1', 'k2']));
    expect(c.takes.take(k2.id)).toMatchObject({ id: k2.id, note: 'recorder', edits: { note: 'keep me' } });
    c.takes.replaceRollTakes(rollId, input(['k0', 'k1']));
    expect(c.takes.take(k2.id)).toBeUndefined();
    c.takes.replaceRollTakes(rollId, input(['k0', 'k1', 'k2']));
    expect(c.takes.takesOfRoll(rollId).find((t) => t.key === 'k2')!.edits).toMatchObject({ note: 'keep me' });
    c.close();
  });
});

describe('takesOfRoll with 5,000 takes', () => {
  const path = join(tmp.dir, 'big.sqlite');
  let rollId: number;

  beforeAll(() => {
    const c = Catalog.open(path);
    rollId = fillRoll(c, 'BIG', 5000, 4);
    c.edits.patch(rollId, 'k4000', { note: 'Mixer: CAR HORN', circled: true });
    c.edits.patch(rollId, 'k7', { circled: false, tags: ['Bird song'] });
    c.edits.patch(rollId, 'k8', { trackNotes: { '2': 'lav rustle' } });
    c.close();
  });

  test('one statement for the takes and a constant number for their tracks and files, not one per take', () => {
    const sql: string[] = [];
    const db = new Database(path, { verbose: (s) => sql.push(String(s)) });
    try {
      const store = new TakeStore(db);
      sql.length = 0;
      const t0 = performance.now();
      const takes = store.takesOfRoll(rollId);
      const ms = performance.now() - t0;
      console.log(`takesOfRoll of 5,000 takes × 4 tracks: ${ms.toFixed(0)} ms, ${sql.length} statements`);
      expect(sql.length).toBeLessThanOrEqual(3);
      expect(takes).toHaveLength(5000);
      // Timecode order (start_samples run backwards against the keys).
      expect(takes[0]!.key).toBe('k4999');
      expect(takes[4999]!.key).toBe('k0');
      const t = takes.find((x) => x.key === 'k123')!;
      expect(t.trackNames).toEqual(['Boom', 'Lav 123', 'Lav 123', 'Lav 123']);
      expect(t.files).toEqual([1, 2, 3, 4].map((k) => `T00123_${k}.WAV`));
      expect(takes.find((x) => x.key === 'k4000')!.edits).toMatchObject({ note: 'Mixer: CAR HORN', circled: true });
      // A filtered listing is as cheap.
      sql.length = 0;
      expect(store.takesOfRoll(rollId, { scene: '5' }).map((x) => x.key)).toEqual(['k49', 'k48', 'k47', 'k46', 'k45', 'k44', 'k43', 'k42', 'k41', 'k40']);
      expect(sql.length).toBeLessThanOrEqual(3);
    } finally {
      db.close();
    }
  });

  test('filters see the mixer’s edits: circle, note, tags and track notes', () => {
    const c = Catalog.open(path);
    try {
      const circled = c.takes.takesOfRoll(rollId, { circledOnly: true }).map((t) => t.key);
      expect(circled).toContain('k4000'); // circled by the mixer
      expect(circled).not.toContain('k7'); // the recorder circled it, the mixer took it back
      expect(circled).toContain('k14');
      expect(circled).toHaveLength(715); // 715 circled by the recorder (every 7th), one taken back, one added
      expect(c.takes.takesOfRoll(rollId, { text: 'car horn' }).map((t) => t.key)).toEqual(['k4000']);
      expect(c.takes.takesOfRoll(rollId, { text: 'BIRD' }).map((t) => t.key)).toEqual(['k7']);
      expect(c.takes.takesOfRoll(rollId, { text: 'rustle' }).map((t) => t.key)).toEqual(['k8']);
      expect(c.takes.takesOfRoll(rollId, { text: 'plane' }).map((t) => t.key)).toEqual(['k42']); // the recorder's note
      expect(c.takes.takesOfRoll(rollId, { text: 'lav 4321' }).map((t) => t.key)).toEqual(['k4321']); // a track name
    } finally {
      c.close();
    }
  });

  test('neighbours follow the listing order; roll summaries count takes', () => {
    const c = Catalog.open(path);
    try {
      const takes = c.takes.takesOfRoll(rollId);
      expect(c.takes.neighbours(takes[0]!.id)).toEqual({ previousId: null, nextId: takes[1]!.id });
      expect(c.takes.neighbours(takes[2500]!.id)).toEqual({ previousId: takes[2499]!.id, nextId: takes[2501]!.id });
      expect(c.takes.neighbours(takes[4999]!.id)).toEqual({ previousId: takes[4998]!.id, nextId: null });
      expect(c.takes.neighbours(999_999)).toBeUndefined();
      expect(c.takes.rollSummaries()).toEqual([{ id: rollId, project: 'P', name: 'BIG', takes: 5000, takesWithErrors: 0 }]);
    } finally {
      c.close();
    }
  });
});

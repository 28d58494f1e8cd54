/**
 * Property: whatever names, sizes, dates, hash values and actions the writer is given, our reader returns exactly
 * them, and the directory hashes read back are the ones the writer computed.
 */
import fc from 'fast-check';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HashAlgorithm, HashSet } from '../../shared/hashes';
import { c4FromSha512, ensureHashersReady } from '../../main/hash';
import { readHistory, writeGeneration, type GenerationFile, type HashAction } from '../../main/mhl';
import { findUnencodable } from '../../main/mhl/xml-escape';
import { makeTempDir } from '../support/tmp';
import { CREATOR } from './helpers';

const HEX_BYTES: Partial<Record<HashAlgorithm, number>> = { md5: 16, sha1: 20, xxh64: 8, xxh3: 8, xxh128: 16 };

const segment = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 10 })
  .filter((s) => !s.includes('/') && s !== '.' && s !== '..' && findUnencodable(s) === undefined);

const hashValue = (alg: HashAlgorithm): fc.Arbitrary<string> =>
  alg === 'c4'
    ? fc.uint8Array({ minLength: 64, maxLength: 64 }).map((b) => c4FromSha512(b))
    : fc.uint8Array({ minLength: HEX_BYTES[alg]!, maxLength: HEX_BYTES[alg]! }).map((b) => Buffer.from(b).toString('hex'));

const hashSet: fc.Arbitrary<HashSet> = fc
  .subarray<HashAlgorithm>(['xxh128', 'xxh64', 'xxh3', 'md5', 'sha1', 'c4'], { minLength: 1 })
  .chain((algs) => fc.tuple(...algs.map((a) => hashValue(a).map((v) => [a, v] as const))))
  .map((pairs) => Object.fromEntries(pairs) as HashSet);

// Whole seconds: the manifest records dates to the second.
const date = fc.integer({ min: 0, max: 4_102_444_800 }).map((s) => new Date(s * 1000));
const action = fc.constantFrom<HashAction>('original', 'verified', 'failed');

const fileArb = fc.record({
  path: fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')),
  size: fc.maxSafeNat(),
  lastModified: date,
  hashes: hashSet,
  action,
  hashDate: date,
});

/** Drops files whose path is another's folder, and the reserved top-level ascmhl/. */
function plausibleTree(files: GenerationFile[]): GenerationFile[] {
  const out: GenerationFile[] = [];
  const taken = new Set<string>();
  const folders = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    if (parts[0] === 'ascmhl' || taken.has(f.path) || folders.has(f.path)) continue;
    const prefixes = parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
    if (prefixes.some((p) => taken.has(p))) continue;
    out.push(f);
    taken.add(f.path);
    prefixes.forEach((p) => folders.add(p));
  }
  return out;
}

describe('writer → reader round trip', () => {
  beforeAll(() => ensureHashersReady());

  it('returns every name, size, date, hash and action unchanged', async () => {
    const tmp = makeTempDir('mhl-prop');
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fileArb, { minLength: 1, maxLength: 12 }), date, async (raw, startedAt) => {
          const files = plausibleTree(raw);
          const root = join(tmp.dir, `roll${run++}`);
          mkdirSync(root);
          const written = await writeGeneration({ root, process: 'in-place', creator: CREATOR, startedAt, files });
          const g = (await readHistory(root)).generations[0]!;
          expect(g.creator.creationDate).toEqual(startedAt);
          expect(g.files).toHaveLength(files.length);
          for (const f of files) {
            const back = g.files.find((x) => x.path === f.path);
            expect(back).toBeDefined();
            expect(back!.size).toBe(f.size);
            expect(back!.lastModified).toEqual(f.lastModified);
            expect(Object.fromEntries(back!.hashes.map((h) => [h.algorithm, h.value]))).toEqual(f.hashes);
            for (const h of back!.hashes) {
              expect(h.action).toBe(f.action);
              expect(h.hashDate).toEqual(f.hashDate);
            }
          }
          expect(g.rootHash ?? { content: {}, structure: {} }).toEqual(written.rootHash);
        }),
        { numRuns: 60 },
      );
    } finally {
      tmp.cleanup();
    }
  });
});

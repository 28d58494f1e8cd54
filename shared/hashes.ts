/**
 * Hash algorithms an offload can record, in the names ASC MHL v2 uses for its elements.
 * Shared by the core, the CLI and the renderer; imports nothing.
 */
export const HASH_ALGORITHMS = ['xxh128', 'xxh64', 'xxh3', 'md5', 'sha1', 'c4'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

/** The ASC reference tool's default, and ours. */
export const DEFAULT_HASH: HashAlgorithm = 'xxh128';

/** Digests keyed by algorithm, each in the canonical text form the MHL spec uses (lowercase big-endian hex; c4 ids). */
export type HashSet = Partial<Record<HashAlgorithm, string>>;

export function isHashAlgorithm(name: string): name is HashAlgorithm {
  return (HASH_ALGORITHMS as readonly string[]).includes(name);
}

/**
 * Parses a user's list such as "xxh128,md5". Order is kept (the first is the one verification compares first);
 * duplicates are dropped; an unknown name is an error that names it.
 */
export function parseHashList(text: string): HashAlgorithm[] {
  const out: HashAlgorithm[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    if (!isHashAlgorithm(name)) {
      throw new Error(`unknown hash algorithm "${raw.trim()}" (known: ${HASH_ALGORITHMS.join(', ')})`);
    }
    if (!out.includes(name)) out.push(name);
  }
  if (out.length === 0) throw new Error('no hash algorithm given');
  return out;
}

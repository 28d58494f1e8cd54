/**
 * One error type for everything that can go wrong with an MHL history, so a caller (CLI, UI, offload) can tell a
 * tampered manifest from a malformed one from a race between two writers without parsing messages.
 */

export type MhlErrorCode =
  | 'io' // the file system refused (unreadable, unwritable); the cause carries the errno
  | 'too-large' // a manifest or chain file above the read cap: refused before parsing
  | 'hostile-xml' // DOCTYPE / ENTITY declarations or unknown entity references: never expanded
  | 'malformed-xml' // not well-formed, not UTF-8, characters XML 1.0 forbids
  | 'invalid-manifest' // well-formed XML that is not an ASC MHL v2 hashlist (wrong root, namespace, values)
  | 'invalid-chain' // ascmhl_chain.xml that is not a valid chain (namespace, numbering, duplicates)
  | 'chain-missing' // manifests exist but there is no ascmhl_chain.xml
  | 'manifest-missing' // the chain lists a manifest that is not in ascmhl/
  | 'manifest-unlisted' // a manifest in ascmhl/ that the chain does not list
  | 'manifest-tampered' // the manifest's C4 differs from the one the chain recorded
  | 'generation-collision' // another writer took the same generation number: nothing was overwritten
  | 'unencodable-text' // a name or value holds characters XML 1.0 cannot carry
  | 'invalid-input'; // the caller handed the writer something it cannot record (bad path, no hashes, ...)

export class MhlError extends Error {
  override readonly name = 'MhlError';
  constructor(
    readonly code: MhlErrorCode,
    /** The file the problem is about (manifest, chain, or the folder being written). */
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${message} (${file})`, options);
  }
}

export function isMhlError(e: unknown): e is MhlError {
  return e instanceof MhlError;
}

/** The errno code of a Node fs error, if any. */
export function errnoCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    return (e as { code: string }).code;
  }
  return undefined;
}

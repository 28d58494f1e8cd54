/**
 * One streaming hasher per MHL algorithm. xxHash variants run in WebAssembly (hash-wasm: xxh128 at 2.5–4.5 GB/s on this machine, above any
 * card or drive, and no native module to rebuild for Electron); md5, sha1 and the SHA-512 behind C4 use OpenSSL.
 * Every digest is emitted in the form ASC MHL v2 writes: lowercase hex of the canonical big-endian digest, seed 0
 * (xxh64("abc") = 44bc2cf5ad770999), or a C4 id.
 */
import { createHash, type Hash } from 'node:crypto';
import { createXXHash128, createXXHash3, createXXHash64, type IHasher } from 'hash-wasm';
import type { HashAlgorithm, HashSet } from '../../shared/hashes';
import { c4FromSha512 } from './c4';

export interface Hasher {
  readonly algorithm: HashAlgorithm;
  update(chunk: Uint8Array): void;
  /** Raw digest bytes (big-endian for xxHash; the SHA-512 bytes for c4). Ends the hasher. */
  digestBytes(): Uint8Array;
  /** Canonical MHL text. Ends the hasher. */
  digest(): string;
}

type WasmFactory = () => Promise<IHasher>;
const wasmFactories: Partial<Record<HashAlgorithm, WasmFactory>> = {
  xxh128: () => createXXHash128(),
  xxh64: () => createXXHash64(),
  xxh3: () => createXXHash3(),
};

/** One engine per xxHash algorithm, instantiated once per process (see WasmHasher for why one is enough). */
const warmed: Partial<Record<HashAlgorithm, IHasher>> = {};
let ready: Promise<void> | undefined;

export function ensureHashersReady(): Promise<void> {
  ready ??= (async () => {
    for (const [alg, factory] of Object.entries(wasmFactories) as [HashAlgorithm, WasmFactory][]) {
      warmed[alg] = await factory();
    }
  })();
  return ready;
}

/**
 * A hash-wasm instance is created asynchronously, but its whole state can be saved and loaded. One shared instance per
 * algorithm, with each logical hasher keeping its own saved state, gives independent hashers synchronously: JavaScript
 * runs each update to completion, so two files hashed "at once" (two destinations read back in parallel) never
 * interleave inside the instance. The state is a few hundred bytes against 8 MiB blocks: the cost does not show.
 */
class WasmHasher implements Hasher {
  private state: Uint8Array;
  constructor(
    readonly algorithm: HashAlgorithm,
    private readonly engine: IHasher,
  ) {
    engine.init();
    this.state = engine.save();
  }
  update(chunk: Uint8Array): void {
    this.engine.load(this.state);
    this.engine.update(chunk);
    this.state = this.engine.save();
  }
  digestBytes(): Uint8Array {
    this.engine.load(this.state);
    return this.engine.digest('binary');
  }
  digest(): string {
    this.engine.load(this.state);
    return this.engine.digest('hex');
  }
}

class NodeHasher implements Hasher {
  private readonly inner: Hash;
  constructor(
    readonly algorithm: HashAlgorithm,
    nodeName: string,
  ) {
    this.inner = createHash(nodeName);
  }
  update(chunk: Uint8Array): void {
    this.inner.update(chunk);
  }
  digestBytes(): Uint8Array {
    return this.inner.digest();
  }
  digest(): string {
    const bytes = this.digestBytes();
    return this.algorithm === 'c4' ? c4FromSha512(bytes) : Buffer.from(bytes).toString('hex');
  }
}

/** Needs `await ensureHashersReady()` once per process before the first xxHash. */
export function createHasher(algorithm: HashAlgorithm): Hasher {
  switch (algorithm) {
    case 'md5':
      return new NodeHasher(algorithm, 'md5');
    case 'sha1':
      return new NodeHasher(algorithm, 'sha1');
    case 'c4':
      return new NodeHasher(algorithm, 'sha512');
    default: {
      const engine = warmed[algorithm];
      if (!engine) throw new Error(`hashers not initialised: call ensureHashersReady() before hashing ${algorithm}`);
      return new WasmHasher(algorithm, engine);
    }
  }
}

export function hashBytes(algorithm: HashAlgorithm, data: Uint8Array): string {
  const h = createHasher(algorithm);
  h.update(data);
  return h.digest();
}

/** Feeds the same bytes to several algorithms: the copy loop reads each block once for all of them. */
export class MultiHasher {
  private readonly hashers: Hasher[];
  constructor(readonly algorithms: readonly HashAlgorithm[]) {
    this.hashers = algorithms.map(createHasher);
  }
  update(chunk: Uint8Array): void {
    for (const h of this.hashers) h.update(chunk);
  }
  digest(): HashSet {
    const out: HashSet = {};
    for (const h of this.hashers) out[h.algorithm] = h.digest();
    return out;
  }
}

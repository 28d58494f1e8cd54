/**
 * The set-up and the verdicts the fault tests share: a scratch workspace holding a random card and its destination
 * folders, and the checks every fault ends with ("this destination holds exactly these files, each the card's bytes",
 * "the catalog calls verified only what is on the disk", "verified copies were not rewritten"). The oracles
 * themselves live in offload-harness.ts; this file only names the ways the tests combine them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Mounts } from './fault-env';
import { catalogProblems, destinationProblems, digestTree, finalFiles, identities, openStation, rollFolder, writeRandomCard, type CliRun, type Identity, type Station } from './offload-harness';
import { makeTempDir } from './tmp';

export interface FaultWorkspace {
  /** The scratch folder everything lives in. */
  dir: string;
  /** The card folder (written with random content unless `files` was omitted). */
  card: string;
  /** The destination folders, created empty, in the order their names were given. */
  dests: string[];
  /** Where the catalog goes. */
  catalog: string;
  /** SHA-256 of every card file, taken right after the card was written. */
  digests: Map<string, string>;
  /** Mounts made for this workspace, released (lazily) by `cleanup`. */
  mounts: Mounts;
  /** The in-process station, once `openStation` was called. */
  station?: Station;
  /** A path inside the workspace. */
  at(name: string): string;
  /** Opens the in-process station on the workspace's catalog (closed by `cleanup`). */
  openStation(): Station;
  /** Closes the station, releases the mounts and removes the folder (unless SOUNDROLL_KEEP_TMP is set). */
  cleanup(): void;
}

export interface WorkspaceOptions {
  /** The card's folder, relative to the workspace (may be nested). */
  card: string;
  /** The card's files and sizes; none are written when omitted. */
  files?: Record<string, number>;
  /** Destination folder names, created empty. Default: d1 and d2. */
  dests?: string[];
  /** Other folders to create empty (mount points, stores). */
  folders?: string[];
  /** The catalog's path, relative to the workspace. Default: catalog.sqlite. */
  catalog?: string;
}

/** A temp folder with a random card, its digests and empty destination folders: the start of every fault test. */
export function faultWorkspace(label: string, opts: WorkspaceOptions): FaultWorkspace {
  const tmp = makeTempDir(label);
  const at = (name: string): string => join(tmp.dir, name);
  const card = at(opts.card);
  const dests = (opts.dests ?? ['d1', 'd2']).map(at);
  for (const d of [...dests, ...(opts.folders ?? []).map(at)]) mkdirSync(d);
  if (opts.files) writeRandomCard(card, opts.files);
  const ws: FaultWorkspace = {
    dir: tmp.dir,
    card,
    dests,
    catalog: at(opts.catalog ?? 'catalog.sqlite'),
    digests: opts.files ? digestTree(card) : new Map(),
    mounts: new Mounts(),
    at,
    openStation: () => (ws.station = openStation(ws.catalog)),
    cleanup: () => {
      void ws.station?.close();
      ws.mounts.releaseAll();
      tmp.cleanup();
    },
  };
  return ws;
}

/** `{ file: status }` for every file: what statusesOn must equal when all of them ended the same way. */
export const allAs = (files: readonly string[], status: string): Record<string, string> => Object.fromEntries(files.map((f) => [f, status]));

/**
 * The destination is honest: nothing under a final name differs from the card, nothing is there that is not on the
 * card (besides `allowForeign`), no partial file is left — and, when `files` is given, exactly those final files.
 */
export function expectHonestDestination(dest: string, digests: Map<string, string>, opts: { files?: string[]; allowForeign?: string[] } = {}): void {
  if (opts.files) expect(finalFiles(rollFolder(dest))).toEqual(opts.files);
  expect(destinationProblems(rollFolder(dest), digests, opts.allowForeign)).toEqual([]);
}

/** Every copy the catalog calls verified is the card's bytes on disk, and the catalog is intact. */
export function expectHonestCatalog(db: Database.Database, digests: Map<string, string>, onDisk?: (path: string) => string): void {
  expect(catalogProblems(db, digests, onDisk)).toEqual([]);
}

/** The files recorded in `before` were not rewritten, replaced or touched on this destination. */
export function expectUntouched(dest: string, before: Record<string, Identity>): void {
  expect(identities(rollFolder(dest), Object.keys(before))).toEqual(before);
}

/** Identities of `files` on each destination, by destination: for `expectUntouched` after a re-run. */
export const identitiesOn = (dests: string[], files: string[]): Record<string, Record<string, Identity>> =>
  Object.fromEntries(dests.map((d) => [d, identities(rollFolder(d), files)]));

/** The CLI exited with `status` and printed a JSON summary (stderr shown when it did not). */
export function expectExit(run: CliRun, status: number): void {
  expect({ status: run.status, stderr: run.summary ? '' : run.stderr }).toEqual({ status, stderr: '' });
}

/** Opens a catalog the CLI wrote, runs `fn` on it and closes it. */
export function withDb<T>(path: string, fn: (db: Database.Database) => T, opts: { readonly?: boolean } = {}): T {
  const db = new Database(path, { readonly: opts.readonly ?? false });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

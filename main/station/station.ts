/**
 * The contract's core side: one handler per command over the services, and the events the UI listens to. Both
 * adapters (Electron's IPC and `soundroll serve`) call `dispatch`, which refuses unknown commands and parses every
 * payload with the contract's schema before a handler runs; the adapters add only their transport's own checks
 * (sender frame, token).
 */
import { constants } from 'node:fs';
import { access, stat, statfs } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import {
  commandSchemas,
  describeInvalid,
  isCommandName,
  StationError,
  type CardView,
  type DestinationView,
  type DriveView,
  type EventName,
  type StationEvents,
  type StationHandlers,
} from '../../shared/contract';
import { DEFAULT_HASH, HASH_ALGORITHMS } from '../../shared/hashes';
import { recogniseCard, type CardInfo, type Drive, type DriveWatcher } from '../drives';
import { DEFAULT_TEMPLATE, renderRollPath } from '../offload/template';
import type { Services } from '../services';
import { JobBoard } from './job-board';
import { reportHandlers } from './report-handlers';
import { takeHandlers } from './take-handlers';

export interface StationOptions {
  services: Services;
  host: 'electron' | 'browser';
  /** Mounted volumes and recognised cards; without it the drive list is empty (tests, a headless server). */
  drives?: DriveWatcher;
}

export interface Station {
  readonly handlers: StationHandlers;
  /** Validates and runs one command from outside; throws StationError with a plain message. */
  dispatch(name: unknown, payload: unknown): Promise<unknown>;
  on<E extends EventName>(name: E, listener: (payload: StationEvents[E]) => void): () => void;
  close(): Promise<void>;
}

const RECENT_DESTINATIONS = 'recentDestinations';
const MAX_RECENT = 8;

export function createStation(opts: StationOptions): Station {
  const { services, drives } = opts;
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const emit = <E extends EventName>(name: E, payload: StationEvents[E]): void => {
    for (const l of listeners.get(name) ?? []) (l as (p: StationEvents[E]) => void)(payload);
  };
  const board = new JobBoard(services, (event, view) => {
    emit(event, view);
    if (event === 'job.finished') emit('catalog.changed', { scope: 'rolls' });
  });
  const unsubscribers: (() => void)[] = [];
  if (drives) {
    unsubscribers.push(
      drives.onChange((e) => emit('drives.changed', { drives: e.drives.map(driveView), added: e.added.map((d) => d.path), removed: e.removed.map((d) => d.path) })),
    );
  }
  // Previews finishing behind an offload change what the take views show.
  unsubscribers.push(services.analysis.onJob((job) => void job.result.then(() => emit('catalog.changed', { scope: 'qc' }))));

  const remembered = (): string[] => services.catalog.setting<string[]>(RECENT_DESTINATIONS) ?? [];
  const remember = (paths: string[]): void => {
    const next = [...paths, ...remembered().filter((p) => !paths.includes(p))].slice(0, MAX_RECENT);
    services.catalog.setSetting(RECENT_DESTINATIONS, next);
  };

  const handlers: StationHandlers = {
    'station.info': async () => ({
      tool: services.tool.name,
      version: services.tool.version,
      host: opts.host,
      platform: process.platform,
      catalogPath: services.catalog.path,
      defaultTemplate: DEFAULT_TEMPLATE,
      hashAlgorithms: HASH_ALGORITHMS,
    }),
    'drives.list': async () => (drives ? drives.current().map(driveView) : []),
    'drives.refresh': async () => {
      if (!drives) return [];
      await drives.refresh();
      return drives.current().map(driveView);
    },
    'sources.inspect': async ({ path }) => {
      const abs = absolute(path);
      const s = await stat(abs).catch((e: NodeJS.ErrnoException) => e);
      if (s instanceof Error) return { path: abs, exists: false, isFolder: false, card: null, error: s.code === 'ENOENT' ? 'no such folder' : s.message };
      if (!s.isDirectory()) return { path: abs, exists: true, isFolder: false, card: null, error: 'not a folder: choose the card or its folder' };
      const card = await recogniseCard(abs).catch(() => null);
      return { path: abs, exists: true, isFolder: true, card: card ? cardView(card) : null };
    },
    'destinations.recent': async () => Promise.all(remembered().map(destinationView)),
    'destinations.inspect': async ({ paths }) => Promise.all(paths.map((p) => destinationView(absolute(p)))),
    'destinations.forget': async ({ path }) => {
      services.catalog.setSetting(RECENT_DESTINATIONS, remembered().filter((p) => p !== path));
      return Promise.all(remembered().map(destinationView));
    },
    'naming.preview': async (r) => {
      try {
        const parts = renderRollPath(r.template || DEFAULT_TEMPLATE, {
          project: r.project || 'Untitled',
          roll: r.roll || r.card,
          card: r.card,
          recorder: r.recorder || 'recorder',
          date: r.date ?? localDate(new Date()),
        });
        return { rollPath: parts.join('/') };
      } catch (err) {
        return { error: err instanceof Error ? err.message : String(err) };
      }
    },
    'offload.start': async (r) => {
      const destinations = r.destinations.map(absolute);
      if (new Set(destinations).size !== destinations.length) throw new StationError('invalid-request', 'the same destination is listed twice');
      remember(destinations);
      return board.startOffload({
        source: absolute(r.source),
        destinations,
        hashes: r.hashes ?? [DEFAULT_HASH],
        project: r.project,
        roll: r.roll,
        template: r.template,
        recorder: r.recorder,
        date: r.date,
        newRoll: r.newRoll,
      });
    },
    'verify.start': async (r) => board.startVerify({ dir: absolute(r.dir), algorithms: r.hashes }),
    'jobs.list': async () => board.list(),
    'jobs.get': async ({ jobId }) => board.get(jobId),
    'jobs.cancel': async ({ jobId }) => board.cancel(jobId),
    'jobs.pause': async ({ jobId }) => board.pause(jobId),
    'jobs.resume': async ({ jobId }) => board.resume(jobId),
    'rolls.overview': async () =>
      Promise.all(
        services.catalog.rollsOverview().map(async (r) => ({
          ...r,
          destinations: await Promise.all(r.destinations.map(async (d) => ({ ...d, connected: await exists(d.path) }))),
        })),
      ),
    ...takeHandlers({ services, emit }),
    ...reportHandlers(services),
  };

  return {
    handlers,
    async dispatch(name, payload) {
      if (!isCommandName(name)) throw new StationError('unknown-command', `unknown command ${JSON.stringify(String(name)).slice(0, 80)}`);
      const parsed = commandSchemas[name].safeParse(payload ?? {});
      if (!parsed.success) throw new StationError('invalid-request', describeInvalid(name, parsed.error));
      const handler = handlers[name] as (request: unknown) => Promise<unknown>;
      try {
        return await handler(parsed.data);
      } catch (err) {
        if (err instanceof StationError) throw err;
        throw new StationError('failed', err instanceof Error ? err.message : String(err));
      }
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    async close() {
      for (const u of unsubscribers) u();
      await board.close();
    },
  };
}

/** Paths from the UI must be absolute: a relative one would resolve against wherever the app was started. */
function absolute(path: string): string {
  if (!isAbsolute(path)) throw new StationError('invalid-request', `"${path}" is not an absolute path`);
  return resolve(path);
}

function cardView(c: CardInfo): CardView {
  return { path: c.path, wavFiles: c.wavFiles, bytes: c.bytes, ...(c.recorder ? { recorder: c.recorder } : {}), ...(c.roll ? { roll: c.roll } : {}) };
}

function driveView(d: Drive): DriveView {
  return {
    path: d.path,
    name: d.name,
    freeBytes: d.freeBytes ?? null,
    totalBytes: d.totalBytes ?? null,
    card: d.card ? cardView(d.card) : null,
    ...(d.error ? { error: d.error } : {}),
  };
}

async function destinationView(path: string): Promise<DestinationView> {
  const s = await stat(path).catch((e: NodeJS.ErrnoException) => e);
  if (s instanceof Error) return { path, exists: false, writable: false, freeBytes: null, totalBytes: null, error: s.code === 'ENOENT' ? 'not connected (folder not found)' : s.message };
  if (!s.isDirectory()) return { path, exists: true, writable: false, freeBytes: null, totalBytes: null, error: 'not a folder' };
  const writable = await access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
  const fs = await statfs(path).catch(() => undefined);
  return {
    path,
    exists: true,
    writable,
    freeBytes: fs ? fs.bavail * fs.bsize : null,
    totalBytes: fs ? fs.blocks * fs.bsize : null,
    ...(writable ? {} : { error: 'read-only: soundroll cannot write here' }),
  };
}

const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );

const localDate = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

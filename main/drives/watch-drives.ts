/**
 * Keeps the list of mounted volumes current by polling. Polling, not fs.watch: watching `/Volumes` or `/media/$USER`
 * is unreliable across platforms for mounts (macOS FSEvents may report the mount point's folder late or not at all,
 * inotify sees the mount-point folder being created by udisks but not a mount onto an existing `/mnt/x`, and Windows
 * drive letters are not folders anyone can watch), while listing a handful of folders every two seconds is cheap.
 *
 * A volume whose path appears is `added`, recognised once (recogniseCard) and the result kept for as long as the same
 * mount stays at that path: same path and same device number (stat `dev`). A path that disappears, or whose device
 * changes between two polls (one card swapped for another), is `removed` (and the new mount `added`). Free space is
 * refreshed on every poll in `current()` without an event. The first poll reports every volume already there as added.
 * Polls never overlap; the timer is unref'd, so a forgotten watcher does not keep the process alive.
 */
import { stat } from 'node:fs/promises';
import { listDrives } from './list-drives';
import { mountRoots } from './mount-roots';
import { recogniseCard, recogniseLimits } from './recognise-card';
import type { Drive, DriveChange, DriveInfo, DriveWatcher, WatchDrivesOptions } from './types';

interface Known {
  /** Mount identity: the device number, or 'unreadable' for a volume listed with an error. */
  identity: string;
  drive: Drive;
}

async function identityOf(info: DriveInfo): Promise<string> {
  if (info.error !== undefined) return 'unreadable';
  try {
    return `dev:${(await stat(info.path, { bigint: true })).dev}`;
  } catch {
    return 'unreadable';
  }
}

export function watchDrives(opts: WatchDrivesOptions = {}): DriveWatcher {
  const roots = opts.roots ?? mountRoots();
  const intervalMs = opts.intervalMs ?? 2000;
  const recognise = opts.recognise ?? true;
  const recogniseOptions = recogniseLimits(opts.recogniseOptions);
  if (!Number.isFinite(intervalMs) || intervalMs < 0) throw new RangeError(`intervalMs must be a non-negative number, got ${intervalMs}`);

  let known = new Map<string, Known>();
  let drives: Drive[] = [];
  const listeners = new Set<(event: DriveChange) => void>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  let closed = false;

  async function poll(): Promise<void> {
    const infos = await listDrives(roots);
    const next = new Map<string, Known>();
    const added: Drive[] = [];
    await Promise.all(
      infos.map(async (info) => {
        const identity = await identityOf(info);
        const prev = known.get(info.path);
        if (prev && prev.identity === identity) {
          next.set(info.path, { identity, drive: { ...info, card: prev.drive.card } });
          return;
        }
        const card = recognise && info.error === undefined ? await recogniseCard(info.path, recogniseOptions) : null;
        const drive: Drive = { ...info, card };
        next.set(info.path, { identity, drive });
        added.push(drive);
      }),
    );
    const removed = [...known].filter(([path, k]) => next.get(path)?.identity !== k.identity).map(([, k]) => k.drive);
    // listDrives' order, not the order recognitions finished in.
    const order = new Map(infos.map((d, i) => [d.path, i]));
    added.sort((a, b) => order.get(a.path)! - order.get(b.path)!);
    known = next;
    drives = infos.map((d) => next.get(d.path)!.drive);
    if (closed || (added.length === 0 && removed.length === 0)) return;
    const event: DriveChange = { added, removed, drives: [...drives] };
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (e) {
        // One faulty listener stops neither the others nor the polling.
        process.emitWarning(`drive watcher listener threw: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  function schedule(): void {
    if (closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      void run();
    }, intervalMs);
    timer.unref();
  }

  function run(): Promise<void> {
    if (closed) return Promise.resolve();
    if (running) {
      // One poll at a time: a refresh during a poll runs one more poll after it (so it sees what changed since).
      queued ??= running.then(() => {
        queued = null;
        return run();
      });
      return queued;
    }
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    running = poll()
      .catch(() => undefined) // listDrives and recogniseCard do not throw; should anything else, keep the last list
      .finally(() => {
        running = null;
        if (!queued) schedule();
      });
    return running;
  }

  void run();

  return {
    current: () => [...drives],
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    refresh: run,
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await (queued ?? running ?? Promise.resolve());
    },
  };
}

/** Removable drives: where they mount, what is mounted, which volumes are recorder cards, and a polling watcher. */
export * from './types';
export { mountRoots } from './mount-roots';
export { listDrives, type ListDrivesOptions } from './list-drives';
export { recogniseCard, recogniseLimits, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_HEADERS } from './recognise-card';
export { watchDrives } from './watch-drives';

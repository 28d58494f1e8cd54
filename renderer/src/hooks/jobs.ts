/** The job board kept live: `jobs.list` on load and after each reconnect, `job.updated` / `job.finished` in between. */
import { useCallback, useMemo, useState } from 'react';
import type { JobView } from '../../../shared/contract';
import type { StationClient } from '../api';
import { mergeJobs, sortedJobs, type JobMap } from '../lib/jobs';
import { useEvent, useLoadOnConnect } from './station';

export interface Jobs {
  /** Newest first. */
  all: JobView[];
  upsert(job: JobView | null | undefined): void;
}

export function useJobs(api: StationClient): Jobs {
  const [map, setMap] = useState<JobMap>({});
  const upsert = useCallback((job: JobView | null | undefined) => {
    if (job) setMap((m) => mergeJobs(m, [job]));
  }, []);
  useLoadOnConnect(api, () => {
    api.call('jobs.list', {}).then(
      (list) => setMap((m) => mergeJobs(m, list)),
      () => {
        /* the connection banner says the station is unreachable */
      },
    );
  });
  useEvent(api, 'job.updated', upsert);
  useEvent(api, 'job.finished', upsert);
  const all = useMemo(() => sortedJobs(map), [map]);
  return { all, upsert };
}

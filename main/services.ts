/**
 * Composition root: builds every service from one config. The CLI, `soundroll serve` and the Electron shell all call
 * this and nothing else, so the three run the same code against the same catalog.
 */
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AnalysisScheduler } from './analysis';
import { Catalog, defaultCatalogPath } from './catalog';
import { startOffload, type OffloadJob, type OffloadRequest } from './offload/offload';
import { startVerify, type VerifyJob, type VerifyRequest } from './verify';
import { TOOL } from './version';

export interface ServicesConfig {
  catalogPath?: string;
  /** Where waveform peaks are cached (default: `peaks/` beside the catalog). */
  peaksDir?: string;
  /** Take analyses decoding at once (default 1: the copy keeps the other core). */
  analysisConcurrency?: number;
  /** Analyse each take behind its offload (default true; the CLI's --no-previews turns it off). */
  analyseAfterOffload?: boolean;
}

export interface Services {
  catalog: Catalog;
  tool: { name: string; version: string };
  /** Waveform peaks + QC per take, queued behind offloads or on demand. */
  analysis: AnalysisScheduler;
  offload(request: OffloadRequest): OffloadJob;
  verify(request: VerifyRequest): VerifyJob;
  /** Cancels running analyses, then closes the catalog. */
  close(): Promise<void>;
}

export function createServices(config: ServicesConfig = {}): Services {
  const catalogPath = config.catalogPath ?? defaultCatalogPath();
  const catalog = Catalog.open(catalogPath);
  const peaksDir = config.peaksDir ?? join(catalogPath === ':memory:' ? tmpdir() : dirname(catalogPath), 'peaks');
  const analysis = new AnalysisScheduler({ catalog, cacheDir: peaksDir, concurrency: config.analysisConcurrency });
  const followers = config.analyseAfterOffload === false ? undefined : analysis;
  return {
    catalog,
    tool: TOOL,
    analysis,
    offload: (request) => startOffload({ catalog, tool: TOOL, followers }, request),
    verify: (request) => startVerify({ catalog, tool: TOOL }, request),
    close: async () => {
      await analysis.close();
      catalog.close();
    },
  };
}

/**
 * Composition root: builds every service from one config. The CLI, `soundroll serve` and the Electron shell all call
 * this and nothing else, so the three run the same code against the same catalog.
 */
import { Catalog, defaultCatalogPath } from './catalog';
import { startOffload, type OffloadJob, type OffloadRequest } from './offload/offload';
import { startVerify, type VerifyJob, type VerifyRequest } from './verify';
import { TOOL } from './version';

export interface ServicesConfig {
  catalogPath?: string;
}

export interface Services {
  catalog: Catalog;
  tool: { name: string; version: string };
  offload(request: OffloadRequest): OffloadJob;
  verify(request: VerifyRequest): VerifyJob;
  close(): void;
}

export function createServices(config: ServicesConfig = {}): Services {
  const catalog = Catalog.open(config.catalogPath ?? defaultCatalogPath());
  return {
    catalog,
    tool: TOOL,
    offload: (request) => startOffload({ catalog, tool: TOOL }, request),
    verify: (request) => startVerify({ catalog, tool: TOOL }, request),
    close: () => catalog.close(),
  };
}

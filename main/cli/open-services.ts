import type { Services, ServicesConfig } from '../services';

/** How a command gets its services: the catalog from --catalog (or the default), plus command-specific options. */
export type OpenServices = (catalogPath?: string, options?: Omit<ServicesConfig, 'catalogPath'>) => Services;

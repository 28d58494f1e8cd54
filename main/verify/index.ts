/** Re-verify a folder against its ASC MHL histories. */
export { verifyFolder } from './verify-folder';
export * from './types';
export { startVerify, type VerifyDriveResult, type VerifyJob, type VerifyRequest, type CatalogSync } from './verify-drive';

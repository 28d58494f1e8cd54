/** Re-verify a folder against its ASC MHL histories. */
export { verifyFolder } from './verify-folder';
export * from './types';

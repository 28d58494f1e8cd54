/**
 * The renderer is its own TypeScript project (DOM lib, JSX) that the tests project does not reference, so a test
 * cannot `import` its files without tsc refusing them (TS6307). Its pure helpers are loaded at run time instead (ts-jest
 * transpiles them) and typed here by hand from the shared types: the tests still run the real code.
 */
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

export function loadRenderer<T>(relativePath: string): T {
  return require(join(root, 'renderer', 'src', relativePath)) as T;
}

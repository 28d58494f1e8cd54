/**
 * Jest runs the TypeScript sources through ts-jest in transpile-only mode: `tsc -b` type-checks before jest in
 * `npm test`, so jest only strips types (fast, and no native compiler package to install).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tests/tsconfig.jest.json' }] },
  testTimeout: 120000,
  // Integration tests write real files and real SQLite catalogs; two workers match the CI machine's cores.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
};

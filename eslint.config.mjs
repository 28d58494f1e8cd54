// Lint guards the layers (architecture.md): shared/ is pure, main/ outside main/electron/ never sees electron,
// the renderer never reaches into main/ or node. Loosening these rules to land a change is not allowed.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'stream', 'util', 'worker_threads', 'net', 'http', 'https', 'events', 'buffer', 'url', 'zlib'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '!eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: NODE_BUILTINS, message: 'shared/ is imported by the renderer: no Node built-ins.' },
          { group: ['electron', 'electron/*'], message: 'shared/ never imports electron.' },
          { group: ['react', 'react-dom', 'react/*', 'wavesurfer.js'], message: 'shared/ has no UI code.' },
          { group: ['**/main/**', '../main/*', '**/renderer/**', '../renderer/*'], message: 'shared/ depends on nothing of ours.' },
        ],
      }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', '@electron/*'], message: 'Only main/electron/ may import electron: the core must run as plain Node (CLI, serve, tests).' },
          { group: ['**/renderer/**', '../renderer/*', '../../renderer/*'], message: 'main/ never imports the renderer.' },
          { group: ['**/electron/*', './electron/*', '../electron/*'], message: 'The core does not depend on its Electron adapter.' },
        ],
      }],
    },
  },
  {
    files: ['main/electron/**/*.ts'],
    ignores: ['main/electron/open-external.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // One wrapper for the dangerous call (architecture.md): only https:/mailto: leave the app, checked in one place.
      'no-restricted-properties': ['error', { object: 'shell', property: 'openExternal', message: 'Use safeOpenExternal (main/electron/open-external.ts).' }],
    },
  },
  {
    files: ['main/electron/open-external.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/main/**', '../main/*', '../../main/*'], message: 'The renderer talks to the core only through the shared contract.' },
          { group: NODE_BUILTINS, message: 'The renderer runs in a sandbox: no Node built-ins.' },
          { group: ['electron', 'electron/*'], message: 'The renderer reaches Electron only through the preload bridge.' },
        ],
      }],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
);

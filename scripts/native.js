#!/usr/bin/env node
/**
 * better-sqlite3 is a native module: Electron needs it built for Electron's ABI, jest and the CLI for Node's. This
 * switches the one build in node_modules to the runtime about to start, and does nothing when it already fits:
 *   node scripts/native.js node       before the tests / CLI (npm test runs it)
 *   node scripts/native.js electron   before `electron .` (npm start runs it)
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const target = process.argv[2];
if (target !== 'node' && target !== 'electron') {
  console.error('usage: node scripts/native.js node|electron');
  process.exit(2);
}
const root = join(__dirname, '..');
const marker = join(root, 'node_modules', 'better-sqlite3', 'build', '.soundroll-runtime');
const current = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : 'node';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function loadsInNode() {
  const r = spawnSync(process.execPath, ['-e', "require('better-sqlite3')(':memory:').close()"], { cwd: root, stdio: 'ignore' });
  return r.status === 0;
}

if (target === 'node') {
  if (current === 'node' && loadsInNode()) process.exit(0);
  console.error('native: rebuilding better-sqlite3 for Node (it was built for Electron)');
  run('npm', ['rebuild', 'better-sqlite3']);
} else {
  if (current === 'electron') process.exit(0);
  console.error("native: rebuilding better-sqlite3 for Electron's ABI (electron-builder install-app-deps)");
  run('npx', ['electron-builder', 'install-app-deps']);
}
writeFileSync(marker, target + '\n');

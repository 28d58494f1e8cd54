// Bundles the renderer for both hosts (Electron's app:// window and `soundroll serve`): renderer/src/main.tsx →
// dist/app/app.js, plus index.html, the stylesheet (→ app.css) and the icons from assets/. Type-checking stays
// with `tsc -b` (renderer/tsconfig.json); esbuild only strips types and bundles. The bundle is React's production
// build (what the crew runs, and what the UI benchmark measures); NODE_ENV=development keeps React's dev checks.
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'app');
const production = process.env.NODE_ENV !== 'development';

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: ['renderer/src/main.tsx'],
  outfile: join(out, 'app.js'),
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  jsx: 'automatic',
  minify: production,
  sourcemap: 'linked',
  legalComments: production ? 'eof' : 'inline',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  logLevel: 'warning',
  metafile: true,
});

await copyFile(join(root, 'renderer', 'index.html'), join(out, 'index.html'));
await copyFile(join(root, 'renderer', 'src', 'styles.css'), join(out, 'app.css'));
const assets = join(root, 'assets');
for (const entry of await readdir(assets, { withFileTypes: true }).catch(() => [])) {
  if (entry.isFile() && /\.(svg|png|ico)$/i.test(entry.name)) await copyFile(join(assets, entry.name), join(out, entry.name));
}

const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
process.stdout.write(`renderer → ${out} (${(bytes / 1000).toFixed(0)} kB${production ? ', minified' : ''})` + '\n');

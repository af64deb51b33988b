#!/usr/bin/env node
// Builds the Electron main process (ESM) and the preload (CommonJS: a
// sandboxed preload cannot import modules, so it is bundled into one file)
// into kiosk/electron/dist, which electron-builder packs. Electron itself is
// provided at run time and stays external; there are no other runtime deps.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');
rmSync(outdir, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  external: ['electron'],
  sourcemap: false,
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: [join(root, 'src/main.ts')],
  format: 'esm',
  outfile: join(outdir, 'main.js'),
});
await build({
  ...common,
  entryPoints: [join(root, 'src/preload.ts')],
  format: 'cjs',
  outfile: join(outdir, 'preload.cjs'),
});
process.stdout.write(`built ${outdir}\n`);

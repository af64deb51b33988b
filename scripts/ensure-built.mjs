#!/usr/bin/env node
// Build the kiosk renderer (and Electron's main, where Electron's binary is
// installed) when the build is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const rendererIndex = join(root, 'kiosk/dist/renderer/index.html');
const sources = Math.max(newest(join(root, 'kiosk/renderer')), newest(join(root, 'shared/src')));
if (!existsSync(rendererIndex) || statSync(rendererIndex).mtimeMs < sources)
  run('npm', ['run', 'build', '--silent']);

if (electronBinary()) {
  run(join(root, 'node_modules/.bin/tsc'), [
    '-p',
    'kiosk/electron/tsconfig.json',
    '--noEmit',
    'false',
    '--allowImportingTsExtensions',
    'false',
    '--outDir',
    'kiosk/electron/dist',
  ]);
}

/** Path of Electron's binary, or null when it was not downloaded. */
export function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

#!/usr/bin/env node
// The one test command (README "Quick start"): build, lint, format check,
// type-check, then every Vitest suite (unit, device-over-pty, integration,
// end-to-end). It ends with one line `tests: N passed, N failed`, counting
// each static check as one test and every Vitest test, and exits non-zero on
// any failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules/.bin', name);
const extraArgs = process.argv.slice(2);

const checks = [
  { name: 'build kiosk renderer', cmd: 'npm', args: ['run', 'build', '--silent'] },
  { name: 'lint (eslint)', cmd: bin('eslint'), args: ['.', '--max-warnings=0'] },
  { name: 'format (prettier --check)', cmd: bin('prettier'), args: ['--check', '.', '--log-level=warn'] },
  { name: 'type-check node packages', cmd: bin('tsc'), args: ['-p', 'tsconfig.json', '--noEmit'] },
  {
    name: 'type-check kiosk renderer',
    cmd: bin('tsc'),
    args: ['-p', 'kiosk/renderer/tsconfig.json', '--noEmit'],
  },
  {
    name: 'type-check kiosk electron',
    cmd: bin('tsc'),
    args: ['-p', 'kiosk/electron/tsconfig.json', '--noEmit'],
  },
  {
    name: 'electron security scan (electronegativity)',
    cmd: process.execPath,
    args: ['kiosk/electron/scripts/security-scan.mjs'],
  },
];

let passed = 0;
let failed = 0;
const failures = [];

for (const check of checks) {
  const started = Date.now();
  process.stdout.write(`\n▶ ${check.name}\n`);
  const result = spawnSync(check.cmd, check.args, { cwd: root, stdio: 'inherit' });
  const ok = result.status === 0;
  process.stdout.write(`${ok ? '✔' : '✘'} ${check.name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  if (ok) passed++;
  else {
    failed++;
    failures.push(check.name);
  }
}

const reportDir = join(root, 'test-results');
mkdirSync(reportDir, { recursive: true });
const report = join(reportDir, 'vitest.json');
rmSync(report, { force: true });
process.stdout.write('\n▶ vitest (unit, devices over pty, integration, end-to-end, faults CI profile)\n');
const vitest = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs],
  {
    cwd: root,
    stdio: 'inherit',
    // The fault suite runs here with its CI profile; `npm run test:faults` runs the full counts.
    env: { YF_FUZZ_INPUTS: '20000', ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' },
  },
);
try {
  const summary = JSON.parse(readFileSync(report, 'utf8'));
  passed += summary.numPassedTests;
  failed += summary.numFailedTests;
  if (summary.numFailedTests > 0) failures.push(`${summary.numFailedTests} vitest test(s)`);
  // A suite that failed to load has no failed *tests*; count it so it cannot pass silently.
  const brokenSuites = summary.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  );
  failed += brokenSuites.length;
  for (const file of brokenSuites) failures.push(`suite failed to run: ${file.name}`);
} catch (error) {
  failed++;
  failures.push(`vitest produced no JSON report (${error.message})`);
}
if (vitest.status !== 0 && !failures.some((f) => f.includes('vitest') || f.startsWith('suite'))) {
  failed++;
  failures.push(`vitest exited with ${vitest.status ?? vitest.signal}`);
}

if (failures.length) process.stdout.write(`\nFailed: ${failures.join('; ')}\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);

#!/usr/bin/env node
// The fault suite (issue "Proof under stress"): the `faults` Vitest project
// (hostile MQTT and local-API input, codec fuzzing, clock steps, a vanishing
// serial port, SIGKILL during waste drops and time-bank operations) plus the
// heavy variants of the integration fault tests (SIGKILL rounds during card
// reads, broker restarts). Each run writes a JSON report; the script
// ends with one line `tests: N passed, N failed` and exits non-zero on any
// failure.
//
//   node scripts/run-faults.mjs               full counts (10^6 fuzz inputs per codec, 200 SIGKILL rounds
//                                             during card reads and 200 during waste drops and time-bank operations)
//   node scripts/run-faults.mjs --profile ci  small counts that fit in a few minutes
//   Extra arguments go to the `faults` run (e.g. a file filter).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitestBin = join(root, 'node_modules/.bin/vitest');

const PROFILES = {
  full: { YF_FUZZ_INPUTS: '1000000', YF_KILL_ROUNDS: '200', YF_FLOW_KILL_ROUNDS: '200' },
  ci: { YF_FUZZ_INPUTS: '20000', YF_KILL_ROUNDS: '50', YF_FLOW_KILL_ROUNDS: '20' },
};

const { profileName, forwarded } = parseArgs(process.argv.slice(2));
const profile = PROFILES[profileName];
if (!profile) {
  process.stderr.write(
    `unknown profile ${JSON.stringify(profileName)}; use one of: ${Object.keys(PROFILES).join(', ')}\n`,
  );
  process.exit(2);
}

const faultsSelector = ['--project', 'faults'];

const runs = [
  { name: 'faults', args: [...faultsSelector, ...forwarded], env: {} },
  {
    name: 'agent-sigkill-rounds',
    args: ['--project', 'integration', 'test/integration/agent-sigkill-rounds.test.ts'],
    env: {},
  },
  {
    name: 'uplink-broker-restarts',
    args: ['--project', 'integration', 'test/integration/uplink-broker-restarts.test.ts'],
    env: {},
  },
];

const reportDir = join(root, 'test-results');
mkdirSync(reportDir, { recursive: true });
let passed = 0;
let failed = 0;
const failures = [];

process.stdout.write(
  `fault suite, profile ${profileName}: ${Object.entries(profile)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ')}\n`,
);
for (const run of runs) {
  const report = join(reportDir, `faults-${run.name}.json`);
  rmSync(report, { force: true });
  const started = Date.now();
  process.stdout.write(`\n▶ ${run.name}\n`);
  const result = spawnSync(
    vitestBin,
    ['run', ...run.args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...profile, ...run.env, FORCE_COLOR: process.env.CI ? '0' : '1' },
    },
  );
  const counted = countReport(report, run.name);
  passed += counted.passed;
  failed += counted.failed;
  failures.push(...counted.failures);
  if (result.status !== 0 && counted.failed === 0) {
    failed++;
    failures.push(`${run.name}: vitest exited with ${result.status ?? result.signal}`);
  }
  process.stdout.write(
    `${result.status === 0 ? '✔' : '✘'} ${run.name}: ${counted.passed} passed, ${counted.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}

if (failures.length) process.stdout.write(`\nFailed: ${failures.join('; ')}\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);

function parseArgs(args) {
  let profileName = 'full';
  const forwarded = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--profile') profileName = args[++i] ?? '';
    else if (arg.startsWith('--profile=')) profileName = arg.slice('--profile='.length);
    else forwarded.push(arg);
  }
  return { profileName, forwarded };
}

/** Passed and failed tests of one JSON report; a suite that failed to load counts as a failure. */
function countReport(file, name) {
  if (!existsSync(file)) return { passed: 0, failed: 1, failures: [`${name}: no JSON report`] };
  try {
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    const broken = summary.testResults.filter(
      (suite) => suite.status === 'failed' && suite.assertionResults.length === 0,
    );
    const failures = [];
    if (summary.numFailedTests > 0) failures.push(`${name}: ${summary.numFailedTests} test(s) failed`);
    for (const suite of broken) failures.push(`${name}: suite failed to run: ${suite.name}`);
    return { passed: summary.numPassedTests, failed: summary.numFailedTests + broken.length, failures };
  } catch (error) {
    return { passed: 0, failed: 1, failures: [`${name}: unreadable JSON report (${error.message})`] };
  }
}

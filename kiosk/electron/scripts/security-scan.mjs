#!/usr/bin/env node
// Static security scan of the Electron shell with @doyensec/electronegativity.
// Scans the main/preload sources and the renderer's index.html (where the
// meta CSP lives) and fails when any finding is not in
// electronegativity-suppressions.json with a written reason, or when a
// suppression no longer matches anything (so the list cannot rot). A
// suppression is {check, file, message?, reason}: no line numbers, which move.
// The SARIF report goes to test-results/electronegativity.sarif.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const electronDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(electronDir, '../..');
const cli = join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');
const electronVersion = JSON.parse(
  readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'),
).version;
const suppressionsFile = join(electronDir, 'electronegativity-suppressions.json');
const report = join(root, 'test-results/electronegativity.sarif');
const MIN_REASON_LENGTH = 30;

// Stage what ships: sources without their tests (dist/ is a bundle of the same sources).
const stage = mkdtempSync(join(tmpdir(), 'yf-electronegativity-'));
try {
  cpSync(join(electronDir, 'src'), join(stage, 'electron/src'), {
    recursive: true,
    filter: (path) => !path.endsWith('.test.ts'),
  });
  mkdirSync(join(stage, 'renderer'), { recursive: true });
  cpSync(join(root, 'kiosk/renderer/index.html'), join(stage, 'renderer/index.html'));
  mkdirSync(dirname(report), { recursive: true });
  rmSync(report, { force: true });
  const run = spawnSync(
    process.execPath,
    [
      cli,
      '--input',
      stage,
      '--relative',
      '--electron-version',
      electronVersion,
      '--output',
      report,
      '--verbose',
      'false',
    ],
    // English messages, so a suppression's `message` matches whatever the machine's locale.
    { encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' } },
  );
  if (!existsSync(report)) {
    process.stderr.write(`electronegativity produced no report (exit ${run.status})\n${run.stderr}\n`);
    process.exit(1);
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}

const sarif = JSON.parse(readFileSync(report, 'utf8'));
const findings = sarif.runs.flatMap((run) =>
  run.results.map((result) => {
    const location = result.locations?.[0]?.physicalLocation;
    return {
      check: result.ruleId,
      file: location?.artifactLocation?.uri ?? 'N/A',
      line: location?.region?.startLine ?? 0,
      message: result.message?.text ?? '',
    };
  }),
);

const { suppressions } = JSON.parse(readFileSync(suppressionsFile, 'utf8'));
const problems = [];
for (const s of suppressions) {
  if (typeof s.reason !== 'string' || s.reason.trim().length < MIN_REASON_LENGTH) {
    problems.push(
      `suppression ${s.check} ${s.file}: needs a written reason (≥ ${MIN_REASON_LENGTH} characters)`,
    );
  }
}
const used = new Set();
for (const finding of findings) {
  // `message`, when given, narrows a suppression to one kind of finding of that check.
  const index = suppressions.findIndex(
    (s) =>
      s.check === finding.check &&
      s.file === finding.file &&
      (!s.message || finding.message.includes(s.message)),
  );
  const where = `${finding.check} at ${finding.file}:${finding.line} — ${finding.message}`;
  if (index === -1) problems.push(`unsuppressed finding: ${where}`);
  else {
    used.add(index);
    process.stdout.write(`suppressed: ${where}\n  reason: ${suppressions[index].reason}\n`);
  }
}
suppressions.forEach((s, index) => {
  if (!used.has(index)) problems.push(`stale suppression (matches no finding): ${s.check} ${s.file}`);
});

process.stdout.write(
  `electronegativity ${electronVersion}: ${findings.length} finding(s), report ${report}\n`,
);
if (problems.length) {
  for (const problem of problems) process.stderr.write(`✘ ${problem}\n`);
  process.exit(1);
}
process.stdout.write('✔ every finding is fixed or explained\n');

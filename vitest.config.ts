import { defineConfig } from 'vitest/config';

// Two projects: unit tests beside the code, and the cross-process suites in
// test/ (real brokers, ptys, browsers) which run one file at a time so they
// do not fight over this machine's two cores.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'shared/src/**/*.test.ts',
            'firmware-bridge/src/**/*.test.ts',
            'edge-agent/src/**/*.test.ts',
            'kiosk/**/src/**/*.test.ts',
            'test/central-sim/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', '**/*.pty.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'firmware-bridge/src/**/*.pty.test.ts',
            'test/integration/**/*.test.ts',
            'test/e2e/**/*.test.ts',
          ],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});

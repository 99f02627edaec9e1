import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // Two files at once even on a 2-core machine (Vitest's default there is one): most node files wait on
    // fsync, child processes and the S3 server rather than compute, so a second fork overlaps the waiting.
    // Set here for both projects (Vitest refuses projects in one group with different maxWorkers).
    maxWorkers: 2,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'test/**/*.test.ts'],
          // Every test makes its own library folder under the OS temp dir; files run in parallel forks.
          pool: 'forks',
          // Stops the single-node Ceph again if the S3 tests (electron/storage/remote) started it in this run.
          globalSetup: ['electron/storage/remote/test-support/ceph-global-setup.ts'],
          // Empties the bucket prefixes a file's S3 tests wrote under, after its tests.
          setupFiles: ['electron/storage/remote/test-support/bucket-cleanup.setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          // The UI's stores and components in a DOM of their own (happy-dom), over a fake host bridge.
          name: 'renderer',
          include: ['renderer/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['renderer/src/test-support/setup.ts'],
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Every test makes its own library folder under the OS temp dir; files run in parallel forks.
    pool: 'forks',
    // Stops the single-node Ceph again if the S3 tests (electron/storage/remote) started it in this run.
    globalSetup: ['electron/storage/remote/test-support/ceph-global-setup.ts'],
  },
});

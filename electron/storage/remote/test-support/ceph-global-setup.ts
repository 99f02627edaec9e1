/**
 * vitest global setup: no server is started here (most test runs never touch S3). The S3 tests start
 * the project's Ceph when they first need it and note that this run did (s3-server.ts); the teardown
 * then stops it again, so a test run leaves no daemons behind. A Ceph that was already running (a
 * developer's, or one .ci/run started) is left as it was.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CEPH_DIR, CEPH_SCRIPT } from './s3-server.js';

export function setup(): () => void {
  const owner = `vitest-${process.pid}-${Date.now()}`;
  process.env.REELVAULT_CEPH_OWNER = owner;
  return () => {
    const marker = path.join(CEPH_DIR, 'started-by');
    let by = '';
    try { by = readFileSync(marker, 'utf8').trim(); } catch { return; }
    if (by !== owner) return;
    spawnSync('bash', [CEPH_SCRIPT, 'stop'], { stdio: 'ignore', timeout: 120_000, env: { ...process.env, REELVAULT_CEPH_DIR: CEPH_DIR } });
    rmSync(marker, { force: true });
  };
}

/**
 * Grid posters for the UI cases' libraries. The search fixture's assets are blob rows without files,
 * so media work finds nothing and no tile has a poster; here a pool of real poster-sized JPEGs is
 * stored as blobs (fsynced files, as media work stores them) and every asset gets a finished media
 * record pointing at one of them (`seq % pool`), as a library looks once its media work has run.
 * The records are written by SQL in one transaction: saving 1,000,000 results one by one through the
 * media store would take longer than the cases it feeds. The codec trigger (migration 14) runs for
 * each row as it would for a real probe.
 */
import { maintainSnapshots, openStorage } from '../electron/storage/index.js';
import { makeThumbs } from './cases/media-cases.js';

export async function seedPosters(dir: string, pool: number): Promise<{ posters: number; records: number }> {
  const lib = openStorage({ provider: 'filesystem', dir, sweepIntervalMs: 3_600_000, snapshotCheckMs: 3_600_000 });
  try {
    const thumbs = await makeThumbs(pool);
    const shas: string[] = [];
    for (const t of thumbs) shas.push((await lib.ctx.blobs.putBuffer(t)).sha256);
    if (new Set(shas).size !== pool) throw new Error('posters are not all distinct');
    const db = lib.ctx.db;
    const now = new Date().toISOString();
    let records = 0;
    db.transaction(() => {
      const blob = db.prepare('INSERT OR IGNORE INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)');
      thumbs.forEach((t, k) => blob.run(shas[k], t.length, now));
      db.exec('CREATE TEMP TABLE IF NOT EXISTS bench_posters (k INTEGER PRIMARY KEY, sha256 TEXT NOT NULL); DELETE FROM temp.bench_posters');
      const add = db.prepare('INSERT INTO temp.bench_posters (k, sha256) VALUES (?, ?)');
      shas.forEach((s, k) => add.run(k, s));
      records = db
        .prepare(
          `INSERT OR REPLACE INTO media_info (sha256, state, poster_grid, updated_at)
           SELECT a.sha256, 'done', p.sha256, @now FROM assets a JOIN temp.bench_posters p ON p.k = a.seq % @pool`,
        )
        .run({ now, pool }).changes;
      db.exec('DROP TABLE temp.bench_posters');
    })();
    // The records' journal rows (1,000,000) snapshotted now, as fill() does, not by a serve mid-case.
    maintainSnapshots(db, dir, { force: true });
    return { posters: pool, records };
  } finally {
    lib.close();
  }
}

import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { JobRecord, JobStore } from '../job-types.js';

/**
 * A JobStore in one JSON file, for the job queue's persistence tests (the app's store is the library's
 * jobs table). Every change
 * rewrites the file through a temp file + fsync + rename, so a crash leaves the old or the new
 * list, never half of one. Writes are serialised so the last state always lands last.
 */
export class JsonJobStore implements JobStore {
  private loading: Promise<Map<string, JobRecord>> | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** Read once and shared, so calls racing before the first read all mutate the same map. */
  private load(): Promise<Map<string, JobRecord>> {
    this.loading ??= this.read();
    return this.loading;
  }

  private async read(): Promise<Map<string, JobRecord>> {
    let text: string | undefined;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const list = text ? ((JSON.parse(text) as { jobs?: JobRecord[] }).jobs ?? []) : [];
    return new Map(list.map((j) => [j.id, j]));
  }

  private write(): Promise<void> {
    const next = this.chain.then(async () => {
      const jobs = await this.load();
      const dir = path.dirname(this.file);
      await fsp.mkdir(dir, { recursive: true });
      const tmp = path.join(dir, `.${path.basename(this.file)}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        const fh = await fsp.open(tmp, 'w');
        try {
          await fh.writeFile(JSON.stringify({ version: 1, jobs: [...jobs.values()] }, null, 1));
          await fh.sync();
        } finally {
          await fh.close();
        }
        await fsp.rename(tmp, this.file);
      } finally {
        await fsp.rm(tmp, { force: true }).catch(() => undefined);
      }
    });
    // A failed write must not wedge every later one; the caller still sees this failure.
    this.chain = next.catch(() => undefined);
    return next;
  }

  async save(job: JobRecord): Promise<void> {
    (await this.load()).set(job.id, structuredClone(job));
    return this.write();
  }

  async remove(id: string): Promise<void> {
    if ((await this.load()).delete(id)) return this.write();
  }

  async loadPending(): Promise<JobRecord[]> {
    const jobs = await this.load();
    return [...jobs.values()].filter((j) => j.state === 'queued' || j.state === 'running').map((j) => structuredClone(j));
  }
}

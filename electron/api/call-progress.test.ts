/**
 * A call's progress through the one dispatch gate (what the MCP server turns into notifications):
 * the first checkpoint of a large tree says how many files it has looked at and read as it goes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CallProgress } from './dispatch.js';
import { createApi } from './index.js';
import { alice, tempLibrary } from '../storage/test-support/fixtures.js';

describe('call progress through dispatch', () => {
  let t: ReturnType<typeof tempLibrary> | null = null;
  afterEach(() => t?.cleanup());

  it('checkpoints.create of a big tree reports files looked at and read, only ever rising', async () => {
    t = tempLibrary();
    const api = createApi({ storage: t.lib, host: 'mcp', libraryDir: t.dir, actor: alice });
    try {
      const created = await api.dispatch('projects.create', { name: 'Big tree' });
      if (!created.ok) throw new Error(created.error.message);
      const project = created.value as { id: string; namespace: { workspacePath: string } };
      const ws = project.namespace.workspacePath;
      for (let d = 0; d < 40; d++) {
        mkdirSync(path.join(ws, `dir${d}`), { recursive: true });
        for (let f = 0; f < 100; f++) writeFileSync(path.join(ws, `dir${d}`, `f${f}.txt`), `file ${d}/${f} `.repeat(200));
      }
      const seen: CallProgress[] = [];
      const started = Date.now();
      const r = await api.dispatch('checkpoints.create', { projectId: project.id, name: 'first' }, { onProgress: (p) => seen.push(p) });
      const ms = Date.now() - started;
      expect(r.ok, JSON.stringify(r)).toBe(true);
      expect((r as { value: { fileCount: number } }).value.fileCount).toBe(4000);
      // At most every 100 ms: a scan of ms milliseconds says about ms/100 things, and at least one when it took longer than that.
      expect(seen.length).toBeGreaterThanOrEqual(1);
      expect(seen.length).toBeLessThanOrEqual(Math.ceil(ms / 100) + 1);
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.progress).toBeGreaterThan(seen[i - 1]!.progress);
      for (const p of seen) {
        expect(p.total).toBeNull();
        expect(p.message).toMatch(/^Checked \d+ files, read \d+ new or changed \(/);
      }
      console.log(`checkpoint of 4000 files: ${ms} ms, ${seen.length} progress reports`);
    } finally {
      api.close();
    }
  });
});

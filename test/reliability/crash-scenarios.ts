/**
 * The operations the crash harness kills mid-way, each with the state it starts from and what must
 * hold after any kill: every item wholly old or wholly new, and nothing acknowledged lost.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Storage } from '../../electron/storage/index.js';
import type { Actor } from '../../shared/models.js';
import { ReelvaultError } from '../../shared/errors.js';

export const actor: Actor = { userId: 'crash', sessionId: 'crash' };
export type Ack = Record<string, string | number | null>;
export type State = Record<string, unknown>;

export interface Scenario {
  op: string;
  setup(lib: Storage, dataDir: string): Promise<State>;
  check(lib: Storage, state: State, acks: Ack[]): Promise<void>;
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function fail(message: string): never {
  throw new Error(message);
}

/** path → sha256 of every file under root (folders listed with null). */
export function treeOf(root: string): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(abs).isDirectory()) {
        out.set(r, null);
        walk(abs, r);
      } else out.set(r, sha(readFileSync(abs)));
    }
  };
  if (existsSync(root)) walk(root, '');
  return out;
}

function sameTree(a: Map<string, string | null>, b: Record<string, string | null>): boolean {
  const keys = Object.keys(b);
  return a.size === keys.length && keys.every((k) => a.has(k) && a.get(k) === b[k]);
}

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

/** Ages files so the stat cache's racily-clean window does not apply (ctime moves now: wait it out too). */
async function age(root: string): Promise<void> {
  const past = new Date(Date.now() - 120_000);
  for (const [rel, h] of treeOf(root)) if (h !== null) utimesSync(path.join(root, rel), past, past);
  await new Promise((r) => setTimeout(r, 150));
}

const asObj = (m: Map<string, string | null>) => Object.fromEntries(m);

export const scenarios: Scenario[] = [
  {
    op: 'import',
    async setup(lib, data) {
      const existing = path.join(data, 'existing.bin');
      writeFileSync(existing, 'already in the library');
      await lib.assets.importPaths(actor, [existing]);
      // huge.bin is past the blob store's small-file size: the kernel copies it while it is hashed.
      const files = ['a.bin', 'b.bin', 'dup.bin', 'big.bin', 'huge.bin'].map((n) => path.join(data, n));
      writeFileSync(files[0]!, 'first file');
      writeFileSync(files[1]!, Buffer.alloc(70_000, 7));
      writeFileSync(files[2]!, 'already in the library');
      writeFileSync(files[3]!, Buffer.alloc(3 << 20, 3));
      writeFileSync(files[4]!, Buffer.alloc(6 << 20, 4));
      return { files };
    },
    async check(lib, _state, acks) {
      for (const a of acks) {
        const got = lib.assets.get(actor, String(a.asset));
        if (got.sha256 !== a.sha256) fail(`acked asset ${a.asset} has other content`);
      }
      const n = lib.assets.search(actor, { limit: 100 }).items.length;
      if (n < 1 || n > 5) fail(`asset count ${n} is neither old nor new`);
    },
  },
  {
    op: 'checkpoint',
    async setup(lib, _data) {
      const p = await lib.projects.create(actor, { name: 'ckp' });
      const root = p.namespace.workspacePath;
      write(root, { 'src/a.ts': 'a', 'src/b.ts': 'b', 'notes.md': 'notes', 'data/big.bin': 'x'.repeat(200_000) });
      mkdirSync(path.join(root, 'public/empty'), { recursive: true });
      await age(root);
      await lib.checkpoints.create(actor, p.id, { name: 'before' });
      write(root, { 'src/a.ts': 'a changed', 'src/new.ts': 'new file', 'data/big.bin': 'y'.repeat(200_001) });
      return { projectId: p.id, expected: asObj(treeOf(root)) };
    },
    async check(lib, state, acks) {
      const list = lib.checkpoints.list(actor, String(state.projectId));
      if (list.length < 1 || list.length > 2) fail(`checkpoint count ${list.length}`);
      if (acks.length && list.length !== 2) fail('acked checkpoint is missing');
      if (list.length === 2) {
        const got = new Map(lib.checkpoints.get(actor, list[1]!.id).entries.map((e) => [e.path, e.sha256]));
        if (!sameTree(got, state.expected as Record<string, string | null>)) fail('the new checkpoint is not the whole new tree');
      }
    },
  },
  {
    op: 'restore',
    async setup(lib, _data) {
      const p = await lib.projects.create(actor, { name: 'restore' });
      const root = p.namespace.workspacePath;
      write(root, { 'a.txt': 'A1', 'b.txt': 'B1', 'sub/c.txt': 'C1', 'gone-later.txt': 'G' });
      mkdirSync(path.join(root, 'empty'));
      const a = await lib.checkpoints.create(actor, p.id, { name: 'A' });
      const treeA = asObj(treeOf(root));
      write(root, { 'a.txt': 'A2 unsaved', 'added.txt': 'new, unsaved', 'sub/c.txt': 'C2' });
      await lib.files.delete(actor, p.id, 'gone-later.txt');
      await lib.files.delete(actor, p.id, 'empty');
      return { projectId: p.id, checkpointId: a.id, treeA, treeB: asObj(treeOf(root)) };
    },
    async check(lib, state, acks) {
      const A = state.treeA as Record<string, string | null>;
      const B = state.treeB as Record<string, string | null>;
      const now = treeOf(path.join(lib.ctx.dirs.workspaces, String(state.projectId)));
      for (const [p, h] of now) {
        if (!(p in A && A[p] === h) && !(p in B && B[p] === h)) fail(`${p} is neither its old nor its new content`);
      }
      if (acks.length && !sameTree(now, A)) fail('acked restore did not leave the checkpoint state');
      // The unsaved state B must survive: in the workspace, or in a checkpoint.
      if (!sameTree(now, B)) {
        const saved = lib.checkpoints.list(actor, String(state.projectId)).some((c) => {
          const t = new Map(lib.checkpoints.get(actor, c.id).entries.map((e) => [e.path, e.sha256]));
          return sameTree(t, B);
        });
        if (!saved) fail('the unsaved state before the restore was lost');
      }
    },
  },
  {
    op: 'render',
    async setup(lib, data) {
      const p = await lib.projects.create(actor, { name: 'render' });
      write(p.namespace.workspacePath, { 'src/scene.tsx': 'scene' });
      const video = path.join(data, 'render.mp4');
      writeFileSync(video, Buffer.alloc(2 << 20, 5));
      return { projectId: p.id, video };
    },
    async check(lib, state, acks) {
      const list = lib.renders.list(actor, String(state.projectId));
      if (list.length > 1) fail('more than one render');
      if (acks.length && list.length !== 1) fail('acked render is missing');
      for (const r of list) lib.checkpoints.get(actor, r.checkpointId);
    },
  },
  {
    op: 'delete',
    async setup(lib, _data) {
      const p = await lib.projects.create(actor, { name: 'delete' });
      write(p.namespace.workspacePath, { 'a.txt': 'a', 'b/c.txt': 'c' });
      await lib.checkpoints.create(actor, p.id, { name: 'v1' });
      return { projectId: p.id };
    },
    async check(lib, state, acks) {
      const id = String(state.projectId);
      const row = lib.ctx.db.prepare('SELECT deleted_at FROM projects WHERE id = ?').get(id) as { deleted_at: string | null } | undefined;
      if (acks.some((a) => a.trashed) && row && row.deleted_at === null) fail('acked delete did not move the project to the trash');
      if (acks.some((a) => a.emptied) && row) fail('acked empty left the project');
      if (row && !existsSync(path.join(lib.ctx.dirs.workspaces, id, 'b', 'c.txt'))) fail('a project that still exists lost its files');
    },
  },
  {
    // The owner of a manifest two later checkpoints share (an unchanged tree) is deleted: its rows move
    // to a sharer in the delete's transaction, so every surviving checkpoint still has the whole tree.
    op: 'delete-checkpoint',
    async setup(lib, _data) {
      const p = await lib.projects.create(actor, { name: 'shared' });
      const root = p.namespace.workspacePath;
      write(root, { 'src/a.ts': 'a', 'src/b.ts': 'b', 'data/big.bin': 'x'.repeat(50_000) });
      mkdirSync(path.join(root, 'public/empty'), { recursive: true });
      await age(root);
      const owner = await lib.checkpoints.create(actor, p.id, { name: 'owner' });
      await lib.checkpoints.create(actor, p.id, { name: 'sharer 1' });
      await lib.checkpoints.create(actor, p.id, { name: 'sharer 2' });
      return { projectId: p.id, checkpointId: owner.id, expected: asObj(treeOf(root)) };
    },
    async check(lib, state, acks) {
      const list = lib.checkpoints.list(actor, String(state.projectId));
      const ownerLeft = list.some((c) => c.id === state.checkpointId);
      if (list.length !== (ownerLeft ? 3 : 2)) fail(`checkpoint count ${list.length}`);
      if (acks.length && ownerLeft) fail('acked delete left the checkpoint');
      for (const c of list) {
        const got = new Map(lib.checkpoints.get(actor, c.id).entries.map((e) => [e.path, e.sha256]));
        if (!sameTree(got, state.expected as Record<string, string | null>)) fail(`checkpoint ${c.name} lost its manifest`);
      }
      const bad = (await lib.verify()).problems.filter((p) => p.kind !== 'stray-file');
      if (bad.length) fail(`verify: ${bad.map((p) => `${p.item}: ${p.detail}`).join('; ')}`);
    },
  },
  {
    op: 'gc',
    async setup(lib, data) {
      const files = ['keep1', 'keep2', 'drop1', 'drop2'].map((n) => {
        const f = path.join(data, n);
        writeFileSync(f, `${n} ${'z'.repeat(n.length * 1000)}`);
        return f;
      });
      const s = await lib.assets.importPaths(actor, files);
      const ids = s.items.map((i) => i.asset!.id);
      lib.assets.delete(actor, ids.slice(2));
      await lib.trash.empty(actor);
      return { keep: ids.slice(0, 2) };
    },
    async check(lib, state) {
      for (const id of state.keep as string[]) lib.assets.get(actor, id);
    },
  },
];

/** Runs a scenario's operation in this process (the fault suite), acknowledging as the child does. */
export async function perform(lib: Storage, op: string, state: State, ack: (a: Ack) => void): Promise<void> {
  switch (op) {
    case 'import':
      for (const f of state.files as string[]) {
        const s = await lib.assets.importPaths(actor, [f]);
        const item = s.items[0]!;
        if (item.status === 'failed') throw new ReelvaultError(item.errorCode ?? 'INTERNAL', item.error ?? 'import failed');
        ack({ asset: item.asset!.id, sha256: item.asset!.sha256 });
      }
      return;
    case 'checkpoint':
      ack({ checkpoint: (await lib.checkpoints.create(actor, String(state.projectId), { name: 'fault test' })).id });
      return;
    case 'restore': {
      const r = await lib.checkpoints.restore(actor, String(state.checkpointId));
      ack({ restored: r.checkpoint.id, safety: r.safety?.id ?? null });
      return;
    }
    case 'render':
      ack({ render: (await lib.renders.store(actor, String(state.projectId), { path: String(state.video) }, { resolution: '320x240', fps: 25 })).id });
      return;
    case 'delete':
      lib.projects.delete(actor, String(state.projectId));
      ack({ trashed: String(state.projectId) });
      await lib.trash.empty(actor);
      ack({ emptied: String(state.projectId) });
      return;
    case 'delete-checkpoint':
      lib.checkpoints.delete(actor, String(state.checkpointId));
      ack({ deleted: String(state.checkpointId) });
      return;
    case 'gc':
      ack({ gc: (await lib.gc({ graceMs: 0 })).removedBlobs });
      return;
    default:
      throw new Error(`unknown op ${op}`);
  }
}

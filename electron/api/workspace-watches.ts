import type { Actor } from '../../shared/models.js';
import { type Storage, WorkspaceWatcher, attachWatcher, detachWatcher, type DirtyPaths } from '../storage/index.js';
import type { EventHub } from './events.js';

/** Workspaces watched at once; opening another stops watching the one looked at longest ago. */
export const MAX_WATCHED = 4;
/** How many changed paths one library.changed event names (a burst beyond that says only "files"). */
const PATHS_PER_EVENT = 200;

/**
 * The workspaces a host watches on the UI's behalf (files.watch): edits made on disk by an editor,
 * a terminal or Remotion arrive as library.changed {kind:'files'}, so the Files tab, the open file
 * and the timeline's "unsaved changes" follow them. Each watcher also keeps its dirty set of paths
 * (dirtyPaths), for a checkpoint that stats only what changed.
 */
export class WorkspaceWatches {
  /** Most recently asked last. */
  private readonly watched = new Map<string, Promise<WorkspaceWatcher | null>>();
  private closed = false;

  constructor(private readonly storage: Storage, private readonly actor: Actor, private readonly events: EventHub) {}

  /** Starts watching a project's workspace (visibility checked as for any read); answers its folder. */
  async watch(projectId: string): Promise<{ watching: boolean; path: string }> {
    const project = this.storage.projects.get(this.actor, projectId);
    const root = project.namespace.workspacePath;
    let pending = this.watched.get(projectId);
    if (pending) {
      const w = await pending;
      if (w?.watching && w.root === root) {
        // Touch: most recently asked moves last.
        this.watched.delete(projectId);
        this.watched.set(projectId, pending);
        return { watching: true, path: root };
      }
      this.watched.delete(projectId);
      if (w) detachWatcher(this.storage.ctx, projectId, w);
      void w?.close();
    }
    if (this.closed) return { watching: false, path: root };
    pending = WorkspaceWatcher.start(root, {
      onChange: (paths) => {
        this.events.emit('library.changed', paths.length <= PATHS_PER_EVENT ? { kind: 'files', id: projectId, paths } : { kind: 'files', id: projectId });
      },
      onError: () => {
        this.watched.delete(projectId);
        void pending?.then((x) => x && detachWatcher(this.storage.ctx, projectId, x));
        // The folder went away or the OS gave up: whatever shows it should re-list.
        this.events.emit('library.changed', { kind: 'files', id: projectId });
      },
    }).catch(() => null);
    this.watched.set(projectId, pending);
    while (this.watched.size > MAX_WATCHED) {
      const [oldest, w] = this.watched.entries().next().value as [string, Promise<WorkspaceWatcher | null>];
      this.watched.delete(oldest);
      void w.then((x) => {
        if (x) detachWatcher(this.storage.ctx, oldest, x);
        return x?.close();
      });
    }
    const w = await pending;
    if (!w) this.watched.delete(projectId);
    // Checkpoints of this workspace may now stat only what it reports changed (tree-scan.ts).
    else if (this.watched.get(projectId) === pending) attachWatcher(this.storage.ctx, projectId, w);
    return { watching: !!w, path: root };
  }

  /** The project ids watched now, oldest first. */
  list(): string[] {
    return [...this.watched.keys()];
  }

  /**
   * What changed in a watched workspace since the last take (see WorkspaceWatcher.takeDirty); an
   * unwatched one answers incomplete, so the caller stats everything.
   */
  async takeDirty(projectId: string): Promise<DirtyPaths> {
    const w = await this.watched.get(projectId);
    return w ? w.takeDirty() : { complete: false, paths: [] };
  }

  async peekDirty(projectId: string): Promise<DirtyPaths> {
    const w = await this.watched.get(projectId);
    return w ? w.peekDirty() : { complete: false, paths: [] };
  }

  async restoreDirty(projectId: string, taken: DirtyPaths): Promise<void> {
    (await this.watched.get(projectId))?.restoreDirty(taken);
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.watched.entries()];
    this.watched.clear();
    await Promise.all(all.map(([id, p]) => p.then((w) => {
      if (w) detachWatcher(this.storage.ctx, id, w);
      return w?.close();
    })));
  }
}

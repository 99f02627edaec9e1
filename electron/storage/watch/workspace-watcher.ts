import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import watcher, { type AsyncSubscription, type Event } from '@parcel/watcher';

/**
 * Folders that churn (package installs, VCS, build caches) and the library's own temp files: the
 * native watcher never descends into them, so `npm install` in a workspace costs no inotify watches
 * and floods no events. Checkpoints leave all of these out anyway (ignore-rules.ts).
 */
export const WATCH_IGNORES = ['node_modules', '.git', '.hg', '.svn', '.cache', '.turbo', '.next', '.parcel-cache', '.vite', '.remotion', '**/node_modules', '**/.git', '**/.rv-*.tmp'];

/** Past this many changed paths the set stops naming them: a later checkpoint stats everything. */
export const DIRTY_LIMIT = 50_000;

/**
 * What changed under the workspace since the last take. `complete: false` means the watcher cannot
 * vouch for the list (it started after the last checkpoint, overflowed, or the OS dropped events),
 * so a caller must fall back to a full stat walk.
 */
export interface DirtyPaths {
  complete: boolean;
  /** Relative to the workspace root, forward slashes; a folder's path covers what is under it. */
  paths: string[];
}

/**
 * The barrier file a checkpoint writes at the workspace root and waits to see reported (git's
 * fsmonitor "cookie"): inotify reports a folder's events in order, so once the watcher has passed
 * it on, every change made before it is in the dirty set. It is never a dirty path, and scans skip it.
 */
export const COOKIE_NAME = /^\.reelvault-sync-[0-9a-f]{16}$/;
/** How long a checkpoint waits for its cookie before it stats everything instead. */
export const COOKIE_TIMEOUT_MS = 2_000;

export interface WorkspaceWatcherOptions {
  /** One batch of changes (the native watcher coalesces bursts); relative paths. */
  onChange(paths: string[]): void;
  /** The watcher broke (the folder went away, the OS refused): it is closed and the dirty set is incomplete. */
  onError?(err: Error): void;
}

/**
 * Watches one workspace folder (with @parcel/watcher, what VS Code uses: inotify, FSEvents,
 * ReadDirectoryChangesW) and keeps the set of paths changed since the last `takeDirty`, so a
 * checkpoint can stat only what the watcher saw change (DESIGN rule 6).
 */
export class WorkspaceWatcher {
  private sub: AsyncSubscription | null = null;
  private dirty = new Set<string>();
  /** Nothing is known about changes before the watcher started. */
  private complete = false;
  private closed = false;
  private takes = 0;
  private readonly cookies = new Map<string, () => void>();

  private constructor(readonly root: string, private readonly opts: WorkspaceWatcherOptions) {}

  /** Resolves once the OS watch is in place: a change made after this is seen. */
  static async start(root: string, opts: WorkspaceWatcherOptions): Promise<WorkspaceWatcher> {
    const w = new WorkspaceWatcher(root, opts);
    w.sub = await watcher.subscribe(root, (err, events) => w.handle(err, events), { ignore: WATCH_IGNORES });
    return w;
  }

  /** How many times the dirty set was taken: a caller that took it can tell whether anyone else took it since. */
  get takeCount(): number {
    return this.takes;
  }

  get watching(): boolean {
    return !this.closed;
  }

  /**
   * Hands over the changed paths and starts a new set. A caller that then fails (a checkpoint that
   * did not commit) gives them back with `restoreDirty`, so nothing is lost.
   */
  takeDirty(): DirtyPaths {
    const out: DirtyPaths = { complete: this.complete && !this.closed, paths: [...this.dirty].sort() };
    this.takes++;
    this.dirty = new Set();
    // From now on every change is seen (as long as the watch holds).
    this.complete = !this.closed;
    return out;
  }

  /** What takeDirty would answer, without resetting. */
  peekDirty(): DirtyPaths {
    return { complete: this.complete && !this.closed, paths: [...this.dirty].sort() };
  }

  /**
   * Resolves true once every change made before the call is in the dirty set (a cookie file written
   * at the root and seen come back); false when that cannot be vouched for (no event in time, the
   * watch broke, the cookie could not be written), and the caller stats everything.
   */
  async flush(timeoutMs = COOKIE_TIMEOUT_MS): Promise<boolean> {
    if (this.closed) return false;
    const name = `.reelvault-sync-${randomBytes(8).toString('hex')}`;
    const abs = path.join(this.root, name);
    let timer: NodeJS.Timeout | undefined;
    const seen = new Promise<boolean>((resolve) => {
      this.cookies.set(name, () => resolve(true));
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      await fsp.writeFile(abs, '', { flag: 'wx' });
      const ok = await seen;
      return ok && !this.closed;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
      this.cookies.delete(name);
      await fsp.rm(abs, { force: true }).catch(() => undefined);
    }
  }

  restoreDirty(taken: DirtyPaths): void {
    if (!taken.complete) this.complete = false;
    for (const p of taken.paths) this.add(p);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.complete = false;
    const sub = this.sub;
    this.sub = null;
    await sub?.unsubscribe().catch(() => undefined);
  }

  private add(rel: string): void {
    if (this.dirty.size >= DIRTY_LIMIT) {
      this.complete = false;
      return;
    }
    this.dirty.add(rel);
  }

  private handle(err: Error | null, events: Event[]): void {
    if (this.closed) return;
    if (err) {
      // Events may have been dropped: the set can no longer be trusted, and the UI should re-list.
      this.complete = false;
      void this.close();
      this.opts.onError?.(err);
      return;
    }
    const changed: string[] = [];
    for (const e of events) {
      const rel = path.relative(this.root, e.path).split(path.sep).join('/');
      // The root itself (or something outside it, which the OS should never report).
      if (rel === '' || rel.startsWith('../')) continue;
      if (COOKIE_NAME.test(rel)) {
        this.cookies.get(rel)?.();
        continue;
      }
      this.add(rel);
      changed.push(rel);
    }
    if (changed.length > 0) this.opts.onChange(changed);
  }
}

/**
 * The watchers a host keeps on its projects' workspaces, by open library and project, so a
 * checkpoint can ask one for its dirty set (tree-scan.ts). The host attaches a watcher once it is
 * live and detaches it when it stops; a checkpoint without one stats every file.
 */
const attached = new WeakMap<object, Map<string, WorkspaceWatcher>>();

export function attachWatcher(ctx: object, projectId: string, w: WorkspaceWatcher): void {
  (attached.get(ctx) ?? attached.set(ctx, new Map()).get(ctx)!).set(projectId, w);
}

export function detachWatcher(ctx: object, projectId: string, w?: WorkspaceWatcher): void {
  const m = attached.get(ctx);
  if (m && (!w || m.get(projectId) === w)) m.delete(projectId);
}

export function attachedWatcher(ctx: object, projectId: string): WorkspaceWatcher | undefined {
  const w = attached.get(ctx)?.get(projectId);
  return w?.watching ? w : undefined;
}

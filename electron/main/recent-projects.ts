/**
 * The projects opened last, newest first, kept in <userData>/recent-projects.json: the File menu's
 * Open Recent, the Windows jump list and the macOS dock menu are built from it. Plain Node.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface RecentProject {
  id: string;
  name: string;
  workspacePath: string;
  openedAt: string;
}

export class RecentProjects {
  constructor(
    private readonly file: string,
    private readonly max = 10,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): RecentProject[] {
    try {
      const raw = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (!Array.isArray(raw)) return [];
      return raw
        .filter((r): r is RecentProject => !!r && typeof r === 'object' && ['id', 'name', 'workspacePath', 'openedAt'].every((k) => typeof (r as Record<string, unknown>)[k] === 'string'))
        .slice(0, this.max);
    } catch {
      return [];
    }
  }

  /** Moves (or adds) the project to the front; answers the new list. */
  note(p: Omit<RecentProject, 'openedAt'>): RecentProject[] {
    const next = [{ ...p, openedAt: this.now().toISOString() }, ...this.list().filter((r) => r.id !== p.id)].slice(0, this.max);
    this.save(next);
    return next;
  }

  /** Drops a project that is gone (trashed, expired); answers the new list. */
  remove(id: string): RecentProject[] {
    const next = this.list().filter((r) => r.id !== id);
    this.save(next);
    return next;
  }

  private save(list: RecentProject[]): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(list, null, 2));
    renameSync(tmp, this.file);
  }
}

/** `--open-project=<id>` on a command line (a jump-list task, a second instance started by the OS). */
export function projectFromArgv(argv: readonly string[]): string | null {
  for (const a of argv) {
    const m = /^--open-project=(prj_[0-9a-z]{1,64})$/.exec(a);
    if (m) return m[1] ?? null;
  }
  return null;
}

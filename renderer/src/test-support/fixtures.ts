import type { Project } from '../../../shared/models';

/** A project as the host answers it; `over` changes what a test is about. */
export function project(over: Partial<Project> & { id: string; name: string }): Project {
  return {
    theme: 'default',
    fps: 30,
    width: 1920,
    height: 1080,
    template: 'empty',
    namespace: { scope: 'user', userId: 'tester', sessionId: null, ttlHours: null, expiresAt: null, gridPath: `grid/user/tester/${over.id}`, workspacePath: `/lib/workspaces/${over.id}`, adopted: false },
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-01T10:00:00.000Z',
    deletedAt: null,
    ...over,
  };
}

/** Lets pending promise callbacks (a store's awaited ipc calls) run. */
export const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

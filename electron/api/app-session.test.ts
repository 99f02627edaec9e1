/** One scratch session per installation and user, kept across restarts; the CLI's default per user. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../storage/test-support/fixtures.js';
import { actorFrom } from '../cli/context.js';
import { appSession, sessionsFilePath } from './app-session.js';
import { hostActor } from './host-actor.js';

describe('the app session', () => {
  let t: ReturnType<typeof tempDir>;
  let file: string;
  beforeEach(() => {
    t = tempDir('sessions');
    file = sessionsFilePath(path.join(t.dir, 'settings.json'));
  });
  afterEach(() => t.cleanup());

  it('is made once per user and read back by every later launch, desktop and web alike', () => {
    const a = appSession(file, 'ana');
    expect(a).toMatch(/^app-[0-9a-f-]{36}$/);
    expect(appSession(file, 'ana')).toBe(a);
    expect(appSession(file, 'ben')).not.toBe(a);
    expect(hostActor('web', { REELVAULT_USER: 'ana' }, { sessionsFile: file })).toEqual({ userId: 'ana', sessionId: a });
    expect(hostActor('desktop', { REELVAULT_USER: 'ana' }, { sessionsFile: file }).sessionId).toBe(a);
    expect(JSON.parse(readFileSync(file, 'utf8')).sessions.ana.id).toBe(a);
  });

  it('a damaged file gives a new session rather than failing the launch', () => {
    writeFileSync(file, '{ not json');
    expect(appSession(file, 'ana')).toMatch(/^app-/);
  });

  it('without a sessions file a host has a session of its own per launch (an agent, a test)', () => {
    const one = hostActor('mcp', { REELVAULT_USER: 'ana' });
    expect(one.sessionId).toMatch(/^mcp-/);
    expect(hostActor('mcp', { REELVAULT_USER: 'ana' }).sessionId).not.toBe(one.sessionId);
  });

  it('the CLI’s default session is per user, and --session or REELVAULT_SESSION still choose one', () => {
    expect(actorFrom({ user: 'ana' } as never, {})).toEqual({ userId: 'ana', sessionId: 'cli-ana' });
    expect(actorFrom({ user: 'ben' } as never, {}).sessionId).toBe('cli-ben');
    expect(actorFrom({ user: 'ana', session: 's1' } as never, {}).sessionId).toBe('s1');
    expect(actorFrom({ user: 'ana' } as never, { REELVAULT_SESSION: 's2' }).sessionId).toBe('s2');
  });
});

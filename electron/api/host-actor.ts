import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Actor } from '../../shared/models.js';
import type { HostKind } from '../../shared/contract.js';
import { appSession } from './app-session.js';

/**
 * Who a host acts as: the OS user (as the CLI does, so the app, the web host and the terminal see
 * the same personal projects). Its scratch session is the installation's for that user when a
 * sessions file is given (the desktop app and `reelvault serve`: scratch projects outlive a restart
 * and last their TTL); else one of its own per launch (tests, an MCP server's agent).
 */
export function hostActor(host: HostKind, env: NodeJS.ProcessEnv = process.env, opts: { sessionsFile?: string } = {}): Actor {
  let user = env.REELVAULT_USER;
  if (!user) {
    try { user = os.userInfo().username; } catch { user = 'user'; }
  }
  return { userId: user, sessionId: opts.sessionsFile ? appSession(opts.sessionsFile, user) : `${host}-${randomUUID()}` };
}

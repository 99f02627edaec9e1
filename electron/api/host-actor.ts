import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Actor } from '../../shared/models.js';
import type { HostKind } from '../../shared/contract.js';

/**
 * Who a host acts as: the OS user (as the CLI does, so the app, the web host and the terminal see
 * the same personal projects), in a session of its own per launch — scratch projects made in one
 * launch expire with their TTL and are not another launch's.
 */
export function hostActor(host: HostKind, env: NodeJS.ProcessEnv = process.env): Actor {
  let user = env.REELVAULT_USER;
  if (!user) {
    try { user = os.userInfo().username; } catch { user = 'user'; }
  }
  return { userId: user, sessionId: `${host}-${randomUUID()}` };
}

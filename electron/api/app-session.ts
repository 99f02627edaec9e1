import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The scratch session of this app installation, per user: kept in sessions.json beside the settings,
 * so scratch projects made in the desktop app or `reelvault serve` last their TTL across restarts
 * (and both hosts of one installation share them), instead of vanishing with each launch.
 */
interface SessionsFile {
  version: 1;
  sessions: Record<string, { id: string; createdAt: string }>;
}

function readSessions(file: string): SessionsFile {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as SessionsFile;
    if (v && v.version === 1 && typeof v.sessions === 'object' && v.sessions) return v;
  } catch {
    // Missing or unreadable: a new file (a lost session file costs only the scratch projects' visibility).
  }
  return { version: 1, sessions: {} };
}

/** The session id for this user, made and saved on first use ("app-<uuid>"). */
export function appSession(file: string, userId: string, now = () => new Date()): string {
  const known = readSessions(file).sessions[userId];
  if (known && /^app-[0-9a-f-]{36}$/.test(known.id)) return known.id;
  const next = readSessions(file);
  next.sessions[userId] = { id: `app-${randomUUID()}`, createdAt: now().toISOString() };
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  // Two hosts starting at once: whichever rename came last is the session both use from now on.
  return readSessions(file).sessions[userId]?.id ?? (next.sessions[userId] as { id: string }).id;
}

/** sessions.json beside the settings file (its folder: the app-data folder, or the one REELVAULT_SETTINGS names). */
export function sessionsFilePath(settingsFile: string): string {
  return path.join(path.dirname(settingsFile), 'sessions.json');
}

import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { RemoteStore } from './remote-store.js';

export const LEASE_NAME = 'locks/gc.json';
/** A lease not renewed for this long is free again (its holder died). */
export const LEASE_TTL_MS = 10 * 60_000;
/**
 * How long a new holder waits before reading its lease back. Two gc runs that both found the lease
 * free both write; the store keeps the last write, and each reads back after this pause — only the
 * one that reads its own token goes on. Longer than any store's write-to-read delay for one key.
 */
export const LEASE_SETTLE_MS = 1500;

export interface LeaseBody {
  owner: string;
  libraryId: string;
  host: string;
  pid: number;
  acquiredAt: string;
  expiresAt: string;
}

export interface HeldLease {
  body: LeaseBody;
  renew(): Promise<void>;
  release(): Promise<void>;
}

export type LeaseResult = { held: HeldLease } | { heldBy: LeaseBody };

/** Leases this process holds right now (a lease naming this pid and none of these is left over). */
const activeOwners = new Set<string>();

/**
 * The gc lease of a prefix: an object naming its holder and when it expires. Correctness does not
 * rest on conditional writes (not every S3-compatible store has them): write, wait, read back.
 */
export async function acquireLease(store: RemoteStore, libraryId: string, opts: { now?: () => Date; ttlMs?: number; settleMs?: number } = {}): Promise<LeaseResult> {
  const now = opts.now ?? (() => new Date());
  const ttl = opts.ttlMs ?? LEASE_TTL_MS;
  const key = store.key(LEASE_NAME);
  const current = await store.getJson<LeaseBody>(key);
  if (current && Date.parse(current.expiresAt) > now().getTime() && !deadHereBefore(current)) return { heldBy: current };
  const owner = randomBytes(16).toString('hex');
  const body = (): LeaseBody => ({ owner, libraryId, host: os.hostname(), pid: process.pid, acquiredAt: now().toISOString(), expiresAt: new Date(now().getTime() + ttl).toISOString() });
  let mine = body();
  activeOwners.add(owner);
  try {
    await store.putBytes(key, JSON.stringify(mine));
  } catch (err) {
    activeOwners.delete(owner);
    throw err;
  }
  await new Promise((r) => setTimeout(r, opts.settleMs ?? (Number(process.env.REELVAULT_GC_LEASE_SETTLE_MS) || LEASE_SETTLE_MS)));
  const back = await store.getJson<LeaseBody>(key).catch((err: unknown) => {
    activeOwners.delete(owner);
    throw err;
  });
  if (!back || back.owner !== owner) {
    activeOwners.delete(owner);
    return { heldBy: back ?? mine };
  }
  return {
    held: {
      get body() {
        return mine;
      },
      async renew() {
        const seen = await store.getJson<LeaseBody>(key);
        if (seen && seen.owner !== owner) throw new Error(`the gc lease of ${store.url} was taken over by ${seen.host} (pid ${seen.pid})`);
        mine = { ...body(), acquiredAt: mine.acquiredAt };
        await store.putBytes(key, JSON.stringify(mine));
      },
      async release() {
        try {
          const seen = await store.getJson<LeaseBody>(key);
          if (seen?.owner === owner) await store.deleteKey(key);
        } finally {
          activeOwners.delete(owner);
        }
      },
    },
  };
}

export function describeLease(b: LeaseBody): string {
  return `${b.host} (pid ${b.pid}, library ${b.libraryId}) holds it until ${b.expiresAt}`;
}

/**
 * A lease this machine's own process left when it died (killed mid-gc): free at once, instead of
 * blocking every gc until it expires. Another machine's lease is only ever freed by its expiry.
 */
function deadHereBefore(b: LeaseBody): boolean {
  if (b.host !== os.hostname()) return false;
  // This very process, from a gc that ended without removing it (its release did not reach the store).
  if (b.pid === process.pid) return !activeOwners.has(b.owner);
  try {
    process.kill(b.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

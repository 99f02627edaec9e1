import os from 'node:os';
import { ReelvaultError } from '../../../shared/errors.js';
import type { RemoteStore } from './remote-store.js';

/** The object that says which library a prefix belongs to. */
export const MARKER_NAME = 'reelvault-library.json';

export interface RemoteMarker {
  format: 1;
  app: 'reelvault';
  libraryId: string;
  createdAt: string;
  /** Where it was first connected from: for the message a second library gets. */
  createdOn: string;
}

export async function readMarker(store: RemoteStore): Promise<RemoteMarker | null> {
  return store.getJson<RemoteMarker>(store.key(MARKER_NAME));
}

/**
 * Makes the prefix this library's, or refuses: a prefix whose marker names another library belongs
 * to that library (two catalogs writing and collecting one set of objects would delete each other's
 * content), and a prefix already holding objects without a marker is someone else's data. The marker
 * is written, then read back: if another library claimed the prefix at the same moment, one of the
 * two sees the other's id and backs off (no conditional write is relied on).
 */
export async function claimPrefix(store: RemoteStore, libraryId: string, nowIso: string): Promise<RemoteMarker> {
  const found = await readMarker(store);
  if (found) {
    if (found.libraryId !== libraryId) throw ownedByOther(store, found);
    return found;
  }
  if (await store.anyUnder(store.rootPrefix)) {
    throw new ReelvaultError('CONFLICT', `${store.url} already holds objects and no Reelvault library marker: choose an empty prefix (s3://${store.bucket}/another/prefix)`);
  }
  const mine: RemoteMarker = { format: 1, app: 'reelvault', libraryId, createdAt: nowIso, createdOn: os.hostname() };
  await store.putBytes(store.key(MARKER_NAME), JSON.stringify(mine, null, 2) + '\n');
  const back = await readMarker(store);
  if (!back || back.libraryId !== libraryId) throw ownedByOther(store, back ?? mine);
  return back;
}

/** Whether the prefix is still this library's: checked before anything is deleted there. */
export async function assertOwned(store: RemoteStore, libraryId: string): Promise<void> {
  const found = await readMarker(store);
  if (!found) throw new ReelvaultError('CONFLICT', `${store.url} has lost its library marker; run "reelvault remote connect" again before anything is deleted there`);
  if (found.libraryId !== libraryId) throw ownedByOther(store, found);
}

function ownedByOther(store: RemoteStore, m: RemoteMarker): ReelvaultError {
  return new ReelvaultError('CONFLICT', `${store.url} belongs to another Reelvault library (${m.libraryId}, connected from ${m.createdOn} on ${m.createdAt}); choose another prefix`);
}

/**
 * The renderer's one cache of server state (TanStack Query). A query is one contract channel called
 * with one input, keyed `[channel, input]`, so every screen and component asking the same thing
 * shares one answer and one IPC call. Zustand stores keep UI state only (selection, filters,
 * dialogs) and read server data from here.
 *
 * Nothing here polls: the host says what changed with `library.changed {kind, id}`, and ONE
 * subscription (startLibrarySync) marks exactly the queries of that kind (and that project or item,
 * when the event names one) stale; those on screen refetch at once, the rest when next shown.
 */
import { QueryCache, QueryClient, queryOptions, useQuery, type QueryKey, type Query } from '@tanstack/react-query';
import type { Channel, ChangeKind, Input, LibraryChanged, Output } from '../../../shared/contract';
import { ipc } from './ipc';
import { toast } from './notify';

export const queryClient = new QueryClient({
  // A read whose failure the screen does not show itself says so in a toast (meta.toastErrors).
  queryCache: new QueryCache({
    onError: (err, query) => {
      const say = query.meta?.toastErrors;
      if (say === true || (typeof say === 'function' && (say as (e: unknown) => boolean)(err))) toast.error(err);
    },
  }),
  defaultOptions: {
    queries: {
      // Kept current by library.changed; a screen shown again after a while still asks once more,
      // for a change no event named.
      staleTime: 10_000,
      // An IPC answer is not flaky like a network: a refusal is final and is shown as it is.
      retry: false,
      // The old screens did not reload on focus either; events keep them current.
      refetchOnWindowFocus: false,
    },
  },
});

export type ChannelKey<C extends Channel> = readonly [C, Input<C>];

/** The query for one channel and input: the key, and the call through lib/ipc.ts. */
export function channelQuery<C extends Channel>(channel: C, input: Input<C>) {
  return queryOptions<Output<C>, Error, Output<C>, ChannelKey<C>>({
    queryKey: [channel, input] as const,
    queryFn: () => ipc.invoke(channel, input),
  });
}

/** A component's read of a channel: cached, shared and kept current. `enabled: false` waits (no input yet). */
export function useChannel<C extends Channel, T = Output<C>>(
  channel: C,
  input: Input<C>,
  opts: { enabled?: boolean; select?: (data: Output<C>) => T; /** Answers that never change (a diff of two checkpoints): Infinity. */ staleTime?: number; /** Say a failed read in a toast: always, or when this tells so. */ toastErrors?: boolean | ((err: unknown) => boolean) } = {},
) {
  return useQuery<Output<C>, Error, T, ChannelKey<C>>({
    queryKey: [channel, input] as const,
    queryFn: () => ipc.invoke(channel, input),
    ...(opts.select ? { select: opts.select } : {}),
    enabled: opts.enabled ?? true,
    ...(opts.staleTime !== undefined ? { staleTime: opts.staleTime } : {}),
    ...(opts.toastErrors ? { meta: { toastErrors: opts.toastErrors } } : {}),
  });
}

/** A store's read: the cached answer when fresh, else one call shared with whoever else asks. */
export function fetchChannel<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  return queryClient.fetchQuery(channelQuery(channel, input));
}

/** The cached answer, if any, without asking the host (a toast naming what was deleted, say). */
export function cached<C extends Channel>(channel: C, input: Input<C>): Output<C> | undefined {
  return queryClient.getQueryData<Output<C>>([channel, input]);
}

/** Changes a cached answer in place (an optimistic update after a write the host confirmed). */
export function updateCached<C extends Channel>(channel: C, input: Input<C>, fn: (old: Output<C>) => Output<C>): void {
  queryClient.setQueryData<Output<C>>([channel, input], (old) => (old === undefined ? old : fn(old)));
}

/** Marks every query of a channel stale (those on screen refetch): after a write of this window's own. */
export function invalidateChannel(channel: Channel, input?: object): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: input ? [channel, input] : [channel] });
}

// ---- which queries a change touches ------------------------------------------------------------

type Matcher = (input: Record<string, unknown>, e: LibraryChanged, data: unknown) => boolean;

const any: Matcher = () => true;
/** The event names a project: queries of that project only (all when it names none). */
const projectIs =
  (field: string): Matcher =>
  (input, e) =>
    !e.id || input[field] === e.id;
/** A diff with the live workspace on one side, in that project: files edits change it; checkpoint-to-checkpoint diffs never change. */
const workspaceDiff: Matcher = (input, e) => {
  const live = (side: unknown) => !!(side as { workspace?: unknown } | undefined)?.workspace;
  return (!e.id || input.projectId === e.id) && (live(input.a) || live(input.b));
};
/** A render or asset read by its own id: the event names its project or the item. */
const itemOf: Matcher = (input, e, data) => !e.id || input.id === e.id || (data as { projectId?: unknown } | undefined)?.projectId === e.id;

/**
 * For each kind of change, the channels whose answers it can change and how to tell which inputs.
 * A channel not listed for a kind is left alone (files edits do not touch the projects list).
 * The trash kind (a restore, a purge) can bring anything back, so it touches every listing.
 */
export const AFFECTS: Record<ChangeKind, Partial<Record<Channel, Matcher>>> = {
  projects: { 'projects.list': any, 'projects.get': projectIs('id'), 'trash.list': any },
  // Review notes are announced as a change of their render's or checkpoint's project; a notes list is keyed
  // by its render or checkpoint, not the project, so every one refetches (a handful on screen at most).
  checkpoints: { 'checkpoints.list': projectIs('projectId'), 'projects.get': projectIs('id'), 'checkpoints.diff': workspaceDiff, 'notes.list': any },
  // A render also shows on its checkpoint (renderIds) and in the project's render count.
  renders: { 'renders.list': projectIs('projectId'), 'renders.get': itemOf, 'checkpoints.list': projectIs('projectId'), 'projects.get': projectIs('id'), 'trash.list': any, 'notes.list': any },
  assets: { 'assets.get': itemOf, 'trash.list': any },
  // Media work's results (probe facts, posters, proxies) show on an asset's details and on renders.
  media: { 'assets.get': any, 'renders.list': any, 'renders.get': any },
  // The workspace's own state (the timeline's unsaved count); the Files tab keeps its tree itself.
  files: { 'checkpoints.diff': workspaceDiff, 'files.list': projectIs('projectId') },
  trash: { 'trash.list': any, 'projects.list': any, 'projects.get': any, 'checkpoints.list': any, 'renders.list': any, 'renders.get': any, 'assets.get': any, 'checkpoints.diff': workspaceDiff, 'notes.list': any },
};

/** Whether a change touches a cached query: the predicate startLibrarySync invalidates by. */
export function touches(e: LibraryChanged, queryKey: QueryKey, data: unknown): boolean {
  const [channel, input] = queryKey as [Channel, Record<string, unknown> | undefined];
  const match = AFFECTS[e.kind][channel];
  return !!match && match(input ?? {}, e, data);
}

/** Renders whose media work (poster, probe) has not finished: a finished job may be theirs. */
function awaitingMedia(q: Query): boolean {
  const [channel] = q.queryKey as [Channel];
  const hasPending = (r: { media?: { state?: string } | null }) => !r.media || r.media.state === 'pending';
  if (channel === 'renders.get') return !!q.state.data && hasPending(q.state.data as Output<'renders.get'>);
  if (channel === 'renders.list') return ((q.state.data as Output<'renders.list'> | undefined) ?? []).some(hasPending);
  return false;
}

/**
 * The one subscription keeping the cache current, started once by the app. Events arriving together
 * (an import announces every item) are coalesced over `windowMs` into one invalidation.
 */
export function startLibrarySync(client: QueryClient = queryClient, windowMs = 100): () => void {
  let pending: LibraryChanged[] = [];
  let jobsDone = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const events = pending;
    const media = jobsDone;
    pending = [];
    jobsDone = false;
    void client.invalidateQueries({
      predicate: (q) => events.some((e) => touches(e, q.queryKey, q.state.data)) || (media && awaitingMedia(q)),
    });
  };
  const schedule = () => {
    timer ??= setTimeout(flush, windowMs);
  };
  const offChanged = ipc.on('library.changed', (e) => {
    pending.push(e);
    schedule();
  });
  // Posters and probes arrive from the media queue after a render is stored.
  const offJobs = ipc.on('jobs.progress', (e) => {
    if (e.state !== 'done') return;
    jobsDone = true;
    schedule();
  });
  return () => {
    if (timer) clearTimeout(timer);
    offChanged();
    offJobs();
  };
}

/**
 * The UI's one way to the host, and the only file that touches one: the preload bridge
 * (window.reelvault) in Electron, else the web host over fetch and EventSource. Everything else in
 * the renderer calls `ipc.invoke(channel, input)` and gets the channel's output type back, or an
 * IpcError carrying the contract's error code.
 */
import type { Channel, EventName, EventPayload, Input, Output, ReelvaultBridge, RenderUploadQuery, Result, UploadQuery } from '../../../shared/contract';
import type { ErrorCode } from '../../../shared/errors';
import type { ImportResultItem, Render } from '../../../shared/models';

export class IpcError extends Error {
  readonly code: ErrorCode;
  readonly channel: string;
  constructor(code: ErrorCode, message: string, channel: string) {
    super(message);
    this.name = 'IpcError';
    this.code = code;
    this.channel = channel;
  }
}

export type HostKind = 'desktop' | 'web';

/** What ipc.mediaProblem found: nothing (it loads now), offline (only in the bucket), missing, or another error. */
export type MediaProblem = 'none' | 'offline' | 'missing' | 'error';

interface Transport {
  kind: HostKind;
  call(channel: string, input: unknown): Promise<Result<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  mediaUrl(sha256: string, downloadName?: string): string;
}

function bridgeTransport(bridge: ReelvaultBridge): Transport {
  return {
    kind: 'desktop',
    call: (channel, input) => bridge.invoke(channel, input),
    subscribe: (event, listener) => bridge.on(event, listener),
    mediaUrl: (sha256) => `reelvault://media/${sha256}`,
  };
}

function webTransport(): Transport {
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const ensureSource = (): EventSource => {
    // One stream for all events; the browser reconnects it by itself after a drop.
    source ??= new EventSource('/api/events');
    return source;
  };
  return {
    kind: 'web',
    async call(channel, input) {
      let res: Response;
      try {
        res = await fetch(`/api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
      } catch (err) {
        return { ok: false, error: { code: 'IO', message: `the Reelvault server did not answer (${String(err)})` } };
      }
      try {
        return (await res.json()) as Result<unknown>;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: `unexpected answer from the server (HTTP ${res.status})` } };
      }
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        const created = new Set<(payload: unknown) => void>();
        listeners.set(event, created);
        set = created;
        ensureSource().addEventListener(event, (e) => {
          const payload: unknown = JSON.parse((e as MessageEvent<string>).data);
          for (const l of [...created]) l(payload);
        });
      }
      set.add(listener);
      return () => { set.delete(listener); };
    },
    mediaUrl: (sha256, downloadName) => `/media/${sha256}${downloadName ? `?download=${encodeURIComponent(downloadName)}` : ''}`,
  };
}

const bridge = (window as unknown as { reelvault?: ReelvaultBridge }).reelvault;
const transport: Transport = bridge ? bridgeTransport(bridge) : webTransport();

export interface UploadOptions {
  projectId?: string;
  tags?: string[];
  /** Correlates import.progress events and lets assets.cancelImport stop it. */
  importId?: string;
  scope?: UploadQuery['scope'];
  signal?: AbortSignal;
  /** Bytes sent so far, from the browser's own upload progress. */
  onProgress?: (sent: number, total: number) => void;
}

export const ipc = {
  /** Which host answers: 'desktop' (Electron) or 'web' (reelvault serve). */
  host: transport.kind,

  /** Calls a contract channel; resolves with its output or throws an IpcError. */
  async invoke<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const result = await transport.call(channel, input);
    if (!result.ok) throw new IpcError(result.error.code, result.error.message, channel);
    return result.value as Output<C>;
  },

  /** Listens to a push event; returns the function that stops listening. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return transport.subscribe(event, listener as (payload: unknown) => void);
  },

  /** A URL a <video>, <img> or <a download> can use for content in the blob store. */
  mediaUrl(sha256: string, opts: { download?: string } = {}): string {
    return transport.mediaUrl(sha256, opts.download);
  },

  /**
   * Why a media URL did not load, asked after an <img> or <video> failed (the element itself never
   * says): one byte is fetched, and the host's answer read — 503 with X-Reelvault-Error: OFFLINE means
   * the content is only in the library's bucket and the bucket cannot be reached now.
   */
  async mediaProblem(url: string): Promise<MediaProblem> {
    try {
      const res = await fetch(url, { headers: { Range: 'bytes=0-0' }, cache: 'no-store', credentials: 'same-origin' });
      void res.body?.cancel();
      if (res.ok) return 'none';
      if (res.headers.get('X-Reelvault-Error') === 'OFFLINE') return 'offline';
      return res.status === 404 ? 'missing' : 'error';
    } catch {
      return 'error';
    }
  },

  /** The path of a dropped file on disk (desktop); null in a browser, which must upload instead. */
  pathForFile(file: File): string | null {
    if (!bridge) return null;
    const p = bridge.pathForFile(file);
    return p === '' ? null : p;
  },

  /** Web host only: streams one file into the library as an asset. */
  upload(file: File, opts: UploadOptions = {}): Promise<ImportResultItem> {
    if (transport.kind !== 'web') return Promise.reject(new IpcError('FORBIDDEN', 'the desktop app imports dropped files by path (assets.importPaths)', 'upload'));
    const q = new URLSearchParams({ name: file.name });
    if (opts.projectId) q.set('projectId', opts.projectId);
    if (opts.tags?.length) q.set('tags', opts.tags.join(','));
    if (opts.importId) q.set('importId', opts.importId);
    if (opts.scope) q.set('scope', opts.scope);
    return postFile<ImportResultItem>(`/upload?${q}`, file, opts);
  },

  /** Web host only: streams a rendered video into the library as one of a project's renders. */
  uploadRender(file: File, query: Omit<RenderUploadQuery, 'name'>, opts: Pick<UploadOptions, 'signal' | 'onProgress'> = {}): Promise<Render> {
    if (transport.kind !== 'web') return Promise.reject(new IpcError('FORBIDDEN', 'the desktop app adds renders by path (renders.add)', 'upload'));
    const q = new URLSearchParams({ projectId: query.projectId, name: file.name });
    if (query.checkpointId) q.set('checkpointId', query.checkpointId);
    return postFile<Render>(`/upload/render?${q}`, file, opts);
  },
};

/** POSTs a file as the raw body and resolves with the envelope's value. */
function postFile<T>(url: string, file: File, opts: Pick<UploadOptions, 'signal' | 'onProgress'>): Promise<T> {
  return new Promise((resolve, reject) => {
    // XMLHttpRequest, not fetch: it reports upload progress and can be aborted mid-body.
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => opts.onProgress?.(e.loaded, e.total || file.size);
    xhr.onload = () => {
      let result: Result<T>;
      try {
        result = JSON.parse(xhr.responseText) as Result<T>;
      } catch {
        return reject(new IpcError('INTERNAL', `unexpected answer from the server (HTTP ${xhr.status})`, 'upload'));
      }
      if (result.ok) resolve(result.value);
      else reject(new IpcError(result.error.code, result.error.message, 'upload'));
    };
    xhr.onerror = () => reject(new IpcError('IO', 'the upload failed', 'upload'));
    xhr.onabort = () => reject(new IpcError('IO', 'the upload was cancelled', 'upload'));
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Result } from '../../../shared/contract.js';
import type { Actor } from '../../../shared/models.js';
import { createApi, type Api } from '../../api/index.js';
import { openStorage, type Storage, type CredentialProvider } from '../../storage/index.js';
import { tempDir } from '../../storage/test-support/fixtures.js';
import { startWebHost, type WebHost } from '../server.js';
import { startMediaWorker, type MediaWorker, type MediaWorkerOptions } from '../../media/index.js';
import { startRenderWorker, type RenderWorker } from '../../render/index.js';

export const tester: Actor = { userId: 'tester', sessionId: 'web-test' };

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface TestHost {
  host: WebHost;
  api: Api;
  storage: Storage;
  /** The library folder. */
  dir: string;
  /** The media worker, when the host was started with one. */
  worker: MediaWorker | undefined;
  /** The render worker, when the host was started with one. */
  render: RenderWorker | undefined;
  rendererDir: string;
  /** Every response this fixture received, so tests can check headers across all of them. */
  responses: RawResponse[];
  /** A raw HTTP request: the path goes out byte for byte (no URL normalisation), headers as given. */
  raw(method: string, rawPath: string, opts?: { headers?: Record<string, string>; body?: Buffer | string; auth?: boolean }): Promise<RawResponse>;
  /** POST /api/<channel> with the token; answers the envelope. */
  call<T = unknown>(channel: string, input: unknown): Promise<Result<T> & { status: number }>;
  /** Like call, but throws on ok:false and returns the value. */
  value<T = unknown>(channel: string, input: unknown): Promise<T>;
  cleanup(): Promise<void>;
}

/**
 * A real web host on a free loopback port over a real library folder (a fresh temp dir), serving a
 * one-line stand-in for the built UI unless given the real one.
 */
export async function startTestHost(opts: { rendererDir?: string; maxUploadBytes?: number; actor?: Actor; mediaWorker?: MediaWorkerOptions; renderWorker?: { cacheDir: string }; credentials?: CredentialProvider } = {}): Promise<TestHost> {
  const lib = tempDir('web-lib');
  const ui = tempDir('web-ui');
  const rendererDir = opts.rendererDir ?? path.join(ui.dir, 'renderer');
  if (!opts.rendererDir) {
    mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Reelvault test UI</title><p id="ui">ui</p>');
    writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
    writeFileSync(path.join(rendererDir, 'favicon.ico'), Buffer.from([0, 0, 1, 0, 1, 0]));
    // Outside the served folder: must never come back.
    writeFileSync(path.join(ui.dir, 'secret.txt'), 'TOP-SECRET-OUTSIDE-RENDERER');
  }
  const storage = openStorage({ provider: 'filesystem', dir: lib.dir, ...(opts.credentials ? { credentials: opts.credentials } : {}) });
  const worker = opts.mediaWorker ? await startMediaWorker(storage, opts.mediaWorker) : undefined;
  const render = opts.renderWorker ? startRenderWorker(storage, { cacheDir: opts.renderWorker.cacheDir }) : undefined;
  const api = createApi({ storage, host: 'web', libraryDir: lib.dir, actor: opts.actor ?? tester, jobs: worker, render });
  const host = await startWebHost({ api, rendererDir, maxUploadBytes: opts.maxUploadBytes });
  const responses: RawResponse[] = [];

  const raw: TestHost['raw'] = (method, rawPath, o = {}) =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Host: `127.0.0.1:${host.port}`, ...(o.auth === false ? {} : { Authorization: `Bearer ${host.token}` }), ...o.headers };
      for (const k of Object.keys(headers)) if (headers[k] === '') delete headers[k];
      const req = http.request({ host: '127.0.0.1', port: host.port, method, path: rawPath, headers, setHost: false }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          const body = Buffer.concat(parts);
          const r = { status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') };
          responses.push(r);
          resolve(r);
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(o.body);
    });

  const call: TestHost['call'] = async <T>(channel: string, input: unknown) => {
    const r = await raw('POST', `/api/${channel}`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
    return { ...(JSON.parse(r.text) as Result<T>), status: r.status };
  };

  return {
    host,
    api,
    storage,
    dir: lib.dir,
    worker,
    render,
    rendererDir,
    responses,
    raw,
    call,
    async value<T>(channel: string, input: unknown): Promise<T> {
      const r = await call<T>(channel, input);
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
      return r.value;
    },
    async cleanup() {
      await host.close();
      api.close();
      await render?.close();
      await worker?.close();
      storage.close();
      lib.cleanup();
      ui.cleanup();
    },
  };
}

import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RemoteConfig } from './remote-config.js';
import { isNetworkError, type ClientTimeouts } from './s3-client.js';

/** A presigned URL is asked for this long, and used while more than REUSE_MARGIN_S of it is left. */
const EXPIRES_S = 900;
const REUSE_MARGIN_S = 300;
/** Blobs whose URL is kept; past this the oldest go (a URL costs an HMAC chain, no round trip). */
const URLS_KEPT = 2000;

/** A signed request's parts, ready for http.get (no URL parsing per range). */
interface SignedUrl {
  protocol: string;
  hostname: string;
  port: string;
  path: string;
  until: number;
}

/** S3 keys are signed as written, each path segment encoded once (RFC 3986 unreserved kept). */
function encodeKey(key: string): string {
  return key
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/**
 * Ranged GETs of blobs for the media route, without the SDK's per-request middleware: one presigned
 * URL per blob (SigV4 query signing with the client's own credentials, kept a few minutes) and a
 * plain keep-alive agent. Measured through the web host on this project's loaded build machine, the
 * SDK's request path doubled the time to the first byte of a 1 MiB range (bench s3: first frame and
 * seek). Only for a store at an explicit endpoint whose addressing is unambiguous here (path-style,
 * or a bucket name that is a single DNS label); anything else, and any answer but 200/206, is left
 * to the SDK (`open` answers null), whose retries and error mapping then apply unchanged.
 */
export class PresignedRanges {
  private readonly urls = new Map<string, SignedUrl>();
  /** Ranges this path answered, and those it left to the SDK (what the tests check it is used for). */
  readonly counts = { served: 0, toSdk: 0 };
  private readonly signer: SignatureV4;
  private readonly agent: http.Agent;
  private readonly base: URL | null;

  constructor(
    private readonly config: RemoteConfig,
    client: S3Client,
    private readonly timeouts: ClientTimeouts,
  ) {
    this.base = PresignedRanges.baseUrl(config);
    const cfg = client.config as unknown as { credentials: ConstructorParameters<typeof SignatureV4>[0]['credentials']; sha256: ConstructorParameters<typeof SignatureV4>[0]['sha256'] };
    this.signer = new SignatureV4({ credentials: cfg.credentials, region: config.region, service: 's3', sha256: cfg.sha256, uriEscapePath: false, applyChecksum: false });
    const opts = { keepAlive: true, maxSockets: 32 };
    this.agent = this.base?.protocol === 'https:' ? new https.Agent(opts) : new http.Agent(opts);
  }

  /** Where objects live for this config, or null when the SDK should address them itself. */
  static baseUrl(c: RemoteConfig): URL | null {
    if (!c.endpoint) return null;
    let u: URL;
    try {
      u = new URL(c.endpoint);
    } catch {
      return null;
    }
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.search || u.hash || u.username) return null;
    const root = u.pathname.replace(/\/+$/, '');
    if (c.pathStyle) return new URL(`${u.protocol}//${u.host}${root}/${encodeURIComponent(c.bucket)}/`);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(c.bucket)) return null;
    return new URL(`${u.protocol}//${c.bucket}.${u.host}${root}/`);
  }

  get usable(): boolean {
    return this.base !== null;
  }

  /**
   * The body of bytes start..end of `key`, or null when the SDK should answer instead (this path does
   * not apply, the credentials could not be read, the store said anything but 200/206). A store that
   * cannot be reached throws the network error, so the caller says OFFLINE at once instead of
   * waiting out a second connect through the SDK.
   */
  async open(key: string, start: number, end: number, signal?: AbortSignal): Promise<Readable | null> {
    if (!this.base || signal?.aborted) return null;
    let url: SignedUrl;
    try {
      url = await this.urlFor(key);
    } catch {
      this.counts.toSdk++;
      return null;
    }
    for (let attempt = 0; ; attempt++) {
      let res: IncomingMessage;
      try {
        res = await this.get(url, start, end, signal);
      } catch (err) {
        // A kept-alive socket the server had already closed: once more, on a new connection.
        if (attempt === 0 && (err as { reused?: boolean }).reused) continue;
        if (isNetworkError(err)) throw err;
        this.counts.toSdk++;
        return null;
      }
      if (res.statusCode === 206 || res.statusCode === 200) {
        this.counts.served++;
        return res;
      }
      res.resume();
      this.counts.toSdk++;
      // Refused (an expired signature, rotated keys) or anything else: signed again next time, and
      // this read goes through the SDK, whose errors say what happened.
      this.urls.delete(key);
      return null;
    }
  }

  close(): void {
    this.agent.destroy();
    this.urls.clear();
  }

  private async urlFor(key: string): Promise<SignedUrl> {
    const now = Date.now();
    const kept = this.urls.get(key);
    if (kept && kept.until > now) return kept;
    const base = this.base as URL;
    const path = `${base.pathname}${encodeKey(key)}`;
    const signed = await this.signer.presign(
      { method: 'GET', protocol: base.protocol, hostname: base.hostname, port: base.port ? Number(base.port) : undefined, path, headers: { host: base.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, query: {} },
      { expiresIn: EXPIRES_S, signingDate: new Date(now) },
    );
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(signed.query ?? {})) if (typeof v === 'string') query.set(k, v);
    const url: SignedUrl = { protocol: base.protocol, hostname: base.hostname, port: base.port, path: `${path}?${query.toString()}`, until: now + (EXPIRES_S - REUSE_MARGIN_S) * 1000 };
    if (this.urls.size >= URLS_KEPT) this.urls.delete(this.urls.keys().next().value as string);
    this.urls.set(key, url);
    return url;
  }

  private get(url: SignedUrl, start: number, end: number, signal?: AbortSignal): Promise<IncomingMessage> {
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.get(
        { protocol: url.protocol, hostname: url.hostname, port: url.port || undefined, path: url.path, agent: this.agent, headers: { Range: `bytes=${start}-${end}` }, timeout: this.timeouts.idleMs, ...(signal ? { signal } : {}) },
        resolve,
      );
      req.on('error', (err) => reject(Object.assign(err, { reused: req.reusedSocket })));
      req.on('timeout', () => req.destroy(Object.assign(new Error('the store stopped answering'), { code: 'ETIMEDOUT' })));
      // A server that is gone: never wait longer than the SDK's own connect timeout.
      req.on('socket', (s) => {
        if (!s.connecting) return;
        const t = setTimeout(() => req.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })), this.timeouts.connectMs);
        s.once('connect', () => clearTimeout(t));
        s.once('close', () => clearTimeout(t));
      });
    });
  }
}

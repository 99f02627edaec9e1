import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh 256-bit token per launch, like Jupyter's: whoever has the URL has the library. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/** Cookies are shared across ports of one host, so the name carries the port: two servers never clash. */
export function cookieName(port: number): string {
  return `reelvault_token_${port}`;
}

function sameToken(a: string, b: string): boolean {
  // Hash both so the comparison is constant-time whatever the lengths.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

export interface Guard {
  /** The origins this server answers as; anything else in Host or Origin is foreign. */
  readonly hosts: ReadonlySet<string>;
  readonly origins: ReadonlySet<string>;
  /** A loopback Host header naming our port; anything else is DNS rebinding or a confused proxy. */
  hostAllowed(req: IncomingMessage): boolean;
  /** Origin, when sent, must be ours; Sec-Fetch-Site cross-site is refused too. */
  originAllowed(req: IncomingMessage): boolean;
  /** The token from the cookie or an Authorization: Bearer header. */
  authorized(req: IncomingMessage): boolean;
  tokenMatches(candidate: string): boolean;
  setCookie(): string;
}

export function createGuard(token: string, port: number): Guard {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  const name = cookieName(port);
  const tokenMatches = (candidate: string) => sameToken(candidate, token);
  return {
    hosts,
    origins,
    hostAllowed: (req) => typeof req.headers.host === 'string' && hosts.has(req.headers.host.toLowerCase()),
    originAllowed: (req) => {
      const origin = req.headers.origin;
      if (origin !== undefined && !origins.has(String(origin).toLowerCase())) return false;
      return req.headers['sec-fetch-site'] !== 'cross-site';
    },
    authorized: (req) => {
      const auth = req.headers.authorization;
      if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return tokenMatches(auth.replace(/^Bearer\s+/i, '').trim());
      const c = cookieValue(req, name);
      return c !== null && tokenMatches(c);
    },
    tokenMatches,
    // HttpOnly: page script never sees it; SameSite=Strict: no other site's page can send it.
    setCookie: () => `${name}=${token}; Path=/; HttpOnly; SameSite=Strict`,
  };
}

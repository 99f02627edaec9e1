/**
 * What the S3 client puts on the wire that Ceph in CI does not insist on, checked against a plain
 * local HTTP server that records each request (no store needed): stores such as Swift's s3api and
 * older Ceph refuse a DeleteObjects without Content-MD5, which the SDK stopped sending.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { createS3Client } from './s3-client.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let server: http.Server;
let endpoint: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'Content-Type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></DeleteResult>');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('createS3Client', () => {
  it('sends Content-MD5 of the exact body with DeleteObjects, path-style (the bucket in the path)', async () => {
    const client = createS3Client(
      { bucket: 'footage', prefix: 'lib', endpoint, region: 'us-east-1', pathStyle: true, cacheMaxBytes: null },
      { connectMs: 2000, idleMs: 5000 },
      { accessKeyId: 'test', secretAccessKey: 'test-secret' },
    );
    try {
      await client.send(new DeleteObjectsCommand({ Bucket: 'footage', Delete: { Objects: [{ Key: 'lib/blobs/sha256/ab/abc' }, { Key: 'lib/blobs/sha256/cd/cde' }], Quiet: true } }));
    } finally {
      client.destroy();
    }
    const del = seen.find((s) => s.method === 'POST' && s.url.includes('delete'));
    expect(del, JSON.stringify(seen.map((s) => `${s.method} ${s.url}`))).toBeTruthy();
    expect(del?.url.startsWith('/footage')).toBe(true);
    expect(del?.body.toString()).toContain('lib/blobs/sha256/ab/abc');
    expect(del?.headers['content-md5']).toBe(createHash('md5').update(del?.body ?? Buffer.alloc(0)).digest('base64'));
    // The keys sign the request; they are never sent as such.
    expect(JSON.stringify(del?.headers)).not.toContain('test-secret');
  });

  it('virtual-host addressing puts the bucket in the host name, path-style in the path (the request as signed, stopped before it is sent)', async () => {
    const hostOf = async (pathStyle: boolean) => {
      const client = createS3Client({ bucket: 'footage', prefix: 'lib', endpoint: 'http://s3.example.test:9000', region: 'us-east-1', pathStyle, cacheMaxBytes: null }, { connectMs: 2000, idleMs: 5000 }, { accessKeyId: 'test', secretAccessKey: 'test-secret' });
      let seen: { hostname?: string; path?: string; headers?: Record<string, string> } = {};
      client.middlewareStack.add(
        () => async (args) => {
          seen = args.request as typeof seen;
          throw new Error('stopped before sending');
        },
        { step: 'finalizeRequest', priority: 'low', name: 'testCapture' },
      );
      try {
        await client.send(new DeleteObjectsCommand({ Bucket: 'footage', Delete: { Objects: [{ Key: 'lib/a' }] } })).catch((e: Error) => expect(e.message).toBe('stopped before sending'));
      } finally {
        client.destroy();
      }
      return seen;
    };
    const virtual = await hostOf(false);
    expect(virtual.hostname).toBe('footage.s3.example.test');
    expect(virtual.path?.startsWith('/footage')).toBe(false);
    expect(virtual.headers?.authorization ?? '').toContain('Credential=test/');
    const pathStyle = await hostOf(true);
    expect(pathStyle.hostname).toBe('s3.example.test');
    expect(pathStyle.path?.startsWith('/footage')).toBe(true);
  });
});

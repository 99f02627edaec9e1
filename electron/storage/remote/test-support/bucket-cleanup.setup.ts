/**
 * vitest setup for the node tests: when a test file used the S3 test bucket (it took prefixes from
 * uniquePrefix), everything under those prefixes is deleted after its tests, and a prefix that could
 * not be emptied fails the file. Registered before the file's own hooks, so it runs after them (the
 * file's libraries are closed, their uploads stopped). Files that never touched S3 load nothing here.
 */
import { afterAll } from 'vitest';

afterAll(async () => {
  if (!(globalThis as { __reelvaultTestPrefixes?: Set<string> }).__reelvaultTestPrefixes?.size) return;
  const { removeTestPrefixes } = await import('./s3-server.js');
  await removeTestPrefixes();
}, 300_000);

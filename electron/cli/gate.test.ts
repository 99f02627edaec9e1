/**
 * The CLI is a host of the handler table: its options reach the library only through the contract's
 * zod gate, as the desktop's, the web host's and the MCP server's input does.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../storage/test-support/fixtures.js';
import { assertBuilt, runCli } from './test-support/cli-runner.js';

describe('the CLI passes the one gate', () => {
  let lib: ReturnType<typeof tempDir>;
  beforeAll(() => assertBuilt());
  beforeEach(() => { lib = tempDir('cli-gate'); });
  afterEach(() => lib.cleanup());

  it.each([
    [['project', 'list', '--sort', 'constructor'], 'sort must be updated, created or name'],
    [['project', 'list', '--sort', 'toString'], 'sort must be updated, created or name'],
    [['assets', 'ls', '--sort', 'toString'], 'sort must be name, date, size, duration, resolution, codec or type'],
    [['assets', 'search', 'x', '--sort', '__proto__'], 'sort must be name, date, size, duration, resolution, codec or type'],
    [['assets', 'ls', '--order', 'constructor'], 'order must be asc or desc'],
    [['project', 'list', '--scope', 'hasOwnProperty'], 'scope'],
    [['assets', 'ls', '--limit', '1001'], 'limit must be 1–1000'],
  ])('%j is INVALID_INPUT (exit 1), never INTERNAL (70)', (args, message) => {
    const r = runCli(lib.dir, args);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[INVALID_INPUT]');
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(/INTERNAL|syntax error/);
  });

  it('--json prints the gate\'s refusal as the error document', () => {
    const r = runCli(lib.dir, ['--json', 'project', 'create', 'X', '--height', '8']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.err)).toEqual({ error: { code: 'INVALID_INPUT', message: 'height must be a whole number between 16 and 16384' } });
  });

  it('dates as a person types them still filter (the gate takes full ISO times)', () => {
    expect(runCli(lib.dir, ['assets', 'ls', '--from', '2020-01-01', '--to', '2999-12-31']).code).toBe(0);
    const bad = runCli(lib.dir, ['assets', 'ls', '--from', 'yesterday-ish']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('[INVALID_INPUT]');
  });

  it('the version is the app version', () => {
    const r = runCli(null, ['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

/**
 * `reelvault mcp`, the built command, driven by the MCP SDK's own client over stdio: the tools it
 * lists are the contract's eligible channels with valid JSON Schemas, a whole edit loop runs
 * through them, and bad input is the contract's INVALID_INPUT, never a crash.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CHANNELS } from '../../shared/contract.js';
import { assertBuilt, cliJson } from '../cli/test-support/cli-runner.js';
import { tempDir } from '../storage/test-support/fixtures.js';
import { readContractDocs } from './contract-docs.js';
import { connectMcp } from './test-support/mcp-client.js';
import { eligibleChannels, toolName } from './tools.js';

interface ToolResult {
  isError?: boolean;
  content: { type: string; text: string }[];
  structuredContent?: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

function connect(library: string, args: string[] = []): ReturnType<typeof connectMcp> {
  return connectMcp(library, { args });
}

describe('reelvault mcp', () => {
  let lib: ReturnType<typeof tempDir>;
  let client: Client | null = null;
  beforeAll(() => assertBuilt());
  beforeEach(() => {
    lib = tempDir('mcp-lib');
  });
  afterEach(async () => {
    await client?.close();
    client = null;
    lib.cleanup();
  });

  async function call<T = unknown>(name: string, args: Record<string, unknown>): Promise<T> {
    const r = (await client!.callTool({ name, arguments: args })) as ToolResult;
    if (r.isError) throw new Error(`${name}: ${r.content[0]?.text}`);
    return r.structuredContent?.value as T;
  }

  it('lists one tool per eligible channel, each with a description from the JSDoc and a valid JSON Schema', async () => {
    ({ client } = await connect(lib.dir));
    const { tools } = await client.listTools();
    const docs = readContractDocs();
    const expected = eligibleChannels(docs, { allowPaths: false });
    expect(tools.map((t) => t.name).sort()).toEqual(expected.map(toolName).sort());
    // Host-only channels are out, and so are those that take paths (no --allow-paths).
    expect(tools.some((t) => t.name.startsWith('desktop_'))).toBe(false);
    expect(tools.some((t) => t.name === 'assets_importPaths' || t.name === 'renders_export')).toBe(false);
    expect(expected.length).toBeGreaterThan(CHANNELS.length / 2);
    // Formats (date-time) are the gate's to check; the schema itself must compile.
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    for (const t of tools) {
      expect(t.description, t.name).toBe(docs.get(t.name.replace('_', '.')));
      expect(t.inputSchema.type, t.name).toBe('object');
      expect(() => ajv.compile(t.inputSchema), t.name).not.toThrow();
    }
    const create = tools.find((t) => t.name === 'projects_create');
    expect(create?.inputSchema.required).toEqual(['name']);
  });

  it('offers the path channels with --allow-paths, never the native dialogs', async () => {
    ({ client } = await connect(lib.dir, ['--allow-paths']));
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('assets_importPaths');
    expect(names).toContain('renders_export');
    expect(names.some((n) => n.startsWith('desktop_'))).toBe(false);
  });

  it('create → write file → checkpoint → diff → restore, as a user and session of its own', async () => {
    let stderr: () => string;
    ({ client, stderr } = await connect(lib.dir));
    const info = await call<{ host: string; actor: { userId: string; sessionId: string } }>('library_info', {});
    expect(info.host).toBe('mcp');
    expect(info.actor.userId).toBe('agent');
    expect(info.actor.sessionId).toMatch(/^mcp-/);

    const project = await call<{ id: string }>('projects_create', { name: 'Agent video', template: 'remotion', fps: 30, width: 320, height: 180 });
    await call('files_writeText', { projectId: project.id, path: 'src/props.json', text: '{ "title": "First" }\n' });
    const first = await call<{ id: string }>('checkpoints_create', { projectId: project.id, name: 'first' });
    await call('files_writeText', { projectId: project.id, path: 'src/props.json', text: '{ "title": "Second" }\n' });
    await call('files_writeText', { projectId: project.id, path: 'notes.md', text: 'new file\n' });

    const diff = await call<{ files: { path: string; status: string; changedKeys?: string[] }[] }>('checkpoints_diff', {
      projectId: project.id,
      a: { checkpointId: first.id },
      b: { workspace: true },
      content: true,
    });
    expect(diff.files.map((f) => `${f.status} ${f.path}`).sort()).toEqual(['added notes.md', 'modified src/props.json']);
    expect(diff.files.find((f) => f.path === 'src/props.json')?.changedKeys).toEqual(['title']);

    const restored = await call<{ safety: { id: string } | null; removed: number }>('checkpoints_restore', { id: first.id });
    expect(restored.safety).not.toBeNull();
    const text = await call<{ text: string }>('files_readText', { projectId: project.id, path: 'src/props.json' });
    expect(text.text).toBe('{ "title": "First" }\n');
    const ws = (await call<{ namespace: { workspacePath: string } }>('projects_get', { id: project.id })).namespace.workspacePath;
    expect(existsSync(path.join(ws, 'notes.md'))).toBe(false);
    expect(readFileSync(path.join(ws, 'src/props.json'), 'utf8')).toBe('{ "title": "First" }\n');
    expect(stderr()).not.toMatch(/failed:/);
  });

  it('bad input is INVALID_INPUT, unknown tools NOT_FOUND, other users’ projects invisible — and the server keeps serving', async () => {
    ({ client } = await connect(lib.dir));
    const bad = [
      ['projects_create', { name: '' }],
      ['projects_create', { name: 'x', fps: 'fast' }],
      ['projects_create', { name: 'x', surprise: true }],
      ['files_readText', { projectId: 'nope', path: 'a' }],
      ['checkpoints_diff', { projectId: 'prj_abc', a: {}, b: { workspace: false } }],
    ] as const;
    for (const [name, args] of bad) {
      const r = (await client.callTool({ name, arguments: args as Record<string, unknown> })) as ToolResult;
      expect(r.isError, name).toBe(true);
      expect(r.structuredContent?.error?.code, name).toBe('INVALID_INPUT');
    }
    const unknown = (await client.callTool({ name: 'desktop_chooseFolder', arguments: {} })) as ToolResult;
    expect(unknown.structuredContent?.error?.code).toBe('NOT_FOUND');
    const missing = (await client.callTool({ name: 'projects_get', arguments: { id: 'prj_doesnotexist' } })) as ToolResult;
    expect(missing.structuredContent?.error?.code).toBe('NOT_FOUND');
    // A person's own project (USER scope) is not the agent's: scopes apply to it like to anyone.
    const mine = cliJson<{ id: string }>(lib.dir, ['project', 'create', 'Mine']);
    const theirs = (await client.callTool({ name: 'projects_get', arguments: { id: mine.id } })) as ToolResult;
    expect(theirs.structuredContent?.error?.code).toBe('NOT_FOUND');
    // Still alive after all that.
    expect((await call<unknown[]>('projects_list', {})).length).toBe(0);
  });

  it('answers renders and assets with reelvault://media links and paths, never bytes', async () => {
    ({ client } = await connect(lib.dir));
    const project = await call<{ id: string }>('projects_create', { name: 'Media' });
    await call('files_writeText', { projectId: project.id, path: 'still.svg', text: '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>' });
    const ref = await call<{ sha256: string; url: string; file?: string }>('files_mediaRef', { projectId: project.id, path: 'still.svg' });
    expect(ref.url).toBe(`reelvault://media/${ref.sha256}`);
    expect(ref.file && readFileSync(ref.file, 'utf8')).toContain('<svg');
  });
});

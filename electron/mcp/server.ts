import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Result } from '../../shared/contract.js';
import { SHA256 } from '../../shared/contract.js';
import { APP_VERSION } from '../../shared/version.js';
import type { Dispatch } from '../api/index.js';
import { progressReporter } from './progress.js';
import { buildTools, type ToolEntry, type ToolOptions } from './tools.js';

export interface McpServerOptions extends ToolOptions {
  dispatch: Dispatch;
  /** Where a stored file is on this disk (read-only blob), or null when it is not here. */
  mediaFile(sha256: string): string | null;
  /** How often a quiet long call says it is still at work (default HEARTBEAT_MS). */
  progress?: { heartbeatMs?: number };
}

/** What an agent reads a video or image by: never its bytes (no base64), a link and, where it is on this disk, a path. */
export const MEDIA_URL_PREFIX = 'reelvault://media/';

/**
 * The MCP face of the handler table: every eligible contract channel is a tool, and every call goes
 * through the same dispatch gate as the desktop and web hosts, so input is validated by the
 * channel's zod schema (INVALID_INPUT otherwise, and the library is not touched) and errors keep
 * their stable codes. A failed call is a tool result with isError set, never a protocol error or a
 * crash: the agent reads the code and the message and can correct itself.
 */
export function createMcpServer(opts: McpServerOptions): { server: Server; tools: ToolEntry[] } {
  const tools = buildTools(opts);
  const byName = new Map(tools.map((t) => [t.name, t]));
  const server = new Server(
    { name: 'reelvault', version: APP_VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        'Reelvault keeps video projects (Remotion and others): workspaces of files, checkpoints you can diff and restore, renders linked to the checkpoint they came from. ' +
        'Every tool answers JSON: {ok:true,value} or {ok:false,error:{code,message}}. Videos and images come back as reelvault://media/<sha256> links and, where stored on this disk, a read-only file path; never as bytes.',
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req, extra): Promise<CallToolResult> => {
    const tool = byName.get(req.params.name);
    // A client that sent a progress token hears how a long call (a render waited for, an import) goes.
    const token = req.params._meta?.progressToken;
    const progress = token !== undefined ? progressReporter(token, extra.sendNotification, opts.progress) : null;
    try {
      const result: Result<unknown> = tool
        ? await opts.dispatch(tool.channel, req.params.arguments ?? {}, { signal: extra.signal, ...(progress ? { onProgress: (p) => progress.report(p) } : {}) })
        : { ok: false, error: { code: 'NOT_FOUND', message: `unknown tool: ${String(req.params.name).slice(0, 100)}` } };
      return toToolResult(result, opts.mediaFile);
    } finally {
      progress?.stop();
    }
  });
  return { server, tools };
}

export function toToolResult(result: Result<unknown>, mediaFile: (sha256: string) => string | null): CallToolResult {
  const shown: Result<unknown> = result.ok ? { ok: true, value: withMediaLinks(result.value, mediaFile) } : result;
  const text = JSON.stringify(shown, null, 1);
  return {
    content: [{ type: 'text', text: result.ok ? text : `${result.error.code}: ${result.error.message}\n${text}` }],
    structuredContent: shown as unknown as Record<string, unknown>,
    ...(result.ok ? {} : { isError: true }),
  };
}

/**
 * Adds `url` (reelvault://media/<sha256>) and `file` (its path on this disk) to what an agent would
 * want to open: renders, assets and media refs. Checkpoint manifests keep their bare hashes — every
 * entry of a large tree would otherwise carry two more strings nobody asked for.
 */
export function withMediaLinks(value: unknown, mediaFile: (sha256: string) => string | null, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withMediaLinks(v, mediaFile, depth + 1));
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = withMediaLinks(v, mediaFile, depth + 1);
  const sha = obj.sha256;
  const isMedia = typeof obj.id === 'string' ? /^(rnd|ast)_/.test(obj.id) : typeof obj.mime === 'string' && typeof obj.size === 'number';
  if (typeof sha === 'string' && SHA256.test(sha) && isMedia) {
    out.url = MEDIA_URL_PREFIX + sha;
    const file = mediaFile(sha);
    if (file) out.file = file;
  }
  return out;
}

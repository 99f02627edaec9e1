import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { Actor } from '../../shared/models.js';
import { createApi } from '../api/index.js';
import type { MediaWorker } from '../media/index.js';
import { defaultLibraryDir, isAppDataDir, openStorage, type Storage } from '../storage/index.js';
import { createMcpServer } from './server.js';

interface McpOptions {
  allowPaths?: boolean;
  media?: boolean;
}

/** The agent's default identity: a user of its own, so its personal projects are not yours unless you say so (--user). */
export const AGENT_USER = 'agent';

export function agentActor(g: { user?: string; session?: string }, env: NodeJS.ProcessEnv = process.env): Actor {
  return { userId: g.user || env.REELVAULT_USER || AGENT_USER, sessionId: g.session ?? `mcp-${randomUUID()}` };
}

/**
 * `reelvault mcp`: the library as Model Context Protocol tools over stdio, for an agent. stdout
 * carries the protocol and nothing else; anything said to a person goes to stderr.
 */
export function mcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('serve the library to an AI agent as MCP tools over stdio (register it with your MCP client)')
    .option('--allow-paths', 'also offer the tools that read or write paths on this machine (import by path, export, adopt a folder, backup)')
    .option('--no-media', 'do not run media work (probes, posters) in this process')
    .action(async (o: McpOptions, cmd: Command) => {
      const g = cmd.optsWithGlobals() as { library?: string; user?: string; session?: string };
      const libraryDir = g.library ?? defaultLibraryDir();
      const storage = openStorage({ provider: 'filesystem', dir: libraryDir, appOwned: isAppDataDir(libraryDir) });
      const worker = o.media === false || storage.ctx.readOnly ? null : await startWorker(storage);
      const render = storage.ctx.readOnly ? null : (await import('../render/index.js')).startRenderWorker(storage);
      const api = createApi({ storage, host: 'mcp', libraryDir, actor: agentActor(g), jobs: worker ?? undefined, render: render ?? undefined, allowPaths: !!o.allowPaths });
      const mediaFile = (sha: string): string | null => {
        const p = storage.ctx.blobs.pathOf(sha);
        return existsSync(p) ? p : null;
      };
      const { server, tools } = createMcpServer({ dispatch: api.dispatch, allowPaths: !!o.allowPaths, mediaFile });
      const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
      const closed = new Promise<void>((resolve) => {
        server.onclose = () => resolve();
        process.stdin.once('end', () => resolve());
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await server.connect(new StdioServerTransport());
      process.stderr.write(`reelvault mcp: ${tools.length} tools over stdio, library ${libraryDir}, acting as user "${api.actor.userId}" in session "${api.actor.sessionId}"\n`);
      await closed;
      await server.close().catch(() => undefined);
      api.close();
      await render?.close();
      await worker?.close();
      storage.close();
    });
}

/** Posters and probes for what the agent stores; the tools work without them, so a failure only warns. */
async function startWorker(storage: Storage): Promise<MediaWorker | null> {
  try {
    const { startMediaWorker } = await import('../media/index.js');
    return await startMediaWorker(storage);
  } catch (err) {
    process.stderr.write(`reelvault mcp: media work (posters, probes) is off: ${err instanceof Error ? err.message : String(err)}\n`);
    return null;
  }
}

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI } from '../../cli/test-support/cli-runner.js';

/** `reelvault mcp` (the built CLI) on a library, with the MCP SDK's own client on its stdio; stderr kept for asserts. */
export async function connectMcp(library: string, opts: { args?: string[]; env?: Record<string, string> } = {}): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, '--library', library, 'mcp', '--no-media', ...(opts.args ?? [])],
    env: { ...(process.env as Record<string, string>), REELVAULT_LIBRARY: '', REELVAULT_USER: '', ...opts.env },
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const client = new Client({ name: 'reelvault-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => err };
}

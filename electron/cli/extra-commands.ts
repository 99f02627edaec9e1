import type { Command } from 'commander';
import { mcpCommand } from '../mcp/mcp-command.js';
import { serveCommand } from '../web/serve-command.js';

/** Commands other hosts add (the web host's `serve`, the MCP server); kept apart so the core CLI has no server code. */
export function extraCommands(program: Command): void {
  serveCommand(program);
  mcpCommand(program);
}

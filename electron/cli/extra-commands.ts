import type { Command } from 'commander';
import { serveCommand } from '../web/serve-command.js';

/** Commands other hosts add (the web host's `serve`); kept apart so the core CLI has no server code. */
export function extraCommands(program: Command): void {
  serveCommand(program);
}

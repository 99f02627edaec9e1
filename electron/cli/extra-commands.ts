import type { Command } from 'commander';

/** Commands other hosts add (the web host's `serve`); kept apart so the core CLI has no server code. */
export function extraCommands(_program: Command): void {}

#!/usr/bin/env node
/**
 * The `reelvault` command: the storage library from a terminal. Every command that reports takes
 * --json; errors are one line on stderr and a non-zero exit.
 */
import { Command, CommanderError } from 'commander';
import { toErrorPayload } from '../../shared/errors.js';
import { projectCommands } from './commands/project.js';
import { filesCommands } from './commands/files.js';
import { assetsCommands, importCommand } from './commands/assets.js';
import { renderCommands, renderMakeCommands } from './commands/render.js';
import { checkpointCommands } from './commands/checkpoint.js';
import { maintenanceCommands, trashCommands } from './commands/maintenance.js';
import { mediaCommands } from './commands/media.js';
import { libraryCommands } from './commands/library.js';
import { extraCommands } from './extra-commands.js';
import { safeText } from './output.js';
import { remoteCommands } from './commands/remote.js';

export function buildProgram(): Command {
  const program = new Command('reelvault')
    .description('Reelvault: an offline vault for video projects, assets, renders and checkpoints.')
    .version('0.1.0')
    .option('--library <dir>', 'library folder (default: $REELVAULT_LIBRARY or the app-data folder)')
    .option('--json', 'print results as JSON')
    .option('--user <id>', 'act as this user (default: $REELVAULT_USER or your OS user name)')
    .option('--session <id>', 'act in this session (default: $REELVAULT_SESSION or "cli")')
    .option('--no-upload', 'a library with a bucket: leave new content in the outbox instead of uploading it before exit')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  projectCommands(program);
  filesCommands(program);
  importCommand(program);
  assetsCommands(program);
  renderCommands(program);
  renderMakeCommands(program);
  checkpointCommands(program);
  trashCommands(program);
  maintenanceCommands(program);
  libraryCommands(program);
  mediaCommands(program);
  remoteCommands(program);
  extraCommands(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const e = toErrorPayload(err);
    if (argv.includes('--json')) process.stderr.write(JSON.stringify({ error: e }) + '\n');
    else process.stderr.write(`reelvault: ${safeText(e.message)} [${e.code}]\n`);
    process.exitCode = e.code === 'INTERNAL' ? 70 : 1;
  }
}

void main(process.argv);

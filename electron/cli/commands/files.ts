import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { withLibrary } from '../context.js';
import { bytes, line, printJson, printTable, when } from '../output.js';
import { resolveProject } from '../resolve.js';

export function filesCommands(program: Command): void {
  const files = program.command('files').description("work with a project's workspace files");

  files
    .command('ls')
    .description('list a folder of the workspace')
    .argument('<project>', 'project id or name')
    .argument('[dir]', 'folder inside the workspace', '')
    .option('-r, --recursive', 'list the whole tree')
    .action(async (ref: string, dir: string, o: { recursive?: boolean }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const list = await c.call('files.list', { projectId: await resolveProject(c, ref), dir, recursive: !!o.recursive });
        if (c.json) return printJson(list);
        if (list.length === 0) return line('(empty)');
        printTable(list.map((f) => [f.kind === 'dir' ? 'd' : f.kind === 'symlink' ? 'l' : '-', f.kind === 'file' ? bytes(f.size) : '', when(f.mtime), f.path + (f.kind === 'dir' ? '/' : '')]));
      });
    });

  files
    .command('cat')
    .description('print a file to stdout')
    .argument('<project>', 'project id or name')
    .argument('<path>', 'file inside the workspace')
    .action(async (ref: string, rel: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        // Bytes, streamed: no channel carries them (files.readText is capped text), so this one reads the library directly.
        await pipeline(await c.lib.files.read(c.actor, await resolveProject(c, ref), rel), process.stdout, { end: false });
      });
    });

  files
    .command('put')
    .description('write a file into the workspace from a local file, or from stdin with "-" (a file it replaces that no checkpoint holds is kept in a safety checkpoint first)')
    .argument('<project>', 'project id or name')
    .argument('<path>', 'destination inside the workspace')
    .argument('<source>', 'local file, or - for stdin')
    .action(async (ref: string, rel: string, source: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        // Bytes, streamed from a file or stdin: no channel carries them (files.writeText is text), so this one writes directly.
        const entry = await c.lib.files.write(c.actor, await resolveProject(c, ref), rel, source === '-' ? process.stdin : { fromPath: path.resolve(source) });
        if (c.json) printJson(entry);
        else line(`Wrote ${entry.path} (${bytes(entry.size)})`);
      });
    });

  files
    .command('mv')
    .description('move or rename inside the workspace')
    .argument('<project>', 'project id or name')
    .argument('<from>')
    .argument('<to>')
    .option('-f, --force', 'replace an existing file at the destination (kept in a safety checkpoint first when no checkpoint holds it)')
    .action(async (ref: string, from: string, to: string, o: { force?: boolean }, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const entry = await c.call('files.move', { projectId: await resolveProject(c, ref), from, to, overwrite: !!o.force });
        if (c.json) printJson(entry);
        else line(`Moved ${from} to ${entry.path}`);
      });
    });

  files
    .command('mkdir')
    .description('make a folder (and its parents)')
    .argument('<project>', 'project id or name')
    .argument('<path>')
    .action(async (ref: string, rel: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const entry = await c.call('files.mkdir', { projectId: await resolveProject(c, ref), path: rel });
        if (c.json) printJson(entry);
        else line(`Made ${entry.path}/`);
      });
    });

  files
    .command('rm')
    .description('delete a file or folder (what no checkpoint holds, ignored files too, is kept in a safety checkpoint first)')
    .argument('<project>', 'project id or name')
    .argument('<path>')
    .action(async (ref: string, rel: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        await c.call('files.delete', { projectId: await resolveProject(c, ref), path: rel });
        if (c.json) printJson({ deleted: rel });
        else line(`Deleted ${rel}`);
      });
    });
}

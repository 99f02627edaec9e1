import path from 'node:path';
import type { Command } from 'commander';
import type { Input } from '../../../shared/contract.js';
import type { Project } from '../../../shared/models.js';
import { withLibrary } from '../context.js';
import { line, printJson, printTable, when } from '../output.js';
import { parseNumber, resolveProject } from '../resolve.js';
import { describeProject, projectsNamed } from '../../../shared/project-names.js';

const scopeLabel = (p: Project): string =>
  p.namespace.scope === 'session' ? `scratch (expires ${when(p.namespace.expiresAt)})` : p.namespace.scope === 'user' ? 'personal' : 'shared';

function show(p: Project): void {
  printTable([
    ['id', p.id],
    ['name', p.name],
    ['format', `${p.width}x${p.height} @ ${p.fps} fps`],
    ['theme', p.theme],
    ['template', p.template],
    ['scope', scopeLabel(p)],
    ['workspace', p.namespace.workspacePath + (p.namespace.adopted ? ' (adopted)' : '')],
    ['created', when(p.createdAt)],
    ['updated', when(p.updatedAt)],
  ]);
}

export function projectCommands(program: Command): void {
  const project = program.command('project').description('create, list, show, update and delete projects');

  project
    .command('create')
    .description('create a project (or adopt an existing folder with --adopt)')
    .argument('[name]', 'project name (defaults to the folder name with --adopt)')
    .option('--theme <theme>', 'theme name')
    .option('--fps <n>', 'frames per second (1–240)')
    .option('--width <px>', 'width in pixels (16–16384)')
    .option('--height <px>', 'height in pixels (16–16384)')
    .option('--scope <scope>', 'session (scratch), user (personal) or sandbox (shared)')
    .option('--ttl-hours <h>', 'hours until a session project expires (default 24)')
    .option('--template <t>', 'empty or remotion', 'empty')
    .option('--adopt <dir>', 'use this existing folder in place as the workspace')
    .action(async (name: string | undefined, o: Record<string, string | undefined>, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const settings = {
          theme: o.theme,
          fps: o.fps !== undefined ? parseNumber(o.fps, 'fps') : undefined,
          width: o.width !== undefined ? parseNumber(o.width, 'width') : undefined,
          height: o.height !== undefined ? parseNumber(o.height, 'height') : undefined,
          // Checked by the contract's schema at the gate, like every host's input.
          scope: o.scope as Input<'projects.create'>['scope'],
          ttlHours: o.ttlHours !== undefined ? parseNumber(o.ttlHours, 'ttl-hours') : undefined,
        };
        const p = o.adopt
          ? await c.call('projects.adopt', { ...settings, path: path.resolve(o.adopt), name })
          : await c.call('projects.create', { ...settings, name: name ?? '', template: o.template as Input<'projects.create'>['template'] });
        if (c.json) printJson(p);
        else line(`Created project ${p.name} (${p.id}) in ${p.namespace.workspacePath}`);
        // Allowed, but every later lookup by this name will ask which one: say so now, on stderr.
        const same = projectsNamed(await c.call('projects.list', { sort: 'created', order: 'asc' }), p.name).filter((x) => x.id !== p.id);
        if (same.length > 0) {
          process.stderr.write(`reelvault: note: ${same.length === 1 ? 'another project is' : `${same.length} other projects are`} named "${p.name}": ${same.map(describeProject).join('; ')}. Commands that take the name will ask for an id; rename with: reelvault project update ${p.id} --name <new name>\n`);
        }
      });
    });

  project
    .command('list')
    .alias('ls')
    .description('list the projects you can see')
    .option('--scope <scope>', 'only session, user or sandbox projects')
    .option('--owner <id>', 'only projects owned by this user')
    .option('--text <text>', 'only projects whose name contains this')
    .option('--sort <by>', 'updated, created or name', 'updated')
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        // --sort constructor is INVALID_INPUT at the gate: it never reaches the SQL.
        const list = await c.call('projects.list', { scope: o.scope as Input<'projects.list'>['scope'], userId: o.owner, text: o.text, sort: o.sort as Input<'projects.list'>['sort'] });
        if (c.json) return printJson(list);
        if (list.length === 0) return line('No projects yet. Create one with: reelvault project create "My video"');
        printTable(list.map((p) => [p.id, p.name, `${p.width}x${p.height}@${p.fps}`, scopeLabel(p), when(p.updatedAt)]), ['ID', 'NAME', 'FORMAT', 'SCOPE', 'UPDATED']);
      });
    });

  project
    .command('show')
    .description('show a project with its checkpoints')
    .argument('<project>', 'project id or name')
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const p = await c.call('projects.get', { id: await resolveProject(c, ref) });
        if (c.json) return printJson(p);
        show(p);
        line('');
        if (p.checkpoints.length === 0) line('No checkpoints yet.');
        else printTable(p.checkpoints.map((k) => [k.id, k.name, k.fileCount, when(k.createdAt)]), ['CHECKPOINT', 'NAME', 'FILES', 'CREATED']);
      });
    });

  project
    .command('update')
    .description('change name, theme, fps or size')
    .argument('<project>', 'project id or name')
    .option('--name <name>')
    .option('--theme <theme>')
    .option('--fps <n>')
    .option('--width <px>')
    .option('--height <px>')
    .action(async (ref: string, o: Record<string, string | undefined>, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const p = await c.call('projects.update', {
          id: await resolveProject(c, ref),
          patch: {
            name: o.name,
            theme: o.theme,
            fps: o.fps !== undefined ? parseNumber(o.fps, 'fps') : undefined,
            width: o.width !== undefined ? parseNumber(o.width, 'width') : undefined,
            height: o.height !== undefined ? parseNumber(o.height, 'height') : undefined,
          },
        });
        if (c.json) printJson(p);
        else show(p);
      });
    });

  project
    .command('delete')
    .alias('rm')
    .description('move a project to the trash')
    .argument('<project>', 'project id or name')
    .action(async (ref: string, _o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        const id = await resolveProject(c, ref);
        await c.call('projects.delete', { id });
        if (c.json) printJson({ deleted: id });
        else line(`Moved ${id} to the trash (reelvault trash restore ${id} brings it back).`);
      });
    });
}

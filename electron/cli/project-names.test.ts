/** Duplicate project names: creating one says so, and a lookup by a shared name lists the projects that have it. */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Project } from '../../shared/models.js';
import { nameKey, projectsNamed } from '../../shared/project-names.js';
import { tempDir } from '../storage/test-support/fixtures.js';
import { assertBuilt, cliJson, runCli } from './test-support/cli-runner.js';

describe('name keys', () => {
  it('compare trimmed, NFC and case-folded', () => {
    expect(nameKey('  Launch Teaser ')).toBe(nameKey('launch teaser'));
    expect(nameKey('Caf\u0065\u0301')).toBe(nameKey('café'));
    const ps = [{ name: 'Launch teaser' }, { name: 'LAUNCH TEASER' }, { name: 'Launch teaser 2' }];
    expect(projectsNamed(ps, 'launch teaser')).toEqual(ps.slice(0, 2));
  });
});

describe('reelvault with two projects of one name', () => {
  let t: ReturnType<typeof tempDir>;
  beforeAll(assertBuilt);
  beforeEach(() => { t = tempDir('names'); });
  afterEach(() => t.cleanup());

  it('warns at the second create, and checkpoint ls by the name lists both with ids', () => {
    const first = cliJson<Project>(t.dir, ['project', 'create', 'Launch teaser']);
    const again = runCli(t.dir, ['project', 'create', 'launch Teaser']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Created project launch Teaser');
    expect(again.err).toContain('note: another project is named "launch Teaser"');
    expect(again.err).toContain(first.id);
    const second = cliJson<Project[]>(t.dir, ['project', 'ls']).find((p) => p.id !== first.id) as Project;

    const ls = runCli(t.dir, ['checkpoint', 'ls', 'Launch teaser']);
    expect(ls.code).not.toBe(0);
    expect(ls.err).toContain('2 projects are named "Launch teaser"; use an id:');
    for (const p of [first, second]) expect(ls.err).toContain(`${p.id} (personal, created ${p.createdAt.slice(0, 10)}, ${p.namespace.workspacePath})`);
    expect(ls.err).toContain('[CONFLICT]');
    // By id it works.
    expect(runCli(t.dir, ['checkpoint', 'ls', first.id]).code).toBe(0);
  });

  it('a name no project has says which names contain it', () => {
    const p = cliJson<Project>(t.dir, ['project', 'create', 'Launch teaser']);
    const r = runCli(t.dir, ['checkpoint', 'ls', 'teaser']);
    expect(r.err).toContain(`names that contain it: "Launch teaser" ${p.id}`);
    expect(r.err).toContain('[NOT_FOUND]');
    // A unique name resolves as before, and creating it gave no note.
    expect(runCli(t.dir, ['project', 'create', 'Outro']).err).toBe('');
    expect(runCli(t.dir, ['checkpoint', 'ls', 'outro']).code).toBe(0);
  });
});

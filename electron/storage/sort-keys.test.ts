/** Sort keys are looked up in a Map: an inherited name ('constructor', 'toString') is refused, never spliced into SQL. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/models.js';
import { tempLibrary } from './test-support/fixtures.js';

const alice: Actor = { userId: 'alice', sessionId: 's1' };

describe('sort keys', () => {
  let t: ReturnType<typeof tempLibrary>;
  beforeEach(() => { t = tempLibrary(); });
  afterEach(() => t.cleanup());

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('projects.list sort %s is INVALID_INPUT', (sort) => {
    expect(() => t.lib.projects.list(alice, { sort: sort as 'name' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: 'sort must be updated, created or name' }));
  });

  it.each(['constructor', 'toString', '__proto__', 'valueOf'])('assets.search sort %s is INVALID_INPUT', (sort) => {
    expect(() => t.lib.assets.search(alice, { sort: sort as 'name' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: 'sort must be name, date, size, duration, resolution, codec or type' }));
  });

  it('the real keys still sort', async () => {
    await t.lib.projects.create(alice, { name: 'b' });
    await t.lib.projects.create(alice, { name: 'a' });
    expect(t.lib.projects.list(alice, { sort: 'name' }).map((p) => p.name)).toEqual(['a', 'b']);
    expect(t.lib.assets.search(alice, { sort: 'size' }).items).toEqual([]);
  });
});

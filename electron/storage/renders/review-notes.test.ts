/**
 * Review notes (issue 14, item 5): on a frame, a range or the whole of a render, and on a checkpoint;
 * listed in frame order, kept with visibility rules, gone with what they are about, exported as CSV
 * and text with timecodes at the render's rate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { alice, bob, tempDir, tempLibrary } from '../test-support/fixtures.js';
import { MIGRATIONS } from '../core/migrations/index.js';

describe('review notes', () => {
  let t: ReturnType<typeof tempLibrary>;
  let src: ReturnType<typeof tempDir>;
  beforeEach(() => { t = tempLibrary(); src = tempDir('notes-src'); });
  afterEach(() => { t.cleanup(); src.cleanup(); });

  async function setup() {
    const p = await t.lib.projects.create(alice, { name: 'Launch teaser', scope: 'user', fps: 30 });
    const file = path.join(src.dir, 'cut.mp4');
    writeFileSync(file, 'render bytes');
    const r = await t.lib.renders.store(alice, p.id, { path: file }, { name: 'Cut 1', fps: 25 });
    return { p, r };
  }

  it('lives in the table the last migration adds, whatever its number', () => {
    // Another branch may append its own migration after this one: the table is in one of them, the version is their count.
    expect(MIGRATIONS.filter((m) => /CREATE TABLE review_notes/.test(m))).toHaveLength(1);
    expect(t.lib.ctx.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });

  it('adds notes on frames, ranges, the whole render and a checkpoint, and lists them in frame order', async () => {
    const { p, r } = await setup();
    const late = t.lib.notes.add(alice, { renderId: r.id }, { body: 'logo pops', frameFrom: 50 });
    const range = t.lib.notes.add(alice, { renderId: r.id }, { body: '  music too loud here  ', frameFrom: 10, frameTo: 40 });
    const whole = t.lib.notes.add(alice, { renderId: r.id }, { body: 'grade is too warm overall' });
    const ck = t.lib.notes.add(alice, { checkpointId: r.checkpointId }, { body: 'this version goes to the client' });
    expect(range).toMatchObject({ projectId: p.id, renderId: r.id, checkpointId: null, frameFrom: 10, frameTo: 40, body: 'music too loud here', author: 'alice' });
    expect(late).toMatchObject({ frameFrom: 50, frameTo: 50 });
    expect(whole).toMatchObject({ frameFrom: null, frameTo: null });
    expect(t.lib.notes.list(alice, { renderId: r.id }).map((n) => n.id)).toEqual([whole.id, range.id, late.id]);
    expect(t.lib.notes.list(alice, { checkpointId: r.checkpointId }).map((n) => n.id)).toEqual([ck.id]);
    expect(t.lib.notes.list(alice, { projectId: p.id })).toHaveLength(4);
    // Kept in the library: still there after a reopen.
    const again = t.reopen();
    expect(again.notes.list(alice, { renderId: r.id }).map((n) => n.body)).toEqual(['grade is too warm overall', 'music too loud here', 'logo pops']);
  });

  it('refuses what is not a note, and hides notes from who cannot see the project', async () => {
    const { r } = await setup();
    expect(() => t.lib.notes.add(alice, { renderId: r.id }, { body: '   ' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => t.lib.notes.add(alice, { renderId: r.id }, { body: 'x', frameFrom: 20, frameTo: 10 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => t.lib.notes.add(alice, { checkpointId: r.checkpointId }, { body: 'x', frameFrom: 3 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    const n = t.lib.notes.add(alice, { renderId: r.id }, { body: 'mine', frameFrom: 1 });
    expect(() => t.lib.notes.list(bob, { renderId: r.id })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => t.lib.notes.add(bob, { renderId: r.id }, { body: 'sneaky' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => t.lib.notes.delete(bob, n.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(t.lib.notes.update(alice, n.id, 'mine, edited')).toMatchObject({ body: 'mine, edited' });
    t.lib.notes.delete(alice, n.id);
    expect(t.lib.notes.list(alice, { renderId: r.id })).toEqual([]);
  });

  it('goes with the checkpoint it is about', async () => {
    const { p } = await setup();
    const ck = await t.lib.checkpoints.create(alice, p.id, { name: 'spare' });
    t.lib.notes.add(alice, { checkpointId: ck.id }, { body: 'about spare' });
    t.lib.checkpoints.delete(alice, ck.id);
    expect(t.lib.ctx.db.prepare('SELECT count(*) FROM review_notes WHERE checkpoint_id = ?').pluck().get(ck.id)).toBe(0);
  });

  it('exports CSV with timecodes at the render\'s rate, fields quoted and spreadsheet formulas defused, and text', async () => {
    const { p, r } = await setup();
    t.lib.notes.add(alice, { renderId: r.id }, { body: 'music, "too" loud\nfrom here', frameFrom: 10, frameTo: 40 });
    t.lib.notes.add(alice, { renderId: r.id }, { body: '=HYPERLINK("x")', frameFrom: 50 });
    t.lib.notes.add(alice, { checkpointId: r.checkpointId }, { body: 'send it' });
    const csv = t.lib.notes.export(alice, { projectId: p.id }, 'csv');
    const ckName = t.lib.checkpoints.get(alice, r.checkpointId).name;
    const rows = csv.text.split('\r\n');
    expect(rows[0]).toBe('render,checkpoint,frame_from,frame_to,timecode_from,timecode_to,author,created_at,note');
    // 25 fps: frame 10 is 00:00:00:10, frame 40 is 00:00:01:15.
    // A line break inside a note stays inside its quoted field; rows end in CRLF.
    expect(rows[1]).toMatch(/^Cut 1,,10,40,00:00:00:10,00:00:01:15,alice,\d{4}-\d\d-\d\dT[^,]+Z,"music, ""too"" loud\nfrom here"$/);
    expect(rows[2]).toMatch(/^Cut 1,,50,50,00:00:02:00,00:00:02:00,alice,[^,]+,"'=HYPERLINK\(""x""\)"$/);
    expect(rows[3]).toMatch(new RegExp(`^,${ckName},,,,,alice,[^,]+,send it$`));
    expect(rows).toHaveLength(5);
    expect(csv).toMatchObject({ fileName: 'Launch-teaser-notes.csv', mime: 'text/csv', count: 3 });

    const text = t.lib.notes.export(alice, { renderId: r.id }, 'text');
    expect(text.text).toContain('Review notes: Launch teaser (2)');
    expect(text.text).toContain('[render “Cut 1” · 00:00:00:10–00:00:01:15 (frames 10–40)] alice,');
    expect(text.text).toContain('  music, "too" loud\n  from here');
    expect(text.text).toContain('[render “Cut 1” · 00:00:02:00 (frame 50)]');
    expect(text.count).toBe(2);
  });
});

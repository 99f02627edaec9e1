/**
 * Frame-anchored review notes (issue 14, item 5): on a frame, a range (in/out) or the whole of a
 * render and on a checkpoint; listed beside the player, marked on the seek bar, kept in the
 * library, exported as CSV and text.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '../fixtures.js';
import { addRender, makeVideo, mediaDir, openProjectTab, settledTime, videoReady } from '../support/renders-media.js';
import { shootBoth } from '../support/screenshots.js';

interface Note {
  body: string;
  frameFrom: number | null;
  frameTo: number | null;
  renderId: string | null;
  checkpointId: string | null;
}

test.describe('review notes (reelvault serve)', () => {
  test.describe.configure({ timeout: 90_000 });

  test('notes on a frame, a range and the whole render; markers, jumps, persistence, CSV and text', async ({ page, server }) => {
    const project = await server.call<{ id: string }>('projects.create', { name: 'Review', preset: '1080p30' });
    const stored = await addRender(server, project.id, makeVideo(mediaDir(), 'review.mp4'), { name: 'Cut for review' });
    await openProjectTab(page, server, project.id, 'renders');
    await page.getByTestId('render-row').filter({ hasText: 'Cut for review' }).click();
    await expect(page.getByTestId('render-row')).toContainText('25 fps', { timeout: 20_000 });
    await videoReady(page, 'player-video');
    const panel = page.getByTestId('notes-panel');
    await expect(panel).toContainText('No notes yet');

    // A note on frame 37: N in the player goes to the note field, Ctrl+Enter adds.
    await page.getByLabel('Seek').fill('1.48');
    await settledTime(page, 'player-video');
    await page.getByTestId('player').focus();
    await page.keyboard.press('n');
    await expect(page.locator('[data-note-field]')).toBeFocused();
    await expect(page.getByTestId('note-at')).toHaveText('00:01.480 · f37');
    await page.keyboard.type('logo comes in too late');
    await page.keyboard.press('Control+Enter');
    await expect(panel.getByTestId('note')).toHaveCount(1);
    await expect(panel.getByTestId('note').first()).toContainText('00:01.480 · f37');
    await expect(panel.getByTestId('note').first()).toContainText('logo comes in too late');
    // Its marker sits at 37% of the seek bar (1.48 s of 4 s).
    const marker = page.getByTestId('scrub-marker');
    await expect(marker).toHaveCount(1);
    expect(await marker.getAttribute('style')).toContain('left: 37%');

    // A range from in (2 s) to out (3 s).
    await page.getByLabel('Seek').fill('2');
    await settledTime(page, 'player-video');
    await page.getByTestId('player').focus();
    await page.keyboard.press('i');
    await page.getByLabel('Seek').fill('3');
    await settledTime(page, 'player-video');
    await page.getByTestId('player').focus();
    await page.keyboard.press('o');
    await expect(page.getByTestId('note-at')).toHaveText('00:02.000 · f50 – 00:03.000 · f75');
    await page.locator('[data-note-field]').fill('music, too "loud" here');
    await panel.getByRole('button', { name: 'Add note' }).click();
    await expect(panel.getByTestId('note')).toHaveCount(2);
    // And one on the whole render.
    await panel.getByLabel('Whole render').check();
    await expect(page.getByTestId('note-at')).toHaveText('the whole render');
    await page.locator('[data-note-field]').fill('grade is too warm overall');
    await page.keyboard.press('Control+Enter');
    await expect(panel.getByTestId('note')).toHaveCount(3);
    await expect(panel.getByTestId('note').first()).toContainText('Whole');
    await expect(page.getByTestId('scrub-marker')).toHaveCount(2);

    // A click on a note goes to its frame.
    await panel.getByTestId('note').filter({ hasText: 'logo comes in too late' }).getByRole('button').first().click();
    await expect(page.getByTestId('timecode')).toHaveText('00:01.480 · f37');

    // Kept in the library: the server has them in frame order, and a reload lists them again.
    const notes = await server.call<Note[]>('notes.list', { renderId: stored.id });
    expect(notes.map((n) => [n.frameFrom, n.frameTo, n.body])).toEqual([
      [null, null, 'grade is too warm overall'],
      [37, 37, 'logo comes in too late'],
      [50, 75, 'music, too "loud" here'],
    ]);
    await page.mouse.move(0, 0);
    await shootBoth(page, 'review-notes');
    await page.reload();
    await page.getByTestId('render-row').filter({ hasText: 'Cut for review' }).click();
    await expect(page.getByTestId('notes-panel').getByTestId('note')).toHaveCount(3);

    // Editing with the keyboard: Edit, Escape cancels (focus back on Edit, nothing written), Edit again,
    // Enter saves; the host has the new text, the frames stay, and a reload shows it.
    const logo = page.getByTestId('notes-panel').getByTestId('note').filter({ hasText: 'logo comes in too late' });
    const edit = logo.getByRole('button', { name: /^Edit note/ });
    await edit.focus();
    await page.keyboard.press('Enter');
    const editor = page.getByRole('textbox', { name: 'Edit note: logo comes in too late' });
    await expect(editor).toBeFocused();
    await page.keyboard.type('nope');
    await page.keyboard.press('Escape');
    await expect(editor).toHaveCount(0);
    await expect(edit).toBeFocused();
    await expect(page.getByTestId('notes-panel')).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(editor).toBeFocused();
    await page.keyboard.type('logo comes in 6 frames late');
    await page.keyboard.press('Enter');
    await expect(editor).toHaveCount(0);
    const edited = page.getByTestId('notes-panel').getByTestId('note').filter({ hasText: 'logo comes in 6 frames late' });
    await expect(edited).toContainText('00:01.480 · f37');
    await expect(edited).toContainText('edited');
    await expect(edited.getByRole('button', { name: /^Edit note/ })).toBeFocused();
    expect((await server.call<Note[]>('notes.list', { renderId: stored.id })).map((n) => [n.frameFrom, n.body])).toEqual([
      [null, 'grade is too warm overall'],
      [37, 'logo comes in 6 frames late'],
      [50, 'music, too "loud" here'],
    ]);
    await page.reload();
    await page.getByTestId('render-row').filter({ hasText: 'Cut for review' }).click();
    await expect(page.getByTestId('notes-panel').getByTestId('note').filter({ hasText: 'logo comes in 6 frames late' })).toHaveCount(1);
    // The editor open, for the screenshots.
    await page.getByTestId('notes-panel').getByTestId('note').filter({ hasText: 'music' }).getByRole('button', { name: /^Edit note/ }).click();
    await page.mouse.move(0, 0);
    await shootBoth(page, 'review-notes-edit');
    await page.keyboard.press('Escape');

    // Export: a CSV download with SMPTE timecodes at 25 fps, and a text one.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('notes-panel').getByRole('button', { name: 'CSV' }).click()]);
    expect(csvDownload.suggestedFilename()).toBe('Review-notes.csv');
    const csv = readFileSync(await csvDownload.path(), 'utf8').split('\r\n');
    expect(csv[0]).toBe('render,checkpoint,frame_from,frame_to,timecode_from,timecode_to,author,created_at,note');
    expect(csv[1]).toMatch(/^Cut for review,,,,,,e2e,[^,]+,grade is too warm overall$/);
    expect(csv[2]).toMatch(/^Cut for review,,37,37,00:00:01:12,00:00:01:12,e2e,[^,]+,logo comes in 6 frames late$/);
    expect(csv[3]).toMatch(/^Cut for review,,50,75,00:00:02:00,00:00:03:00,e2e,[^,]+,"music, too ""loud"" here"$/);
    const [textDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('notes-panel').getByRole('button', { name: 'Text' }).click()]);
    const text = readFileSync(await textDownload.path(), 'utf8');
    expect(text).toContain('[render “Cut for review” · 00:00:01:12 (frame 37)] e2e,');
    expect(text).toContain('  logo comes in 6 frames late');

    // A note on the checkpoint the render came from, on the timeline.
    await page.goto(`${server.origin}/#/projects/${project.id}/timeline/${stored.checkpointId}`);
    const ckNotes = page.getByTestId('checkpoint-notes');
    await ckNotes.getByLabel('Note on this checkpoint').fill('this version goes to the client');
    await ckNotes.getByRole('button', { name: 'Add note' }).click();
    await expect(ckNotes.getByTestId('note')).toHaveCount(1);
    expect((await server.call<Note[]>('notes.list', { checkpointId: stored.checkpointId })).map((n) => n.body)).toEqual(['this version goes to the client']);
    await shootBoth(page, 'checkpoint-notes');
    // Deleting it with the keyboard-reachable × removes it from the library.
    await ckNotes.getByRole('button', { name: /Delete note/ }).click();
    await expect(ckNotes.getByTestId('note')).toHaveCount(0);
    expect(await server.call<Note[]>('notes.list', { checkpointId: stored.checkpointId })).toEqual([]);
  });
});

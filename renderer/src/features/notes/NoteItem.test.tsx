import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReviewNote } from '../../../../shared/models';
import { fakeHost } from '../../test-support/fake-host';
import { resetQueryCache, WithQuery } from '../../test-support/query';
import { CheckpointNotes } from './NotesPanel';

const at = '2026-01-01T00:00:00.000Z';
const note = (id: string, body: string): ReviewNote => ({ id, body, projectId: 'p1', renderId: null, checkpointId: 'c1', frameFrom: null, frameTo: null, author: 'ann', createdAt: at, updatedAt: at });

describe('editing a review note in the list', () => {
  let stored: ReviewNote[];
  beforeEach(() => {
    resetQueryCache();
    stored = [note('note_1', 'too dark'), note('note_2', 'music late')];
    fakeHost.answer('notes.list', () => stored.map((n) => ({ ...n })));
    fakeHost.answer('notes.update', ({ id, body }) => {
      const n = stored.find((x) => x.id === id) as ReviewNote;
      Object.assign(n, { body, updatedAt: '2026-01-02T00:00:00.000Z' });
      return { ...n };
    });
  });

  const mount = async () => {
    render(
      <WithQuery>
        <CheckpointNotes checkpointId="ckp_1" />
      </WithQuery>,
    );
    await waitFor(() => expect(screen.getAllByTestId('note')).toHaveLength(2));
  };

  it('Enter saves through notes.update, the list shows what the host re-reads, and focus is back on Edit', async () => {
    await mount();
    fireEvent.click(screen.getByRole('button', { name: 'Edit note: too dark' }));
    const field = screen.getByRole('textbox', { name: 'Edit note: too dark' });
    expect(document.activeElement).toBe(field);
    fireEvent.change(field, { target: { value: '  lift the shadows  ' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    // The editor closes once the host said yes (a textarea's own text would match too, so wait for it to go).
    await waitFor(() => expect(screen.queryByRole('textbox', { name: /Edit note/ })).toBeNull());
    expect(screen.getAllByTestId('note')[0]!.textContent).toContain('lift the shadows');
    expect(fakeHost.calls('notes.update')).toEqual([{ id: 'note_1', body: 'lift the shadows' }]);
    // Shown from a fresh read of the host (the list was fetched again), marked as edited.
    expect(fakeHost.calls('notes.list').length).toBeGreaterThanOrEqual(2);
    expect(screen.getAllByTestId('note')[0]!.textContent).toContain('edited');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit note: lift the shadows' })));
  });

  it('Shift+Enter is a new line, Escape cancels without a write and does not reach what is around the list', async () => {
    await mount();
    let escapesOutside = 0;
    const outside = (e: KeyboardEvent) => {
      if (e.key === 'Escape') escapesOutside++;
    };
    window.addEventListener('keydown', outside);
    fireEvent.click(screen.getByRole('button', { name: 'Edit note: music late' }));
    const field = screen.getByRole('textbox', { name: 'Edit note: music late' });
    fireEvent.keyDown(field, { key: 'Enter', shiftKey: true });
    fireEvent.change(field, { target: { value: 'music late\nby a bar' } });
    fireEvent.keyDown(field, { key: 'Escape' });
    window.removeEventListener('keydown', outside);
    expect(escapesOutside).toBe(0);
    expect(screen.queryByRole('textbox', { name: /Edit note/ })).toBeNull();
    expect(screen.getAllByTestId('note')[1]!.textContent).toContain('music late');
    expect(screen.getAllByTestId('note')[1]!.textContent).not.toContain('by a bar');
    expect(fakeHost.calls('notes.update')).toEqual([]);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit note: music late' })));
  });

  it('an empty text cannot be saved: Enter does nothing and the editor stays', async () => {
    await mount();
    fireEvent.click(screen.getByRole('button', { name: 'Edit note: too dark' }));
    const field = screen.getByRole('textbox', { name: 'Edit note: too dark' });
    fireEvent.change(field, { target: { value: '   ' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(screen.getByRole('button', { name: 'Save' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('textbox', { name: 'Edit note: too dark' })).toBeTruthy();
    expect(fakeHost.calls('notes.update')).toEqual([]);
  });
});

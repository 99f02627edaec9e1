import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewNote } from '../../../../shared/models';
import { fakeHost } from '../../test-support/fake-host';
import { resetQueryCache, WithQuery } from '../../test-support/query';
import { startLibrarySync } from '../../lib/query';
import { useNotes, useNotesStore } from './notes-store';

const note = (id: string, body: string): ReviewNote => ({ id, body, frameFrom: null, frameTo: null }) as unknown as ReviewNote;

function Notes({ renderId, testId }: { renderId: string; testId: string }) {
  const notes = useNotes({ renderId });
  return <p data-testid={testId}>{notes.map((n) => n.body).join(',')}</p>;
}

describe('review notes from the one cache', () => {
  let stop: () => void = () => undefined;
  let stored: ReviewNote[];
  beforeEach(() => {
    resetQueryCache();
    stored = [note('n1', 'too dark')];
    fakeHost.answer('notes.list', () => [...stored]);
    fakeHost.answer('notes.add', ({ body }) => {
      const n = note(`n${stored.length + 1}`, body as string);
      stored.push(n);
      return n;
    });
    stop = startLibrarySync(undefined, 10);
  });
  afterEach(() => stop());

  it('two panels on one render share one read; adding a note shows it in both', async () => {
    render(
      <WithQuery>
        <Notes renderId="r1" testId="a" />
        <Notes renderId="r1" testId="b" />
      </WithQuery>,
    );
    await waitFor(() => expect(screen.getByTestId('b').textContent).toBe('too dark'));
    expect(fakeHost.calls('notes.list')).toEqual([{ renderId: 'r1' }]);
    expect(await useNotesStore.getState().add({ renderId: 'r1' }, 'cut at 3s')).toBe(true);
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('too dark,cut at 3s'));
    expect(screen.getByTestId('b').textContent).toBe('too dark,cut at 3s');
  });

  it("another window's note (announced as its render's project changing) is fetched again", async () => {
    render(
      <WithQuery>
        <Notes renderId="r1" testId="a" />
      </WithQuery>,
    );
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('too dark'));
    stored.push(note('n9', 'from elsewhere'));
    act(() => fakeHost.emit('library.changed', { kind: 'renders', id: 'p1' }));
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('too dark,from elsewhere'));
    // A files edit does not touch notes.
    const calls = fakeHost.calls('notes.list').length;
    act(() => fakeHost.emit('library.changed', { kind: 'files', id: 'p1' }));
    await new Promise((r) => setTimeout(r, 40));
    expect(fakeHost.calls('notes.list')).toHaveLength(calls);
  });
});

import { render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeHost, HostRefusal } from '../../test-support/fake-host';
import { resetQueryCache, WithQuery } from '../../test-support/query';
import { RenderCompare } from './RenderCompare';

describe('RenderCompare', () => {
  beforeEach(() => resetQueryCache());

  it('says why a render could not be read, instead of treating it as missing', async () => {
    fakeHost.answer('renders.get', ({ id }) => {
      throw new HostRefusal('IO', `blob of ${id} unreadable`);
    });
    render(
      <WithQuery>
        <RenderCompare aIds={['rnd_a']} bIds={['rnd_b']} aLabel="v1" bLabel="v2" />
      </WithQuery>,
    );
    await waitFor(() => expect(screen.getByTestId('render-read-error').textContent).toContain('Disk problem: blob of rnd_a unreadable'));
    expect(screen.getByTestId('render-read-error').textContent).toContain('blob of rnd_b unreadable');
  });
});

import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from './ErrorBoundary';

let broken = true;
function Flaky() {
  if (broken) throw new Error('the timeline could not be drawn');
  return <p>Timeline</p>;
}

describe('ErrorBoundary', () => {
  beforeEach(() => {
    broken = true;
    // React and the boundary log the caught error; keep the test output readable.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it('shows what went wrong instead of an empty window, and Try again renders the screen anew', () => {
    render(
      <div>
        <nav>Top bar</nav>
        <ErrorBoundary>
          <Flaky />
        </ErrorBoundary>
      </div>,
    );
    expect(screen.getByRole('alert').textContent).toContain('the timeline could not be drawn');
    expect(screen.getByText('Top bar')).toBeTruthy();
    broken = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('Timeline')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('starts over when its reset key changes (navigating to another screen)', () => {
    const { rerender } = render(
      <ErrorBoundary resetKey="a">
        <Flaky />
      </ErrorBoundary>,
    );
    expect(screen.getByTestId('error-boundary')).toBeTruthy();
    broken = false;
    rerender(
      <ErrorBoundary resetKey="b">
        <Flaky />
      </ErrorBoundary>,
    );
    expect(screen.getByText('Timeline')).toBeTruthy();
  });
});

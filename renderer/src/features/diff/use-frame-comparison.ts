import { useEffect, useState } from 'react';
import type { FrameComparison } from '../../../../shared/render-models';
import { ipc } from '../../lib/ipc';

export type ComparisonState = { status: 'loading' } | { status: 'ready'; c: FrameComparison } | { status: 'error'; error: string };

/**
 * The frame-by-frame comparison of two renders: stored with the pair once made; asked for here
 * when it is not (the host queues it), and fetched again when its job finishes.
 */
export function useFrameComparison(a: string, b: string): ComparisonState {
  const [state, setState] = useState<ComparisonState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    let poll: ReturnType<typeof setTimeout> | undefined;
    const fetchIt = () => {
      clearTimeout(poll);
      ipc
        .invoke('renders.compare', { a, b })
        .then((c) => {
          if (!live) return;
          setState({ status: 'ready', c });
          // The job's own event normally says when it is done; a slow poll covers a missed one.
          if (c.state === 'pending') poll = setTimeout(fetchIt, 3000);
        })
        .catch((err: unknown) => live && setState({ status: 'error', error: (err as Error).message }));
    };
    setState({ status: 'loading' });
    fetchIt();
    const off = ipc.on('jobs.progress', (e) => {
      if (e.id === `compare:${a}:${b}` && (e.state === 'done' || e.state === 'failed')) fetchIt();
    });
    return () => {
      live = false;
      clearTimeout(poll);
      off();
    };
  }, [a, b]);
  return state;
}

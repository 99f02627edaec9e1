import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { queryClient } from '../lib/query';

/** Renders under the app's one query cache, as main.tsx does. */
export function WithQuery({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

/** Between tests: nothing cached, nothing in flight. */
export function resetQueryCache(): void {
  queryClient.clear();
}

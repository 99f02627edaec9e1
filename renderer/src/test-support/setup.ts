import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { fakeHost, installFakeHost } from './fake-host';

// Before any test file imports lib/ipc.ts, which picks its transport when it loads.
installFakeHost();

afterEach(() => {
  cleanup();
  fakeHost.reset();
});

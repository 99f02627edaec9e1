import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { queryClient } from './lib/query';
import { applyTheme, rememberedTheme } from './lib/theme';
import './styles.css';

// Before the first paint: the theme chosen last time (the host's settings confirm it once loaded).
applyTheme(rememberedTheme());

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);

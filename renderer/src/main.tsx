import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyTheme, rememberedTheme } from './lib/theme';
import './styles.css';

// Before the first paint: the theme chosen last time (the host's settings confirm it once loaded).
applyTheme(rememberedTheme());

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

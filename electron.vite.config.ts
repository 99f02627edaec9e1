/**
 * electron-vite builds the three Electron parts from this repository's folders (not its default
 * src/main, src/preload, src/renderer): electron/main, electron/preload and renderer/. The web host
 * serves the same out/renderer that the desktop window loads.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/** Native modules: loaded from node_modules (unpacked from the asar), never bundled. */
const NATIVE = ['better-sqlite3', 'sharp'];

/**
 * The dev server injects an inline script (React refresh) and talks over a websocket; the strict
 * policy in index.html would block both, so only `electron-vite dev` relaxes it. Builds keep it.
 */
function devCsp(): Plugin {
  return {
    name: 'reelvault-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*"),
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      minify: true,
      externalizeDeps: { include: NATIVE },
      // Worker threads are files of their own (out/main/count-worker.js, snapshot-worker.js), loaded by path.
      rolldownOptions: { input: { index: resolve('electron/main/index.ts'), 'count-worker': resolve('electron/storage/assets/count-worker.ts'), 'snapshot-worker': resolve('electron/storage/maintenance/snapshot-worker.ts') }, external: NATIVE },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron': what it imports is bundled in, and it must be
      // CommonJS. It imports shared/channel-names.ts, not the contract, so zod stays out (budget: 10 kB).
      externalizeDeps: false,
      minify: true,
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    // Relative asset URLs work both from file:// (Electron) and from the web host's root.
    base: './',
    plugins: [react(), devCsp()],
    build: {
      outDir: resolve('out/renderer'),
      // The compare view (with highlight.js and the diff) is a chunk of its own, loaded on demand;
      // scripts/bundle-budget.mjs holds the initial JS to 450 kB.
      minify: true,
      rolldownOptions: { input: resolve('renderer/index.html') },
    },
  },
});

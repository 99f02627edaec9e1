import type { Command } from 'commander';
import { ReelvaultError } from '../../shared/errors.js';
import { chooseLibraryDir, createApi, jsonSettingsStore, settingsFilePath } from '../api/index.js';
import type { MediaSettings } from '../../shared/settings.js';
import type { MediaWorker } from '../media/index.js';
import type { Storage } from '../storage/index.js';
import { isAppDataDir, openStorage } from '../storage/index.js';
import { openBrowser } from './open-browser.js';
import { findRendererDir } from './renderer-dir.js';
import { startWebHost } from './server.js';

interface ServeOptions {
  port: string;
  open?: boolean;
}

/**
 * `reelvault serve`: the app in a browser, for machines where Electron cannot start. Serves the
 * already-built renderer (npm run web builds it first) and prints a URL with this launch's token.
 */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the Reelvault UI on http://127.0.0.1 with a one-time token (the app in a browser)')
    .option('-p, --port <n>', 'port to listen on (0 = any free port)', '0')
    .option('--open', 'open the URL in the default browser')
    .action(async (o: ServeOptions, cmd: Command) => {
      const g = cmd.optsWithGlobals() as { library?: string };
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ReelvaultError('INVALID_INPUT', `--port must be 0–65535, got "${o.port}"`);
      const rendererDir = findRendererDir();
      if (!rendererDir) throw new ReelvaultError('NOT_FOUND', 'the UI is not built: run `npm run build` first (or `npm run web`, which builds and serves)');
      // --library, REELVAULT_LIBRARY, the settings' library folder, the app-data folder: as the desktop app.
      const settings = jsonSettingsStore(settingsFilePath());
      const choice = chooseLibraryDir({ flag: g.library, settings });
      const libraryDir = choice.dir;
      const storage = openStorage({ provider: 'filesystem', dir: libraryDir, appOwned: isAppDataDir(libraryDir) });
      // A read-only library is served as it is: browsing and playback work; media work would have to write.
      const worker = storage.ctx.readOnly ? null : await startWorker(storage, settings.read().media);
      // Loaded here for the same reason as the media worker: other commands need none of it.
      const render = storage.ctx.readOnly ? null : (await import('../render/index.js')).startRenderWorker(storage);
      const api = createApi({ storage, host: 'web', libraryDir, jobs: worker ?? undefined, render: render ?? undefined, settings, libraryOverride: choice.override });
      let host;
      try {
        host = await startWebHost({ api, rendererDir, port });
      } catch (err) {
        api.close();
        await render?.close();
        await worker?.close();
        storage.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new ReelvaultError('CONFLICT', `port ${port} is in use; pick another with --port or use --port 0`);
        throw err;
      }
      process.stdout.write(`Reelvault is serving the library ${libraryDir}${storage.ctx.readOnly ? ' (read-only: this process cannot write to it)' : ''}\nOpen this URL (it carries this launch's token; keep it private):\n\n    ${host.url}\n\nPress Ctrl+C to stop.\n`);
      if (o.open) openBrowser(host.url);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      api.close();
      await render?.close();
      await worker?.close();
      storage.close();
    });
}

/** Posters, probes and filmstrips for the UI; the library works without them, so a failure only warns. */
async function startWorker(storage: Storage, media: MediaSettings): Promise<MediaWorker | null> {
  try {
    // Loaded here, not at the top: every other CLI command would otherwise load sharp and ffmpeg's packages.
    const { startMediaWorker } = await import('../media/index.js');
    const worker = await startMediaWorker(storage, { concurrency: media.concurrency ?? undefined, timeoutMs: media.timeoutSeconds * 1000, paused: media.startPaused });
    // Said once, loudly: without a current ffmpeg, videos and audio get no thumbnails or probes.
    for (const t of await worker.tools()) if (t.problem) process.stderr.write(`reelvault serve: ${t.tool}: ${t.problem}. ${t.remedy ?? ''}
`);
    return worker;
  } catch (err) {
    process.stderr.write(`reelvault serve: media work (posters, probes) is off: ${err instanceof Error ? err.message : String(err)}\n`);
    return null;
  }
}

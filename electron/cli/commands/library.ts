import type { Command } from 'commander';
import { mediaToolSummary } from '../../../shared/media-tools-text.js';
import { withLibrary } from '../context.js';
import { line, printJson, printTable } from '../output.js';

export function libraryCommands(program: Command): void {
  const library = program.command('library').description('the library itself: where it is, and what it runs');

  library
    .command('info')
    .description('where the library is, who you act as, and which ffmpeg and ffprobe media work runs')
    .action(async (_o: unknown, cmd: Command) => {
      await withLibrary(cmd, async (c) => {
        // Loaded here: the media layer brings sharp, which no other library command needs.
        const { mediaTools, problemLine } = await import('../../media/index.js');
        // The CLI runs no media worker, so library.info has no tools to name: the ones media work would run are found here.
        const [info, media] = await Promise.all([c.call('library.info', {}), mediaTools()]);
        if (c.json) return printJson({ libraryDir: info.libraryDir, actor: info.actor, version: info.version, media });
        printTable([
          ['Library', info.libraryDir],
          ['Version', info.version],
          ['User', `${info.actor.userId} (session ${info.actor.sessionId})`],
          ...media.map((t) => [t.tool, mediaToolSummary(t)]),
        ]);
        for (const t of media) {
          for (const r of t.refused) line(`  refused ${r.path}: ${r.reason}`);
          const problem = problemLine(t);
          if (problem) process.stderr.write(`reelvault: ${t.tool}: ${problem}\n`);
        }
      });
    });
}

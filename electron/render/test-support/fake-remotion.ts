import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A stand-in for a Remotion project's toolchain, for tests of everything around a render (queue,
 * progress, storing) without a 300 MB install and a browser: an `npm` (REELVAULT_NPM) that
 * "installs" a fake @remotion/cli, whose `compositions` lists one composition and whose `render`
 * prints Remotion's own progress lines ("Rendered 3/20") one per FAKE_REMOTION_DELAY_MS, then
 * writes the output file. The real Remotion is covered by the render e2e test.
 */
export function fakeRemotion(dir: string, opts: { frames?: number; delayMs?: number } = {}): { env: Record<string, string>; packageJson: string } {
  const pkg = path.join(dir, 'fake-remotion-cli');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@remotion/cli', version: '4.0.529', bin: { remotion: 'remotion-cli.js' } }));
  writeFileSync(
    path.join(pkg, 'remotion-cli.js'),
    `const fs = require('fs'), path = require('path');
const [cmd, ...rest] = process.argv.slice(2);
const frames = Number(process.env.FAKE_REMOTION_FRAMES), delay = Number(process.env.FAKE_REMOTION_DELAY_MS);
if (cmd === 'compositions') {
  console.log('The following compositions are available:\\n\\nMain    30      320x180        ' + frames + ' (1.00 sec)');
} else if (cmd === 'render') {
  const out = rest[1];
  if (process.env.FAKE_REMOTION_FAIL) { console.error('Error: ' + process.env.FAKE_REMOTION_FAIL); process.exit(1); }
  console.log('Bundling 100%');
  console.log('Getting composition');
  let i = 0;
  const t = setInterval(() => {
    i++;
    console.log('Rendered ' + i + '/' + frames + ', time remaining: 1s');
    if (i < frames) return;
    clearInterval(t);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, 'not really a video ' + process.argv.join(' '));
    console.log('+ ' + out);
  }, delay);
} else {
  process.exit(2);
}
`,
  );
  const npm = path.join(dir, 'fake-npm');
  writeFileSync(npm, `#!/bin/sh\nmkdir -p node_modules/@remotion && cp -R '${pkg}' node_modules/@remotion/cli\necho "npm http fetch GET 200 https://registry.npmjs.org/@remotion/cli/-/cli-4.0.529.tgz 5ms"\n`);
  chmodSync(npm, 0o755);
  return {
    env: {
      REELVAULT_NPM: npm,
      REELVAULT_RENDER_CACHE: path.join(dir, 'render-cache'),
      FAKE_REMOTION_FRAMES: String(opts.frames ?? 20),
      FAKE_REMOTION_DELAY_MS: String(opts.delayMs ?? 100),
    },
    packageJson: JSON.stringify({ name: 'fake', private: true, dependencies: { '@remotion/cli': '4.0.529' } }, null, 1),
  };
}

// Makes the built CLI executable, so `npm link` / the package `bin` runs it directly.
import { chmodSync, existsSync } from 'node:fs';

const cli = new URL('../dist/electron/cli/main.js', import.meta.url);
if (existsSync(cli)) chmodSync(cli, 0o755);

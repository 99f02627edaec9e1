// Electronegativity (Doyensec) over electron/: fails on any HIGH or MEDIUM finding that has no
// reviewed `eng-disable` comment beside it. Run through its programmatic API, offline:
// - its CLI entry breaks on the commander version npm hoists (it never declared the dependency);
// - it fetches translations and Electron release data over the network with `got`; both are
//   stubbed to fail at once, and the one check that needs release data
//   (AvailableSecurityFixesGlobalCheck) is excluded, so the result never depends on a network.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const toolDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const gotPath = createRequire(path.join(toolDir, 'package.json')).resolve('got');
const offline = () => Promise.reject(new Error('offline: electronegativity runs without network here'));
offline.head = offline;
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) };

const run = require('@doyensec/electronegativity');
const electronVersion = require('electron/package.json').version;
const target = path.join(root, 'electron');

const quietLog = console.log;
console.log = () => {}; // the tool logs its failed translation download; nothing else is printed when not a CLI
let result;
try {
  result = await run({
    input: target,
    output: undefined,
    isSarif: false,
    customScan: [],
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    severitySet: undefined,
    confidenceSet: undefined,
    isRelative: true,
    isVerbose: true,
    electronUpgrade: undefined,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  });
} finally {
  console.log = quietLog;
}

const parseErrors = result.errors.filter((e) => !e.tolerable);
const serious = result.issues.filter((i) => ['HIGH', 'MEDIUM'].includes(i.severity.name));
const minor = result.issues.filter((i) => !serious.includes(i));
for (const e of parseErrors) console.error(`electronegativity could not parse ${path.relative(root, e.file)}: ${e.message}`);
for (const i of serious) {
  console.error(`${i.severity.name} ${i.id} ${path.relative(root, path.resolve(target, i.file))}:${i.location.line}:${i.location.column} ${i.description}\n  ${i.shortenedURL}`);
}
for (const i of minor) console.log(`  (${i.severity.name}, not failing) ${i.id} ${path.relative(root, path.resolve(target, i.file))}:${i.location.line}`);
console.log(
  `electronegativity ${require('@doyensec/electronegativity/package.json').version} (Electron ${electronVersion}): ` +
    `${result.globalChecks + result.atomicChecks} checks over electron/, ${serious.length} HIGH/MEDIUM, ${minor.length} LOW/INFORMATIONAL, ${parseErrors.length} parse errors`,
);
if (serious.length > 0 || parseErrors.length > 0) process.exit(1);

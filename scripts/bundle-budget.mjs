#!/usr/bin/env node
// Holds the built bundles to their budget (npm test runs it after the build):
// - the preload, loaded into the window before the page on every start: at most 10 kB;
// - the renderer's initial JavaScript — the entry script index.html loads and every chunk it imports
//   statically (what the browser must fetch and parse before the first screen): at most 450 kB.
// Chunks loaded on demand (import(), e.g. the compare view with highlight.js) are listed, not counted.
// Sizes are minified bytes on disk (1 kB = 1000 bytes), as the build prints them.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUDGET = { preload: 10_000, initialRenderer: 450_000 };
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;

const preload = path.join(root, 'out/preload/index.cjs');
const rendererDir = path.join(root, 'out/renderer');
const html = path.join(rendererDir, 'index.html');
for (const f of [preload, html]) {
  if (!existsSync(f)) {
    console.error(`bundle-budget: ${path.relative(root, f)} is missing: run "npm run build" first`);
    process.exit(1);
  }
}

/** Relative specifiers of static imports (`import … from "./x.js"`, `import "./x.js"`), not `import("./x.js")`. */
function staticImports(code) {
  const out = new Set();
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*(["'`])(\.{1,2}\/[^"'`]+\.js)\1/g)) out.add(m[2]);
  return [...out];
}
function dynamicImports(code) {
  return [...new Set([...code.matchAll(/\bimport\(\s*(["'`])(\.{1,2}\/[^"'`]+\.js)\1\s*\)/g)].map((m) => m[2]))];
}

const page = readFileSync(html, 'utf8');
const entries = [...page.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\.?\/?([^"]+\.js)"/g)].map((m) => path.join(rendererDir, m[1]));
const initial = new Set();
const lazy = new Set();
const queue = [...entries];
while (queue.length) {
  const file = queue.shift();
  if (initial.has(file)) continue;
  initial.add(file);
  const code = readFileSync(file, 'utf8');
  for (const spec of staticImports(code)) queue.push(path.resolve(path.dirname(file), spec));
  for (const spec of dynamicImports(code)) lazy.add(path.resolve(path.dirname(file), spec));
}
for (const f of initial) lazy.delete(f);

const preloadSize = statSync(preload).size;
const initialSize = [...initial].reduce((n, f) => n + statSync(f).size, 0);
const rel = (f) => path.relative(root, f);
console.log(`bundle-budget: preload ${kb(preloadSize)} (budget ${kb(BUDGET.preload)})`);
console.log(`bundle-budget: renderer initial JS ${kb(initialSize)} (budget ${kb(BUDGET.initialRenderer)}): ${[...initial].map(rel).join(', ')}`);
if (lazy.size) console.log(`bundle-budget: on demand: ${[...lazy].map((f) => `${rel(f)} ${kb(existsSync(f) ? statSync(f).size : 0)}`).join(', ')}`);

const over = [];
if (preloadSize > BUDGET.preload) over.push(`the preload is ${kb(preloadSize)}, over its ${kb(BUDGET.preload)} budget (does it import shared/contract.ts, and with it zod?)`);
if (initialSize > BUDGET.initialRenderer) over.push(`the renderer's initial JS is ${kb(initialSize)}, over its ${kb(BUDGET.initialRenderer)} budget (load big, rarely used views with React.lazy)`);
if (initial.size === 0) over.push('no entry script found in out/renderer/index.html');
for (const o of over) console.error(`bundle-budget: ${o}`);
process.exit(over.length ? 1 : 0);

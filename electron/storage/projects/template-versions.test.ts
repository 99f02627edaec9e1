/**
 * The remotion template pins one exact version for every Remotion package: with ranges, `remotion`
 * and `@remotion/cli` resolve to different releases and Remotion warns of a version mismatch. (The
 * install itself is checked by e2e/render/remotion-loop.spec.ts: `remotion versions` finds no mismatch.)
 */
import { describe, expect, it } from 'vitest';
import { REMOTION_VERSION, templateFiles } from './templates.js';

describe('remotion template versions', () => {
  const pkg = JSON.parse(templateFiles('remotion', { name: 'Promo', fps: 30, width: 320, height: 180, theme: 'default' })['package.json'] as string) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const all = { ...pkg.dependencies, ...pkg.devDependencies };

  it('pins every Remotion package to the same exact version', () => {
    const remotion = Object.entries(all).filter(([name]) => name === 'remotion' || name.startsWith('@remotion/'));
    expect(remotion.map(([n]) => n).sort()).toEqual(['@remotion/cli', 'remotion']);
    for (const [name, version] of remotion) expect(version, name).toBe(REMOTION_VERSION);
    expect(REMOTION_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('pins everything else exactly too, so one checkpoint always installs alike', () => {
    for (const [name, version] of Object.entries(all)) expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('keeps the composition props in src/props.json, which Root.tsx reads', () => {
    const files = templateFiles('remotion', { name: 'Launch "day"', fps: 30, width: 320, height: 180, theme: 'default' });
    expect(JSON.parse(files['src/props.json'] as string)).toEqual({ title: 'Launch "day"' });
    expect(files['src/Root.tsx']).toContain("import defaultProps from './props.json';");
    expect(JSON.parse(files['tsconfig.json'] as string).compilerOptions.resolveJsonModule).toBe(true);
  });
});

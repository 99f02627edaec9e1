/**
 * findBrowser on real files: the environment's choice first (REELVAULT_CHROMIUM over CHROMIUM_PATH),
 * refused loudly when it is not an executable file; else the first usual install path that is one,
 * skipping what is missing, a folder or not executable; else Remotion's own.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../storage/test-support/fixtures.js';
import { findBrowser } from './render-tools.js';

describe.skipIf(process.platform === 'win32')('findBrowser', () => {
  let t: ReturnType<typeof tempDir>;
  let exe: (name: string, mode?: number) => string;
  beforeEach(() => {
    t = tempDir('find-browser');
    exe = (name, mode = 0o755) => {
      const p = path.join(t.dir, name);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, '#!/bin/sh\nexit 0\n');
      chmodSync(p, mode);
      return p;
    };
  });
  afterEach(() => t.cleanup());

  it('takes CHROMIUM_PATH when it names an executable, before any install path', () => {
    const chosen = exe('env/chromium');
    const usual = exe('usr/bin/chromium');
    expect(findBrowser({ CHROMIUM_PATH: chosen }, [usual])).toEqual({ path: chosen, source: 'env' });
  });

  it('REELVAULT_CHROMIUM wins over CHROMIUM_PATH', () => {
    const ours = exe('ours/chrome');
    const theirs = exe('theirs/chromium');
    expect(findBrowser({ REELVAULT_CHROMIUM: ours, CHROMIUM_PATH: theirs }, [])).toEqual({ path: ours, source: 'env' });
  });

  it('refuses an environment choice that is missing, a folder or not executable, naming the variable', () => {
    const plain = exe('plain/chromium', 0o644);
    mkdirSync(path.join(t.dir, 'a-folder'));
    const usual = exe('usr/bin/chromium');
    for (const bad of [path.join(t.dir, 'nope'), path.join(t.dir, 'a-folder'), plain]) {
      // A wrong setting is said, not silently replaced by another browser.
      expect(() => findBrowser({ CHROMIUM_PATH: bad }, [usual])).toThrow(`CHROMIUM_PATH names ${bad}, which is not an executable file`);
    }
    expect(() => findBrowser({ REELVAULT_CHROMIUM: plain }, [usual])).toThrow(/^REELVAULT_CHROMIUM names/);
  });

  it('an empty variable counts as unset', () => {
    const usual = exe('usr/bin/chromium');
    expect(findBrowser({ CHROMIUM_PATH: '' }, [usual])).toEqual({ path: usual, source: 'found' });
  });

  it('takes the first usual path that is an executable file, in order', () => {
    mkdirSync(path.join(t.dir, 'dir-named-chromium'));
    const notExec = exe('usr/bin/chromium-browser', 0o644);
    const second = exe('usr/bin/google-chrome-stable');
    const third = exe('opt/google/chrome/chrome');
    const candidates = [path.join(t.dir, 'missing/chromium'), path.join(t.dir, 'dir-named-chromium'), notExec, second, third];
    expect(findBrowser({}, candidates)).toEqual({ path: second, source: 'found' });
  });

  it('with none found, leaves it to Remotion', () => {
    expect(findBrowser({}, [path.join(t.dir, 'missing')])).toEqual({ path: null, source: 'remotion' });
    expect(findBrowser({}, [])).toEqual({ path: null, source: 'remotion' });
  });
});

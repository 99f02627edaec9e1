/**
 * Checkpoint cases on one workspace (the many-files tree): unchanged, 1% changed, restore into an
 * empty folder, switching between checkpoints 1% apart — against git and restic on the same tree.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { WorkspaceWatcher, attachWatcher, detachWatcher, openStorage, scanWorkspace, type Storage } from '../../electron/storage/index.js';
import type { Bench } from '../harness.js';
import { resticEnv, timed } from '../harness.js';
import { ageFiles, emptyDir, listFiles, pickFiles, rewriteFiles, type TreeSpec } from '../fixtures.js';
import { missing, run, settle, timeCmd } from '../proc.js';
import { makeRow, notMeasured, type Row } from '../report.js';
import { formatBytes, formatCount, median } from '../stats.js';

const DAY = 86_400_000;

export async function checkpointCases(b: Bench, tree: string, spec: TreeSpec): Promise<Row[]> {
  const rows: Row[] = [];
  const fixture = `${formatCount(spec.files)} files, ${formatBytes(spec.files * spec.fileSize)}`;
  const files = listFiles(tree);
  const base = Date.now() - 2 * DAY;
  ageFiles(tree, files, new Date(base));
  const env = resticEnv(b);
  const git = b.peers.git.bin;
  const restic = b.peers.restic.bin;
  const noGit = missing(b.peers, 'git');
  const noRestic = missing(b.peers, 'restic');
  const repo = path.join(b.work, 'restic-tree');
  const libDir = path.join(b.work, 'lib-tree');
  const wt = path.join(b.work, 'git-switch');

  // 3. first checkpoint of the project vs `git add -A && git commit` into a fresh repository, on the same
  // tree; each run starts over (a fresh library, a fresh .git) and the last run's repository, library and
  // checkpoint are the ones the later cases build on.
  const c0 = 'first checkpoint of a project';
  const firstRv: number[] = [];
  const firstGit: number[] = [];
  const firstRuns = b.quick ? 1 : 2;
  let lib: Storage | null = null;
  let project = { id: '' };
  for (let i = 0; i < firstRuns; i++) {
    let g = Number.NaN;
    if (git) {
      rmSync(path.join(tree, '.git'), { recursive: true, force: true });
      run(git, ['init', '-q', tree]);
      for (const [k, v] of [['user.name', 'bench'], ['user.email', 'bench@localhost'], ['gc.auto', '0']]) run(git, ['-C', tree, 'config', k as string, v as string]);
      settle();
      g = timeCmd(git, ['-C', tree, 'add', '-A']) + timeCmd(git, ['-C', tree, 'commit', '-q', '-m', 'base']);
      settle();
    }
    lib?.close();
    rmSync(libDir, { recursive: true, force: true });
    lib = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000, snapshotCheckMs: 3_600_000 });
    project = await lib.projects.adopt(b.actor, { path: tree, name: 'bench tree' });
    settle();
    const l = lib;
    const first = await timed(() => l.checkpoints.create(b.actor, project.id, { name: 'base' }));
    settle();
    firstRv.push(first.seconds);
    firstGit.push(g);
    b.log(`  ${c0} run ${i}: Reelvault ${first.seconds.toFixed(2)} s, git add -A && git commit ${g.toFixed(2)} s`);
  }
  rows.push(noGit ? notMeasured('skipped', { case: c0, fixture, peer: 'git add -A && git commit', goalText: '≤ 1.0×' }, noGit)
    : makeRow({ case: c0, fixture, metric: 'median', unit: 's', reelvault: median(firstRv), reelvaultRuns: firstRv, peer: 'git add -A && git commit', peerValue: median(firstGit), peerRuns: firstGit, goal: { kind: 'ratio-max', max: 1.0 }, goalText: '≤ 1.0×', note: 'Reelvault fsyncs every blob it stores; git (core.fsync default) fsyncs no loose object' }));
  if (restic) {
    rmSync(repo, { recursive: true, force: true });
    run(restic, ['init', '-q', '-r', repo], { env });
    const t = await timed(() => run(restic, ['-q', '-r', repo, 'backup', '--exclude', '.git', tree], { env }));
    b.log(`  restic: first backup ${t.seconds.toFixed(1)} s`);
  }
  settle();
  if (!lib) throw new Error('no library');
  try {
    // 4. unchanged tree
    {
      const c = 'checkpoint, unchanged tree';
      const rv: number[] = [];
      const gt: number[] = [];
      const rs: number[] = [];
      let hashed = 0;
      for (let i = 0; i <= b.sizes.runsLight; i++) {
        const h0 = lib.ctx.blobs.counters.bytesHashed;
        const r = await timed(() => lib.checkpoints.create(b.actor, project.id, { name: `unchanged ${i}` }));
        hashed += lib.ctx.blobs.counters.bytesHashed - h0;
        const g = git ? timeCmd(git, ['-C', tree, 'add', '-A']) + timeCmd(git, ['-C', tree, 'commit', '-q', '--allow-empty', '-m', `unchanged ${i}`]) : Number.NaN;
        const s = restic ? timeCmd(restic, ['-q', '-r', repo, 'backup', '--exclude', '.git', tree], { env }) : Number.NaN;
        if (i > 0) {
          rv.push(r.seconds);
          gt.push(g);
          rs.push(s);
        }
        b.log(`  ${c} run ${i}${i === 0 ? ' (warm-up)' : ''}: Reelvault ${(r.seconds * 1000).toFixed(0)} ms, git ${(g * 1000).toFixed(0)} ms, restic ${(s * 1000).toFixed(0)} ms`);
      }
      rows.push(noGit ? notMeasured('skipped', { case: c, fixture, peer: 'git add -A && git commit', goalText: '≤ 1.0×' }, noGit)
        : makeRow({ case: c, fixture, metric: 'median', unit: 's', reelvault: median(rv), reelvaultRuns: rv, peer: 'git add -A && git commit', peerValue: median(gt), peerRuns: gt, goal: { kind: 'ratio-max', max: 1.0 }, goalText: '≤ 1.0×' }));
      rows.push(noRestic ? notMeasured('skipped', { case: c, fixture, peer: 'restic backup', goalText: '≤ 0.2×' }, noRestic)
        : makeRow({ case: c, fixture, metric: 'median', unit: 's', reelvault: median(rv), reelvaultRuns: rv, peer: 'restic backup', peerValue: median(rs), peerRuns: rs, goal: { kind: 'ratio-max', max: 0.2 }, goalText: '≤ 0.2×' }));
      rows.push(makeRow({ case: c, fixture, metric: 'bytes hashed (all runs)', unit: 'bytes', reelvault: hashed, goal: { kind: 'equal', value: 0 }, goalText: '= 0' }));
    }

    // 4b. unchanged tree while a watcher runs (the app or `serve` with the project open: files.watch).
    // The first checkpoint after the watcher starts walks everything (it is the baseline); the timed
    // ones stat only what the watcher saw change — nothing here. The watcher is dropped afterwards,
    // so the cases below measure what they always did.
    {
      const c = 'checkpoint, unchanged tree, with watcher';
      const watcher = await WorkspaceWatcher.start(tree, { onChange: () => undefined });
      attachWatcher(lib.ctx, project.id, watcher);
      try {
        const rv: number[] = [];
        const gt: number[] = [];
        let viaWatcher = 0;
        await lib.checkpoints.create(b.actor, project.id, { name: 'watched baseline' });
        for (let i = 0; i <= b.sizes.runsLight; i++) {
          const r = await timed(() => lib.checkpoints.create(b.actor, project.id, { name: `watched ${i}` }));
          const g = git ? timeCmd(git, ['-C', tree, 'add', '-A']) + timeCmd(git, ['-C', tree, 'commit', '-q', '--allow-empty', '-m', `watched ${i}`]) : Number.NaN;
          if (i > 0) {
            rv.push(r.seconds);
            gt.push(g);
          }
          b.log(`  ${c} run ${i}${i === 0 ? ' (warm-up)' : ''}: Reelvault ${(r.seconds * 1000).toFixed(1)} ms, git ${(g * 1000).toFixed(0)} ms, ratio ${(r.seconds / g).toFixed(2)}×`);
        }
        // The same after a quiet spell, as a person pressing the button meets it: @parcel/watcher hands
        // over the first event after ≥ 500 ms without one at once, and waits 50 ms to batch any other
        // (its Debounce.cc), so back-to-back checkpoints above pay that wait for their flush cookie.
        const cq = 'checkpoint, unchanged tree, with watcher, after 0.7 s quiet';
        const rq: number[] = [];
        const gq: number[] = [];
        for (let i = 0; i <= b.sizes.runsLight; i++) {
          const g = git ? timeCmd(git, ['-C', tree, 'add', '-A']) + timeCmd(git, ['-C', tree, 'commit', '-q', '--allow-empty', '-m', `quiet ${i}`]) : Number.NaN;
          await new Promise((r) => setTimeout(r, 700));
          const r = await timed(() => lib.checkpoints.create(b.actor, project.id, { name: `quiet ${i}` }));
          if (i > 0) {
            rq.push(r.seconds);
            gq.push(g);
          }
          b.log(`  ${cq} run ${i}${i === 0 ? ' (warm-up)' : ''}: Reelvault ${(r.seconds * 1000).toFixed(1)} ms, git ${(g * 1000).toFixed(0)} ms, ratio ${(r.seconds / g).toFixed(2)}×`);
        }
        rows.push(noGit ? notMeasured('skipped', { case: cq, fixture, peer: 'git add -A && git commit', goalText: '≤ 0.5×' }, noGit)
          : makeRow({ case: cq, fixture, metric: 'median', unit: 's', reelvault: median(rq), reelvaultRuns: rq, peer: 'git add -A && git commit', peerValue: median(gq), peerRuns: gq, goal: { kind: 'ratio-max', max: 0.5 }, goalText: '≤ 0.5×', note: 'each Reelvault checkpoint 0.7 s after the last file event (no debounce wait for its flush cookie); git timed before the pause' }));
        // Said in the log: the fast path really ran (a scan with the same watcher, nothing changed).
        viaWatcher = (await scanWorkspace(lib.ctx, project.id, tree, 'store', { watched: true })).viaWatcher ? 1 : 0;
        b.log(`  ${c}: watcher fast path ${viaWatcher ? 'used' : 'NOT used (full walks were timed)'}`);
        rows.push(noGit ? notMeasured('skipped', { case: c, fixture, peer: 'git add -A && git commit', goalText: '≤ 0.5×' }, noGit)
          : makeRow({ case: c, fixture, metric: 'median', unit: 's', reelvault: median(rv), reelvaultRuns: rv, peer: 'git add -A && git commit', peerValue: median(gt), peerRuns: gt, goal: { kind: 'ratio-max', max: 0.5 }, goalText: '≤ 0.5×', note: viaWatcher ? 'a @parcel/watcher live since the previous checkpoint: only its dirty paths are stat-ed (git fsmonitor\'s idea); git here runs without fsmonitor' : 'the watcher fast path was NOT taken' }));
      } finally {
        detachWatcher(lib.ctx, project.id, watcher);
        await watcher.close();
      }
    }

    // 5. 1% changed: each round rewrites a different 1% of the files (same sizes, new content, an older mtime).
    const ckpts: string[] = [];
    const commits: string[] = [];
    {
      const c = 'checkpoint, 1% changed';
      const n = b.sizes.changedFiles;
      const rv: number[] = [];
      const gt: number[] = [];
      const rs: number[] = [];
      let hashed = 0;
      let changed = 0;
      for (let i = 0; i <= b.sizes.runsLight; i++) {
        const pick = pickFiles(spec, n, i + 1);
        const bytes = rewriteFiles(tree, pick, spec, i + 1, new Date(base + (i + 1) * 60_000));
        settle();
        // Past the racily-clean window (tree-scan.ts, RACY_MS = 100): a file whose ctime is that close to
        // the scan is not trusted by the next scan and would be read again there, billing this round's
        // edits to the next one whenever the rewrite and sync above take less than 100 ms.
        await new Promise((r) => setTimeout(r, 150));
        const h0 = lib.ctx.blobs.counters.bytesHashed;
        const r = await timed(() => lib.checkpoints.create(b.actor, project.id, { name: `changed ${i}` }));
        const dh = lib.ctx.blobs.counters.bytesHashed - h0;
        ckpts.push(r.value.id);
        const g = git ? timeCmd(git, ['-C', tree, 'add', '-A']) + timeCmd(git, ['-C', tree, 'commit', '-q', '-m', `changed ${i}`]) : Number.NaN;
        if (git) commits.push(run(git, ['-C', tree, 'rev-parse', 'HEAD']).trim());
        const s = restic ? timeCmd(restic, ['-q', '-r', repo, 'backup', '--exclude', '.git', tree], { env }) : Number.NaN;
        if (i > 0) {
          rv.push(r.seconds);
          gt.push(g);
          rs.push(s);
          hashed += dh;
          changed += bytes;
        }
        b.log(`  ${c} run ${i}${i === 0 ? ' (warm-up)' : ''}: Reelvault ${(r.seconds * 1000).toFixed(0)} ms (hashed ${formatBytes(dh)} of ${formatBytes(bytes)} changed), git ${(g * 1000).toFixed(0)} ms, restic ${(s * 1000).toFixed(0)} ms`);
      }
      rows.push(noGit ? notMeasured('skipped', { case: c, fixture: `${fixture}, ${n} files rewritten`, peer: 'git add -A && git commit', goalText: '≤ 1.0×' }, noGit)
        : makeRow({ case: c, fixture: `${fixture}, ${n} files rewritten`, metric: 'median', unit: 's', reelvault: median(rv), reelvaultRuns: rv, peer: 'git add -A && git commit', peerValue: median(gt), peerRuns: gt, goal: { kind: 'ratio-max', max: 1.0 }, goalText: '≤ 1.0×' }));
      rows.push(noRestic ? notMeasured('skipped', { case: c, fixture: `${fixture}, ${n} files rewritten`, peer: 'restic backup', goalText: '—' }, noRestic)
        : makeRow({ case: c, fixture: `${fixture}, ${n} files rewritten`, metric: 'median', unit: 's', reelvault: median(rv), reelvaultRuns: rv, peer: 'restic backup', peerValue: median(rs), peerRuns: rs, goal: { kind: 'info' }, goalText: '— (for reference)' }));
      rows.push(makeRow({ case: c, fixture: `${fixture}, ${n} files rewritten`, metric: 'bytes hashed (all runs)', unit: 'bytes', reelvault: hashed, peer: 'bytes changed', peerValue: changed, goal: { kind: 'equal', value: changed }, goalText: '= bytes changed' }));
    }
    const target = ckpts[ckpts.length - 1] as string;
    const other = ckpts[ckpts.length - 2] as string;

    // 6. restore into an empty folder (the workspace emptied, .git kept aside).
    {
      const c = 'restore into empty folder';
      const rv: number[] = [];
      const cp: number[] = [];
      const rr: number[] = [];
      let wrong = 0;
      const dst = path.join(b.work, 'restore-peer');
      for (let i = 0; i <= b.sizes.runsHeavy; i++) {
        emptyDir(tree, ['.git']);
        settle();
        const r = await timed(() => lib.checkpoints.restore(b.actor, target));
        if (r.value.written !== spec.files) wrong++;
        settle();
        let tc = Number.NaN;
        if (b.peers.cp.bin) {
          rmSync(dst, { recursive: true, force: true });
          mkdirSync(dst, { recursive: true });
          const srcs = readdirSync(tree).filter((n) => n !== '.git').map((n) => path.join(tree, n));
          settle();
          tc = timeCmd('cp', ['-a', ...srcs, dst]);
          rmSync(dst, { recursive: true, force: true });
          settle();
        }
        let tr = Number.NaN;
        if (restic) {
          rmSync(dst, { recursive: true, force: true });
          tr = timeCmd(restic, ['-q', '-r', repo, 'restore', 'latest', '--target', dst], { env });
          rmSync(dst, { recursive: true, force: true });
          settle();
        }
        if (i > 0) {
          rv.push(r.seconds);
          cp.push(tc);
          rr.push(tr);
        }
        b.log(`  ${c} run ${i}${i === 0 ? ' (warm-up)' : ''}: Reelvault ${r.seconds.toFixed(2)} s (${r.value.written} files written), cp -a ${tc.toFixed(2)} s, restic restore ${tr.toFixed(2)} s`);
      }
      rows.push(makeRow({ case: c, fixture, metric: 'median', unit: 's', reelvault: median(rv), reelvaultRuns: rv, peer: 'cp -a', peerValue: median(cp), peerRuns: cp, goal: { kind: 'ratio-max', max: 1.2 }, goalText: '≤ 1.2×', ...(wrong ? { note: `${wrong} restores wrote an unexpected number of files` } : {}) }));
      rows.push(noRestic ? notMeasured('skipped', { case: c, fixture, peer: 'restic restore', goalText: '≤ 0.5×' }, noRestic)
        : makeRow({ case: c, fixture, metric: 'median', unit: 's', reelvault: median(rv), reelvaultRuns: rv, peer: 'restic restore', peerValue: median(rr), peerRuns: rr, goal: { kind: 'ratio-max', max: 0.5 }, goalText: '≤ 0.5×' }));
    }

    // 7. switch between two checkpoints 1% apart (git in a worktree of its own, on the same commits).
    {
      const c = 'switch checkpoints, 1% apart';
      const n = b.sizes.changedFiles;
      const rv: number[] = [];
      const gt: number[] = [];
      const written: number[] = [];
      const gitA = commits[commits.length - 2];
      const gitB = commits[commits.length - 1];
      if (git && gitA && gitB) {
        rmSync(wt, { recursive: true, force: true });
        run(git, ['-C', tree, 'worktree', 'prune']);
        run(git, ['-C', tree, 'worktree', 'add', '-q', '--detach', wt, gitB]);
        run(git, ['-C', wt, 'status', '--porcelain']);
      }
      // Two warm-ups: the first re-reads the freshly restored tree (new inodes), the second settles the stat cache.
      const warm = 2;
      for (let i = 0; i < b.sizes.runsLight + 1 + warm; i++) {
        const to = i % 2 === 0 ? other : target;
        const r = await timed(() => lib.checkpoints.restore(b.actor, to));
        let g = Number.NaN;
        if (git && gitA && gitB) g = timeCmd(git, ['-C', wt, 'checkout', '-q', '--detach', i % 2 === 0 ? gitA : gitB]);
        if (i >= warm) {
          rv.push(r.seconds);
          gt.push(g);
          written.push(r.value.written);
        }
        b.log(`  ${c} run ${i}${i < warm ? ' (warm-up)' : ''}: Reelvault ${(r.seconds * 1000).toFixed(0)} ms (${r.value.written} written, safety ${r.value.safety ? 'yes' : 'no'}), git ${(g * 1000).toFixed(0)} ms`);
      }
      rows.push(noGit ? notMeasured('skipped', { case: c, fixture, peer: 'git checkout', goalText: '≤ 1.0×' }, noGit)
        : makeRow({ case: c, fixture, metric: 'median', unit: 's', reelvault: median(rv), reelvaultRuns: rv, peer: 'git checkout', peerValue: median(gt), peerRuns: gt, goal: { kind: 'ratio-max', max: 1.0 }, goalText: '≤ 1.0×' }));
      const worst = written.find((w) => w !== n) ?? n;
      rows.push(makeRow({ case: c, fixture, metric: 'files written per switch', unit: 'count', reelvault: worst, reelvaultRuns: written, peer: 'files changed', peerValue: n, ratio: null, goal: { kind: 'equal', value: n }, goalText: '= files changed' }));
    }
  } finally {
    lib.close();
    if (git) {
      rmSync(wt, { recursive: true, force: true });
    }
    rmSync(libDir, { recursive: true, force: true });
    rmSync(repo, { recursive: true, force: true });
  }
  return rows;
}

/** 8. diff two checkpoints of a large tree that differ in a few files. */
export async function diffCase(b: Bench, tree: string, spec: TreeSpec): Promise<Row[]> {
  const c = 'diff two checkpoints';
  const n = b.sizes.diffChanged;
  const fixture = `${formatCount(spec.files)} files, ${n} changed`;
  // (Contents repeat every spec.distinct files: storing the first checkpoint is quicker; manifests are full size.)
  const files = listFiles(tree);
  const base = Date.now() - 2 * DAY;
  ageFiles(tree, files, new Date(base));
  const git = b.peers.git.bin;
  const noGit = missing(b.peers, 'git');
  const libDir = path.join(b.work, 'lib-diff');
  rmSync(libDir, { recursive: true, force: true });
  const lib: Storage = openStorage({ provider: 'filesystem', dir: libDir, sweepIntervalMs: 3_600_000, snapshotCheckMs: 3_600_000 });
  try {
    const project = await lib.projects.adopt(b.actor, { path: tree, name: 'bench diff' });
    const first = await timed(() => lib.checkpoints.create(b.actor, project.id, { name: 'before' }));
    b.log(`  Reelvault: first checkpoint of ${formatCount(spec.files)} files ${first.seconds.toFixed(1)} s`);
    let c1 = '';
    if (git) {
      const t = await timed(() => {
        run(git, ['init', '-q', tree]);
        for (const [k, v] of [['user.name', 'bench'], ['user.email', 'bench@localhost'], ['gc.auto', '0']]) run(git, ['-C', tree, 'config', k as string, v as string]);
        run(git, ['-C', tree, 'add', '-A']);
        run(git, ['-C', tree, 'commit', '-q', '-m', 'before']);
      });
      c1 = run(git, ['-C', tree, 'rev-parse', 'HEAD']).trim();
      b.log(`  git: first add + commit ${t.seconds.toFixed(1)} s`);
    }
    rewriteFiles(tree, pickFiles(spec, n, 1), spec, 1, new Date(base + 60_000));
    const second = await lib.checkpoints.create(b.actor, project.id, { name: 'after' });
    let c2 = '';
    if (git) {
      run(git, ['-C', tree, 'add', '-A']);
      run(git, ['-C', tree, 'commit', '-q', '-m', 'after']);
      c2 = run(git, ['-C', tree, 'rev-parse', 'HEAD']).trim();
    }
    const rv: number[] = [];
    const gt: number[] = [];
    let wrong = 0;
    for (let i = 0; i <= b.sizes.runsLight + 2; i++) {
      const r = await timed(() => lib.checkpoints.diff(b.actor, project.id, { checkpointId: first.value.id }, { checkpointId: second.id }, { content: false }));
      if (r.value.counts.modified !== n || r.value.files.length !== n) wrong++;
      const g = git ? timeCmd(git, ['-C', tree, 'diff', '--name-status', c1, c2]) : Number.NaN;
      if (i > 0) {
        rv.push(r.seconds);
        gt.push(g);
      }
      b.log(`  ${c} run ${i}${i === 0 ? ' (warm-up)' : ''}: Reelvault ${(r.seconds * 1000).toFixed(1)} ms (${r.value.files.length} files), git ${(g * 1000).toFixed(1)} ms`);
    }
    const note = wrong ? `${wrong} diffs did not report exactly ${n} modified files` : undefined;
    return [
      noGit ? notMeasured('skipped', { case: c, fixture, peer: 'git diff --name-status', goalText: '≤ 1.0×' }, noGit)
        : makeRow({ case: c, fixture, metric: 'median', unit: 's', reelvault: median(rv), reelvaultRuns: rv, peer: 'git diff --name-status', peerValue: median(gt), peerRuns: gt, goal: { kind: 'ratio-max', max: 1.0 }, goalText: '≤ 1.0×', ...(note ? { note } : {}) }),
    ];
  } finally {
    lib.close();
    rmSync(libDir, { recursive: true, force: true });
  }
}

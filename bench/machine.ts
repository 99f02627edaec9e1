/** Where the figures came from: CPU, memory, the disk under the scratch folder, kernel and versions. */
import { spawnSync } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { formatBytes } from './stats.js';

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 ? String(r.stdout).trim() : '';
}

/** "ext4 on /dev/vda (virtio block device)" for the filesystem holding dir. */
export function diskOf(dir: string): string {
  const [source = '?', fstype = '?'] = sh('findmnt', ['-n', '-o', 'SOURCE,FSTYPE', '--target', dir]).split(/\s+/);
  let kind = '';
  const dev = path.basename(source);
  const block = dev.replace(/p?\d+$/, '');
  const sys = `/sys/block/${existsSync(`/sys/block/${dev}`) ? dev : block}`;
  if (existsSync(sys)) {
    let driver = '';
    try {
      driver = path.basename(readlinkSync(`${sys}/device/driver`));
    } catch {
      driver = '';
    }
    const rota = sh('cat', [`${sys}/queue/rotational`]);
    const model = sh('cat', [`${sys}/device/model`]);
    if (/virtio/.test(driver) || dev.startsWith('vd')) kind = 'virtio block device of a VM';
    else if (dev.startsWith('nvme')) kind = `NVMe SSD${model ? ` ${model}` : ''}`;
    else kind = `${rota === '0' ? 'SSD' : 'rotational disk'}${model ? ` ${model}` : ''}`;
  }
  return `${fstype} on ${source}${kind ? ` (${kind})` : ''}`;
}

export function machineInfo(work: string): Record<string, string | number> {
  const cpus = os.cpus();
  let sqlite = '?';
  try {
    const db = new Database(':memory:');
    sqlite = String(db.prepare('SELECT sqlite_version()').pluck().get());
    db.close();
  } catch {
    // leave '?'
  }
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? '?',
    ram: formatBytes(os.totalmem()),
    disk: diskOf(work),
    kernel: os.release(),
    node: process.versions.node,
    sqlite,
    loadavg: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

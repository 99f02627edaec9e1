import { randomBytes } from 'node:crypto';

/**
 * Ids are opaque, never derived from names (two checkpoints may share a name), and sort by creation
 * time: a base-36 millisecond stamp followed by 64 random bits.
 */
export function newId(prefix: 'prj' | 'ast' | 'rnd' | 'ckp' | 'note' | 'srch'): string {
  return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${randomBytes(8).toString('hex')}`;
}

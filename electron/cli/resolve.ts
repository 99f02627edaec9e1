import { ReelvaultError, notFound } from '../../shared/errors.js';
import type { CliContext } from './context.js';

/** A project by id, or by its name when exactly one visible project has it (case-insensitive). */
export function resolveProject(c: CliContext, ref: string): string {
  if (/^prj_[0-9a-z]+$/.test(ref)) return ref;
  const matches = c.lib.projects.list(c.actor, { text: ref }).filter((p) => p.name.toLowerCase() === ref.toLowerCase());
  if (matches.length === 1) return (matches[0] as { id: string }).id;
  if (matches.length === 0) throw notFound(`project ${ref}`);
  throw new ReelvaultError('CONFLICT', `${matches.length} projects are named "${ref}"; use an id: ${matches.map((p) => p.id).join(', ')}`);
}

export function parseNumber(v: string, what: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new ReelvaultError('INVALID_INPUT', `${what} must be a number, got "${v}"`);
  return n;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

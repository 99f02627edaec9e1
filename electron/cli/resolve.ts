import { ReelvaultError, notFound } from '../../shared/errors.js';
import type { CliContext } from './context.js';
import { describeProject, nameKey, projectsNamed } from '../../shared/project-names.js';

/** A project's names are at most this long (the contract's name200), so a longer reference names none. */
const MAX_NAME = 200;

/**
 * A project by id, or by its name when exactly one visible project has it (case-insensitive). When
 * several share the name, the error names each (id, scope, created, folder), so the right id can be
 * picked; when none has it, it names those whose names contain it. Read through the gate, as every command.
 */
export async function resolveProject(c: CliContext, ref: string): Promise<string> {
  if (/^prj_[0-9a-z]+$/.test(ref)) return ref;
  if (ref.length > MAX_NAME) throw notFound(`project ${ref}`);
  const all = await c.call('projects.list', { sort: 'created', order: 'asc' });
  const matches = projectsNamed(all, ref);
  if (matches.length === 1) return (matches[0] as { id: string }).id;
  if (matches.length === 0) {
    const near = all.filter((p) => nameKey(p.name).includes(nameKey(ref))).slice(0, 5);
    throw notFound(`project ${ref}${near.length ? `; names that contain it: ${near.map((p) => `"${p.name}" ${p.id}`).join(', ')}` : ''}`);
  }
  throw new ReelvaultError('CONFLICT', `${matches.length} projects are named "${ref}"; use an id: ${matches.map(describeProject).join('; ')}`);
}

export function parseNumber(v: string, what: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new ReelvaultError('INVALID_INPUT', `${what} must be a number, got "${v}"`);
  return n;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/**
 * "2026-11-27" (what a person types for --from/--to) as the full UTC ISO-8601 time the contract takes,
 * read as the library always read it; what is not a date is passed on for the gate to refuse.
 */
export function isoDate(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}

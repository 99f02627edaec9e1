import { ReelvaultError, notFound } from '../../shared/errors.js';
import type { CliContext } from './context.js';

/** A project's names are at most this long (the contract's name200), so a longer reference names none. */
const MAX_NAME = 200;

/** A project by id, or by its name when exactly one visible project has it (case-insensitive). */
export async function resolveProject(c: CliContext, ref: string): Promise<string> {
  if (/^prj_[0-9a-z]+$/.test(ref)) return ref;
  if (ref.length > MAX_NAME) throw notFound(`project ${ref}`);
  const matches = (await c.call('projects.list', { text: ref })).filter((p) => p.name.toLowerCase() === ref.toLowerCase());
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

/**
 * "2026-11-27" (what a person types for --from/--to) as the full UTC ISO-8601 time the contract takes,
 * read as the library always read it; what is not a date is passed on for the gate to refuse.
 */
export function isoDate(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}

/**
 * fast-check arbitraries from zod 4 schemas, for fuzzing the contract: values that mostly fit the
 * schema (so they reach the handlers) and sometimes sit just outside it (so they test the boundary).
 * `pick` lets the fuzzer supply values for fields it must control: ids that exist, and paths inside
 * a sandbox (a fuzzer must never write to random places on the machine running it).
 */
import fc from 'fast-check';
import type { z } from 'zod';

type Def = { type: string; [k: string]: unknown };
type Check = { check: string; [k: string]: unknown };
export type Pick = (key: string, schema: z.ZodType) => fc.Arbitrary<unknown> | undefined;

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (d: Def): Check[] => ((d.checks as { _zod: { def: Check } }[] | undefined) ?? []).map((c) => c._zod.def);

export function arbitraryFor(schema: z.ZodType, pick: Pick, key = ''): fc.Arbitrary<unknown> {
  const picked = pick(key, schema);
  if (picked) return picked;
  const d = defOf(schema);
  switch (d.type) {
    case 'string': {
      const checks = checksOf(d);
      const regex = checks.find((c) => c.check === 'string_format' && c.format === 'regex')?.pattern as RegExp | undefined;
      const min = (checks.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
      const maxLength = checks.find((c) => c.check === 'max_length')?.maximum as number | undefined;
      const max = Math.min(maxLength ?? 40, 60);
      // A pattern sets its own length (a sha256 is 64 characters): cap it only by the schema's own max, else a
      // default cap shorter than every match makes the filter search forever (it hung the whole suite once).
      const fitting = regex
        ? (maxLength === undefined ? fc.stringMatching(regex) : fc.stringMatching(regex).filter((s) => s.length <= maxLength))
        : fc.string({ minLength: min, maxLength: max });
      return fc.oneof({ weight: 6, arbitrary: fitting }, { weight: 1, arbitrary: fc.string({ maxLength: 300 }) }, { weight: 1, arbitrary: fc.constantFrom('', '..', '../..', '\0', 'x'.repeat(5000)) });
    }
    case 'number': {
      const checks = checksOf(d);
      const int = checks.some((c) => c.check === 'number_format' && String(c.format).includes('int'));
      const lo = checks.find((c) => c.check === 'greater_than')?.value as number | undefined;
      const hi = checks.find((c) => c.check === 'less_than')?.value as number | undefined;
      const min = lo ?? -1e6;
      const max = hi ?? 1e6;
      const fitting = int ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true });
      return fc.oneof({ weight: 6, arbitrary: fitting }, { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -1, 0, 1e12, 0.5) });
    }
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constantFrom(...((d.values as unknown[]) ?? []));
    case 'enum':
      return fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...Object.values(d.entries as Record<string, unknown>)) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });
    case 'optional':
      return fc.option(arbitraryFor(d.innerType as z.ZodType, pick, key), { nil: undefined, freq: 3 });
    case 'nullable':
      return fc.option(arbitraryFor(d.innerType as z.ZodType, pick, key), { nil: null, freq: 3 });
    case 'default':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return arbitraryFor(d.innerType as z.ZodType, pick, key);
    case 'pipe':
      return arbitraryFor(d.in as z.ZodType, pick, key);
    case 'array': {
      const max = Math.min((checksOf(d).find((c) => c.check === 'max_length')?.maximum as number | undefined) ?? 5, 5);
      return fc.array(arbitraryFor(d.element as z.ZodType, pick, key), { maxLength: max });
    }
    case 'union':
      return fc.oneof(...(d.options as z.ZodType[]).map((o) => arbitraryFor(o, pick, key)));
    case 'object': {
      const shape = d.shape as Record<string, z.ZodType>;
      const rec: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(shape)) rec[k] = arbitraryFor(v, pick, k);
      // Drop keys fast-check made undefined, as a JSON client would.
      return fc.record(rec).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    }
    default:
      return fc.anything();
  }
}

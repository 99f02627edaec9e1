import type { Asset } from '../../../../shared/models';

/**
 * How a click, a key or select-all changes the asset selection: pure transitions the store applies.
 * Under select-all (`allMatching`) the selection is the whole match less `except`, and only the
 * loaded part of it is in `selected`.
 */
export interface Selection {
  items: Asset[];
  nextCursor: string | null;
  selected: ReadonlySet<string>;
  /** Select-all by query: everything the filter matches, loaded or not. */
  allMatching: boolean;
  /** Under select-all: what was unticked. */
  except: ReadonlySet<string>;
  /** Where a shift-range starts. */
  anchor: number;
  focus: number;
}

export type SelectionPatch = Partial<Pick<Selection, 'selected' | 'allMatching' | 'except' | 'anchor' | 'focus'>>;

export const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** Nothing selected, not even by query. */
export function noSelection(): SelectionPatch {
  return { selected: new Set(), allMatching: false, except: new Set() };
}

function rangeIds(items: Asset[], a: number, b: number): Set<string> {
  const out = new Set<string>();
  for (let i = Math.min(a, b); i <= Math.max(a, b); i++) {
    const it = items[i];
    if (it) out.add(it.id);
  }
  return out;
}

/** Under select-all, newly loaded items come in ticked (unless unticked before). */
export function withAllSelected(s: Pick<Selection, 'allMatching' | 'selected' | 'except'>, added: Asset[]): SelectionPatch {
  if (!s.allMatching) return {};
  const selected = new Set(s.selected);
  for (const a of added) if (!s.except.has(a.id)) selected.add(a.id);
  return { selected };
}

/** A click: one item, a shift-range from the anchor, or a ctrl/cmd toggle (which under select-all unticks). */
export function clicked(s: Selection, index: number, mode: 'one' | 'range' | 'toggle'): SelectionPatch | null {
  const it = s.items[index];
  if (!it) return null;
  if (mode === 'range') return { ...noSelection(), selected: rangeIds(s.items, s.anchor, index), focus: index };
  if (mode === 'one') return { ...noSelection(), selected: new Set([it.id]), anchor: index, focus: index };
  const next = new Set(s.selected);
  const except = new Set(s.except);
  if (next.has(it.id)) {
    next.delete(it.id);
    except.add(it.id);
  } else {
    next.add(it.id);
    except.delete(it.id);
  }
  return { selected: next, anchor: index, focus: index, ...(s.allMatching ? { except } : {}) };
}

/** The keyboard moved the focus: it selects what it lands on, or extends the range from the anchor. */
export function focused(s: Selection, index: number, extend: boolean): SelectionPatch | null {
  if (s.items.length === 0) return null;
  const i = clamp(index, 0, s.items.length - 1);
  if (extend) return { ...noSelection(), focus: i, selected: rangeIds(s.items, s.anchor, i) };
  return { ...noSelection(), focus: i, anchor: i, selected: new Set([(s.items[i] as Asset).id]) };
}

/** Everything loaded already: the ids are the selection. Else the host selects by query. */
export function allSelected(s: Selection): SelectionPatch {
  return { selected: new Set(s.items.map((a) => a.id)), allMatching: s.nextCursor !== null, except: new Set() };
}

/** After a re-read: under select-all the new items come ticked; ids no longer loaded leave the selection. */
export function afterReread(s: Selection): SelectionPatch {
  const patch = s.allMatching ? withAllSelected(s, s.items) : {};
  const ids = new Set(s.items.map((a) => a.id));
  const from = patch.selected ?? s.selected;
  const selected = new Set([...from].filter((id) => ids.has(id)));
  return selected.size !== s.selected.size || patch.selected ? { selected } : {};
}

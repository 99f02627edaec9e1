import { describe, expect, it } from 'vitest';
import type { Asset } from '../../../../shared/models';
import { afterReread, allSelected, clicked, focused, type Selection } from './asset-selection';

const items = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }) as Asset);
const base = (over: Partial<Selection> = {}): Selection => ({ items, nextCursor: null, selected: new Set(), allMatching: false, except: new Set(), anchor: 0, focus: 0, ...over });
const ids = (s: ReadonlySet<string> | undefined) => [...(s ?? [])].sort();

describe('asset selection transitions', () => {
  it('a click selects one and moves the anchor; shift extends from the anchor; a click past the end does nothing', () => {
    const one = clicked(base(), 1, 'one');
    expect(ids(one?.selected)).toEqual(['b']);
    expect(one).toMatchObject({ anchor: 1, focus: 1, allMatching: false });
    const range = clicked(base({ anchor: 1, selected: new Set(['b']) }), 3, 'range');
    expect(ids(range?.selected)).toEqual(['b', 'c', 'd']);
    expect(range).toMatchObject({ focus: 3 });
    expect(range?.anchor).toBeUndefined();
    expect(clicked(base(), 9, 'one')).toBeNull();
  });

  it('a toggle under select-all unticks into `except`, and ticking again takes it out', () => {
    const all = base({ allMatching: true, selected: new Set(['a', 'b', 'c']), nextCursor: 'more' });
    const off = clicked(all, 1, 'toggle');
    expect(ids(off?.selected)).toEqual(['a', 'c']);
    expect(ids(off?.except)).toEqual(['b']);
    const on = clicked({ ...all, selected: off!.selected!, except: off!.except! }, 1, 'toggle');
    expect(ids(on?.selected)).toEqual(['a', 'b', 'c']);
    expect(ids(on?.except)).toEqual([]);
    // Without select-all a toggle keeps no `except`.
    expect(clicked(base({ selected: new Set(['a']) }), 0, 'toggle')?.except).toBeUndefined();
  });

  it('the keyboard clamps the focus and extends from the anchor with shift', () => {
    expect(focused(base(), 99, false)).toMatchObject({ focus: 4, anchor: 4 });
    expect(ids(focused(base({ anchor: 2 }), -5, true)?.selected)).toEqual(['a', 'b', 'c']);
    expect(focused(base({ items: [] }), 0, false)).toBeNull();
  });

  it('select-all is by query only while more is unloaded; a re-read ticks new items and drops gone ones', () => {
    expect(allSelected(base()).allMatching).toBe(false);
    expect(allSelected(base({ nextCursor: 'x' })).allMatching).toBe(true);
    // Select-all with 'b' unticked; a re-read brings 'f' and loses 'e'.
    const reread = base({ allMatching: true, items: [...items.slice(0, 4), { id: 'f' } as Asset], selected: new Set(['a', 'c', 'd', 'e']), except: new Set(['b']) });
    expect(ids(afterReread(reread).selected)).toEqual(['a', 'c', 'd', 'f']);
    // Without select-all: only what is gone leaves.
    expect(ids(afterReread(base({ items: items.slice(0, 2), selected: new Set(['a', 'e']) })).selected)).toEqual(['a']);
    expect(afterReread(base({ selected: new Set(['a']) }))).toEqual({});
  });
});

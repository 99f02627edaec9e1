import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { KeyHints } from '../components/KeyHints';
import { ShortcutsHelp } from '../components/ShortcutsHelp';
import { ACTIONS, action, actionFor, actionTitle, useAction } from './actions';
import { comboKeys, detectMac } from './hotkeys';

function Bound({ id, perform }: { id: string; perform(): void }) {
  useAction(id, perform);
  return (
    <div>
      <input aria-label="Name" />
      <button type="button">Plain</button>
    </div>
  );
}

describe('the action registry', () => {
  it('a window binding performs its action', () => {
    const perform = vi.fn();
    render(<Bound id="app.shortcuts" perform={perform} />);
    fireEvent.keyDown(screen.getByRole('button', { name: 'Plain' }), { key: '?', shiftKey: true });
    expect(perform).toHaveBeenCalledOnce();
    fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    expect(perform).toHaveBeenCalledOnce();
  });

  it('typing in a field does not fire a plain-key action, but a mod combo still does', () => {
    const help = vi.fn();
    const save = vi.fn();
    render(
      <>
        <Bound id="app.shortcuts" perform={help} />
        <Bound id="project.checkpoint" perform={save} />
      </>,
    );
    const field = screen.getAllByRole('textbox', { name: 'Name' })[0] as HTMLElement;
    fireEvent.keyDown(field, { key: '?', shiftKey: true });
    expect(help).not.toHaveBeenCalled();
    fireEvent.keyDown(field, { key: 's', ctrlKey: true });
    expect(save).toHaveBeenCalledOnce();
  });

  it('stops performing once its owner unmounts; the newest owner of an id performs it', () => {
    const first = vi.fn();
    const second = vi.fn();
    const a = render(<Bound id="app.search" perform={first} />);
    const b = render(<Bound id="app.search" perform={second} />);
    fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    expect(second).toHaveBeenCalledOnce();
    expect(first).not.toHaveBeenCalled();
    b.unmount();
    fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    expect(first).toHaveBeenCalledOnce();
    a.unmount();
    fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    expect(first).toHaveBeenCalledOnce();
  });

  it('focus-scoped handlers find their action by its keys; Shift is part of a combo', () => {
    const ev = (init: Partial<KeyboardEvent>) => new KeyboardEvent('keydown', init);
    expect(actionFor(ev({ key: 'ArrowDown' }), ['assets.move', 'assets.extend'])).toBe('assets.move');
    expect(actionFor(ev({ key: 'ArrowDown', shiftKey: true }), ['assets.move', 'assets.extend'])).toBe('assets.extend');
    expect(actionFor(ev({ key: 'L', shiftKey: true }), ['player.shuttle', 'player.loop'])).toBe('player.loop');
    expect(actionFor(ev({ key: 'l' }), ['player.shuttle', 'player.loop'])).toBe('player.shuttle');
    expect(actionFor(ev({ key: 'a', ctrlKey: true }), ['assets.select-all'])).toBe('assets.select-all');
    expect(actionFor(ev({ key: 'a' }), ['assets.select-all'])).toBeNull();
  });

  it('ids are unique and every action has keys and a label', () => {
    expect(new Set(ACTIONS.map((a) => a.id)).size).toBe(ACTIONS.length);
    for (const a of ACTIONS) {
      expect(a.keys.length).toBeGreaterThan(0);
      expect(a.label).not.toBe('');
    }
    expect(() => action('no.such')).toThrow();
    expect(actionTitle('project.checkpoint')).toBe('Save a checkpoint (Ctrl+S)');
  });

  it('names the platform from userAgentData or the user agent, never navigator.platform', () => {
    expect(detectMac({ userAgentData: { platform: 'macOS' }, userAgent: 'X11; Linux' } as unknown as Navigator)).toBe(true);
    expect(detectMac({ userAgentData: { platform: 'Windows' }, userAgent: '' } as unknown as Navigator)).toBe(false);
    expect(detectMac({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)', platform: 'Win32' } as unknown as Navigator)).toBe(true);
    expect(detectMac({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64)', platform: 'MacIntel' } as unknown as Navigator)).toBe(false);
    // Off a Mac, as this test runs: Ctrl and the words.
    expect(comboKeys('mod+shift+z')).toEqual(['Ctrl', 'Shift', 'Z']);
    expect(comboKeys('arrowleft')).toEqual(['←']);
    expect(comboKeys('+')).toEqual(['+']);
    expect(actionFor(new KeyboardEvent('keydown', { key: '+', shiftKey: true }), ['zoom.step'])).toBe('zoom.step');
  });
});

describe('hints from the table', () => {
  it("the assets list's hint says ↑/↓ only, the grid's all four arrows", () => {
    const { unmount } = render(<KeyHints testId="hint" ids={['assets.move-rows', 'assets.preview']} />);
    expect(screen.getByTestId('hint').textContent).toBe('↑↓ move · Space preview');
    unmount();
    render(<KeyHints testId="hint" ids={['assets.move']} />);
    expect(screen.getByTestId('hint').textContent).toBe('←→↑↓ move');
  });
});

describe('the shortcuts help sheet', () => {
  it('lists every registered action with its keys', () => {
    render(<ShortcutsHelp open onClose={() => undefined} />);
    const sheet = screen.getByTestId('shortcuts-help');
    expect(within(sheet).getByRole('heading', { name: 'Keyboard shortcuts' })).toBeTruthy();
    const rows = within(sheet).getAllByTestId('shortcut');
    expect(rows.map((r) => r.dataset.action)).toEqual(ACTIONS.map((a) => a.id));
    for (const a of ACTIONS) {
      const row = rows.find((r) => r.dataset.action === a.id) as HTMLElement;
      expect(row.textContent).toContain(a.label);
      expect(row.querySelectorAll('kbd').length).toBeGreaterThanOrEqual(a.keys.length);
    }
    expect(within(rows.find((r) => r.dataset.action === 'project.checkpoint') as HTMLElement).getByText('Ctrl')).toBeTruthy();
  });

  it('Done closes it', () => {
    const onClose = vi.fn();
    render(<ShortcutsHelp open onClose={onClose} />);
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalled();
  });
});

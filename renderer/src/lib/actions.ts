/**
 * The one table of keyboard actions (Excalidraw's action registry is the model): each action has an
 * id, a label, its keys and where it works. The table drives the handlers (window actions are
 * performed by whoever registered `useAction` for them; focus-scoped ones are matched with
 * `actionFor` by the element that owns the focus), the hints in the UI (`<KeyHints>`, `actionTitle`)
 * and the shortcuts help sheet (`?`), so a key is written down once.
 */
import { useEffect, useRef } from 'react';
import { ariaCombo, comboLabel, isTypingTarget, matchesCombo } from './hotkeys';

export interface ActionDef {
  id: string;
  /** What it does, for the help sheet and titles. */
  label: string;
  /** Combos (lib/hotkeys syntax); the first is the one hints show unless `hint` says otherwise. */
  keys: readonly string[];
  /** Where it works, the help sheet's heading. */
  group: string;
  /**
   * 'window': one listener on the window performs it wherever the focus is (not while typing in a
   * field, unless the combo has mod). 'focus': the focused element (grid, tree, player) handles it.
   */
  scope: 'window' | 'focus';
  /** The short word of a hint line ("move", "trash"); the label's when absent. */
  hint?: string;
}

const A = (group: string, scope: ActionDef['scope'], id: string, label: string, keys: string[], hint?: string): ActionDef => ({ id, label, keys, group, scope, ...(hint ? { hint } : {}) });

const ARROWS = ['arrowleft', 'arrowright', 'arrowup', 'arrowdown'];
const SHIFT_ARROWS = ARROWS.map((k) => `shift+${k}`);

export const ACTIONS: readonly ActionDef[] = [
  A('General', 'window', 'app.search', 'Search projects', ['mod+k']),
  A('General', 'window', 'app.shortcuts', 'Show keyboard shortcuts', ['?']),
  A('General', 'focus', 'app.close', 'Close or cancel: a dialog, panel, preview or edit', ['escape'], 'close'),
  A('General', 'focus', 'text.submit', 'Save from a text box (a note, a description)', ['mod+enter'], 'save'),

  A('Quick search', 'focus', 'search.choose', 'Choose a project', ['arrowup', 'arrowdown'], 'choose'),
  A('Quick search', 'focus', 'search.open', 'Open it', ['enter'], 'open'),

  A('Projects', 'focus', 'projects.move', 'Move between projects', [...ARROWS, 'home', 'end'], 'move'),
  A('Projects', 'focus', 'projects.open', 'Open the project', ['enter'], 'open'),
  A('Projects', 'focus', 'projects.rename', 'Rename the project', ['f2'], 'rename'),
  A('Projects', 'focus', 'projects.trash', 'Move the project to the trash', ['delete', 'mod+backspace'], 'move to trash'),

  A('Project', 'window', 'project.checkpoint', 'Save a checkpoint', ['mod+s']),
  A('Project', 'focus', 'project.tabs', 'Next or previous tab', ['arrowright', 'arrowleft', 'home', 'end']),

  A('Files', 'focus', 'files.move', 'Move between files', ['arrowdown', 'arrowup', 'home', 'end'], 'move'),
  A('Files', 'focus', 'files.fold', 'Open or close a folder', ['arrowright', 'arrowleft'], 'fold'),
  A('Files', 'focus', 'files.open', 'Open the file', ['enter', 'space'], 'open'),
  A('Files', 'focus', 'files.rename', 'Rename the file', ['f2'], 'rename'),
  A('Files', 'focus', 'files.delete', 'Delete the file', ['delete'], 'delete'),
  A('Files', 'focus', 'editor.save', 'Save the file (in the editor)', ['mod+s'], 'save'),

  A('Assets', 'window', 'assets.search', 'Search assets', ['/'], 'search'),
  A('Assets', 'focus', 'assets.move', 'Move between tiles (grid)', ARROWS, 'move'),
  A('Assets', 'focus', 'assets.move-rows', 'Move between rows (list)', ['arrowup', 'arrowdown'], 'move'),
  A('Assets', 'focus', 'assets.extend', 'Extend the selection', [...SHIFT_ARROWS, 'shift+home', 'shift+end', 'shift+pageup', 'shift+pagedown'], 'extends'),
  A('Assets', 'focus', 'assets.page', 'A page up or down', ['pagedown', 'pageup'], 'page'),
  A('Assets', 'focus', 'assets.ends', 'First or last asset', ['home', 'end'], 'first/last'),
  A('Assets', 'focus', 'assets.select-all', 'Select all', ['mod+a'], 'all'),
  A('Assets', 'focus', 'assets.preview', 'Quick look', ['space'], 'preview'),
  A('Assets', 'focus', 'assets.details', 'Open the details', ['enter'], 'details'),
  A('Assets', 'focus', 'assets.trash', 'Move to the trash', ['delete', 'backspace'], 'trash'),
  A('Assets', 'focus', 'assets.clear', 'Close the preview, else clear the selection', ['escape'], 'clear'),

  A('Player', 'focus', 'player.play', 'Play or pause', ['space'], 'play/pause'),
  A('Player', 'focus', 'player.shuttle', 'Shuttle back, stop, forward', ['j', 'k', 'l'], 'shuttle'),
  A('Player', 'focus', 'player.step', 'One frame back or forward', ['arrowleft', 'arrowright'], 'one frame'),
  A('Player', 'focus', 'player.ends', 'First or last frame', ['home', 'end'], 'first/last'),
  A('Player', 'focus', 'player.in-out', 'Set the in or out point', ['i', 'o'], 'in/out'),
  A('Player', 'focus', 'player.go-in-out', 'Go to the in or out point', ['shift+i', 'shift+o'], 'go to in/out'),
  A('Player', 'focus', 'player.loop', 'Loop', ['shift+l'], 'loop'),
  A('Player', 'focus', 'player.note', 'Write a note at this frame', ['n'], 'note'),
  A('Player', 'focus', 'player.fullscreen', 'Fullscreen', ['f'], 'fullscreen'),

  A('Image zoom', 'focus', 'zoom.step', 'Zoom in or out', ['+', '=', '-'], 'zoom'),
  A('Image zoom', 'focus', 'zoom.fit', 'Fit', ['0'], 'fit'),
  A('Image zoom', 'focus', 'zoom.actual', 'Actual size', ['1'], '100%'),

  A('Timeline', 'focus', 'timeline.walk', 'Previous or next checkpoint', ['arrowleft', 'arrowright'], 'walk'),
  A('Timeline', 'focus', 'timeline.pick', 'Pick a second checkpoint to compare', ['shift+arrowleft', 'shift+arrowright'], 'compare'),
  A('Timeline', 'focus', 'timeline.delete', 'Delete the checkpoint', ['delete'], 'delete'),
];

const BY_ID = new Map(ACTIONS.map((a) => [a.id, a]));

export function action(id: string): ActionDef {
  const a = BY_ID.get(id);
  if (!a) throw new Error(`no action ${id}`);
  return a;
}

/** The first of `ids` whose keys the event matches, else null: a focus-scoped handler's switch. */
export function actionFor(e: KeyboardEvent | React.KeyboardEvent, ids: readonly string[]): string | null {
  for (const id of ids) if (action(id).keys.some((k) => matchesCombo(e, k))) return id;
  return null;
}

/** "Save a checkpoint (Ctrl+S)": a title that names its key. */
export function actionTitle(id: string, label = action(id).label): string {
  return `${label} (${action(id).keys.map(comboLabel).join(', ')})`;
}

/** The action's keys for aria-keyshortcuts. */
export function actionAria(id: string): string {
  return action(id).keys.map(ariaCombo).join(' ');
}

// Window actions: the performers mounted now, newest last (the newest owner of an id performs it).
type Performer = { current: (e: KeyboardEvent) => void };
const performers = new Map<string, Performer[]>();
let listening = false;

function onWindowKey(e: KeyboardEvent): void {
  if (e.defaultPrevented) return;
  for (const a of ACTIONS) {
    if (a.scope !== 'window') continue;
    const stack = performers.get(a.id);
    const top = stack?.[stack.length - 1];
    if (!top) continue;
    const combo = a.keys.find((k) => matchesCombo(e, k));
    if (!combo) continue;
    // Combos with mod fire inside fields too (Ctrl+S in a text box still checkpoints); plain keys do not.
    if (!combo.includes('mod') && isTypingTarget(e.target)) return;
    e.preventDefault();
    top.current(e);
    return;
  }
}

/** Performs a window action while the component is mounted (and `enabled`). */
export function useAction(id: string, perform: (e: KeyboardEvent) => void, enabled = true): void {
  const ref = useRef(perform);
  useEffect(() => {
    ref.current = perform;
  });
  useEffect(() => {
    if (!enabled) return;
    if (action(id).scope !== 'window') throw new Error(`${id} is handled by the focused element, not the window`);
    const p: Performer = { current: (e) => ref.current(e) };
    performers.set(id, [...(performers.get(id) ?? []), p]);
    if (!listening) {
      window.addEventListener('keydown', onWindowKey);
      listening = true;
    }
    return () => {
      const rest = (performers.get(id) ?? []).filter((x) => x !== p);
      if (rest.length) performers.set(id, rest);
      else performers.delete(id);
      if (performers.size === 0 && listening) {
        window.removeEventListener('keydown', onWindowKey);
        listening = false;
      }
    };
  }, [id, enabled]);
}

/** The groups of the table in order, for the help sheet. */
export function actionGroups(): { group: string; actions: ActionDef[] }[] {
  const groups = new Map<string, ActionDef[]>();
  for (const a of ACTIONS) groups.set(a.group, [...(groups.get(a.group) ?? []), a]);
  return [...groups].map(([group, actions]) => ({ group, actions }));
}

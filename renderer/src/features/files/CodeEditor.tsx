/**
 * The text editor: CodeMirror 6, loaded on demand (it is not part of the first screen's bundle).
 * Languages by extension: JSON, JS/TS/JSX/TSX, CSS, Markdown; anything else edits as plain text.
 * Colours come from the app's CSS variables, so light and dark follow the theme.
 */
import { basicSetup } from 'codemirror';
import { css } from '@codemirror/lang-css';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { markdown } from '@codemirror/lang-markdown';
import { indentWithTab } from '@codemirror/commands';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { extOf } from './file-kinds';

function languageFor(path: string): Extension {
  const ext = extOf(path);
  if (ext === 'json' || ext === 'jsonc') return json();
  if (['ts', 'tsx', 'mts', 'cts'].includes(ext)) return javascript({ typescript: true, jsx: ext === 'tsx' });
  if (['js', 'jsx', 'mjs', 'cjs'].includes(ext)) return javascript({ jsx: ext === 'jsx' || ext === 'js' });
  if (ext === 'css') return css();
  if (ext === 'md' || ext === 'mdx' || ext === 'markdown') return markdown();
  return [];
}

const theme = EditorView.theme({
  '&': { height: '100%', backgroundColor: 'var(--panel)', color: 'var(--text)', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'var(--mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace)', lineHeight: '20px' },
  '.cm-gutters': { backgroundColor: 'var(--panel-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--hover)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--hover)', color: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--accent-soft) !important' },
  '&.cm-focused': { outline: 'none' },
  '.cm-panels': { backgroundColor: 'var(--panel-2)', color: 'var(--text)' },
});

/** Token colours from CSS variables, so they change with the light and dark theme. */
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword, t.definitionKeyword], color: 'var(--syn-keyword)' },
  { tag: [t.string, t.special(t.string), t.regexp], color: 'var(--syn-string)' },
  { tag: [t.number, t.bool, t.null, t.atom, t.propertyName, t.attributeName, t.unit], color: 'var(--syn-number)' },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.heading], color: 'var(--syn-function)', fontWeight: '600' },
  { tag: [t.typeName, t.className, t.namespace, t.definition(t.typeName)], color: 'var(--syn-type)' },
  { tag: [t.comment, t.lineComment, t.blockComment, t.quote], color: 'var(--syn-comment)', fontStyle: 'italic' },
  { tag: [t.tagName, t.angleBracket], color: 'var(--syn-tag)' },
  { tag: [t.link, t.url], color: 'var(--accent)', textDecoration: 'underline' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strong, fontWeight: '700' },
  { tag: t.invalid, color: 'var(--danger)' },
]);

export interface CodeEditorProps {
  path: string;
  /** The text to show; when it changes from outside (a reload from disk) the editor takes it. */
  text: string;
  onChange(text: string): void;
  /** Ctrl/Cmd+S inside the editor: saves the file (not a checkpoint, which the window's Ctrl+S makes). */
  onSave(): void;
}

export default function CodeEditor({ path, text, onChange, onSave }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The latest callbacks, read by the editor's listeners without rebuilding it.
  const cb = useRef({ onChange, onSave });
  cb.current = { onChange, onSave };

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    // CodeMirror injects its styles at run time. In a document that means a <style> tag, which the
    // page's CSP (style-src 'self') refuses; in a shadow root it adopts constructed style sheets,
    // which the CSP allows. The app's CSS variables still reach in, so the theme applies.
    const shadow = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    parent.style.height = '100%';
    shadow.replaceChildren(parent);
    const v = new EditorView({
      root: shadow,
      parent,
      state: EditorState.create({
        doc: text,
        extensions: [
          // Before basicSetup's keymaps: Mod-s is ours; handled means default prevented, so the window's checkpoint shortcut stays out.
          keymap.of([{ key: 'Mod-s', preventDefault: true, run: () => (cb.current.onSave(), true) }, indentWithTab]),
          basicSetup,
          languageFor(path),
          syntaxHighlighting(highlight),
          theme,
          EditorView.contentAttributes.of({ 'aria-label': `Edit ${path}` }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) cb.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    v.focus();
    return () => {
      v.destroy();
      view.current = null;
    };
    // A new path is a new editor; text changes are applied below (recreating it on every keystroke would lose the cursor).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the initial text only; later text goes through the effect below
  }, [path]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== text) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
  }, [text]);

  return <div className="code-editor" ref={host} data-testid="code-editor" />;
}

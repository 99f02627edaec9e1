import { useEffect, useState } from 'react';
import { RENDER_CODECS, type RenderCodec } from '../../../../shared/render-models';
import { Dialog } from '../../components/Dialog';
import { Spinner } from '../../components/Spinner';
import { checkFrameRange } from './frame-range';
import { selectCompositions, selectDialog, useRenderJobsStore } from './render-jobs-store';
import './render-jobs.css';

const CODEC_LABEL: Record<RenderCodec, string> = { h264: 'H.264 (MP4)', h265: 'H.265 (MP4)', vp8: 'VP8 (WebM)', vp9: 'VP9 (WebM)', prores: 'ProRes (MOV)', gif: 'GIF' };
const QUALITY: { label: string; crf: number | null }[] = [
  { label: 'Default', crf: null },
  { label: 'High (CRF 15)', crf: 15 },
  { label: 'Draft (CRF 30)', crf: 30 },
];

/**
 * Render a checkpoint (or the workspace, checkpointed first) with the project's own Remotion: pick a
 * composition (listed by Remotion from that checkpoint), codec and quality; it becomes a job with
 * per-frame progress under Renders.
 */
export function RenderDialog() {
  const dialog = useRenderJobsStore(selectDialog);
  const compositions = useRenderJobsStore(selectCompositions(dialog?.checkpointId ?? null));
  const [composition, setComposition] = useState('');
  const [codec, setCodec] = useState<RenderCodec>('h264');
  const [quality, setQuality] = useState(0);
  const [busy, setBusy] = useState(false);
  const [fromFrame, setFromFrame] = useState('');
  const [toFrame, setToFrame] = useState('');
  useEffect(() => {
    if (!dialog) return;
    setComposition('');
    setFromFrame('');
    setToFrame('');
  }, [dialog]);
  useEffect(() => {
    // The first composition is picked once the list is known, as Remotion would pick it.
    if (compositions?.status === 'ready' && !composition) setComposition(compositions.list[0]?.id ?? '');
  }, [compositions, composition]);
  const s = useRenderJobsStore.getState();
  const picked = compositions?.status === 'ready' ? compositions.list.find((c) => c.id === composition) : undefined;
  const range = checkFrameRange(fromFrame, toFrame, picked?.durationInFrames ?? null);
  // Both fields empty is always fine, so a message only ever answers something typed.
  const rangeError = range.ok ? null : range;
  const fieldProps = (field: 'from' | 'to') =>
    rangeError?.field === field ? { 'aria-invalid': true, 'aria-describedby': 'rj-frames-error' } : { 'aria-describedby': 'rj-frames-hint' };
  return (
    <Dialog
      open={dialog !== null}
      title="Render"
      onClose={s.closeDialog}
      testId="render-dialog"
      onSubmit={(e) => {
        if (!dialog || busy) return;
        if (!range.ok) {
          // Enter on a wrong range: the message is showing; the cursor goes where the fix goes.
          e.currentTarget.querySelector<HTMLInputElement>(range.field === 'from' ? '#rj-frame-from' : '#rj-frame-to')?.focus();
          return;
        }
        setBusy(true);
        void s
          .make({ checkpointId: dialog.checkpointId, composition: composition || null, codec, crf: QUALITY[quality]?.crf ?? null, frames: range.frames })
          .finally(() => setBusy(false));
      }}
      footer={
        <>
          <button type="button" className="btn" onClick={s.closeDialog}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} data-autofocus>
            {busy ? 'Queuing…' : 'Render'}
          </button>
        </>
      }
    >
      <p className="dialog-lead muted">
        {dialog?.checkpointId ? (
          <>
            Renders <strong>{dialog.label}</strong> from its stored files, in a folder of its own: your workspace is not touched.
          </>
        ) : (
          <>Renders the workspace as it is now; it is checkpointed first, so the render remembers exactly what it came from.</>
        )}
      </p>
      <label className="field">
        <span className="field-label">Composition</span>
        <select aria-label="Composition" value={composition} onChange={(e) => setComposition(e.target.value)} disabled={compositions?.status !== 'ready'}>
          {compositions?.status === 'ready' ? (
            compositions.list.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id} — {c.width}×{c.height}, {c.fps} fps, {(c.durationInFrames / c.fps).toFixed(1)} s
              </option>
            ))
          ) : (
            <option value="">The first one the project registers</option>
          )}
        </select>
      </label>
      {compositions?.status === 'loading' && (
        <div className="field-hint muted rj-hint" data-testid="compositions-loading">
          <Spinner showLabel={false} label="Reading the compositions" />
          <span>Reading the compositions with the project’s Remotion… The first time, its dependencies are installed (a minute or so); you can render meanwhile.</span>
        </div>
      )}
      {compositions?.status === 'error' && (
        <p className="field-hint error rj-hint" role="alert">
          The compositions could not be read: {compositions.error}
        </p>
      )}
      {picked && <p className="field-hint muted">{picked.durationInFrames} frames.</p>}
      <div className="rj-row">
        <label className="field">
          <span className="field-label">Codec</span>
          <select aria-label="Codec" value={codec} onChange={(e) => setCodec(e.target.value as RenderCodec)}>
            {RENDER_CODECS.map((c) => (
              <option key={c} value={c}>
                {CODEC_LABEL[c]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Quality</span>
          <select aria-label="Quality" value={quality} onChange={(e) => setQuality(Number(e.target.value))} disabled={codec === 'prores' || codec === 'gif'}>
            {QUALITY.map((q, i) => (
              <option key={q.label} value={i}>
                {q.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="rj-frames">
        <legend className="field-label">Frames (optional)</legend>
        {/* Text, not type=number: a number field empties itself on "1e" or "-2", and then nothing could say what is wrong. */}
        <div className="rj-row">
          <label className="field">
            <span className="field-label">From frame</span>
            <input id="rj-frame-from" type="text" inputMode="numeric" autoComplete="off" placeholder="0" value={fromFrame} onChange={(e) => setFromFrame(e.target.value)} {...fieldProps('from')} />
          </label>
          <label className="field">
            <span className="field-label">To frame</span>
            <input id="rj-frame-to" type="text" inputMode="numeric" autoComplete="off" placeholder={picked ? String(picked.durationInFrames - 1) : 'the last'} value={toFrame} onChange={(e) => setToFrame(e.target.value)} {...fieldProps('to')} />
          </label>
        </div>
        {rangeError ? (
          <p id="rj-frames-error" className="field-hint error" role="alert">
            {rangeError.message}
          </p>
        ) : (
          <p id="rj-frames-hint" className="field-hint muted">
            {range.ok && range.frames ? `Renders frames ${range.frames.from}–${range.frames.to} (${range.frames.to - range.frames.from + 1} frames).` : 'Empty: the whole composition. Frames count from 0; both ends are included.'}
          </p>
        )}
      </fieldset>
    </Dialog>
  );
}

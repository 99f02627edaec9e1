import type { MediaProbe } from '../../../shared/models';

/** 'mono', 'stereo', '5.1', '8 ch', with the sample rate: '48 kHz'. */
export function audioFact(p: MediaProbe | null | undefined): string {
  if (!p?.audioCodec && !p?.audioChannels) return '';
  const ch = p.audioChannels;
  const layout = ch === 1 ? 'mono' : ch === 2 ? 'stereo' : ch === 6 ? '5.1' : ch === 8 ? '7.1' : ch ? `${ch} ch` : '';
  const rate = p.sampleRate ? `${Number((p.sampleRate / 1000).toFixed(1))} kHz` : '';
  return [p.audioCodec, layout, rate].filter(Boolean).join(' · ');
}

/** '10-bit 4:2:2 (yuv422p10le)'. */
export function pixelFact(p: MediaProbe | null | undefined): string {
  if (!p?.pixelFormat || p.kind !== 'video') return '';
  const head = [p.bitDepth ? `${p.bitDepth}-bit` : '', p.chroma ?? ''].filter(Boolean).join(' ');
  return head ? `${head} (${p.pixelFormat})` : p.pixelFormat;
}

/** 'HDR PQ · bt2020nc / smpte2084 / bt2020', 'bt709', '' when untagged. */
export function colourFact(p: MediaProbe | null | undefined): string {
  if (!p || p.kind !== 'video') return '';
  const tags = [p.colorSpace, p.colorTransfer, p.colorPrimaries].filter(Boolean);
  const unique = [...new Set(tags)];
  const body = unique.join(' / ');
  if (p.hdr) return `HDR ${p.hdr}${body ? ` · ${body}` : ''}`;
  return body ? `SDR · ${body}` : '';
}

/** '25 fps', '29.97 fps (variable, average)'. */
export function rateFact(p: MediaProbe | null | undefined, fps: number | null): string {
  if (!fps) return '';
  const f = `${Math.round(fps * 100) / 100} fps`;
  return p?.variableFrameRate ? `VFR · ${f} average` : f;
}

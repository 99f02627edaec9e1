import { useEffect, useState, type RefObject } from 'react';

/** Channels summed over RGB past this count as a changed pixel (codec noise stays below it). */
const THRESHOLD = 48;
const SAMPLE_WIDTH = 160;

/**
 * The share of pixels that differ between the two players' current frames, sampled at a small
 * size on canvases. Null while unknown, or when the browser will not let the page read the frames
 * (a tainted canvas); the difference view itself does not depend on it.
 */
export function useChangedPixels(a: RefObject<HTMLVideoElement | null>, b: RefObject<HTMLVideoElement | null>, active: boolean): number | null {
  const [share, setShare] = useState<number | null>(null);
  useEffect(() => {
    const va = a.current;
    const vb = b.current;
    if (!active || !va || !vb) return;
    const w = SAMPLE_WIDTH;
    const h = Math.max(1, Math.round((SAMPLE_WIDTH * (va.videoHeight || 9)) / (va.videoWidth || 16)));
    const ca = document.createElement('canvas');
    const cb = document.createElement('canvas');
    ca.width = cb.width = w;
    ca.height = cb.height = h;
    const xa = ca.getContext('2d', { willReadFrequently: true });
    const xb = cb.getContext('2d', { willReadFrequently: true });
    let broken = false;
    const measure = () => {
      if (broken || !xa || !xb || va.readyState < 2 || vb.readyState < 2) return;
      try {
        xa.drawImage(va, 0, 0, w, h);
        xb.drawImage(vb, 0, 0, w, h);
        const da = xa.getImageData(0, 0, w, h).data;
        const db = xb.getImageData(0, 0, w, h).data;
        let changed = 0;
        for (let i = 0; i < da.length; i += 4) {
          const d = Math.abs((da[i] ?? 0) - (db[i] ?? 0)) + Math.abs((da[i + 1] ?? 0) - (db[i + 1] ?? 0)) + Math.abs((da[i + 2] ?? 0) - (db[i + 2] ?? 0));
          if (d > THRESHOLD) changed++;
        }
        setShare(changed / (w * h));
      } catch {
        broken = true;
        setShare(null);
      }
    };
    measure();
    const events = ['seeked', 'loadeddata', 'pause'];
    for (const ev of events) {
      va.addEventListener(ev, measure);
      vb.addEventListener(ev, measure);
    }
    const timer = setInterval(() => {
      if (!va.paused) measure();
    }, 400);
    return () => {
      clearInterval(timer);
      for (const ev of events) {
        va.removeEventListener(ev, measure);
        vb.removeEventListener(ev, measure);
      }
    };
  }, [a, b, active]);
  return active ? share : null;
}

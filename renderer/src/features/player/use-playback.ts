import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

export const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2] as const;

export interface Playback {
  time: number;
  duration: number;
  playing: boolean;
  loop: boolean;
  rate: number;
  fps: number;
  toggle(): void;
  pause(): void;
  seek(t: number): void;
  /** Moves by whole frames (±1) at the render's fps, paused: currentTime ± n/fps. */
  step(frames: number): void;
  setLoop(loop: boolean): void;
  setRate(rate: number): void;
  /** Space, ←/→ and L for the element holding the player; F is handled by the caller (fullscreen). */
  onKeyDown(e: KeyboardEvent): boolean;
}

/**
 * One playhead for one or more <video> elements. The first is the master: the others follow it
 * (A/B compare), re-seeked when they drift more than a few frames and nudged by playback rate
 * for smaller drift while playing, and set to exactly the master's time whenever it stops.
 */
export function usePlayback(refs: RefObject<HTMLVideoElement | null>[], fps: number, durationHint: number | null): Playback {
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState(durationHint ?? 0);
  const [playing, setPlaying] = useState(false);
  const [loop, setLoopState] = useState(false);
  const [rate, setRateState] = useState(1);
  const rateRef = useRef(1);
  const refsRef = useRef(refs);
  refsRef.current = refs;

  const videos = useCallback((): HTMLVideoElement[] => refsRef.current.map((r) => r.current).filter((v): v is HTMLVideoElement => !!v), []);

  const alignFollowers = useCallback(() => {
    const [master, ...rest] = videos();
    if (!master) return;
    for (const v of rest) {
      v.playbackRate = rateRef.current;
      if (Math.abs(v.currentTime - master.currentTime) > 1e-4) v.currentTime = master.currentTime;
    }
  }, [videos]);

  // Master events drive the displayed state.
  const masterRef = refs[0];
  useEffect(() => {
    const master = masterRef?.current;
    if (!master) return;
    const onTime = () => setTime(master.currentTime);
    const onMeta = () => {
      if (Number.isFinite(master.duration) && master.duration > 0) setDuration(master.duration);
    };
    const onPlay = () => setPlaying(true);
    const onPause = () => {
      setPlaying(false);
      for (const v of videos().slice(1)) v.pause();
      alignFollowers();
      setTime(master.currentTime);
    };
    const onSeeked = () => {
      setTime(master.currentTime);
      if (master.paused) alignFollowers();
    };
    // A follower's play() may resolve after the master paused (it was asked to catch up while playing):
    // it must not run on alone, so it is stopped and put back on the master's frame.
    const followers = videos().slice(1);
    const onFollowerPlay = (e: Event) => {
      if (!master.paused) return;
      const v = e.target as HTMLVideoElement;
      v.pause();
      v.currentTime = master.currentTime;
    };
    for (const v of followers) v.addEventListener('playing', onFollowerPlay);
    master.addEventListener('timeupdate', onTime);
    master.addEventListener('loadedmetadata', onMeta);
    master.addEventListener('durationchange', onMeta);
    master.addEventListener('play', onPlay);
    master.addEventListener('pause', onPause);
    master.addEventListener('seeked', onSeeked);
    onMeta();
    return () => {
      master.removeEventListener('timeupdate', onTime);
      master.removeEventListener('loadedmetadata', onMeta);
      master.removeEventListener('durationchange', onMeta);
      master.removeEventListener('play', onPlay);
      master.removeEventListener('pause', onPause);
      master.removeEventListener('seeked', onSeeked);
      for (const v of followers) v.removeEventListener('playing', onFollowerPlay);
    };
    // The refs are stable objects whose elements are attached before effects run; callers key the
    // player by the media it shows, so a new video element means a new hook instance.
  }, [alignFollowers, videos, masterRef]);

  // While playing: a smooth clock for the display and drift correction for followers.
  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    const tick = () => {
      const [master, ...rest] = videos();
      if (master) {
        setTime(master.currentTime);
        for (const v of rest) {
          const drift = v.currentTime - master.currentTime;
          if (Math.abs(drift) > 0.25) v.currentTime = master.currentTime;
          else if (Math.abs(drift) > 0.5 / fps) v.playbackRate = rateRef.current * (drift > 0 ? 0.9 : 1.1);
          else v.playbackRate = rateRef.current;
          if (v.paused && !master.paused) void v.play().catch(() => undefined);
        }
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, fps, videos]);

  const pause = useCallback(() => {
    for (const v of videos()) v.pause();
    alignFollowers();
  }, [videos, alignFollowers]);

  const toggle = useCallback(() => {
    const all = videos();
    const master = all[0];
    if (!master) return;
    if (master.paused) {
      if (master.ended) for (const v of all) v.currentTime = 0;
      alignFollowers();
      for (const v of all) void v.play().catch(() => undefined);
    } else pause();
  }, [videos, alignFollowers, pause]);

  const seek = useCallback(
    (t: number) => {
      const all = videos();
      const master = all[0];
      if (!master) return;
      const max = Number.isFinite(master.duration) ? master.duration : duration;
      const clamped = Math.min(Math.max(0, t), max || t);
      for (const v of all) v.currentTime = clamped;
      setTime(clamped);
    },
    [videos, duration],
  );

  const step = useCallback(
    (frames: number) => {
      const master = videos()[0];
      if (!master) return;
      for (const v of videos()) v.pause();
      seek(master.currentTime + frames / fps);
    },
    [videos, seek, fps],
  );

  const setLoop = useCallback(
    (l: boolean) => {
      for (const v of videos()) v.loop = l;
      setLoopState(l);
    },
    [videos],
  );

  const setRate = useCallback(
    (r: number) => {
      rateRef.current = r;
      for (const v of videos()) v.playbackRate = r;
      setRateState(r);
    },
    [videos],
  );

  const onKeyDown = useCallback(
    (e: KeyboardEvent): boolean => {
      const target = e.target as HTMLElement;
      const tag = target.tagName;
      if (tag === 'SELECT' || (tag === 'INPUT' && (target as HTMLInputElement).type !== 'range') || tag === 'TEXTAREA') return false;
      if (e.ctrlKey || e.metaKey || e.altKey) return false;
      if (e.key === ' ' && tag !== 'BUTTON') {
        toggle();
      } else if (e.key === 'ArrowRight') {
        step(1);
      } else if (e.key === 'ArrowLeft') {
        step(-1);
      } else if (e.key === 'l' || e.key === 'L') {
        setLoop(!videos()[0]?.loop);
      } else return false;
      e.preventDefault();
      return true;
    },
    [toggle, step, setLoop, videos],
  );

  return { time, duration, playing, loop, rate, fps, toggle, pause, seek, step, setLoop, setRate, onKeyDown };
}

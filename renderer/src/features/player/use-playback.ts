import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { actionFor } from '../../lib/actions';

/** The transport's actions, from the action table (note and fullscreen belong to the player around it). */
const PLAYER_KEYS = ['player.play', 'player.step', 'player.loop', 'player.shuttle', 'player.ends', 'player.in-out', 'player.go-in-out'];

export const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 4] as const;
/** J/L shuttle speeds: each press of the same key doubles, as in every editor. */
export const SHUTTLE_MAX = 4;

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
  /** J/K/L: −1 reverse, 0 stop, +1 forward; the same direction again doubles the speed (to 4×). */
  shuttle(direction: -1 | 0 | 1): void;
  /** Speed and direction of the shuttle: negative while playing backwards, 0 when stopped. */
  shuttleSpeed: number;
  /** In and out points (seconds), or null; playback stops at the out point, loops between them. */
  inPoint: number | null;
  outPoint: number | null;
  setIn(t: number | null): void;
  setOut(t: number | null): void;
  /** Space, ←/→, J/K/L, Home/End, I/O (Shift: go to), Shift+L loop; F is the caller's (fullscreen). */
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
  const [reverse, setReverse] = useState(0);
  const [inPoint, setInPoint] = useState<number | null>(null);
  const [outPoint, setOutPoint] = useState<number | null>(null);
  const pointsRef = useRef<{ inPoint: number | null; outPoint: number | null; loop: boolean }>({ inPoint: null, outPoint: null, loop: false });
  pointsRef.current = { inPoint, outPoint, loop };
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
        // In/out points: at the out point playback loops back to the in point, or stops on it.
        const pts = pointsRef.current;
        const start = pts.inPoint ?? 0;
        if (pts.outPoint !== null && master.currentTime >= pts.outPoint) {
          if (pts.loop) for (const v of videos()) v.currentTime = start;
          else {
            for (const v of videos()) {
              v.pause();
              v.currentTime = pts.outPoint;
            }
          }
        } else if (pts.loop && pts.inPoint !== null && master.currentTime < pts.inPoint) {
          for (const v of videos()) v.currentTime = start;
        }
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

  // Reverse play (J): <video> has no negative rate, so the playhead is moved back each frame.
  useEffect(() => {
    if (reverse <= 0) return;
    let raf = 0;
    let last = performance.now();
    const tick = (now: number) => {
      const all = videos();
      const master = all[0];
      if (!master) return;
      const floor = pointsRef.current.inPoint ?? 0;
      const t = Math.max(floor, master.currentTime - ((now - last) / 1000) * reverse);
      last = now;
      for (const v of all) v.currentTime = t;
      setTime(t);
      if (t <= floor) {
        setReverse(0);
        return;
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [reverse, videos]);

  const pause = useCallback(() => {
    setReverse(0);
    for (const v of videos()) v.pause();
    alignFollowers();
  }, [videos, alignFollowers]);

  const toggle = useCallback(() => {
    const all = videos();
    const master = all[0];
    if (!master) return;
    if (master.paused) {
      setReverse(0);
      const pts = pointsRef.current;
      if (master.ended || (pts.outPoint !== null && master.currentTime >= pts.outPoint - 1e-3)) for (const v of all) v.currentTime = pts.inPoint ?? 0;
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

  const shuttle = useCallback(
    (direction: -1 | 0 | 1) => {
      const all = videos();
      const master = all[0];
      if (!master) return;
      if (direction === 0) return pause();
      if (direction < 0) {
        for (const v of all) v.pause();
        setReverse((r) => (r > 0 ? Math.min(SHUTTLE_MAX, r * 2) : 1));
        return;
      }
      setReverse(0);
      const next = !master.paused && rateRef.current >= 1 ? Math.min(SHUTTLE_MAX, rateRef.current * 2) : 1;
      rateRef.current = next;
      for (const v of all) v.playbackRate = next;
      setRateState(next);
      if (master.paused) {
        const pts = pointsRef.current;
        if (master.ended || (pts.outPoint !== null && master.currentTime >= pts.outPoint - 1e-3)) for (const v of all) v.currentTime = pts.inPoint ?? 0;
        alignFollowers();
        for (const v of all) void v.play().catch(() => undefined);
      }
    },
    [videos, pause, alignFollowers],
  );

  const lastFrameTime = useCallback(() => {
    const master = videos()[0];
    const d = master && Number.isFinite(master.duration) ? master.duration : duration;
    // The start of the last frame: seeking to the duration itself shows nothing in some decoders.
    return Math.max(0, Math.floor(d * fps - 1e-3) / fps);
  }, [videos, duration, fps]);

  const setIn = useCallback((t: number | null) => {
    setInPoint(t);
    if (t !== null) setOutPoint((o) => (o !== null && o <= t ? null : o));
  }, []);
  const setOut = useCallback((t: number | null) => {
    setOutPoint(t);
    if (t !== null) setInPoint((i) => (i !== null && i >= t ? null : i));
  }, []);

  const onKeyDown = useCallback(
    (e: KeyboardEvent): boolean => {
      const target = e.target as HTMLElement;
      const tag = target.tagName;
      if (tag === 'SELECT' || (tag === 'INPUT' && (target as HTMLInputElement).type !== 'range') || tag === 'TEXTAREA') return false;
      const act = actionFor(e, PLAYER_KEYS);
      const key = e.key.toLowerCase();
      const master = videos()[0];
      if (act === 'player.play' && tag !== 'BUTTON') {
        toggle();
      } else if (act === 'player.step') {
        step(key === 'arrowright' ? 1 : -1);
      } else if (act === 'player.loop') {
        setLoop(!master?.loop);
      } else if (act === 'player.shuttle') {
        shuttle(key === 'l' ? 1 : key === 'k' ? 0 : -1);
      } else if (act === 'player.ends') {
        pause();
        seek(key === 'home' ? 0 : lastFrameTime());
      } else if (act === 'player.in-out') {
        if (master) (key === 'i' ? setIn : setOut)(master.currentTime);
      } else if (act === 'player.go-in-out') {
        const at = key === 'i' ? pointsRef.current.inPoint : pointsRef.current.outPoint;
        if (at !== null) seek(at);
      } else return false;
      e.preventDefault();
      return true;
    },
    [toggle, step, setLoop, videos, shuttle, pause, seek, lastFrameTime, setIn, setOut],
  );

  return {
    time, duration, playing, loop, rate, fps, toggle, pause, seek, step, setLoop, setRate, onKeyDown,
    shuttle, shuttleSpeed: reverse > 0 ? -reverse : playing ? rate : 0, inPoint, outPoint, setIn, setOut,
  };
}

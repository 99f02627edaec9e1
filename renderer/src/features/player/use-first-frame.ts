import { useEffect, useState, type RefObject } from 'react';

/** HTMLMediaElement.HAVE_CURRENT_DATA (not every DOM the tests run in defines the constant). */
const HAVE_CURRENT_DATA = 2;

/**
 * Whether a media element shows its own first frame yet, for dropping a poster taken elsewhere in
 * the clip. Listening for loadeddata is not enough: React drops events that reach an element before
 * its tree is committed (see useMediaProblemCheck), and a source that loads at once (a small render
 * from the local host) had its loadeddata then — the poster stayed for good (caught twice in the
 * player e2e). So the element is also asked itself, at mount and whenever the source changes.
 */
export function useFirstFrame(video: RefObject<HTMLMediaElement | null>, src: string | null | undefined): { hasFrame: boolean; onLoadedData(): void } {
  const [hasFrame, setHasFrame] = useState(false);
  useEffect(() => {
    setHasFrame((video.current?.readyState ?? 0) >= HAVE_CURRENT_DATA);
  }, [video, src]);
  return { hasFrame, onLoadedData: () => setHasFrame(true) };
}

import type { DiffSide } from '../../../../shared/models';

/**
 * Two versions to compare, as the compare view shows them: the sides, their labels, and the renders
 * made from each (for the render comparison). The timeline and the renders tab both open one.
 */
export interface DiffPair {
  a: DiffSide;
  b: DiffSide;
  aLabel: string;
  bLabel: string;
  aRenderIds: string[];
  bRenderIds: string[];
}

/** Both sides are one checkpoint (two renders of it compared): nothing in the input differs, by construction. */
export function sameCheckpoint(pair: DiffPair): boolean {
  return 'checkpointId' in pair.a && 'checkpointId' in pair.b && pair.a.checkpointId === pair.b.checkpointId;
}

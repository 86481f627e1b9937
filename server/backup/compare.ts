// Where a backup stands against the convention in place, from their hash chains
// (fingerprint.ts, chainLinks): the usual handover brings a copy that extends the one in place.

import type { RestorePlan, Standing } from '../../shared/backup.ts';

export type Comparison = Pick<RestorePlan, 'standing' | 'placeEvents' | 'copyEvents' | 'common'>;

export function compareLogs(place: readonly string[] | null, copy: readonly string[]): Comparison {
  const copyEvents = copy.length - 1;
  if (!place) return { standing: 'absent', placeEvents: 0, copyEvents, common: 0 };
  const placeEvents = place.length - 1;
  const shorter = Math.min(placeEvents, copyEvents);
  let common: number;
  if (place[shorter] === copy[shorter]) common = shorter;
  else {
    // Diverged: find where (links agree up to the fork, and differ after it).
    let low = 0;
    let high = shorter;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (place[mid] === copy[mid]) low = mid;
      else high = mid - 1;
    }
    common = low;
  }
  const standing: Standing = common < shorter ? 'diverged' : placeEvents === copyEvents ? 'identical' : copyEvents > placeEvents ? 'newer' : 'older';
  return { standing, placeEvents, copyEvents, common };
}

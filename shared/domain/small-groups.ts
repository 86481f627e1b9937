import type { Convention } from './types.ts';

// k, the size under which a group's count is never shown, exported or stored on its own: a
// table of three agreeing, or a batch of two ballots written together, would tell each
// member's choice. One place for the rule's number and for the one function every view and
// export splits subgroups with (docs/methods.md, "Small groups").

export const DEFAULT_SMALL_GROUP_MIN = 5;
/** The bounds the facilitator may set k within (convention.setSmallGroupMin). */
export const SMALL_GROUP_MIN_RANGE = { min: 2, max: 20 } as const;

export function smallGroupMin(conv: Pick<Convention, 'smallGroupMin'>): number {
  return conv.smallGroupMin ?? DEFAULT_SMALL_GROUP_MIN;
}

/** One subgroup (a table, a group) and how many answers it holds. */
export interface GroupSize {
  id: string;
  size: number;
  /** Never shown on its own, only ever inside the merged bucket (answers without a table). */
  pooled?: boolean;
}

/** How the subgroups of one count are published. */
export interface SmallGroupSplit {
  /** Groups shown with their own counts, each of at least k answers, in the order given. */
  shown: string[];
  /**
   * Groups counted together in one bucket of at least k answers ("other tables"), in the order
   * given; empty when there is none. Holds every group under k, and the smallest others when
   * those alone would make fewer than k.
   */
  merged: string[];
  /**
   * Groups with answers that are never counted, not even together: the whole count is under k,
   * so no bucket can reach it (each is shown as "fewer than k answers", without a number).
   * Non-empty only when `shown` and `merged` are empty.
   */
  hidden: string[];
}

/**
 * Splits subgroups so that no published number tells fewer than k answers, not even by
 * subtraction: every shown group has at least k answers, the merged bucket too (or is empty),
 * so the room's total minus any set of published groups is again 0 or at least k. Groups under
 * k (and pooled ones) go to the bucket; when the bucket holds between 1 and k − 1 answers, the
 * smallest shown group joins it (ties: the first given). If even every group together is under
 * k, nothing is counted per group. Groups without answers are left out of all three lists.
 * Pure and deterministic: the same sizes in the same order give the same split.
 */
export function splitSmallGroups(groups: readonly GroupSize[], k: number): SmallGroupSplit {
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError(`k must be a positive integer (got ${String(k)})`);
  const answered = groups.filter((g) => {
    if (!Number.isSafeInteger(g.size) || g.size < 0) throw new RangeError(`group ${JSON.stringify(g.id)}: size must be a non-negative integer (got ${String(g.size)})`);
    return g.size > 0;
  });
  const shown = answered.filter((g) => !g.pooled && g.size >= k);
  const bucket = new Set(answered.filter((g) => !shown.includes(g)));
  let bucketSize = [...bucket].reduce((n, g) => n + g.size, 0);
  if (bucketSize > 0 && bucketSize < k && shown.length > 0) {
    // The smallest shown group (the first given among equals): being of k or more, it is enough.
    const smallest = shown.reduce((min, g) => (g.size < min.size ? g : min));
    shown.splice(shown.indexOf(smallest), 1);
    bucket.add(smallest);
    bucketSize += smallest.size;
  }
  const inOrder = answered.filter((g) => bucket.has(g)).map((g) => g.id);
  const tooFew = bucketSize > 0 && bucketSize < k;
  return { shown: shown.map((g) => g.id), merged: tooFew ? [] : inOrder, hidden: tooFew ? inOrder : [] };
}
